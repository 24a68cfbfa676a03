"""The audit log only grows: not through the ORM, not in bulk, not with raw SQL, not when a
client is erased; and what it keeps of a whole journey holds no clinical text."""

import json

import pytest
import sqlalchemy as sa

from clinic.audit.models import AuditEvent, AuditLogIsAppendOnly
from clinic.audit.services import record
from clinic.extensions import db
from tests.conftest import backend
from tests.flow import walk_journey


@pytest.fixture
def event_id(ctx, therapist) -> int:
    event = record("test.thing", actor=therapist, details={"n": 1})
    db.session.commit()
    return event.id


@pytest.mark.parametrize(
    "statement",
    [
        sa.update(AuditEvent).values(action="test.rewritten"),
        sa.delete(AuditEvent),
    ],
    ids=["update", "delete"],
)
def test_bulk_changes_through_the_orm_are_refused(event_id, statement):
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(statement.where(AuditEvent.id == event_id))


RAW_CHANGES = {
    "update": "UPDATE audit_events SET action = 'test.rewritten' WHERE id = :id",
    "delete": "DELETE FROM audit_events WHERE id = :id",
    "update every row": "UPDATE audit_events SET details = '{}'",
}


@pytest.mark.parametrize("sql", RAW_CHANGES.values(), ids=RAW_CHANGES.keys())
def test_the_database_refuses_raw_sql_updates_and_deletes(event_id, sql):
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(sa.text(sql), {"id": event_id})

    event = db.session.get(AuditEvent, event_id)
    assert (event.action, event.details) == ("test.thing", {"n": 1})


@pytest.mark.skipif(backend() != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_to_truncate_the_audit_log(event_id):
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(sa.text("TRUNCATE audit_events"))

    assert db.session.get(AuditEvent, event_id) is not None


def audit_rows(app) -> list[dict]:
    with app.app_context():
        db.session.expire_all()
        table = AuditEvent.__table__
        return [
            dict(row)
            for row in db.session.execute(sa.select(table).order_by(table.c.id)).mappings()
        ]


def test_a_journey_and_an_erasure_leave_audit_entries_without_clinical_text(app, therapist_client):
    journey = walk_journey(app, therapist_client)
    before_erasure = audit_rows(app)

    erased = therapist_client.post(
        f"/clients/{journey.client_id}/erase", data={"confirm_name": journey.texts.full_name}
    )

    assert erased.status_code == 302
    after = audit_rows(app)
    assert after[: len(before_erasure)] == before_erasure, "erasure changed no audit entry"
    assert [row["action"] for row in after[len(before_erasure) :]] == ["client.erased"]
    kept = json.dumps(after, default=str)
    assert [secret for secret in journey.secrets() if secret in kept] == []
    assert {"client.created", "response.submitted", "assignment.reviewed", "pdf.downloaded"} <= {
        row["action"] for row in after
    }
