from datetime import UTC, datetime, time, timedelta

from flask import Blueprint, render_template, request

from clinic.audit.forms import AuditFilterForm
from clinic.audit.services import action_names, search_events
from clinic.auth.access import admin_required
from clinic.auth.services import list_users
from clinic.forms import options

bp = Blueprint("audit", __name__, url_prefix="/admin")


def _start_of_day(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@bp.get("/audit")
@admin_required
def log():
    form = AuditFilterForm(request.args)
    form.action.choices = options([("", "Any action")] + [(name, name) for name in action_names()])
    form.actor.choices = options([("", "Anyone")] + [(str(u.id), u.name) for u in list_users()])
    events = None
    if form.validate():
        events = search_events(
            action=form.action.data or None,
            actor_id=int(form.actor.data) if form.actor.data else None,
            since=_start_of_day(form.since.data) if form.since.data else None,
            until=_start_of_day(form.until.data) + timedelta(days=1) if form.until.data else None,
            page=form.page.data or 1,
        )
    return render_template("audit/log.html", form=form, events=events)
