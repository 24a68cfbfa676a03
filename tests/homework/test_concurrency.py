"""Concurrent submissions against a database with real commits (SQLite and PostgreSQL)."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from clinic.auth.models import Role
from clinic.auth.services import create_user
from clinic.clients.services import create_client
from clinic.content import get_content
from clinic.extensions import db
from clinic.homework import services
from clinic.homework.models import Response, ResponseStatus
from tests.homework.conftest import SAY_IT_ANSWERS

WORKERS = 8


def an_assignment_with_a_link(app) -> str:
    with app.app_context():
        therapist = create_user(
            "t@example.org", "T", "a-long-test-password-42", role=Role.THERAPIST, by=None
        )
        client = create_client(therapist, preferred_name="C", full_name="C C")
        _, token = services.assign(
            client,
            get_content().exercises["say-it-instead-of-checking"],
            instructions="",
            due_on=None,
            by=therapist,
        )
        db.session.commit()
    return token


def page_for(app, token):
    browser = app.test_client()
    page = browser.get(f"/h/{token}").headers["Location"]
    html = browser.get(page).text
    hidden = dict(re.findall(r'name="(revision|submission_key)" value="([^"]*)"', html))
    return browser, page, hidden


def submit_all_at_once(app, submissions):
    start = threading.Barrier(len(submissions))

    def send(submission):
        browser, page, data = submission
        start.wait()
        return browser.post(page, data=data).status_code

    with ThreadPoolExecutor(len(submissions)) as pool:
        return list(pool.map(send, submissions))


def stored_responses(app):
    with app.app_context():
        return db.session.scalars(sa.select(Response)).all()


def test_the_same_page_submitted_many_times_at_once_is_stored_once(isolated_app):
    token = an_assignment_with_a_link(isolated_app)
    browser, page, hidden = page_for(isolated_app, token)
    data = {**hidden, **SAY_IT_ANSWERS, "action": "submit"}
    statuses = submit_all_at_once(isolated_app, [(browser, page, data)] * WORKERS)

    assert set(statuses) == {302}, "every repeat is answered with the confirmation"
    (response,) = stored_responses(isolated_app)
    assert response.status is ResponseStatus.SUBMITTED


def test_two_tabs_submitting_at_once_store_one_response(isolated_app):
    token = an_assignment_with_a_link(isolated_app)
    tabs = []
    for n in range(WORKERS):
        browser, page, hidden = page_for(isolated_app, token)
        answers = dict(SAY_IT_ANSWERS, **{"f-trigger": f"tab {n}"})
        tabs.append((browser, page, {**hidden, **answers, "action": "submit"}))
    statuses = submit_all_at_once(isolated_app, tabs)

    assert statuses.count(302) == 1
    assert statuses.count(409) == WORKERS - 1, "the others are told it was already sent"
    (response,) = stored_responses(isolated_app)
    assert response.answers["trigger"] in {f"tab {n}" for n in range(WORKERS)}
