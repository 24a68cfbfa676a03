import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clinic.auth.models import User
from clinic.clients.models import Client
from clinic.db import db_enum, utcnow
from clinic.extensions import db

if TYPE_CHECKING:
    from clinic.measures.models import MeasureRequest


class AssignmentStatus(enum.StrEnum):
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class ResponseStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Assignment(db.Model):
    """Homework given to one client, made from an exercise as it was on that day."""

    __tablename__ = "assignments"
    __table_args__ = (sa.Index("ix_assignments_client_status", "client_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"))
    exercise_slug: Mapped[str] = mapped_column(sa.String(80))
    exercise_version: Mapped[int]
    # The exercise's title, instructions and fields when assigned: answers are always read
    # against this, never against the current content file.
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    instructions: Mapped[str] = mapped_column(sa.Text, default="")
    due_on: Mapped[date | None]
    status: Mapped[AssignmentStatus] = mapped_column(
        db_enum(AssignmentStatus), default=AssignmentStatus.ASSIGNED
    )
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    client: Mapped[Client] = relationship(back_populates="assignments")
    created_by: Mapped[User] = relationship()
    links: Mapped[list["ShareLink"]] = relationship(
        back_populates="assignment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ShareLink.created_at",
    )
    response: Mapped["Response | None"] = relationship(
        back_populates="assignment", cascade="all, delete-orphan", passive_deletes=True
    )
    review: Mapped["Review | None"] = relationship(
        back_populates="assignment", cascade="all, delete-orphan", passive_deletes=True
    )
    # Questionnaires sent on this assignment's link, answered on the same page.
    measure_requests: Mapped[list["MeasureRequest"]] = relationship(
        back_populates="assignment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MeasureRequest.id",
    )

    @property
    def title(self) -> str:
        return self.snapshot["title"]

    @property
    def is_open(self) -> bool:
        """The client can still work on it."""
        return self.status in (AssignmentStatus.ASSIGNED, AssignmentStatus.IN_PROGRESS)

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today


class ShareLink(db.Model):
    """The client's way in. Only the SHA-256 of the token is stored.

    A link opens either an assignment (with any questionnaires sent along with it) or one
    questionnaire sent alone, never both.
    """

    __tablename__ = "share_links"
    __table_args__ = (
        # At most one live (unrevoked) link per assignment, and per questionnaire sent alone.
        sa.Index(
            "uq_share_links_live_assignment",
            "assignment_id",
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        ),
        sa.Index(
            "uq_share_links_live_measure_request",
            "measure_request_id",
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        ),
        sa.CheckConstraint(
            "(assignment_id IS NULL) <> (measure_request_id IS NULL)", name="one_target"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    measure_request_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("measure_requests.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    first_opened_at: Mapped[datetime | None]
    last_opened_at: Mapped[datetime | None]
    open_count: Mapped[int] = mapped_column(default=0)

    assignment: Mapped[Assignment | None] = relationship(back_populates="links")
    measure_request: Mapped["MeasureRequest | None"] = relationship(back_populates="links")

    @property
    def client(self) -> Client:
        target = self.assignment or self.measure_request
        return target.client

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


class Response(db.Model):
    """The client's answers to one assignment: a draft until submitted, then locked.

    One row per assignment (a unique constraint), so a double submit can never store two.
    `revision` counts saves (0: none yet, as a page without a response shows) and lets a stale
    browser tab be detected.
    """

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assignments.id", ondelete="CASCADE"), unique=True
    )
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[ResponseStatus] = mapped_column(
        db_enum(ResponseStatus), default=ResponseStatus.DRAFT
    )
    revision: Mapped[int] = mapped_column(default=0)
    # The key of the page that submitted; a repeat of the same submission is recognised by it.
    submission_key: Mapped[str | None] = mapped_column(sa.String(64))
    submitted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="response")


class Review(db.Model):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assignments.id", ondelete="CASCADE"), unique=True
    )
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    shared_with_client: Mapped[bool] = mapped_column(default=False)
    reviewed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="review")
    reviewed_by: Mapped[User] = relationship()
