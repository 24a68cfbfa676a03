"""Imports every model so that metadata (and Alembic) sees the whole schema."""

from clinic.audit.models import AuditEvent
from clinic.auth.models import RecoveryCode, User
from clinic.clients.models import Client, Goal, GoalRating, IntakeVersion, SessionNote
from clinic.homework.models import Assignment, Response, Review, ShareLink
from clinic.measures.models import MeasureRequest, MeasureResult
from clinic.pdf.models import SummaryDraft
from clinic.settings.models import ClinicSettings

__all__ = [
    "Assignment",
    "AuditEvent",
    "Client",
    "ClinicSettings",
    "Goal",
    "GoalRating",
    "IntakeVersion",
    "MeasureRequest",
    "MeasureResult",
    "RecoveryCode",
    "Response",
    "Review",
    "SessionNote",
    "ShareLink",
    "SummaryDraft",
    "User",
]
