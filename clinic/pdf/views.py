"""PDF documents on the web: handouts, worksheets, completed homework, summaries, reports.

Every route is behind login and the same ownership checks as the record it prints; every
download is audited. `?view=1` opens a PDF in the browser instead of downloading it.
"""

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from clinic.auth.access import refuse_admin
from clinic.clients import services as clients
from clinic.content import get_content
from clinic.homework import services as homework
from clinic.homework.models import ResponseStatus
from clinic.homework.tokens import share_url
from clinic.pdf import documents
from clinic.pdf.documents import PdfDocument
from clinic.pdf.forms import PersonalNoteForm, SummaryForm
from clinic.pdf.models import SummaryVersion
from clinic.pdf.services import record_download, save_summary_draft
from clinic.pdf.summaries import draft_for
from clinic.unit_of_work import reads_only

bp = Blueprint("documents", __name__)


@bp.before_request
@login_required
def therapists_only():
    if current_user.is_admin:
        refuse_admin()


def _send(document: PdfDocument, kind: str, object_type=None, object_id=None) -> Response:
    record_download(kind, object_type=object_type, object_id=object_id)
    disposition = "inline" if request.args.get("view") == "1" else "attachment"
    return Response(
        document.content,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'{disposition}; filename="{document.filename}"'},
    )


def _handout(slug: str):
    return get_content().handouts.get(slug) or abort(404)


@bp.get("/handouts")
def handouts():
    client = None
    if request.args.get("client", "").isdigit():
        client = clients.client_for(current_user, int(request.args["client"]))
    return render_template(
        "documents/handouts.html",
        handouts=get_content().handouts.values(),
        client=client,
        form=PersonalNoteForm(formdata=None),
    )


@bp.get("/handouts/<slug>")
def handout_preview(slug: str):
    return render_template("documents/handout_preview.html", handout=_handout(slug))


@bp.get("/handouts/<slug>.pdf")
def handout_pdf(slug: str):
    return _send(documents.handout(_handout(slug)), "handout")


@bp.post("/clients/<int:client_id>/handouts/<slug>.pdf")
@reads_only
def personal_handout_pdf(client_id: int, slug: str):
    client = clients.client_for(current_user, client_id)
    item = _handout(slug)
    form = PersonalNoteForm()
    if not form.validate_on_submit():
        flash("The personal note is too long (1,500 characters at most).", "error")
        return redirect(url_for("documents.handouts", client=client.id))
    document = documents.handout(
        item, prepared_for=client, by=current_user, note=form.note.data or ""
    )
    return _send(document, "handout", "client", client.id)


@bp.get("/exercises/<slug>/worksheet.pdf")
def blank_worksheet_pdf(slug: str):
    exercise = get_content().exercises.get(slug) or abort(404)
    return _send(documents.blank_worksheet(exercise), "worksheet")


@bp.post("/clients/<int:client_id>/homework/<int:assignment_id>/worksheet.pdf")
def assignment_worksheet_pdf(client_id: int, assignment_id: int):
    """The QR code needs the link itself, which is never stored: printing makes a new link."""
    client = clients.client_for(current_user, client_id)
    assignment = homework.assignment_for(client, assignment_id)
    try:
        token = homework.issue_link(assignment)
    except homework.HomeworkRuleError as error:
        flash(str(error), "error")
        return redirect(
            url_for("homework.assignment", client_id=client.id, assignment_id=assignment.id)
        )
    document = documents.assignment_worksheet(assignment, share_url(token))
    return _send(document, "assignment_worksheet", "assignment", assignment.id)


@bp.get("/clients/<int:client_id>/homework/<int:assignment_id>/homework.pdf")
def completed_homework_pdf(client_id: int, assignment_id: int):
    client = clients.client_for(current_user, client_id)
    assignment = homework.assignment_for(client, assignment_id)
    if assignment.response is None or assignment.response.status is not ResponseStatus.SUBMITTED:
        abort(404)
    return _send(
        documents.completed_homework(assignment), "completed_homework", "assignment", assignment.id
    )


@bp.route("/clients/<int:client_id>/summary", methods=["GET", "POST"])
def summary(client_id: int):
    client = clients.client_for(current_user, client_id)
    draft = draft_for(client, date.today())
    form = SummaryForm(obj=draft)
    if not form.is_submitted():
        form.version.data = draft.version.value
    if form.validate_on_submit():
        save_summary_draft(
            client,
            period_start=form.period_start.data,
            period_end=form.period_end.data,
            version=SummaryVersion(form.version.data),
            narrative=form.narrative.data or "",
            client_message=form.client_message.data or "",
            client_copy_scores=form.client_copy_scores.data,
            today=date.today(),
        )
        flash("Saved. Download or open the summary below.", "success")
        return redirect(url_for("documents.summary", client_id=client.id))
    return render_template(
        "documents/summary.html", client=client, form=form, saved=draft.id is not None
    )


@bp.get("/clients/<int:client_id>/summary.pdf")
def summary_pdf(client_id: int):
    client = clients.client_for(current_user, client_id)
    draft = draft_for(client, date.today())
    return _send(
        documents.progress_summary(client, draft, date.today()),
        f"progress_summary_{draft.version.value}",
        "client",
        client.id,
    )


@bp.get("/clients/<int:client_id>/discharge-summary.pdf")
def discharge_summary_pdf(client_id: int):
    client = clients.client_for(current_user, client_id)
    draft = draft_for(client, date.today())
    return _send(
        documents.discharge_summary(client, draft, date.today()),
        "discharge_summary",
        "client",
        client.id,
    )


@bp.get("/clients/<int:client_id>/export.pdf")
def record_pdf(client_id: int):
    client = clients.client_for(current_user, client_id)
    clients.record_view(client, "export_pdf")
    return _send(documents.client_record(client), "client_record", "client", client.id)


@bp.get("/caseload-report.pdf")
def caseload_report_pdf():
    return _send(documents.caseload(current_user, date.today()), "caseload_report")
