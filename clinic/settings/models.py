import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from clinic.db import db_enum
from clinic.extensions import db


class PaperSize(enum.StrEnum):
    A4 = "A4"
    LETTER = "letter"


DEFAULT_CRISIS_TEXT = (
    "If you are in danger or thinking about harming yourself, call your local emergency "
    "number now, or go to the nearest emergency department. You can also contact a crisis "
    "line at any time of day or night. This page is not watched around the clock, so please "
    "do not use it to ask for urgent help."
)


class ClinicSettings(db.Model):
    """The clinic's own details: one row, created with defaults on first use."""

    __tablename__ = "clinic_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_name: Mapped[str] = mapped_column(sa.String(120), default="Clinic")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    crisis_text: Mapped[str] = mapped_column(sa.Text, default=DEFAULT_CRISIS_TEXT)
    paper_size: Mapped[PaperSize] = mapped_column(db_enum(PaperSize), default=PaperSize.A4)
    # Admins need two-factor sign-in whatever this says.
    require_two_factor: Mapped[bool] = mapped_column(default=False)
