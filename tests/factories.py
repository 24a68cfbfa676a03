"""Factory fixtures for clients and their records, shared by every test package.

Each factory works in its own app context, commits (inside the test's rolled-back transaction)
and returns the object detached with its columns loaded, so tests can read `.id` and the fields
they set without an app context.
"""

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pytest

from clinic.auth.models import User
from clinic.clients import services
from clinic.clients.intake import empty_intake
from clinic.clients.models import Attendance, Client, Goal, IntakeVersion, SessionNote
from clinic.content import get_content
from clinic.extensions import db
from clinic.homework import services as homework
from clinic.homework.models import Assignment
from clinic.measures import services as measures
from clinic.measures.models import MeasureResult, ResultSource
from tests.conftest import ClinicClient


@pytest.fixture
def make_client(app) -> Callable[..., Client]:
    """`make_client(therapist, **fields)`: a client on that therapist's caseload."""
    counter = iter(range(1, 10_000))

    def make(therapist: User, **fields: Any) -> Client:
        number = next(counter)
        fields.setdefault("preferred_name", f"Client {number}")
        fields.setdefault("full_name", f"Client {number} Example")
        with app.app_context():
            client = services.create_client(db.session.get(User, therapist.id), **fields)
            db.session.commit()
        return client

    return make


@pytest.fixture
def make_goal(app) -> Callable[..., Goal]:
    """`make_goal(client, description=...)`: an open goal for the client."""

    def make(client: Client, description: str = "Say it instead of checking") -> Goal:
        with app.app_context():
            goal = services.add_goal(db.session.get(Client, client.id), description)
            db.session.commit()
        return goal

    return make


@pytest.fixture
def make_intake(app) -> Callable[..., IntakeVersion | None]:
    """`make_intake(client, data)`: a new intake version saved by the client's therapist.

    `data` may be partial; it is laid over an empty intake. Returns the latest version.
    """

    def make(client: Client, data: dict[str, Any] | None = None) -> IntakeVersion | None:
        with app.app_context():
            record = db.session.get(Client, client.id)
            services.save_intake(
                record,
                {**empty_intake(), **(data or {})},
                get_content().taxonomy,
                by=record.therapist,
            )
            db.session.commit()
            return services.latest_intake(record)

    return make


@pytest.fixture
def make_session_note(app) -> Callable[..., SessionNote]:
    """`make_session_note(client, note=..., **fields)`: an attended session written today."""

    def make(client: Client, note: str = "Talked about the week.", **fields: Any) -> SessionNote:
        with app.app_context():
            record = db.session.get(Client, client.id)
            session_note = services.add_session_note(
                record,
                on=fields.get("on", date.today()),
                minutes=fields.get("minutes", 50),
                attendance=fields.get("attendance", Attendance.ATTENDED),
                note=note,
                by=record.therapist,
            )
            db.session.commit()
        return session_note

    return make


@pytest.fixture
def login_as(app) -> Callable[[User], ClinicClient]:
    """`login_as(user)`: a separate browser signed in as that user."""

    def login(user: User) -> ClinicClient:
        browser = app.test_client()
        response = browser.login(user.email)
        assert response.status_code == 302, "the test user could not sign in"
        return browser

    return login


@pytest.fixture
def make_assignment(app) -> Callable[..., tuple[Assignment, str]]:
    """`make_assignment(client, slug=...)` → (assignment, token) with a live share link."""

    def make(client: Client, slug: str = "say-it-instead-of-checking", **fields):
        with app.app_context():
            owner = db.session.get(Client, client.id)
            assignment, token = homework.assign(
                owner,
                get_content().exercises[slug],
                instructions=fields.get("instructions", "Try it this week."),
                due_on=fields.get("due_on"),
                by=owner.therapist,
            )
            db.session.commit()
        return assignment, token

    return make


@pytest.fixture
def open_link(app):
    """`open_link(token)` → (a fresh browser holding the link's cookie, the page's path)."""

    def open_(token: str):
        browser = app.test_client()
        response = browser.get(f"/h/{token}")
        assert response.status_code == 302, response.status_code
        return browser, urlsplit(response.headers["Location"]).path

    return open_


@pytest.fixture
def client_record(make_client, therapist) -> Client:
    return make_client(therapist, preferred_name="Robin", full_name="Robin Client")


@pytest.fixture
def make_measure_result(app) -> Callable[..., MeasureResult]:
    """`make_measure_result(client, "phq-9", total=..., taken_on=..., **fixed_answers)`: a
    result entered in session by the client's therapist, its answers spread to make `total`."""

    def make(client: Client, slug: str, *, total: int, taken_on: date, **fixed: int):
        with app.app_context():
            owner = db.session.get(Client, client.id)
            measure = get_content().measures[slug]
            result = measures.record_result(
                owner,
                measure,
                measures.answers_for_total(measure, total, **fixed),
                taken_on=taken_on,
                source=ResultSource.SESSION,
                by=owner.therapist,
            )
            db.session.commit()
        return result

    return make
