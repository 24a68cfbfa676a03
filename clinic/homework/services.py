"""Homework rules: assigning, share links, drafts and submissions, review."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from clinic.audit.services import record
from clinic.auth.access import not_found
from clinic.auth.models import User
from clinic.clients.models import Client
from clinic.content.models import Exercise
from clinic.db import utcnow
from clinic.extensions import db
from clinic.homework.models import (
    Assignment,
    AssignmentStatus,
    Response,
    ResponseStatus,
    Review,
    ShareLink,
)
from clinic.homework.tokens import hash_token, new_token
from clinic.measures.models import MeasureRequest


class HomeworkRuleError(ValueError):
    """A requested change breaks a rule; the message is fit to show."""


class StaleDraft(Exception):
    """The draft was saved elsewhere (another tab or device) after this page was opened."""

    def __init__(self, current_revision: int):
        super().__init__("draft changed since the page was opened")
        self.current_revision = current_revision


class AlreadySubmitted(Exception):
    """The homework was already submitted, from another tab or an earlier visit."""


def _link_actor(link: ShareLink) -> str:
    return f"link:{link.id}"


def assignment_for(client: Client, assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        raise not_found("missing", "assignment")
    if assignment.client_id != client.id:
        raise not_found("not_owner", "assignment")
    return assignment


def assign(
    client: Client, exercise: Exercise, *, instructions: str, due_on: date | None, by: User
) -> tuple[Assignment, str]:
    """Give the client this exercise, frozen as it is today, and a share link for it."""
    if not client.is_active:
        raise HomeworkRuleError("Reopen the client before assigning homework.")
    assignment = Assignment(
        client=client,
        exercise_slug=exercise.slug,
        exercise_version=exercise.version,
        snapshot=exercise.to_snapshot(),
        instructions=instructions.strip(),
        due_on=due_on,
        created_by=by,
    )
    db.session.add(assignment)
    db.session.flush()
    record(
        "assignment.created",
        object_type="assignment",
        object_id=assignment.id,
        details={"client": client.id, "exercise": exercise.slug},
    )
    return assignment, issue_link(assignment)


def live_link(assignment: Assignment, now: datetime | None = None) -> ShareLink | None:
    now = now or utcnow()
    return next((link for link in assignment.links if link.is_live(now)), None)


def issue_link(assignment: Assignment) -> str:
    """A new link for the assignment; any earlier link stops working. Returns the token."""
    if not assignment.is_open:
        raise HomeworkRuleError("This homework is closed, so it needs no new link.")
    revoke_links(assignment.links)
    link, token = new_link(assignment=assignment)
    record(
        "link.issued", object_type="assignment", object_id=assignment.id, details={"link": link.id}
    )
    return token


def new_link(**target: Assignment | MeasureRequest) -> tuple[ShareLink, str]:
    """A share link to `assignment=` or `measure_request=`, and its token (shown once, never
    stored)."""
    token = new_token()
    link = ShareLink(
        **target,
        token_hash=hash_token(token),
        expires_at=utcnow() + timedelta(days=current_app.config["SHARE_LINK_DAYS"]),
    )
    db.session.add(link)
    db.session.flush()
    return link, token


def revoke_links(links: Iterable[ShareLink]) -> int:
    """Revoke every link not yet revoked; returns how many were."""
    now = utcnow()
    live = [link for link in links if link.revoked_at is None]
    for link in live:
        link.revoked_at = now
    if live:
        db.session.flush()
    return len(live)


def revoke_link(assignment: Assignment) -> None:
    if not revoke_links(assignment.links):
        raise HomeworkRuleError("There is no live link to revoke.")
    record("link.revoked", object_type="assignment", object_id=assignment.id)


def extend_link(assignment: Assignment, days: int) -> None:
    link = next((link for link in assignment.links if link.revoked_at is None), None)
    if link is None:
        raise HomeworkRuleError("There is no link to extend; issue a new one.")
    link.expires_at = max(link.expires_at, utcnow()) + timedelta(days=days)
    record(
        "link.extended", object_type="assignment", object_id=assignment.id, details={"days": days}
    )


def cancel(assignment: Assignment) -> None:
    if assignment.status in (AssignmentStatus.CANCELLED, AssignmentStatus.REVIEWED):
        raise HomeworkRuleError("This homework is already closed.")
    assignment.status = AssignmentStatus.CANCELLED
    revoke_links(assignment.links)
    record("assignment.cancelled", object_type="assignment", object_id=assignment.id)


# The client's side, through a share link


def open_link(token: str) -> ShareLink | None:
    """The live link for a token, counting the visit; None for unknown, expired or revoked."""
    link = db.session.scalar(sa.select(ShareLink).where(ShareLink.token_hash == hash_token(token)))
    now = utcnow()
    if link is None or not link.is_live(now) or is_cancelled(link):
        return None
    link.first_opened_at = link.first_opened_at or now
    link.last_opened_at = now
    link.open_count += 1
    object_type, object_id = link_target(link)
    record(
        "link.opened",
        actor_label=_link_actor(link),
        object_type=object_type,
        object_id=object_id,
    )
    return link


def is_cancelled(link: ShareLink) -> bool:
    """The homework or the questionnaire sent alone that the link opens was cancelled."""
    if link.assignment is not None:
        return link.assignment.status is AssignmentStatus.CANCELLED
    return link.measure_request.cancelled_at is not None


def link_target(link: ShareLink) -> tuple[str, int]:
    """The audit log's name for what the link opens."""
    if link.assignment_id is not None:
        return "assignment", link.assignment_id
    return "measure_request", link.measure_request_id


def link_by_id(link_id: int) -> ShareLink | None:
    return db.session.scalars(_link_with_page(), {"link_id": link_id}).first()


@cache
def _link_with_page():
    """The link with what the client's page shows, built once (keying an eager-loading
    statement for SQLAlchemy's cache costs as much as running it). Joined, but not further:
    on PostgreSQL, planning a join of more tables costs more than another statement."""
    homework = joinedload(ShareLink.assignment)
    return (
        sa.select(ShareLink)
        .where(ShareLink.id == sa.bindparam("link_id"))
        .options(
            homework.joinedload(Assignment.created_by),
            homework.joinedload(Assignment.response),
            homework.joinedload(Assignment.review),
            homework.selectinload(Assignment.measure_requests),
            joinedload(ShareLink.measure_request),
        )
    )


def _response_for(assignment: Assignment) -> Response:
    """The assignment's one response row, created if needed (safely under concurrency)."""
    if assignment.response is not None:
        return assignment.response
    try:
        with db.session.begin_nested():
            response = Response(assignment=assignment, answers={})
            db.session.add(response)
    except IntegrityError:
        db.session.expire(assignment, ["response"])
        return db.session.scalar(sa.select(Response).where(Response.assignment_id == assignment.id))
    return response


def save_draft(link: ShareLink, answers: dict[str, Any], *, seen_revision: int | None) -> Response:
    """Store the answers as a draft, unless it changed since the page showed `seen_revision`."""
    assignment = link.assignment
    response = _response_for(assignment)
    if response.status is ResponseStatus.SUBMITTED:
        raise AlreadySubmitted()
    current = response.revision
    if seen_revision is not None and seen_revision != current:
        raise StaleDraft(current)
    updated = db.session.execute(
        sa.update(Response)
        .where(
            Response.id == response.id,
            Response.revision == current,
            Response.status == ResponseStatus.DRAFT,
        )
        .values(answers=answers, revision=current + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(response)
    if not updated:
        if response.status is ResponseStatus.SUBMITTED:
            raise AlreadySubmitted()
        raise StaleDraft(response.revision)
    if assignment.status is AssignmentStatus.ASSIGNED:
        assignment.status = AssignmentStatus.IN_PROGRESS
    record(
        "response.draft_saved",
        actor_label=_link_actor(link),
        object_type="assignment",
        object_id=assignment.id,
        details={"revision": response.revision},
    )
    return response


@dataclass(frozen=True)
class Submission:
    response: Response
    repeated: bool


def submit(
    link: ShareLink,
    answers: dict[str, Any],
    *,
    key: str | None,
    seen_revision: int | None = None,
) -> Submission:
    """Submit the answers once.

    The same page submitting again (a double tap, a resent form) gets the first submission
    back; another page gets AlreadySubmitted. A page older than the saved draft (another tab
    saved since) gets StaleDraft, so it cannot replace newer answers unseen.
    """
    assignment = link.assignment
    response = _response_for(assignment)
    still_open = [Response.id == response.id, Response.status == ResponseStatus.DRAFT]
    if seen_revision is not None:
        still_open.append(Response.revision == seen_revision)
    submitted = db.session.execute(
        sa.update(Response)
        .where(*still_open)
        .values(
            answers=answers,
            status=ResponseStatus.SUBMITTED,
            submission_key=key,
            submitted_at=utcnow(),
            revision=Response.revision + 1,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(response)
    if not submitted:
        if response.status is ResponseStatus.DRAFT:
            raise StaleDraft(response.revision)
        if key and response.submission_key == key:
            return Submission(response, repeated=True)
        raise AlreadySubmitted()
    assignment.status = AssignmentStatus.SUBMITTED
    record(
        "response.submitted",
        actor_label=_link_actor(link),
        object_type="assignment",
        object_id=assignment.id,
    )
    return Submission(response, repeated=False)


# The therapist's review


def review(assignment: Assignment, *, comment: str, share: bool, by: User) -> Review:
    if assignment.status not in (AssignmentStatus.SUBMITTED, AssignmentStatus.REVIEWED):
        raise HomeworkRuleError("Only submitted homework can be reviewed.")
    current = assignment.review or Review(assignment=assignment)
    current.comment = comment.strip()
    current.shared_with_client = share
    current.reviewed_by = by
    current.reviewed_at = utcnow()
    db.session.add(current)
    assignment.status = AssignmentStatus.REVIEWED
    record(
        "assignment.reviewed",
        object_type="assignment",
        object_id=assignment.id,
        details={"shared": share},
    )
    return current


def reopen(assignment: Assignment) -> None:
    """Let the client change a submitted response; their answers stay as the draft."""
    response = assignment.response
    if response is None or response.status is not ResponseStatus.SUBMITTED:
        raise HomeworkRuleError("Only submitted homework can be reopened.")
    response.status = ResponseStatus.DRAFT
    response.submission_key = None
    response.revision += 1
    assignment.status = AssignmentStatus.IN_PROGRESS
    record("assignment.reopened", object_type="assignment", object_id=assignment.id)
