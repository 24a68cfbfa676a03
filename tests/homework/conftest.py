"""Factories for homework tests: assignments with a live link, and a client's browser."""

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from clinic.clients.models import Client
from clinic.content import get_content
from clinic.extensions import db
from clinic.homework import services
from clinic.homework.models import Assignment


@pytest.fixture
def make_assignment(app) -> Callable[..., tuple[Assignment, str]]:
    """`make_assignment(client, slug=...)` → (assignment, token) with a live share link."""

    def make(client: Client, slug: str = "say-it-instead-of-checking", **fields):
        with app.app_context():
            owner = db.session.get(Client, client.id)
            assignment, token = services.assign(
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


SAY_IT_ANSWERS = {
    "f-trigger": "He was late and did not text",
    "f-urge_before": "8",
    "f-feelings": ["anxious", "scared_of_being_left"],
    "f-i_statement-when": "you were late and I didn't hear from you",
    "f-i_statement-felt": "scared",
    "f-i_statement-ask": "send a quick text when plans change",
    "f-said_it": "yes",
    "f-how_it_went": "He said sorry and that he would",
    "f-urge_after": "3",
}
