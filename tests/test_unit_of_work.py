"""One transaction boundary per request (clinic.unit_of_work): views never commit; the request is
committed when it answers below 400 and rolled back when it refuses or fails; what an endpoint
does decides how its transaction begins; access events are written after the view."""

import logging

import pytest
import sqlalchemy as sa
from flask import abort

from clinic.audit.models import AuditEvent
from clinic.audit.services import record, record_access
from clinic.extensions import db
from clinic.settings.models import ClinicSettings
from clinic.settings.services import clinic_settings
from clinic.unit_of_work import reads_only, writes
from tests.conftest import backend

CHANGED = "Changed by a probe"


@pytest.fixture
def probed_app(isolated_app):
    """Routes that read, change the clinic's name and then answer in various ways."""
    app = isolated_app
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def change() -> None:
        clinic_settings().clinic_name = CHANGED
        db.session.flush()

    @app.get("/probe/read")
    def read():
        return clinic_settings().clinic_name

    @app.post("/probe/change")
    def change_and_answer():
        change()
        return "changed"

    @app.post("/probe/change-and-refuse")
    def change_and_refuse():
        change()
        return "refused", 409

    @app.post("/probe/change-and-abort")
    def change_and_abort():
        change()
        abort(404)

    @app.post("/probe/change-and-fail")
    def change_and_fail():
        change()
        raise RuntimeError("the view failed after writing")

    @app.get("/probe/write-undeclared")
    def write_undeclared():
        change()
        return "changed"

    @app.get("/probe/write-declared")
    @writes
    def write_declared():
        change()
        return "changed"

    @app.post("/probe/read-only-post")
    @reads_only
    def read_only_post():
        return clinic_settings().clinic_name

    @app.get("/probe/view")
    def view():
        record_access("probe.viewed")
        return clinic_settings().clinic_name

    @app.post("/probe/view-and-refuse")
    def view_and_refuse():
        record_access("probe.viewed")
        record("probe.changed")
        return "refused", 400

    @app.get("/probe/view-and-fail")
    def view_and_fail():
        record_access("probe.viewed")
        raise RuntimeError("failed after showing")

    return app


@pytest.fixture
def statements(probed_app):
    """Every statement sent to the database and every COMMIT, in order."""
    sent: list[str] = []
    with probed_app.app_context():
        engine = db.engine

    def statement(conn, cursor, text, *args):
        sent.append(text.split()[0].upper() + (" IMMEDIATE" if "IMMEDIATE" in text else ""))

    def commit(conn):
        sent.append("COMMIT")

    sa.event.listen(engine, "before_cursor_execute", statement)
    sa.event.listen(engine, "commit", commit)
    yield sent
    sa.event.remove(engine, "before_cursor_execute", statement)
    sa.event.remove(engine, "commit", commit)


@pytest.fixture
def transaction_ends(probed_app):
    ends: list[str] = []
    with probed_app.app_context():
        engine = db.engine
    listeners = {
        "commit": lambda conn: ends.append("commit"),
        "rollback": lambda conn: ends.append("rollback"),
    }
    for name, listener in listeners.items():
        sa.event.listen(engine, name, listener)
    yield ends
    for name, listener in listeners.items():
        sa.event.remove(engine, name, listener)


def clinic_name(app) -> str:
    with app.app_context():
        return db.session.get(ClinicSettings, 1).clinic_name


def events(app, action="probe.") -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(AuditEvent.action).where(AuditEvent.action.startswith(action))
            )
        )


def test_a_request_that_only_read_ends_with_commit(probed_app, transaction_ends):
    assert probed_app.test_client().get("/probe/read").status_code == 200
    assert transaction_ends == ["commit"]


def test_a_writing_request_is_committed_once_by_the_unit_of_work(probed_app, transaction_ends):
    assert probed_app.test_client().post("/probe/change").status_code == 200
    assert transaction_ends == ["commit"]
    assert clinic_name(probed_app) == CHANGED


@pytest.mark.parametrize(
    ("probe", "status"),
    [("/probe/change-and-refuse", 409), ("/probe/change-and-abort", 404)],
)
def test_a_request_that_refuses_is_rolled_back(probed_app, transaction_ends, probe, status):
    before = clinic_name(probed_app)
    transaction_ends.clear()
    assert probed_app.test_client().post(probe).status_code == status
    assert "commit" not in transaction_ends
    assert clinic_name(probed_app) == before != CHANGED


def test_a_failed_request_is_rolled_back_before_the_error_page(probed_app, transaction_ends):
    before = clinic_name(probed_app)
    transaction_ends.clear()
    response = probed_app.test_client().post("/probe/change-and-fail")
    assert response.status_code == 500
    assert "commit" not in transaction_ends
    assert clinic_name(probed_app) == before
    assert response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Request-ID"] in response.text


def test_a_get_that_writes_without_saying_so_is_refused_in_development(probed_app):
    before = clinic_name(probed_app)
    assert probed_app.test_client().get("/probe/write-undeclared").status_code == 500
    assert clinic_name(probed_app) == before


def test_in_production_an_undeclared_write_is_logged_and_goes_through(probed_app, caplog):
    probed_app.config["UNIT_OF_WORK_STRICT"] = False
    with caplog.at_level(logging.ERROR, logger="clinic.unit_of_work"):
        assert probed_app.test_client().get("/probe/write-undeclared").status_code == 200
    assert "write_undeclared wrote to the database" in caplog.text
    assert clinic_name(probed_app) == CHANGED


def test_a_get_declared_as_writing_commits(probed_app):
    assert probed_app.test_client().get("/probe/write-declared").status_code == 200
    assert clinic_name(probed_app) == CHANGED


@pytest.mark.skipif(backend() != "sqlite", reason="SQLite's BEGIN modes")
@pytest.mark.parametrize(
    ("method", "probe", "begin"),
    [
        ("get", "/probe/read", "BEGIN"),
        ("get", "/probe/write-declared", "BEGIN IMMEDIATE"),
        ("post", "/probe/change", "BEGIN IMMEDIATE"),
        ("post", "/probe/read-only-post", "BEGIN"),
    ],
)
def test_on_sqlite_what_the_endpoint_does_decides_how_its_transaction_begins(
    probed_app, statements, method, probe, begin
):
    getattr(probed_app.test_client(), method)(probe)
    assert [s for s in statements if s.startswith("BEGIN")] == [begin]


@pytest.mark.skipif(backend() != "sqlite", reason="SQLite's BEGIN modes")
def test_an_access_event_is_written_after_the_page_in_a_short_writing_transaction(
    probed_app, statements
):
    assert probed_app.test_client().get("/probe/view").status_code == 200
    begins = [s for s in statements if s in ("BEGIN", "BEGIN IMMEDIATE", "INSERT", "COMMIT")]
    assert begins == ["BEGIN", "COMMIT", "BEGIN IMMEDIATE", "INSERT", "COMMIT"]
    assert events(probed_app) == ["probe.viewed"]


def test_a_refused_request_keeps_its_access_event_but_not_its_changes(probed_app):
    assert probed_app.test_client().post("/probe/view-and-refuse").status_code == 400
    assert events(probed_app) == ["probe.viewed"]


def test_a_failed_request_records_no_access(probed_app):
    assert probed_app.test_client().get("/probe/view-and-fail").status_code == 500
    assert events(probed_app) == []


@pytest.mark.skipif(backend() != "postgresql", reason="psycopg's prepared statements")
def test_postgresql_keeps_its_prepared_statements_across_reading_requests(probed_app):
    client = probed_app.test_client()
    for _ in range(8):  # psycopg prepares a statement on its fifth execution
        client.get("/probe/read")
    with probed_app.app_context():
        prepared = db.session.scalars(sa.text("SELECT statement FROM pg_prepared_statements"))
        assert any("clinic_settings" in statement for statement in prepared)
