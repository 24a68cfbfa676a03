"""Every form needs its CSRF token, no GET changes data, no route takes PUT, PATCH or DELETE.

The routes are read from the URL map, so a route added later is checked by every test here.
Each request is sent by the one who may send it (the signed-in therapist who owns the ids in
the URL, an admin for /admin, the client's browser for /h), with valid data: without the
CSRF check, the refused requests below would change the record.
"""

import re
from datetime import date
from functools import cached_property
from urllib.parse import urlsplit

import pyotp
import pytest
import sqlalchemy as sa
from flask import Flask, url_for
from werkzeug.routing import Map

from clinic import register_blueprints
from clinic.audit.models import AuditEvent
from clinic.auth.models import User
from clinic.clients.models import Client
from clinic.content import get_content
from clinic.extensions import db
from clinic.homework.models import Assignment
from clinic.measures import services as measures
from tests.clients.test_access import NEEDS_DISCHARGED_CLIENT, Record, discharge
from tests.clients.test_access import form_for as client_form
from tests.conftest import DEFAULT_PASSWORD, next_totp_code, page_text
from tests.homework.conftest import SAY_IT_ANSWERS
from tests.homework.test_access import NEEDS_SUBMITTED, make_homework  # noqa: F401 (a fixture)
from tests.homework.test_access import form_for as homework_form
from tests.measures.conftest import PHQ9_ELEVEN
from tests.measures.test_access import form_for as measures_form
from tests.routes import Route, route_ids, routes_in

# Routes

BROWSER_METHODS = {"GET", "POST"}
NEVER_ACCEPTED = {"PUT", "PATCH", "DELETE"}


def app_routes(url_map: Map) -> list[Route]:
    """Every rule of the app."""
    return routes_in(url_map)


def _collected_routes() -> list[Route]:
    # Parameters are fixed before the session's app exists: the table is read from an app with
    # the same blueprints (and, named after the package, the same static route). The first
    # test below proves it is the real app's table.
    probe = Flask("clinic")
    register_blueprints(probe)
    return app_routes(probe.url_map)


ROUTES = _collected_routes()
POST_ROUTES = [route for route in ROUTES if route.method == "POST"]
RULES = sorted({route.rule: route for route in ROUTES}.values(), key=lambda route: route.rule)

# GETs that write to the audit log, and what. Every look at a client's record is audited
# (DESIGN §7; HIPAA 164.312(b)), and so is every PDF downloaded; the events name the record and
# the page or document, never clinical text.
VIEWED = ["client.viewed"]
DOWNLOADED = ["pdf.downloaded"]
AUDITED_GETS = {
    "clients.client_page": VIEWED,
    "clients.edit_client": VIEWED,
    "clients.discharge": VIEWED,
    "clients.intake": VIEWED,
    "clients.intake_history": VIEWED,
    "clients.export_json": VIEWED,
    "clients.erase": VIEWED,
    "homework.assignment": VIEWED,
    "measures.overview": VIEWED,
    "measures.administer": VIEWED,
    "measures.result": VIEWED,
    "measures.sent": VIEWED,
    "documents.record_pdf": VIEWED + DOWNLOADED,
    "documents.handout_pdf": DOWNLOADED,
    "documents.blank_worksheet_pdf": DOWNLOADED,
    "documents.completed_homework_pdf": DOWNLOADED,
    "documents.summary_pdf": DOWNLOADED,
    "documents.discharge_summary_pdf": DOWNLOADED,
    "documents.caseload_report_pdf": DOWNLOADED,
}
# Opening a share link counts the visit on the link (first and last opened, how often), so the
# therapist can see it arrived, and audits it with the link as actor; tested on its own below.
OPENS_A_LINK = "public.open_link"
# Files, not pages.
STATIC = "static"

GET_ROUTES = [route for route in ROUTES if route.method == "GET" and route.endpoint != STATIC]
GET_ROUTES_WRITING_NO_TABLE = [route for route in GET_ROUTES if route.endpoint != OPENS_A_LINK]

# Who sends the request: the one who may.
SIGNED_OUT = {"auth.login", "health.healthz"}
# Routes that need the homework submitted to do what they are for.
SUBMITTED_HOMEWORK = NEEDS_SUBMITTED | {"documents.completed_homework_pdf"}

NEW_PASSWORD = "a-brand-new-passphrase-73"


# Routes for someone between the password and the second factor, and for someone whose
# account has two-factor sign-in on.
HALF_SIGNED_IN = {"auth.second_factor"}
NEEDS_TWO_FACTOR_ON = {"auth.regenerate_recovery_codes", "auth.disable_two_factor"}


def sender(route: Route) -> str:
    if route.endpoint in HALF_SIGNED_IN:
        return "half signed in"
    if route.endpoint in NEEDS_TWO_FACTOR_ON:
        return "owner with two-factor"
    if route.rule.startswith("/admin/"):
        return "admin"
    if route.rule.startswith("/h/"):
        return "the client"
    if route.endpoint in SIGNED_OUT:
        return "signed out"
    return "owner"


class World:
    """Everything a route can name, owned by the signed-in therapist, each made on first use:
    a client with a goal and homework in progress, submitted homework, a discharged client,
    colleagues' accounts; and the browser of each kind of sender."""

    def __init__(self, app, request):
        self.app = app
        self._fixture = request.getfixturevalue

    @cached_property
    def therapist(self) -> User:
        return self._fixture("therapist")

    def browser(self, who: str):
        if who == "owner":
            return self.owners_browser
        if who == "admin":
            return self.admins_browser
        if who == "the client":
            return self.homework[1]
        if who == "half signed in":
            return self.half_signed_in_browser
        if who == "owner with two-factor":
            return self.two_factor_browser
        return self.app.test_client()

    @cached_property
    def two_factor_therapist(self) -> User:
        return self._fixture("make_user")(name="Tess Twofactor", two_factor=True)

    @cached_property
    def two_factor_browser(self):
        return self._fixture("login_as")(self.two_factor_therapist)

    @cached_property
    def half_signed_in_browser(self):
        browser = self.app.test_client()
        browser.login(self.two_factor_therapist.email, second_factor=False)
        return browser

    def next_code(self) -> str:
        return next_totp_code(self.app, self.two_factor_therapist.email)

    def enrolment_code(self) -> str:
        """A code from the secret the owner's enrolment page shows."""
        page = self.owners_browser.get("/account/two-factor")
        secret = re.search(r'id="totp-key">([A-Z2-7 ]+)<', page.text).group(1)
        return pyotp.TOTP(secret.replace(" ", "")).now()

    @cached_property
    def owners_browser(self):
        return self._fixture("login_as")(self.therapist)

    @cached_property
    def admins_browser(self):
        return self._fixture("login_as")(self._fixture("admin"))

    @cached_property
    def homework(self):
        """(Homework, the client's browser holding its link's cookie): a draft in progress."""
        return self._fixture("make_homework")(self.therapist)

    @cached_property
    def submitted(self):
        return self._fixture("make_homework")(self.therapist, person="Ottoline", submitted=True)[0]

    def homework_for(self, route: Route):
        return self.submitted if route.endpoint in SUBMITTED_HOMEWORK else self.homework[0]

    @cached_property
    def record(self) -> Record:
        """The client of the homework in progress, with a goal, as the clients' access tests
        describe a client."""
        homework = self.homework[0]
        with self.app.app_context():
            client = db.session.get(Client, homework.client_id)
        goal = self._fixture("make_goal")(client)
        return Record(client.id, goal.id, client.full_name, homework.identifying)

    @cached_property
    def discharged_client_id(self) -> int:
        client = self._fixture("make_client")(self.therapist)
        discharge(self.app, client)
        return client.id

    @cached_property
    def colleague_id(self) -> int:
        return self._fixture("make_user")(name="Ben Colleague").id

    @cached_property
    def inactive_colleague_id(self) -> int:
        colleague = self._fixture("make_user")(name="Ida Inactive")
        deactivated = self.admins_browser.post(f"/admin/users/{colleague.id}/deactivate")
        assert deactivated.status_code == 302
        return colleague.id

    def ids(self, route: Route) -> dict:
        """Ids for the route's URL that make its request do what it is for."""
        ids: dict = {}
        for name in route.arguments:
            if name == "client_id" and route.endpoint == "measures.clear_flag":
                ids[name] = self.flagged_client_id
            elif name == "client_id" and route.endpoint in NEEDS_DISCHARGED_CLIENT:
                ids[name] = self.discharged_client_id
            elif name == "client_id" and route.endpoint in SUBMITTED_HOMEWORK:
                ids[name] = self.submitted.client_id
            elif name == "client_id":
                ids[name] = self.record.client_id
            elif name == "assignment_id":
                ids[name] = self.homework_for(route).assignment_id
            elif name == "goal_id":
                ids[name] = self.record.goal_id
            elif name == "link_id":
                ids[name] = self.homework[0].link_id
            elif name == "user_id" and route.endpoint == "admin.reactivate":
                ids[name] = self.inactive_colleague_id
            elif name == "user_id":
                ids[name] = self.colleague_id
            elif name == "token":
                ids[name] = self.token
            elif name == "request_id" and route.endpoint == "public.answer_measure":
                ids[name] = self.measure_on_homework
            elif name == "request_id":
                ids[name] = self.measure_sent_alone
            elif name == "result_id":
                ids[name] = self.measure_result_id
            elif name == "slug" and "/measures/" in route.rule:
                ids[name] = "phq-9"
            elif name == "slug" and "/handouts/" in route.rule:
                ids[name] = self.handout
            elif name == "slug":
                ids[name] = "thought-record"
            elif name == "filename":
                ids[name] = "css/app.css"
            else:
                raise AssertionError(f"{route.id}: say above which {name} to send")
        return ids

    @cached_property
    def flagged_client_id(self) -> int:
        """A client whose PHQ-9 item 9 raised the safety flag."""
        client = self._fixture("make_client")(self.therapist)
        self._fixture("make_measure_result")(
            client, "phq-9", total=12, taken_on=date.today(), self_harm=1
        )
        return client.id

    @cached_property
    def measure_result_id(self) -> int:
        return self._fixture("make_measure_result")(
            self._client_of_record(), "gad-7", total=9, taken_on=date.today()
        ).id

    def _client_of_record(self) -> Client:
        with self.app.app_context():
            return db.session.get(Client, self.record.client_id)

    @cached_property
    def measure_sent_alone(self) -> int:
        """A GAD-7 sent to the record's client on a live link of its own."""
        with self.app.app_context():
            client = db.session.get(Client, self.record.client_id)
            sent, _ = measures.send_measure(
                client, get_content().measures["gad-7"], by=client.therapist
            )
            db.session.commit()
            return sent.id

    @cached_property
    def measure_on_homework(self) -> int:
        """A PHQ-9 sent on the link of the homework in progress."""
        with self.app.app_context():
            assignment = db.session.get(Assignment, self.homework[0].assignment_id)
            sent = measures.add_to_assignment(
                assignment, get_content().measures["phq-9"], by=assignment.created_by
            )
            db.session.commit()
            return sent.id

    @cached_property
    def handout(self) -> str:
        with self.app.app_context():
            return next(iter(get_content().handouts))

    @cached_property
    def token(self) -> str:
        """A live share link's token, for the one route that takes it."""
        with self.app.app_context():
            client = db.session.get(Client, self.record.client_id)
        _, token = self._fixture("make_assignment")(client, slug="thought-record")
        return token

    def form(self, route: Route) -> dict:
        """Valid form data for the route's POST: it would change something."""
        if route.endpoint.startswith("clients."):
            return client_form(route, self.record)
        if route.endpoint.startswith("homework."):
            return homework_form(route)
        if route.endpoint.startswith("measures."):
            return measures_form(route)
        forms = {
            "auth.login": lambda: {"email": self.therapist.email, "password": DEFAULT_PASSWORD},
            "auth.logout": dict,
            "auth.second_factor": lambda: {"code": self.next_code()},
            "auth.sign_out_everywhere": dict,
            "auth.two_factor_setup": lambda: {"code": self.enrolment_code()},
            "auth.regenerate_recovery_codes": lambda: {"regenerate-code": self.next_code()},
            "auth.disable_two_factor": lambda: {"disable-code": self.next_code()},
            "admin.reset_two_factor": dict,
            "auth.change_password": lambda: {
                "current": DEFAULT_PASSWORD,
                "password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
            "admin.new_user": lambda: {
                "name": "Cleo Newcomer",
                "email": "cleo@example.org",
                "password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
            "admin.deactivate": dict,
            "admin.reactivate": dict,
            "admin.reset_password": dict,
            "admin_clients.reassign": lambda: {"therapist_id": self.colleague_id},
            "admin_clients.reassign_caseload": lambda: {
                "from_therapist_id": self.therapist.id,
                "to_therapist_id": self.colleague_id,
            },
            "settings.edit": lambda: {
                "clinic_name": "Harbour Street Practice",
                "address": "2 Harbour Street",
                "crisis_text": "Call 112 in an emergency.",
                "paper_size": "letter",
            },
            "public.save": lambda: {**SAY_IT_ANSWERS, "action": "save"},
            "public.answer_measure": lambda: dict(PHQ9_ELEVEN),
            "documents.personal_handout_pdf": lambda: {"note": "Read this before Tuesday"},
            "documents.assignment_worksheet_pdf": dict,
            "documents.summary": lambda: {
                "period_start": "2026-01-01",
                "period_end": date.today().isoformat(),
                "version": "clinical",
                "narrative": "Steady progress with the checking urges",
            },
        }
        assert route.endpoint in forms, f"{route.id}: say above what its form sends"
        return forms[route.endpoint]()

    def prepare(self, route: Route):
        """(browser, url, form data): everything made before the database is looked at."""
        # Made outside the request context below: requests sent inside it would share its `g`.
        ids, browser = self.ids(route), self.browser(sender(route))
        data = self.form(route) if route.method == "POST" else None
        with self.app.test_request_context():
            target = url_for(route.endpoint, **ids)
        return browser, target, data


@pytest.fixture
def world(app, request) -> World:
    return World(app, request)


def tables(app) -> dict[str, list[dict]]:
    """Every row of every table, the audit log included."""
    with app.app_context():
        db.session.expire_all()
        return {
            table.name: [
                dict(row)
                for row in db.session.execute(
                    sa.select(table).order_by(*table.primary_key.columns)
                ).mappings()
            ]
            for table in db.metadata.sorted_tables
        }


def without_audit_log(state: dict) -> dict:
    return {name: rows for name, rows in state.items() if name != AuditEvent.__tablename__}


def without_links(state: dict) -> dict:
    return {name: rows for name, rows in without_audit_log(state).items() if name != "share_links"}


def new_audit_actions(before: dict, after: dict) -> list[str]:
    seen = {row["id"] for row in before[AuditEvent.__tablename__]}
    return [row["action"] for row in after[AuditEvent.__tablename__] if row["id"] not in seen]


CSRF_REFUSAL = "This form has expired"


def other_browsers_token(app) -> str:
    """A CSRF token that is valid, but for someone else's session (an attacker's own)."""
    return app.test_client().csrf_token()


# The route table


def test_route_table_is_every_route_in_the_apps_url_map(app):
    assert app_routes(app.url_map) == ROUTES


def test_route_table_has_the_forms_of_every_part_of_the_app():
    posts = route_ids(POST_ROUTES)
    for expected in (
        "POST /login",
        "POST /logout",
        "POST /admin/users/<user_id>/deactivate",
        "POST /clients/<client_id>/erase",
        "POST /clients/<client_id>/goals/<goal_id>/ratings",
        "POST /clients/<client_id>/homework/<assignment_id>/review",
        "POST /h/s/<link_id>",
        "POST /clients/<client_id>/homework/<assignment_id>/worksheet.pdf",
    ):
        assert expected in posts


# Methods


def test_no_route_accepts_put_patch_or_delete(app):
    assert [
        (rule.rule, sorted(rule.methods & NEVER_ACCEPTED))
        for rule in app.url_map.iter_rules()
        if rule.methods & NEVER_ACCEPTED
    ] == []
    assert {route.method for route in ROUTES} == BROWSER_METHODS


@pytest.mark.parametrize("route", RULES, ids=[route.rule for route in RULES])
def test_put_patch_and_delete_are_refused_on_every_url(app, world, route):
    browser, target, _ = world.prepare(Route(route.endpoint, route.rule, "GET", route.arguments))
    before = tables(app)

    statuses = [browser.open(target, method=method).status_code for method in NEVER_ACCEPTED]

    assert statuses == [405] * len(NEVER_ACCEPTED)
    assert tables(app) == before


# CSRF


# The client's page answers a stale token by showing the form again with what was typed.
CLIENT_PAGE_REFUSALS = {
    "public.save": "This page was open for a long time, so nothing was saved yet.",
    "public.answer_measure": "This page was open for a long time, so nothing was sent yet.",
}


def refusal_for(route) -> str:
    return CLIENT_PAGE_REFUSALS.get(route.endpoint, CSRF_REFUSAL)


@pytest.mark.parametrize("token", ["no token", "another browser's token"])
@pytest.mark.parametrize("route", POST_ROUTES, ids=route_ids(POST_ROUTES))
def test_every_form_is_refused_without_its_csrf_token(app, world, route, token):
    browser, target, data = world.prepare(route)
    if token == "another browser's token":
        data = {**data, "csrf_token": other_browsers_token(app)}
    before = tables(app)

    response = browser.post(target, data=data, csrf=False)

    assert response.status_code == 400
    assert refusal_for(route) in page_text(response), "refused by the CSRF check, not the form"
    assert tables(app) == before, "nothing written, not even to the audit log"


@pytest.mark.parametrize("route", POST_ROUTES, ids=route_ids(POST_ROUTES))
def test_the_same_form_with_its_token_is_accepted(app, world, route):
    browser, target, data = world.prepare(route)
    before = tables(app)

    response = browser.post(target, data=data)

    assert response.status_code in (200, 302), "past the CSRF check, and the form was valid"
    assert tables(app) != before, "so the request refused above would have changed something"


# GET reads


@pytest.mark.parametrize(
    "route", GET_ROUTES_WRITING_NO_TABLE, ids=route_ids(GET_ROUTES_WRITING_NO_TABLE)
)
def test_a_get_changes_no_table_but_the_audit_log(app, world, route):
    browser, target, _ = world.prepare(route)
    before = tables(app)

    response = browser.get(target)

    assert response.status_code == 200, "the page was served, so the check means something"
    after = tables(app)
    assert without_audit_log(after) == without_audit_log(before)
    expected = AUDITED_GETS.get(route.endpoint, [])
    assert new_audit_actions(before, after) == expected


def test_opening_a_share_link_only_counts_the_visit(app, world):
    route = next(route for route in GET_ROUTES if route.endpoint == OPENS_A_LINK)
    browser, target, _ = world.prepare(route)
    before = tables(app)

    response = browser.get(target)

    assert response.status_code == 302
    after = tables(app)
    assert without_links(after) == without_links(before)
    changed_columns = [
        sorted(column for column in new if new[column] != old[column])
        for old, new in zip(before["share_links"], after["share_links"], strict=True)
        if new != old
    ]
    assert changed_columns == [["first_opened_at", "last_opened_at", "open_count"]]
    assert new_audit_actions(before, after) == ["link.opened"]


# CSRF over HTTPS needs the Referer (Flask-WTF's strict referrer check): every page must let a
# form it holds send one to its own origin. DESIGN §7: `Referrer-Policy: same-origin`.
POLICIES_SENDING_A_SAME_ORIGIN_REFERER = {
    "same-origin",
    "origin",
    "strict-origin",
    "origin-when-cross-origin",
    "strict-origin-when-cross-origin",
    "no-referrer-when-downgrade",
    "unsafe-url",
}
PAGE_ROUTES = [pytest.param(route, id=route.id) for route in GET_ROUTES_WRITING_NO_TABLE]


@pytest.mark.parametrize("route", PAGE_ROUTES)
def test_every_page_lets_its_forms_send_a_same_origin_referer(world, route):
    browser, target, _ = world.prepare(route)

    response = browser.get(target)

    assert response.headers["Referrer-Policy"] in POLICIES_SENDING_A_SAME_ORIGIN_REFERER


HTTPS = "https://clinic.example"


def test_the_client_can_save_their_homework_over_https(app, world):
    browser = app.test_client()
    opened = browser.get(f"/h/{world.token}", base_url=HTTPS)
    page_path = urlsplit(opened.headers["Location"]).path
    page = browser.get(page_path, base_url=HTTPS)
    csrf_token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    # The Referer a browser sends with the page's form, as the page's policy allows.
    policy = page.headers["Referrer-Policy"]
    referer = {} if policy == "no-referrer" else {"Referer": HTTPS + page_path}

    response = browser.post(
        page_path,
        base_url=HTTPS,
        data={**SAY_IT_ANSWERS, "action": "save", "csrf_token": csrf_token},
        headers=referer,
        csrf=False,
    )

    assert response.status_code == 302
