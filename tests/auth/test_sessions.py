import time

import sqlalchemy as sa

from clinic.audit.models import AuditEvent
from clinic.auth.models import User
from clinic.extensions import db
from tests.conftest import page_text, reload


def copied_cookie(client) -> str:
    return client.get_cookie("clinic_session").value


def client_with_cookie(app, value: str):
    other = app.test_client()
    other.set_cookie("clinic_session", value)
    return other


def test_pages_behind_login_redirect_anonymous_visitors(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_cookie_copied_before_logout_is_refused_afterwards(app, therapist_client):
    stolen = copied_cookie(therapist_client)
    therapist_client.post("/logout")

    replay = client_with_cookie(app, stolen)
    assert replay.get("/account/password").status_code == 302


def test_cookie_copied_before_deactivation_stops_working_at_once(
    app, therapist_client, admin, therapist
):
    admin_client = app.test_client()
    admin_client.login(admin.email)
    assert therapist_client.get("/account/password").status_code == 200

    admin_client.post(f"/admin/users/{therapist.id}/deactivate")

    assert therapist_client.get("/account/password").status_code == 302


def test_cookie_copied_before_password_change_is_refused_but_this_session_continues(
    app, therapist_client, therapist
):
    stolen = copied_cookie(therapist_client)
    response = therapist_client.post(
        "/account/password",
        data={
            "current": "a-long-test-password-42",
            "password": "another-long-passphrase-7",
            "confirm": "another-long-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert therapist_client.get("/account/password").status_code == 200
    assert client_with_cookie(app, stolen).get("/account/password").status_code == 302


def test_idle_session_is_signed_out(app, therapist_client):
    idle_seconds = app.config["IDLE_TIMEOUT"].total_seconds() + 5
    with therapist_client.session_transaction() as session:
        session["seen"] = int(time.time() - idle_seconds)

    response = therapist_client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    follow = therapist_client.get("/login")
    assert "signed out after a period of inactivity" in page_text(follow)


def test_activity_within_the_idle_limit_keeps_the_session(app, therapist_client):
    nearly_idle = app.config["IDLE_TIMEOUT"].total_seconds() - 60
    with therapist_client.session_transaction() as session:
        session["seen"] = int(time.time() - nearly_idle)
    assert therapist_client.get("/account/password").status_code == 200
    with therapist_client.session_transaction() as session:
        assert time.time() - session["seen"] < 5


def test_reset_password_forces_a_new_one_before_anything_else(app, client, admin, therapist):
    admin_client = app.test_client()
    admin_client.login(admin.email)
    page = admin_client.post(f"/admin/users/{therapist.id}/reset-password")
    temporary = page.text.split('<p class="secret"><code>')[1].split("</code>")[0]

    assert client.login(therapist.email, temporary).status_code == 302
    assert client.get("/").headers["Location"] == "/account/password"
    assert client.get("/admin/audit").headers["Location"] == "/account/password"

    response = client.post(
        "/account/password",
        data={
            "current": temporary,
            "password": "my-own-new-passphrase",
            "confirm": "my-own-new-passphrase",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert reload(User, therapist.id).must_change_password is False
    assert client.get("/admin/audit").status_code == 403, "no longer diverted to the password page"


def test_rejected_password_change_explains_and_changes_nothing(app, therapist_client, therapist):
    response = therapist_client.post(
        "/account/password",
        data={"current": "a-long-test-password-42", "password": "short", "confirm": "short"},
    )
    assert response.status_code == 200
    assert "Use at least 12 characters." in page_text(response)
    with app.app_context():
        db.session.expire_all()
        assert reload(User, therapist.id).session_version == therapist.session_version


def test_a_session_ends_at_its_absolute_lifetime_however_active(app, therapist_client):
    lifetime = app.config["SESSION_ABSOLUTE_LIFETIME"].total_seconds()
    assert lifetime == 12 * 3600
    with therapist_client.session_transaction() as session:
        session["since"] = int(time.time() - lifetime - 5)
        session["seen"] = int(time.time())

    response = therapist_client.get("/account")

    assert response.headers["Location"] == "/login"
    assert "sessions last at most a working day" in page_text(therapist_client.get("/login"))
    assert therapist_client.get("/account").headers["Location"].startswith("/login")


def test_a_session_within_its_lifetime_carries_on(app, therapist_client):
    lifetime = app.config["SESSION_ABSOLUTE_LIFETIME"].total_seconds()
    with therapist_client.session_transaction() as session:
        session["since"] = int(time.time() - lifetime + 60)
    assert therapist_client.get("/account").status_code == 200


def test_the_absolute_lifetime_is_configured_in_hours(monkeypatch, tmp_path):
    from clinic.config import load_config

    monkeypatch.setenv("SESSION_ABSOLUTE_HOURS", "8")
    monkeypatch.setenv("SECRET_KEY", "x")
    assert load_config(tmp_path)["SESSION_ABSOLUTE_LIFETIME"].total_seconds() == 8 * 3600


def test_logout_tells_the_browser_to_clear_what_this_site_stored(therapist_client):
    response = therapist_client.post("/logout")
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'


def test_the_login_page_says_so_after_logout_without_needing_a_cookie(app, therapist_client):
    location = therapist_client.post("/logout").headers["Location"]
    assert "You are signed out." in page_text(app.test_client().get(location))
    assert "You are signed out." not in page_text(app.test_client().get("/login"))


def test_sign_out_everywhere_ends_other_sessions_and_keeps_this_one(
    app, therapist_client, therapist, login_as
):
    other_device = login_as(therapist)
    copied = copied_cookie(therapist_client)
    assert other_device.get("/account").status_code == 200

    response = therapist_client.post("/account/sign-out-everywhere")

    assert response.headers["Location"] == "/account"
    assert "Every other session of yours is signed out" in page_text(
        therapist_client.get("/account")
    )
    assert other_device.get("/account").headers["Location"].startswith("/login")
    assert client_with_cookie(app, copied).get("/account").status_code == 302
    assert therapist_client.get("/account").status_code == 200
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "auth.signed_out_everywhere" in actions


def test_the_account_page_offers_sign_out_everywhere(therapist_client):
    page = therapist_client.get("/account")
    assert "Sign out everywhere else" in page_text(page)
    assert 'action="/account/sign-out-everywhere"' in page.text
