"""The one way to write to the audit log."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from flask_login import current_user

from clinic.audit.models import AuditEvent
from clinic.auth.models import User
from clinic.extensions import db


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
    in_request = has_request_context()
    if actor is None and actor_label is None and in_request and current_user.is_authenticated:
        actor = current_user._get_current_object()
    event = AuditEvent(
        action=action,
        object_type=object_type,
        object_id=object_id,
        actor_user_id=actor.id if actor else None,
        actor_label=actor_label,
        ip=request.remote_addr if in_request else None,
        details=details or {},
    )
    db.session.add(event)
    return event


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
