"""The demo clinic's homework: each client's schedule (`ClientPlan.homework`) played through the
homework services - assigned with a share link, opened through it, drafted, submitted, reviewed
or cancelled - then dated back to the week it belongs to.

Exercises are drawn from the intake's suggestions. Answers come from `answers.ANSWERS` with
ratings that follow the client's first goal (better, flat or worse as the weeks go on), laid out
as the client's form would send them and read back by the client page's own parser, so they are
exactly what the page would store.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import uuid4

from flask import current_app

from clinic.auth.models import User
from clinic.clients.intake import rank_suggestions, relevant_items
from clinic.clients.models import Client
from clinic.content import get_content
from clinic.content.models import Exercise, Taxonomy
from clinic.db import utcnow
from clinic.demo.answers import ANSWERS, COMMENTS, INSTRUCTIONS, Answer
from clinic.demo.data import HOMEWORK_STATUSES, INTAKE_REVISION_WEEKS, RANDOM_SEED, ClientPlan
from clinic.demo.dates import backdated
from clinic.homework import services
from clinic.homework.fields import SCALE_MAX, answers_to_formdata, parse_answers
from clinic.homework.models import Assignment, AssignmentStatus

SUGGESTION_POOL = 4  # exercises are drawn from the intake's top suggestions, weighted by score
FAVOURED_SHARE = 0.7  # how often a client's favoured exercises are chosen, when suggested
COURSE_WEEKS = 11  # from the first session to the latest, for the longest-running clients
# 0-100 ratings by the first goal's trend, as the course goes on (progress from 0 to 1):
# before = start + drift * progress; after = before + change + change_drift * progress.
RATING_TRENDS = {
    "up": (80, -25, -20, -25),
    "flat": (65, 0, -15, 0),
    "down": (55, 25, -15, 25),
}
RATING_JITTER = 5
GOOD_WEEK = 20  # a fall of at least this much from before to after
# The rating each scale field shows, and how far above it: a fear re-rated after the step
# stays above the distress left, for instance. "calm" is 100 minus the rating after.
SCALE_RATINGS = {
    "belief_strength": ("before", 10),
    "belief_rerated": ("after", 20),
    "distress_before": ("before", 0),
    "distress_after": ("after", 0),
    "urge_before": ("before", 10),
    "urge_after": ("after", 0),
    "emotion_before": ("before", 5),
    "emotion_after": ("after", 10),
    "feeling_after": ("calm", 0),
    "expected_distress": ("before", 0),
    "actual_distress": ("after", 0),
}
RUNG_GAP = 15  # each rung of a trust ladder is this much less upsetting than the one above
ANSWER_DAYS = (4, 5, 6)  # days after the session that the client does the homework
OPENED_TIME = time(20, 5)
ANSWERED_TIME = time(20, 40)


@dataclass(frozen=True)
class OpenHomework:
    assignment: Assignment
    token: str  # of its live share link


@dataclass(frozen=True)
class Ratings:
    """How upsetting one week's homework was on a 0-100 scale, before the step and after it."""

    before: int
    after: int

    @property
    def mood(self) -> str:
        return "good" if self.before - self.after >= GOOD_WEEK else "hard"

    def level(self, name: str, offset: int) -> int:
        base = {"before": self.before, "after": self.after, "calm": 100 - self.after}[name]
        return max(0, min(100, base + offset))


@dataclass(frozen=True)
class _Week:
    """One assignment's week: set at a session, worked on one evening before the next, where
    it is reviewed or cancelled; how it went; the people in the client's life at the time."""

    day: date
    answered_on: date
    ratings: Ratings
    relationships: tuple[str, ...]

    @property
    def assigned(self) -> datetime:
        return backdated(self.day)

    @property
    def opened(self) -> datetime:
        return backdated(self.answered_on, OPENED_TIME)

    @property
    def answered(self) -> datetime:
        return backdated(self.answered_on, ANSWERED_TIME)

    @property
    def closed(self) -> datetime:
        return backdated(self.day + timedelta(weeks=1))


@dataclass
class _Course:
    """One client's homework as it is seeded, session by session."""

    client: Client
    plan: ClientPlan
    therapist: User
    taxonomy: Taxonomy
    first: date  # the first session
    latest: date  # the latest session
    rng: random.Random
    last_slug: str = ""
    given: set[tuple[str, int]] = field(default_factory=set)  # (slug, index in ANSWERS)


def seed_homework(
    client: Client, plan: ClientPlan, therapist: User, taxonomy: Taxonomy, first: date
) -> list[OpenHomework]:
    """The client's homework, session by session; returns what is left open."""
    sessions = plan.homework.split()
    course = _Course(
        client,
        plan,
        therapist,
        taxonomy,
        first,
        latest=first + timedelta(weeks=len(sessions) - 1),
        rng=random.Random(f"{RANDOM_SEED}:{plan.full_name}"),  # noqa: S311 (not a secret)
    )
    seeded = [
        _seed_assignment(course, week, code)
        for week, codes in enumerate(sessions)
        for code in codes.strip("-")
    ]
    return [item for item in seeded if item is not None]


def _seed_assignment(course: _Course, week: int, code: str) -> OpenHomework | None:
    day = course.first + timedelta(weeks=week)
    intake = course.plan.intakes[min(week // INTAKE_REVISION_WEEKS, len(course.plan.intakes) - 1)]
    exercise = _pick_exercise(course, intake)
    assignment, token = services.assign(
        course.client,
        exercise,
        instructions=INSTRUCTIONS[exercise.slug],
        due_on=day + timedelta(weeks=1),
        by=course.therapist,
    )
    progress = min(1.0, week / COURSE_WEEKS)
    this_week = _Week(
        day,
        answered_on=day + timedelta(days=course.rng.choice(ANSWER_DAYS)),
        ratings=_ratings(course.plan.goals[0].trend, progress, course.rng),
        relationships=tuple(intake["relationships"]),
    )
    _work_through(course, assignment, token, code, this_week)
    _backdate(assignment, this_week)
    if not assignment.is_open:
        return None
    return OpenHomework(assignment, _live_token(assignment, token, backdated(course.latest)))


def _pick_exercise(course: _Course, intake: dict[str, Any]) -> Exercise:
    """One of the intake's top suggestions, by score, other than the one given last."""
    ranked = rank_suggestions(relevant_items(intake), course.taxonomy, "exercises")
    pool = [s for s in ranked[:SUGGESTION_POOL] if s.slug != course.last_slug]
    favoured = [s for s in pool if s.slug in course.plan.favoured]
    if favoured and course.rng.random() < FAVOURED_SHARE:
        pool = favoured
    course.last_slug = course.rng.choices([s.slug for s in pool], [s.score for s in pool])[0]
    return get_content().exercises[course.last_slug]


def _ratings(trend: str, progress: float, rng: random.Random) -> Ratings:
    start, drift, change, change_drift = RATING_TRENDS[trend]
    before = start + drift * progress
    after = before + change + change_drift * progress
    return Ratings(_jittered(before, rng), _jittered(after, rng))


def _jittered(level: float, rng: random.Random) -> int:
    """Near `level` and, as people tend to answer, a multiple of 5 from 0 to 100."""
    return max(0, min(100, 5 * round((level + rng.randint(-RATING_JITTER, RATING_JITTER)) / 5)))


def _work_through(
    course: _Course, assignment: Assignment, token: str, code: str, week: _Week
) -> None:
    """Take the assignment to the status its schedule code names, as client and therapist."""
    status = HOMEWORK_STATUSES[code]
    if status is AssignmentStatus.CANCELLED:
        services.cancel(assignment)
    elif status is not AssignmentStatus.ASSIGNED:
        answer = _pick_answer(course, assignment.exercise_slug, week)
        _answer(assignment, token, answer, week, draft=status is AssignmentStatus.IN_PROGRESS)
    if status is AssignmentStatus.REVIEWED:
        shared = code == "R"
        comment = course.rng.choice(COMMENTS["shared" if shared else "private", week.ratings.mood])
        services.review(assignment, comment=comment, share=shared, by=course.therapist)


def _pick_answer(course: _Course, slug: str, week: _Week) -> Answer:
    """An answer from a week like this one, about someone in the client's life where there is
    one, and not one this client has given before where that can be helped."""
    same_mood = [(i, a) for i, a in enumerate(ANSWERS[slug]) if a.mood == week.ratings.mood]
    fitting = [
        (i, a) for i, a in same_mood if not a.about or set(a.about) & set(week.relationships)
    ] or same_mood
    fresh = [(i, a) for i, a in fitting if (slug, i) not in course.given] or fitting
    index, answer = course.rng.choice(fresh)
    course.given.add((slug, index))
    return answer


def _answer(
    assignment: Assignment, token: str, answer: Answer, week: _Week, *, draft: bool
) -> None:
    """The client opens the link and saves a draft (the first half of the page) or submits."""
    link = services.open_link(token)
    fields = assignment.snapshot["fields"]
    typed = _filled(fields[: (len(fields) + 1) // 2] if draft else fields, answer, week)
    parsed = parse_answers(
        fields, answers_to_formdata(fields, typed), require=not draft, today=week.answered.date()
    )
    if not parsed.is_valid:
        raise ValueError(f"Demo answers for {assignment.exercise_slug}: {parsed.errors}")
    if draft:
        services.save_draft(link, parsed.answers, seen_revision=0)
    else:
        services.submit(link, parsed.answers, key=uuid4().hex)


def _filled(fields: list[dict[str, Any]], answer: Answer, week: _Week) -> dict[str, Any]:
    """The answer's values for these fields, with the week's ratings and log dates added."""
    answers = {}
    for spec in fields:
        if spec["type"] == "log":
            answers[spec["id"]] = _log_rows(spec, answer.values[spec["id"]], week)
        elif spec["type"] in SCALE_MAX:
            answers[spec["id"]] = _scale(spec, week.ratings)
        elif spec["id"] in answer.values:
            answers[spec["id"]] = answer.values[spec["id"]]
    return answers


def _log_rows(spec: dict[str, Any], rows: list[dict[str, str]], week: _Week) -> list[dict]:
    """The rows as written, dated on successive days after the session and rated rung by rung
    up to the week's level. Optional cells are left empty on the last row: the top rung of a
    ladder is still to climb."""
    filled = []
    for index, row in enumerate(rows):
        cells: dict[str, Any] = dict(row)
        for column in spec["columns"]:
            if column["id"] in row or (index == len(rows) - 1 and not column.get("required")):
                continue
            if column["type"] == "date":
                on = min(week.day + timedelta(days=index + 1), week.answered.date())
                cells[column["id"]] = on.isoformat()
            elif column["type"] in SCALE_MAX:
                cells[column["id"]] = _scale(
                    column, week.ratings, RUNG_GAP * (index + 1 - len(rows))
                )
        filled.append(cells)
    return filled


def _scale(spec: dict[str, Any], ratings: Ratings, offset: int = 0) -> int:
    level, above = SCALE_RATINGS[spec["id"]]
    return round(ratings.level(level, above + offset) * SCALE_MAX[spec["type"]] / 100)


def _link_lifetime() -> timedelta:
    return timedelta(days=current_app.config["SHARE_LINK_DAYS"])


def _backdate(assignment: Assignment, week: _Week) -> None:
    """Date the assignment, its link, response and review to the week they belong to."""
    link, response, review = assignment.links[0], assignment.response, assignment.review
    link.created_at = assignment.created_at = assignment.updated_at = week.assigned
    link.expires_at = week.assigned + _link_lifetime()
    if response is not None:
        link.first_opened_at = link.last_opened_at = week.opened
        response.created_at = response.updated_at = assignment.updated_at = week.answered
        if response.submitted_at is not None:
            response.submitted_at = week.answered
    if review is not None:
        review.reviewed_at = assignment.updated_at = week.closed
    if assignment.status is AssignmentStatus.CANCELLED:
        link.revoked_at = assignment.updated_at = week.closed


def _live_token(assignment: Assignment, token: str, resent_at: datetime) -> str:
    """The token of the assignment's live link; if its link has expired, the therapist sent a
    new one at the latest session."""
    expired = assignment.links[-1]
    if expired.is_live(utcnow()):
        return token
    token = services.issue_link(assignment)
    link = assignment.links[-1]
    expired.revoked_at = link.created_at = resent_at
    link.expires_at = resent_at + _link_lifetime()
    return token
