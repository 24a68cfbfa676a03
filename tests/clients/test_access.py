"""Who may reach a client's record: the treating therapist, and nobody else.

The route table is read from the URL map, so a client route added later is covered by every
test here without anyone remembering to list it.
"""

import json
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import url_for
from werkzeug.routing import Map

from clinic.audit.models import AuditEvent
from clinic.auth.models import User
from clinic.clients import services
from clinic.clients.models import Client
from clinic.clients.views import bp as clients_blueprint
from clinic.extensions import db
from tests.conftest import page_text, page_text_but_request_id, reload
from tests.routes import Route, blueprint_rules, route_ids, routes_in

# Routes


def client_record_routes(url_map: Map) -> list[Route]:
    """Every `clients.` rule that takes a client id."""
    return routes_in(
        url_map, lambda rule: rule.endpoint.startswith("clients.") and "client_id" in rule.arguments
    )


ROUTES = client_record_routes(blueprint_rules(clients_blueprint))
GET_ROUTES = [route for route in ROUTES if route.method == "GET"]
GOAL_ROUTES = [route for route in ROUTES if "goal_id" in route.arguments]


# Records and requests

PROFILES = {
    "Zephyrine": {
        "preferred_name": "Zephyrine",
        "full_name": "Zephyrine Quillfeather",
        "email": "zq@example.net",
        "goal": "Tell Marguerite when the urge to check arrives",
        "reason": "Referred after the Lisbon weekend",
        "note": "Described the Lisbon weekend in detail",
    },
    "Ottoline": {
        "preferred_name": "Ottoline",
        "full_name": "Ottoline Brackenbury",
        "email": "ob@example.net",
        "goal": "Accept one compliment from Teodor without arguing",
        "reason": "Self-referred after the move to Oslo",
        "note": "Practised the compliment log with Teodor",
    },
}

# Endpoints whose request would change nothing unless the client is discharged first.
NEEDS_DISCHARGED_CLIENT = {"clients.reopen"}


@dataclass(frozen=True)
class Record:
    client_id: int
    goal_id: int
    full_name: str
    identifying: tuple[str, ...]


@pytest.fixture
def make_record(app, make_client, make_goal, make_intake, make_session_note):
    """`make_record(owner)`: a client with an intake, a goal and a session note."""

    def make(owner: User, *, profile: str = "Zephyrine", discharged: bool = False) -> Record:
        texts = PROFILES[profile]
        client = make_client(
            owner,
            preferred_name=texts["preferred_name"],
            full_name=texts["full_name"],
            email=texts["email"],
            pronouns="she/her",
        )
        goal = make_goal(client, texts["goal"])
        make_intake(client, {"reason": texts["reason"]})
        make_session_note(client, texts["note"])
        if discharged:
            with app.app_context():
                services.discharge(
                    db.session.get(Client, client.id), on=date.today(), reason="Moved away"
                )
                db.session.commit()
        return Record(client.id, goal.id, texts["full_name"], tuple(texts.values()))

    return make


def form_for(route: Route, record: Record) -> dict[str, str]:
    """Form data the owner's browser would send: valid, so that it would change the record."""
    today = date.today().isoformat()
    forms = {
        "clients.edit_client": {"preferred_name": "Renamed", "full_name": "Renamed Person"},
        "clients.discharge": {"discharged_on": today, "reason": "Moved away"},
        "clients.reopen": {},
        "clients.intake": {
            "reason": "Rewritten by someone",
            "safety_risk": "yes",
            "safety_plan": "Call the crisis line",
        },
        "clients.add_goal": {"description": "A goal someone else set"},
        "clients.rate_goal": {"score": "9", "rated_on": today},
        "clients.goal_status": {"status": "dropped"},
        "clients.add_note": {
            "session_date": today,
            "duration_minutes": "50",
            "attendance": "attended",
            "note": "A note someone else wrote",
        },
        # The exact full name: the one thing that stops an erase is the ownership check.
        "clients.erase": {"confirm_name": record.full_name},
    }
    if route.endpoint in forms:
        return forms[route.endpoint]
    # A route added later: offer every field above, so a missing check still does damage.
    return {key: value for form in forms.values() for key, value in form.items()}


def url(app, route: Route, *, client_id: int, goal_id: int) -> str:
    """The route's URL; a new kind of id in a client route fails here until it is handled."""
    ids = {"client_id": client_id, "goal_id": goal_id}
    with app.test_request_context():
        return url_for(route.endpoint, **{name: ids[name] for name in route.arguments})


def send(browser, app, route: Route, record: Record, *, goal_id: int | None = None):
    target = url(app, route, client_id=record.client_id, goal_id=goal_id or record.goal_id)
    if route.method == "GET":
        return browser.get(target)
    return browser.post(target, data=form_for(route, record))


def database_state(app, client_id: int) -> dict:
    """Every row of every table except the audit log, plus the audit events about the client."""
    with app.app_context():
        db.session.expire_all()
        state = {
            table.name: [
                dict(row)
                for row in db.session.execute(
                    sa.select(table).order_by(*table.primary_key.columns)
                ).mappings()
            ]
            for table in db.metadata.sorted_tables
            if table.name != AuditEvent.__tablename__
        }
        state["audit events about the client"] = db.session.execute(
            sa.select(AuditEvent.action, AuditEvent.actor_user_id, AuditEvent.details)
            .where(AuditEvent.object_type == "client", AuditEvent.object_id == client_id)
            .order_by(AuditEvent.id)
        ).all()
    return state


def assert_discloses_nothing(response, record: Record) -> None:
    body = response.get_data(as_text=True)
    assert [text for text in record.identifying if text in body] == []


# The route table


def test_route_table_is_every_client_route_in_the_apps_url_map(app):
    assert client_record_routes(app.url_map) == ROUTES


def test_route_table_covers_export_and_erase():
    ids = route_ids(ROUTES)
    assert "GET /clients/<client_id>/export.json" in ids
    assert "GET /clients/<client_id>/erase" in ids
    assert "POST /clients/<client_id>/erase" in ids
    assert "POST /clients/<client_id>/goals/<goal_id>/ratings" in ids


# Who is refused


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_other_therapist_gets_404_for_every_client_route(
    app, therapist_client, make_user, make_record, route
):
    owner = make_user(name="Ben Owner")
    record = make_record(owner, discharged=route.endpoint in NEEDS_DISCHARGED_CLIENT)
    before = database_state(app, record.client_id)

    response = send(therapist_client, app, route, record)

    assert response.status_code == 404, "another therapist's record is a 404, never a hint"
    assert_discloses_nothing(response, record)
    assert database_state(app, record.client_id) == before


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_another_therapists_client_looks_exactly_like_a_missing_one(
    app, therapist_client, make_user, make_record, route
):
    record = make_record(make_user(name="Ben Owner"))
    missing = Record(record.client_id + 1000, record.goal_id + 1000, "Nobody", ())

    theirs = send(therapist_client, app, route, record)
    absent = send(therapist_client, app, route, missing)

    assert (theirs.status_code, page_text_but_request_id(theirs)) == (
        absent.status_code,
        page_text_but_request_id(absent),
    )


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_admin_gets_403_for_every_client_route(app, admin_client, therapist, make_record, route):
    record = make_record(therapist, discharged=route.endpoint in NEEDS_DISCHARGED_CLIENT)
    before = database_state(app, record.client_id)

    response = send(admin_client, app, route, record)

    assert response.status_code == 403, "admins manage accounts, not clinical records"
    assert_discloses_nothing(response, record)
    assert database_state(app, record.client_id) == before


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_signed_out_visitor_is_sent_to_login_for_every_client_route(
    app, client, therapist, make_record, route
):
    record = make_record(therapist, discharged=route.endpoint in NEEDS_DISCHARGED_CLIENT)
    before = database_state(app, record.client_id)

    response = send(client, app, route, record)

    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert_discloses_nothing(response, record)
    assert database_state(app, record.client_id) == before


@pytest.mark.parametrize("route", GOAL_ROUTES, ids=route_ids(GOAL_ROUTES))
@pytest.mark.parametrize("whose_goal", ["another therapist's client", "my other client"])
def test_goal_id_must_belong_to_the_client_in_the_url(
    app, therapist_client, therapist, make_user, make_record, route, whose_goal
):
    mine = make_record(therapist)
    goal_owner = make_user(name="Ben Owner") if whose_goal.startswith("another") else therapist
    other = make_record(goal_owner, profile="Ottoline")
    before = database_state(app, other.client_id)

    response = send(therapist_client, app, route, mine, goal_id=other.goal_id)

    assert response.status_code == 404
    assert_discloses_nothing(response, other)
    assert database_state(app, other.client_id) == before


# What the owner gets (so the refusals above are not vacuous)


@pytest.mark.parametrize("route", GET_ROUTES, ids=route_ids(GET_ROUTES))
def test_owner_opens_every_client_page(app, therapist_client, therapist, make_record, route):
    record = make_record(therapist)

    response = send(therapist_client, app, route, record)

    assert response.status_code == 200
    assert "Zephyrine" in response.get_data(as_text=True)


@pytest.mark.parametrize("route", ROUTES, ids=route_ids(ROUTES))
def test_owner_sending_the_same_request_is_served(
    app, therapist_client, therapist, make_record, route
):
    record = make_record(therapist, discharged=route.endpoint in NEEDS_DISCHARGED_CLIENT)
    before = database_state(app, record.client_id)

    response = send(therapist_client, app, route, record)

    if route.method == "GET":
        assert response.status_code == 200
    else:
        assert response.status_code == 302, "the form data above is what the owner would send"
        assert database_state(app, record.client_id) != before


# Every view is audited

VIEW_ENDPOINTS = [
    "clients.client_page",
    "clients.intake",
    "clients.intake_history",
    "clients.export_json",
]


@pytest.mark.parametrize("endpoint", VIEW_ENDPOINTS)
def test_every_view_of_a_record_is_audited_without_the_clients_name(
    app, therapist_client, therapist, make_record, endpoint
):
    record = make_record(therapist)
    with app.app_context():
        last_id = db.session.scalar(sa.select(sa.func.max(AuditEvent.id)))

    route = next(r for r in GET_ROUTES if r.endpoint == endpoint)
    assert send(therapist_client, app, route, record).status_code == 200

    with app.app_context():
        views = db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.id > last_id, AuditEvent.action == "client.viewed"
            )
        ).all()
        assert [(e.object_type, e.object_id, e.actor_user_id) for e in views] == [
            ("client", record.client_id, therapist.id)
        ]
        details = json.dumps(views[0].details)
    assert [text for text in record.identifying if text in details] == []


# Admins move clients between caseloads


def therapist_ids(app, *clients) -> list[int]:
    with app.app_context():
        return [reload(Client, c.id).therapist_id for c in clients]


def audit_events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def discharge(app, client) -> None:
    with app.app_context():
        services.discharge(db.session.get(Client, client.id), on=date.today(), reason="Done")
        db.session.commit()


def test_admin_moves_one_client_and_the_move_is_audited(
    app, admin_client, admin, therapist, make_user, make_client
):
    new = make_user(name="Ben New")
    moving = make_client(therapist)
    staying = make_client(therapist)

    response = admin_client.post(
        f"/admin/clients/{moving.id}/reassign", data={"therapist_id": new.id}
    )

    assert response.status_code == 302
    assert therapist_ids(app, moving, staying) == [new.id, therapist.id]
    [event] = audit_events(app, "client.reassigned")
    assert (event.object_type, event.object_id, event.actor_user_id) == (
        "client",
        moving.id,
        admin.id,
    )
    assert event.details == {"from_user": therapist.id, "to_user": new.id}


def test_after_a_move_only_the_new_therapist_can_open_the_record(
    app, admin_client, therapist, make_user, make_client, login_as
):
    new = make_user(name="Ben New")
    moving = make_client(therapist)
    admin_client.post(f"/admin/clients/{moving.id}/reassign", data={"therapist_id": new.id})

    assert login_as(therapist).get(f"/clients/{moving.id}").status_code == 404
    assert login_as(new).get(f"/clients/{moving.id}").status_code == 200


def test_admin_moves_a_whole_caseload_active_and_discharged(
    app, admin_client, admin, therapist, make_user, make_client, login_as
):
    new = make_user(name="Ben New")
    bystander = make_user(name="Cleo Bystander")
    active, discharged = make_client(therapist), make_client(therapist)
    discharge(app, discharged)
    untouched = make_client(bystander)

    response = admin_client.post(
        "/admin/caseloads/reassign",
        data={"from_therapist_id": therapist.id, "to_therapist_id": new.id},
    )

    assert response.status_code == 302
    assert therapist_ids(app, active, discharged, untouched) == [new.id, new.id, bystander.id]
    [event] = audit_events(app, "caseload.reassigned")
    assert (event.object_type, event.object_id, event.actor_user_id) == (
        "user",
        therapist.id,
        admin.id,
    )
    assert event.details == {"to_user": new.id, "clients": 2}
    assert sorted(e.object_id for e in audit_events(app, "client.reassigned")) == sorted(
        [active.id, discharged.id]
    )
    assert login_as(therapist).get(f"/clients/{discharged.id}").status_code == 404
    assert login_as(new).get(f"/clients/{discharged.id}").status_code == 200


@pytest.mark.parametrize("what", ["one client", "a whole caseload"])
def test_therapist_cannot_reassign_clients(
    app, therapist_client, therapist, make_user, make_client, what
):
    colleague = make_user(name="Ben Colleague")
    mine, theirs = make_client(therapist), make_client(colleague)
    if what == "one client":
        # Pull a colleague's client onto my caseload.
        response = therapist_client.post(
            f"/admin/clients/{theirs.id}/reassign", data={"therapist_id": therapist.id}
        )
    else:
        response = therapist_client.post(
            "/admin/caseloads/reassign",
            data={"from_therapist_id": colleague.id, "to_therapist_id": therapist.id},
        )

    assert response.status_code == 403
    assert therapist_ids(app, mine, theirs) == [therapist.id, colleague.id]
    assert audit_events(app, "client.reassigned") == []
    assert audit_events(app, "caseload.reassigned") == []


@pytest.fixture
def inactive_therapist(app, make_user) -> User:
    user = make_user(name="Ida Inactive")
    with app.app_context():
        db.session.get(User, user.id).is_active_account = False
        db.session.commit()
    return user


@pytest.mark.parametrize("target", ["inactive therapist", "admin"])
@pytest.mark.parametrize("what", ["one client", "a whole caseload"])
def test_clients_cannot_be_moved_to_an_inactive_therapist_or_an_admin(
    app, admin_client, admin, therapist, inactive_therapist, make_client, what, target
):
    to = inactive_therapist if target == "inactive therapist" else admin
    client = make_client(therapist)
    if what == "one client":
        response = admin_client.post(
            f"/admin/clients/{client.id}/reassign",
            data={"therapist_id": to.id},
            follow_redirects=True,
        )
        assert "Choose an active therapist." in page_text(response)
    else:
        response = admin_client.post(
            "/admin/caseloads/reassign",
            data={"from_therapist_id": therapist.id, "to_therapist_id": to.id},
        )
        assert response.status_code == 400
        assert "Not a valid choice" in page_text(response)

    assert therapist_ids(app, client) == [therapist.id]
    assert audit_events(app, "client.reassigned") == []
    assert audit_events(app, "caseload.reassigned") == []


def test_reassign_service_refuses_an_inactive_therapist_or_an_admin(
    ctx, admin, therapist, inactive_therapist, make_client
):
    client = db.session.get(Client, make_client(therapist).id)
    by = db.session.get(User, admin.id)
    for to in (inactive_therapist, admin):
        with pytest.raises(services.ClientRuleError, match="Choose an active therapist"):
            services.reassign(client, to.id, by=by)
        with pytest.raises(services.ClientRuleError, match="Choose an active therapist"):
            services.reassign_caseload(therapist.id, to.id, by=by)
    assert client.therapist_id == therapist.id
