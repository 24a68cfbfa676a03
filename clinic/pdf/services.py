"""Remembering what a therapist chose for a client's progress summary; auditing downloads."""

from datetime import date

from clinic.audit.services import record, record_access
from clinic.clients.models import Client
from clinic.extensions import db
from clinic.pdf.models import SummaryDraft, SummaryVersion
from clinic.pdf.summaries import draft_for


def save_summary_draft(
    client: Client,
    *,
    period_start: date,
    period_end: date,
    version: SummaryVersion,
    narrative: str,
    client_message: str,
    client_copy_scores: bool,
    today: date,
) -> SummaryDraft:
    draft = draft_for(client, today)
    draft.period_start, draft.period_end, draft.version = period_start, period_end, version
    draft.narrative = narrative.strip()
    draft.client_message = client_message.strip()
    draft.client_copy_scores = client_copy_scores
    db.session.add(draft)
    record(
        "summary.saved",
        object_type="client",
        object_id=client.id,
        details={"version": version.value},
    )
    return draft


def record_download(document: str, *, object_type: str | None, object_id: int | None) -> None:
    record_access(
        "pdf.downloaded",
        object_type=object_type,
        object_id=object_id,
        details={"document": document},
    )
