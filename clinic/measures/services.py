"""Measure rules: recording results, the safety item, reading change, and sending by link."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from clinic.audit.services import record
from clinic.auth.models import User
from clinic.charts.text import long_date
from clinic.clients.intake import is_at_risk
from clinic.clients.models import Client
from clinic.clients.services import current_intake_data
from clinic.content import get_content
from clinic.content.measures import Item, Measure
from clinic.db import utcnow
from clinic.extensions import db
from clinic.homework.models import Assignment, ShareLink
from clinic.homework.services import new_link, revoke_links
from clinic.measures.models import MeasureRequest, MeasureResult, ResultSource

RELIABLE_IMPROVEMENT = "reliable improvement"
RELIABLE_DETERIORATION = "reliable deterioration"
NO_RELIABLE_CHANGE = "no reliable change"
DESCRIPTIVE_ONLY = "descriptive only"


class MeasureRuleError(ValueError):
    """A requested change breaks a rule; the message is fit to show."""


class IncompleteAnswers(ValueError):
    """Scored items were left unanswered; `missing` lists them in order."""

    def __init__(self, measure: Measure, missing: list[Item]):
        numbers = ", ".join(str(measure.items.index(item) + 1) for item in missing)
        noun = "question" if len(missing) == 1 else "questions"
        super().__init__(f"Please answer {noun} {numbers} of the {measure.short_title}.")
        self.measure = measure
        self.missing = missing


class AlreadyAnswered(Exception):
    """The questionnaire sent by link was already answered, from another tab or visit."""


def measure_for(slug: str) -> Measure | None:
    return get_content().measures.get(slug)


def read_answers(measure: Measure, form: Mapping[str, Any]) -> dict[str, int]:
    """The answers in submitted form data (one field per item key); bad values are dropped,
    so that they count as unanswered."""
    answers: dict[str, int] = {}
    for item in measure.questions:
        raw = str(form.get(item.key, "")).strip()
        if raw.isdigit() and int(raw) in item.values:
            answers[item.key] = int(raw)
    return answers


# Recording results


def record_result(
    client: Client,
    measure: Measure,
    answers: Mapping[str, int],
    *,
    taken_on: date,
    source: ResultSource,
    by: User | None,
    request: MeasureRequest | None = None,
    submission_key: str | None = None,
) -> MeasureResult:
    """Score the answers and store them; a positive safety item raises the client's flag now.

    IncompleteAnswers when a scored item has no valid answer. The audit event holds ids and
    the flag only, never answers or scores.
    """
    missing = measure.missing(answers)
    if missing:
        raise IncompleteAnswers(measure, missing)
    if taken_on > date.today():
        raise MeasureRuleError("The date taken cannot be in the future.")
    kept = {item.key: answers[item.key] for item in measure.questions if item.key in answers}
    total = measure.score(kept)
    band = measure.band_for(total)
    result = MeasureResult(
        client=client,
        measure_slug=measure.slug,
        measure_version=measure.version,
        answers=kept,
        total=total,
        band=band.label if band else None,
        taken_on=taken_on,
        source=source,
        entered_by=by,
        safety_item_positive=measure.safety_item_positive(kept),
        request=request,
        submission_key=submission_key,
    )
    db.session.add(result)
    db.session.flush()
    record(
        "measure.recorded",
        object_type="client",
        object_id=client.id,
        actor=by,
        actor_label=None if by else _link_actor(request),
        details={
            "measure": measure.slug,
            "result": result.id,
            "source": source.value,
            "safety_item_positive": result.safety_item_positive,
        },
    )
    if result.safety_item_positive:
        _raise_measure_flag(client, result)
    return result


def _link_actor(request: MeasureRequest | None) -> str | None:
    return f"measure-request:{request.id}" if request else None


def _raise_measure_flag(client: Client, result: MeasureResult) -> None:
    client.measure_safety_flag = True
    client.safety_flag = True
    record(
        "client.safety_flag_raised",
        object_type="client",
        object_id=client.id,
        actor_label="system",
        details={"by": "measure", "result": result.id},
    )


def clear_measure_flag(client: Client, *, by: User) -> None:
    """The therapist has reviewed the risk a questionnaire showed; the intake's screen stays."""
    if not client.measure_safety_flag:
        raise MeasureRuleError("No questionnaire has raised a safety flag.")
    client.measure_safety_flag = False
    client.safety_flag = is_at_risk(current_intake_data(client))
    record("client.measure_flag_cleared", object_type="client", object_id=client.id, actor=by)


def flagging_result(client: Client) -> MeasureResult | None:
    """The latest result with a positive safety item, while the measure flag is raised."""
    if not client.measure_safety_flag:
        return None
    return db.session.scalar(
        sa.select(MeasureResult)
        .where(MeasureResult.client_id == client.id, MeasureResult.safety_item_positive)
        .order_by(MeasureResult.taken_on.desc(), MeasureResult.id.desc())
        .limit(1)
    )


def results_for(client: Client, slug: str | None = None) -> list[MeasureResult]:
    """The client's results, oldest first (by date taken, then by entry)."""
    query = sa.select(MeasureResult).where(MeasureResult.client_id == client.id)
    if slug is not None:
        query = query.where(MeasureResult.measure_slug == slug)
    return list(db.session.scalars(query.order_by(MeasureResult.taken_on, MeasureResult.id)))


def result_for(client: Client, result_id: int) -> MeasureResult | None:
    result = db.session.get(MeasureResult, result_id)
    return result if result is not None and result.client_id == client.id else None


# Reading change


def verdict(measure: Measure, first: int, latest: int) -> str:
    """How the change from `first` to `latest` reads under the measure's rules."""
    if measure.reliable_change is None:
        return DESCRIPTIVE_ONLY
    change = latest - first
    better = -change if measure.higher_is_worse else change
    if better >= measure.reliable_change:
        return RELIABLE_IMPROVEMENT
    if -better >= measure.reliable_change:
        return RELIABLE_DETERIORATION
    return NO_RELIABLE_CHANGE


@dataclass(frozen=True)
class MeasureChange:
    """Movement in one measure from the client's first result to their latest."""

    measure: Measure
    first: MeasureResult
    latest: MeasureResult
    change: int
    verdict: str
    case_before: bool | None
    case_after: bool | None

    @property
    def is_reliable(self) -> bool:
        return self.verdict in (RELIABLE_IMPROVEMENT, RELIABLE_DETERIORATION)

    @property
    def statement(self) -> str:
        """E.g. "PHQ-9 fell from 17 to 9 since 3 March 2026: reliable improvement."."""
        name = self.measure.short_title
        since = long_date(self.first.taken_on)
        if self.change == 0:
            movement = f"{name} stayed at {self.latest.total} since {since}"
        else:
            verb = "rose" if self.change > 0 else "fell"
            movement = f"{name} {verb} from {self.first.total} to {self.latest.total} since {since}"
        if self.verdict == DESCRIPTIVE_ONLY:
            return f"{movement} (not a validated measure: change is descriptive only)."
        return f"{movement}: {self.verdict}."

    @property
    def caseness_statement(self) -> str | None:
        """E.g. "Above the caseness cut-off (10) at first, below it now."; None without one."""
        if self.case_before is None or self.case_after is None:
            return None
        cut_off = self.measure.caseness

        def side(case: bool) -> str:
            return "at or above" if case else "below"

        if self.case_before == self.case_after:
            return (
                f"{side(self.case_after).capitalize()} the caseness cut-off ({cut_off}) throughout."
            )
        return (
            f"{side(self.case_before).capitalize()} the caseness cut-off ({cut_off}) at first, "
            f"{side(self.case_after)} it now."
        )


def change_for(measure: Measure, results: list[MeasureResult]) -> MeasureChange | None:
    """The change across `results` (oldest first); None with fewer than two."""
    if len(results) < 2:
        return None
    first, latest = results[0], results[-1]
    return MeasureChange(
        measure=measure,
        first=first,
        latest=latest,
        change=latest.total - first.total,
        verdict=verdict(measure, first.total, latest.total),
        case_before=measure.is_case(first.total),
        case_after=measure.is_case(latest.total),
    )


def change_summaries(client: Client) -> list[MeasureChange]:
    """One summary per measure the client has answered at least twice, in content order."""
    by_slug: dict[str, list[MeasureResult]] = {}
    for result in results_for(client):
        by_slug.setdefault(result.measure_slug, []).append(result)
    summaries = []
    for slug, measure in get_content().measures.items():
        change = change_for(measure, by_slug.get(slug, []))
        if change is not None:
            summaries.append(change)
    return summaries


# Sending by share link


def send_measure(client: Client, measure: Measure, *, by: User) -> tuple[MeasureRequest, str]:
    """Send the questionnaire alone, on a link of its own. Returns the request and the token."""
    request = _new_request(client, measure, by=by)
    return request, issue_request_link(request)


def add_to_assignment(assignment: Assignment, measure: Measure, *, by: User) -> MeasureRequest:
    """Send the questionnaire on the assignment's link, to be answered on the same page."""
    if not assignment.is_open:
        raise MeasureRuleError("This homework is closed; send the questionnaire on its own.")
    if any(r.measure_slug == measure.slug and r.is_open for r in assignment.measure_requests):
        raise MeasureRuleError(f"The {measure.short_title} is already sent with this homework.")
    return _new_request(assignment.client, measure, by=by, assignment=assignment)


def _new_request(
    client: Client, measure: Measure, *, by: User, assignment: Assignment | None = None
) -> MeasureRequest:
    if not client.is_active:
        raise MeasureRuleError("Reopen the client before sending a questionnaire.")
    request = MeasureRequest(
        client=client,
        measure_slug=measure.slug,
        measure_version=measure.version,
        assignment=assignment,
        created_by=by,
    )
    db.session.add(request)
    db.session.flush()
    record(
        "measure.sent",
        object_type="client",
        object_id=client.id,
        details={
            "measure": measure.slug,
            "request": request.id,
            "assignment": assignment.id if assignment else None,
        },
    )
    return request


def request_for(client: Client, request_id: int) -> MeasureRequest | None:
    request = db.session.get(MeasureRequest, request_id)
    return request if request is not None and request.client_id == client.id else None


def live_request_link(request: MeasureRequest) -> ShareLink | None:
    now = utcnow()
    return next((link for link in request.links if link.is_live(now)), None)


def issue_request_link(request: MeasureRequest) -> str:
    """A new link for a questionnaire sent alone; any earlier link stops working."""
    if request.assignment_id is not None:
        raise MeasureRuleError("This questionnaire travels on its homework's link.")
    if not request.is_open:
        raise MeasureRuleError("This questionnaire is closed, so it needs no new link.")
    revoke_links(request.links)
    link, token = new_link(measure_request=request)
    record(
        "link.issued",
        object_type="measure_request",
        object_id=request.id,
        details={"link": link.id},
    )
    return token


def revoke_request_link(request: MeasureRequest) -> None:
    if not revoke_links(request.links):
        raise MeasureRuleError("There is no live link to revoke.")
    record("link.revoked", object_type="measure_request", object_id=request.id)


def cancel_request(request: MeasureRequest) -> None:
    if not request.is_open:
        raise MeasureRuleError("This questionnaire is already closed.")
    request.cancelled_at = utcnow()
    revoke_links(request.links)
    record("measure_request.cancelled", object_type="measure_request", object_id=request.id)


def requests_on(link: ShareLink) -> list[MeasureRequest]:
    """The questionnaires a link carries: its own, or those sent with its assignment."""
    if link.measure_request is not None:
        return [link.measure_request]
    return [r for r in link.assignment.measure_requests if r.cancelled_at is None]


def open_requests(client: Client) -> list[MeasureRequest]:
    return list(
        db.session.scalars(
            sa.select(MeasureRequest)
            .where(MeasureRequest.client_id == client.id, MeasureRequest.cancelled_at.is_(None))
            .where(~sa.exists().where(MeasureResult.request_id == MeasureRequest.id))
            .order_by(MeasureRequest.created_at)
        )
    )


def submit_by_link(
    link: ShareLink, request: MeasureRequest, answers: Mapping[str, int], *, key: str | None
) -> MeasureResult:
    """Store the client's answers once.

    The same page submitting again (a double tap, a resent form) gets the first result back;
    another page gets AlreadyAnswered. IncompleteAnswers as for `record_result`.
    """
    if request not in requests_on(link):
        raise MeasureRuleError("This questionnaire is not on this link.")
    if request.result is not None:
        return _repeat_or_refuse(request.result, key)
    measure = measure_for(request.measure_slug)
    if measure is None:
        raise MeasureRuleError("This questionnaire is no longer available.")
    try:
        with db.session.begin_nested():
            result = record_result(
                request.client,
                measure,
                answers,
                taken_on=utcnow().date(),
                source=ResultSource.LINK,
                by=None,
                request=request,
                submission_key=key,
            )
    except IntegrityError:
        db.session.expire(request, ["result"])
        return _repeat_or_refuse(request.result, key)
    return result


def _repeat_or_refuse(result: MeasureResult | None, key: str | None) -> MeasureResult:
    if result is not None and key and result.submission_key == key:
        return result
    raise AlreadyAnswered()


def answers_for_total(measure: Measure, total: int, **fixed: int) -> dict[str, int]:
    """Answers that score `total`, spread evenly over the items (`fixed` answers kept as
    given); for seeding demonstrations and tests. ValueError when the total cannot be made."""
    answers = dict(fixed)
    free = [item for item in measure.items if item.key not in fixed]
    remaining = total - sum(measure.item(key).points(value) for key, value in fixed.items())
    top = max(measure.options_max(item) for item in free) if free else 0
    if not 0 <= remaining <= top * len(free):
        raise ValueError(f"{measure.short_title} cannot total {total}")
    for index, item in enumerate(free):
        points = remaining // len(free) + (1 if index < remaining % len(free) else 0)
        answers[item.key] = measure.options_max(item) - points if item.reverse else points
    return answers
