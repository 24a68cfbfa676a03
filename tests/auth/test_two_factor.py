"""Two-factor sign-in: enrolment, the code step, replay, recovery codes, the clinic setting,
the admin's reset, and the half-signed-in state between the password and the code."""

import hashlib
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import sqlalchemy as sa
from flask import url_for

from clinic.audit.models import AuditEvent
from clinic.auth import two_factor
from clinic.auth.models import RecoveryCode, Role, User
from clinic.auth.services import create_user
from clinic.extensions import db
from clinic.settings.services import clinic_settings
from tests.conftest import (
    DEFAULT_PASSWORD,
    RECOVERY_CODES,
    enrol_in_two_factor,
    next_totp_code,
    page_text,
    reload,
)
from tests.homework.test_access import make_homework  # noqa: F401 (a fixture)
from tests.hostile import PAYLOADS
from tests.test_csrf_and_methods import GET_ROUTES, World

SETUP = "/account/two-factor"
CODE_PAGE = "/login/code"
SECRET_ON_PAGE = re.compile(r'id="totp-key">([A-Z2-7 ]+)<')
# Fewer than the lock-out threshold, so the refused ones do not lock the account.
BROWSERS_RACING = 4
RECOVERY_CODE = re.compile(r"<code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</code>")


def shown_secret(page) -> str:
    return SECRET_ON_PAGE.search(page.text).group(1).replace(" ", "")


def enrol(browser) -> tuple[str, list[str]]:
    """Enrol through the pages; returns the secret and the recovery codes shown."""
    secret = shown_secret(browser.get(SETUP))
    page = browser.post(SETUP, data={"code": pyotp.TOTP(secret).now()})
    assert page.status_code == 200
    return secret, RECOVERY_CODE.findall(page.text)


@pytest.fixture
def enrolled(app, therapist):
    """The therapist with two-factor sign-in on."""
    with app.app_context():
        enrol_in_two_factor(db.session.get(User, therapist.id))
        db.session.commit()
    return therapist


def half_signed_in(app, user):
    browser = app.test_client()
    response = browser.login(user.email, second_factor=False)
    assert response.headers["Location"] == CODE_PAGE
    return browser


def audit_events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


# Enrolment


def test_enrolment_page_shows_a_local_qr_code_and_the_key_as_text(therapist_client, therapist):
    page = therapist_client.get(SETUP)

    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text, "an SVG made by the app, no outside service"
    secret = shown_secret(page)
    assert len(secret) == 32
    assert shown_secret(therapist_client.get(SETUP)) == secret, "the same key until confirmed"


def test_a_wrong_code_is_refused_and_two_factor_stays_off(app, therapist_client, therapist):
    page = therapist_client.get(SETUP)
    secret = shown_secret(page)

    response = therapist_client.post(SETUP, data={"code": "000000"})

    assert response.status_code == 200
    assert "That code did not match" in page_text(response)
    assert 'aria-invalid="true"' in response.text
    assert shown_secret(response) == secret, "the same key, to try again"
    with app.app_context():
        user = reload(User, therapist.id)
        assert not user.has_two_factor
        assert user.totp_secret is None


def test_the_right_code_switches_it_on_and_shows_ten_recovery_codes_once(
    app, therapist_client, therapist
):
    _, codes = enrol(therapist_client)

    assert len(set(codes)) == 10
    with app.app_context():
        user = reload(User, therapist.id)
        assert user.has_two_factor
        stored = set(
            db.session.scalars(
                sa.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)
            )
        )
    assert stored == {hashlib.sha256(c.replace("-", "").encode()).hexdigest() for c in codes}
    account = therapist_client.get("/account")
    assert "10 of 10 recovery codes unused" in page_text(account)
    assert not any(code in account.text for code in codes), "shown only once"
    assert therapist_client.get(SETUP).headers["Location"] == "/account"


def test_the_secret_is_stored_encrypted_with_a_key_from_secret_key(app, enrolled):
    with app.app_context():
        stored = reload(User, enrolled.id).totp_secret
        secret = two_factor.unseal(stored)
    assert secret not in stored
    assert len(secret) == 32
    with app.test_request_context():
        app.config["SECRET_KEY"] = "another-secret-key"
        try:
            with pytest.raises(two_factor.TwoFactorError):
                two_factor.unseal(stored)
        finally:
            app.config["SECRET_KEY"] = "test-secret-key"


def test_enrolling_ends_every_session_signed_in_with_the_password_alone(app, therapist_client):
    copied = therapist_client.get_cookie("clinic_session").value
    enrol(therapist_client)

    assert therapist_client.get("/").status_code == 200, "this session carries on"
    other = app.test_client()
    other.set_cookie("clinic_session", copied)
    assert other.get("/").headers["Location"].startswith("/login")


# Signing in


def test_the_password_alone_signs_nobody_in(app, client, enrolled):
    response = client.login(enrolled.email, second_factor=False)

    assert response.headers["Location"] == CODE_PAGE
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert client.get("/").headers["Location"] == CODE_PAGE
    with app.app_context():
        assert reload(User, enrolled.id).last_login_at is None


def test_signing_in_with_a_totp_code(app, client, enrolled):
    browser = half_signed_in(app, enrolled)
    page = browser.get(CODE_PAGE)
    assert 'autocomplete="one-time-code"' in page.text

    response = browser.post(CODE_PAGE, data={"code": next_totp_code(app, enrolled.email)})

    assert response.headers["Location"] == "/"
    assert browser.get("/").status_code == 200
    with browser.session_transaction() as session:
        assert session["_user_id"] == str(enrolled.id)
        assert "pending_2fa" not in session
    [login] = audit_events(app, "auth.login")
    assert login.details == {"second_factor": "totp"}


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_a_hostile_code_is_refused_beside_the_field_and_shown_escaped(app, enrolled, payload):
    browser = half_signed_in(app, enrolled)

    response = browser.post(CODE_PAGE, data={"code": payload})

    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    with browser.session_transaction() as session:
        assert "_user_id" not in session


def test_the_next_parameter_survives_the_code_step(app, enrolled):
    browser = app.test_client()
    browser.login(enrolled.email, second_factor=False, query_string={"next": "/account"})
    response = browser.post(CODE_PAGE, data={"code": next_totp_code(app, enrolled.email)})
    assert response.headers["Location"] == "/account"


def test_a_totp_code_cannot_be_replayed(app, enrolled):
    first = half_signed_in(app, enrolled)
    code = next_totp_code(app, enrolled.email)
    assert first.post(CODE_PAGE, data={"code": code}).headers["Location"] == "/"

    second = half_signed_in(app, enrolled)
    response = second.post(CODE_PAGE, data={"code": code})

    assert response.status_code == 200
    assert "That code did not work" in page_text(response)
    assert second.get("/").headers["Location"] == CODE_PAGE


def test_replay_and_time_window_with_a_fixed_clock(ctx, make_user):
    user = make_user(two_factor=True)
    user = db.session.get(User, user.id)
    totp = pyotp.TOTP(two_factor.unseal(user.totp_secret))
    noon = datetime(2031, 5, 6, 12, 0, 10, tzinfo=UTC)
    user.totp_last_step = None
    step = totp.timecode(noon)

    assert two_factor.check_code(user, totp.at(noon), now=noon) == "totp"
    assert user.totp_last_step == step
    with pytest.raises(two_factor.TwoFactorError):
        two_factor.check_code(user, totp.at(noon), now=noon + timedelta(seconds=5))
    with pytest.raises(two_factor.TwoFactorError, match="did not work"):
        two_factor.check_code(user, totp.at(noon - timedelta(seconds=30)), now=noon)
    later = noon + timedelta(seconds=30)
    assert two_factor.check_code(user, totp.at(later), now=later) == "totp"
    too_late = noon + timedelta(minutes=3)
    with pytest.raises(two_factor.TwoFactorError):
        two_factor.check_code(user, totp.at(too_late - timedelta(seconds=90)), now=too_late)


def test_a_recovery_code_works_exactly_once(app, enrolled):
    code = RECOVERY_CODES[enrolled.email][0]
    browser = half_signed_in(app, enrolled)
    response = browser.post(CODE_PAGE, data={"code": code.upper().replace("-", " ")})
    assert response.headers["Location"] == "/"
    assert "9 are left" in page_text(browser.get("/"))
    assert len(audit_events(app, "account.recovery_code_used")) == 1

    again = half_signed_in(app, enrolled)
    response = again.post(CODE_PAGE, data={"code": code})
    assert "That code did not work" in page_text(response)


def test_wrong_codes_count_toward_the_lock_out(app, enrolled):
    browser = half_signed_in(app, enrolled)
    for _ in range(app.config["LOCKOUT_THRESHOLD"] - 1):
        assert browser.post(CODE_PAGE, data={"code": "123456"}).status_code == 200

    response = browser.post(CODE_PAGE, data={"code": "123456"})

    assert response.headers["Location"] == "/login"
    assert "did not match an active account" in page_text(browser.get("/login"))
    with app.app_context():
        assert reload(User, enrolled.id).is_locked(datetime.now(UTC))
    locked = app.test_client().login(enrolled.email, second_factor=False)
    assert locked.status_code == 200, "the password step is refused while locked"


def test_the_right_password_does_not_reset_the_count_of_wrong_codes(app, enrolled):
    for _ in range(2):
        browser = half_signed_in(app, enrolled)
        browser.post(CODE_PAGE, data={"code": "123456"})
    with app.app_context():
        assert reload(User, enrolled.id).failed_logins == 2


def test_codes_and_passwords_share_the_sign_in_rate_limit(app, enrolled):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        browser = half_signed_in(app, enrolled)
        statuses = [browser.post(CODE_PAGE, data={"code": "12345"}).status_code for _ in range(3)]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "20 per 5 minutes"
    assert statuses == [200, 200, 429], "the password counted as the first of three"


def test_the_half_signed_in_state_expires(app, enrolled):
    browser = half_signed_in(app, enrolled)
    with browser.session_transaction() as session:
        pending = session["pending_2fa"]
        pending["at"] -= app.config["SECOND_FACTOR_TIMEOUT"].total_seconds() + 1
        session["pending_2fa"] = pending

    response = browser.post(CODE_PAGE, data={"code": next_totp_code(app, enrolled.email)})

    assert response.headers["Location"] == "/login"
    assert "That took too long" in page_text(browser.get("/login"))
    assert browser.get("/").headers["Location"].startswith("/login")


def test_a_deactivated_account_cannot_finish_the_code_step(app, enrolled, admin_client):
    browser = half_signed_in(app, enrolled)
    admin_client.post(f"/admin/users/{enrolled.id}/deactivate")

    response = browser.post(CODE_PAGE, data={"code": next_totp_code(app, enrolled.email)})

    assert response.headers["Location"] == "/login"
    assert browser.get("/").headers["Location"].startswith("/login")


# Nothing between the password and the code


OPEN_PAGES = {"auth.login", "health.healthz"}


def test_no_page_is_reachable_between_password_and_code(app, world_of_enrolled_owner):
    world, client_names = world_of_enrolled_owner
    browser = half_signed_in(app, world.therapist)

    for route in GET_ROUTES:
        with app.test_request_context():
            target = url_for(route.endpoint, **world.ids(route))
        response = browser.get(target)
        text = response.get_data(as_text=True)
        assert not any(name in text for name in client_names), route.id
        if route.endpoint in OPEN_PAGES | {"auth.second_factor"}:
            assert response.status_code == 200, route.id
        elif response.status_code == 302:
            assert response.headers["Location"] in (CODE_PAGE, "/login"), route.id
        else:
            assert response.status_code in (401, 404), route.id

    code = next_totp_code(app, world.therapist.email)
    assert browser.post(CODE_PAGE, data={"code": code}).status_code == 302
    client_page = browser.get(f"/clients/{world.record.client_id}")
    assert world.record.full_name in client_page.text, "the same browser sees it once signed in"


@pytest.fixture
def world_of_enrolled_owner(app, request):
    """The access tests' world (a client with homework, links, a discharged client…), its
    therapist with two-factor sign-in on."""
    world = World(app, request)
    identifying = world.record.identifying
    with app.app_context():
        enrol_in_two_factor(db.session.get(User, world.therapist.id))
        db.session.commit()
    return world, identifying


# Who must use it


def require_for_everyone(app):
    with app.app_context():
        clinic_settings().require_two_factor = True
        db.session.commit()


def test_the_setting_sends_everyone_without_it_to_enrolment(app, client, therapist):
    require_for_everyone(app)

    response = client.login(therapist.email)
    assert response.status_code == 302
    for path in ("/", "/account", "/account/password", "/handouts", "/admin/audit"):
        assert client.get(path).headers["Location"] == SETUP, path
    assert "Your clinic asks everyone" in page_text(client.get(SETUP))

    enrol(client)
    assert client.get("/").status_code == 200


def test_admins_must_enrol_whatever_the_setting(app, client, make_user):
    admin = make_user(role=Role.ADMIN, two_factor=False)
    client.login(admin.email)
    assert client.get("/admin/users").headers["Location"] == SETUP
    enrol(client)
    assert client.get("/admin/users").status_code == 200


def test_the_setting_is_saved_from_the_settings_page(app, admin_client):
    response = admin_client.post(
        "/admin/settings",
        data={
            "clinic_name": "Clinic",
            "address": "",
            "crisis_text": "Call 112 in an emergency.",
            "paper_size": "A4",
            "require_two_factor": "y",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        db.session.expire_all()
        assert clinic_settings().require_two_factor is True
    [event] = audit_events(app, "settings.updated")
    assert "require_two_factor" in event.details["fields"]


# The account page


def test_the_account_page_shows_the_status(therapist_client):
    assert "Off" in page_text(therapist_client.get("/account"))
    enrol(therapist_client)
    text = page_text(therapist_client.get("/account"))
    assert "On since" in text
    assert "Switch off" in text


def test_new_recovery_codes_need_a_current_code_and_replace_the_old(
    app, therapist_client, therapist
):
    secret, old_codes = enrol(therapist_client)

    refused = therapist_client.post(
        "/account/two-factor/recovery-codes", data={"regenerate-code": "000000"}
    )
    assert "That code did not work" in page_text(refused)

    later = pyotp.TOTP(secret).at(time.time() + 30)
    response = therapist_client.post(
        "/account/two-factor/recovery-codes", data={"regenerate-code": later}
    )
    new_codes = RECOVERY_CODE.findall(response.text)
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    refused = half_signed_in(app, therapist).post(CODE_PAGE, data={"code": old_codes[0]})
    assert "That code did not work" in page_text(refused)
    accepted = half_signed_in(app, therapist).post(CODE_PAGE, data={"code": new_codes[0]})
    assert accepted.headers["Location"] == "/"


def test_two_factor_can_be_switched_off_when_not_required(app, therapist_client, therapist):
    secret, _ = enrol(therapist_client)
    later = pyotp.TOTP(secret).at(time.time() + 30)

    response = therapist_client.post("/account/two-factor/disable", data={"disable-code": later})

    assert response.headers["Location"] == "/account"
    with app.app_context():
        user = reload(User, therapist.id)
        assert not user.has_two_factor
        assert user.totp_secret is None
        assert two_factor.unused_recovery_codes(user) == 0


def test_two_factor_cannot_be_switched_off_when_required(app, make_user, login_as):
    admin = make_user(role=Role.ADMIN)
    browser = login_as(admin)
    assert "cannot be switched off" in page_text(browser.get("/account"))

    response = browser.post(
        "/account/two-factor/disable", data={"disable-code": next_totp_code(app, admin.email)}
    )

    assert "requires two-factor sign-in" in page_text(response)
    with app.app_context():
        assert reload(User, admin.id).has_two_factor


# The admin's reset


def test_admin_resets_a_lost_phone_and_the_reset_is_audited(
    app, admin_client, admin, enrolled, login_as
):
    users_page = admin_client.get("/admin/users")
    assert f"/admin/users/{enrolled.id}/reset-two-factor" in users_page.text
    therapists_browser = login_as(enrolled)

    response = admin_client.post(f"/admin/users/{enrolled.id}/reset-two-factor")

    assert response.status_code == 302
    with app.app_context():
        user = reload(User, enrolled.id)
        assert not user.has_two_factor
        assert user.totp_secret is None
        assert two_factor.unused_recovery_codes(user) == 0
    [event] = audit_events(app, "account.two_factor_reset")
    assert (event.actor_user_id, event.object_type, event.object_id) == (
        admin.id,
        "user",
        enrolled.id,
    )
    assert event.details == {}, "no secret, no code"
    assert therapists_browser.get("/").headers["Location"].startswith("/login"), "signed out"
    assert app.test_client().login(enrolled.email).headers["Location"] == "/"


def test_a_therapist_cannot_reset_anyones_two_factor(app, therapist_client, make_user):
    colleague = make_user(two_factor=True)
    response = therapist_client.post(f"/admin/users/{colleague.id}/reset-two-factor")
    assert response.status_code == 403
    with app.app_context():
        assert reload(User, colleague.id).has_two_factor


def test_audit_events_of_two_factor_carry_no_secret_or_code(app, therapist_client, therapist):
    secret, codes = enrol(therapist_client)
    with app.app_context():
        events = list(db.session.scalars(sa.select(AuditEvent)))
    stored = " ".join(f"{e.action} {e.details}" for e in events)
    assert "account.two_factor_enabled" in stored
    assert secret not in stored
    assert not any(code in stored for code in codes)
    assert DEFAULT_PASSWORD not in stored


def test_one_code_sent_from_several_browsers_at_once_signs_in_one(isolated_app):
    """The step is claimed by a conditional update, with real commits on SQLite and PostgreSQL."""
    with isolated_app.app_context():
        user = create_user(
            "racer@example.org", "Rae Racer", DEFAULT_PASSWORD, role=Role.THERAPIST, by=None
        )
        enrol_in_two_factor(user)
        db.session.commit()
        db.session.refresh(user)
    browsers = [half_signed_in(isolated_app, user) for _ in range(BROWSERS_RACING)]
    code = next_totp_code(isolated_app, user.email)
    start = threading.Barrier(len(browsers))

    def send(browser):
        start.wait()
        return browser.post(CODE_PAGE, data={"code": code}).headers.get("Location")

    with ThreadPoolExecutor(len(browsers)) as pool:
        locations = list(pool.map(send, browsers))

    assert locations.count("/") == 1, locations
