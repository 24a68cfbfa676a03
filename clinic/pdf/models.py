import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from clinic.db import db_enum, utcnow
from clinic.extensions import db


class SummaryVersion(enum.StrEnum):
    CLINICAL = "clinical"
    CLIENT = "client"


class SummaryDraft(db.Model):
    """The progress summary a therapist is preparing for one client: the period and version
    last chosen, and the texts written for it, kept so the next print starts from them."""

    __tablename__ = "summary_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), unique=True
    )
    period_start: Mapped[date]
    period_end: Mapped[date]
    version: Mapped[SummaryVersion] = mapped_column(
        db_enum(SummaryVersion), default=SummaryVersion.CLINICAL
    )
    narrative: Mapped[str] = mapped_column(sa.Text, default="")
    client_message: Mapped[str] = mapped_column(sa.Text, default="")
    # The client copy shows ratings and scores only when the therapist chooses to.
    client_copy_scores: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
