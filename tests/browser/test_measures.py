"""A PHQ-9 sent by link, filled in on a phone: radio groups with a legend each, incomplete
answers refused with the questions named, the confirmation; axe finds nothing on any of them.
And the therapist's page for entering one in session, on a desktop."""

import pytest
from playwright.sync_api import Page, expect

from clinic.clients.models import Client
from clinic.content import get_content
from clinic.extensions import db
from clinic.measures import services
from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.homework_pages import expect_no_sideways_scrolling
from tests.browser.test_accessibility import assert_no_axe_violations

pytestmark = pytest.mark.browser

# The first seven items, in order: 1 + 2 + 0 + 1 + 3 + 0 + 1 = 8 before items 8 and 9.
FIRST_SEVEN = ["Several days", "More than half the days", "Not at all", "Several days",
               "Nearly every day", "Not at all", "Several days"]  # fmt: skip


@pytest.fixture
def phq9_link(live_server, client_record) -> str:
    with live_server.app.app_context():
        owner = db.session.get(Client, client_record.id)
        _, token = services.send_measure(owner, get_content().measures["phq-9"], by=owner.therapist)
        db.session.commit()
    return f"{live_server.url}/h/{token}"


def choose(page: Page, question: int, answer: str) -> None:
    group = page.locator("fieldset.measure-item").nth(question - 1)
    group.get_by_role("radio", name=answer, exact=True).check()


@pytest.mark.parametrize("width", [390, 320], ids=["phone", "reflow-320px"])
def test_the_client_fills_in_a_phq9_on_a_phone(new_context, phq9_link, width):
    phone = new_context(**dict(PHONE, viewport={"width": width, "height": 844})).new_page()
    phone.goto(phq9_link)
    expect(
        phone.get_by_role("heading", name="Patient Health Questionnaire (PHQ-9)")
    ).to_be_visible()
    expect(
        phone.get_by_role("group", name="9. Thoughts that you would be better off dead")
    ).to_be_visible()
    for question, answer in enumerate(FIRST_SEVEN, start=1):
        choose(phone, question, answer)
    expect_no_sideways_scrolling(phone)
    assert_no_axe_violations(phone, f"the PHQ-9 part filled in at {width} px")

    phone.get_by_role("button", name="Send answers to").click()

    expect(phone.get_by_role("alert")).to_contain_text("2 questions still need an answer.")
    item_8 = phone.get_by_role("group", name="8. Moving or speaking so slowly")
    expect(item_8).to_have_accessible_description("Please choose an answer.")
    expect(
        phone.locator("fieldset.measure-item").nth(4).get_by_role("radio", name="Nearly every day")
    ).to_be_checked()
    screenshot(phone, f"client-phq9-missing-{width}")
    assert_no_axe_violations(phone, f"the PHQ-9 with two questions missing at {width} px")

    choose(phone, 8, "Not at all")
    choose(phone, 9, "Not at all")
    phone.get_by_role("button", name="Send answers to").click()

    expect(phone.get_by_role("status")).to_contain_text("Thank you — your answers were sent.")
    expect(phone.get_by_role("heading", name="Need help right now?")).to_be_visible()
    assert_no_axe_violations(phone, f"the PHQ-9 confirmation at {width} px")


def test_the_therapist_enters_a_gad7_in_session(new_context, live_server, therapist, client_record):
    page = new_context(**DESKTOP).new_page()
    page.goto("/login")
    page.get_by_label("Email").fill(therapist.email)
    page.get_by_label("Password").fill(therapist.password)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/clients/{client_record.id}/measures/gad-7/new")
    for question in range(1, 8):
        choose(page, question, "More than half the days")
    screenshot(page, "therapist-gad7-administer")
    assert_no_axe_violations(page, "the GAD-7 entry page")

    page.get_by_role("button", name="Save and score").click()

    expect(page.get_by_text("14 out of 21")).to_be_visible()
    expect(page.locator(".result-total")).to_contain_text("Moderate")
