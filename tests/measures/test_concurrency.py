"""Concurrent answers to a questionnaire sent by link, with real commits (SQLite and PostgreSQL)."""

import re

import sqlalchemy as sa

from clinic.auth.models import Role
from clinic.auth.services import create_user
from clinic.clients.services import create_client
from clinic.content import get_content
from clinic.extensions import db
from clinic.measures import services
from clinic.measures.models import MeasureResult
from tests.homework.test_concurrency import WORKERS, submit_all_at_once
from tests.measures.conftest import PHQ9_ELEVEN, phq9_form


def a_phq9_sent_by_link(app) -> str:
    with app.app_context():
        therapist = create_user(
            "t@example.org", "T", "a-long-test-password-42", role=Role.THERAPIST, by=None
        )
        client = create_client(therapist, preferred_name="C", full_name="C C")
        _, token = services.send_measure(client, get_content().measures["phq-9"], by=therapist)
        db.session.commit()
    return token


def form_page(app, token):
    """(browser, the form's action, its submission key) for a fresh tab on the link."""
    browser = app.test_client()
    page = browser.get(f"/h/{token}").headers["Location"]
    html = browser.get(page).text
    action = re.search(r'action="(/h/s/\d+/measure/\d+)"', html)[1]
    key = re.search(r'name="submission_key" value="([^"]+)"', html)[1]
    return browser, action, key


def stored_results(app) -> list[MeasureResult]:
    with app.app_context():
        return list(db.session.scalars(sa.select(MeasureResult)))


def test_the_same_page_sent_many_times_at_once_is_stored_once(isolated_app):
    browser, action, key = form_page(isolated_app, a_phq9_sent_by_link(isolated_app))
    data = {**PHQ9_ELEVEN, "submission_key": key}

    statuses = submit_all_at_once(isolated_app, [(browser, action, data)] * WORKERS)

    assert set(statuses) == {302}, "every repeat is answered with the confirmation"
    (result,) = stored_results(isolated_app)
    assert result.total == 11


def test_tabs_sending_at_once_store_one_result(isolated_app):
    token = a_phq9_sent_by_link(isolated_app)
    tabs = []
    for n in range(WORKERS):
        browser, action, key = form_page(isolated_app, token)
        answers = phq9_form(n % 4, 1, 1, 1, 1, 1, 1, 1, 0, submission_key=key)
        tabs.append((browser, action, answers))

    statuses = submit_all_at_once(isolated_app, tabs)

    assert statuses.count(302) == 1
    assert statuses.count(409) == WORKERS - 1, "the others are told it was already sent"
    assert len(stored_results(isolated_app)) == 1
