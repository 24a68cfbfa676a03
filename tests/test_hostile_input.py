"""Every text field of every form, and of the client's page, takes the hostile corpus
(tests/hostile.py) without a 500. What is stored is shown literally, escaped, with no live
markup; what is refused (too long for the field) gets a message beside the field and keeps what
was typed. Control characters and NUL are stripped before anything reads the request (the
decision is explained in clinic/inputs.py), the same for every field.

Sort, filter and page parameters accept only known values: anything else falls back to the
default listing or is refused, and never reaches the query.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa
from markupsafe import escape

from clinic.clients.models import Client
from clinic.extensions import db
from clinic.inputs import strip_control_characters
from tests.homework.test_access import make_homework  # noqa: F401 (a fixture)
from tests.hostile import MARKUP, PAYLOADS
from tests.pdf.conftest import pdftotext_text, squash
from tests.pdf.test_hostile_input import (  # noqa: F401 (a fixture)
    assert_only_assets_fetched,
    fetched,
)
from tests.routes import Route
from tests.test_csrf_and_methods import ROUTES, world  # noqa: F401 (a fixture)

LIVE_MARKUP = ["<script>alert(1)", "<img src=x onerror", "</style><style>"]


@dataclass(frozen=True)
class TextForm:
    """A form's POST route, the text fields it has, and where what it stored is shown."""

    endpoint: str
    fields: tuple[str, ...]
    shown_at: str  # "redirect" (the page the form redirects to), "same" (its own URL) or a path


FORMS = [
    TextForm("clients.new_client", ("preferred_name", "full_name", "pronouns"), "client"),
    TextForm("clients.edit_client", ("preferred_name", "full_name", "pronouns"), "client"),
    TextForm("clients.intake", ("reason", "strengths", "client_goals", "safety_plan"), "same"),
    TextForm("clients.add_goal", ("description",), "client"),
    TextForm("clients.add_note", ("note",), "client"),
    TextForm("clients.discharge", ("reason",), "client"),
    TextForm("homework.assign", ("instructions",), "redirect"),
    TextForm("homework.review", ("comment",), "assignment"),
    TextForm("documents.summary", ("narrative", "client_message"), "same"),
    TextForm("admin.new_user", ("name",), "/admin/users"),
    TextForm("settings.edit", ("clinic_name", "address", "crisis_text"), "same"),
    TextForm("public.save", ("f-trigger", "f-i_statement-ask", "f-how_it_went"), "same"),
]
FORM_IDS = [form.endpoint for form in FORMS]


def route_of(endpoint: str) -> Route:
    return next(r for r in ROUTES if r.endpoint == endpoint and r.method == "POST")


def test_every_form_with_free_text_is_in_the_table():
    """A form added later with a text field must be added above to be tested."""
    listed = {form.endpoint for form in FORMS}
    posts = {route.endpoint for route in ROUTES if route.method == "POST"}
    without_free_text = {
        "auth.login",
        "auth.logout",
        "auth.change_password",
        "admin.deactivate",
        "admin.reactivate",
        "admin.reset_password",
        "admin_clients.reassign",
        "admin_clients.reassign_caseload",
        "clients.rate_goal",
        "clients.goal_status",
        "clients.reopen",
        "clients.erase",  # a name to confirm, never stored
        "homework.new_link",
        "homework.revoke_link",
        "homework.extend_link",
        "homework.cancel",
        "homework.reopen",
        "documents.assignment_worksheet_pdf",
        "documents.personal_handout_pdf",  # printed, not stored: see the PDF test below
        # Codes are checked and never stored: tests/auth/test_two_factor.py sends them the corpus.
        "auth.second_factor",
        "auth.two_factor_setup",
        "auth.regenerate_recovery_codes",
        "auth.disable_two_factor",
        "auth.sign_out_everywhere",
        "admin.reset_two_factor",
        # Questionnaires are answered by choosing, never by typing.
        "measures.administer",
        "measures.send",
        "measures.new_link",
        "measures.revoke_link",
        "measures.cancel",
        "measures.add_to_homework",
        "measures.clear_flag",
        "public.answer_measure",
    }
    assert posts - without_free_text == listed


def shown_page(form: TextForm, target: str, response) -> str:
    if form.shown_at == "same":
        return target
    if form.shown_at == "redirect":
        return urlsplit(response.headers["Location"]).path
    if form.shown_at == "client":
        client_id = re.search(r"/clients/(\d+)", response.headers["Location"]).group(1)
        return f"/clients/{client_id}"
    if form.shown_at == "assignment":
        return target.rsplit("/", 1)[0]
    return form.shown_at


def assert_shown_literally(html: str, text: str) -> None:
    assert str(escape(text)) in html, "shown as typed, escaped"
    assert [markup for markup in LIVE_MARKUP if markup in text and markup in html] == []


@pytest.mark.parametrize("payload", PAYLOADS, ids=list(PAYLOADS))
@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_hostile_text_is_stored_and_shown_literally_or_refused_beside_the_field(
    app,
    world,  # noqa: F811
    form,
    payload,
):
    text = PAYLOADS[payload]
    route = route_of(form.endpoint)
    browser, target, data = world.prepare(route)
    typed = {name: f"{text} ({name})" if payload != "long" else text for name in form.fields}

    response = browser.post(target, data={**data, **typed})

    assert response.status_code in (200, 302, 400), response.status_code
    html = response.get_data(as_text=True)
    if response.status_code == 302:
        html = browser.get(shown_page(form, target, response)).get_data(as_text=True)
        shown = typed
    else:
        refused = [name for name in typed if f'class="field__error" id="{name}-error"' in html]
        assert refused, "refused with a message beside the field"
        shown = {name: value for name, value in typed.items() if name in html}
    assert shown, "the value typed is stored and shown, or kept in the refused form"
    for value in shown.values():
        assert_shown_literally(html, strip_control_characters(value))


def test_null_bytes_and_control_characters_are_stripped_before_storing(app, therapist_client):
    response = therapist_client.post(
        "/clients/new",
        data={"preferred_name": "Ro\x00bin\x07", "full_name": "Robin\x1b[31m Reyes\x00"},
    )

    assert response.status_code == 302
    with app.app_context():
        names = db.session.execute(
            sa.select(Client.preferred_name, Client.full_name).order_by(Client.id.desc())
        ).first()
    assert tuple(names) == ("Robin", "Robin[31m Reyes")


def test_a_search_with_hostile_text_is_shown_literally(therapist_client):
    for text in PAYLOADS.values():
        response = therapist_client.get("/?" + urlencode({"q": text[:80]}))
        assert response.status_code == 200
        assert_shown_literally(response.get_data(as_text=True), strip_control_characters(text[:80]))


def test_a_personal_handout_note_prints_hostile_text_literally(world):  # noqa: F811
    route = route_of("documents.personal_handout_pdf")
    browser, target, _ = world.prepare(route)
    for name in MARKUP:
        response = browser.post(target, data={"note": PAYLOADS[name]})
        assert response.status_code == 200, name
        assert squash(PAYLOADS[name]) in squash(pdftotext_text(response.data)), name


def test_a_record_full_of_hostile_text_prints_it_literally_and_fetches_nothing(
    therapist_client,
    fetched,  # noqa: F811
):
    """One goal and one session note per payload, through the forms, then the record's PDF,
    the 10,000-character word included (the renderer gives it break opportunities)."""
    created = therapist_client.post(
        "/clients/new", data={"preferred_name": PAYLOADS["script"], "full_name": "Hostile Record"}
    )
    record = re.search(r"/clients/\d+", created.headers["Location"]).group(0)
    stored = set()
    for name, text in PAYLOADS.items():
        goal = therapist_client.post(f"{record}/goals", data={"description": text})
        note = {"session_date": "2026-01-05", "duration_minutes": "50", "attendance": "attended"}
        posted = therapist_client.post(f"{record}/notes", data={**note, "note": text})
        assert {goal.status_code, posted.status_code} <= {302, 400}
        if posted.status_code == 302:
            stored.add(name)

    response = therapist_client.get(f"{record}/export.pdf")

    assert response.status_code == 200
    printed = squash(pdftotext_text(response.data))
    assert [name for name in MARKUP if squash(PAYLOADS[name]) not in printed] == []
    assert squash(strip_control_characters(PAYLOADS["control characters"])) in printed
    assert "beforeafter" in printed, "the NUL was stripped, the text around it kept"
    assert "long" in stored
    # The word runs over pages, so running heads interrupt it in the text layer: count it.
    assert printed.count("x") >= PAYLOADS["long"].count("x")
    assert_only_assets_fetched(fetched)


# Query parameters accept only known values

UNKNOWN_VALUES = ["name; DROP TABLE clients", "' OR 1=1 --", "id desc", "-1", "0", "1e9", "x" * 500]


# (`flagged` and `review` are checkboxes: any value means ticked, as a browser sends it.)
@pytest.mark.parametrize("parameter", ["sort", "status", "page"])
@pytest.mark.parametrize("value", UNKNOWN_VALUES)
def test_the_caseload_answers_unknown_parameters_with_the_default_listing(
    therapist_client, client_record, parameter, value
):
    default = therapist_client.get("/")

    response = therapist_client.get("/?" + urlencode({parameter: value}))

    assert response.status_code == 200
    assert client_record.preferred_name in response.text
    assert ("Robin" in default.text) == ("Robin" in response.text)


@pytest.mark.parametrize("parameter", ["action", "actor", "since", "until", "page"])
@pytest.mark.parametrize("value", UNKNOWN_VALUES)
def test_the_audit_log_refuses_unknown_filters(admin_client, parameter, value):
    response = admin_client.get("/admin/audit?" + urlencode({parameter: value}))

    assert response.status_code == 200
    assert "Check the filters above." in response.text, "refused, not run"
