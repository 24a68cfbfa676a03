"""Signed-in sessions: rotation on sign-in, a per-user version, idle timeout."""

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from clinic.audit.services import record
from clinic.auth.models import User
from clinic.auth.services import end_all_sessions
from clinic.extensions import db, login_manager

VERSION_KEY = "sv"
LAST_SEEN_KEY = "seen"
OPEN_ENDPOINTS = frozenset({"static", "auth.login", "auth.logout", "health.healthz"})


def sign_in(user: User) -> None:
    """Start a fresh session: nothing from before sign-in survives into it."""
    session.clear()
    login_user(user, remember=False)
    session[VERSION_KEY] = user.session_version
    session[LAST_SEEN_KEY] = int(time.time())


def sign_out() -> None:
    """End this session and every copy of its cookie."""
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        end_all_sessions(user)
        record("auth.logout", actor=user)
        db.session.commit()
    logout_user()
    session.clear()


def keep_current_session(user: User) -> None:
    """After a password change bumped the version, let the session that made it carry on."""
    session[VERSION_KEY] = user.session_version


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active_account:
        return None
    if session.get(VERSION_KEY) != user.session_version:
        return None
    return user


def enforce_idle_timeout():
    """Before every request: end a session left idle too long, else note this activity."""
    if "_user_id" not in session:
        return None
    now = int(time.time())
    idle_limit = current_app.config["IDLE_TIMEOUT"].total_seconds()
    if now - session.get(LAST_SEEN_KEY, 0) > idle_limit:
        session.clear()
        flash("You were signed out after a period of inactivity.", "info")
        if request.endpoint in OPEN_ENDPOINTS:
            return None
        return redirect(url_for("auth.login"))
    session[LAST_SEEN_KEY] = now
    return None


def enforce_password_change():
    """An account whose password was reset can only choose a new one."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in OPEN_ENDPOINTS | {"auth.change_password"}
    ):
        return redirect(url_for("auth.change_password"))
    return None
