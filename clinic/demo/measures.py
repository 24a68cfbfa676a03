"""The demo clinic's questionnaires: twelve weeks of PHQ-9 and GAD-7 entered in session every
two weeks and a weekly trust check-in answered by link, moving as the client's course says
(`data.MEASURE_COURSES`), through the ordinary measure services and dated back."""

import random
from datetime import date, timedelta

from flask import current_app

from clinic.auth.models import User
from clinic.clients.models import Client
from clinic.content import get_content
from clinic.content.measures import Measure
from clinic.demo.data import (
    MEASURE_COURSES,
    MEASURE_EVERY,
    MEASURE_JITTER,
    RANDOM_SEED,
    ClientPlan,
)
from clinic.demo.dates import backdated
from clinic.homework import services as homework
from clinic.measures import services
from clinic.measures.models import ResultSource

CHECK_IN_DAYS = 2  # after the session that the client answers the weekly check-in by link


def seed_measures(client: Client, plan: ClientPlan, therapist: User, first: date) -> None:
    if plan.measures is None:
        return
    rng = random.Random(f"{RANDOM_SEED}:{plan.full_name}:measures")  # noqa: S311 (not a secret)
    weeks = len(plan.homework.split())
    for week in range(weeks):
        day = first + timedelta(weeks=week)
        progress = week / (weeks - 1)
        for slug, (start, end) in MEASURE_COURSES[plan.measures].items():
            if week % MEASURE_EVERY[slug] and week != weeks - 1:
                continue
            measure = get_content().measures[slug]
            total = _total(measure, start, end, progress, rng)
            if MEASURE_EVERY[slug] == 1:
                _answered_by_link(client, measure, total, day, therapist)
            else:
                _entered_in_session(client, measure, total, day, therapist)


def _total(measure: Measure, start: int, end: int, progress: float, rng: random.Random) -> int:
    """On the course from start to end; the first and the latest exactly on it."""
    level = start + (end - start) * progress
    if 0 < progress < 1:
        jitter = MEASURE_JITTER[measure.slug]
        level += rng.randint(-jitter, jitter)
    return max(0, min(measure.max_total, round(level)))


def _answers(measure: Measure, total: int) -> dict[str, int]:
    fixed = {measure.safety_item: 0} if measure.safety_item else {}
    answers = services.answers_for_total(measure, total, **fixed)
    if measure.followup is not None:
        answers[measure.followup.key] = min(total // 7, max(measure.followup.values))
    return answers


def _entered_in_session(
    client: Client, measure: Measure, total: int, day: date, therapist: User
) -> None:
    result = services.record_result(
        client,
        measure,
        _answers(measure, total),
        taken_on=day,
        source=ResultSource.SESSION,
        by=therapist,
    )
    result.created_at = backdated(day)


def _answered_by_link(
    client: Client, measure: Measure, total: int, day: date, therapist: User
) -> None:
    """Sent at the session; the client opens the link and answers a couple of days later."""
    sent, token = services.send_measure(client, measure, by=therapist)
    link = homework.open_link(token)
    result = services.submit_by_link(link, sent, _answers(measure, total), key=None)
    answered = min(day + timedelta(days=CHECK_IN_DAYS), date.today())
    sent.created_at = link.created_at = backdated(day)
    link.expires_at = backdated(day) + timedelta(days=current_app.config["SHARE_LINK_DAYS"])
    link.first_opened_at = link.last_opened_at = result.created_at = backdated(answered)
    result.taken_on = answered
