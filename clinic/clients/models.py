import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.auth.models import User
from clinic.db import db_enum, utcnow
from clinic.extensions import db


class ClientStatus(enum.StrEnum):
    ACTIVE = "active"
    DISCHARGED = "discharged"


class GoalStatus(enum.StrEnum):
    OPEN = "open"
    MET = "met"
    DROPPED = "dropped"


class Attendance(enum.StrEnum):
    ATTENDED = "attended"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return {"attended": "Attended", "cancelled": "Cancelled", "no_show": "No-show"}[self.value]


class Client(db.Model):
    __tablename__ = "clients"
    __table_args__ = (sa.Index("ix_clients_therapist_status", "therapist_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    preferred_name: Mapped[str] = mapped_column(sa.String(80))
    full_name: Mapped[str] = mapped_column(sa.String(160))
    date_of_birth: Mapped[date | None]
    email: Mapped[str | None] = mapped_column(sa.String(254))
    pronouns: Mapped[str | None] = mapped_column(sa.String(40))
    status: Mapped[ClientStatus] = mapped_column(db_enum(ClientStatus), default=ClientStatus.ACTIVE)
    discharged_on: Mapped[date | None]
    discharge_reason: Mapped[str | None] = mapped_column(sa.Text)
    # Raised by the latest intake's safety screen or by `measure_safety_flag`, so the caseload
    # can filter on one column; an intake save keeps a raised measure flag raised.
    safety_flag: Mapped[bool] = mapped_column(default=False)
    # Raised by a questionnaire's safety item (PHQ-9 item 9); only the therapist clears it.
    measure_safety_flag: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    therapist: Mapped[User] = relationship()
    intake_versions: Mapped[list["IntakeVersion"]] = relationship(
        back_populates="client",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="IntakeVersion.number",
    )
    goals: Mapped[list["Goal"]] = relationship(
        back_populates="client",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Goal.created_at",
    )
    assignments: Mapped[list["Assignment"]] = relationship(  # noqa: F821
        back_populates="client",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Assignment.created_at.desc()",
    )
    session_notes: Mapped[list["SessionNote"]] = relationship(
        back_populates="client",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SessionNote.session_date.desc()",
    )

    @property
    def is_active(self) -> bool:
        return self.status is ClientStatus.ACTIVE

    def __repr__(self) -> str:
        return f"<Client {self.id}>"


class IntakeVersion(db.Model):
    """One saved state of a client's intake; the highest number is the current one.

    `data` follows `clinic.clients.intake.IntakeData`; item ids refer to the taxonomy of
    `taxonomy_version`.
    """

    __tablename__ = "intake_versions"
    __table_args__ = (sa.UniqueConstraint("client_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"))
    number: Mapped[int]
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    taxonomy_version: Mapped[int]
    saved_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client] = relationship(back_populates="intake_versions")
    saved_by: Mapped[User] = relationship()


class Goal(db.Model):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[GoalStatus] = mapped_column(db_enum(GoalStatus), default=GoalStatus.OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_on: Mapped[date | None]

    client: Mapped[Client] = relationship(back_populates="goals")
    ratings: Mapped[list["GoalRating"]] = relationship(
        back_populates="goal",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(GoalRating.rated_on, GoalRating.id)",
    )

    @property
    def latest_rating(self) -> "GoalRating | None":
        return self.ratings[-1] if self.ratings else None


class GoalRating(db.Model):
    __tablename__ = "goal_ratings"
    __table_args__ = (sa.CheckConstraint("score BETWEEN 0 AND 10", name="score_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(sa.ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    rated_on: Mapped[date]
    score: Mapped[int]

    goal: Mapped[Goal] = relationship(back_populates="ratings")


class SessionNote(db.Model):
    __tablename__ = "session_notes"
    __table_args__ = (
        sa.Index("ix_session_notes_client_date", "client_id", "session_date"),
        sa.CheckConstraint("duration_minutes BETWEEN 0 AND 600", name="duration_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"))
    session_date: Mapped[date]
    duration_minutes: Mapped[int]
    attendance: Mapped[Attendance] = mapped_column(db_enum(Attendance))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    written_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client] = relationship(back_populates="session_notes")
