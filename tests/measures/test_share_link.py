"""A questionnaire sent by link goes through the same token safety as homework, and its
answers are stored once."""

import json
from datetime import timedelta

import sqlalchemy as sa

from clinic.audit.models import AuditEvent
from clinic.clients.models import Client
from clinic.content import get_content
from clinic.db import utcnow
from clinic.extensions import db
from clinic.homework.models import ShareLink
from clinic.homework.tokens import hash_token
from clinic.measures import services
from clinic.measures.models import MeasureRequest, MeasureResult, ResultSource
from tests.conftest import page_text, reload
from tests.homework.conftest import SAY_IT_ANSWERS
from tests.measures.conftest import PHQ9_ELEVEN, PHQ9_ITEM9, phq9_form

INACTIVE = "This link is not active"


def send_measure(app, client, slug: str = "phq-9") -> tuple[int, str]:
    """(request id, token) for a questionnaire sent alone."""
    with app.app_context():
        owner = db.session.get(Client, client.id)
        sent, token = services.send_measure(owner, get_content().measures[slug], by=owner.therapist)
        db.session.commit()
        return sent.id, token


def answer_url(page: str, request_id: int) -> str:
    return f"{page}/measure/{request_id}"


def stored_results(app) -> list[MeasureResult]:
    with app.app_context():
        return list(db.session.scalars(sa.select(MeasureResult)))


def inactive_page(app, url):
    response = app.test_client().get(url)
    return response.status_code, page_text(response)


def test_the_client_answers_a_phq9_sent_alone(app, client_record, open_link):
    request_id, token = send_measure(app, client_record)
    browser, page = open_link(token)

    shown = browser.get(page)
    sent = browser.post(answer_url(page, request_id), data={**PHQ9_ELEVEN, "submission_key": "k1"})

    assert shown.status_code == 200
    assert "Patient Health Questionnaire (PHQ-9)" in page_text(shown)
    assert "Need help right now?" in page_text(shown), "the crisis text is on every page"
    assert shown.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert sent.status_code == 302
    [result] = stored_results(app)
    assert (result.total, result.source, result.request_id) == (11, ResultSource.LINK, request_id)
    assert result.entered_by_id is None
    thanks = page_text(browser.get(sent.headers["Location"]))
    assert "Thank you — your answers were sent." in thanks


def test_the_token_is_hashed_and_exchanged_for_a_cookie_scoped_to_its_page(app, client_record):
    _, token = send_measure(app, client_record)
    browser = app.test_client()

    response = browser.get(f"/h/{token}")

    location = response.headers["Location"]
    assert token not in location
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("clinic_link="))
    assert f"Path={location}" in cookie and "HttpOnly" in cookie
    with app.app_context():
        link = db.session.scalar(sa.select(ShareLink))
        assert link.token_hash == hash_token(token) and link.assignment_id is None
        dumped = [
            str(row)
            for table in db.metadata.sorted_tables
            for row in db.session.execute(sa.select(table)).all()
        ]
    assert not any(token in row for row in dumped)


def test_unknown_expired_revoked_and_withdrawn_links_look_identical(
    app, client_record, therapist_client
):
    expired_id, expired = send_measure(app, client_record)
    revoked_id, revoked = send_measure(app, client_record, "gad-7")
    withdrawn_id, withdrawn = send_measure(app, client_record, "trust-check-in")
    with app.app_context():
        link = db.session.scalar(
            sa.select(ShareLink).where(ShareLink.measure_request_id == expired_id)
        )
        link.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    base = f"/clients/{client_record.id}/measures/requests"
    therapist_client.post(f"{base}/{revoked_id}/link/revoke")
    therapist_client.post(f"{base}/{withdrawn_id}/cancel")

    unknown = inactive_page(app, "/h/" + "A" * 43)

    assert unknown[0] == 404 and INACTIVE in unknown[1]
    assert inactive_page(app, f"/h/{expired}") == unknown
    assert inactive_page(app, f"/h/{revoked}") == unknown
    assert inactive_page(app, f"/h/{withdrawn}") == unknown


def test_the_cookie_cannot_reach_another_link(
    app, client_record, make_client, therapist, open_link
):
    _, first = send_measure(app, client_record)
    other = make_client(therapist, preferred_name="Sol")
    second_id, second = send_measure(app, other, "gad-7")
    browser, first_page = open_link(first)
    _, second_page = open_link(second)
    cookie = browser.get_cookie("clinic_link", path=first_page).value

    intruder = app.test_client()
    intruder.set_cookie("clinic_link", cookie, path=second_page)
    looked = intruder.get(second_page)
    posted = intruder.post(answer_url(second_page, second_id), data=PHQ9_ELEVEN)
    across = browser.post(answer_url(first_page, second_id), data=PHQ9_ELEVEN)

    assert looked.status_code == posted.status_code == across.status_code == 404
    assert "GAD-7" not in page_text(looked)
    assert stored_results(app) == []


def test_the_link_routes_are_rate_limited(app, client_record, open_link):
    request_id, token = send_measure(app, client_record)
    browser, page = open_link(token)
    app.config["SHARE_LINK_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [
            browser.post(answer_url(page, request_id), data={}).status_code for _ in range(4)
        ]
    finally:
        app.config["SHARE_LINK_RATE_LIMIT"] = "30 per minute"

    assert statuses == [400, 400, 400, 429]


def test_incomplete_answers_are_refused_naming_the_questions_and_keeping_the_rest(
    app, client_record, open_link
):
    request_id, token = send_measure(app, client_record)
    browser, page = open_link(token)

    response = browser.post(answer_url(page, request_id), data=phq9_form(1, 2, 0, 3))

    assert response.status_code == 400
    text = page_text(response)
    assert "5 questions still need an answer." in text
    assert all(f"Question {n}" in text for n in range(5, 10))
    assert text.count("Please choose an answer.") == 5
    assert 'name="energy" value="3" checked' in response.text
    assert stored_results(app) == []


def test_a_double_submit_stores_one_result(app, client_record, open_link):
    request_id, token = send_measure(app, client_record)
    browser, page = open_link(token)
    form = {**PHQ9_ELEVEN, "submission_key": "same-page"}

    first = browser.post(answer_url(page, request_id), data=form)
    again = browser.post(answer_url(page, request_id), data=form)

    assert first.status_code == again.status_code == 302
    assert len(stored_results(app)) == 1


def test_a_second_tab_cannot_add_or_replace_the_answers(app, client_record, open_link):
    request_id, token = send_measure(app, client_record)
    browser, page = open_link(token)
    browser.post(answer_url(page, request_id), data={**PHQ9_ELEVEN, "submission_key": "tab-1"})

    other_tab = browser.post(
        answer_url(page, request_id),
        data={**phq9_form(3, 3, 3, 3, 3, 3, 3, 3, 0), "submission_key": "tab-2"},
    )

    assert other_tab.status_code == 409
    assert "This questionnaire was already sent" in page_text(other_tab)
    [result] = stored_results(app)
    assert result.total == 11


def test_a_phq9_sent_by_link_raises_the_safety_flag_at_once(app, client_record, open_link):
    request_id, token = send_measure(app, client_record)
    browser, page = open_link(token)

    browser.post(answer_url(page, request_id), data=PHQ9_ITEM9)

    with app.app_context():
        client = reload(Client, client_record.id)
        assert client.safety_flag and client.measure_safety_flag


def test_the_audit_log_names_the_link_and_holds_no_answers(app, client_record, open_link):
    request_id, token = send_measure(app, client_record)
    browser, page = open_link(token)
    browser.post(answer_url(page, request_id), data=PHQ9_ITEM9)

    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
        recorded = next(e for e in events if e.action == "measure.recorded")
        everything = json.dumps([e.details for e in events])
    assert recorded.actor_user_id is None
    assert recorded.actor_label == f"measure-request:{request_id}"
    assert "Moderate" not in everything and '"total"' not in everything


def test_one_link_carries_homework_and_a_questionnaire(
    app, therapist_client, client_record, open_link
):
    created = therapist_client.post(
        f"/clients/{client_record.id}/assign",
        data={"exercise": "say-it-instead-of-checking", "measure": "gad-7"},
    )
    token = therapist_client.get(created.headers["Location"]).text.split("/h/")[1].split('"')[0]
    browser, page = open_link(token)
    browser.post(page, data={**SAY_IT_ANSWERS, "action": "save"})

    shown = page_text(browser.get(page))
    with app.app_context():
        [sent] = db.session.scalars(sa.select(MeasureRequest)).all()
        request_id = sent.id
    answered = browser.post(
        answer_url(page, request_id),
        data={key: "1" for key in ("nervous", "control_worry", "worry_too_much", "relaxing",
                                   "restless", "irritable", "afraid")},
    )  # fmt: skip

    assert "Say it instead of checking" in shown and "Generalized Anxiety Disorder" in shown
    assert answered.status_code == 302
    [result] = stored_results(app)
    assert (result.total, result.band) == (7, "Mild")
    after = browser.get(page)
    assert "He was late and did not text" in after.text, "the homework draft is untouched"
    assert "Sent to your therapist" in page_text(after)


def test_a_questionnaire_on_a_homework_link_closes_with_the_homework(
    app, therapist_client, client_record, make_assignment, open_link
):
    assignment, token = make_assignment(client_record)
    therapist_client.post(
        f"/clients/{client_record.id}/homework/{assignment.id}/measure", data={"measure": "phq-9"}
    )
    browser, page = open_link(token)
    with app.app_context():
        request_id = db.session.scalar(sa.select(MeasureRequest.id))
    therapist_client.post(f"/clients/{client_record.id}/homework/{assignment.id}/cancel")

    response = browser.post(answer_url(page, request_id), data=PHQ9_ELEVEN)

    assert response.status_code == 404 and INACTIVE in page_text(response)
    assert stored_results(app) == []


def test_the_therapist_sees_the_link_once(app, therapist_client, client_record):
    response = therapist_client.post(
        f"/clients/{client_record.id}/measures/send", data={"measure": "phq-9"}
    )

    first = therapist_client.get(response.headers["Location"])
    again = therapist_client.get(response.headers["Location"])

    assert app.config["CLINIC_BASE_URL"] + "/h/" in first.text
    assert "/h/" not in again.text
    assert "Waiting" in page_text(again)


def test_a_new_link_for_a_questionnaire_revokes_the_old_one(app, therapist_client, client_record):
    request_id, old = send_measure(app, client_record)

    therapist_client.post(f"/clients/{client_record.id}/measures/requests/{request_id}/link")

    assert app.test_client().get(f"/h/{old}").status_code == 404
    with app.app_context():
        live = db.session.scalars(sa.select(ShareLink).where(ShareLink.revoked_at.is_(None)))
        assert len(live.all()) == 1
