"""End to end in Chromium: a therapist assigns homework, the client fills it in on a phone
through the share link (with and without JavaScript), the therapist reviews it, and the client
sees the comment. Every step goes through the pages; only the therapist's account and the
client's record are created beforehand, through services.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.homework_pages import (
    ANSWERS,
    COMMENT,
    HALF_SENTENCE,
    SENTENCE,
    add_second_entry,
    assign_every_field,
    expect_everything_kept,
    expect_homework_page,
    expect_no_sideways_scrolling,
    expect_read_only_answers,
    fill_in,
    review,
    save_draft,
    send,
    sign_in,
)

pytestmark = pytest.mark.browser


def test_assign_fill_in_on_a_phone_review_and_see_the_comment(
    new_context, therapist, client_record
):
    desk = new_context(**DESKTOP).new_page()
    sign_in(desk, therapist)
    link = assign_every_field(desk, client_record)

    phone = new_context(**PHONE).new_page()
    phone.goto(link)
    assert "/h/s/" in phone.url and link.rsplit("/", 1)[1] not in phone.url, phone.url
    expect_homework_page(phone)
    expect(phone.get_by_text("Please finish by")).to_be_visible()

    fill_in(phone)
    # JavaScript assembles the sentence while the client types.
    expect(phone.locator("[data-i-statement-output]")).to_have_text(HALF_SENTENCE)
    add_second_entry(phone)
    save_draft(phone)
    phone.reload()
    expect_everything_kept(phone)

    phone.get_by_label("Could you…?").fill(ANSWERS["ask"])
    expect(phone.locator("[data-i-statement-output]")).to_have_text(SENTENCE)
    expect_no_sideways_scrolling(phone)
    screenshot(phone, "client-homework-before-submit")
    send(phone)
    expect_read_only_answers(phone)
    expect_no_sideways_scrolling(phone)
    screenshot(phone, "client-confirmation")

    review(desk, client_record)

    phone.reload()
    note = phone.get_by_role("region", name="A note from Dr Ana Flores")
    expect(note).to_contain_text(COMMENT)
    expect_read_only_answers(phone)
    screenshot(phone, "client-read-only-with-comment")


def test_the_client_flow_works_without_javascript(new_context, therapist, client_record):
    desk = new_context(**DESKTOP).new_page()
    sign_in(desk, therapist)
    link = assign_every_field(desk, client_record)

    phone = new_context(**PHONE, java_script_enabled=False).new_page()
    phone.goto(link)
    expect_homework_page(phone)

    fill_in(phone)
    # Nothing assembles the sentence in the page without JavaScript; the server does on save.
    expect(phone.locator("[data-i-statement-output]")).to_have_text(
        "Fill in the three parts to see your sentence here."
    )
    add_second_entry(phone)
    save_draft(phone)
    phone.reload()
    expect_everything_kept(phone)

    phone.get_by_label("Could you…?").fill(ANSWERS["ask"])
    save_draft(phone)
    expect(phone.locator("[data-i-statement-output]")).to_have_text(SENTENCE)
    screenshot(phone, "client-homework-no-js-before-submit")
    send(phone)
    expect_read_only_answers(phone)
    screenshot(phone, "client-confirmation-no-js")
