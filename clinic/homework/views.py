"""The therapist's homework pages: the exercise library, assigning, links and review."""

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
from werkzeug.datastructures import MultiDict

from clinic.auth.access import refuse_admin
from clinic.clients import services as clients
from clinic.clients.intake import rank_suggestions, relevant_items
from clinic.content import get_content
from clinic.content.models import CATEGORIES
from clinic.forms import options
from clinic.homework import services
from clinic.homework.forms import AssignForm, ExtendForm, ReviewForm
from clinic.homework.tokens import share_url
from clinic.measures import services as measure_services

bp = Blueprint("homework", __name__)
NEW_LINK_KEY = "new_share_link"


@bp.before_request
@login_required
def therapists_only():
    if current_user.is_admin:
        refuse_admin()


def _suggested_slugs(client) -> list[str]:
    """Exercises suggested by the client's intake, most pointed-to first."""
    data = clients.current_intake_data(client)
    taxonomy = get_content().taxonomy
    return [s.slug for s in rank_suggestions(relevant_items(data), taxonomy, "exercises")]


@bp.get("/exercises")
def library():
    exercises = get_content().exercises
    client = None
    suggested: list[str] = []
    if request.args.get("client", "").isdigit():
        client = clients.client_for(current_user, int(request.args["client"]))
        suggested = [slug for slug in _suggested_slugs(client) if slug in exercises]
    by_category = {
        label: [e for e in exercises.values() if e.category == key]
        for key, label in CATEGORIES.items()
    }
    return render_template(
        "homework/library.html",
        by_category=by_category,
        client=client,
        suggested=[exercises[slug] for slug in suggested],
    )


@bp.get("/exercises/<slug>")
def preview(slug: str):
    exercise = get_content().exercises.get(slug) or abort(404)
    return render_template(
        "homework/preview.html",
        exercise=exercise,
        snapshot=exercise.to_snapshot(),
        values=MultiDict(),
        client_id=request.args.get("client", type=int),
    )


@bp.route("/clients/<int:client_id>/assign", methods=["GET", "POST"])
def assign(client_id: int):
    client = clients.client_for(current_user, client_id)
    exercises = get_content().exercises
    suggested = [slug for slug in _suggested_slugs(client) if slug in exercises]
    form = AssignForm(exercise=request.args.get("exercise"))
    ordered = suggested + [slug for slug in exercises if slug not in suggested]
    form.exercise.choices = options(
        (slug, exercises[slug].title + (" (suggested)" if slug in suggested else ""))
        for slug in ordered
    )
    measures = get_content().measures
    form.measure.choices = options([("", "None"), *((m.slug, m.title) for m in measures.values())])
    status = 200
    if form.validate_on_submit():
        try:
            assignment, token = services.assign(
                client,
                exercises[form.exercise.data],
                instructions=form.instructions.data or "",
                due_on=form.due_on.data,
                by=current_user,
            )
            if form.measure.data:
                measure_services.add_to_assignment(
                    assignment, measures[form.measure.data], by=current_user
                )
        except (services.HomeworkRuleError, measure_services.MeasureRuleError) as error:
            flash(str(error), "error")
            status = 400
        else:
            _show_link_once(assignment.id, token)
            return redirect(
                url_for("homework.assignment", client_id=client.id, assignment_id=assignment.id)
            )
    return render_template(
        "homework/assign.html", client=client, form=form, exercises=exercises, suggested=suggested
    ), status


def _show_link_once(assignment_id: int, token: str) -> None:
    """Only the token's hash is stored, so the link can be shown just this once."""
    session[NEW_LINK_KEY] = {"assignment": assignment_id, "token": token}


def _take_new_link(assignment_id: int) -> str | None:
    pending = session.pop(NEW_LINK_KEY, None)
    if pending and pending.get("assignment") == assignment_id:
        return share_url(pending["token"])
    return None


@bp.get("/clients/<int:client_id>/homework/<int:assignment_id>")
def assignment(client_id: int, assignment_id: int):
    client = clients.client_for(current_user, client_id)
    item = services.assignment_for(client, assignment_id)
    clients.record_view(client, "homework")
    return _render_assignment(client, item)


def _render_assignment(client, item, review_form=None, status=200):
    if review_form is None:
        review = item.review
        review_form = ReviewForm(
            formdata=None,
            comment=review.comment if review else "",
            share=review.shared_with_client if review else False,
        )
    return render_template(
        "homework/assignment.html",
        client=client,
        assignment=item,
        link=services.live_link(item),
        new_link=_take_new_link(item.id),
        review_form=review_form,
        extend_form=ExtendForm(formdata=None),
    ), status


def _link_action(client_id: int, assignment_id: int, action, done: str):
    client = clients.client_for(current_user, client_id)
    item = services.assignment_for(client, assignment_id)
    try:
        result = action(item)
    except services.HomeworkRuleError as error:
        flash(str(error), "error")
    else:
        if isinstance(result, str):
            _show_link_once(item.id, result)
        flash(done, "success")
    return redirect(url_for("homework.assignment", client_id=client.id, assignment_id=item.id))


@bp.post("/clients/<int:client_id>/homework/<int:assignment_id>/link")
def new_link(client_id: int, assignment_id: int):
    return _link_action(
        client_id,
        assignment_id,
        services.issue_link,
        "A new link is ready; the previous one no longer works.",
    )


@bp.post("/clients/<int:client_id>/homework/<int:assignment_id>/link/revoke")
def revoke_link(client_id: int, assignment_id: int):
    return _link_action(client_id, assignment_id, services.revoke_link, "The link is revoked.")


@bp.post("/clients/<int:client_id>/homework/<int:assignment_id>/link/extend")
def extend_link(client_id: int, assignment_id: int):
    services.assignment_for(clients.client_for(current_user, client_id), assignment_id)
    form = ExtendForm()
    if not form.validate_on_submit():
        flash("Extend by 1 to 60 days.", "error")
        return redirect(
            url_for("homework.assignment", client_id=client_id, assignment_id=assignment_id)
        )
    return _link_action(
        client_id,
        assignment_id,
        lambda item: services.extend_link(item, form.days.data),
        f"The link now lasts {form.days.data} more days.",
    )


@bp.post("/clients/<int:client_id>/homework/<int:assignment_id>/cancel")
def cancel(client_id: int, assignment_id: int):
    return _link_action(client_id, assignment_id, services.cancel, "The homework is cancelled.")


@bp.post("/clients/<int:client_id>/homework/<int:assignment_id>/reopen")
def reopen(client_id: int, assignment_id: int):
    return _link_action(
        client_id,
        assignment_id,
        services.reopen,
        "Reopened: the client can change and send it again with their link.",
    )


@bp.post("/clients/<int:client_id>/homework/<int:assignment_id>/review")
def review(client_id: int, assignment_id: int):
    client = clients.client_for(current_user, client_id)
    item = services.assignment_for(client, assignment_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _render_assignment(client, item, review_form=form, status=400)
    try:
        services.review(
            item, comment=form.comment.data or "", share=form.share.data, by=current_user
        )
    except services.HomeworkRuleError as error:
        flash(str(error), "error")
    else:
        flash("Marked as reviewed.", "success")
    return redirect(url_for("homework.assignment", client_id=client.id, assignment_id=item.id))
