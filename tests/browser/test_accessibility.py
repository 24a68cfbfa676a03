"""axe-core (from the axe-playwright-python package) in Chromium on the client's pages at a phone's
size: the homework form filled in, the form showing validation errors, the confirmation with
its read-only answers, and the page for a link that is not active. WCAG 2.0 to 2.2, A and AA rules.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE, screenshot
from tests.browser.homework_pages import (
    ANSWERS,
    SENTENCE,
    add_second_entry,
    expect_no_sideways_scrolling,
    expect_read_only_answers,
    fill_in,
    send,
)

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()


def assert_no_axe_violations(page: Page, what: str) -> None:
    results = AXE.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    violations = results.response["violations"]
    if not violations:
        return
    lines = [f"axe found {len(violations)} violation(s) on {what} ({page.url}):"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}] {violation['help']}")
        lines.extend(
            f"    {' '.join(map(str, node['target']))}: "
            + " ".join(node.get("failureSummary", "").split())
            for node in violation["nodes"]
        )
    pytest.fail("\n".join(lines), pytrace=False)


def expect_scale_targets_of_at_least_24px(page: Page) -> None:
    """WCAG 2.5.8 for the 0-10 scales, which axe passes over: their radio buttons are transparent
    and cover the numbered box that is the visible target."""
    boxes = page.locator(".scale-pick").evaluate_all(
        "picks => picks.map(p => p.getBoundingClientRect()).map(r => [r.width, r.height])"
    )
    assert boxes, "no 0-10 scale on the page"
    small = [box for box in boxes if min(box) < 24]
    assert not small, f"{len(small)} scale choices are smaller than 24x24 px, e.g. {small[0]}"


@pytest.fixture
def phone(new_context) -> Page:
    return new_context(**PHONE).new_page()


def fill_in_everything(phone: Page) -> None:
    fill_in(phone)
    add_second_entry(phone)
    phone.get_by_label("Could you…?").fill(ANSWERS["ask"])
    expect(phone.locator("[data-i-statement-output]")).to_have_text(SENTENCE)


@pytest.mark.parametrize("width", [390, 320], ids=["phone", "reflow-320px"])
def test_the_filled_in_homework_page(new_context, share_link, width):
    """At 390 px, a phone; at 320 px, what WCAG 1.4.10 asks to work without sideways scrolling
    (a small phone, or 200% zoom on a 640 px window)."""
    phone = new_context(**dict(PHONE, viewport={"width": width, "height": 844})).new_page()
    phone.goto(share_link())
    fill_in_everything(phone)
    expect_no_sideways_scrolling(phone)
    expect_scale_targets_of_at_least_24px(phone)
    assert_no_axe_violations(phone, f"the filled-in homework page at {width} px")


def test_the_page_showing_validation_errors(phone, share_link):
    phone.goto(share_link())
    phone.get_by_label("How much I believe they will let me down").fill("150")
    phone.get_by_role("button", name="Send to").click()
    expect(phone.get_by_role("alert")).to_contain_text("Some answers need a look.")
    expect(phone.get_by_text("Choose a whole number from 0 to 100.")).to_be_visible()
    expect(
        phone.get_by_role("group", name="What I could say instead")
    ).to_have_accessible_description("Please fill in all three parts.")
    screenshot(phone, "client-validation-errors")
    assert_no_axe_violations(phone, "the homework page with validation errors")


def test_the_confirmation_and_read_only_answers(phone, share_link):
    phone.goto(share_link())
    fill_in_everything(phone)
    send(phone)
    expect_read_only_answers(phone)
    assert_no_axe_violations(phone, "the confirmation with the read-only answers")


def test_the_inactive_link_page(phone, live_server):
    phone.goto(f"{live_server.url}/h/{'x' * 43}")
    expect(phone.get_by_role("heading", name="This link is not active")).to_be_visible()
    expect(phone.get_by_role("heading", name="Need help right now?")).to_be_visible()
    screenshot(phone, "client-inactive-link")
    assert_no_axe_violations(phone, "the inactive-link page")
