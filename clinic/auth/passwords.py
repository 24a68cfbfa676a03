"""Password hashing (argon2id) and the password policy."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

MIN_LENGTH = 12
MAX_LENGTH = 256

# Common choices that pass a length rule; a breach-corpus check would need the network.
COMMON_PASSWORDS = frozenset(
    {
        "123456789012",
        "1234567890123",
        "password1234",
        "password12345",
        "passwordpassword",
        "qwertyuiop12",
        "qwertyuiopas",
        "iloveyou1234",
        "administrator",
        "letmein12345",
        "welcome12345",
        "welcome123456",
        "changeme1234",
        "trustno1trustno1",
        "abc123abc123",
        "111111111111",
        "000000000000",
        "aaaaaaaaaaaa",
        "qwerty123456",
        "football1234",
        "baseball1234",
        "monkey123456",
        "dragon123456",
        "sunshine1234",
        "princess1234",
        "superman1234",
        "starwars1234",
        "correcthorsebatterystaple",
        "passw0rdpassw0rd",
        "p@ssw0rd1234",
        "clinicclinic",
        "therapist123",
        "therapy12345",
        "password123!",
    }
)


# argon2-cffi's RFC 9106 low-memory profile: above OWASP's floor (m >= 19 MiB, t >= 2).
DEFAULT_ARGON2 = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}


@cache
def _hasher(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hasher() -> PasswordHasher:
    """argon2id with the app's ARGON2 parameters (the defaults above unless configured)."""
    parameters = (
        current_app.config.get("ARGON2", DEFAULT_ARGON2) if has_app_context() else (DEFAULT_ARGON2)
    )
    return _hasher(**parameters)


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)


def dummy_hash() -> str:
    """A hash to verify against when the email is unknown, so both paths take as long."""
    return _dummy_hash(hasher())


@cache
def _dummy_hash(password_hasher: PasswordHasher) -> str:
    return password_hasher.hash("not-a-real-password-just-for-timing")


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """What is wrong with a proposed password, in words for the person choosing it."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Use at most {MAX_LENGTH} characters.")
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) <= 2:
        problems.append("This password is too common or too easy to guess.")
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        problems.append("Do not use your email address in your password.")
    if name and len(name) >= 4 and name.lower().replace(" ", "") in lowered.replace(" ", ""):
        problems.append("Do not use your name in your password.")
    return problems
