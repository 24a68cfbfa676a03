"""Homework-derived trends, read from hand-built submitted responses."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from clinic.charts import Week
from clinic.clients.models import Client
from clinic.content import get_content
from clinic.extensions import db
from clinic.homework import services as homework
from clinic.homework.models import Assignment, AssignmentStatus, Response, ResponseStatus
from clinic.homework.trends import (
    Experiment,
    LadderStep,
    UrgeRecord,
    client_assignments,
    completion_by_week,
    homework_trends,
)

TODAY = date(2026, 6, 1)


@pytest.fixture
def robin(ctx, client_record) -> Client:
    return db.session.get(Client, client_record.id)


@pytest.fixture
def give(robin):
    """`give(slug, due_on=..., answers=..., submitted_on=..., draft=False)` → the assignment."""

    def make(
        slug: str,
        *,
        due_on: date | None = None,
        answers: dict[str, Any] | None = None,
        submitted_on: date | None = None,
        draft: bool = False,
    ) -> Assignment:
        assignment, _ = homework.assign(
            robin,
            get_content().exercises[slug],
            instructions="",
            due_on=due_on,
            by=robin.therapist,
        )
        if answers is not None:
            when = datetime.combine(submitted_on or TODAY, datetime.min.time(), UTC)
            assignment.response = Response(
                answers=answers,
                status=ResponseStatus.DRAFT if draft else ResponseStatus.SUBMITTED,
                submitted_at=None if draft else when,
            )
            if not draft:
                assignment.status = AssignmentStatus.SUBMITTED
        db.session.flush()
        return assignment

    return make


def trends_of(robin):
    return homework_trends(client_assignments(robin), until=TODAY)


def trust_step(before=70, after=30, belief=80, rerated=45, **extra) -> dict[str, Any]:
    return {
        "belief": "They will think less of me",
        "belief_strength": belief,
        "step": "Tell Sam about a worry",
        "prediction": "Sam will change the subject",
        "distress_before": before,
        "what_happened": "Sam listened",
        "distress_after": after,
        "learned": "Better than predicted",
        "belief_rerated": rerated,
        **extra,
    }


def say_it(before, after, said="yes") -> dict[str, Any]:
    return {"trigger": "Late again", "urge_before": before, "urge_after": after, "said_it": said}


def test_trust_steps_give_distress_and_belief_before_and_after(robin, give):
    give("small-trust-step", answers=trust_step(70, 30, 80, 45), submitted_on=date(2026, 5, 4))
    give("small-trust-step", answers=trust_step(50, 20, 60, 30), submitted_on=date(2026, 5, 11))

    assert trends_of(robin).experiments == [
        Experiment(
            date(2026, 5, 4),
            "Small trust step",
            "Tell Sam about a worry",
            "Sam will change the subject",
            "Sam listened",
            70,
            30,
            80,
            45,
        ),
        Experiment(
            date(2026, 5, 11),
            "Small trust step",
            "Tell Sam about a worry",
            "Sam will change the subject",
            "Sam listened",
            50,
            20,
            60,
            30,
        ),
    ]


def test_partial_or_odd_answers_leave_gaps_not_errors(robin, give):
    answers = trust_step()
    del answers["distress_after"], answers["step"]
    answers["belief_rerated"] = "a lot"
    give("small-trust-step", answers=answers)

    (experiment,) = trends_of(robin).experiments
    assert experiment.distress_before == 70 and experiment.distress_after is None
    assert experiment.belief_after is None and experiment.step == ""


def test_drafts_and_unsubmitted_homework_are_left_out(robin, give):
    give("small-trust-step", answers=trust_step(), draft=True)
    give("small-trust-step")
    give("say-it-instead-of-checking", answers=say_it(8, 3), draft=True)

    trends = trends_of(robin)
    assert trends.experiments == [] and trends.urges == []


def test_exercises_are_recognised_by_their_snapshot_not_their_slug(robin, give):
    renamed = give("small-trust-step", answers=trust_step())
    renamed.exercise_slug = "some-retired-slug"
    stripped = give("small-trust-step", answers=trust_step())
    stripped.snapshot = {
        **stripped.snapshot,
        "fields": [f for f in stripped.snapshot["fields"] if f["id"] != "distress_after"],
    }
    db.session.flush()

    (experiment,) = trends_of(robin).experiments
    assert experiment.distress_before == 70


def test_say_it_gives_urge_before_and_after_and_what_the_client_chose(robin, give):
    give("say-it-instead-of-checking", answers=say_it(8, 3), submitted_on=date(2026, 5, 1))
    give(
        "say-it-instead-of-checking", answers=say_it(7, 5, "not_yet"), submitted_on=date(2026, 5, 8)
    )
    give("say-it-instead-of-checking", answers=say_it(6, 2), submitted_on=date(2026, 5, 15))
    give("say-it-instead-of-checking", answers={"urge_before": 9}, submitted_on=date(2026, 5, 22))

    trends = trends_of(robin)

    assert trends.urges == [
        UrgeRecord(date(2026, 5, 1), 8, 3, "Yes"),
        UrgeRecord(date(2026, 5, 8), 7, 5, "Not yet"),
        UrgeRecord(date(2026, 5, 15), 6, 2, "Yes"),
        UrgeRecord(date(2026, 5, 22), 9, None, None),
    ]
    assert trends.said_it_counts == [("Yes", 2), ("Not yet", 1)]


def test_trust_ladder_rungs_taken_give_expected_and_actual_distress(robin, give):
    rows = [
        {
            "step": "Say hello",
            "expected_distress": 30,
            "done_on": "2026-05-02",
            "actual_distress": 10,
        },
        {"step": "Ask for help", "expected_distress": 60, "done_on": "", "actual_distress": 0},
        {"step": "Share a secret", "expected_distress": 90, "done_on": "", "actual_distress": None},
    ]
    give(
        "trust-ladder", answers={"steps": rows, "noticed": "Easier"}, submitted_on=date(2026, 5, 9)
    )

    assert trends_of(robin).ladder_steps == [
        LadderStep(date(2026, 5, 2), "Say hello", 30, 10),
        LadderStep(date(2026, 5, 9), "Ask for help", 60, 0),
    ]


def test_completion_counts_homework_due_each_week_and_what_was_submitted(robin, give):
    # Week of Monday 4 May: two due, one submitted. 11 May: none. 18 May: one due and done.
    give("say-it-instead-of-checking", due_on=date(2026, 5, 4), answers=say_it(5, 2))
    give("thought-record", due_on=date(2026, 5, 10))
    give("say-it-instead-of-checking", due_on=date(2026, 5, 20), answers=say_it(4, 1))
    cancelled = give("thought-record", due_on=date(2026, 5, 6))
    homework.cancel(cancelled)
    give("thought-record")  # no due date
    give("thought-record", due_on=date(2026, 6, 3))  # not due yet

    assert trends_of(robin).weeks == [
        Week(date(2026, 5, 4), 2, 1),
        Week(date(2026, 5, 11), 0, 0),
        Week(date(2026, 5, 18), 1, 1),
    ]


def test_no_homework_means_no_weeks():
    assert completion_by_week([], until=TODAY) == []


def test_trends_take_a_fixed_number_of_queries_however_much_homework(robin, give, app):
    for week in range(6):
        give("small-trust-step", answers=trust_step(), submitted_on=date(2026, 4, 1 + week))
        give("say-it-instead-of-checking", answers=say_it(8, 3))
    db.session.expire_all()
    assert robin.id  # the client itself is loaded before counting
    statements = []

    def count(*_args) -> None:
        statements.append(1)

    engine = db.session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        trends = trends_of(robin)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)

    assert len(trends.experiments) == 6 and len(trends.urges) == 6
    assert len(statements) <= 2
