"""The demo clinic's fixed data: the accounts, the passphrase words and a dozen fictional
clients with their intakes, goals, sessions and homework schedule."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from clinic.auth.models import Role
from clinic.clients.intake import empty_intake
from clinic.clients.models import Attendance, GoalStatus
from clinic.homework.models import AssignmentStatus

DEMO_DOMAIN = "@demo.clinic"
ANA = "ana@demo.clinic"
BEN = "ben@demo.clinic"
ADMIN = "admin@demo.clinic"
# In the order the logins are printed.
DEMO_USERS = (
    (ANA, "Ana Ruiz", Role.THERAPIST),
    (BEN, "Ben Okafor", Role.THERAPIST),
    (ADMIN, "Clinic Admin", Role.ADMIN),
)
RANDOM_SEED = 2026
PASSPHRASE_LENGTH = 5  # words; 5 from 256 is 40 bits, against an argon2id hash and lock-out
INTAKE_REVISION_WEEKS = 3  # between successive intake versions

PASSPHRASE_WORDS = """
acorn amber anchor apple apron arbor arrow aspen atlas autumn badge bagel bamboo banjo barley
basil beacon beetle berry birch biscuit blossom bluff bonnet bramble branch breeze brick bridge
brook bucket buckle butter button cabin cactus camel candle canoe canyon carbon cargo carpet
carrot castle cedar cellar cherry chestnut chime cider cinder citrus clover cobalt cocoa comet
copper coral cotton cradle crane crater cricket crystal cumin daisy dawn delta denim desert
dolphin domino dune eagle easel ember engine fable falcon feather fennel fern ferry fiddle flint
forest fossil fountain garden garnet gazelle ginger glacier glider gravel grove guitar hammock
harbor harvest hazel heron hickory honey horizon husky igloo indigo island ivory jacket jasmine
jigsaw juniper kayak kettle kiwi koala ladder lagoon lantern larch lemon lilac linen lizard
lobster locket lotus magnet mango maple marble meadow melon mint mitten monsoon mosaic moss
muffin mural nectar nutmeg oasis ocean olive onion opal orbit orchard otter oyster paddle panda
paper parcel pebble pepper piano pigeon pillow pine planet plum pocket pollen poppy prairie
pumpkin quartz quill rabbit radish raft raisin raven reef ribbon ridge river robin rocket saddle
saffron sail salmon satin sequoia shadow shell shore silver sketch sleet slope sonnet sparrow
spruce squash stone straw summit sunset swan tablet tango teapot thistle thunder thyme tiger
timber tulip tundra turnip valley velvet violet walnut walrus willow window winter yarrow zebra
zephyr alder badger beech bison bloom brass cape cloud coast cove creek crow dove drum elm fjord
flame frost gale glade grain hawk heath hill kite lake lark leaf
""".split()  # noqa: SIM905 (a word list reads best as text)

SESSION_WEIGHTS = {Attendance.ATTENDED: 17, Attendance.CANCELLED: 2, Attendance.NO_SHOW: 1}
ATTENDED_MINUTES = {50: 8, 60: 1, 30: 1}
SESSION_NOTES = {
    Attendance.ATTENDED: (
        "Reviewed last week's homework. Client named two moments of suspicion and weighed each "
        "against the evidence.",
        "Explored where the urge to pull away comes from; linked it to earlier times of being "
        "let down.",
        "Practised a balanced thought for a recurring worry; client believes it about halfway.",
        "Planned one small trust step for the coming week and wrote down a prediction.",
        "Client arrived tense after a hard week. Focused on grounding and what has helped before.",
        "Went through a thought record together; client spotted a habit of assuming the worst.",
        "Talked about boundaries: which ones keep people out and which keep the client safe.",
        "Client followed through on a small risk and it went better than predicted.",
        "Reviewed progress on goals; client notices fewer evenings lost to going over things.",
        "Psychoeducation on how past betrayal shapes present reactions; client found it "
        "validating.",
        "Role-played saying a need out loud instead of checking. Awkward at first, then easier.",
        "Steadier this week. Chose self-compassion homework for the days that feel slow.",
    ),
    Attendance.CANCELLED: (
        "Cancelled by the client the day before (work); rebooked for next week.",
        "Client cancelled, unwell. Sent the homework sheet by email.",
        "Cancelled by the therapist; the client was offered another slot.",
    ),
    Attendance.NO_SHOW: (
        "Did not attend. Sent a short check-in message; client replied and confirmed next week.",
        "No-show. Client later said they had mixed up the day.",
    ),
}
# Where each assignment in a client's homework schedule ends up: "r" is reviewed with a note for
# the therapist only, "R" reviewed with a comment shared with the client. Open ones set before
# last week are overdue.
HOMEWORK_STATUSES = {
    "a": AssignmentStatus.ASSIGNED,
    "p": AssignmentStatus.IN_PROGRESS,
    "s": AssignmentStatus.SUBMITTED,
    "r": AssignmentStatus.REVIEWED,
    "R": AssignmentStatus.REVIEWED,
    "c": AssignmentStatus.CANCELLED,
}
# Each questionnaire's total at the first session and at the latest, by course; totals in
# between move evenly with a little noise. Improving: PHQ-9 and GAD-7 fall by more than their
# reliable-change thresholds (6 and 4) and out of caseness; deteriorating: they rise past them;
# flat: they stay within them. The trust check-in (higher is better) moves the other way.
MEASURE_COURSES = {
    "improving": {"phq-9": (17, 7), "gad-7": (14, 6), "trust-check-in": (16, 36)},
    "flat": {"phq-9": (11, 12), "gad-7": (9, 9), "trust-check-in": (24, 25)},
    "deteriorating": {"phq-9": (8, 16), "gad-7": (7, 13), "trust-check-in": (30, 17)},
}
# How often each questionnaire is taken, in weeks (PHQ-9 and GAD-7 in session, the check-in
# by link), and how far a total may stray from its course.
MEASURE_EVERY = {"phq-9": 2, "gad-7": 2, "trust-check-in": 1}
MEASURE_JITTER = {"phq-9": 1, "gad-7": 1, "trust-check-in": 2}
# How a goal's 0-10 rating moves from one rating to the next.
TREND_STEPS = {"up": (0, 1, 1, 2), "flat": (-1, 0, 0, 1), "down": (-2, -1, -1, 0)}


@dataclass(frozen=True)
class GoalPlan:
    description: str
    trend: str  # a key of TREND_STEPS
    first_score: int
    status: GoalStatus = GoalStatus.OPEN
    # Ratings stop, and a met or dropped goal is closed, this many weeks ago.
    closed_weeks_ago: int = 0


@dataclass(frozen=True)
class ClientPlan:
    therapist: str  # one of the demo therapists' emails
    preferred_name: str
    full_name: str
    pronouns: str
    weeks: int  # since referral; sessions are weekly from a week after it
    intakes: tuple[dict[str, Any], ...] = ()  # successive versions, oldest first
    goals: tuple[GoalPlan, ...] = ()
    date_of_birth: date | None = None
    email: str | None = None
    discharged: tuple[int, str] | None = None  # (weeks ago, reason)
    # The homework set at each weekly session, one word per session, oldest first, one letter
    # per assignment (HOMEWORK_STATUSES) or "-" for none. Its numbers follow the first goal's
    # trend.
    homework: str = ""
    # Exercises the therapist leans on, when the intake suggests them (the trends of issue 6
    # read experiments, safe-risk steps and "say it instead of checking").
    favoured: tuple[str, ...] = ()
    # How the client's questionnaires move over the course: a key of MEASURE_COURSES.
    measures: str | None = None


def _intake(**fields: Any) -> dict[str, Any]:
    """An intake document: the empty one with these fields filled in.

    Lists are written in taxonomy order, as the intake form saves them.
    """
    return {**empty_intake(), **fields}


def _origin(item_id: str, note: str, began: str) -> dict[str, str]:
    return {"id": item_id, "note": note, "began": began}


NO_RISK = {"risk": False, "plan": ""}

JO_FIRST = _intake(
    reason="Self-referred after her partner said her checking was wearing the relationship down.",
    origins=[_origin("relationship-betrayal", "A former partner hid another relationship", "2019")],
    signs={"checking-phone-social-media": "often", "over-analysing-conversations": "often"},
    impact={"emotional-mental-health": 3, "romantic-relationships": 4},
    effects=["anxiety", "overthinking"],
    relationships=["romantic"],
)
JO_SECOND = {
    **JO_FIRST,
    "origins": [
        *JO_FIRST["origins"],
        _origin("low-self-esteem", "Expects to be found not good enough", "since school"),
    ],
    "signs": {
        **JO_FIRST["signs"],
        "disbelieving-compliments": "almost_always",
        "fear-of-abandonment": "often",
    },
    "impact": {**JO_FIRST["impact"], "friendships-social-life": 1, "everyday-peace-decisions": 3},
    "effects": ["anxiety", "overthinking", "relationship-conflict"],
    "relationships": ["romantic", "friends"],
    "strengths": "Close to her sister. Runs twice a week. Curious about her own patterns.",
    "safety": NO_RISK,
    "client_goals": "To stop feeling like a detective in my own relationship.",
}
JO_THIRD = {
    **JO_SECOND,
    "origins": [
        _origin("inconsistent-caregiving", "Father came and went without warning", "age 6 to 12"),
        *JO_SECOND["origins"],
    ],
    "signs": {**JO_SECOND["signs"], "checking-phone-social-media": "sometimes"},
    "impact": {**JO_SECOND["impact"], "romantic-relationships": 3},
}

CLIENTS = (
    ClientPlan(
        therapist=ANA,
        preferred_name="Jo",
        full_name="Joanna Whitfield",
        pronouns="she/her",
        weeks=12,
        homework="R rR r Rc R rR R Rr p Rs s a",
        favoured=("small-trust-step", "say-it-instead-of-checking"),
        measures="improving",
        date_of_birth=date(1988, 3, 14),
        email="jo.whitfield@example.org",
        intakes=(JO_FIRST, JO_SECOND, JO_THIRD),
        goals=(
            GoalPlan("Tell my partner when I feel the urge to check, instead of checking", "up", 2),
            GoalPlan("Accept a compliment without arguing with it, three times a week", "up", 3),
        ),
    ),
    ClientPlan(
        therapist=ANA,
        preferred_name="Sam",
        full_name="Samuel Adeyemi",
        pronouns="he/him",
        weeks=7,
        homework="R r Rc R r s pa",
        date_of_birth=date(1996, 11, 2),
        intakes=(
            _intake(
                reason="Referred by his GP after his engagement ended; low mood and withdrawal.",
                origins=[
                    _origin("relationship-betrayal", "Engagement ended by message", "this year"),
                    _origin("abandonment-attachment-wounds", "His mother left the family", "age 9"),
                ],
                signs={
                    "withdrawal-avoiding-commitment": "often",
                    "over-dependence": "sometimes",
                    "becoming-distant": "often",
                    "fear-of-abandonment": "almost_always",
                },
                impact={
                    "emotional-mental-health": 4,
                    "romantic-relationships": 3,
                    "family-relationships": 2,
                    "friendships-social-life": 3,
                    "work-professional": 2,
                    "everyday-peace-decisions": 3,
                },
                effects=["isolation", "anxiety", "loneliness", "low-mood"],
                relationships=["romantic", "family", "friends"],
                strengths="Loyal friend from university. Plays five-a-side football on Sundays.",
                safety={
                    "risk": True,
                    "plan": "Passing thoughts of self-harm since the break-up; no intent, plan "
                    "or means. Agreed: call the crisis line or his brother when thoughts grow "
                    "stronger, keep alcohol out of the flat. GP informed with his consent. "
                    "Reviewed at every session.",
                },
                client_goals="Get through a week without feeling like everyone will leave.",
            ),
        ),
        goals=(
            GoalPlan("Use the safety plan early, before things feel unmanageable", "up", 3),
            GoalPlan("See one friend in person each week", "up", 2),
        ),
    ),
    ClientPlan(
        therapist=ANA,
        preferred_name="Priya",
        full_name="Priya Raman",
        pronouns="she/her",
        weeks=3,
        homework="R s a",
        email="priya.raman@example.org",
        intakes=(
            _intake(
                reason="Referred by occupational health after time off with work stress.",
                origins=[
                    _origin("workplace-betrayal", "Manager took credit for her project", "2023"),
                ],
                signs={
                    "over-analysing-conversations": "almost_always",
                    "becoming-distant": "sometimes",
                    "controlling-behaviour": "sometimes",
                },
                impact={"emotional-mental-health": 3, "work-professional": 4},
                effects=["overthinking", "burnout", "perfectionism"],
                relationships=["work"],
            ),
        ),
        goals=(GoalPlan("Share a piece of work with one colleague before it is perfect", "up", 2),),
    ),
    ClientPlan(
        therapist=ANA,
        preferred_name="Tom",
        full_name="Tomasz Nowak",
        pronouns="he/him",
        weeks=0,
        email="tomasz.nowak@example.org",
    ),
    ClientPlan(
        therapist=ANA,
        preferred_name="Elena",
        full_name="Elena Vasquez",
        pronouns="she/her",
        weeks=12,
        homework="R r r R r Rc R a R r s p",
        favoured=("say-it-instead-of-checking",),
        measures="flat",
        date_of_birth=date(1979, 6, 30),
        intakes=(
            _intake(
                reason="Couples counsellor suggested individual work on suspicion and arguments.",
                origins=[
                    _origin("family-betrayal-exposure", "Knew of her father's affairs", "teens"),
                    _origin("cultural-social-messages", "'Men always cheat', at home", "child"),
                ],
                signs={
                    "checking-phone-social-media": "often",
                    "snooping": "sometimes",
                    "testing-boundaries": "sometimes",
                    "picking-fights": "often",
                },
                impact={
                    "emotional-mental-health": 2,
                    "romantic-relationships": 3,
                    "family-relationships": 2,
                    "everyday-peace-decisions": 2,
                },
                effects=["anxiety", "overthinking", "relationship-conflict"],
                relationships=["romantic", "family"],
                strengths="Twenty years married; both want it to work. Warm with her children.",
                safety=NO_RISK,
                client_goals="Argue less and ask more.",
            ),
        ),
        goals=(
            GoalPlan("Notice the urge to start an argument and name the feeling", "flat", 4),
            GoalPlan("Go a week without looking through my husband's things", "up", 3),
        ),
    ),
    ClientPlan(
        therapist=ANA,
        preferred_name="Kit",
        full_name="Christopher Hale",
        pronouns="they/them",
        weeks=11,
        homework="R R rR R - R rR c R r pa",
        email="kit.hale@example.org",
        intakes=(
            _intake(
                reason="Self-referred: lonely since moving for work; hard to let people in.",
                origins=[
                    _origin("bullying-social-rejection", "Excluded and mocked", "age 12 to 16"),
                    _origin("low-self-esteem", "Assumes people are only being polite", "teens"),
                ],
                signs={
                    "disbelieving-compliments": "often",
                    "over-analysing-conversations": "sometimes",
                    "withdrawal-avoiding-commitment": "often",
                },
                impact={
                    "emotional-mental-health": 2,
                    "friendships-social-life": 3,
                    "work-professional": 1,
                },
                effects=["isolation", "loneliness", "guardedness-limiting-closeness"],
                relationships=["friends", "work"],
                strengths="Dry humour, a dog that needs walking, an online board-game group.",
                safety=NO_RISK,
                client_goals="Have one or two people I could call.",
            ),
        ),
        goals=(
            GoalPlan(
                "Join a group activity and go back a second time",
                trend="up",
                first_score=6,
                status=GoalStatus.MET,
                closed_weeks_ago=2,
            ),
            GoalPlan("Reply to friends' messages within a day rather than avoiding them", "up", 3),
        ),
    ),
    ClientPlan(
        therapist=ANA,
        preferred_name="Nadia",
        full_name="Nadia Haddad",
        pronouns="she/her",
        weeks=12,
        date_of_birth=date(1985, 1, 22),
        email="nadia.haddad@example.org",
        discharged=(
            3,
            "Goals met: she and her partner talk about money weekly and she uses the "
            "trust ladder on her own. Agreed she can come back at any time.",
        ),
        intakes=(
            _intake(
                reason="Rebuilding trust after her partner hid debts from her.",
                origins=[_origin("relationship-betrayal", "Debts hidden for two years", "2022")],
                signs={
                    "checking-phone-social-media": "often",
                    "over-analysing-conversations": "often",
                    "controlling-behaviour": "sometimes",
                },
                impact={
                    "emotional-mental-health": 2,
                    "romantic-relationships": 3,
                    "everyday-peace-decisions": 2,
                },
                effects=["anxiety", "overthinking", "relationship-conflict"],
                relationships=["romantic"],
                strengths="Organised, determined, supportive friends nearby.",
                safety=NO_RISK,
                client_goals="Trust him with the shared account again, step by step.",
            ),
        ),
        goals=(
            GoalPlan(
                "Agree a weekly money conversation with my partner and keep to it",
                trend="up",
                first_score=5,
                status=GoalStatus.MET,
                closed_weeks_ago=3,
            ),
        ),
    ),
    ClientPlan(
        therapist=ANA,
        preferred_name="Rosa",
        full_name="Rosalind Mbeki",
        pronouns="she/her",
        weeks=12,
        homework="R r R R r R r - c a r p",
        favoured=("small-trust-step",),
        measures="deteriorating",
        intakes=(
            _intake(
                reason="Self-referred after a run of friendships and relationships that ended "
                "badly.",
                origins=[
                    _origin("childhood-broken-promises", "Missed visits and birthdays", "age 7"),
                    _origin("unstable-home", "Moved school five times", "childhood"),
                ],
                signs={
                    "over-dependence": "often",
                    "fear-of-abandonment": "often",
                    "trusting-too-quickly": "often",
                },
                impact={
                    "emotional-mental-health": 3,
                    "romantic-relationships": 3,
                    "friendships-social-life": 3,
                    "everyday-peace-decisions": 2,
                },
                effects=["anxiety", "loneliness", "low-mood"],
                relationships=["romantic", "friends"],
                strengths="Generous, creative, keeps a journal. Good relationship with her aunt.",
                safety=NO_RISK,
                client_goals="Stop giving everything away in the first week.",
            ),
        ),
        goals=(
            GoalPlan("Get to know new people gradually before sharing personal things", "down", 6),
        ),
    ),
    ClientPlan(
        therapist=BEN,
        preferred_name="Marcus",
        full_name="Marcus Bell",
        pronouns="he/him",
        weeks=12,
        homework="R r R rc R - R r R rR s a",
        email="marcus.bell@example.org",
        intakes=(
            _intake(
                reason="Referred by his GP: exhausted, works every evening, checks all of his "
                "team's work.",
                origins=[
                    _origin("workplace-betrayal", "Business partner emptied their account", "2020"),
                    _origin("cultural-social-messages", "Taught to trust only family", "childhood"),
                ],
                signs={
                    "testing-boundaries": "sometimes",
                    "becoming-distant": "often",
                    "controlling-behaviour": "often",
                },
                impact={
                    "emotional-mental-health": 2,
                    "family-relationships": 2,
                    "work-professional": 4,
                    "everyday-peace-decisions": 3,
                },
                effects=["isolation", "burnout", "perfectionism", "guardedness-limiting-closeness"],
                relationships=["family", "work"],
                strengths="Built his business from nothing. Devoted father of two.",
                safety=NO_RISK,
                client_goals="Go home at six and not lie awake about work.",
            ),
        ),
        goals=(
            GoalPlan("Hand one task a week to the team without checking it twice", "up", 2),
            GoalPlan(
                "Get back in touch with his former business partner",
                trend="flat",
                first_score=3,
                status=GoalStatus.DROPPED,
                closed_weeks_ago=6,
            ),
        ),
    ),
    ClientPlan(
        therapist=BEN,
        preferred_name="Lena",
        full_name="Helena Fischer",
        pronouns="she/her",
        weeks=12,
        date_of_birth=date(1993, 9, 5),
        discharged=(
            5,
            "Moved to another city for work; referred to a therapist there with her consent.",
        ),
        intakes=(
            _intake(
                reason="Pulls away whenever a relationship gets serious.",
                origins=[
                    _origin("abandonment-attachment-wounds", "Father left suddenly", "age 5"),
                    _origin("fear-of-intimacy-or-loneliness", "Closeness feels like a trap", ""),
                ],
                signs={
                    "testing-boundaries": "sometimes",
                    "withdrawal-avoiding-commitment": "almost_always",
                    "becoming-distant": "often",
                },
                impact={"emotional-mental-health": 2, "romantic-relationships": 3},
                effects=["guardedness-limiting-closeness", "pushing-people-away"],
                relationships=["romantic"],
                strengths="Insightful; a close friend who is honest with her.",
                safety=NO_RISK,
                client_goals="Stay when I want to run.",
            ),
        ),
        goals=(GoalPlan("Tell a partner when I feel like leaving, before I go quiet", "up", 2),),
    ),
    ClientPlan(
        therapist=BEN,
        preferred_name="Aiko",
        full_name="Aiko Tanaka",
        pronouns="she/her",
        weeks=2,
        homework="s a",
        email="aiko.tanaka@example.org",
        intakes=(
            _intake(
                reason="Self-referred: cannot believe her new partner means what he says.",
                signs={
                    "checking-phone-social-media": "sometimes",
                    "disbelieving-compliments": "often",
                    "over-analysing-conversations": "often",
                },
                impact={"romantic-relationships": 2},
                relationships=["romantic"],
            ),
        ),
        goals=(GoalPlan("Write down what was said before deciding what it meant", "up", 3),),
    ),
    ClientPlan(
        therapist=BEN,
        preferred_name="Dev",
        full_name="Devendra Shah",
        pronouns="he/him",
        weeks=8,
        homework="r R - R r R s p",
        date_of_birth=date(1992, 8, 9),
        email="dev.shah@example.org",
        intakes=(
            _intake(
                reason="Referred by his psychiatrist for help with trust in friendships.",
                origins=[
                    _origin("childhood-trauma-neglect", "Often left to fend for himself", "age 8"),
                    _origin("diagnosed-condition", "PTSD, under psychiatric review", "2021"),
                ],
                signs={
                    "over-analysing-conversations": "often",
                    "becoming-distant": "sometimes",
                    "fear-of-abandonment": "sometimes",
                    "trusting-too-quickly": "rarely",
                },
                impact={
                    "emotional-mental-health": 3,
                    "friendships-social-life": 2,
                    "work-professional": 1,
                    "everyday-peace-decisions": 2,
                },
                effects=["anxiety", "overthinking", "guardedness-limiting-closeness"],
                relationships=["family", "friends"],
                strengths="Steady job he likes; close to his younger brother; climbs weekly.",
                safety=NO_RISK,
                client_goals="Feel safe enough to say no to friends without losing them.",
            ),
        ),
        goals=(
            GoalPlan("Say no to one request a week and see what happens", "up", 2),
            GoalPlan("Tell his brother one thing that is worrying him each week", "up", 4),
        ),
    ),
)
