"""Decorators and helpers that decide who may reach a view."""

from functools import wraps
from urllib.parse import urlsplit

from flask import abort
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound

from clinic.logs import log_access_denied


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            log_access_denied("admin_required")
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def safe_next_url(target: str | None) -> str | None:
    """Only a path on this site; //host, \\host and scheme: targets are refused."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ch in target for ch in "\\\r\n\t") or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def not_found(reason: str, object_type: str) -> NotFound:
    """A record this user may not reach, refused exactly like a missing one, and logged."""
    log_access_denied(reason, object_type=object_type)
    return NotFound()


def refuse_admin() -> None:
    """Admins manage accounts, not clinical records."""
    log_access_denied("therapist_required")
    abort(403)
