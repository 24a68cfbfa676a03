"""Who may reach a client's questionnaires: the treating therapist, and nobody else.

The route table is read from the URL map, so a measure route added later is covered by every
test here without anyone remembering to list it.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import pytest
from flask import url_for
from werkzeug.routing import Map

from clinic.clients.models import Client
from clinic.content import get_content
from clinic.extensions import db
from clinic.measures import services
from clinic.measures.views import bp as measures_blueprint
from tests.clients.test_access import database_state
from tests.conftest import page_text
from tests.measures.conftest import PHQ9_ITEM9
from tests.routes import Route, blueprint_rules, route_ids, routes_in

IDS = {"client_id", "result_id", "request_id", "assignment_id"}


def measure_routes(url_map: Map) -> list[Route]:
    """Every `measures.` rule that takes a client id."""
    return routes_in(
        url_map,
        lambda rule: rule.endpoint.startswith("measures.") and "client_id" in rule.arguments,
    )


ROUTES = measure_routes(blueprint_rules(measures_blueprint))
GET_ROUTES = [route for route in ROUTES if route.method == "GET"]
OBJECT_ROUTES = [route for route in ROUTES if IDS - {"client_id"} & set(route.arguments)]

FORMS = {
    "measures.administer": {**PHQ9_ITEM9, "taken_on": date.today().isoformat()},
    "measures.send": {"measure": "gad-7"},
    "measures.add_to_homework": {"measure": "gad-7"},
    "measures.new_link": {},
    "measures.revoke_link": {},
    "measures.cancel": {},
    "measures.clear_flag": {},
}


def form_for(route: Route) -> dict[str, str]:
    """Form data the owner's browser would send: valid, so that it would change the record."""
    if route.endpoint in FORMS:
        return dict(FORMS[route.endpoint])
    # A route added later: offer every field above, so a missing check still does damage.
    return {key: value for form in FORMS.values() for key, value in form.items()}


@dataclass(frozen=True)
class MeasureRecord:
    client_id: int
    result_id: int
    request_id: int
    assignment_id: int
    identifying: tuple[str, ...]


@pytest.fixture
def make_measure_record(app, make_client, make_assignment, make_measure_result):
    """`make_measure_record(owner)`: a client flagged by a PHQ-9 (item 9 positive), with a
    GAD-7 sent alone by link and homework in progress."""

    def make(owner, *, name: str = "Zephyrine") -> MeasureRecord:
        client = make_client(owner, preferred_name=name, full_name=f"{name} Quillfeather")
        result = make_measure_result(
            client, "phq-9", total=12, taken_on=date(2026, 3, 3), self_harm=1
        )
        assignment, _ = make_assignment(client)
        with app.app_context():
            record = db.session.get(Client, client.id)
            sent, _ = services.send_measure(
                record, get_content().measures["gad-7"], by=record.therapist
            )
            db.session.commit()
            request_id = sent.id
        return MeasureRecord(
            client.id, result.id, request_id, assignment.id, (name, f"{name} Quillfeather")
        )

    return make


def send(browser, app, route: Route, record: MeasureRecord, **other_ids):
    ids = {
        "client_id": record.client_id,
        "result_id": record.result_id,
        "request_id": record.request_id,
        "assignment_id": record.assignment_id,
        "slug": "phq-9",
        **other_ids,
    }
    with app.test_request_context():
        # A new kind of id in a measure route fails here until it is handled.
        target = url_for(route.endpoint, **{name: ids[name] for name in route.arguments})
    if route.method == "GET":
        return browser.get(target)
    return browser.post(target, data=form_for(route))


def disclosed(response, record: MeasureRecord) -> list[str]:
    body = response.get_data(as_text=True)
    return [text for text in record.identifying if text in body]


def test_route_table_is_every_measure_route_in_the_apps_url_map(app):
    assert measure_routes(app.url_map) == ROUTES


def test_route_table_covers_administering_sending_and_the_flag():
    ids = route_ids(ROUTES)
    assert "POST /clients/<client_id>/measures/<slug>/new" in ids
    assert "POST /clients/<client_id>/measures/send" in ids
    assert "POST /clients/<client_id>/homework/<assignment_id>/measure" in ids
    assert "POST /clients/<client_id>/measures/flag/clear" in ids


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_other_therapist_gets_404_for_every_measure_route(
    app, therapist_client, make_user, make_measure_record, route
):
    record = make_measure_record(make_user(name="Ben Owner"))
    before = database_state(app, record.client_id)

    response = send(therapist_client, app, route, record)

    assert response.status_code == 404
    assert disclosed(response, record) == []
    assert database_state(app, record.client_id) == before


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_admin_gets_403_for_every_measure_route(
    app, admin_client, therapist, make_measure_record, route
):
    record = make_measure_record(therapist)
    before = database_state(app, record.client_id)

    response = send(admin_client, app, route, record)

    assert response.status_code == 403
    assert disclosed(response, record) == []
    assert database_state(app, record.client_id) == before


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_signed_out_visitor_is_sent_to_login_for_every_measure_route(
    app, client, therapist, make_measure_record, route
):
    record = make_measure_record(therapist)
    before = database_state(app, record.client_id)

    response = send(client, app, route, record)

    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert database_state(app, record.client_id) == before


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=route_ids(OBJECT_ROUTES))
@pytest.mark.parametrize("whose", ["another therapist's client", "my other client"])
def test_a_result_request_or_homework_must_belong_to_the_client_in_the_url(
    app, therapist_client, therapist, make_user, make_measure_record, route, whose
):
    mine = make_measure_record(therapist)
    owner = make_user(name="Ben Owner") if whose.startswith("another") else therapist
    other = make_measure_record(owner, name="Ottoline")
    before = database_state(app, other.client_id)

    response = send(
        therapist_client,
        app,
        route,
        mine,
        result_id=other.result_id,
        request_id=other.request_id,
        assignment_id=other.assignment_id,
    )

    assert response.status_code == 404
    assert disclosed(response, other) == []
    assert database_state(app, other.client_id) == before


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_owner_sending_the_same_request_is_served(
    app, therapist_client, therapist, make_measure_record, route
):
    record = make_measure_record(therapist)
    before = database_state(app, record.client_id)

    response = send(therapist_client, app, route, record)

    if route.method == "GET":
        assert response.status_code == 200
        assert "Zephyrine" in page_text(response)
    else:
        assert response.status_code == 302, "the form data above is what the owner would send"
        assert database_state(app, record.client_id) != before
