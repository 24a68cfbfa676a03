"""The client's homework pages under /h/: no account, one assignment, reached through a link.

`/h/<token>` swaps the token for a cookie scoped to `/h/s/<link id>` and redirects there, so
the token leaves the address bar, the history and any later Referer. Unknown, expired and
revoked links all get the same page.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from uuid import uuid4

from flask import Blueprint, current_app, make_response, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import MultiDict

from clinic.content.measures import Item, Measure
from clinic.db import utcnow
from clinic.extensions import db, limiter
from clinic.homework import services
from clinic.homework.fields import log_row_count, parse_answers
from clinic.homework.models import ShareLink
from clinic.homework.tokens import COOKIE_NAME, link_cookie_value, link_id_from_cookie
from clinic.logs import log_access_denied
from clinic.measures import services as measures
from clinic.measures.models import MeasureRequest
from clinic.unit_of_work import writes

bp = Blueprint("public", __name__, url_prefix="/h")


def _share_link_rate_limit() -> str:
    return current_app.config["SHARE_LINK_RATE_LIMIT"]


@bp.after_request
def keep_private(response):
    """No search engine indexes a client's page. The Referrer-Policy stays the app's
    `same-origin`: the token never sits in a page's URL, and on HTTPS the CSRF check needs the
    page's own Referer on every save."""
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _inactive(status: int = 404, typed: MultiDict | None = None):
    return render_template("public/inactive.html", typed=typed), status


@bp.get("/<token>")
@limiter.limit(_share_link_rate_limit)
@writes
def open_link(token: str):
    link = services.open_link(token)
    if link is None:
        log_access_denied("share_link_not_live", object_type="share_link")
        return _inactive()
    page = url_for("public.homework", link_id=link.id)
    response = make_response(redirect(page))
    response.set_cookie(
        COOKIE_NAME,
        link_cookie_value(link.id),
        max_age=int((link.expires_at - utcnow()).total_seconds()),
        path=page,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


def _link_from_cookie(link_id: int) -> ShareLink | None:
    """The link this browser was given, if it is the one in the URL; liveness is checked apart."""
    if link_id_from_cookie(request.cookies.get(COOKIE_NAME)) != link_id:
        log_access_denied("link_cookie_mismatch", object_type="share_link")
        return None
    return services.link_by_id(link_id)


@bp.get("/s/<int:link_id>")
@limiter.limit(_share_link_rate_limit)
def homework(link_id: int):
    link = _link_from_cookie(link_id)
    if link is None or not link.is_live(utcnow()):
        return _inactive()
    return _render(link)


@bp.post("/s/<int:link_id>")
@limiter.limit(_share_link_rate_limit)
def save(link_id: int):
    link = _link_from_cookie(link_id)
    if link is None or services.is_cancelled(link) or link.assignment is None:
        return _inactive()
    if not link.is_live(utcnow()):
        return _inactive(410, typed=request.form)
    action = request.form.get("action", "save")
    fields = link.assignment.snapshot["fields"]
    parsed = parse_answers(fields, request.form, require=action == "submit", today=utcnow().date())
    if not parsed.is_valid:
        return _render(link, form=request.form, errors=parsed.errors, status=400)
    try:
        if action == "submit":
            services.submit(
                link,
                parsed.answers,
                key=request.form.get("submission_key") or None,
                seen_revision=_seen_revision(),
            )
        else:
            services.save_draft(link, parsed.answers, seen_revision=_seen_revision())
    except services.StaleDraft as conflict:
        db.session.rollback()
        return _render(
            link, form=request.form, conflict_revision=conflict.current_revision, status=409
        )
    except services.AlreadySubmitted:
        db.session.rollback()
        return _render(link, form=request.form, already_submitted=True, status=409)
    if action.startswith("add_row:"):
        return _redirect_with_another_row(link, fields, action.removeprefix("add_row:"))
    return redirect(url_for("public.homework", link_id=link.id, saved=action))


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError):
    """A save whose CSRF token no longer matches (the browser dropped its session, e.g. after
    a restart): show the page again with everything typed and a fresh token, save nothing."""
    log_access_denied("csrf")
    link = _link_from_cookie(request.view_args.get("link_id", -1))
    if link is None or not link.is_live(utcnow()):
        return _inactive(410, typed=request.form)
    request_id = request.view_args.get("request_id")
    if request_id is not None:
        state = {request_id: (request.form, [])}
        return _render(link, measure_state=state, form_expired=True, status=400)
    return _render(link, form=request.form, form_expired=True, status=400)


def _redirect_with_another_row(link: ShareLink, fields, field_id: str):
    """Without JavaScript a new log row is a round trip: save, then show one row more."""
    spec = next((f for f in fields if f["id"] == field_id and f["type"] == "log"), None)
    if spec is None:
        return redirect(url_for("public.homework", link_id=link.id))
    shown = log_row_count(spec, request.form)
    return redirect(
        url_for("public.homework", link_id=link.id, add=field_id, rows=shown + 1, _anchor=field_id)
    )


def _seen_revision() -> int | None:
    raw = request.form.get("revision", "")
    return int(raw) if raw.isdigit() else None


@bp.post("/s/<int:link_id>/measure/<int:request_id>")
@limiter.limit(_share_link_rate_limit)
def answer_measure(link_id: int, request_id: int):
    """The client's answers to a questionnaire on this link, stored once."""
    link = _link_from_cookie(link_id)
    if link is None or services.is_cancelled(link):
        return _inactive()
    if not link.is_live(utcnow()):
        return _inactive(410)
    sent = next((r for r in measures.requests_on(link) if r.id == request_id), None)
    measure = measures.measure_for(sent.measure_slug) if sent else None
    if sent is None or measure is None:
        return _inactive()
    answers = measures.read_answers(measure, request.form)
    try:
        measures.submit_by_link(link, sent, answers, key=request.form.get("submission_key"))
    except measures.IncompleteAnswers as incomplete:
        db.session.rollback()
        return _render(
            link, measure_state={sent.id: (request.form, incomplete.missing)}, status=400
        )
    except measures.AlreadyAnswered:
        db.session.rollback()
        return _render(link, already_answered=sent.id, status=409)
    return redirect(url_for("public.homework", link_id=link.id, sent=sent.id))


@dataclass(frozen=True)
class MeasureOnPage:
    """A questionnaire as the client's page shows it, with what they typed and what is missing."""

    request: MeasureRequest
    measure: Measure
    values: Mapping[str, str]
    missing: list[Item]
    submission_key: str

    @property
    def errors(self) -> dict[str, str]:
        return {item.key: "Please choose an answer." for item in self.missing}


def _measures_on(link: ShareLink, state: Mapping[int, tuple]) -> list[MeasureOnPage]:
    shown = []
    for sent in measures.requests_on(link):
        measure = measures.measure_for(sent.measure_slug)
        if measure is None:
            continue
        values, missing = state.get(sent.id, ({}, []))
        key = values.get("submission_key") or uuid4().hex
        shown.append(MeasureOnPage(sent, measure, values, missing, key))
    return shown


def _render(link: ShareLink, *, status=200, measure_state=None, **state):
    on_page = _measures_on(link, measure_state or {})
    if link.assignment is None:
        return render_template(
            "public/measure.html",
            link=link,
            on_page=on_page,
            sent=request.args.get("sent", type=int),
            **state,
        ), status
    return _render_homework(link, status=status, on_page=on_page, **state)


def _render_homework(link: ShareLink, *, form=None, errors=None, status=200, **state):
    assignment = link.assignment
    response = assignment.response
    return render_template(
        "public/homework.html",
        link=link,
        assignment=assignment,
        response=response,
        answers=response.answers if response else {},
        form=form,
        errors=errors or {},
        revision=state.get("conflict_revision") or (response.revision if response else 0),
        submission_key=(form or {}).get("submission_key") or uuid4().hex,
        requested_rows={request.args.get("add"): request.args.get("rows", type=int)},
        saved=request.args.get("saved"),
        sent=request.args.get("sent", type=int),
        **state,
    ), status
