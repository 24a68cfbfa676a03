"""Two-factor sign-in in Chromium: a therapist sets it up from the account page with the key
shown as text, keeps the recovery codes, signs out and signs in again with a code."""

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.homework_pages import sign_in

pytestmark = pytest.mark.browser


def test_set_up_two_factor_then_sign_in_with_a_code(new_context, therapist):
    page = new_context(**DESKTOP).new_page()
    sign_in(page, therapist)

    page.get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    totp = pyotp.TOTP(page.locator("#totp-key").inner_text().replace(" ", ""))
    page.get_by_label("Code from your app").fill(totp.now())
    page.get_by_role("button", name="Switch on two-factor sign-in").click()

    expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them").click()
    expect(page.get_by_text("10 of 10 recovery codes unused")).to_be_visible()

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()

    page.get_by_label("Email", exact=True).fill(therapist.email)
    page.get_by_label("Password", exact=True).fill(therapist.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    page.goto("/")
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()

    # The set-up used this window's code; a code is good once, so the next window's.
    page.get_by_label("Code", exact=True).fill(totp.at(time.time() + totp.interval))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()
