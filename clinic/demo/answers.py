"""What the demo clients wrote in their homework and what their therapists wrote back.

Entirely fictional. Each exercise has answers that went well ("good") and answers from a hard
week ("hard"); the seed picks one whose mood matches the ratings it drew for that week and,
where it can, one about a relationship the client's intake names. Ratings (0-10 and 0-100
scales) and log dates are filled in by the seed, so they can follow the client's trend.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Answer:
    mood: str  # "good" or "hard"
    about: tuple[str, ...]  # the intake relationships it fits; empty for any client
    values: dict[str, Any]  # field id -> answer, without scales and log dates


def _rows(columns: tuple[str, ...], *rows: tuple[str, ...]) -> list[dict[str, str]]:
    """Log rows from tuples in column order; a short tuple leaves the last columns empty."""
    return [dict(zip(columns, row, strict=False)) for row in rows]


def _rungs(*steps: str) -> list[dict[str, str]]:
    return [{"step": step} for step in steps]


def _i(when: str, felt: str, ask: str) -> dict[str, str]:
    return {"when": when, "felt": felt, "ask": ask}


COMPLIMENT_COLUMNS = ("compliment", "dismissal", "accepting")
PROMISE_COLUMNS = ("who", "promised", "felt")

ANSWERS: dict[str, tuple[Answer, ...]] = {
    "small-trust-step": (
        Answer(
            "good",
            ("friends",),
            {
                "belief": "If I tell a friend I'm struggling, she'll think I'm needy and back off.",
                "step": "Tell Hannah over coffee on Saturday that work has been worrying me.",
                "prediction": "She'll change the subject or look uncomfortable, and text less "
                "afterwards.",
                "what_happened": "She put her phone away and asked what was going on. She'd had "
                "a rough month too and we talked for an hour. On Monday she messaged to ask how "
                "the meeting went.",
                "learned": "What I feared didn't happen. Sharing a small worry brought us closer. "
                "The fear comes from old friendships, not this one.",
                "next_step": "Ask Hannah to come to the climbing taster with me.",
            },
        ),
        Answer(
            "good",
            ("romantic",),
            {
                "belief": "If my partner sees how anxious I get, they'll get tired of me and go.",
                "step": "On Wednesday evening, tell my partner I felt uneasy when they went out "
                "without saying when they'd be back - and not look at their phone first.",
                "prediction": "They'll get defensive and say I'm being paranoid again.",
                "what_happened": "They were quiet for a moment, then said they hadn't realised "
                "and would text when plans change. No argument. Later they made tea and asked "
                "how therapy was going.",
                "learned": "Saying it plainly went better than checking ever has. They can't "
                "reassure me about something they don't know about.",
                "next_step": "Say it the same way next time, before the worry builds up.",
            },
        ),
        Answer(
            "good",
            ("family",),
            {
                "belief": "My family only listen when I'm useful. If I ask for something they'll "
                "brush me off.",
                "step": "Ask my brother to help me move the sofa on Sunday.",
                "prediction": "He'll say he's busy, or come and complain the whole time.",
                "what_happened": "He said yes straight away and brought lunch. He offered to "
                "help with the shelves as well.",
                "learned": "I ask so rarely that I don't really know how people respond. Asking "
                "for something small was fine.",
                "next_step": "Tell him about the job interview before it happens, not after.",
            },
        ),
        Answer(
            "good",
            ("work",),
            {
                "belief": "People at work only talk to me to be polite. If I join in they'll see "
                "I don't fit.",
                "step": "Eat lunch with the team in the kitchen on Tuesday instead of at my desk, "
                "and ask someone about their weekend.",
                "prediction": "Awkward silence. They'll wonder why I'm there.",
                "what_happened": "The first minute was awkward, then Sara told a story about her "
                "dog and I told one about mine. Someone asked if I'd come to the quiz night.",
                "learned": "The awkward bit was shorter than I expected and mostly in my head. "
                "Nobody seemed to mind me being there.",
                "next_step": "Go to the quiz night, even if only for an hour.",
            },
        ),
        Answer(
            "hard",
            ("romantic", "friends"),
            {
                "belief": "If I slow down and don't share everything, people will lose interest "
                "and leave anyway.",
                "step": "On the second date, keep to light topics and leave my family out of it.",
                "prediction": "He'll find me boring and won't ask to meet again.",
                "what_happened": "I kept it light for most of the evening, then told him "
                "everything about my dad at the end. He was kind about it but went quiet, and I "
                "haven't heard from him since.",
                "learned": "I still rush to fill silences with big things. Holding back felt "
                "unbearable, and I don't know yet whether it would have gone differently.",
            },
        ),
        Answer(
            "hard",
            ("friends", "family"),
            {
                "belief": "If I ask for help I'll be let down, and feel worse than if I'd never "
                "asked.",
                "step": "Ask my flatmate to feed the cat while I'm away for the weekend.",
                "prediction": "She'll say yes and then forget.",
                "what_happened": "She agreed but sounded unsure, and I spent the weekend "
                "watching the cat camera. The cat was fed, but late on Sunday.",
                "learned": "She came through, but the waiting was hard and I couldn't stop "
                "checking. It went better than my worry, and the worry was still loud.",
            },
        ),
    ),
    "say-it-instead-of-checking": (
        Answer(
            "good",
            ("romantic",),
            {
                "trigger": "My partner said they were working late and their phone went to "
                "voicemail twice.",
                "feelings": ["anxious", "scared_of_being_left"],
                "i_statement": _i(
                    "your phone was off while you were working late",
                    "anxious and a bit shut out",
                    "send me a quick message when you'll be out of reach",
                ),
                "said_it": "yes",
                "how_it_went": "The battery had died and they were sorry I'd worried. We agreed "
                "on a one-line text. I didn't look at their laptop afterwards.",
            },
        ),
        Answer(
            "good",
            ("romantic",),
            {
                "trigger": "A message from a name I didn't know lit up my partner's phone while "
                "they were in the shower.",
                "feelings": ["jealous", "unsure"],
                "i_statement": _i(
                    "a message came in from someone I didn't know",
                    "jealous, then embarrassed about feeling it",
                    "tell me a bit about the new people at your running club",
                ),
                "said_it": "yes",
                "how_it_went": "They laughed and showed me the group chat: it was about lifts to "
                "a race. They said they'd much rather I asked than went quiet.",
            },
        ),
        Answer(
            "good",
            ("family", "friends"),
            {
                "trigger": "My sister posted photos of a lunch with our cousins that nobody had "
                "told me about.",
                "feelings": ["hurt", "lonely"],
                "i_statement": _i(
                    "I saw the lunch photos and hadn't heard about it",
                    "left out",
                    "include me next time, or tell me if there's a reason not to",
                ),
                "said_it": "yes",
                "how_it_went": "She said it was last minute and she thought I was at work. She's "
                "invited me for Sunday.",
            },
        ),
        Answer(
            "hard",
            ("romantic",),
            {
                "trigger": "My partner came home an hour late and was vague about where they'd "
                "been.",
                "feelings": ["angry", "anxious", "scared_of_being_left"],
                "i_statement": _i(
                    "you came home later than you said and didn't say why",
                    "angry, and scared underneath that",
                    "tell me when plans change, even by text",
                ),
                "said_it": "not_yet",
                "how_it_went": "I wrote it down but the evening felt too tense, so I kept quiet. "
                "Later I went through the bank app and felt worse.",
            },
        ),
        Answer(
            "hard",
            ("romantic", "family"),
            {
                "trigger": "My partner took a phone call in the other room and closed the door.",
                "feelings": ["jealous", "angry"],
                "i_statement": _i(
                    "you closed the door for that call",
                    "shut out and suspicious",
                    "tell me who it is when you take a call like that",
                ),
                "said_it": "yes",
                "how_it_went": "It came out sharper than I meant and we argued about something "
                "else. It was their brother, but the evening was spoiled.",
            },
        ),
    ),
    "thought-record": (
        Answer(
            "good",
            ("romantic",),
            {
                "situation": "My partner was quiet at dinner and went to bed early.",
                "automatic_thought": "They've gone off me and are working out how to leave.",
                "emotion": "Anxious, hurt",
                "evidence_for": "They hardly talked and didn't ask about my day.",
                "evidence_against": "On Monday they said this week would be hard at work. They "
                "kissed me goodnight. They've booked our trip in June.",
                "balanced_thought": "Quiet doesn't mean leaving. They're tired, and I can ask "
                "tomorrow how they are.",
            },
        ),
        Answer(
            "good",
            ("romantic",),
            {
                "situation": "Saw that my partner had liked a photo an ex posted.",
                "automatic_thought": "They still want her and I'm second best.",
                "emotion": "Jealous",
                "evidence_for": "They did like it. They were together for three years.",
                "evidence_against": "It was one like, on a photo of her new baby. They rarely "
                "mention her. They chose to move in with me.",
                "balanced_thought": "A like is a small friendly gesture, not a wish to go back. "
                "If it still bothers me I can mention it.",
            },
        ),
        Answer(
            "good",
            ("work",),
            {
                "situation": "My manager moved my project update to the end of the meeting.",
                "automatic_thought": "She's sidelining me so someone else can take the credit.",
                "emotion": "Angry, on edge",
                "evidence_for": "It happened at my old job. She didn't explain.",
                "evidence_against": "She moved two other items as well. She praised my report "
                "last week and copies me into every decision on the project.",
                "balanced_thought": "An agenda change is more likely about time than about me. "
                "If I need to know, I can ask her.",
            },
        ),
        Answer(
            "good",
            ("friends",),
            {
                "situation": "The group chat went quiet after I suggested a walk at the weekend.",
                "automatic_thought": "They don't really want me around; they were being polite.",
                "emotion": "Embarrassed",
                "evidence_for": "Nobody answered for four hours.",
                "evidence_against": "It was a working day. Two of them replied in the evening "
                "and one said yes. They added me to the chat in the first place.",
                "balanced_thought": "People were busy. A few hours of silence is not a verdict "
                "on me.",
            },
        ),
        Answer(
            "good",
            ("family",),
            {
                "situation": "My brother didn't ring back on Sunday as he'd said he would.",
                "automatic_thought": "I'm nobody's priority. It was the same growing up.",
                "emotion": "Hurt",
                "evidence_for": "He said he'd call and he didn't.",
                "evidence_against": "He texted on Monday morning to apologise: the kids were "
                "ill. He has called most Sundays this year.",
                "balanced_thought": "He let me down once, for a good reason, and told me. That "
                "is not what happened when I was a child.",
            },
        ),
        Answer(
            "hard",
            ("romantic",),
            {
                "situation": "My partner said they'd be home at seven and got in at half eight.",
                "automatic_thought": "They're lying about where they were.",
                "emotion": "Suspicious, angry",
                "evidence_for": "They were late and the explanation was vague. My dad used to "
                "come home late with excuses.",
                "evidence_against": "They said the train was held up, and the line was delayed "
                "that night. They've been on time every other evening this week.",
                "balanced_thought": "It may well have been the train. I can't quite believe that "
                "yet, but I have no proof of anything else.",
            },
        ),
        Answer(
            "hard",
            ("friends",),
            {
                "situation": "A friend cancelled our plans an hour beforehand, saying she was "
                "tired.",
                "automatic_thought": "She's found better people. Everyone does in the end.",
                "emotion": "Rejected, low",
                "evidence_for": "She cancelled late. Later she posted a photo from home with "
                "someone else there.",
                "evidence_against": "She suggested another date straight away. She has only "
                "cancelled once this year.",
                "balanced_thought": "I can see the facts on both sides, but I still feel she'd "
                "rather be somewhere else. I'll see how next week goes.",
            },
        ),
        Answer(
            "hard",
            ("work", "family"),
            {
                "situation": "A colleague asked to see my draft before the client meeting.",
                "automatic_thought": "He wants to find mistakes so he can take the account.",
                "emotion": "Defensive",
                "evidence_for": "He pointed out two errors in front of the team last month.",
                "evidence_against": "He asks everyone for drafts before client meetings; it's "
                "part of his job. He thanked me for the last one.",
                "balanced_thought": "It's probably routine, but I still feel exposed when anyone "
                "looks at unfinished work.",
            },
        ),
    ),
    "reacting-or-reliving": (
        Answer(
            "good",
            ("romantic",),
            {
                "situation": "My partner forgot to mention they'd gone for a drink with "
                "colleagues after work.",
                "reaction": "A rush of panic, then I went cold on them all evening. I thought: "
                "here we go again.",
                "about": "past_betrayal",
                "evidence": "They told me as soon as I asked and showed me the photo of the "
                "whole team. My ex used to hide nights out; it felt the same, but this is a "
                "different person.",
                "balanced_view": "I was reacting to my ex. My partner forgot a detail and was "
                "open about it when I asked.",
            },
        ),
        Answer(
            "good",
            ("work",),
            {
                "situation": "A colleague presented an idea we'd worked out together without "
                "saying it was partly mine.",
                "reaction": "Furious. I wanted to walk out and spent an hour drafting an angry "
                "email I didn't send.",
                "about": "both",
                "evidence": "She did present it without naming me. But she mentioned me to the "
                "director afterwards, and she has shared credit before. The meeting reminded me "
                "of my old manager.",
                "balanced_view": "Part of my anger belonged to the old job. I can ask her to "
                "name me next time, calmly, without treating her as my old manager.",
            },
        ),
        Answer(
            "good",
            ("family", "friends"),
            {
                "situation": "My brother was short with me on the phone.",
                "reaction": "I felt about eight years old again, ended the call quickly and "
                "stayed low all evening.",
                "about": "past_betrayal",
                "evidence": "He had just finished a night shift. When my parents were short "
                "with us it meant something bad was coming; with him it usually means he's "
                "tired.",
                "balanced_view": "He was tired, not rejecting me. The feeling belonged to an "
                "older time.",
            },
        ),
        Answer(
            "hard",
            ("romantic", "family"),
            {
                "situation": "My partner laughed at a message and tilted the phone away from me.",
                "reaction": "I accused them of hiding something and we argued until midnight.",
                "about": "not_sure",
                "evidence": "They did turn the screen away. They said it was a joke from a "
                "friend but didn't show me. My father hid things, so I'm primed to see it.",
                "balanced_view": "I don't know yet. I reacted before asking, and my past makes "
                "that more likely, but something still feels off.",
            },
        ),
        Answer(
            "hard",
            ("friends", "work"),
            {
                "situation": "A friend didn't answer my long message for two days.",
                "reaction": "I sent three more messages, then deleted her number.",
                "about": "both",
                "evidence": "She goes quiet when she's busy; she's done it before. It reminded "
                "me of being ignored at school.",
                "balanced_view": "Probably some of both. I wish I'd waited before deleting her "
                "number.",
            },
        ),
    ),
    "pattern-spotting": (
        Answer(
            "good",
            ("work",),
            {
                "pattern": "I redo my team's work late at night instead of giving them feedback.",
                "protects_from": "Being let down again, the way I was when my business partner "
                "took the money. If I check everything, nobody can surprise me.",
                "still_serving": "no",
                "one_thing_to_try": "Let Dan finish the weekly report and read it once, on "
                "Friday morning.",
            },
        ),
        Answer(
            "good",
            ("romantic", "family"),
            {
                "pattern": "When I'm worried I start a row about something small, like the dishes.",
                "protects_from": "Asking the real question, in case the answer hurts. A row "
                "feels safer than being vulnerable.",
                "still_serving": "partly",
                "one_thing_to_try": 'Say "I\'m feeling uneasy" before I say anything about the '
                "dishes.",
            },
        ),
        Answer(
            "good",
            ("work",),
            {
                "pattern": "I don't show anyone my work until it's perfect, then resent that "
                "nobody helped.",
                "protects_from": "Being criticised, or having my ideas taken again.",
                "still_serving": "partly",
                "one_thing_to_try": "Send a half-finished draft to one colleague I trust on "
                "Thursday.",
            },
        ),
        Answer(
            "hard",
            ("romantic", "family"),
            {
                "pattern": "Checking where my partner is on the app several times a day.",
                "protects_from": "Being caught off guard, like my mother was.",
                "still_serving": "not_sure",
                "one_thing_to_try": "Check once in the evening and write the urge down the "
                "other times.",
            },
        ),
        Answer(
            "hard",
            ("work", "family"),
            {
                "pattern": "Cancelling plans with my kids whenever work gets busy.",
                "protects_from": "Feeling out of control at work, and being blamed if something "
                "goes wrong while I'm away.",
                "still_serving": "mostly",
                "one_thing_to_try": "Keep Saturday mornings free, whatever happens at work.",
            },
        ),
    ),
    "boundary-check": (
        Answer(
            "good",
            ("work",),
            {
                "boundary": "I don't answer work messages after 7pm or at weekends unless I'm "
                "on call.",
                "keeps": "me_safe",
                "how_i_said_it": "At Monday's stand-up: \"I'm switching off at seven from now "
                'on. If something is truly urgent, ring me."',
                "how_it_went": 'Nobody rang. One person said "good for you". I slept better '
                "than I have in months.",
            },
        ),
        Answer(
            "good",
            ("family",),
            {
                "boundary": "Sunday lunch is for the family; my phone stays in the drawer.",
                "keeps": "me_safe",
                "how_i_said_it": "I told my wife and the kids, and asked them to remind me if I "
                "forget.",
                "how_it_went": "My daughter reminded me twice, laughing. Lunch went on longer "
                "and felt easier.",
            },
        ),
        Answer(
            "good",
            ("work",),
            {
                "boundary": "I take a day to think before saying yes to extra projects.",
                "keeps": "me_safe",
                "how_i_said_it": '"Thanks for thinking of me. Can I let you know tomorrow?"',
                "how_it_went": "My manager said that was fine. I said yes to one and no to the "
                "other.",
            },
        ),
        Answer(
            "hard",
            ("work",),
            {
                "boundary": "Nobody else touches the client accounts; I keep the logins to myself.",
                "keeps": "both",
                "how_i_said_it": "I haven't said it; I just don't share the passwords.",
                "how_it_went": "My deputy couldn't send an invoice while I was off sick and a "
                "supplier was paid late. It keeps people out as much as it keeps me safe.",
            },
        ),
        Answer(
            "hard",
            ("family", "romantic"),
            {
                "boundary": "I don't talk about my past with family.",
                "keeps": "people_out",
                "how_i_said_it": "I could say: \"I'm not ready to talk about that yet, but I'll "
                'tell you when I am."',
            },
        ),
    ),
    "giving-grace": (
        Answer(
            "good",
            (),
            {
                "slow_step": "I still worked late three nights this week after promising myself "
                "I wouldn't.",
                "kind_note": "You went home on time twice, which didn't happen at all a month "
                "ago. Habits built over years don't go in weeks. Tomorrow is another go.",
            },
        ),
        Answer(
            "good",
            (),
            {
                "slow_step": "I still flinch when someone asks how I'm really doing.",
                "kind_note": "Flinching made sense when nobody was safe to tell. You're learning "
                "that some people are. You don't have to be quick at this to be getting there.",
            },
        ),
        Answer(
            "good",
            (),
            {
                "slow_step": "I thought I'd be better by now, and I'm still anxious most mornings.",
                "kind_note": "Anxious mornings and calmer afternoons are still progress. If a "
                "friend said this I'd tell her she's being far too strict with herself, and "
                "that she's allowed to take her time.",
            },
        ),
        Answer(
            "hard",
            (),
            {
                "slow_step": "I told someone I'd just met all about my childhood again, after "
                "saying I'd go slowly.",
                "kind_note": "You were lonely and wanted to feel close, which is human. Next "
                "time you can go a little slower. I'm trying to believe this; mostly I feel "
                "silly.",
            },
        ),
        Answer(
            "hard",
            (),
            {
                "slow_step": "I skipped my run, ignored my messages and stayed in bed on Sunday.",
                "kind_note": "Some weeks are heavy. You came back to this page, and that counts. "
                "I don't feel it yet, but I'm writing it anyway.",
            },
        ),
    ),
    "trust-ladder": (
        Answer(
            "good",
            ("work",),
            {
                "steps": _rungs(
                    "Say good morning to the people near my desk",
                    "Join the team for lunch once",
                    "Go to the board-game night in person",
                    "Invite someone from the game night for a walk with the dog",
                ),
                "noticed": "Each rung felt less frightening once the one before had gone all "
                "right. Going in person was the hardest to decide and the easiest to do.",
            },
        ),
        Answer(
            "good",
            ("family", "romantic", "friends"),
            {
                "steps": _rungs(
                    "Tell my brother that evenings have been hard",
                    "Let my sister drive me to an appointment",
                    "Meet an old friend for a coffee, just the two of us",
                    "Tell someone new about the break-up, when it feels right",
                ),
                "noticed": "I expected every step to go badly. Most were uncomfortable for a few "
                "minutes and then ordinary. My brother said he was glad I'd told him.",
            },
        ),
        Answer(
            "hard",
            ("romantic", "friends"),
            {
                "steps": _rungs(
                    "Wait a day before answering a new friend's message",
                    "Meet a new friend in a group rather than alone",
                    "Keep one personal story back on a first date",
                ),
                "noticed": "Waiting was much harder than I expected. I managed the first rung, "
                "then slid back on the others, and I'm frustrated with myself.",
            },
        ),
    ),
    "compliment-log": (
        Answer(
            "good",
            ("friends", "work"),
            {
                "entries": _rows(
                    COMPLIMENT_COLUMNS,
                    (
                        "A teammate said my meeting notes were really clear",
                        "Anyone could have written them",
                        "Thanks, I put some time into them",
                    ),
                    (
                        "Someone at the game group said I'm funny",
                        "They're just being nice",
                        "Thanks, that's good to hear",
                    ),
                    (
                        "My neighbour said the dog is very well trained",
                        "That's the dog, not me",
                        "Thank you, we've worked hard at it",
                    ),
                ),
                "reflection": "I brushed off every one of them within a second. Writing the "
                "'taking it in' line felt fake on Monday and less fake by Friday.",
            },
        ),
        Answer(
            "good",
            ("romantic",),
            {
                "entries": _rows(
                    COMPLIMENT_COLUMNS,
                    (
                        "My partner said I looked lovely before the wedding",
                        "They have to say that",
                        "Thank you, I feel good in this",
                    ),
                    (
                        "My partner said starting therapy was brave",
                        "Brave people don't need therapy",
                        "It did take courage, and I'm glad I went",
                    ),
                    (
                        "A colleague said my talk was the clearest of the day",
                        "The others were rushed",
                        "Thanks, I prepared well",
                    ),
                    (
                        "My sister said I'm good at remembering birthdays",
                        "It's only a calendar reminder",
                        "Thanks, I like making people feel remembered",
                    ),
                ),
                "reflection": "There were more compliments than I would have guessed. Saying "
                "thank you and stopping there got easier each time.",
            },
        ),
        Answer(
            "hard",
            (),
            {
                "entries": _rows(
                    COMPLIMENT_COLUMNS,
                    (
                        "My manager said I handled a difficult call well",
                        "She doesn't know how badly I thought it went",
                        "Thank you",
                    ),
                    (
                        "A friend said I'm a good listener",
                        "Only because I never talk about myself",
                        "Thanks, I like listening",
                    ),
                ),
                "reflection": "I wrote them down, but the brush-off thoughts still feel truer "
                "than the compliments. Saying thank you out loud was hard.",
            },
        ),
    ),
    "promises-kept-log": (
        Answer(
            "good",
            ("romantic",),
            {
                "entries": _rows(
                    PROMISE_COLUMNS,
                    ("someone_else", "My partner said they'd pick up my prescription", "Relieved"),
                    ("me", "I said I'd go for a run on Wednesday", "Proud of myself"),
                    ("someone_else", "My sister rang at eight like she said she would", "Warm"),
                    ("someone_else", "My partner texted when the meeting ran late"),
                ),
                "reflection": "Far more promises were kept than I'd have guessed. Unless I write "
                "them down I only notice the broken ones.",
            },
        ),
        Answer(
            "good",
            ("family", "friends"),
            {
                "entries": _rows(
                    PROMISE_COLUMNS,
                    ("someone_else", "My brother brought the drill back on Saturday", "Surprised"),
                    ("me", "I rang my aunt back the same day", "Good"),
                    ("someone_else", "A friend kept me a seat at the talk", "Included"),
                ),
                "reflection": "Small things, but they add up. People I'd written off as "
                "unreliable mostly did what they said.",
            },
        ),
        Answer(
            "hard",
            (),
            {
                "entries": _rows(
                    PROMISE_COLUMNS,
                    (
                        "someone_else",
                        "A friend said she'd call on Tuesday and called on Thursday",
                        "Annoyed, though she did call",
                    ),
                    ("me", "I said I'd be in bed by eleven"),
                ),
                "reflection": "I kept looking for the promises that weren't kept. Two days late "
                "still counts, but it didn't feel like it.",
            },
        ),
    ),
}

# The therapist's own instructions when assigning each exercise.
INSTRUCTIONS = {
    "boundary-check": "Pick the boundary we talked about in session. Bring your notes next time.",
    "compliment-log": "Just write them down as they come; no need to believe them yet.",
    "giving-grace": "Try this on an evening when you notice the inner critic is loud.",
    "pattern-spotting": "Start with the pattern we named in session; one small thing is enough.",
    "promises-kept-log": "Include tiny promises - they count. A line a day is plenty.",
    "reacting-or-reliving": "Choose one moment from this week; five minutes is enough.",
    "say-it-instead-of-checking": "Open this before you check. You don't have to say it yet.",
    "small-trust-step": "Use the step we agreed in session. Fill in the first half before it.",
    "thought-record": "One thought record this week, ideally the same day it happens.",
    "trust-ladder": "Build the ladder from the list we started; climb one rung at a time.",
}

# Review comments, by whether the client sees them and by how the week went.
COMMENTS = {
    ("shared", "good"): (
        "Thank you for doing this so carefully. Let's build on it next session.",
        "This is a real step forward. You expected the worst and looked at it anyway, which "
        "takes courage.",
        "Lovely work. Keep this page somewhere you can find it on a harder day.",
        "Well done. Let's talk about what made it easier than you expected.",
    ),
    ("shared", "hard"): (
        "Thank you for writing this down honestly in a hard week. Setbacks are part of this "
        "work; we'll look at it together next time.",
        "I can see how hard this was, and you still did it. Let's choose a smaller step next.",
        "Thank you for sticking with this. Noticing the old pattern is the first part of "
        "changing it.",
    ),
    ("private", "good"): (
        "Good engagement; things moving the right way. Consider a bigger step next week.",
        "Completed fully and thoughtfully; links clearly to the origins discussed in session.",
        "Went better than the client predicted. Use as evidence when the fear returns.",
    ),
    ("private", "hard"): (
        "Harder week. Check sleep, mood and supports before setting the next step.",
        "Slipped back into the old pattern. Explore what made it so hard; keep the steps smaller.",
        "Some avoidance in the answers. Revisit the formulation together at the next session.",
    ),
}
