from datetime import timedelta

import sqlalchemy as sa

from clinic.audit.models import AuditEvent
from clinic.auth.models import User
from clinic.db import utcnow
from clinic.extensions import db, limiter
from tests.conftest import page_text, reload

GENERIC_FAILURE = "did not match an active account"


def audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_login_page_is_served(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert 'name="csrf_token"' in response.text
    assert 'autocomplete="current-password"' in response.text


def test_therapist_signs_in_and_out(app, client, therapist):
    response = client.login(therapist.email)
    assert response.status_code == 302
    assert client.get("/account/password").status_code == 200

    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?signed_out=1"
    assert client.get("/account/password").status_code == 302
    assert audit_actions(app)[-2:] == ["auth.login", "auth.logout"]


def test_email_is_matched_case_insensitively(client, therapist):
    response = client.login("  ANA@Example.ORG ")
    assert response.status_code == 302


def test_wrong_password_gets_generic_message_and_is_counted(app, client, therapist):
    response = client.login(therapist.email, "wrong-password-123")
    assert response.status_code == 200
    assert GENERIC_FAILURE in page_text(response)
    assert 'value="ana@example.org"' in response.text, "the email typed is kept"
    with app.app_context():
        assert reload(User, therapist.id).failed_logins == 1
    assert audit_actions(app)[-1] == "auth.login_failed"


def test_unknown_email_gets_the_same_message_as_wrong_password(client, therapist):
    unknown = page_text(client.login("nobody@example.org", "whatever-password"))
    wrong = page_text(client.login(therapist.email, "whatever-password"))
    assert unknown == wrong.replace("ana@example.org", "nobody@example.org")
    assert GENERIC_FAILURE in unknown


def test_five_failures_lock_the_account_for_fifteen_minutes(app, client, therapist):
    for _ in range(5):
        client.login(therapist.email, "wrong-password-123")
    with app.app_context():
        user = reload(User, therapist.id)
        assert user.locked_until is not None
        remaining = user.locked_until - utcnow()
        assert timedelta(minutes=14) < remaining <= timedelta(minutes=15)

    response = client.login(therapist.email)
    assert response.status_code == 200, "even the right password is refused while locked"
    assert GENERIC_FAILURE in page_text(response)
    assert "auth.lockout" in audit_actions(app)


def test_lock_expires(app, client, therapist):
    for _ in range(5):
        client.login(therapist.email, "wrong-password-123")
    with app.app_context():
        user = reload(User, therapist.id)
        user.locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.login(therapist.email).status_code == 302


def test_successful_login_resets_the_failure_count(app, client, therapist):
    client.login(therapist.email, "wrong-password-123")
    client.login(therapist.email)
    with app.app_context():
        assert reload(User, therapist.id).failed_logins == 0


def test_deactivated_account_cannot_sign_in(app, client, therapist):
    with app.app_context():
        reload(User, therapist.id).is_active_account = False
        db.session.commit()
    response = client.login(therapist.email)
    assert response.status_code == 200
    assert GENERIC_FAILURE in page_text(response)


def test_login_is_rate_limited_per_ip(app, client, therapist):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [
            client.login(f"someone{i}@example.org", "wrong-password-123").status_code
            for i in range(4)
        ]
        other_ip = client.login(therapist.email, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "20 per 5 minutes"
    assert statuses == [200, 200, 200, 429]
    assert other_ip.status_code == 302


def test_next_parameter_redirects_within_the_site(client, therapist):
    response = client.login(therapist.email, query_string={"next": "/account/password"})
    assert response.headers["Location"] == "/account/password"


def test_next_parameter_cannot_redirect_off_site(client, therapist):
    hostile = [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\r\nLocation: https://evil.example",
        " //evil.example",
    ]
    for target in hostile:
        client.post("/logout")
        response = client.login(therapist.email, query_string={"next": target})
        assert response.status_code == 302
        assert "evil" not in response.headers["Location"], target
        assert response.headers["Location"] == "/", target


def test_login_without_csrf_token_is_refused(app, client, therapist):
    response = client.post(
        "/login", data={"email": therapist.email, "password": "a-long-test-password-42"}, csrf=False
    )
    assert response.status_code == 400
    assert "This form has expired" in page_text(response)
    assert "auth.login" not in audit_actions(app)


def test_logout_requires_post_and_csrf(therapist_client):
    assert therapist_client.get("/logout").status_code == 405
    assert therapist_client.post("/logout", csrf=False).status_code == 400
    assert therapist_client.get("/account/password").status_code == 200


def test_session_is_rotated_on_login(client, therapist):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker before sign-in"
    client.login(therapist.email)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_no_remember_me_cookie_is_set(client, therapist):
    response = client.login(therapist.email)
    cookies = response.headers.getlist("Set-Cookie")
    assert not any(c.startswith("remember_token") for c in cookies)
    session_cookie = next(c for c in cookies if c.startswith("clinic_session="))
    assert "HttpOnly" in session_cookie
    assert "SameSite=Lax" in session_cookie
    assert "Expires" not in session_cookie, "a browser-session cookie, not a persistent one"


def test_login_rate_limit_can_live_in_redis(app, tmp_path, database_url):
    """Several workers or instances share the limit through Redis, set by one URI."""
    import uuid

    import redis

    from tests.conftest import make_test_app

    prefix = f"clinic-test-{uuid.uuid4().hex[:8]}"
    app = make_test_app(
        database_url,
        tmp_path,
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0",
        RATELIMIT_KEY_PREFIX=prefix,
        LOGIN_RATE_LIMIT="2 per minute",
    )
    try:
        browser = app.test_client()
        statuses = [
            browser.login(f"nobody{n}@example.org", "wrong-password-123").status_code
            for n in range(3)
        ]
        stored = redis.Redis(host="127.0.0.1", port=6379).keys(f"*/{prefix}/*")
    finally:
        connection = redis.Redis(host="127.0.0.1", port=6379)
        for key in connection.scan_iter(f"*/{prefix}/*"):
            connection.delete(key)
        # The limiter is one object for every app; give the suite's app its own storage back.
        limiter.init_app(app)
    assert statuses == [200, 200, 429]
    assert stored, "the counter is kept in Redis"
