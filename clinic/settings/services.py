from functools import cache

import sqlalchemy as sa
from flask import g

from clinic.audit.services import record
from clinic.auth.models import User
from clinic.extensions import db
from clinic.settings.models import ClinicSettings, PaperSize

SETTINGS_ID = 1


def clinic_settings() -> ClinicSettings:
    """The clinic's settings, read once per request.

    The migration creates the row; it is recreated with defaults should it ever be missing.
    """
    if "clinic_settings" not in g:
        settings = db.session.get(ClinicSettings, SETTINGS_ID)
        if settings is None:
            settings = ClinicSettings(id=SETTINGS_ID)
            db.session.add(settings)
            db.session.flush()
        g.clinic_settings = settings
    return g.clinic_settings


def user_with_settings(user_id: int) -> User | None:
    """The user, with the clinic's settings read by the same statement: every signed-in page
    needs both, and on PostgreSQL each statement is a round trip to the server."""
    row = db.session.execute(_user_with_settings(), {"user_id": user_id}).first()
    if row is None:
        return None
    if row.ClinicSettings is not None:
        g.clinic_settings = row.ClinicSettings
    return row.User


@cache
def _user_with_settings():
    """Built once: keying a fresh statement for SQLAlchemy's cache on every request cost more
    than running it."""
    return (
        sa.select(User, ClinicSettings)
        .outerjoin(ClinicSettings, ClinicSettings.id == SETTINGS_ID)
        .where(User.id == sa.bindparam("user_id"))
    )


def update_settings(
    *,
    clinic_name: str,
    address: str,
    crisis_text: str,
    paper_size: PaperSize,
    require_two_factor: bool,
) -> list[str]:
    settings = clinic_settings()
    changes = {
        "clinic_name": clinic_name.strip(),
        "address": address.strip(),
        "crisis_text": crisis_text.strip(),
        "paper_size": paper_size,
        "require_two_factor": require_two_factor,
    }
    changed = [key for key, value in changes.items() if getattr(settings, key) != value]
    for key in changed:
        setattr(settings, key, changes[key])
    if changed:
        record(
            "settings.updated",
            object_type="settings",
            object_id=SETTINGS_ID,
            details={"fields": changed},
        )
    return changed
