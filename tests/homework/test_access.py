"""Who may reach a client's homework: the treating therapist, and the client through their link.

The therapist's routes are read from the URL map, so a homework route added later is covered
by every test here without anyone remembering to list it. The route table, the database
snapshot and the route ids are shared with tests/clients/test_access.py.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit
from uuid import uuid4

import pytest
import sqlalchemy as sa
from flask import url_for
from itsdangerous import URLSafeTimedSerializer
from werkzeug.routing import Map

from clinic.audit.models import AuditEvent
from clinic.extensions import db
from clinic.homework.models import Assignment
from clinic.homework.tokens import COOKIE_NAME, COOKIE_SALT
from clinic.homework.views import bp as homework_blueprint
from tests.clients.test_access import database_state
from tests.conftest import page_text, page_text_but_request_id
from tests.homework.conftest import SAY_IT_ANSWERS
from tests.routes import Route, blueprint_rules, route_ids, routes_in

# Routes

IDS = {"client_id", "assignment_id"}


def homework_routes(url_map: Map) -> list[Route]:
    """Every `homework.` rule that takes a client or an assignment id."""
    return routes_in(
        url_map, lambda rule: rule.endpoint.startswith("homework.") and IDS & rule.arguments
    )


ROUTES = homework_routes(blueprint_rules(homework_blueprint))
GET_ROUTES = [route for route in ROUTES if route.method == "GET"]
POST_ROUTES = [route for route in ROUTES if route.method == "POST"]
ASSIGNMENT_ROUTES = [route for route in ROUTES if "assignment_id" in route.arguments]

# Homework and what would identify it

PEOPLE = {
    "Zephyrine": {
        "preferred_name": "Zephyrine",
        "full_name": "Zephyrine Quillfeather",
        "instructions": "Try it after the Lisbon weekend",
        "answers": SAY_IT_ANSWERS,
    },
    "Ottoline": {
        "preferred_name": "Ottoline",
        "full_name": "Ottoline Brackenbury",
        "instructions": "Use it when Teodor is late from Oslo",
        "answers": {
            **SAY_IT_ANSWERS,
            "f-trigger": "Teodor missed the Oslo dinner",
            "f-i_statement-ask": "ring me from the ferry",
            "f-how_it_went": "Teodor rang from the ferry on Friday",
        },
    },
}
# The answers that are the client's own words (the rest are numbers and choices).
FREE_TEXT_ANSWERS = ("f-trigger", "f-i_statement-ask", "f-how_it_went")


@dataclass(frozen=True)
class Homework:
    client_id: int
    assignment_id: int
    link_id: int
    page: str  # the client's page, /h/s/<link id>
    identifying: tuple[str, ...]  # the client's names, the instructions, their answers


@pytest.fixture
def make_homework(make_client, make_assignment, open_link):
    """`make_homework(owner)`: a client whose homework is in progress, a draft saved through
    the link; `submitted=True` sends it. Returns the homework and the client's browser."""

    def make(owner, *, person: str = "Zephyrine", submitted: bool = False):
        texts = PEOPLE[person]
        client = make_client(
            owner, preferred_name=texts["preferred_name"], full_name=texts["full_name"]
        )
        assignment, token = make_assignment(client, instructions=texts["instructions"])
        browser, page = open_link(token)
        sent = browser.post(
            page,
            data={
                **texts["answers"],
                "action": "submit" if submitted else "save",
                "submission_key": uuid4().hex,
            },
        )
        assert sent.status_code == 302, "the answers above are what the client's page accepts"
        identifying = (
            texts["preferred_name"],
            texts["full_name"],
            texts["instructions"],
            *(texts["answers"][name] for name in FREE_TEXT_ANSWERS),
        )
        link_id = int(page.rsplit("/", 1)[1])
        return Homework(client.id, assignment.id, link_id, page, identifying), browser

    return make


# Endpoints whose request would change nothing unless the homework was submitted first.
NEEDS_SUBMITTED = {"homework.review", "homework.reopen"}

FORMS = {
    "homework.assign": {"exercise": "thought-record", "instructions": "Set by someone else"},
    "homework.extend_link": {"days": "30"},
    "homework.review": {"comment": "A comment someone else wrote", "share": "y"},
}

# What the owner's request does, as the audit log records it (action, details it includes):
# proof that the form data above is valid, not merely that the route answered with a redirect,
# which these views also do when a rule refuses the change.
OWNER_EFFECTS = {
    "homework.assign": [
        ("assignment.created", {"exercise": "thought-record"}),
        ("link.issued", {}),
    ],
    "homework.new_link": [("link.issued", {})],
    "homework.revoke_link": [("link.revoked", {})],
    "homework.extend_link": [("link.extended", {"days": 30})],
    "homework.cancel": [("assignment.cancelled", {})],
    "homework.reopen": [("assignment.reopened", {})],
    "homework.review": [("assignment.reviewed", {"shared": True})],
}


def form_for(route: Route) -> dict[str, str]:
    """Form data the owner's browser would send: valid, so that it would change the homework."""
    if route.endpoint in OWNER_EFFECTS:
        return dict(FORMS.get(route.endpoint, {}))
    # A route added later: offer every field above, so a missing check still does damage.
    return {key: value for form in FORMS.values() for key, value in form.items()}


def homework_for(make_homework, owner, route: Route, *, person: str = "Zephyrine") -> Homework:
    homework, _ = make_homework(owner, person=person, submitted=route.endpoint in NEEDS_SUBMITTED)
    return homework


def send(browser, app, route: Route, *, client_id: int, assignment_id: int):
    ids = {"client_id": client_id, "assignment_id": assignment_id}
    with app.test_request_context():
        # A new kind of id in a homework route fails here until it is handled.
        target = url_for(route.endpoint, **{name: ids[name] for name in route.arguments})
    if route.method == "GET":
        return browser.get(target)
    return browser.post(target, data=form_for(route))


def send_for(browser, app, route: Route, homework: Homework):
    return send(
        browser, app, route, client_id=homework.client_id, assignment_id=homework.assignment_id
    )


def disclosed(response, homework: Homework) -> list[str]:
    """The homework's identifying texts found in the response, as sent or as shown."""
    body, shown = response.get_data(as_text=True), page_text(response)
    return [text for text in homework.identifying if text in body or text in shown]


def audit_events_since(app, last_id: int | None) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(AuditEvent).where(AuditEvent.id > (last_id or 0)).order_by(AuditEvent.id)
            )
        )


def last_audit_id(app) -> int | None:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.max(AuditEvent.id)))


def assignments_of(app, client_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(sa.select(Assignment.id).where(Assignment.client_id == client_id))
        )


# The route table


def test_route_table_is_every_homework_route_in_the_apps_url_map(app):
    assert homework_routes(app.url_map) == ROUTES


def test_route_table_covers_assigning_links_and_review():
    ids = route_ids(ROUTES)
    assert "GET /clients/<client_id>/assign" in ids
    assert "POST /clients/<client_id>/assign" in ids
    assert "GET /clients/<client_id>/homework/<assignment_id>" in ids
    for action in ("link", "link/revoke", "link/extend", "cancel", "reopen", "review"):
        assert f"POST /clients/<client_id>/homework/<assignment_id>/{action}" in ids


# Who is refused


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_other_therapist_gets_404_for_every_homework_route(
    app, therapist_client, make_user, make_homework, route
):
    homework = homework_for(make_homework, make_user(name="Ben Owner"), route)
    before = database_state(app, homework.client_id)

    response = send_for(therapist_client, app, route, homework)

    assert response.status_code == 404, "another therapist's homework is a 404, never a hint"
    assert disclosed(response, homework) == []
    assert database_state(app, homework.client_id) == before


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_another_therapists_homework_looks_exactly_like_a_missing_one(
    app, therapist_client, make_user, make_homework, route
):
    homework = homework_for(make_homework, make_user(name="Ben Owner"), route)

    theirs = send_for(therapist_client, app, route, homework)
    absent = send(
        therapist_client,
        app,
        route,
        client_id=homework.client_id + 1000,
        assignment_id=homework.assignment_id + 1000,
    )

    assert (theirs.status_code, page_text_but_request_id(theirs)) == (
        absent.status_code,
        page_text_but_request_id(absent),
    )


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_admin_gets_403_for_every_homework_route(
    app, admin_client, therapist, make_homework, route
):
    homework = homework_for(make_homework, therapist, route)
    before = database_state(app, homework.client_id)

    response = send_for(admin_client, app, route, homework)

    assert response.status_code == 403, "admins manage accounts, not clinical records"
    assert disclosed(response, homework) == []
    assert database_state(app, homework.client_id) == before


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_signed_out_visitor_is_sent_to_login_for_every_homework_route(
    app, client, therapist, make_homework, route
):
    homework = homework_for(make_homework, therapist, route)
    before = database_state(app, homework.client_id)

    response = send_for(client, app, route, homework)

    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert disclosed(response, homework) == []
    assert database_state(app, homework.client_id) == before


@pytest.mark.parametrize("route", ASSIGNMENT_ROUTES, ids=route_ids(ASSIGNMENT_ROUTES))
@pytest.mark.parametrize("whose", ["another therapist's client", "my other client"])
def test_assignment_id_must_belong_to_the_client_in_the_url(
    app, therapist_client, therapist, make_user, make_homework, route, whose
):
    mine = homework_for(make_homework, therapist, route)
    owner = make_user(name="Ben Owner") if whose.startswith("another") else therapist
    other = homework_for(make_homework, owner, route, person="Ottoline")
    before = database_state(app, other.client_id)

    response = send(
        therapist_client, app, route, client_id=mine.client_id, assignment_id=other.assignment_id
    )

    assert response.status_code == 404
    assert disclosed(response, other) == []
    assert database_state(app, other.client_id) == before


def test_library_suggestions_for_another_therapists_client_are_a_404(
    therapist_client, therapist, make_user, make_homework
):
    mine, _ = make_homework(therapist)
    theirs, _ = make_homework(make_user(name="Ben Owner"), person="Ottoline")

    refused = therapist_client.get(f"/exercises?client={theirs.client_id}")
    served = therapist_client.get(f"/exercises?client={mine.client_id}")

    assert refused.status_code == 404
    assert disclosed(refused, theirs) == []
    assert served.status_code == 200
    assert "Suggested for Zephyrine" in page_text(served)


def test_an_exercise_preview_tells_nothing_about_another_therapists_client(
    therapist_client, make_user, make_homework
):
    theirs, _ = make_homework(make_user(name="Ben Owner"))

    response = therapist_client.get(f"/exercises/thought-record?client={theirs.client_id}")

    assert response.status_code == 200, "the preview shows the exercise, not the client"
    assert disclosed(response, theirs) == []


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_other_therapist_cannot_assign_homework_to_my_client(
    app, therapist, make_user, make_homework, login_as, method
):
    mine, _ = make_homework(therapist)
    intruder = login_as(make_user(name="Ben Intruder"))
    assignments_before = assignments_of(app, mine.client_id)

    if method == "GET":
        response = intruder.get(f"/clients/{mine.client_id}/assign")
    else:
        response = intruder.post(f"/clients/{mine.client_id}/assign", data=FORMS["homework.assign"])

    assert response.status_code == 404
    assert disclosed(response, mine) == []
    assert assignments_of(app, mine.client_id) == assignments_before


# What the owner gets (so the refusals above are not vacuous)


@pytest.mark.parametrize("route", GET_ROUTES, ids=route_ids(GET_ROUTES))
def test_owner_opens_every_homework_page(app, therapist_client, therapist, make_homework, route):
    homework = homework_for(make_homework, therapist, route)

    response = send_for(therapist_client, app, route, homework)

    assert response.status_code == 200
    assert "Zephyrine" in page_text(response)


def test_the_owner_sees_what_the_refusals_above_keep_hidden(
    app, therapist_client, therapist, make_homework
):
    homework, _ = make_homework(therapist)

    response = therapist_client.get(
        f"/clients/{homework.client_id}/homework/{homework.assignment_id}"
    )

    assert disclosed(response, homework) == list(homework.identifying)


@pytest.mark.parametrize("route", POST_ROUTES, ids=route_ids(POST_ROUTES))
def test_owner_sending_the_same_request_changes_the_homework(
    app, therapist_client, therapist, make_homework, route
):
    assert route.endpoint in OWNER_EFFECTS, "say above what the owner's request does"
    homework = homework_for(make_homework, therapist, route)
    before = database_state(app, homework.client_id)
    last_id = last_audit_id(app)

    response = send_for(therapist_client, app, route, homework)

    assert response.status_code == 302
    assert database_state(app, homework.client_id) != before
    events = [
        (event.action, event.details)
        for event in audit_events_since(app, last_id)
        if event.action != "client.viewed"
    ]
    expected = OWNER_EFFECTS[route.endpoint]
    assert [action for action, _ in events] == [action for action, _ in expected]
    for (_, details), (_, expected_details) in zip(events, expected, strict=True):
        assert expected_details.items() <= details.items(), "the form's values were used"


# The client's side: a link's cookie reaches its own assignment and nothing else


def intruders_answers() -> dict[str, str]:
    """What an intruder would try to store on someone else's homework."""
    return {
        **SAY_IT_ANSWERS,
        "f-trigger": "Written over by a stranger",
        "action": "submit",
        "submission_key": uuid4().hex,
    }


def send_to_page(browser, method: str, homework: Homework):
    if method == "GET":
        return browser.get(homework.page)
    return browser.post(homework.page, data=intruders_answers())


def signed_cookie(secret_key: str, link_id: int) -> str:
    """A link cookie as the app makes it, signed with the given key."""
    return URLSafeTimedSerializer(secret_key, salt=COOKIE_SALT).dumps({"link": link_id})


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_link_cookie_cannot_open_another_assignment(
    app, therapist, make_user, make_homework, method
):
    mine, my_browser = make_homework(therapist)
    theirs, _ = make_homework(make_user(name="Ben Owner"), person="Ottoline")
    my_cookie = my_browser.get_cookie(COOKIE_NAME, path=mine.page).value
    assert my_browser.get(mine.page).status_code == 200, "the cookie works where it belongs"
    intruder = app.test_client()
    intruder.set_cookie(COOKIE_NAME, my_cookie, path=theirs.page)
    before = database_state(app, theirs.client_id)

    response = send_to_page(intruder, method, theirs)

    assert response.status_code == 404
    assert disclosed(response, theirs) == []
    assert database_state(app, theirs.client_id) == before, "their response is unchanged"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_clients_page_without_the_link_cookie_is_a_404(app, therapist, make_homework, method):
    homework, _ = make_homework(therapist)
    before = database_state(app, homework.client_id)

    response = send_to_page(app.test_client(), method, homework)

    assert response.status_code == 404
    assert disclosed(response, homework) == []
    assert database_state(app, homework.client_id) == before


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_link_cookie_signed_with_another_key_is_refused(app, therapist, make_homework, method):
    homework, _ = make_homework(therapist)
    genuine, forged = app.test_client(), app.test_client()
    genuine.set_cookie(
        COOKIE_NAME, signed_cookie(app.secret_key, homework.link_id), path=homework.page
    )
    forged.set_cookie(
        COOKIE_NAME, signed_cookie("not-the-clinics-key", homework.link_id), path=homework.page
    )
    before = database_state(app, homework.client_id)

    response = send_to_page(forged, method, homework)

    assert response.status_code == 404
    assert disclosed(response, homework) == []
    assert database_state(app, homework.client_id) == before
    assert genuine.get(homework.page).status_code == 200, "only the key differs"


def test_a_revoked_links_cookie_no_longer_opens_the_page(
    app, therapist_client, therapist, make_homework
):
    homework, browser = make_homework(therapist)
    assert browser.get(homework.page).status_code == 200
    revoked = therapist_client.post(
        f"/clients/{homework.client_id}/homework/{homework.assignment_id}/link/revoke"
    )
    assert revoked.status_code == 302
    before = database_state(app, homework.client_id)

    page = browser.get(homework.page)
    sent = browser.post(homework.page, data=intruders_answers())

    assert page.status_code == 404
    assert disclosed(page, homework) == []
    # A page left open when the link ended keeps what was typed on screen (410), stores nothing.
    assert sent.status_code == 410
    assert database_state(app, homework.client_id) == before
