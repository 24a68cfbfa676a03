"""Every PDF Clinic makes, each as a function from records to bytes and a file name.

File names carry ids and dates, never names: they end up in download folders and logs.
"""

from dataclasses import dataclass
from datetime import date

import segno

from clinic.auth.models import User
from clinic.clients.intake import FREQUENCY_LABELS
from clinic.clients.models import Attendance, Client
from clinic.clients.progress import Window, client_progress
from clinic.clients.services import latest_intake
from clinic.content import get_content
from clinic.content.models import Exercise, Handout
from clinic.homework.models import Assignment
from clinic.pdf.models import SummaryDraft, SummaryVersion
from clinic.pdf.renderer import render_pdf, settings_fingerprint, static_documents
from clinic.pdf.summaries import Period, caseload_report, progress_report


@dataclass(frozen=True)
class PdfDocument:
    content: bytes
    filename: str


def handout(
    item: Handout, *, prepared_for: Client | None = None, by: User | None = None, note: str = ""
) -> PdfDocument:
    """A handout, optionally "prepared for" a client with a personal note (then never cached)."""
    filename = f"handout-{item.slug}.pdf"

    def render() -> bytes:
        return render_pdf(
            "pdf/handout.html",
            title=item.title,
            clinical=False,
            handout=item,
            prepared_for=prepared_for.preferred_name if prepared_for else None,
            prepared_by=by.name if by else None,
            note=note.strip(),
        )

    if prepared_for is None:
        key = ("handout", item.slug, item.version, settings_fingerprint())
        return PdfDocument(static_documents.get_or_render(key, render), filename)
    return PdfDocument(render(), f"handout-{item.slug}-client-{prepared_for.id}.pdf")


def blank_worksheet(exercise: Exercise) -> PdfDocument:
    key = ("worksheet", exercise.slug, exercise.version, settings_fingerprint())
    content = static_documents.get_or_render(
        key,
        lambda: render_pdf(
            "pdf/worksheet.html",
            title=exercise.title,
            clinical=False,
            snapshot=exercise.to_snapshot(),
        ),
    )
    return PdfDocument(content, f"worksheet-{exercise.slug}.pdf")


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def assignment_worksheet(assignment: Assignment, share_url: str) -> PdfDocument:
    """The assignment's worksheet with its share link as a QR code, to fill in by hand or online."""
    content = render_pdf(
        "pdf/worksheet.html",
        title=assignment.title,
        clinical=False,
        snapshot=assignment.snapshot,
        instructions=assignment.instructions,
        client_name=assignment.client.preferred_name,
        due_on=assignment.due_on,
        qr_svg=qr_data_uri(share_url),
    )
    return PdfDocument(content, f"worksheet-assignment-{assignment.id}.pdf")


def completed_homework(assignment: Assignment) -> PdfDocument:
    content = render_pdf(
        "pdf/response.html",
        title=assignment.title,
        clinical=True,
        assignment=assignment,
        client=assignment.client,
    )
    return PdfDocument(content, f"homework-{assignment.id}.pdf")


def progress_summary(client: Client, draft: SummaryDraft, today: date) -> PdfDocument:
    period = Period(draft.period_start, draft.period_end)
    report = progress_report(client, period, today)
    clinical = draft.version is SummaryVersion.CLINICAL
    content = render_pdf(
        "pdf/progress_clinical.html" if clinical else "pdf/progress_client.html",
        title="Progress summary" if clinical else "Your progress",
        clinical=clinical,
        client=client,
        report=report,
        progress=client_progress(
            client,
            today=today,
            window=Window(period.start, period.end),
            for_client=not clinical,
            with_scores=clinical or draft.client_copy_scores,
            assignments=report.assignments,
        ),
        draft=draft,
        attendance=Attendance,
    )
    suffix = "" if clinical else "-client-copy"
    return PdfDocument(
        content, f"progress-{client.id}-{period.start:%Y%m%d}-{period.end:%Y%m%d}{suffix}.pdf"
    )


def discharge_summary(client: Client, draft: SummaryDraft, today: date) -> PdfDocument:
    period = Period(client.created_at.date(), client.discharged_on or today)
    intake = latest_intake(client)
    content = render_pdf(
        "pdf/discharge_summary.html",
        title="Discharge summary",
        clinical=True,
        client=client,
        report=progress_report(client, period, today),
        draft=draft,
        attendance=Attendance,
        intake_reason=intake.data["reason"] if intake else "",
    )
    return PdfDocument(content, f"discharge-summary-{client.id}.pdf")


def client_record(client: Client) -> PdfDocument:
    """The whole record, for a transfer or an access request (the PDF twin of the JSON export)."""
    taxonomy = get_content().taxonomy

    def label(item_id: str) -> str:
        return taxonomy.by_id[item_id].label if item_id in taxonomy.by_id else item_id

    content = render_pdf(
        "pdf/record.html",
        title="Client record",
        clinical=True,
        client=client,
        intake=latest_intake(client),
        label=label,
        frequencies=FREQUENCY_LABELS,
    )
    return PdfDocument(content, f"client-{client.id}-record.pdf")


def caseload(therapist: User, today: date) -> PdfDocument:
    content = render_pdf(
        "pdf/caseload_report.html",
        title="Caseload report",
        clinical=True,
        therapist=therapist,
        rows=caseload_report(therapist, today),
    )
    return PdfDocument(content, f"caseload-{today:%Y%m%d}.pdf")
