"""Movement shown by the homework itself, read from submitted responses.

Exercises are recognised by the fields of the assignment's snapshot (the exercise as it was
when assigned), never by the current content file, so an edited exercise cannot change what
an old response meant. Missing or partial answers leave a gap, never an error.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from clinic.charts import Pair, Week
from clinic.clients.models import Client
from clinic.extensions import db
from clinic.homework.models import Assignment, AssignmentStatus, ResponseStatus

DONE = (AssignmentStatus.SUBMITTED, AssignmentStatus.REVIEWED)
# Behavioural experiments and safe-risk steps (small trust step): by field id.
EXPERIMENT_FIELDS = {"prediction", "what_happened", "distress_before", "distress_after"}
# Say it instead of checking.
URGE_FIELDS = {"urge_before", "urge_after"}
# A trust ladder's log: each rung's expected and actual distress.
LADDER_COLUMNS = {"expected_distress", "actual_distress"}


@dataclass(frozen=True)
class Experiment:
    day: date
    title: str
    step: str
    prediction: str
    outcome: str
    distress_before: int | None
    distress_after: int | None
    belief_before: int | None
    belief_after: int | None


@dataclass(frozen=True)
class LadderStep:
    day: date
    step: str
    expected_distress: int | None
    actual_distress: int | None


@dataclass(frozen=True)
class UrgeRecord:
    day: date
    urge_before: int | None
    urge_after: int | None
    # The label of the client's answer to "Did I say it?", as the snapshot words it.
    said_it: str | None


@dataclass(frozen=True)
class HomeworkTrends:
    experiments: list[Experiment]
    ladder_steps: list[LadderStep]
    urges: list[UrgeRecord]
    weeks: list[Week]

    @property
    def said_it_counts(self) -> list[tuple[str, int]]:
        """How often each answer to "Did I say it?" was given, most frequent first."""
        counts: dict[str, int] = {}
        for record in self.urges:
            if record.said_it:
                counts[record.said_it] = counts.get(record.said_it, 0) + 1
        return sorted(counts.items(), key=lambda item: -item[1])


def client_assignments(client: Client) -> list[Assignment]:
    """The client's assignments with their responses, oldest first, in two queries."""
    return list(
        db.session.scalars(
            sa.select(Assignment)
            .where(Assignment.client_id == client.id)
            .options(selectinload(Assignment.response))
            .order_by(Assignment.created_at, Assignment.id)
        )
    )


def homework_trends(assignments: Sequence[Assignment], *, until: date) -> HomeworkTrends:
    submitted = _submitted(assignments)
    return HomeworkTrends(
        experiments=experiments(assignments),
        ladder_steps=sorted(
            (step for a in submitted for step in _ladder_steps(a)), key=lambda s: s.day
        ),
        urges=[_urge(a) for a in submitted if _has_fields(a, URGE_FIELDS)],
        weeks=completion_by_week(assignments, until=until),
    )


def experiments(assignments: Iterable[Assignment]) -> list[Experiment]:
    """Behavioural experiments and trust steps submitted, in the order they were sent."""
    return [_experiment(a) for a in _submitted(assignments) if _has_fields(a, EXPERIMENT_FIELDS)]


def _submitted(assignments: Iterable[Assignment]) -> list[Assignment]:
    return sorted((a for a in assignments if _is_submitted(a)), key=_submitted_on)


def completion_by_week(assignments: Iterable[Assignment], *, until: date) -> list[Week]:
    """Per week (Monday first) up to `until`: homework due that week, and how much was submitted.

    Cancelled homework and homework without a due date are left out; weeks with nothing due
    between the first and the last are kept, so the gaps show."""
    due = [
        a
        for a in assignments
        if a.due_on is not None and a.due_on <= until and a.status is not AssignmentStatus.CANCELLED
    ]
    if not due:
        return []
    first, last = (_monday(d) for d in (min(a.due_on for a in due), max(a.due_on for a in due)))
    weeks = {first + timedelta(weeks=i): [0, 0] for i in range((last - first).days // 7 + 1)}
    for assignment in due:
        counts = weeks[_monday(assignment.due_on)]
        counts[0] += 1
        counts[1] += assignment.status in DONE
    return [Week(start, count, done) for start, (count, done) in weeks.items()]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _is_submitted(assignment: Assignment) -> bool:
    response = assignment.response
    return response is not None and response.status is ResponseStatus.SUBMITTED


def _submitted_on(assignment: Assignment) -> date:
    return (assignment.response.submitted_at or assignment.created_at).date()


def _fields(assignment: Assignment) -> list[dict[str, Any]]:
    return assignment.snapshot.get("fields", [])


def _has_fields(assignment: Assignment, ids: set[str]) -> bool:
    return {f.get("id") for f in _fields(assignment)} >= ids


def _rating(answers: dict[str, Any], key: str) -> int | None:
    value = answers.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(answers: dict[str, Any], key: str) -> str:
    value = answers.get(key)
    return value if isinstance(value, str) else ""


def _experiment(assignment: Assignment) -> Experiment:
    answers = assignment.response.answers
    return Experiment(
        day=_submitted_on(assignment),
        title=assignment.title,
        step=_text(answers, "step"),
        prediction=_text(answers, "prediction"),
        outcome=_text(answers, "what_happened"),
        distress_before=_rating(answers, "distress_before"),
        distress_after=_rating(answers, "distress_after"),
        belief_before=_rating(answers, "belief_strength"),
        belief_after=_rating(answers, "belief_rerated"),
    )


def _ladder_steps(assignment: Assignment) -> list[LadderStep]:
    logs = [
        f
        for f in _fields(assignment)
        if f.get("type") == "log" and {c.get("id") for c in f.get("columns", [])} >= LADDER_COLUMNS
    ]
    steps = []
    for log in logs:
        rows = assignment.response.answers.get(log["id"])
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and (
                row.get("done_on") or _rating(row, "actual_distress") is not None
            ):
                steps.append(_ladder_step(row, _submitted_on(assignment)))
    return steps


def _ladder_step(row: dict[str, Any], submitted_on: date) -> LadderStep:
    try:
        day = date.fromisoformat(_text(row, "done_on"))
    except ValueError:
        day = submitted_on
    return LadderStep(
        day=day,
        step=_text(row, "step"),
        expected_distress=_rating(row, "expected_distress"),
        actual_distress=_rating(row, "actual_distress"),
    )


def _urge(assignment: Assignment) -> UrgeRecord:
    answers = assignment.response.answers
    return UrgeRecord(
        day=_submitted_on(assignment),
        urge_before=_rating(answers, "urge_before"),
        urge_after=_rating(answers, "urge_after"),
        said_it=_option_label(assignment, "said_it", answers.get("said_it")),
    )


def _option_label(assignment: Assignment, field_id: str, value: Any) -> str | None:
    spec = next((f for f in _fields(assignment) if f.get("id") == field_id), {})
    labels = {o.get("value"): o.get("label") for o in spec.get("options", [])}
    return labels.get(value) if isinstance(value, str) else None


def pairs_of(records: Sequence[Any], before: str, after: str) -> list[Pair]:
    """The two named ratings of each record, on its day, for a paired chart."""
    return [Pair(r.day, getattr(r, before), getattr(r, after)) for r in records]
