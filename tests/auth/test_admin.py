import pytest
import sqlalchemy as sa

from clinic.audit.models import AuditEvent
from clinic.auth.models import Role, User
from clinic.extensions import db
from tests.conftest import page_text, reload

ADMIN_PAGES = ["/admin/users", "/admin/users/new", "/admin/audit"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_refuse_therapists(therapist_client, url):
    assert therapist_client.get(url).status_code == 403


@pytest.mark.parametrize("action", ["deactivate", "reactivate", "reset-password"])
def test_admin_actions_refuse_therapists(app, therapist_client, make_user, action):
    colleague = make_user()
    response = therapist_client.post(f"/admin/users/{colleague.id}/{action}")
    assert response.status_code == 403
    with app.app_context():
        assert reload(User, colleague.id).is_active_account


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_are_shown_to_admins(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_admin_lists_accounts(admin_client, therapist):
    text = page_text(admin_client.get("/admin/users"))
    assert "Ana Therapist" in text
    assert "ana@example.org" in text


def test_admin_creates_a_therapist_who_must_choose_a_password(app, admin_client):
    response = admin_client.post(
        "/admin/users/new",
        data={
            "name": "Ben Okafor",
            "email": "Ben@Example.org",
            "password": "temporary-passphrase-1",
            "confirm": "temporary-passphrase-1",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "ben@example.org"))
        assert user.role is Role.THERAPIST
        assert user.must_change_password
        event = db.session.scalar(
            sa.select(AuditEvent).where(
                AuditEvent.action == "account.created", AuditEvent.object_id == user.id
            )
        )
        assert event.actor.email == "admin@example.org"


def test_create_account_with_bad_input_keeps_what_was_typed(app, admin_client, therapist):
    response = admin_client.post(
        "/admin/users/new",
        data={"name": "Second Ana", "email": "ANA@example.org", "password": "x", "confirm": "y"},
    )
    text = page_text(response)
    assert response.status_code == 200
    assert 'value="Second Ana"' in response.text
    assert "Use at least 12 characters." in text
    response = admin_client.post(
        "/admin/users/new",
        data={
            "name": "Second Ana",
            "email": "ANA@example.org",
            "password": "temporary-passphrase-1",
            "confirm": "temporary-passphrase-1",
        },
    )
    assert "An account with this email already exists." in page_text(response)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2


def test_deactivate_and_reactivate_are_audited(app, admin_client, therapist):
    admin_client.post(f"/admin/users/{therapist.id}/deactivate")
    with app.app_context():
        assert not reload(User, therapist.id).is_active_account
    admin_client.post(f"/admin/users/{therapist.id}/reactivate")
    with app.app_context():
        assert reload(User, therapist.id).is_active_account
        actions = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.object_id == therapist.id)
        ).all()
    changes = [a for a in actions if a != "account.created"]
    assert changes == ["account.deactivated", "account.reactivated"]


def test_admin_cannot_deactivate_themselves(app, admin_client, admin):
    admin_client.post(f"/admin/users/{admin.id}/deactivate")
    with app.app_context():
        assert reload(User, admin.id).is_active_account
    assert "cannot deactivate your own account" in page_text(admin_client.get("/admin/users"))


def test_unknown_account_is_404(admin_client):
    assert admin_client.post("/admin/users/99999/deactivate").status_code == 404


def test_admin_actions_require_csrf(app, admin_client, therapist):
    response = admin_client.post(f"/admin/users/{therapist.id}/deactivate", csrf=False)
    assert response.status_code == 400
    with app.app_context():
        assert reload(User, therapist.id).is_active_account
