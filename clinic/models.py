"""Imports every model so that metadata (and Alembic) sees the whole schema."""

from clinic.audit.models import AuditEvent
from clinic.auth.models import User

__all__ = ["AuditEvent", "User"]
