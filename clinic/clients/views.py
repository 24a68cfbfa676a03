"""Therapist pages for clients: caseload, record, intake, goals, notes, export, erase."""

import json
from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from clinic.auth.access import refuse_admin
from clinic.clients import services
from clinic.clients.caseload import CaseloadFilter, caseload_page
from clinic.clients.export import export_client
from clinic.clients.forms import (
    CaseloadFilterForm,
    ClientForm,
    DischargeForm,
    EraseForm,
    GoalForm,
    GoalRatingForm,
    GoalStatusForm,
    SessionNoteForm,
    intake_form_class,
)
from clinic.clients.intake import summarise
from clinic.clients.models import Attendance, ClientStatus, GoalStatus
from clinic.clients.progress import client_progress
from clinic.content import get_content

bp = Blueprint("clients", __name__)


@bp.before_request
@login_required
def therapists_only():
    """Client records are for the treating therapist; admins manage accounts, not records."""
    if current_user.is_admin and request.endpoint != "clients.caseload":
        refuse_admin()


def _client(client_id: int):
    return services.client_for(current_user, client_id)


@bp.get("/")
def caseload():
    if current_user.is_admin:
        return redirect(url_for("admin_clients.clients"))
    form = CaseloadFilterForm(request.args)
    criteria = CaseloadFilter()
    if form.validate():
        criteria = CaseloadFilter(
            status=ClientStatus(form.status.data or "active"),
            flagged_only=form.flagged.data,
            awaiting_review_only=form.review.data,
            search=(form.q.data or "").strip(),
            sort=form.sort.data or "name",
            page=form.page.data or 1,
        )
    return render_template(
        "clients/caseload.html",
        form=form,
        criteria=criteria,
        page=caseload_page(current_user, criteria, date.today()),
    )


@bp.route("/clients/new", methods=["GET", "POST"])
def new_client():
    form = ClientForm()
    if form.validate_on_submit():
        client = services.create_client(current_user, **form.data)
        flash("Client added. Start with the intake.", "success")
        return redirect(url_for("clients.intake", client_id=client.id))
    return render_template("clients/client_form.html", form=form, client=None)


@bp.get("/clients/<int:client_id>")
def client_page(client_id: int):
    return _render_client_page(_client(client_id))


def _render_client_page(client, **forms):
    """The client page, also re-rendered with a form's errors; every rendering is a view."""
    services.record_view(client, "record")
    taxonomy = get_content().taxonomy
    forms.setdefault("goal_form", GoalForm(formdata=None))
    forms.setdefault("note_form", SessionNoteForm(formdata=None))
    forms.setdefault("rating_form", GoalRatingForm(formdata=None))
    forms.setdefault("rating_goal_id", None)
    intake = services.latest_intake(client)
    return render_template(
        "clients/client.html",
        client=client,
        intake=intake,
        summary=summarise(intake.data, taxonomy) if intake else None,
        status_form=GoalStatusForm(formdata=None),
        goal_statuses=list(GoalStatus),
        progress=client_progress(client, today=date.today()),
        **forms,
    )


@bp.route("/clients/<int:client_id>/edit", methods=["GET", "POST"])
def edit_client(client_id: int):
    client = _client(client_id)
    form = ClientForm(obj=client)
    _record_get_view(client, "edit")
    if form.validate_on_submit():
        services.update_client(client, **form.data)
        flash("Details saved.", "success")
        return redirect(url_for("clients.client_page", client_id=client.id))
    return render_template("clients/client_form.html", form=form, client=client)


@bp.route("/clients/<int:client_id>/discharge", methods=["GET", "POST"])
def discharge(client_id: int):
    client = _client(client_id)
    form = DischargeForm()
    _record_get_view(client, "discharge")
    if form.validate_on_submit():
        try:
            services.discharge(client, on=form.discharged_on.data, reason=form.reason.data)
        except services.ClientRuleError as error:
            flash(str(error), "error")
        else:
            flash(f"{client.preferred_name} is discharged.", "success")
        return redirect(url_for("clients.client_page", client_id=client.id))
    return render_template("clients/discharge.html", form=form, client=client)


def _record_get_view(client, page: str) -> None:
    if request.method == "GET":
        services.record_view(client, page)


@bp.post("/clients/<int:client_id>/reopen")
def reopen(client_id: int):
    client = _client(client_id)
    try:
        services.reopen(client)
    except services.ClientRuleError as error:
        flash(str(error), "error")
    else:
        flash(f"{client.preferred_name} is back on the active caseload.", "success")
    return redirect(url_for("clients.client_page", client_id=client.id))


@bp.route("/clients/<int:client_id>/intake", methods=["GET", "POST"])
def intake(client_id: int):
    client = _client(client_id)
    taxonomy = get_content().taxonomy
    form = intake_form_class(taxonomy)()
    if request.method == "GET":
        form.load(services.current_intake_data(client))
        services.record_view(client, "intake")
    elif form.validate_on_submit():
        saved = services.save_intake(client, form.to_data(), taxonomy, by=current_user)
        flash("Intake saved." if saved else "No changes to save.", "success")
        return redirect(url_for("clients.client_page", client_id=client.id))
    else:
        flash("Some answers need attention; nothing was saved yet.", "error")
    return render_template(
        "clients/intake.html",
        client=client,
        form=form,
        taxonomy=taxonomy,
        latest=services.latest_intake(client),
    )


@bp.get("/clients/<int:client_id>/intake/history")
def intake_history(client_id: int):
    client = _client(client_id)
    services.record_view(client, "intake_history")
    history = services.intake_history(client, get_content().taxonomy)
    return render_template("clients/intake_history.html", client=client, history=history)


@bp.post("/clients/<int:client_id>/goals")
def add_goal(client_id: int):
    client = _client(client_id)
    form = GoalForm()
    if not form.validate_on_submit():
        return _render_client_page(client, goal_form=form), 400
    services.add_goal(client, form.description.data)
    flash("Goal added.", "success")
    return redirect(url_for("clients.client_page", client_id=client.id, _anchor="goals"))


@bp.post("/clients/<int:client_id>/goals/<int:goal_id>/ratings")
def rate_goal(client_id: int, goal_id: int):
    client = _client(client_id)
    goal = services.goal_for(client, goal_id)
    form = GoalRatingForm()
    if not form.validate_on_submit():
        return _render_client_page(client, rating_form=form, rating_goal_id=goal.id), 400
    services.rate_goal(goal, form.score.data, form.rated_on.data)
    flash("Progress recorded.", "success")
    return redirect(url_for("clients.client_page", client_id=client.id, _anchor=f"goal-{goal.id}"))


@bp.post("/clients/<int:client_id>/goals/<int:goal_id>/status")
def goal_status(client_id: int, goal_id: int):
    client = _client(client_id)
    goal = services.goal_for(client, goal_id)
    form = GoalStatusForm()
    if form.validate_on_submit():
        services.set_goal_status(goal, GoalStatus(form.status.data))
        flash("Goal updated.", "success")
    return redirect(url_for("clients.client_page", client_id=client.id, _anchor=f"goal-{goal.id}"))


@bp.post("/clients/<int:client_id>/notes")
def add_note(client_id: int):
    client = _client(client_id)
    form = SessionNoteForm()
    if not form.validate_on_submit():
        return _render_client_page(client, note_form=form), 400
    services.add_session_note(
        client,
        on=form.session_date.data,
        minutes=form.duration_minutes.data,
        attendance=Attendance(form.attendance.data),
        note=form.note.data or "",
        by=current_user,
    )
    flash("Session note added.", "success")
    return redirect(url_for("clients.client_page", client_id=client.id, _anchor="sessions"))


@bp.get("/clients/<int:client_id>/export.json")
def export_json(client_id: int):
    client = _client(client_id)
    document = export_client(client)
    services.record_view(client, "export_json")
    return Response(
        json.dumps(document, indent=2, ensure_ascii=False),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="client-{client.id}.json"'},
    )


@bp.route("/clients/<int:client_id>/erase", methods=["GET", "POST"])
def erase(client_id: int):
    client = _client(client_id)
    form = EraseForm()
    _record_get_view(client, "erase")
    if form.validate_on_submit():
        try:
            services.erase(client, confirm_name=form.confirm_name.data, by=current_user)
        except services.ClientRuleError as error:
            form.confirm_name.errors.append(str(error))
        else:
            flash("The client's record has been erased.", "success")
            return redirect(url_for("clients.caseload"))
    return render_template("clients/erase.html", form=form, client=client)
