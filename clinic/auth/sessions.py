"""Signed-in sessions: rotation on sign-in, a per-user version, idle and absolute limits, and
the half-signed-in state between the password and the second factor."""

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import current_user, login_user, logout_user

from clinic.audit.services import record
from clinic.auth import two_factor
from clinic.auth.models import User
from clinic.auth.services import end_all_sessions
from clinic.extensions import db, login_manager
from clinic.settings import services as settings_services

VERSION_KEY = "sv"
LAST_SEEN_KEY = "seen"
SIGNED_IN_KEY = "since"
# Set after the password step while the second factor is awaited; never with a login.
PENDING_KEY = "pending_2fa"
OPEN_ENDPOINTS = frozenset({"static", "auth.login", "auth.logout", "health.healthz"})
SECOND_FACTOR_ENDPOINT = "auth.second_factor"


def sign_in(user: User) -> None:
    """Start a fresh session: nothing from before sign-in survives into it."""
    session.clear()
    login_user(user, remember=False)
    now = int(time.time())
    session[VERSION_KEY] = user.session_version
    session[SIGNED_IN_KEY] = now
    session[LAST_SEEN_KEY] = now


def await_second_factor(user: User, next_url: str | None) -> None:
    """The password was right: remember who, but sign nobody in until the code is given."""
    session.clear()
    session[PENDING_KEY] = {
        "user": user.id,
        "at": int(time.time()),
        "version": user.session_version,
        "next": next_url,
    }


def pending_user() -> User | None:
    """Who passed the password step in this browser, while that is still recent and valid."""
    pending = session.get(PENDING_KEY)
    if not pending or _pending_expired(pending):
        return None
    user = db.session.get(User, pending["user"])
    if user is None or not user.is_active_account or not user.has_two_factor:
        return None
    if user.session_version != pending["version"]:
        return None
    return user


def pending_next_url() -> str | None:
    return session.get(PENDING_KEY, {}).get("next")


def abandon_second_factor() -> None:
    session.pop(PENDING_KEY, None)


def _pending_expired(pending: dict) -> bool:
    limit = current_app.config["SECOND_FACTOR_TIMEOUT"].total_seconds()
    return time.time() - pending["at"] > limit


def sign_out() -> None:
    """End this session and every copy of its cookie."""
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        end_all_sessions(user)
        record("auth.logout", actor=user)
    logout_user()
    session.clear()


def keep_current_session(user: User) -> None:
    """After the version was bumped to end other sessions, let the session that did it carry on."""
    session[VERSION_KEY] = user.session_version


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = settings_services.user_with_settings(int(user_id))
    if user is None or not user.is_active_account:
        return None
    if session.get(VERSION_KEY) != user.session_version:
        return None
    return user


def enforce_session_limits():
    """Before every request: end a session left idle too long or signed in too long ago, else
    note this activity."""
    if "_user_id" not in session:
        return None
    now = int(time.time())
    config = current_app.config
    if now - session.get(SIGNED_IN_KEY, 0) > config["SESSION_ABSOLUTE_LIFETIME"].total_seconds():
        return _end_session("Please sign in again: sessions last at most a working day.")
    if now - session.get(LAST_SEEN_KEY, 0) > config["IDLE_TIMEOUT"].total_seconds():
        return _end_session("You were signed out after a period of inactivity.")
    session[LAST_SEEN_KEY] = now
    return None


def _end_session(message: str):
    session.clear()
    flash(message, "info")
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    return redirect(url_for("auth.login"))


def enforce_second_factor():
    """Half-signed-in, a browser can only give its code, start again or leave."""
    pending = session.get(PENDING_KEY)
    if pending is None or request.endpoint in OPEN_ENDPOINTS or request.routing_exception:
        return None
    if _pending_expired(pending):
        abandon_second_factor()
        flash("That took too long. Please sign in again.", "info")
        return redirect(url_for("auth.login"))
    if request.endpoint != SECOND_FACTOR_ENDPOINT:
        return redirect(url_for(SECOND_FACTOR_ENDPOINT))
    return None


def enforce_account_setup():
    """An account whose password was reset, or that must enrol in two-factor sign-in, can only
    do that until it is done."""
    if request.routing_exception or not current_user.is_authenticated:
        return None
    if current_user.must_change_password:
        required = "auth.change_password"
    elif two_factor.must_enrol(current_user):
        required = "auth.two_factor_setup"
    else:
        return None
    if request.endpoint in OPEN_ENDPOINTS | {required}:
        return None
    return redirect(url_for(required))
