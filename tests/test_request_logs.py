"""The request log, the refused-access log and the request id; and a whole therapist and client
journey that leaves no client name, answer or share token in any log."""

import io
import json
import logging
from collections.abc import Iterator

import pytest

from clinic.auth.models import Role
from clinic.auth.services import create_user
from clinic.extensions import db
from clinic.logs import JsonLines
from tests.conftest import DEFAULT_PASSWORD
from tests.flow import walk_journey


class LogCapture(logging.Handler):
    """Every record, with its structured fields and any traceback, as text; and everything the
    process's own log handlers write."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.streams: list[io.StringIO] = []
        self.formatter = JsonLines()

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def events(self, logger: str) -> list[dict]:
        return [json.loads(self.format(r)) for r in self.records if r.name == logger]

    def text(self) -> str:
        parts = [
            self.format(r) + (self.formatter.formatException(r.exc_info) if r.exc_info else "")
            for r in self.records
        ]
        return "\n".join(parts + [stream.getvalue() for stream in self.streams])


def _loggers() -> list[logging.Logger]:
    manager = logging.Logger.manager
    named = [logger for logger in manager.loggerDict.values() if isinstance(logger, logging.Logger)]
    return [logging.getLogger(), *named]


@pytest.fixture
def captured_logs() -> Iterator[LogCapture]:
    """The root logger at DEBUG, other loggers at the levels the app and libraries set (so
    SQLAlchemy stays at WARNING unless a test turns it up), every handler's output kept."""
    capture = LogCapture()
    root = logging.getLogger()
    saved_level = root.level
    root.setLevel(logging.DEBUG)
    swapped: list[tuple[logging.StreamHandler, object]] = []
    for logger in _loggers():
        if logger is root or not logger.propagate:
            logger.addHandler(capture)
        for handler in logger.handlers:
            if type(handler) is logging.StreamHandler:
                stream = io.StringIO()
                capture.streams.append(stream)
                swapped.append((handler, handler.setStream(stream)))
    try:
        yield capture
    finally:
        for logger in _loggers():
            logger.removeHandler(capture)
        for handler, stream in swapped:
            handler.setStream(stream)
        root.setLevel(saved_level)


# One line per request


def test_each_request_logs_its_endpoint_status_duration_user_and_request_id(
    therapist_client, therapist, captured_logs
):
    response = therapist_client.get("/")

    (line,) = captured_logs.events("clinic.requests")
    assert line["event"] == "request"
    assert line["method"] == "GET"
    assert line["endpoint"] == "clients.caseload"
    assert line["status"] == 200
    assert line["user_id"] == therapist.id
    assert line["duration_ms"] >= 0
    assert line["request_id"] == response.headers["X-Request-ID"]


def test_a_signed_out_request_logs_no_user(client, captured_logs):
    client.get("/login")

    (line,) = captured_logs.events("clinic.requests")
    assert (line["endpoint"], line["user_id"]) == ("auth.login", None)


def test_a_share_link_is_logged_by_its_endpoint_never_its_path(
    client_record, make_assignment, app, captured_logs
):
    _, token = make_assignment(client_record)

    app.test_client().get(f"/h/{token}")

    (line,) = captured_logs.events("clinic.requests")
    assert (line["endpoint"], line["status"]) == ("public.open_link", 302)
    assert token not in captured_logs.text()


def test_the_request_log_is_one_json_object_per_line(therapist_client):
    stream = io.StringIO()
    handler = logging.getLogger("clinic.requests").handlers[0]
    previous = handler.setStream(stream)
    try:
        therapist_client.get("/")
        therapist_client.get("/no-such-page")
    finally:
        handler.setStream(previous)

    lines = stream.getvalue().splitlines()
    assert [json.loads(line)["status"] for line in lines] == [200, 404]


# The request id


def test_every_response_carries_a_fresh_request_id(client):
    first = client.get("/login").headers["X-Request-ID"]
    second = client.get("/login").headers["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_the_error_page_shows_the_request_id_to_quote(therapist_client):
    response = therapist_client.get("/clients/999999")

    assert response.status_code == 404
    assert response.headers["X-Request-ID"] in response.text


def test_an_incoming_request_id_is_ignored_without_a_trusted_proxy(client):
    response = client.get("/login", headers={"X-Request-ID": "from-the-outside-1234"})

    assert response.headers["X-Request-ID"] != "from-the-outside-1234"


@pytest.mark.parametrize(
    ("offered", "kept"),
    [
        ("0f1e2d3c4b5a69788796a5b4c3d2e1f0", True),
        ("short", False),
        ("has spaces in it, and a comma", False),
        ("x" * 65, False),
        ('"><script>alert(1)</script>', False),
    ],
)
def test_a_trusted_proxys_sane_request_id_is_kept(app, client, monkeypatch, offered, kept):
    monkeypatch.setitem(app.config, "TRUSTED_PROXY_COUNT", 1)

    response = client.get("/login", headers={"X-Request-ID": offered})

    assert (response.headers["X-Request-ID"] == offered) is kept


# Refused access


def refusals(captured_logs) -> list[dict]:
    return captured_logs.events("clinic.access")


def test_another_therapists_client_is_logged_as_refused_without_names(
    therapist_client, therapist, make_user, make_client, captured_logs
):
    theirs = make_client(make_user(name="Ben Owner"), preferred_name="Marigold")

    response = therapist_client.get(f"/clients/{theirs.id}")

    assert response.status_code == 404
    (line,) = refusals(captured_logs)
    assert line["reason"] == "not_owner"
    assert line["object_type"] == "client"
    assert line["user_id"] == therapist.id
    assert line["endpoint"] == "clients.client_page"
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert "Marigold" not in captured_logs.text()


def test_another_therapists_homework_is_logged_as_refused(
    therapist_client, client_record, make_user, make_client, make_assignment, captured_logs
):
    theirs, _ = make_assignment(make_client(make_user(name="Ben Owner")))

    therapist_client.get(f"/clients/{client_record.id}/homework/{theirs.id}")

    assert [(e["reason"], e["object_type"]) for e in refusals(captured_logs)] == [
        ("not_owner", "assignment")
    ]


def test_a_signed_out_visit_to_a_clinical_page_is_logged(client, captured_logs):
    client.get("/clients/1")

    assert [(e["reason"], e["user_id"]) for e in refusals(captured_logs)] == [
        ("login_required", None)
    ]


def test_a_therapist_on_an_admin_page_is_logged(therapist_client, therapist, captured_logs):
    therapist_client.get("/admin/audit")

    assert [(e["reason"], e["user_id"]) for e in refusals(captured_logs)] == [
        ("admin_required", therapist.id)
    ]


def test_a_link_cookie_for_another_page_is_logged(
    app, client_record, make_assignment, captured_logs
):
    _, token = make_assignment(client_record)
    browser = app.test_client()
    browser.get(f"/h/{token}")

    browser.get("/h/s/999999")

    assert [(e["reason"], e["object_type"]) for e in refusals(captured_logs)] == [
        ("link_cookie_mismatch", "share_link")
    ]


def test_a_form_without_its_csrf_token_is_logged(therapist_client, captured_logs):
    therapist_client.post("/clients/new", data={"full_name": "X"}, csrf=False)

    assert [e["reason"] for e in refusals(captured_logs)] == ["csrf"]


# The whole journey


def assert_no_secret_logged(captured_logs, secrets: list[str]) -> None:
    text = captured_logs.text()
    assert captured_logs.events("clinic.requests"), "the capture saw the request log"
    assert [secret for secret in secrets if secret in text] == []


def test_a_whole_journey_logs_no_name_answer_or_token(
    app, therapist_client, make_user, login_as, captured_logs
):
    assert logging.getLogger("sqlalchemy").getEffectiveLevel() >= logging.WARNING

    journey = walk_journey(app, therapist_client)
    intruder = login_as(make_user(name="Ben Colleague"))
    intruder.get(f"/clients/{journey.client_id}")
    app.test_client().get(f"/h/{journey.token}x")

    assert_no_secret_logged(captured_logs, journey.secrets())
    endpoints = {event["endpoint"] for event in captured_logs.events("clinic.requests")}
    assert {"public.save", "homework.review", "documents.summary_pdf"} <= endpoints
    assert {e["reason"] for e in captured_logs.events("clinic.access")} >= {"not_owner"}


def test_statement_logging_shows_no_clinical_values(isolated_app, captured_logs):
    """With SQLAlchemy's statement log on (INFO), values are hidden (`hide_parameters`).
    Its DEBUG level would print result rows, clinical text included: never turn that on.
    (An app of its own: a connection decides whether it logs when it is opened.)"""
    with isolated_app.app_context():
        create_user("ana@example.org", "Ana", DEFAULT_PASSWORD, role=Role.THERAPIST, by=None)
        db.session.commit()
    browser = isolated_app.test_client()
    browser.login("ana@example.org")
    engine_log = logging.getLogger("sqlalchemy.engine")
    saved = engine_log.level
    engine_log.setLevel(logging.INFO)
    try:
        journey = walk_journey(isolated_app, browser)
    finally:
        engine_log.setLevel(saved)

    assert "INSERT INTO clients" in captured_logs.text(), "statements were logged"
    assert_no_secret_logged(captured_logs, journey.secrets())
