"""Hostile text in every document: printed literally, never fetched, never read from disk.

A client's names, intake, goal, session notes and homework answers, the therapist's summary
texts, a discharge reason and a handout's personal note are filled with HTML, CSS, images,
SVG and attachments that point at a real listening socket on 127.0.0.1 and at /etc/passwd.
Every document type is rendered through its real route as the owning therapist, and:

- each payload appears in the PDF's text exactly as typed (both pypdf and pdftotext agree);
- the socket receives no connection, and WeasyPrint fetched nothing but print assets;
- /etc/passwd is never opened and its content never appears; no file is attached;
- a 2,000-row log renders to the end with "Page N of M" on every page.
"""

import re
import sys
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from werkzeug.datastructures import MultiDict

from clinic.content import get_content
from clinic.extensions import db
from clinic.homework import services as homework
from clinic.homework.fields import parse_answers
from clinic.homework.models import Assignment
from clinic.pdf import renderer
from clinic.pdf.fetcher import ASSET_BASE_URL, AssetOnlyFetcher
from tests.hostile import fetching_payloads
from tests.pdf.conftest import (
    ClientTexts,
    PopulatedClient,
    assert_is_pdf,
    assert_no_connection,
    pdf_text,
    pdfinfo_pages,
    pdftotext_text,
    squash,
)

PASSWD = Path("/etc/passwd")
PASSWD_FIRST_LINE = PASSWD.read_text().splitlines()[0] if PASSWD.exists() else "root:x:0:0"


def payloads(port: int) -> list[str]:
    """Markup that fetches (tests/hostile.py; its corpus goes into PDFs in
    tests/test_hostile_input.py, one short field each, so that no page break splits a line)."""
    return fetching_payloads(port)


def tagged(field: str, port: int) -> str:
    """Every payload on its own line, each tagged with the field it was typed into."""
    return "\n".join(f"{field}-{i}: {p}" for i, p in enumerate(payloads(port)))


# Watching the process while a document renders


_opened: list[str] | None = None


def _record_opens(event: str, args: tuple) -> None:
    if event == "open" and _opened is not None and isinstance(args[0], str | bytes):
        _opened.append(str(args[0]))


sys.addaudithook(_record_opens)  # audit hooks cannot be removed; it records only when asked


@pytest.fixture
def opened_files() -> Iterator[list[str]]:
    """Every path this process opens during the test (Python's `open` audit event)."""
    global _opened
    _opened = []
    try:
        yield _opened
    finally:
        _opened = None


@pytest.fixture
def fetched(monkeypatch) -> list[tuple[str, bool]]:
    """Every URL WeasyPrint asked the fetcher for, and whether it was served."""
    calls: list[tuple[str, bool]] = []

    class RecordingFetcher(AssetOnlyFetcher):
        def fetch(self, url, headers=None):
            try:
                response = super().fetch(url, headers)
            except Exception:
                calls.append((url, False))
                raise
            calls.append((url, True))
            return response

    monkeypatch.setattr(renderer, "AssetOnlyFetcher", RecordingFetcher)
    return calls


# The hostile record


@dataclass(frozen=True)
class Hostile:
    populated: PopulatedClient
    open_assignment_id: int
    handout_slug: str
    text: dict[str, str]  # every hostile field, by name

    @property
    def client_id(self) -> int:
        return self.populated.client.id


@pytest.fixture
def hostile(listener, therapist, make_populated_client, assign_exercise, handout_slugs) -> Hostile:
    port = listener.getsockname()[1]
    p = payloads(port)
    texts = ClientTexts(
        preferred_name=p[0] + p[5],
        full_name=p[1] + p[2] + p[6],
        origin_note=tagged("origin-note", port),
        origin_began=p[4] + p[7],
        reason=tagged("intake-reason", port),
        strengths=tagged("strengths", port),
        client_goals=tagged("client-goals", port),
        goal=tagged("goal", port),
        session_note=tagged("session-note", port),
        instructions=tagged("instructions", port),
        say_it_trigger=tagged("say-it-trigger", port),
        say_it_how_it_went=tagged("say-it-how-it-went", port),
        belief=tagged("belief", port),
        step=tagged("step", port),
        prediction=tagged("prediction", port),
        what_happened=tagged("what-happened", port),
        learned=tagged("learned", port),
    )
    populated = make_populated_client(therapist, texts)
    still_open, _ = assign_exercise(populated.client, "trust-ladder", texts.instructions)
    text = asdict(texts)
    for name in ("narrative", "client-message", "discharge-reason", "handout-note"):
        text[name] = tagged(name, port)
    return Hostile(populated, still_open.id, handout_slugs[0], text)


@pytest.fixture
def handout_slugs(app) -> list[str]:
    """The handouts in content/handouts/ (written separately; skipped while there are none)."""
    with app.app_context():
        slugs = list(get_content().handouts)
    if not slugs:
        pytest.skip("content/handouts/ holds no handouts yet")
    return slugs


# Each document type, through its route, as the owning therapist


def save_summary(browser, h: Hostile, version: str) -> None:
    today = date.today()
    response = browser.post(
        f"/clients/{h.client_id}/summary",
        data={
            "period_start": (today - timedelta(days=60)).isoformat(),
            "period_end": today.isoformat(),
            "version": version,
            "narrative": h.text["narrative"],
            "client_message": h.text["client-message"],
            "client_copy_scores": "y",
        },
    )
    assert response.status_code == 302, "the summary form was refused"


def progress_clinical(browser, h: Hostile):
    save_summary(browser, h, "clinical")
    return browser.get(f"/clients/{h.client_id}/summary.pdf")


def progress_client(browser, h: Hostile):
    save_summary(browser, h, "client")
    return browser.get(f"/clients/{h.client_id}/summary.pdf")


def discharge_summary(browser, h: Hostile):
    save_summary(browser, h, "clinical")
    response = browser.post(
        f"/clients/{h.client_id}/discharge",
        data={"discharged_on": date.today().isoformat(), "reason": h.text["discharge-reason"]},
    )
    assert response.status_code == 302, "the discharge form was refused"
    return browser.get(f"/clients/{h.client_id}/discharge-summary.pdf")


def homework_say_it(browser, h: Hostile):
    return browser.get(f"/clients/{h.client_id}/homework/{h.populated.say_it.id}/homework.pdf")


def homework_trust_step(browser, h: Hostile):
    return browser.get(f"/clients/{h.client_id}/homework/{h.populated.trust_step.id}/homework.pdf")


def personal_handout(browser, h: Hostile):
    return browser.post(
        f"/clients/{h.client_id}/handouts/{h.handout_slug}.pdf",
        data={"note": h.text["handout-note"]},
    )


def assignment_worksheet(browser, h: Hostile):
    return browser.post(f"/clients/{h.client_id}/homework/{h.open_assignment_id}/worksheet.pdf")


def client_record(browser, h: Hostile):
    return browser.get(f"/clients/{h.client_id}/export.pdf")


def caseload_report(browser, h: Hostile):
    return browser.get("/caseload-report.pdf")


@dataclass(frozen=True)
class Document:
    render: Callable
    shows: tuple[str, ...]  # the hostile fields the document prints


DOCUMENTS = {
    "progress summary, clinical": Document(
        progress_clinical,
        ("full_name", "origin_began", "goal", "step", "prediction", "what_happened", "narrative"),
    ),
    "progress summary, client copy": Document(
        progress_client,
        ("preferred_name", "client-message", "goal", "step", "prediction", "what_happened"),
    ),
    "discharge summary": Document(
        discharge_summary,
        ("full_name", "discharge-reason", "reason", "goal", "narrative"),
    ),
    "completed homework, say it instead of checking": Document(
        homework_say_it,
        ("full_name", "instructions", "say_it_trigger", "say_it_how_it_went"),
    ),
    "completed homework, small trust step": Document(
        homework_trust_step,
        ("full_name", "instructions", "belief", "step", "prediction", "what_happened", "learned"),
    ),
    "personalised handout": Document(personal_handout, ("preferred_name", "handout-note")),
    "assignment worksheet": Document(assignment_worksheet, ("preferred_name", "instructions")),
    "client record": Document(
        client_record,
        (
            "preferred_name",
            "full_name",
            "origin_note",
            "origin_began",
            "reason",
            "strengths",
            "client_goals",
            "goal",
            "session_note",
            "say_it_trigger",
            "say_it_how_it_went",
            "belief",
            "step",
            "prediction",
            "what_happened",
            "learned",
        ),
    ),
    "caseload report": Document(caseload_report, ("preferred_name", "full_name")),
}


def missing_texts(extracted: str, expected: dict[str, str]) -> list[str]:
    """The expected texts (field: one line) that do not appear literally in the extraction.

    Whitespace is ignored on both sides: table cells wrap long payloads, even mid-word."""
    haystack = squash(extracted)
    return [
        f"{field}: {line}"
        for field, text in expected.items()
        for line in text.splitlines()
        if squash(line) not in haystack
    ]


def assert_nothing_leaked(content: bytes, texts: list[str]) -> None:
    for text in texts:
        assert "root:x:0:0" not in text and PASSWD_FIRST_LINE not in text
    assert not PdfReader(BytesIO(content)).attachments, "a file was attached to the PDF"
    assert b"root:x:0:0" not in content


def assert_only_assets_fetched(fetched: list[tuple[str, bool]]) -> None:
    served = [url for url, ok in fetched if ok]
    assert ASSET_BASE_URL + "print.css" in served, "the recording fetcher was not used"
    outside = [u for u in served if not u.startswith((ASSET_BASE_URL, "data:"))]
    assert outside == [], f"served from outside the assets: {outside}"
    assert all(url.startswith((ASSET_BASE_URL, "data:")) for url, _ in fetched), (
        f"WeasyPrint was asked for URLs that only user text could name: {fetched}"
    )


@pytest.mark.parametrize("kind", DOCUMENTS, ids=lambda kind: kind.replace(" ", "-"))
def test_hostile_text_is_printed_literally_and_never_fetched(
    kind, therapist_client, hostile, listener, fetched, opened_files
):
    document = DOCUMENTS[kind]

    content = assert_is_pdf(document.render(therapist_client, hostile))

    assert_no_connection(listener)
    assert_only_assets_fetched(fetched)
    assert not [path for path in opened_files if Path(path).resolve() == PASSWD.resolve()]
    by_pypdf, by_poppler = pdf_text(content), pdftotext_text(content)
    assert_nothing_leaked(content, [by_pypdf, by_poppler])
    expected = {field: hostile.text[field] for field in document.shows}
    assert missing_texts(by_pypdf, expected) == [], "pypdf does not find these texts"
    assert missing_texts(by_poppler, expected) == [], "pdftotext does not find these texts"


# A log far longer than any exercise allows

LOG_ROWS = 2000


@pytest.fixture
def long_log(app, make_client, therapist, assign_exercise, listener) -> tuple[Assignment, int]:
    """A promises-kept log whose snapshot allows 2,000 rows, submitted with 2,000 rows.

    The form would carry 8,000 fields, past the request's form-part limit, so the answers go
    through the same parser and service the client's page uses.
    """
    port = listener.getsockname()[1]
    hostile_rows = payloads(port)
    client = make_client(therapist, preferred_name="Robin", full_name="Robin Longlog")
    assignment, token = assign_exercise(client, "promises-kept-log")
    today = date.today()
    with app.app_context():
        record = db.session.get(Assignment, assignment.id)
        snapshot = deepcopy(record.snapshot)
        (log,) = [f for f in snapshot["fields"] if f["type"] == "log"]
        log["max_rows"] = LOG_ROWS
        record.snapshot = snapshot
        db.session.commit()

        form = MultiDict({"f-reflection": "A lot of promises were kept."})
        for row in range(LOG_ROWS):
            form[f"f-entries-{row}-date"] = (today - timedelta(days=row % 60)).isoformat()
            form[f"f-entries-{row}-who"] = "me" if row % 2 else "someone_else"
            form[f"f-entries-{row}-promised"] = f"row {row + 1}: {hostile_rows[row % 8]}"
            form[f"f-entries-{row}-felt"] = f"felt {row + 1}"
        parsed = parse_answers(snapshot["fields"], form, require=True, today=today)
        assert parsed.is_valid, parsed.errors
        assert len(parsed.answers["entries"]) == LOG_ROWS
        link = homework.open_link(token)
        homework.submit(link, parsed.answers, key="long-log")
        db.session.commit()
    return assignment, port


def test_a_2000_row_log_renders_to_the_end_with_page_numbers(
    therapist_client, long_log, listener, fetched
):
    assignment, port = long_log

    response = therapist_client.get(
        f"/clients/{assignment.client_id}/homework/{assignment.id}/homework.pdf"
    )

    content = assert_is_pdf(response)
    # poppler reads a hundred-page PDF in a second; pypdf takes a minute for the same check.
    pages = pdfinfo_pages(content)
    assert pages > 20, f"2,000 rows on only {pages} pages"
    text = pdftotext_text(content)
    numbers = [int(n) for n in re.findall(rf"Page (\d+) of {pages}\b", text)]
    assert numbers == list(range(1, pages + 1)), "every page says 'Page N of M', in order"
    haystack = squash(text)
    rows = payloads(port)
    for row in (0, 1, 7, 999, 1500, LOG_ROWS - 2, LOG_ROWS - 1):
        assert squash(f"row {row + 1}: {rows[row % 8]}") in haystack, f"row {row + 1} missing"
        assert squash(f"felt {row + 1}") in haystack
    assert_nothing_leaked(content, [text])
    assert_no_connection(listener)
    assert_only_assets_fetched(fetched)


def test_the_page_refuses_a_log_longer_than_its_snapshot_allows(
    app, make_client, therapist, assign_exercise, submit_through_page
):
    """The ordinary exercise holds 14 rows; a 15th row sent by a crafted form is refused."""
    client = make_client(therapist)
    _, token = assign_exercise(client, "promises-kept-log")
    rows = {
        f"f-entries-{row}-{column}": value
        for row in range(15)
        for column, value in (
            ("date", date.today().isoformat()),
            ("who", "me"),
            ("promised", f"promise {row}"),
        )
    }
    with pytest.raises(AssertionError, match="submission refused \\(400\\)"):
        submit_through_page(token, {**rows, "f-reflection": "Fifteen rows"})
