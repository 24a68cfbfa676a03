"""The therapist's measure pages: administering in session, results, and sending by link."""

from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required

from clinic.clients import services as clients
from clinic.clients.models import Client
from clinic.content import get_content
from clinic.content.measures import Measure
from clinic.forms import options
from clinic.homework import services as homework
from clinic.homework.tokens import share_url
from clinic.measures import services
from clinic.measures.forms import AdministerForm, SendMeasureForm
from clinic.measures.models import MeasureRequest, MeasureResult, ResultSource

bp = Blueprint("measures", __name__)
NEW_LINK_KEY = "new_measure_link"
RECENT = 5


@bp.before_request
@login_required
def therapists_only():
    if current_user.is_admin:
        abort(403)


def _client(client_id: int) -> Client:
    return clients.client_for(current_user, client_id)


def _measure(slug: str) -> Measure:
    return services.measure_for(slug) or abort(404)


@bp.app_template_global("measure_send_form")
def send_form() -> SendMeasureForm:
    form = SendMeasureForm(formdata=None)
    return _with_choices(form)


def _with_choices(form: SendMeasureForm) -> SendMeasureForm:
    measures = get_content().measures.values()
    form.measure.choices = options((m.slug, m.short_title) for m in measures)
    return form


@dataclass(frozen=True)
class MeasuresPanel:
    """What the client page shows about measures."""

    measures: list[Measure]
    recent: list[MeasureResult]
    count: int
    waiting: list[MeasureRequest]
    flagging: MeasureResult | None
    send_form: SendMeasureForm


@bp.app_template_global()
def measures_panel(client: Client) -> MeasuresPanel:
    results = services.results_for(client)
    return MeasuresPanel(
        measures=list(get_content().measures.values()),
        recent=results[-RECENT:][::-1],
        count=len(results),
        waiting=services.open_requests(client),
        flagging=services.flagging_result(client),
        send_form=send_form(),
    )


@bp.app_template_global()
def measure_flag_result(client: Client) -> MeasureResult | None:
    return services.flagging_result(client)


@bp.app_template_global()
def measure_title(slug: str) -> str:
    measure = services.measure_for(slug)
    return measure.short_title if measure else slug


@bp.get("/clients/<int:client_id>/measures")
def overview(client_id: int):
    client = _client(client_id)
    clients.record_view(client, "measures")
    results = services.results_for(client)
    by_measure = [
        (measure, [r for r in results if r.measure_slug == measure.slug][::-1])
        for measure in get_content().measures.values()
    ]
    return render_template(
        "measures/overview.html",
        client=client,
        by_measure=by_measure,
        changes={change.measure.slug: change for change in services.change_summaries(client)},
        waiting=services.open_requests(client),
        send_form=send_form(),
    )


@bp.route("/clients/<int:client_id>/measures/<slug>/new", methods=["GET", "POST"])
def administer(client_id: int, slug: str):
    client = _client(client_id)
    measure = _measure(slug)
    form = AdministerForm()
    if not client.is_active:
        flash("Reopen the client before recording a questionnaire.", "error")
        return redirect(url_for("clients.client_page", client_id=client.id))
    if request.method == "GET":
        clients.record_view(client, "measures")
        return _render_administer(client, measure, form)
    answers = services.read_answers(measure, request.form)
    missing = measure.missing(answers)
    if not form.validate_on_submit() or missing:
        return _render_administer(client, measure, form, missing=missing, status=400)
    try:
        result = services.record_result(
            client,
            measure,
            answers,
            taken_on=form.taken_on.data,
            source=ResultSource.SESSION,
            by=current_user,
        )
    except services.MeasureRuleError as error:
        form.taken_on.errors = [str(error)]
        return _render_administer(client, measure, form, status=400)
    flash(f"{measure.short_title} recorded: {result.total}.", "success")
    return redirect(url_for("measures.result", client_id=client.id, result_id=result.id))


def _render_administer(client, measure, form, *, missing=(), status=200):
    return render_template(
        "measures/administer.html",
        client=client,
        measure=measure,
        form=form,
        values=request.form,
        errors={item.key: "Choose an answer." for item in missing},
        missing=missing,
    ), status


@bp.get("/clients/<int:client_id>/measures/results/<int:result_id>")
def result(client_id: int, result_id: int):
    client = _client(client_id)
    found = services.result_for(client, result_id) or abort(404)
    clients.record_view(client, "measures")
    return render_template(
        "measures/result.html",
        client=client,
        result=found,
        measure=services.measure_for(found.measure_slug),
    )


@bp.post("/clients/<int:client_id>/measures/send")
def send(client_id: int):
    client = _client(client_id)
    form = _with_choices(SendMeasureForm())
    if not form.validate_on_submit():
        flash("Choose a questionnaire to send.", "error")
        return redirect(url_for("measures.overview", client_id=client.id))
    try:
        sent, token = services.send_measure(client, _measure(form.measure.data), by=current_user)
    except services.MeasureRuleError as error:
        flash(str(error), "error")
        return redirect(url_for("measures.overview", client_id=client.id))
    _show_link_once(sent.id, token)
    return redirect(url_for("measures.sent", client_id=client.id, request_id=sent.id))


def _show_link_once(request_id: int, token: str) -> None:
    """Only the token's hash is stored, so the link can be shown just this once."""
    session[NEW_LINK_KEY] = {"request": request_id, "token": token}


def _take_new_link(request_id: int) -> str | None:
    pending = session.pop(NEW_LINK_KEY, None)
    if pending and pending.get("request") == request_id:
        return share_url(pending["token"])
    return None


def _request(client: Client, request_id: int) -> MeasureRequest:
    return services.request_for(client, request_id) or abort(404)


@bp.get("/clients/<int:client_id>/measures/requests/<int:request_id>")
def sent(client_id: int, request_id: int):
    client = _client(client_id)
    item = _request(client, request_id)
    clients.record_view(client, "measures")
    return render_template(
        "measures/request.html",
        client=client,
        item=item,
        measure=services.measure_for(item.measure_slug),
        link=services.live_request_link(item),
        new_link=_take_new_link(item.id),
    )


def _request_action(client_id: int, request_id: int, action, done: str):
    client = _client(client_id)
    item = _request(client, request_id)
    try:
        outcome = action(item)
    except services.MeasureRuleError as error:
        flash(str(error), "error")
    else:
        if isinstance(outcome, str):
            _show_link_once(item.id, outcome)
        flash(done, "success")
    return redirect(url_for("measures.sent", client_id=client.id, request_id=item.id))


@bp.post("/clients/<int:client_id>/measures/requests/<int:request_id>/link")
def new_link(client_id: int, request_id: int):
    return _request_action(
        client_id,
        request_id,
        services.issue_request_link,
        "A new link is ready; the previous one no longer works.",
    )


@bp.post("/clients/<int:client_id>/measures/requests/<int:request_id>/link/revoke")
def revoke_link(client_id: int, request_id: int):
    return _request_action(
        client_id, request_id, services.revoke_request_link, "The link is revoked."
    )


@bp.post("/clients/<int:client_id>/measures/requests/<int:request_id>/cancel")
def cancel(client_id: int, request_id: int):
    return _request_action(
        client_id, request_id, services.cancel_request, "The questionnaire is withdrawn."
    )


@bp.post("/clients/<int:client_id>/homework/<int:assignment_id>/measure")
def add_to_homework(client_id: int, assignment_id: int):
    client = _client(client_id)
    assignment = homework.assignment_for(client, assignment_id)
    form = _with_choices(SendMeasureForm())
    back = url_for("homework.assignment", client_id=client.id, assignment_id=assignment.id)
    if not form.validate_on_submit():
        flash("Choose a questionnaire to add.", "error")
        return redirect(back)
    measure = _measure(form.measure.data)
    try:
        services.add_to_assignment(assignment, measure, by=current_user)
    except services.MeasureRuleError as error:
        flash(str(error), "error")
    else:
        flash(f"The {measure.short_title} is now on this homework's link.", "success")
    return redirect(back)


@bp.post("/clients/<int:client_id>/measures/flag/clear")
def clear_flag(client_id: int):
    client = _client(client_id)
    try:
        services.clear_measure_flag(client, by=current_user)
    except services.MeasureRuleError as error:
        flash(str(error), "error")
    else:
        flash("The questionnaire's safety flag is cleared.", "success")
    return redirect(url_for("clients.client_page", client_id=client.id))
