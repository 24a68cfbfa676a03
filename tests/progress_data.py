"""Records for progress tests: questionnaire results and submitted homework, made directly."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask

from clinic.clients.models import Client
from clinic.content import get_content
from clinic.extensions import db
from clinic.homework import services as homework
from clinic.homework.models import AssignmentStatus, Response, ResponseStatus
from clinic.measures.models import ResultSource
from clinic.measures.services import record_result

FIRST_DAY = date(2026, 3, 3)


def answers_totalling(slug: str, total: int) -> dict[str, int]:
    """Answers that add up to `total`, the safety item (PHQ-9 item 9) always the lowest."""
    measure = get_content().measures[slug]
    answers, left = {}, total
    for item in measure.items:
        wanted = 0 if item.key == measure.safety_item else min(max(item.values), left)
        answers[item.key] = next(v for v in item.values if item.points(v) == wanted)
        left -= wanted
    assert left == 0, f"{total} is out of reach for {slug}"
    return answers


def record_scores(
    app: Flask, client: Client, slug: str, *totals: int, first_day: date = FIRST_DAY
) -> None:
    """One result a fortnight from `first_day`, entered in session by the therapist."""
    with app.app_context():
        owner = db.session.get(Client, client.id)
        for index, total in enumerate(totals):
            record_result(
                owner,
                get_content().measures[slug],
                answers_totalling(slug, total),
                taken_on=first_day + timedelta(weeks=2 * index),
                source=ResultSource.SESSION,
                by=owner.therapist,
            )
        db.session.commit()


def submit_homework(
    app: Flask,
    client: Client,
    slug: str,
    answers: dict[str, Any],
    *,
    on: date,
    due_on: date | None = None,
) -> None:
    """Homework assigned and already sent back on `on`, with exactly these answers."""
    with app.app_context():
        owner = db.session.get(Client, client.id)
        assignment, _ = homework.assign(
            owner, get_content().exercises[slug], instructions="", due_on=due_on, by=owner.therapist
        )
        assignment.response = Response(
            answers=answers,
            status=ResponseStatus.SUBMITTED,
            submitted_at=datetime.combine(on, datetime.min.time(), UTC),
        )
        assignment.status = AssignmentStatus.SUBMITTED
        db.session.commit()
