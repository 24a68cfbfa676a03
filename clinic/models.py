"""Imports every model so that metadata (and Alembic) sees the whole schema."""

from clinic.audit.models import AuditEvent
from clinic.auth.models import User
from clinic.clients.models import Client, Goal, GoalRating, IntakeVersion, SessionNote

__all__ = ["AuditEvent", "Client", "Goal", "GoalRating", "IntakeVersion", "SessionNote", "User"]
