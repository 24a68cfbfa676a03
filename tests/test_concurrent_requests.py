"""Therapists reading records while clients save and submit, against a real server: werkzeug's
threads in this process, and gunicorn with four workers, each on SQLite and PostgreSQL.

No request fails, and the audit log holds exactly one event per page served. A PDF render in
progress holds no lock that another therapist's page, a sign-in or a client's save waits for.
"""

import re
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from bench.web import Browser, gunicorn
from clinic.audit.models import AuditEvent
from clinic.auth.models import Role
from clinic.auth.services import create_user
from clinic.clients.services import create_client
from clinic.content import get_content
from clinic.extensions import db
from clinic.homework import services as homework
from clinic.homework.models import Response, ResponseStatus
from clinic.pdf import renderer
from tests.conftest import DEFAULT_PASSWORD
from tests.homework.conftest import SAY_IT_ANSWERS

READERS = 5
WRITERS = 3
DRAFTS = 6
EXERCISE = "say-it-instead-of-checking"
UNLIMITED = "100000 per minute"
AUDITED = (
    "client.viewed",
    "pdf.downloaded",
    "link.opened",
    "response.draft_saved",
    "response.submitted",
)
HIDDEN = re.compile(r'name="(revision|submission_key|csrf_token)" value="([^"]*)"')


@dataclass
class Caseload:
    email: str
    client_id: int
    open_assignment_id: int
    submitted_assignment_id: int

    def audited_pages(self) -> dict[str, list[str]]:
        """Every page and PDF that records an access, and the events it records."""
        client = f"/clients/{self.client_id}"
        viewed, downloaded = ["client.viewed"], ["pdf.downloaded"]
        return {
            client: viewed,
            f"{client}/intake": viewed,
            f"{client}/intake/history": viewed,
            f"{client}/homework/{self.open_assignment_id}": viewed,
            f"{client}/measures": viewed,
            f"{client}/export.json": viewed,
            f"{client}/export.pdf": viewed + downloaded,
            f"{client}/summary.pdf": downloaded,
            f"{client}/discharge-summary.pdf": downloaded,
            f"{client}/homework/{self.submitted_assignment_id}/homework.pdf": downloaded,
            "/handouts/how-homework-works.pdf": downloaded,
            f"/exercises/{EXERCISE}/worksheet.pdf": downloaded,
            "/caseload-report.pdf": downloaded,
        }


@dataclass
class Clinic:
    caseloads: list[Caseload]
    tokens: list[str]


@dataclass
class Tally:
    """What the server answered, and the audit events the served pages should have left."""

    statuses: Counter = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)
    expected_events: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, what: str, status: int, allowed: tuple[int, ...], events=()) -> None:
        with self.lock:
            self.statuses[status] += 1
            if status not in allowed:
                self.unexpected.append(f"{what}: {status}")
            elif status < 400:
                self.expected_events.update(events)


def build_clinic(app) -> Clinic:
    caseloads, tokens = [], []
    with app.app_context():
        exercise = get_content().exercises[EXERCISE]
        for n in range(3):
            therapist = create_user(
                f"therapist{n}@example.org", f"T{n}", DEFAULT_PASSWORD, role=Role.THERAPIST, by=None
            )
            client = create_client(therapist, preferred_name=f"C{n}", full_name=f"C{n} Example")
            opened, _ = homework.assign(
                client, exercise, instructions="", due_on=None, by=therapist
            )
            submitted, token = homework.assign(
                client, exercise, instructions="", due_on=None, by=therapist
            )
            homework.submit(homework.open_link(token), {"trigger": "late"}, key="first")
            caseloads.append(Caseload(therapist.email, client.id, opened.id, submitted.id))
            for _ in range(WRITERS):
                tokens.append(
                    homework.assign(client, exercise, instructions="", due_on=None, by=therapist)[1]
                )
        db.session.commit()
    return Clinic(caseloads, tokens[:WRITERS])


def read_records(port: int, caseload: Caseload, tally: Tally) -> None:
    browser = Browser(port)
    browser.log_in(caseload.email, DEFAULT_PASSWORD)
    for path, events in caseload.audited_pages().items():
        status, _, _ = browser.get(path)
        tally.saw(path, status, (200,), events)


def answer_homework(port: int, token: str, tally: Tally) -> None:
    browser = Browser(port)
    status, page, _ = browser.get(f"/h/{token}")
    tally.saw("open link", status, (302,), ["link.opened"])
    page = page.removeprefix(f"http://127.0.0.1:{port}")
    for n in range(DRAFTS + 1):
        status, _, html = browser.get(page)
        tally.saw("reload", status, (200,))
        hidden = dict(HIDDEN.findall(html))
        action = "submit" if n == DRAFTS else "save"
        answers = dict(SAY_IT_ANSWERS, **{"f-trigger": f"draft {n}"})
        status, _, _ = browser.post(page, {**hidden, **answers, "action": action})
        event = "response.submitted" if action == "submit" else "response.draft_saved"
        tally.saw(action, status, (302,), [event])


def recorded_events(app) -> Counter:
    with app.app_context():
        rows = db.session.execute(
            sa.select(AuditEvent.action, sa.func.count())
            .where(AuditEvent.action.in_(AUDITED))
            .group_by(AuditEvent.action)
        )
        return Counter(dict(rows.all()))


@contextmanager
def threaded_server(app) -> Iterator[int]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@contextmanager
def gunicorn_server(app, tmp_path) -> Iterator[int]:
    env = {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "CLINIC_INSTANCE_PATH": str(tmp_path / "instance"),
        "SHARE_LINK_RATE_LIMIT": UNLIMITED,
        "LOGIN_RATE_LIMIT": UNLIMITED,
    }
    with gunicorn("wsgi:app", env=env, log=tmp_path / "gunicorn.log", workers=4) as port:
        yield port


@pytest.fixture
def busy_app(isolated_app):
    isolated_app.config["SHARE_LINK_RATE_LIMIT"] = UNLIMITED
    isolated_app.config["LOGIN_RATE_LIMIT"] = UNLIMITED
    return isolated_app


@pytest.mark.parametrize("serve", ["threads", "gunicorn"])
def test_reading_records_while_clients_save_fails_nothing_and_audits_each_page_once(
    busy_app, tmp_path, serve
):
    clinic = build_clinic(busy_app)
    before = recorded_events(busy_app)
    tally = Tally()
    server = (
        threaded_server(busy_app) if serve == "threads" else gunicorn_server(busy_app, tmp_path)
    )
    with server as port, ThreadPoolExecutor(READERS + WRITERS) as pool:
        jobs = [
            pool.submit(read_records, port, clinic.caseloads[n % len(clinic.caseloads)], tally)
            for n in range(READERS)
        ] + [pool.submit(answer_homework, port, token, tally) for token in clinic.tokens]
        for job in jobs:
            job.result()

    assert tally.unexpected == []
    pages = len(clinic.caseloads[0].audited_pages())
    assert tally.statuses.total() == READERS * pages + WRITERS * (1 + 2 * (DRAFTS + 1))
    assert recorded_events(busy_app) - before == tally.expected_events
    with busy_app.app_context():
        answers = db.session.execute(sa.select(Response.answers, Response.status)).all()
    last_drafts = [status for answers, status in answers if answers["trigger"] == f"draft {DRAFTS}"]
    assert last_drafts == [ResponseStatus.SUBMITTED] * WRITERS


def test_a_pdf_being_rendered_blocks_no_page_sign_in_or_save(busy_app, monkeypatch):
    """The render waits until the others are done: had it held the write lock, they would have
    waited out the busy timeout and failed."""
    clinic = build_clinic(busy_app)
    rendering, others_done = threading.Event(), threading.Event()
    render = renderer.html_to_pdf

    def slow_render(html: str) -> bytes:
        rendering.set()
        others_done.wait(timeout=30)
        return render(html)

    monkeypatch.setattr(renderer, "html_to_pdf", slow_render)
    first, second = clinic.caseloads[:2]
    tally = Tally()
    with threaded_server(busy_app) as port, ThreadPoolExecutor(2) as pool:
        printing = Browser(port)
        printing.log_in(first.email, DEFAULT_PASSWORD)
        pdf = pool.submit(printing.get, f"/clients/{first.client_id}/export.pdf")
        assert rendering.wait(timeout=30)
        reading = Browser(port)
        reading.log_in(second.email, DEFAULT_PASSWORD)
        status, _, _ = reading.get(f"/clients/{second.client_id}")
        tally.saw("another therapist's page", status, (200,))
        answer_homework(port, clinic.tokens[0], tally)
        others_done.set()
        assert pdf.result()[0] == 200

    assert tally.unexpected == []
