"""Helpers and fixtures for PDF tests: reading a PDF's text, and a client with a full record.

`make_populated_client(therapist, texts)` builds a client with an intake (origin note, when it
began, reason, strengths, the client's goals), a goal rated three times, attended, cancelled
and no-show sessions with notes, and two homework assignments submitted through the client's
share-link page: "say it instead of checking" and "small trust step" (a behavioural
experiment). Every free text comes from `texts`, so hostile-input tests can fill the same
record with payloads.
"""

import re
import socket
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import date, timedelta
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from clinic.auth.models import User
from clinic.clients import services as clients
from clinic.clients.models import Attendance, Client
from clinic.content import get_content
from clinic.extensions import db
from clinic.homework import services as homework
from clinic.homework.models import Assignment
from tests.homework.conftest import SAY_IT_ANSWERS

PDF_MIME = "application/pdf"


# Reading PDFs


def pdf_text(content: bytes) -> str:
    """The text layer of every page, as pypdf extracts it, pages joined by newlines."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(content)).pages)


def pdftotext_text(content: bytes) -> str:
    """A second opinion: poppler's `pdftotext` on the same bytes."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout.decode()


def pdfinfo_pages(content: bytes) -> int:
    """The page count as poppler's `pdfinfo` reads it (quick on long documents)."""
    info = subprocess.run(
        ["pdfinfo", "-"], input=content, capture_output=True, check=True, timeout=120
    ).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)$", info, flags=re.M).group(1))


def squash(text: str) -> str:
    """Text without whitespace: a payload wrapped over lines (even mid-word) still matches."""
    return re.sub(r"\s+", "", text)


def folded(text: str) -> str:
    """Whitespace folded to single spaces, for readable assertions on prose."""
    return re.sub(r"\s+", " ", text).strip()


def assert_is_pdf(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == PDF_MIME, response.mimetype
    assert response.data.startswith(b"%PDF-")
    return response.data


# The network


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A real socket listening on 127.0.0.1, for URLs that must never be fetched."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.3)
        yield server


def assert_no_connection(server: socket.socket) -> None:
    """Nobody connected to the listener (the kernel queues a connection until accept())."""
    with pytest.raises(TimeoutError):
        connection, address = server.accept()
        connection.close()
        pytest.fail(f"something connected to the listening socket from {address}")


# Records


@dataclass(frozen=True)
class ClientTexts:
    """Every free text a populated client's record holds."""

    preferred_name: str = "Robin"
    full_name: str = "Robin Example"
    origin_note: str = "Father often missed the weekend visits he promised."
    origin_began: str = "around age 7"
    reason: str = "Referred by her GP: checking her partner's phone, arguments at home."
    strengths: str = "A close friend, Sam; swims twice a week."
    client_goals: str = "Stop checking; feel calmer when plans change."
    goal: str = "Tell my partner when I feel the urge to check"
    session_note: str = "Talked about the week and the urge to check."
    instructions: str = "Try it this week."
    say_it_trigger: str = SAY_IT_ANSWERS["f-trigger"]
    say_it_how_it_went: str = SAY_IT_ANSWERS["f-how_it_went"]
    belief: str = "If I open up, they will think less of me."
    step: str = "Tell Sam about a worry at work on Tuesday"
    prediction: str = "Sam will change the subject"
    what_happened: str = "Sam listened and asked what I would do"
    learned: str = "It went better than I predicted."

    def all(self) -> list[str]:
        return [getattr(self, f.name) for f in fields(self)]


@dataclass(frozen=True)
class PopulatedClient:
    client: Client
    say_it: Assignment
    trust_step: Assignment
    goal_id: int
    texts: ClientTexts


GOAL_RATINGS = (3, 5, 7)
TRUST_STEP_SCORES = {
    "f-belief_strength": "80",
    "f-distress_before": "70",
    "f-distress_after": "30",
    "f-belief_rerated": "45",
}


def say_it_answers(texts: ClientTexts) -> dict[str, Any]:
    return {
        **SAY_IT_ANSWERS,
        "f-trigger": texts.say_it_trigger,
        "f-how_it_went": texts.say_it_how_it_went,
    }


def trust_step_answers(texts: ClientTexts) -> dict[str, Any]:
    return {
        "f-belief": texts.belief,
        "f-step": texts.step,
        "f-prediction": texts.prediction,
        "f-what_happened": texts.what_happened,
        "f-learned": texts.learned,
        "f-next_step": "Ask Sam for a lift",
        **TRUST_STEP_SCORES,
    }


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


@pytest.fixture
def submit_through_page(app) -> Callable[[str, dict[str, Any]], None]:
    """`submit_through_page(token, answers)`: the client opens the link and sends the form."""

    def submit(token: str, answers: dict[str, Any]) -> None:
        browser = app.test_client()
        opened = browser.get(f"/h/{token}")
        assert opened.status_code == 302, opened.status_code
        page = urlsplit(opened.headers["Location"]).path
        html = browser.get(page).text
        form = {
            "revision": _hidden(html, "revision"),
            "submission_key": _hidden(html, "submission_key"),
            "action": "submit",
            **answers,
        }
        response = browser.post(page, data=form)
        assert response.status_code == 302, f"submission refused ({response.status_code})"

    return submit


@pytest.fixture
def assign_exercise(app) -> Callable[..., tuple[Assignment, str]]:
    """`assign_exercise(client, slug, instructions=...)` → (assignment, live share-link token)."""

    def assign(client: Client, slug: str, instructions: str = "Try it this week."):
        with app.app_context():
            owner = db.session.get(Client, client.id)
            assignment, token = homework.assign(
                owner,
                get_content().exercises[slug],
                instructions=instructions,
                due_on=date.today() + timedelta(days=7),
                by=owner.therapist,
            )
            db.session.commit()
        return assignment, token

    return assign


@pytest.fixture
def make_populated_client(
    app, make_client, make_intake, make_session_note, assign_exercise, submit_through_page
) -> Callable[..., PopulatedClient]:
    def make(therapist: User, texts: ClientTexts | None = None) -> PopulatedClient:
        texts = texts or ClientTexts()
        client = make_client(
            therapist,
            preferred_name=texts.preferred_name,
            full_name=texts.full_name,
            date_of_birth=date(1990, 4, 2),
        )
        make_intake(
            client,
            {
                "reason": texts.reason,
                "origins": [
                    {
                        "id": "childhood-broken-promises",
                        "note": texts.origin_note,
                        "began": texts.origin_began,
                    }
                ],
                "signs": {"checking-phone-social-media": "often"},
                "impact": {"romantic-relationships": 3},
                "safety": {"risk": False, "plan": ""},
                "strengths": texts.strengths,
                "client_goals": texts.client_goals,
            },
        )
        today = date.today()
        with app.app_context():
            record = db.session.get(Client, client.id)
            goal = clients.add_goal(record, texts.goal)
            for days_ago, score in zip((20, 10, 1), GOAL_RATINGS, strict=True):
                clients.rate_goal(goal, score, today - timedelta(days=days_ago))
            db.session.commit()
            goal_id = goal.id
        for days_ago, attendance in (
            (21, Attendance.ATTENDED),
            (14, Attendance.CANCELLED),
            (7, Attendance.NO_SHOW),
            (2, Attendance.ATTENDED),
        ):
            make_session_note(
                client,
                note=texts.session_note,
                on=today - timedelta(days=days_ago),
                attendance=attendance,
            )
        say_it, token = assign_exercise(client, "say-it-instead-of-checking", texts.instructions)
        submit_through_page(token, say_it_answers(texts))
        trust_step, token = assign_exercise(client, "small-trust-step", texts.instructions)
        submit_through_page(token, trust_step_answers(texts))
        return PopulatedClient(client, say_it, trust_step, goal_id, texts)

    return make


@pytest.fixture
def populated(make_populated_client, therapist) -> PopulatedClient:
    """A client of `therapist` with a full, ordinary record."""
    return make_populated_client(therapist)
