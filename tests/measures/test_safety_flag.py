"""PHQ-9 item 9 above "not at all" flags the client at once, beside the intake's own screen."""

from datetime import date

from clinic.clients.models import Client
from tests.conftest import page_text, reload
from tests.measures.conftest import PHQ9_ELEVEN, PHQ9_ITEM9

TODAY = date.today().isoformat()
AT_RISK = {"safety": {"risk": True, "plan": "Call the crisis line"}}
NO_RISK = {"safety": {"risk": False, "plan": ""}}
ALERT = "Safety: self-harm thoughts reported on a questionnaire"


def enter(browser, client_id: int, answers: dict):
    response = browser.post(
        f"/clients/{client_id}/measures/phq-9/new", data={**answers, "taken_on": TODAY}
    )
    assert response.status_code == 302
    return response


def caseload_rows(browser, query: str = "") -> str:
    """The caseload table's text, after its header (the filters above name "Safety flag")."""
    return page_text(browser.get(f"/{query}")).split("Attention", 1)[1]


def flags(app, client_id: int) -> tuple[bool, bool]:
    with app.app_context():
        client = reload(Client, client_id)
        return client.safety_flag, client.measure_safety_flag


def test_item_9_flags_the_client_on_the_caseload_and_the_client_page_at_once(
    app, therapist_client, client_record
):
    enter(therapist_client, client_record.id, PHQ9_ITEM9)

    assert flags(app, client_record.id) == (True, True)
    assert "Robin Robin Client — — Safety flag" in caseload_rows(therapist_client, "?flagged=1")
    page = page_text(therapist_client.get(f"/clients/{client_record.id}"))
    assert ALERT in page
    assert "item 9 (thoughts of being better off dead or of self-harm)" in page


def test_item_9_at_not_at_all_raises_nothing(app, therapist_client, client_record):
    enter(therapist_client, client_record.id, PHQ9_ELEVEN)

    assert flags(app, client_record.id) == (False, False)
    assert ALERT not in page_text(therapist_client.get(f"/clients/{client_record.id}"))


def test_saving_the_intake_without_risk_keeps_a_measure_flag(
    app, therapist_client, client_record, make_intake
):
    enter(therapist_client, client_record.id, PHQ9_ITEM9)

    make_intake(client_record, NO_RISK)

    assert flags(app, client_record.id) == (True, True)
    assert "Safety: risk identified" not in page_text(
        therapist_client.get(f"/clients/{client_record.id}")
    ), "the intake's own panel shows only the intake's risk"


def test_clearing_the_measure_flag_leaves_the_intakes_risk_standing(
    app, therapist_client, client_record, make_intake
):
    make_intake(client_record, AT_RISK)
    enter(therapist_client, client_record.id, PHQ9_ITEM9)

    therapist_client.post(f"/clients/{client_record.id}/measures/flag/clear")

    assert flags(app, client_record.id) == (True, False)
    page = page_text(therapist_client.get(f"/clients/{client_record.id}"))
    assert ALERT not in page and "Safety: risk identified" in page


def test_clearing_the_measure_flag_without_intake_risk_lowers_the_flag(
    app, therapist_client, client_record, make_intake
):
    make_intake(client_record, NO_RISK)
    enter(therapist_client, client_record.id, PHQ9_ITEM9)

    therapist_client.post(f"/clients/{client_record.id}/measures/flag/clear")

    assert flags(app, client_record.id) == (False, False)
    assert "Safety flag" not in caseload_rows(therapist_client)


def test_a_later_item_9_raises_the_flag_again(app, therapist_client, client_record):
    enter(therapist_client, client_record.id, PHQ9_ITEM9)
    therapist_client.post(f"/clients/{client_record.id}/measures/flag/clear")

    enter(therapist_client, client_record.id, PHQ9_ITEM9)

    assert flags(app, client_record.id) == (True, True)
