"""The one way to write to the audit log."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from flask_login import current_user

from clinic.audit.models import AuditEvent
from clinic.auth.models import User
from clinic.extensions import db
from clinic.unit_of_work import queue_access_event


def record(
    action: str,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    actor: User | None = None,
    actor_label: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction.

    The actor defaults to the signed-in user; the IP to the request's remote address.
    `details` must hold identifiers and flags only: the audit log outlives erased records.
    """
    event = _event(action, object_type, object_id, actor, actor_label, details)
    db.session.add(event)
    return event


def _event(action, object_type, object_id, actor, actor_label, details) -> AuditEvent:
    in_request = has_request_context()
    if actor is None and actor_label is None and in_request and current_user.is_authenticated:
        actor = current_user._get_current_object()
    return AuditEvent(
        action=action,
        object_type=object_type,
        object_id=object_id,
        actor_user_id=actor.id if actor else None,
        actor_label=actor_label,
        ip=request.remote_addr if in_request else None,
        details=details or {},
    )


def record_access(
    action: str,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Record that something was shown to the signed-in user (a page, a download).

    In a request it is written after the response is ready, in a short transaction of its own
    (`clinic.unit_of_work`), so reading never holds the database's write lock.
    """
    queue_access_event(_event(action, object_type, object_id, None, None, details))


def search_events(
    *,
    action: str | None = None,
    actor_id: int | None = None,
    object_type: str | None = None,
    object_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    page: int = 1,
    per_page: int = 50,
):
    """Newest first, filtered; returns a Flask-SQLAlchemy pagination."""
    query = sa.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action.startswith(action, autoescape=True))
    if actor_id:
        query = query.where(AuditEvent.actor_user_id == actor_id)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id:
        query = query.where(AuditEvent.object_id == object_id)
    if since:
        query = query.where(AuditEvent.at >= since)
    if until:
        query = query.where(AuditEvent.at < until)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def action_names() -> list[str]:
    return list(
        db.session.scalars(sa.select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )
