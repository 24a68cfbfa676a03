import pytest
import sqlalchemy as sa

from clinic.audit.models import AuditEvent, AuditLogIsAppendOnly
from clinic.audit.services import record
from clinic.extensions import db
from tests.conftest import page_text


def test_events_cannot_be_changed_or_deleted(ctx, therapist):
    event = record("test.thing", actor=therapist)
    db.session.flush()
    event.action = "test.other"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()

    event = record("test.thing", actor=therapist)
    db.session.flush()
    db.session.delete(event)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()


def test_admin_sees_logins_and_failed_logins(app, client, admin, therapist):
    client.login(therapist.email, "wrong-password-123")
    client.login(admin.email)
    text = page_text(client.get("/admin/audit"))
    assert "auth.login_failed" in text
    assert "reason=bad_password" in text
    assert "Ada Admin" in text


def test_admin_filters_by_action_and_person(app, client, admin, therapist):
    client.login(therapist.email, "wrong-password-123")
    client.login(admin.email)
    response = client.get("/admin/audit", query_string={"action": "auth.login_failed"})
    rows = response.text.count("<code>auth.")
    assert rows == 1
    response = client.get("/admin/audit", query_string={"actor": str(admin.id)})
    assert "<code>auth.login_failed</code>" not in response.text
    assert "<code>auth.login</code>" in response.text


def test_unknown_filter_values_are_refused_not_used(admin_client):
    response = admin_client.get("/admin/audit", query_string={"action": "'; DROP TABLE users; --"})
    assert response.status_code == 200
    assert "Check the filters above." in page_text(response)


def test_event_records_ip_of_the_request(app, client, therapist):
    client.login(therapist.email, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    with app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "auth.login"))
    assert event.ip == "192.0.2.7"
    assert event.actor_user_id == therapist.id
