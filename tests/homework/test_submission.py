import re
from datetime import timedelta
from types import SimpleNamespace

import sqlalchemy as sa

from clinic.db import utcnow
from clinic.extensions import db
from clinic.homework.models import Assignment, AssignmentStatus, Response, ResponseStatus, ShareLink
from tests.conftest import page_text
from tests.homework.conftest import SAY_IT_ANSWERS


def hidden(page_html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page_html).group(1)


def form_from(browser, page, **answers):
    """What the page's form would send: its hidden fields plus the given answers."""
    html = browser.get(page).text
    return {
        "revision": hidden(html, "revision"),
        "submission_key": hidden(html, "submission_key"),
        **answers,
    }


def stored(app, assignment_id):
    """The response as stored now (None if there is none), and the assignment's status."""
    with app.app_context():
        db.session.expire_all()
        response = db.session.scalar(
            sa.select(Response).where(Response.assignment_id == assignment_id)
        )
        status = db.session.get(Assignment, assignment_id).status
        if response is None:
            return None, status
        return SimpleNamespace(answers=response.answers, status=response.status), status


def test_draft_is_saved_and_shown_again_after_reload(
    app, client_record, make_assignment, open_link
):
    assignment, token = make_assignment(client_record)
    browser, page = open_link(token)
    draft = form_from(
        browser, page, **{"f-trigger": "Late again", "f-urge_before": "7", "action": "save"}
    )
    response = browser.post(page, data=draft)
    assert response.status_code == 302
    reloaded = browser.get(response.headers["Location"])
    assert "Your draft is saved" in page_text(reloaded)
    assert ">Late again</textarea>" in reloaded.text
    assert re.search(r'name="f-urge_before" value="7" checked', reloaded.text)
    saved, status = stored(app, assignment.id)
    assert saved.answers == {"trigger": "Late again", "urge_before": 7}
    assert saved.status is ResponseStatus.DRAFT
    assert status is AssignmentStatus.IN_PROGRESS


def test_submit_checks_required_answers_and_keeps_everything_typed(
    app, client_record, make_assignment, open_link
):
    assignment, token = make_assignment(client_record)
    browser, page = open_link(token)
    partial = form_from(
        browser, page, **{"f-trigger": "Kept text", "f-urge_before": "12", "action": "submit"}
    )
    response = browser.post(page, data=partial)
    assert response.status_code == 400
    text = page_text(response)
    assert "Some answers need a look" in text
    assert "Choose a whole number from 0 to 10." in text
    assert "Please answer this question." in text
    assert ">Kept text</textarea>" in response.text
    assert stored(app, assignment.id)[0] is None, "nothing stored from an invalid submission"


def test_submit_locks_the_answers_and_shows_a_read_only_confirmation(
    app, client_record, make_assignment, open_link
):
    assignment, token = make_assignment(client_record)
    browser, page = open_link(token)
    response = browser.post(page, data=form_from(browser, page, **SAY_IT_ANSWERS, action="submit"))
    confirmation = browser.get(response.headers["Location"])
    text = page_text(confirmation)
    assert "Thank you — your answers were sent." in text
    assert (
        "When you were late and I didn't hear from you, I felt scared. "
        "Could you send a quick text when plans change?"
    ) in text
    assert "<textarea" not in confirmation.text and "<input" not in confirmation.text.replace(
        'type="hidden"', ""
    )
    saved, status = stored(app, assignment.id)
    assert saved.status is ResponseStatus.SUBMITTED
    assert status is AssignmentStatus.SUBMITTED


def test_a_double_tap_stores_one_submission_and_confirms_both(
    app, client_record, make_assignment, open_link
):
    _, token = make_assignment(client_record)
    browser, page = open_link(token)
    data = form_from(browser, page, **SAY_IT_ANSWERS, action="submit")
    first = browser.post(page, data=data)
    second = browser.post(page, data=data)
    assert first.status_code == second.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 1


def test_a_second_tab_cannot_submit_over_the_first(app, client_record, make_assignment, open_link):
    assignment, token = make_assignment(client_record)
    browser, page = open_link(token)
    first_tab = form_from(browser, page, **SAY_IT_ANSWERS, action="submit")
    second_tab = form_from(
        browser, page, **dict(SAY_IT_ANSWERS, **{"f-trigger": "other tab"}), action="submit"
    )
    browser.post(page, data=first_tab)
    response = browser.post(page, data=second_tab)
    assert response.status_code == 409
    assert "already sent to your therapist" in page_text(response)
    assert ">other tab</textarea>" in response.text, "what was typed is shown, not lost"
    saved, _ = stored(app, assignment.id)
    assert saved.answers["trigger"] == "He was late and did not text"


def test_a_stale_tab_does_not_overwrite_a_newer_draft(
    app, client_record, make_assignment, open_link
):
    assignment, token = make_assignment(client_record)
    browser, page = open_link(token)
    old_tab = form_from(browser, page, **{"f-trigger": "old tab text", "action": "save"})
    browser.post(
        page, data=form_from(browser, page, **{"f-trigger": "new tab text", "action": "save"})
    )

    conflict = browser.post(page, data=old_tab)
    assert conflict.status_code == 409
    assert "changed from another tab or device" in page_text(conflict)
    assert ">old tab text</textarea>" in conflict.text
    assert stored(app, assignment.id)[0].answers["trigger"] == "new tab text"

    retry = dict(old_tab, revision=hidden(conflict.text, "revision"))
    assert browser.post(page, data=retry).status_code == 302
    assert stored(app, assignment.id)[0].answers["trigger"] == "old tab text"


def test_link_expiring_while_the_page_is_open_keeps_the_draft_and_shows_what_was_typed(
    app, client_record, make_assignment, open_link
):
    assignment, token = make_assignment(client_record)
    browser, page = open_link(token)
    browser.post(
        page, data=form_from(browser, page, **{"f-trigger": "saved earlier", "action": "save"})
    )
    late = form_from(browser, page, **{"f-trigger": "typed after expiry", "action": "save"})
    with app.app_context():
        db.session.scalar(sa.select(ShareLink)).expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = browser.post(page, data=late)
    assert response.status_code == 410
    text = page_text(response)
    assert "This link is not active" in text
    assert "typed after expiry" in text
    assert stored(app, assignment.id)[0].answers == {"trigger": "saved earlier"}


def test_adding_a_log_row_works_without_javascript(app, client_record, make_assignment, open_link):
    _, token = make_assignment(client_record, slug="promises-kept-log")
    browser, page = open_link(token)
    first = browser.get(page).text
    assert "Entry 1" in first and "Entry 2" not in first
    empty_first_row = {"f-entries-0-date": "", "f-entries-0-what": ""}
    response = browser.post(
        page, data=form_from(browser, page, **empty_first_row, action="add_row:entries")
    )
    assert response.status_code == 302
    assert "Entry 2" in browser.get(response.headers["Location"]).text


def test_therapist_reviews_and_the_client_sees_a_shared_comment(
    app, client_record, make_assignment, open_link, therapist_client
):
    assignment, token = make_assignment(client_record)
    browser, page = open_link(token)
    browser.post(page, data=form_from(browser, page, **SAY_IT_ANSWERS, action="submit"))

    review_page = therapist_client.get(f"/clients/{client_record.id}/homework/{assignment.id}")
    text = page_text(review_page)
    assert "He was late and did not text" in text and "8 / 10" in text
    therapist_client.post(
        f"/clients/{client_record.id}/homework/{assignment.id}/review",
        data={"comment": "Brave step — well done.", "share": "y"},
    )
    assert stored(app, assignment.id)[1] is AssignmentStatus.REVIEWED
    assert "Brave step — well done." in page_text(browser.get(page))


def test_unshared_comment_stays_with_the_therapist(
    app, client_record, make_assignment, open_link, therapist_client
):
    assignment, token = make_assignment(client_record)
    browser, page = open_link(token)
    browser.post(page, data=form_from(browser, page, **SAY_IT_ANSWERS, action="submit"))
    therapist_client.post(
        f"/clients/{client_record.id}/homework/{assignment.id}/review",
        data={"comment": "Private clinical thought"},
    )
    assert "Private clinical thought" not in page_text(browser.get(page))


def test_reopened_homework_can_be_changed_and_sent_again(
    app, client_record, make_assignment, open_link, therapist_client
):
    assignment, token = make_assignment(client_record)
    browser, page = open_link(token)
    browser.post(page, data=form_from(browser, page, **SAY_IT_ANSWERS, action="submit"))
    therapist_client.post(f"/clients/{client_record.id}/homework/{assignment.id}/reopen")
    again = browser.get(page)
    assert "<textarea" in again.text and "He was late and did not text" in again.text
    changed = form_from(
        browser, page, **dict(SAY_IT_ANSWERS, **{"f-trigger": "Edited"}), action="submit"
    )
    assert browser.post(page, data=changed).status_code == 302
    saved, status = stored(app, assignment.id)
    assert saved.answers["trigger"] == "Edited" and status is AssignmentStatus.SUBMITTED


def test_the_snapshot_keeps_old_answers_readable_after_the_exercise_changes(
    app, client_record, make_assignment, open_link, therapist_client
):
    assignment, token = make_assignment(client_record)
    browser, page = open_link(token)
    browser.post(page, data=form_from(browser, page, **SAY_IT_ANSWERS, action="submit"))
    with app.app_context():
        from clinic.content import get_content

        exercise = get_content().exercises["say-it-instead-of-checking"]
        original_fields = exercise.fields
        object.__setattr__(exercise, "fields", original_fields[:1])
        try:
            text = page_text(
                therapist_client.get(f"/clients/{client_record.id}/homework/{assignment.id}")
            )
        finally:
            object.__setattr__(exercise, "fields", original_fields)
    assert "How strong my urge to check is now" in text and "3 / 10" in text


def test_opening_saving_and_submitting_are_audited_with_the_link_as_actor(
    app, client_record, make_assignment, open_link
):
    from clinic.audit.models import AuditEvent

    _, token = make_assignment(client_record)
    browser, page = open_link(token)
    browser.post(page, data=form_from(browser, page, **{"f-trigger": "x", "action": "save"}))
    browser.post(page, data=form_from(browser, page, **SAY_IT_ANSWERS, action="submit"))
    with app.app_context():
        events = db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.actor_label.like("link:%"))
            .order_by(AuditEvent.id)
        ).all()
    assert [e.action for e in events] == [
        "link.opened",
        "response.draft_saved",
        "response.submitted",
    ]
    assert all("He was late" not in str(e.details) for e in events)
