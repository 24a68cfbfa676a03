"""How a request's transaction ends: COMMIT when it only read (so PostgreSQL keeps its prepared
plans), ROLLBACK when anything was written and not committed by the view."""

import pytest
import sqlalchemy as sa

from clinic.extensions import db
from clinic.settings.models import ClinicSettings
from clinic.settings.services import clinic_settings
from tests.conftest import backend

CHANGED = "Changed without a commit"


@pytest.fixture
def app_with_probes(isolated_app):
    """Routes that read, or change the clinic's name without committing, then answer."""

    @isolated_app.get("/probe/read")
    def read():
        return clinic_settings().clinic_name

    @isolated_app.get("/probe/change")
    def change():
        clinic_settings().clinic_name = CHANGED
        return "changed"

    @isolated_app.get("/probe/change-and-flush")
    def change_and_flush():
        clinic_settings().clinic_name = CHANGED
        db.session.flush()
        return "flushed"

    @isolated_app.get("/probe/change-and-fail")
    def change_and_fail():
        clinic_settings().clinic_name = CHANGED
        db.session.flush()
        raise RuntimeError("the view failed after writing")

    return isolated_app


@pytest.fixture
def transaction_ends(app_with_probes):
    ends: list[str] = []
    with app_with_probes.app_context():
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


def test_a_request_that_only_read_ends_with_commit(app_with_probes, transaction_ends):
    assert app_with_probes.test_client().get("/probe/read").status_code == 200
    assert transaction_ends == ["commit"]


@pytest.mark.parametrize("probe", ["/probe/change", "/probe/change-and-flush"])
def test_a_change_the_view_did_not_commit_is_rolled_back(app_with_probes, transaction_ends, probe):
    before = clinic_name(app_with_probes)
    transaction_ends.clear()
    assert app_with_probes.test_client().get(probe).status_code == 200
    assert "commit" not in transaction_ends
    assert clinic_name(app_with_probes) == before != CHANGED


def test_a_request_that_failed_after_writing_is_rolled_back(app_with_probes, transaction_ends):
    app_with_probes.config["PROPAGATE_EXCEPTIONS"] = False
    before = clinic_name(app_with_probes)
    transaction_ends.clear()
    assert app_with_probes.test_client().get("/probe/change-and-fail").status_code == 500
    assert "commit" not in transaction_ends
    assert clinic_name(app_with_probes) == before


@pytest.mark.skipif(backend() != "postgresql", reason="psycopg's prepared statements")
def test_postgresql_keeps_its_prepared_statements_across_reading_requests(app_with_probes):
    client = app_with_probes.test_client()
    for _ in range(8):  # psycopg prepares a statement on its fifth execution
        client.get("/probe/read")
    with app_with_probes.app_context():
        prepared = db.session.scalars(sa.text("SELECT statement FROM pg_prepared_statements"))
        assert any("clinic_settings" in statement for statement in prepared)
