"""The client page's Progress section in Chromium: axe finds nothing, the charts fit a phone's
width, and their data tables open. Screenshots go to $CLINIC_SCREENSHOTS when it is set."""

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clinic.clients import services as clients
from clinic.clients.models import Client
from clinic.extensions import db
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.homework_pages import expect_no_sideways_scrolling, sign_in
from tests.browser.test_accessibility import AXE, WCAG_TAGS
from tests.progress_data import record_scores, submit_homework

pytestmark = pytest.mark.browser

START = date(2026, 8, 3)


@pytest.fixture
def progressing(live_server, client_record):
    """Twelve weeks: PHQ-9 and GAD-7 falling, trust steps getting easier, two goals rated."""
    app = live_server.app
    record_scores(app, client_record, "phq-9", 18, 16, 15, 12, 10, 9, first_day=START)
    record_scores(app, client_record, "gad-7", 14, 12, 11, 9, 8, 6, first_day=START)
    for week in range(6):
        submit_homework(
            app,
            client_record,
            "small-trust-step",
            {
                "distress_before": 75 - 4 * week,
                "distress_after": 45 - 5 * week,
                "belief_strength": 85 - 5 * week,
                "belief_rerated": 60 - 7 * week,
            },
            on=START + timedelta(weeks=2 * week, days=3),
            due_on=START + timedelta(weeks=2 * week, days=4),
        )
        submit_homework(
            app,
            client_record,
            "say-it-instead-of-checking",
            {"urge_before": 9 - week // 2, "urge_after": 6 - week, "said_it": "yes"},
            on=START + timedelta(weeks=2 * week + 1),
            due_on=START + timedelta(weeks=2 * week + 1),
        )
    with app.app_context():
        owner = db.session.get(Client, client_record.id)
        goal = clients.add_goal(owner, "Tell my partner when I feel the urge to check")
        for week, score in enumerate((2, 3, 5, 6, 8)):
            clients.rate_goal(goal, score, START + timedelta(weeks=2 * week))
        db.session.commit()
    return client_record


def open_progress(page: Page, therapist, client_record) -> None:
    sign_in(page, therapist)
    page.goto(f"/clients/{client_record.id}#progress")
    expect(page.get_by_role("heading", name="Progress")).to_be_visible()


def save_screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("CLINIC_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.locator("#progress").screenshot(path=str(Path(folder) / f"{name}.png"))


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_progress_section_is_accessible_and_fits(new_context, therapist, progressing, size):
    page = new_context(**size).new_page()
    open_progress(page, therapist, progressing)

    charts = page.get_by_role("img")
    expect(charts.filter(has_text="PHQ-9 over time")).to_have_count(1)
    # PHQ-9, GAD-7; distress, belief, urge, completion; goals.
    expect(page.locator("#progress figure")).to_have_count(7)
    results = AXE.run(
        page,
        context={"include": [["#progress"]]},
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    assert results.response["violations"] == []
    expect_no_sideways_scrolling(page)
    save_screenshot(page, f"progress-{'phone' if size is PHONE else 'desktop'}")


def test_a_charts_data_table_opens_with_the_values_plotted(new_context, therapist, progressing):
    page = new_context(**DESKTOP).new_page()
    open_progress(page, therapist, progressing)

    figure = page.locator("#progress figure").filter(has_text="PHQ-9 over time")
    table = figure.get_by_role("table")
    expect(table).to_be_hidden()
    figure.get_by_text("Data (6 rows)").click()

    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(7)
    last = table.get_by_role("row").last.get_by_role("cell")
    expect(last).to_have_text(["12 October 2026", "9", "Mild"])
