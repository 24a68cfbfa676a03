"""Shared fixtures: one app per test session, each test inside a transaction rolled back at the end.

The database is SQLite by default. `CLINIC_TEST_DATABASE=postgresql` (what `make test-pg` sets)
creates a fresh PostgreSQL database for the session and drops it afterwards; the server is taken
from `CLINIC_TEST_POSTGRES_URL` (default: the local server, user postgres).
"""

import hashlib
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import nullcontext
from html import unescape
from pathlib import Path

import psycopg
import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy.orm import scoped_session, sessionmaker

from clinic import create_app
from clinic.auth import two_factor
from clinic.auth.models import Role, User
from clinic.auth.services import create_user, find_user_by_email
from clinic.db import utcnow
from clinic.extensions import db, limiter

pytest_plugins = ("tests.factories",)

POSTGRES_SERVER_URL = os.environ.get(
    "CLINIC_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
DEFAULT_PASSWORD = "a-long-test-password-42"


def backend() -> str:
    return os.environ.get("CLINIC_TEST_DATABASE", "sqlite")


class TemporaryPostgresDatabase:
    """A database created on the local server and dropped when done."""

    def __init__(self, prefix: str = "clinic_test"):
        self.name = f"{prefix}_{uuid.uuid4().hex[:10]}"

    def _admin(self, sql: str) -> None:
        with psycopg.connect(POSTGRES_SERVER_URL, autocommit=True) as conn:
            conn.execute(sql)

    def __enter__(self) -> str:
        self._admin(f'CREATE DATABASE "{self.name}"')
        return (
            POSTGRES_SERVER_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
            + f"/{self.name}"
        )

    def __exit__(self, *exc) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def make_test_app(database_url: str, instance_path: Path, **overrides) -> Flask:
    os.environ["CLINIC_INSTANCE_PATH"] = str(instance_path)
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        # OWASP's minimum for argon2id, to keep the suite quick; production uses the
        # stronger default, which tests/auth/test_passwords.py checks.
        "ARGON2": {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1},
        **overrides,
    }
    app = create_app(config)
    app.test_client_class = ClinicClient
    return app


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    if backend() == "postgresql":
        with TemporaryPostgresDatabase() as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'clinic-test.db'}"


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory) -> Iterator[Flask]:
    app = make_test_app(database_url, tmp_path_factory.mktemp("instance"))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _rolled_back_transaction(request) -> Iterator[None]:
    """Everything a test writes, through requests or services, is rolled back afterwards.

    Tests that need real commits seen by several connections use `isolated_app` instead.
    """
    if "isolated_app" in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    original_session = db.session
    db.session = scoped_session(
        sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
    )
    limiter.reset()
    try:
        yield
    finally:
        db.session.remove()
        db.session = original_session
        transaction.rollback()
        connection.close()


@pytest.fixture
def isolated_app(tmp_path) -> Iterator[Flask]:
    """An app on a database of its own, migrated, where commits are real (for concurrency)."""
    if backend() == "postgresql":
        database = TemporaryPostgresDatabase("clinic_isolated")
    else:
        database = nullcontext(f"sqlite:///{tmp_path / 'isolated.db'}")
    with database as url:
        app = make_test_app(url, tmp_path / "instance")
        with app.app_context():
            upgrade()
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def ctx(app) -> Iterator[None]:
    """An app context for tests that call services directly (not for HTTP tests)."""
    with app.app_context():
        yield


class ClinicClient(FlaskClient):
    """A test client that sends a valid CSRF token with every form unless told not to."""

    def csrf_token(self) -> str:
        with self.session_transaction() as session:
            if "csrf_token" not in session:
                session["csrf_token"] = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324
            raw = session["csrf_token"]
        return URLSafeTimedSerializer(self.application.secret_key, salt="wtf-csrf-token").dumps(raw)

    def post(self, *args, csrf: bool = True, **kwargs):
        if csrf:
            data = dict(kwargs.get("data") or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return super().post(*args, **kwargs)

    def login(self, email: str, password: str = DEFAULT_PASSWORD, *, second_factor=True, **kwargs):
        """Sign in, giving the account's next TOTP code too when it asks for one (unless told
        not to, which leaves this browser half-signed-in)."""
        response = self.post("/login", data={"email": email, "password": password}, **kwargs)
        if second_factor and response.headers.get("Location") == SECOND_FACTOR_PAGE:
            code = next_totp_code(self.application, email)
            return self.post(SECOND_FACTOR_PAGE, data={"code": code}, **kwargs)
        return response


SECOND_FACTOR_PAGE = "/login/code"
# The recovery codes of each account the fixtures enrolled, by email, for when the TOTP codes
# of the current window are spent.
RECOVERY_CODES: dict[str, list[str]] = {}


def enrol_in_two_factor(user: User) -> str:
    """Switch two-factor sign-in on through the service, as enrolment does; returns the secret.

    The confirming code is the previous window's, which leaves the current and the next one
    for signing in.
    """
    secret = two_factor.new_secret()
    RECOVERY_CODES[user.email] = two_factor.enable(user, secret, two_factor.previous_code(secret))
    return secret


def next_totp_code(app: Flask, email: str) -> str:
    """A code the account has not used yet: the current window's, the next one's, or else
    one of its recovery codes."""
    with app.app_context():
        db.session.expire_all()
        user = find_user_by_email(email)
        totp = pyotp.TOTP(two_factor.unseal(user.totp_secret))
        current = totp.timecode(utcnow())
        step = max(current, (user.totp_last_step or 0) + 1)
        if step <= current + two_factor.VALID_WINDOW:
            return totp.generate_otp(step)
        return RECOVERY_CODES[user.email].pop()


@pytest.fixture
def client(app) -> ClinicClient:
    return app.test_client()


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 10_000))

    def make(
        *,
        role: Role = Role.THERAPIST,
        email: str | None = None,
        name: str | None = None,
        password: str = DEFAULT_PASSWORD,
        two_factor: bool | None = None,
    ) -> User:
        """An account; admins have two-factor sign-in on, as they must, unless told otherwise."""
        number = next(counter)
        with app.app_context():
            user = create_user(
                email or f"user{number}@example.org",
                name or f"Test Person {number}",
                password,
                role=role,
                by=None,
            )
            if role is Role.ADMIN if two_factor is None else two_factor:
                enrol_in_two_factor(user)
            db.session.commit()
        return user

    return make


@pytest.fixture
def therapist(make_user) -> User:
    return make_user(name="Ana Therapist", email="ana@example.org")


@pytest.fixture
def admin(make_user) -> User:
    return make_user(role=Role.ADMIN, name="Ada Admin", email="admin@example.org")


@pytest.fixture
def therapist_client(client, therapist) -> ClinicClient:
    client.login(therapist.email)
    return client


@pytest.fixture
def admin_client(client, admin) -> ClinicClient:
    client.login(admin.email)
    return client


def reload(model, ident):
    """The row as the database holds it now."""
    db.session.expire_all()
    return db.session.get(model, ident)


def page_text(response) -> str:
    """The visible text of an HTML response, whitespace folded, for readable assertions."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def page_text_but_request_id(response) -> str:
    """The visible text with this request's own id (on error pages) replaced by a placeholder."""
    return page_text(response).replace(response.headers["X-Request-ID"], "<request id>")
