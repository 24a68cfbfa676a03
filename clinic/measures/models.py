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
    from clinic.homework.models import Assignment, ShareLink


class ResultSource(enum.StrEnum):
    SESSION = "session"
    LINK = "link"

    @property
    def label(self) -> str:
        return {"session": "In session", "link": "By link"}[self.value]


class MeasureRequest(db.Model):
    """A questionnaire sent to the client through a share link.

    Alone it has its own link (`links`); sent with homework it rides on the assignment's link
    (`assignment_id` set, no links of its own). Its answers become at most one MeasureResult.
    """

    __tablename__ = "measure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    measure_slug: Mapped[str] = mapped_column(sa.String(80))
    measure_version: Mapped[int]
    assignment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assignments.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]

    client: Mapped[Client] = relationship()
    created_by: Mapped[User] = relationship()
    assignment: Mapped["Assignment | None"] = relationship(back_populates="measure_requests")
    links: Mapped[list["ShareLink"]] = relationship(
        back_populates="measure_request",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ShareLink.created_at",
    )
    result: Mapped["MeasureResult | None"] = relationship(back_populates="request")

    @property
    def is_open(self) -> bool:
        """The client can still answer it."""
        return self.cancelled_at is None and self.result is None


class MeasureResult(db.Model):
    """One completed questionnaire: answers as given, total and band computed by the server."""

    __tablename__ = "measure_results"
    __table_args__ = (
        sa.Index("ix_measure_results_client_slug", "client_id", "measure_slug"),
        # The caseload's latest and first result per client: read in order, no sort per client.
        sa.Index("ix_measure_results_client_taken", "client_id", "taken_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"))
    measure_slug: Mapped[str] = mapped_column(sa.String(80))
    measure_version: Mapped[int]
    # Item key → the option value chosen (the follow-up question included when answered).
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    total: Mapped[int]
    band: Mapped[str | None] = mapped_column(sa.String(40))
    taken_on: Mapped[date]
    source: Mapped[ResultSource] = mapped_column(db_enum(ResultSource))
    # The therapist who typed the answers in session; None when the client sent them.
    entered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    safety_item_positive: Mapped[bool] = mapped_column(default=False)
    # The request a link answer fulfils; unique, so a double submit cannot store two results.
    request_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("measure_requests.id", ondelete="CASCADE"), unique=True
    )
    # The key of the page that submitted, to recognise a repeat of the same submission.
    submission_key: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    client: Mapped[Client] = relationship()
    entered_by: Mapped[User | None] = relationship()
    request: Mapped[MeasureRequest | None] = relationship(back_populates="result")
