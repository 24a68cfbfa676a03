"""Admin pages for moving clients between caseloads. Admins see names and therapists only."""

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload

from clinic.auth.access import admin_required
from clinic.auth.models import Role, User
from clinic.clients import services
from clinic.clients.forms import ReassignCaseloadForm, ReassignForm
from clinic.clients.models import Client
from clinic.extensions import db
from clinic.forms import options

bp = Blueprint("admin_clients", __name__, url_prefix="/admin")


def _therapist_choices() -> list[tuple[int, str]]:
    return [(t.id, t.name) for t in services.active_therapists()]


def _caseload_form() -> ReassignCaseloadForm:
    form = ReassignCaseloadForm()
    everyone = db.session.scalars(
        sa.select(User).where(User.role == Role.THERAPIST).order_by(User.name)
    ).all()
    form.from_therapist_id.choices = options(
        (t.id, t.name + ("" if t.is_active_account else " (deactivated)")) for t in everyone
    )
    form.to_therapist_id.choices = options(_therapist_choices())
    return form


def _render(caseload_form=None, status=200):
    clients = db.session.scalars(
        sa.select(Client).options(joinedload(Client.therapist)).order_by(Client.full_name)
    ).all()
    return render_template(
        "admin/clients.html",
        clients=clients,
        therapists=_therapist_choices(),
        caseload_form=caseload_form or _caseload_form(),
    ), status


@bp.get("/clients")
@admin_required
def clients():
    return _render()


@bp.post("/clients/<int:client_id>/reassign")
@admin_required
def reassign(client_id: int):
    client = db.session.get(Client, client_id)
    if client is None:
        flash("That client no longer exists.", "error")
        return redirect(url_for("admin_clients.clients"))
    form = ReassignForm()
    form.therapist_id.choices = options(_therapist_choices())
    if form.validate_on_submit():
        try:
            services.reassign(client, form.therapist_id.data, by=current_user)
        except services.ClientRuleError as error:
            flash(str(error), "error")
        else:
            flash(f"Client moved to {client.therapist.name}.", "success")
    else:
        flash("Choose an active therapist.", "error")
    return redirect(url_for("admin_clients.clients"))


@bp.post("/caseloads/reassign")
@admin_required
def reassign_caseload():
    form = _caseload_form()
    if not form.validate_on_submit():
        return _render(form, 400)
    moved = services.reassign_caseload(
        form.from_therapist_id.data, form.to_therapist_id.data, by=current_user
    )
    flash(f"{moved} client(s) moved.", "success")
    return redirect(url_for("admin_clients.clients"))
