"""Configuration from environment variables, with safe defaults for development."""

import logging
import multiprocessing
import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """The app was asked to start with a configuration that is not safe to run."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def _instance_secret_key(instance_path: Path) -> str:
    """A development secret generated once and kept in the instance folder."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        instance_path.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{instance_path / 'clinic.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def worker_count() -> int:
    """gunicorn's worker processes, as gunicorn.conf.py starts them (`WEB_CONCURRENCY`)."""
    return _env_int("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2))


def load_config(instance_path: Path) -> dict:
    """Build the Flask config mapping from the environment."""
    env = os.environ.get("CLINIC_ENV", "development")
    production = env == "production"
    secret_key = os.environ.get("SECRET_KEY")
    if not secret_key and not production:
        secret_key = _instance_secret_key(instance_path)
    return {
        "CLINIC_ENV": env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        # Errors never carry the values of a statement: they may be clinical text.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "20 per 5 minutes"),
        "IDLE_TIMEOUT": timedelta(minutes=_env_int("IDLE_TIMEOUT_MINUTES", 30)),
        # However active, a session ends this long after sign-in (README: Sessions).
        "SESSION_ABSOLUTE_LIFETIME": timedelta(hours=_env_int("SESSION_ABSOLUTE_HOURS", 12)),
        # Time to give the two-factor code after the password, before starting again.
        "SECOND_FACTOR_TIMEOUT": timedelta(minutes=_env_int("SECOND_FACTOR_MINUTES", 5)),
        "LOCKOUT_THRESHOLD": _env_int("LOCKOUT_THRESHOLD", 5),
        "LOCKOUT_DURATION": timedelta(minutes=_env_int("LOCKOUT_MINUTES", 15)),
        "SESSION_COOKIE_NAME": "clinic_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": timedelta(0),
        "WTF_CSRF_TIME_LIMIT": None,
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are to be believed;
        # without this, rate limits and audit IPs would all see the proxy's address.
        "TRUSTED_PROXY_COUNT": _env_int("TRUSTED_PROXY_COUNT", 0),
        "CLINIC_BASE_URL": os.environ.get("CLINIC_BASE_URL", "http://127.0.0.1:5000"),
        "SHARE_LINK_DAYS": _env_int("SHARE_LINK_DAYS", 14),
        "SHARE_LINK_RATE_LIMIT": os.environ.get("SHARE_LINK_RATE_LIMIT", "30 per minute"),
        "CONTENT_DIR": Path(os.environ.get("CLINIC_CONTENT_DIR", PROJECT_ROOT / "content")),
        "WORKERS": worker_count(),
    }


# Production start-up checks

MIN_SECRET_KEY_LENGTH = 32
MIN_SECRET_KEY_DISTINCT_CHARACTERS = 10
log = logging.getLogger("clinic.config")


def production_problems(config: dict) -> list[str]:
    """Everything that makes this configuration unsafe to serve real clients with."""
    problems = []
    key = config.get("SECRET_KEY") or ""
    if not key:
        problems.append("SECRET_KEY is not set: set it to a long random value.")
    elif len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_DISTINCT_CHARACTERS:
        problems.append(
            f"SECRET_KEY is weak: use at least {MIN_SECRET_KEY_LENGTH} random characters, "
            'e.g. python -c "import secrets; print(secrets.token_hex(32))".'
        )
    if not config["CLINIC_BASE_URL"].startswith("https://"):
        problems.append(
            f"CLINIC_BASE_URL is {config['CLINIC_BASE_URL']!r}: share links must use https://."
        )
    if config["RATELIMIT_STORAGE_URI"].startswith("memory://") and config["WORKERS"] > 1:
        problems.append(
            f"RATELIMIT_STORAGE_URI is memory:// with {config['WORKERS']} workers: each worker "
            "would count on its own. Point it at Redis (redis://...) or set WEB_CONCURRENCY=1."
        )
    return problems


def check_production(config: dict) -> None:
    """Refuse to start with every problem listed at once; warn about SQLite.

    SQLite is allowed: one small clinic on one machine is served well by it (WAL, a write lock
    taken up front). It is a warning because it cannot be shared by several machines, backups
    are files on the same disk unless copied away, and writes queue behind one another.
    """
    problems = production_problems(config)
    if problems:
        raise ConfigurationError(
            "Clinic will not start with CLINIC_ENV=production until these are fixed:\n"
            + "\n".join(f"- {problem}" for problem in problems)
        )
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        log.warning(
            "SQLite in production: fine for one clinic on one machine; use PostgreSQL "
            "(DATABASE_URL) for several machines, and copy backups off this disk."
        )
