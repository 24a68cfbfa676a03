import logging
from datetime import timedelta

import sqlalchemy as sa

from clinic.db import utcnow
from clinic.extensions import db
from clinic.homework.models import Assignment, ShareLink
from clinic.homework.tokens import hash_token, share_url
from tests.conftest import page_text


def test_token_is_long_random_and_only_its_hash_is_stored(app, client_record, make_assignment):
    assignment, token = make_assignment(client_record)
    assert len(token) >= 43, "at least 256 bits, URL-safe"
    with app.app_context():
        link = db.session.scalar(
            sa.select(ShareLink).where(ShareLink.assignment_id == assignment.id)
        )
        assert link.token_hash == hash_token(token)
        dumped = [
            str(row)
            for table in db.metadata.sorted_tables
            for row in db.session.execute(sa.select(table)).all()
        ]
    assert not any(token in row for row in dumped)


def test_link_expires_after_fourteen_days_by_default(app, client_record, make_assignment):
    make_assignment(client_record)
    with app.app_context():
        link = db.session.scalar(sa.select(ShareLink))
        assert timedelta(days=13, hours=23) < link.expires_at - utcnow() <= timedelta(days=14)


def test_opening_the_link_swaps_the_token_for_a_scoped_cookie(app, client_record, make_assignment):
    _, token = make_assignment(client_record)
    browser = app.test_client()
    response = browser.get(f"/h/{token}")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert token not in location
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("clinic_link="))
    assert f"Path={location}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    page = browser.get(location)
    assert page.status_code == 200
    text = page_text(page)
    assert "Say it instead of checking" in text
    assert "Try it this week." in text
    assert "Need help right now?" in text
    assert page.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert page.headers["Referrer-Policy"] == "same-origin", "never cross-origin; CSRF needs it"
    assert '<meta name="robots" content="noindex, nofollow">' in page.text


def test_opening_counts_and_is_audited_with_the_link_as_actor(app, client_record, make_assignment):
    _, token = make_assignment(client_record)
    app.test_client().get(f"/h/{token}")
    app.test_client().get(f"/h/{token}")
    with app.app_context():
        link = db.session.scalar(sa.select(ShareLink))
        assert link.open_count == 2
        from clinic.audit.models import AuditEvent

        opened = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "link.opened")
        ).all()
    assert [e.actor_label for e in opened] == [f"link:{link.id}"] * 2
    assert all(e.actor_user_id is None for e in opened)


def inactive_page(app, url):
    response = app.test_client().get(url)
    return response.status_code, page_text(response)


def test_unknown_expired_and_revoked_links_look_identical(
    app, client_record, make_assignment, therapist_client
):
    expired_assignment, expired = make_assignment(client_record)
    revoked_assignment, revoked = make_assignment(client_record, slug="thought-record")
    with app.app_context():
        link = db.session.scalar(
            sa.select(ShareLink).where(ShareLink.assignment_id == expired_assignment.id)
        )
        link.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    therapist_client.post(
        f"/clients/{client_record.id}/homework/{revoked_assignment.id}/link/revoke"
    )
    unknown = inactive_page(app, "/h/" + "A" * 43)
    assert unknown[0] == 404
    assert "This link is not active" in unknown[1]
    assert inactive_page(app, f"/h/{expired}") == unknown
    assert inactive_page(app, f"/h/{revoked}") == unknown


def test_a_new_link_revokes_the_old_one(app, client_record, make_assignment, therapist_client):
    assignment, old = make_assignment(client_record)
    therapist_client.post(f"/clients/{client_record.id}/homework/{assignment.id}/link")
    assert app.test_client().get(f"/h/{old}").status_code == 404
    with app.app_context():
        links = db.session.scalars(sa.select(ShareLink)).all()
    assert [link.revoked_at is None for link in links] == [False, True]


def test_cancelled_homework_closes_the_link(
    app, client_record, make_assignment, therapist_client, open_link
):
    assignment, token = make_assignment(client_record)
    browser, page = open_link(token)
    therapist_client.post(f"/clients/{client_record.id}/homework/{assignment.id}/cancel")
    assert app.test_client().get(f"/h/{token}").status_code == 404
    assert browser.get(page).status_code == 404


def test_the_cookie_reaches_only_its_own_assignment(app, client_record, make_assignment, open_link):
    _, first = make_assignment(client_record)
    _, second = make_assignment(client_record, slug="thought-record")
    browser, first_page = open_link(first)
    _, second_page = open_link(second)
    assert browser.get(first_page).status_code == 200
    cookie = browser.get_cookie("clinic_link", path=first_page).value
    intruder = app.test_client()
    intruder.set_cookie("clinic_link", cookie, path=second_page)
    assert intruder.get(second_page).status_code == 404
    assert "Thought record" not in page_text(intruder.get(second_page))


def test_a_forged_cookie_is_refused(app, client_record, make_assignment, open_link):
    _, token = make_assignment(client_record)
    _, page = open_link(token)
    stranger = app.test_client()
    stranger.set_cookie("clinic_link", '{"link": 1}', path=page)
    assert stranger.get(page).status_code == 404


def test_token_route_is_rate_limited(app, client_record, make_assignment):
    app.config["SHARE_LINK_RATE_LIMIT"] = "5 per minute"
    try:
        browser = app.test_client()
        statuses = [browser.get("/h/" + f"{n:043d}").status_code for n in range(6)]
    finally:
        app.config["SHARE_LINK_RATE_LIMIT"] = "30 per minute"
    assert statuses == [404] * 5 + [429]


def test_token_never_reaches_the_logs(app, client_record, make_assignment, caplog):
    _, token = make_assignment(client_record)
    caplog.set_level(logging.DEBUG)
    browser = app.test_client()
    page = browser.get(f"/h/{token}").headers["Location"]
    browser.get(page)
    logging.getLogger("werkzeug").info('"GET /h/%s HTTP/1.1" 302 -', token)
    app.logger.warning("odd request to /h/%s", token)
    assert caplog.records
    assert token not in caplog.text
    assert "/h/[redacted]" in caplog.text


def test_share_url_uses_the_configured_base_not_the_host_header(app):
    with app.test_request_context("/", headers={"Host": "evil.example"}):
        url = share_url("abc")
    assert url == app.config["CLINIC_BASE_URL"] + "/h/abc"


def test_the_link_is_shown_to_the_therapist_once(app, therapist_client, client_record):
    response = therapist_client.post(
        f"/clients/{client_record.id}/assign", data={"exercise": "thought-record"}
    )
    first = therapist_client.get(response.headers["Location"])
    assert app.config["CLINIC_BASE_URL"] + "/h/" in first.text
    again = therapist_client.get(response.headers["Location"])
    assert "/h/" not in again.text
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)) == 1
