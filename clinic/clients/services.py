"""Rules for clients and their records: who may see them, changes, intake versions, erasure."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from clinic.audit.services import record, record_access
from clinic.auth.access import not_found
from clinic.auth.models import Role, User
from clinic.clients.intake import describe_changes, empty_intake, is_at_risk
from clinic.clients.models import (
    Attendance,
    Client,
    ClientStatus,
    Goal,
    GoalRating,
    GoalStatus,
    IntakeVersion,
    SessionNote,
)
from clinic.content.models import Taxonomy
from clinic.extensions import db


class ClientRuleError(ValueError):
    """A requested change breaks a rule; the message is fit to show beside the field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def client_for(user: User, client_id: int) -> Client:
    """The client if it is on this therapist's caseload; otherwise NotFound, never a hint."""
    client = db.session.get(Client, client_id)
    if client is None:
        raise not_found("missing", "client")
    if client.therapist_id != user.id:
        raise not_found("not_owner", "client")
    return client


def record_view(client: Client, what: str) -> None:
    record_access(
        "client.viewed", object_type="client", object_id=client.id, details={"page": what}
    )


def active_therapists() -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.role == Role.THERAPIST, User.is_active_account.is_(True))
            .order_by(User.name)
        )
    )


CLIENT_FIELDS = ("preferred_name", "full_name", "pronouns", "date_of_birth", "email")


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for key in CLIENT_FIELDS:
        value = fields.get(key)
        if isinstance(value, str):
            value = value.strip() or None
        cleaned[key] = value
    return cleaned


def create_client(therapist: User, **fields: Any) -> Client:
    client = Client(therapist=therapist, **_clean(fields))
    db.session.add(client)
    db.session.flush()
    record("client.created", object_type="client", object_id=client.id)
    return client


def update_client(client: Client, **fields: Any) -> None:
    changed = []
    for key, value in _clean(fields).items():
        if getattr(client, key) != value:
            setattr(client, key, value)
            changed.append(key)
    if changed:
        record(
            "client.updated", object_type="client", object_id=client.id, details={"fields": changed}
        )


def discharge(client: Client, *, on: date, reason: str) -> None:
    if not client.is_active:
        raise ClientRuleError("This client is already discharged.")
    client.status = ClientStatus.DISCHARGED
    client.discharged_on = on
    client.discharge_reason = reason.strip()
    record("client.discharged", object_type="client", object_id=client.id)


def reopen(client: Client) -> None:
    if client.is_active:
        raise ClientRuleError("This client is already active.")
    client.status = ClientStatus.ACTIVE
    client.discharged_on = None
    client.discharge_reason = None
    record("client.reopened", object_type="client", object_id=client.id)


def _therapist(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role is not Role.THERAPIST or not user.is_active_account:
        raise ClientRuleError("Choose an active therapist.", field="therapist_id")
    return user


def _move(client: Client, target: User, *, by: User) -> None:
    previous = client.therapist_id
    client.therapist = target
    record(
        "client.reassigned",
        actor=by,
        object_type="client",
        object_id=client.id,
        details={"from_user": previous, "to_user": target.id},
    )


def reassign(client: Client, to_therapist_id: int, *, by: User) -> None:
    target = _therapist(to_therapist_id)
    if target.id == client.therapist_id:
        raise ClientRuleError("This client is already on that caseload.", field="therapist_id")
    _move(client, target, by=by)


def reassign_caseload(from_therapist_id: int, to_therapist_id: int, *, by: User) -> int:
    """Move every client (active and discharged) from one therapist to another."""
    target = _therapist(to_therapist_id)
    clients = db.session.scalars(
        sa.select(Client).where(Client.therapist_id == from_therapist_id)
    ).all()
    for client in clients:
        _move(client, target, by=by)
    record(
        "caseload.reassigned",
        actor=by,
        object_type="user",
        object_id=from_therapist_id,
        details={"to_user": target.id, "clients": len(clients)},
    )
    return len(clients)


def erase(client: Client, *, confirm_name: str, by: User) -> None:
    """Remove the client and all clinical data; the audit entry keeps only the id."""
    if confirm_name.strip() != client.full_name:
        raise ClientRuleError(
            "That does not match the client's full name exactly.", field="confirm_name"
        )
    client_id = client.id
    db.session.delete(client)
    db.session.flush()
    record("client.erased", actor=by, object_type="client", object_id=client_id)


# Intake


def latest_intake(client: Client) -> IntakeVersion | None:
    return db.session.scalar(
        sa.select(IntakeVersion)
        .where(IntakeVersion.client_id == client.id)
        .order_by(IntakeVersion.number.desc())
        .limit(1)
    )


def current_intake_data(client: Client) -> dict[str, Any]:
    version = latest_intake(client)
    return version.data if version else empty_intake()


def save_intake(client: Client, data: dict[str, Any], taxonomy: Taxonomy, *, by: User) -> bool:
    """Store a new version when something changed; the earlier versions are kept.

    Returns whether a version was written.
    """
    previous = latest_intake(client)
    if previous is not None and previous.data == data:
        return False
    number = previous.number + 1 if previous else 1
    db.session.add(
        IntakeVersion(
            client=client, number=number, data=data, taxonomy_version=taxonomy.version, saved_by=by
        )
    )
    client.safety_flag = is_at_risk(data) or client.measure_safety_flag
    record(
        "intake.saved",
        object_type="client",
        object_id=client.id,
        details={"version": number, "safety_flag": client.safety_flag},
    )
    return True


@dataclass(frozen=True)
class IntakeChange:
    version: IntakeVersion
    changes: tuple[str, ...]


def intake_history(client: Client, taxonomy: Taxonomy) -> list[IntakeChange]:
    """Newest first: each saved version with what it changed from the one before."""
    versions = db.session.scalars(
        sa.select(IntakeVersion)
        .where(IntakeVersion.client_id == client.id)
        .options(selectinload(IntakeVersion.saved_by))
        .order_by(IntakeVersion.number)
    ).all()
    history = []
    before = empty_intake()
    for version in versions:
        history.append(
            IntakeChange(version, tuple(describe_changes(before, version.data, taxonomy)))
        )
        before = version.data
    return history[::-1]


# Goals and session notes


def add_goal(client: Client, description: str) -> Goal:
    goal = Goal(client=client, description=description.strip())
    db.session.add(goal)
    db.session.flush()
    record("goal.created", object_type="client", object_id=client.id, details={"goal": goal.id})
    return goal


def goal_for(client: Client, goal_id: int) -> Goal:
    goal = db.session.get(Goal, goal_id)
    if goal is None:
        raise not_found("missing", "goal")
    if goal.client_id != client.id:
        raise not_found("not_owner", "goal")
    return goal


def rate_goal(goal: Goal, score: int, on: date) -> None:
    if not 0 <= score <= 10:
        raise ClientRuleError("Progress is rated from 0 to 10.", field="score")
    goal.ratings.append(GoalRating(score=score, rated_on=on))
    record("goal.rated", object_type="client", object_id=goal.client_id, details={"goal": goal.id})


def set_goal_status(goal: Goal, status: GoalStatus) -> None:
    goal.status = status
    goal.closed_on = None if status is GoalStatus.OPEN else date.today()
    record(
        "goal.status_changed",
        object_type="client",
        object_id=goal.client_id,
        details={"goal": goal.id, "status": status.value},
    )


def add_session_note(
    client: Client, *, on: date, minutes: int, attendance: Attendance, note: str, by: User
) -> SessionNote:
    session_note = SessionNote(
        client=client,
        session_date=on,
        duration_minutes=minutes,
        attendance=attendance,
        note=note.strip(),
        written_by_id=by.id,
    )
    db.session.add(session_note)
    db.session.flush()
    record(
        "session_note.created",
        object_type="client",
        object_id=client.id,
        details={"note": session_note.id},
    )
    return session_note
