"""Account rules: signing in, lock-out, creating and changing accounts."""

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from clinic.audit.services import record
from clinic.auth.models import Role, User
from clinic.auth.passwords import (
    dummy_hash,
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from clinic.db import utcnow
from clinic.extensions import db


class AccountError(ValueError):
    """A requested account change breaks a rule; the message is fit to show."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalize_email(email)))


@dataclass(frozen=True)
class SignInAttempt:
    user: User | None

    @property
    def succeeded(self) -> bool:
        return self.user is not None

    @property
    def needs_second_factor(self) -> bool:
        return self.user is not None and self.user.has_two_factor


def authenticate(email: str, password: str) -> SignInAttempt:
    """Check a password, counting failures and locking the account after too many.

    Every failure looks the same to the caller, whether the email is unknown, the account
    inactive or locked, or the password wrong, so the form cannot be used to probe for
    accounts. The audit log records which it was. With two-factor sign-in on, a right password
    only leads to the code step: the failure count is kept until the code is right too.
    """
    now = utcnow()
    user = find_user_by_email(email)
    if user is None:
        verify_password(dummy_hash(), password)
        record("auth.login_failed", details={"reason": "unknown_email"})
        return SignInAttempt(None)
    if user.is_locked(now):
        verify_password(dummy_hash(), password)
        record("auth.login_failed", actor=user, details={"reason": "locked"})
        return SignInAttempt(None)
    if not verify_password(user.password_hash, password):
        _count_failure(user, now)
        return SignInAttempt(None)
    if not user.is_active_account:
        record("auth.login_failed", actor=user, details={"reason": "inactive"})
        return SignInAttempt(None)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    if user.has_two_factor:
        record("auth.password_accepted", actor=user)
    else:
        complete_sign_in(user)
    return SignInAttempt(user)


def complete_sign_in(user: User, *, second_factor: str | None = None) -> None:
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = utcnow()
    record(
        "auth.login",
        actor=user,
        details={"second_factor": second_factor} if second_factor else None,
    )


def count_failed_code(user: User) -> None:
    """A wrong second-factor code counts toward the same lock-out as a wrong password."""
    _count_failure(user, utcnow(), reason="bad_code")


def _count_failure(user: User, now, reason: str = "bad_password") -> None:
    user.failed_logins += 1
    record("auth.login_failed", actor=user, details={"reason": reason})
    if user.failed_logins >= current_app.config["LOCKOUT_THRESHOLD"]:
        user.locked_until = now + current_app.config["LOCKOUT_DURATION"]
        user.failed_logins = 0
        record("auth.lockout", actor=user, object_type="user", object_id=user.id)


def check_new_password(user_email: str, user_name: str, password: str, confirm: str) -> None:
    problems = password_problems(password, email=user_email, name=user_name)
    if problems:
        raise AccountError(" ".join(problems), field="password")
    if password != confirm:
        raise AccountError("The two passwords do not match.", field="confirm")


def create_user(email: str, name: str, password: str, *, role: Role, by: User | None) -> User:
    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise AccountError("An account with this email already exists.", field="email")
    problems = password_problems(password, email=email, name=name)
    if problems:
        raise AccountError(" ".join(problems), field="password")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password), role=role)
    db.session.add(user)
    db.session.flush()
    record(
        "account.created",
        actor=by,
        actor_label=None if by else "cli",
        object_type="user",
        object_id=user.id,
        details={"role": role.value},
    )
    return user


def change_password(user: User, current: str, new: str, confirm: str) -> None:
    """The user's own change; every other session of theirs ends."""
    if not verify_password(user.password_hash, current):
        raise AccountError("Your current password is not correct.", field="current")
    check_new_password(user.email, user.name, new, confirm)
    if verify_password(user.password_hash, new):
        raise AccountError("Choose a password different from the current one.", field="password")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    end_all_sessions(user)
    record("account.password_changed", actor=user, object_type="user", object_id=user.id)


def reset_password(user: User, *, by: User) -> str:
    """Give the user a one-time password that must be replaced at the next sign-in."""
    temporary = secrets.token_urlsafe(12)
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    end_all_sessions(user)
    record("account.password_reset", actor=by, object_type="user", object_id=user.id)
    return temporary


def deactivate(user: User, *, by: User) -> None:
    if user.id == by.id:
        raise AccountError("You cannot deactivate your own account.")
    if user.is_admin and _active_admin_count() <= 1:
        raise AccountError("The last active admin cannot be deactivated.")
    user.is_active_account = False
    end_all_sessions(user)
    record("account.deactivated", actor=by, object_type="user", object_id=user.id)


def reactivate(user: User, *, by: User) -> None:
    user.is_active_account = True
    user.failed_logins = 0
    user.locked_until = None
    record("account.reactivated", actor=by, object_type="user", object_id=user.id)


def end_all_sessions(user: User) -> None:
    user.session_version += 1


def _active_admin_count() -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.is_active_account.is_(True))
    )


def list_users() -> list[User]:
    return list(
        db.session.scalars(sa.select(User).order_by(User.is_active_account.desc(), User.name))
    )
