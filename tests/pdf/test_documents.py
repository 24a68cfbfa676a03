"""Every document type, read back from the PDF: its key content, page numbers, tags, metadata."""

import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from clinic.extensions import db
from clinic.homework.models import Assignment, AssignmentStatus
from clinic.pdf.renderer import static_documents
from tests.homework.conftest import SAY_IT_ANSWERS


def read(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    return PdfReader(io.BytesIO(response.data))


def text_of(reader: PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def assert_numbered_and_tagged(reader: PdfReader, title: str):
    pages = len(reader.pages)
    assert f"Page 1 of {pages}" in text_of(reader)
    assert f"Page {pages} of {pages}" in text_of(reader)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "a tagged PDF"
    assert root["/Lang"] == "en"
    assert reader.metadata.title == title
    assert reader.metadata.author
    assert reader.metadata.creation_date is not None


@pytest.fixture(autouse=True)
def _empty_cache():
    static_documents.clear()


@pytest.fixture
def submitted_homework(client_record, make_assignment, open_link):
    assignment, token = make_assignment(client_record)
    browser, page = open_link(token)
    html = browser.get(page).text
    hidden = dict(re.findall(r'name="(revision|submission_key)" value="([^"]*)"', html))
    assert (
        browser.post(page, data={**hidden, **SAY_IT_ANSWERS, "action": "submit"}).status_code == 302
    )
    return assignment


def test_handout_pdf(therapist_client):
    reader = read(therapist_client.get("/handouts/where-trust-issues-begin.pdf"))
    text = text_of(reader)
    assert "Where trust issues begin" in text
    assert "Need help" in text or "help right now" in text, "crisis text at the end"
    assert "Confidential" not in text, "a handout is not a clinical document"
    assert_numbered_and_tagged(reader, "Where trust issues begin")


def test_personal_handout_names_the_client_and_carries_the_note(therapist_client, client_record):
    response = therapist_client.post(
        f"/clients/{client_record.id}/handouts/taking-safe-emotional-risks.pdf",
        data={"note": "Start with the smallest step on your ladder."},
    )
    text = text_of(read(response))
    assert "Prepared for Robin by Ana Therapist" in text
    assert "Start with the smallest step on your ladder." in text


def test_blank_worksheet_pdf(therapist_client):
    reader = read(therapist_client.get("/exercises/small-trust-step/worksheet.pdf"))
    text = text_of(reader)
    assert "Small trust step" in text
    assert "What I think will happen" in text
    assert_numbered_and_tagged(reader, "Small trust step")


def test_static_documents_are_served_from_the_cache_the_second_time(therapist_client, monkeypatch):
    first = therapist_client.get("/handouts/pathways-to-healing.pdf").data
    import clinic.pdf.documents

    monkeypatch.setattr(clinic.pdf.documents, "render_pdf", lambda *a, **k: pytest.fail("rendered"))
    assert therapist_client.get("/handouts/pathways-to-healing.pdf").data == first


def test_assignment_worksheet_has_the_clients_name_and_a_qr_code(
    therapist_client, client_record, make_assignment
):
    assignment, _ = make_assignment(client_record, due_on=date.today() + timedelta(days=7))
    reader = read(
        therapist_client.post(f"/clients/{client_record.id}/homework/{assignment.id}/worksheet.pdf")
    )
    assert "For Robin" in text_of(reader)
    assert "/XObject" in reader.pages[0]["/Resources"], "the QR code image"


def test_completed_homework_pdf(therapist_client, client_record, submitted_homework):
    reader = read(
        therapist_client.get(
            f"/clients/{client_record.id}/homework/{submitted_homework.id}/homework.pdf"
        )
    )
    text = text_of(reader)
    assert "He was late and did not text" in text
    assert "8 / 10" in text
    assert "Confidential" in text and "Robin Client" in text
    assert_numbered_and_tagged(reader, "Say it instead of checking")


def save_summary(therapist_client, client_record, version, **extra):
    data = {
        "period_start": (date.today() - timedelta(days=30)).isoformat(),
        "period_end": date.today().isoformat(),
        "version": version,
        "narrative": "Engaged well; checking has reduced.",
        "client_message": "You have worked hard this month.",
        **extra,
    }
    response = therapist_client.post(f"/clients/{client_record.id}/summary", data=data)
    assert response.status_code == 302


def test_clinical_progress_summary(
    therapist_client, client_record, submitted_homework, make_session_note, make_goal
):
    make_session_note(client_record, "Reviewed homework")
    make_goal(client_record, "Ask instead of checking")
    save_summary(therapist_client, client_record, "clinical")
    reader = read(therapist_client.get(f"/clients/{client_record.id}/summary.pdf"))
    text = text_of(reader)
    for expected in (
        "Progress summary",
        "Robin Client",
        "attended",
        "completion rate",
        "Ask instead of checking",
        "Engaged well; checking has reduced.",
        "Signature",
    ):
        assert expected in text, expected
    assert "You have worked hard this month." not in text
    assert text.count("Confidential") == len(reader.pages), "identifiers on every page"
    assert_numbered_and_tagged(reader, "Progress summary")


def test_client_copy_is_plain_and_leaves_scores_out_unless_chosen(
    therapist_client, client_record, make_goal, app
):
    goal = make_goal(client_record, "Ask instead of checking")
    therapist_client.post(
        f"/clients/{client_record.id}/goals/{goal.id}/ratings",
        data={"score": 7, "rated_on": date.today().isoformat()},
    )
    save_summary(therapist_client, client_record, "client")
    text = text_of(read(therapist_client.get(f"/clients/{client_record.id}/summary.pdf")))
    assert "Your progress" in text and "You have worked hard this month." in text
    assert "Engaged well" not in text and "Confidential" not in text
    assert "Your ratings" not in text
    save_summary(therapist_client, client_record, "client", client_copy_scores="y")
    assert "Your ratings: 7" in text_of(
        read(therapist_client.get(f"/clients/{client_record.id}/summary.pdf"))
    )


def test_summary_choices_are_remembered(therapist_client, client_record):
    save_summary(therapist_client, client_record, "client")
    page = therapist_client.get(f"/clients/{client_record.id}/summary").text
    assert re.search(r'<input checked[^>]*value="client"', page)
    assert "You have worked hard this month." in page


def test_summary_period_must_run_forwards(therapist_client, client_record):
    response = therapist_client.post(
        f"/clients/{client_record.id}/summary",
        data={
            "period_start": "2026-05-01",
            "period_end": "2026-04-01",
            "version": "clinical",
            "narrative": "kept",
        },
    )
    assert response.status_code == 200
    assert "before its start" in response.text and "kept" in response.text


def test_discharge_summary(therapist_client, client_record):
    therapist_client.post(
        f"/clients/{client_record.id}/discharge",
        data={"discharged_on": date.today().isoformat(), "reason": "Goals met"},
    )
    reader = read(therapist_client.get(f"/clients/{client_record.id}/discharge-summary.pdf"))
    text = text_of(reader)
    assert "Discharge summary" in text and "Goals met" in text
    assert_numbered_and_tagged(reader, "Discharge summary")


def test_caseload_report(therapist_client, client_record, make_client, therapist):
    make_client(therapist, preferred_name="Second", full_name="Second Person")
    reader = read(therapist_client.get("/caseload-report.pdf"))
    text = text_of(reader)
    assert "Caseload report" in text and "Robin" in text and "Second" in text
    assert "2 active clients" in text


def test_caseload_report_counts_each_clients_homework_by_status(
    app, therapist_client, client_record, make_client, make_assignment, therapist
):
    yesterday, tomorrow = date.today() - timedelta(days=1), date.today() + timedelta(days=1)
    statuses = [
        (AssignmentStatus.SUBMITTED, None),
        (AssignmentStatus.REVIEWED, None),
        (AssignmentStatus.ASSIGNED, yesterday),
        (AssignmentStatus.IN_PROGRESS, yesterday),
        (AssignmentStatus.ASSIGNED, tomorrow),
        (AssignmentStatus.CANCELLED, yesterday),
    ]
    for status, due_on in statuses:
        assignment, _ = make_assignment(client_record, due_on=due_on)
        with app.app_context():
            db.session.get(Assignment, assignment.id).status = status
            db.session.commit()
    make_client(therapist, preferred_name="Idle", full_name="Idle Person")

    text = text_of(read(therapist_client.get("/caseload-report.pdf")))

    assert "2 of 5 (40%) 2" in text, (
        "two done of five set (the cancelled one left out), two overdue"
    )
    assert "Idle (Idle Person) Active — 0 of 0 —" in text


def test_download_or_open_in_browser(therapist_client):
    download = therapist_client.get("/handouts/how-homework-works.pdf")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    opened = therapist_client.get("/handouts/how-homework-works.pdf?view=1")
    assert opened.headers["Content-Disposition"].startswith("inline;")
    assert opened.headers["Cache-Control"] == "no-store"


def test_whole_record_pdf(
    therapist_client, client_record, submitted_homework, make_intake, make_session_note
):
    make_intake(client_record, {"reason": "Referred after a breakup"})
    make_session_note(client_record, "First session")
    reader = read(therapist_client.get(f"/clients/{client_record.id}/export.pdf"))
    text = text_of(reader)
    for expected in (
        "Client record",
        "Referred after a breakup",
        "First session",
        "He was late and did not text",
    ):
        assert expected in text, expected
    assert_numbered_and_tagged(reader, "Client record")
