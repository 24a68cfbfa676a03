"""What the browser tests do on the pages, as a person would: the therapist's sign-in, assigning
and reviewing, and the client's filling in of the every-field exercise on the share-link page.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import ClientRecord, Therapist

TODAY = date.today()
EXERCISE_TITLE = "Every field type"
INSTRUCTIONS = "Try this after Thursday's dinner with Sam."
COMMENT = "Brave step, Robin. Let's look at the second entry together."
DEFAULT_CRISIS_START = "If you are in danger or thinking about harming yourself"


@dataclass(frozen=True)
class Entry:
    day: date
    what: str
    strength: str


ANSWERS = {
    "headline": "He was late and did not text",
    "story": "We had plans at seven.\nHe arrived at half past and said his phone had died.",
    "urge": "7",
    "belief": "65",
    "said_it": "Not yet",
    "feelings": ("Anxious", "Lonely"),
    "feelings_not": ("Hurt", "Relieved"),
    "happened_on": TODAY - timedelta(days=2),
    "entries": (
        Entry(TODAY - timedelta(days=3), "A message popped up on his phone", "6"),
        Entry(TODAY - timedelta(days=1), "He went quiet at dinner", "4"),
    ),
    "when": "you were late and I didn't hear from you",
    "felt": "scared",
    "ask": "send a quick text when plans change",
}
HALF_SENTENCE = "When you were late and I didn't hear from you, I felt scared."
SENTENCE = f"{HALF_SENTENCE} Could you send a quick text when plans change?"
SEND_BUTTON = "Send to Dr Ana Flores"


# --- the therapist's side -------------------------------------------------------------------


def sign_in(page: Page, therapist: Therapist) -> None:
    page.goto("/login")
    page.get_by_label("Email", exact=True).fill(therapist.email)
    page.get_by_label("Password", exact=True).fill(therapist.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your caseload")).to_be_visible()


def open_client(page: Page, client: ClientRecord) -> None:
    page.goto("/")
    page.get_by_role("link", name=client.preferred_name, exact=True).click()
    expect(page.get_by_role("heading", name="Homework")).to_be_visible()


def assign_every_field(page: Page, client: ClientRecord) -> str:
    """Assign the every-field exercise from the client's page; the share link it shows once."""
    open_client(page, client)
    page.get_by_role("link", name="Assign homework").click()
    page.get_by_label("Exercise", exact=True).select_option(label=EXERCISE_TITLE)
    page.get_by_label("Your instructions", exact=True).fill(INSTRUCTIONS)
    page.get_by_label("Due", exact=True).fill((TODAY + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Assign and create link").click()
    heading = page.get_by_role("heading", name=f"Share this link with {client.preferred_name}")
    expect(heading).to_be_visible()
    # Built from the configured base URL (the live server's), with a 256-bit token.
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    link = page.locator("#share-link")
    expect(link).to_have_value(re.compile(rf"^{re.escape(origin)}/h/[A-Za-z0-9_-]{{43}}$"))
    return link.input_value()


def review(page: Page, client: ClientRecord) -> None:
    """Open the submitted homework, check the answers are legible, comment and share it."""
    open_client(page, client)
    page.get_by_role("link", name=EXERCISE_TITLE).click()
    expect(page.get_by_role("heading", name=EXERCISE_TITLE)).to_be_visible()
    answers = page.locator(".answers")
    expect(answers).to_contain_text(ANSWERS["headline"])
    expect(answers.locator(".answers__item", has_text="How strong the urge")).to_contain_text(
        "7 / 10"
    )
    expect(answers).to_contain_text("65 / 100")
    expect(answers).to_contain_text("Anxious, Lonely")
    expect(answers).to_contain_text(SENTENCE)

    table = answers.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Day", "What set it off", "How strong it was"]
    )
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    for row, entry in zip(rows.all(), ANSWERS["entries"], strict=True):
        expect(row.get_by_role("cell")).to_have_text(
            [entry.day.strftime("%-d %b %Y"), entry.what, f"{entry.strength} / 10"]
        )

    page.get_by_role("textbox", name="Comment").fill(COMMENT)
    page.get_by_label("Show this comment to the client").check()
    page.get_by_role("button", name="Mark reviewed").click()
    expect(page.get_by_text("Marked as reviewed.")).to_be_visible()
    expect(page.locator(".page-head .badge")).to_have_text("Reviewed")


# --- the client's side ----------------------------------------------------------------------


def group(scope: Page | Locator, legend: str) -> Locator:
    return scope.get_by_role("group", name=legend)


def entry(page: Page, number: int) -> Locator:
    return group(page, f"Entry {number}")


def fill_entry(page: Page, number: int, answer: Entry) -> None:
    row = entry(page, number)
    row.get_by_label("Day").fill(answer.day.isoformat())
    row.get_by_label("What set it off").fill(answer.what)
    group(row, "How strong it was").get_by_role("radio", name=answer.strength, exact=True).check()


def fill_in(page: Page) -> None:
    """Every field type, the first log entry and the first two parts of the I-statement."""
    page.get_by_label("In a few words, what happened").fill(ANSWERS["headline"])
    page.get_by_label("The whole story").fill(ANSWERS["story"])
    urge = group(page, "How strong the urge to check was")
    urge.get_by_role("radio", name=ANSWERS["urge"], exact=True).check()
    page.get_by_label("How much I believe they will let me down").fill(ANSWERS["belief"])
    group(page, "Did I say it?").get_by_role("radio", name=ANSWERS["said_it"]).check()
    for feeling in ANSWERS["feelings"]:
        group(page, "What I felt").get_by_role("checkbox", name=feeling).check()
    page.get_by_label("When it happened").fill(ANSWERS["happened_on"].isoformat())
    fill_entry(page, 1, ANSWERS["entries"][0])
    page.get_by_label("When…").fill(ANSWERS["when"])
    page.get_by_label("I felt…").fill(ANSWERS["felt"])


def add_second_entry(page: Page) -> None:
    expect(entry(page, 2)).to_have_count(0)
    page.get_by_role("button", name="+ Add another entry").click()
    expect(entry(page, 2)).to_be_visible()
    fill_entry(page, 2, ANSWERS["entries"][1])


def save_draft(page: Page) -> None:
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_have_text(
        "Your draft is saved. You can come back to this link to finish it."
    )


def expect_everything_kept(page: Page) -> None:
    expect(page.get_by_label("In a few words, what happened")).to_have_value(ANSWERS["headline"])
    expect(page.get_by_label("The whole story")).to_have_value(ANSWERS["story"])
    urge = group(page, "How strong the urge to check was")
    expect(urge.get_by_role("radio", name=ANSWERS["urge"], exact=True)).to_be_checked()
    expect(urge.get_by_role("radio", checked=True)).to_have_count(1)
    expect(page.get_by_label("How much I believe they will let me down")).to_have_value(
        ANSWERS["belief"]
    )
    expect(
        group(page, "Did I say it?").get_by_role("radio", name=ANSWERS["said_it"])
    ).to_be_checked()
    feelings = group(page, "What I felt")
    for feeling in ANSWERS["feelings"]:
        expect(feelings.get_by_role("checkbox", name=feeling)).to_be_checked()
    for feeling in ANSWERS["feelings_not"]:
        expect(feelings.get_by_role("checkbox", name=feeling)).not_to_be_checked()
    expect(page.get_by_label("When it happened")).to_have_value(ANSWERS["happened_on"].isoformat())
    for number, answer in enumerate(ANSWERS["entries"], start=1):
        row = entry(page, number)
        expect(row.get_by_label("Day")).to_have_value(answer.day.isoformat())
        expect(row.get_by_label("What set it off")).to_have_value(answer.what)
        strength = group(row, "How strong it was")
        expect(strength.get_by_role("radio", name=answer.strength, exact=True)).to_be_checked()
    expect(entry(page, 3)).to_have_count(0)
    expect(page.get_by_label("When…")).to_have_value(ANSWERS["when"])
    expect(page.get_by_label("I felt…")).to_have_value(ANSWERS["felt"])
    expect(page.get_by_label("Could you…?")).to_have_value("")
    # Rendered by the server from the saved draft, with or without JavaScript.
    expect(page.locator("[data-i-statement-output]")).to_have_text(HALF_SENTENCE)


def expect_homework_page(page: Page) -> None:
    expect(page.locator(".public-header")).to_have_text("Clinic")
    expect(page.get_by_role("heading", level=1)).to_have_text(EXERCISE_TITLE)
    expect(page.get_by_text("Homework from Dr Ana Flores")).to_be_visible()
    expect(page.locator(".therapist-instructions")).to_contain_text(INSTRUCTIONS)
    expect(page.get_by_role("heading", name="Need help right now?")).to_be_visible()
    expect(page.locator(".crisis")).to_contain_text(DEFAULT_CRISIS_START)


def send(page: Page) -> None:
    page.get_by_role("button", name=SEND_BUTTON).click()
    expect(page.get_by_role("status")).to_contain_text("Thank you — your answers were sent.")


def expect_read_only_answers(page: Page) -> None:
    expect(page.get_by_role("heading", name="Your answers")).to_be_visible()
    expect(page.locator(".badge")).to_have_text("Sent to your therapist")
    expect(page.locator("form")).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    expect(page.get_by_role("radio")).to_have_count(0)
    answers = page.locator(".answers")
    expect(answers).to_contain_text(ANSWERS["headline"])
    expect(answers).to_contain_text("7 / 10")
    expect(answers).to_contain_text(SENTENCE)
    expect(answers.get_by_role("table").locator("tbody tr")).to_have_count(2)
    expect(page.locator(".crisis")).to_contain_text(DEFAULT_CRISIS_START)


def expect_no_sideways_scrolling(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    width = page.viewport_size["width"] if page.viewport_size else "?"
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a {width}px-wide screen"
