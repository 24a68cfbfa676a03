"""Two-factor sign-in: TOTP (RFC 6238) codes from an authenticator app, and recovery codes.

The TOTP secret is stored encrypted (Fernet) with a key derived from SECRET_KEY, so a copy of
the database alone does not let anyone make codes. Recovery codes are 80 random bits, so a
plain SHA-256 of each is enough to keep them from being read back.
"""

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp
import segno
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from clinic.audit.services import record
from clinic.auth.models import RecoveryCode, User
from clinic.db import utcnow
from clinic.extensions import db
from clinic.settings.services import clinic_settings

ISSUER = "Clinic"
RECOVERY_CODE_COUNT = 10
# Codes of the step before and after the current one are accepted, for clocks that drift.
VALID_WINDOW = 1
TOTP_CODE = re.compile(r"^\d{6}$")


class TwoFactorError(ValueError):
    """A code was not accepted; the message is fit to show beside the code field."""


# Secrets at rest


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"clinic totp secret").derive(
        current_app.config["SECRET_KEY"].encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str:
    """The secret; a value sealed under another SECRET_KEY cannot be read back."""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken as error:
        raise TwoFactorError("This code could not be checked. Ask your clinic admin.") from error


# Who needs it


def is_required_for(user: User) -> bool:
    return user.is_admin or clinic_settings().require_two_factor


def must_enrol(user: User) -> bool:
    return not user.has_two_factor and is_required_for(user)


# Enrolment


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=_issuer())


def _issuer() -> str:
    return clinic_settings().clinic_name or ISSUER


def qr_code_svg(uri: str) -> str:
    """An SVG image of the URI as a data: URI, made here: the secret never leaves the server."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def readable_secret(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def previous_code(secret: str) -> str:
    """The code of the window before now. Confirming enrolment with it, where no phone is at
    hand (the demo, tests), leaves the current window's code free for signing in."""
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(totp.timecode(utcnow()) - 1)


def enable(user: User, secret: str, code: str, *, now: datetime | None = None) -> list[str]:
    """Switch two-factor sign-in on once the app has shown it makes the right codes.

    Returns the recovery codes, which exist in readable form only now.
    """
    now = now or utcnow()
    if user.has_two_factor:
        raise TwoFactorError("Two-factor sign-in is already on.")
    step = _matching_step(secret, code, now=now, after=None)
    if step is None:
        raise TwoFactorError(
            "That code did not match. Check the time on your phone and enter the newest code."
        )
    user.totp_secret = seal(secret)
    user.two_factor_enabled_at = now
    user.totp_last_step = step
    record("account.two_factor_enabled", actor=user, object_type="user", object_id=user.id)
    return _new_recovery_codes(user)


def disable(user: User, code: str, *, now: datetime | None = None) -> None:
    if is_required_for(user):
        raise TwoFactorError("Your clinic requires two-factor sign-in for your account.")
    check_code(user, code, now=now)
    _clear(user)
    record("account.two_factor_disabled", actor=user, object_type="user", object_id=user.id)


def reset(user: User, *, by: User) -> None:
    """An admin's reset for a lost phone: the user enrols again, and is signed out everywhere."""
    _clear(user)
    user.session_version += 1
    record("account.two_factor_reset", actor=by, object_type="user", object_id=user.id)


def _clear(user: User) -> None:
    user.totp_secret = None
    user.two_factor_enabled_at = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


# Codes


def check_code(user: User, code: str, *, now: datetime | None = None) -> str:
    """Accept a TOTP code or a recovery code once; returns which kind it was.

    Each is claimed by a conditional UPDATE, so two requests racing with the same code cannot
    both succeed.
    """
    now = now or utcnow()
    code = code.strip().replace(" ", "")
    if TOTP_CODE.match(code):
        if _accept_totp(user, code, now=now):
            return "totp"
    elif _accept_recovery_code(user, code, now=now):
        return "recovery"
    raise TwoFactorError("That code did not work. Codes can be used only once.")


def _accept_totp(user: User, code: str, *, now: datetime) -> bool:
    step = _matching_step(unseal(user.totp_secret), code, now=now, after=user.totp_last_step)
    if step is None:
        return False
    claimed = db.session.execute(
        sa.update(User)
        .where(
            User.id == user.id,
            sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
    )
    return claimed.rowcount == 1


def _matching_step(secret: str, code: str, *, now: datetime, after: int | None) -> int | None:
    """The time step whose code this is, if it is within the window and later than `after`."""
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _accept_recovery_code(user: User, code: str, *, now: datetime) -> bool:
    claimed = db.session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _recovery_hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        return False
    record("account.recovery_code_used", actor=user, object_type="user", object_id=user.id)
    return True


# Recovery codes


def regenerate_recovery_codes(user: User, code: str, *, now: datetime | None = None) -> list[str]:
    """New codes for old: the old ones stop working. Needs a current code."""
    check_code(user, code, now=now)
    return _new_recovery_codes(user)


def unused_recovery_codes(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_recovery_hash(c)) for c in codes)
    db.session.flush()
    record("account.recovery_codes_created", actor=user, object_type="user", object_id=user.id)
    return codes


def _recovery_code() -> str:
    """80 random bits as four groups of four letters and digits, e.g. "k7qm-2xhd-9tbe-w4np"."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode().lower()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _recovery_hash(code: str) -> str:
    normalized = code.strip().lower().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalized.encode()).hexdigest()
