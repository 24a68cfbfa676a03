"""Entering a questionnaire in session: scored by the server, incomplete ones refused."""

import json
from datetime import date, timedelta

import sqlalchemy as sa

from clinic.audit.models import AuditEvent
from clinic.extensions import db
from clinic.measures.models import MeasureResult, ResultSource
from tests.conftest import page_text
from tests.measures.conftest import PHQ9_ELEVEN, phq9_form

TODAY = date.today().isoformat()


def administer(browser, client_id: int, slug: str, data: dict):
    return browser.post(f"/clients/{client_id}/measures/{slug}/new", data=data)


def results(app) -> list[MeasureResult]:
    with app.app_context():
        return list(db.session.scalars(sa.select(MeasureResult).order_by(MeasureResult.id)))


def test_the_page_asks_every_item_as_a_radio_group(therapist_client, client_record):
    page = therapist_client.get(f"/clients/{client_record.id}/measures/phq-9/new")

    assert page.status_code == 200
    assert page.text.count("<fieldset") == 10, "nine items and the difficulty question"
    assert page.text.count("<legend") == 10
    text = page_text(page)
    assert "Over the last 2 weeks, how often have you been bothered" in text
    assert "9. Thoughts that you would be better off dead" in text
    assert "Developed by Drs. Robert L. Spitzer" in text


def test_therapist_enters_a_phq9_and_the_server_scores_it(app, therapist_client, client_record):
    response = administer(
        therapist_client,
        client_record.id,
        "phq-9",
        {**PHQ9_ELEVEN, "difficulty": "1", "taken_on": TODAY, "total": "27"},
    )

    assert response.status_code == 302
    [result] = results(app)
    assert (result.total, result.band, result.source) == (11, "Moderate", ResultSource.SESSION)
    assert result.answers["difficulty"] == 1 and "total" not in result.answers
    assert not result.safety_item_positive
    shown = page_text(therapist_client.get(response.headers["Location"]))
    assert "11 out of 27" in shown and "Moderate" in shown


def test_incomplete_answers_are_refused_naming_the_items_and_keeping_the_rest(
    app, therapist_client, client_record
):
    typed = phq9_form(2, 3, 1, 2, 0, 1, 2, taken_on=TODAY)  # items 8 and 9 left out

    response = administer(therapist_client, client_record.id, "phq-9", typed)

    assert response.status_code == 400
    text = page_text(response)
    assert "Not saved yet: 2 questions still need an answer." in text
    assert "8. Moving or speaking so slowly" in text
    assert "9. Thoughts that you would be better off dead" in text
    assert text.count("Choose an answer.") == 2
    assert 'name="mood" value="3" checked' in response.text, "what was chosen is kept"
    assert 'aria-describedby="self_harm-error"' in response.text
    assert results(app) == []


def test_an_answer_outside_the_options_counts_as_missing(app, therapist_client, client_record):
    response = administer(
        therapist_client, client_record.id, "phq-9", {**PHQ9_ELEVEN, "mood": "7", "taken_on": TODAY}
    )

    assert response.status_code == 400
    assert "2. Feeling down, depressed, or hopeless" in page_text(response)
    assert results(app) == []


def test_a_date_in_the_future_is_refused_beside_the_field(app, therapist_client, client_record):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()

    response = administer(
        therapist_client, client_record.id, "phq-9", {**PHQ9_ELEVEN, "taken_on": tomorrow}
    )

    assert response.status_code == 400
    assert "The date taken cannot be in the future." in page_text(response)
    assert results(app) == []


def test_an_unknown_measure_is_a_404(therapist_client, client_record):
    assert therapist_client.get(f"/clients/{client_record.id}/measures/bdi/new").status_code == 404


def test_the_trust_check_in_says_it_is_not_validated(therapist_client, client_record):
    text = page_text(
        therapist_client.get(f"/clients/{client_record.id}/measures/trust-check-in/new")
    )

    assert "Not a validated instrument" in text
    assert "change in it is descriptive only" in text


def test_the_audit_event_holds_no_answers_or_score(app, therapist_client, client_record):
    administer(therapist_client, client_record.id, "phq-9", {**PHQ9_ELEVEN, "taken_on": TODAY})

    with app.app_context():
        [event] = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "measure.recorded")
        ).all()
        details = event.details
    assert set(details) == {"measure", "result", "source", "safety_item_positive"}
    assert "11" not in json.dumps(details) and "Moderate" not in json.dumps(details)


def test_the_client_page_lists_results_and_the_overview_states_change(
    therapist_client, client_record, make_measure_result
):
    make_measure_result(client_record, "phq-9", total=17, taken_on=date(2026, 3, 3))
    make_measure_result(client_record, "phq-9", total=9, taken_on=date(2026, 5, 26))

    page = page_text(therapist_client.get(f"/clients/{client_record.id}"))
    overview = page_text(therapist_client.get(f"/clients/{client_record.id}/measures"))

    assert "PHQ-9 9 · Mild" in page and "PHQ-9 17 · Moderately severe" in page
    assert "PHQ-9 fell from 17 to 9 since 3 March 2026: reliable improvement." in overview
