"""A client's share-link cookie opens that client's page and nothing else.

For every route of the app that names a record (an id or a token), GET and POST, a browser
holding only the cookie of a *different* assignment's link — sent to every path, as a
tampered browser would — sends exactly the request the route's owner sends. It is treated as
signed out on the therapists' and admins' routes, gets a 404 on another link's page, and the
token route follows its token, not the cookie. Nothing is written on the way.
"""

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from clinic.extensions import db
from clinic.homework.models import ShareLink
from clinic.homework.tokens import COOKIE_NAME, hash_token
from tests.homework.test_access import make_homework  # noqa: F401 (a fixture)
from tests.routes import route_ids
from tests.test_csrf_and_methods import (
    OPENS_A_LINK,
    ROUTES,
    tables,
    without_links,
    world,  # noqa: F401 (a fixture)
)

RECORD_ARGUMENTS = {
    "client_id",
    "assignment_id",
    "goal_id",
    "link_id",
    "request_id",
    "result_id",
    "user_id",
    "token",
}
RECORD_ROUTES = [route for route in ROUTES if RECORD_ARGUMENTS & set(route.arguments)]
CLIENT_PAGES = {"public.homework", "public.save", "public.answer_measure"}


@pytest.fixture
def other_links_browser(app, world):  # noqa: F811
    """A browser whose only credential is the link cookie of another assignment, on every path."""
    other, holder = world._fixture("make_homework")(world.therapist, person="Ottoline")
    cookie = holder.get_cookie(COOKIE_NAME, path=other.page).value
    browser = app.test_client()
    browser.set_cookie(COOKIE_NAME, cookie, path="/")
    assert browser.get(other.page).status_code == 200, "the cookie is genuine"
    return browser


def page_of_token(app, token: str) -> str:
    with app.app_context():
        link = db.session.scalar(
            sa.select(ShareLink).where(ShareLink.token_hash == hash_token(token))
        )
        return f"/h/s/{link.id}"


def test_the_table_covers_every_kind_of_record_route():
    ids = route_ids(RECORD_ROUTES)
    for expected in (
        "GET /clients/<client_id>",
        "POST /clients/<client_id>/erase",
        "GET /clients/<client_id>/homework/<assignment_id>/homework.pdf",
        "POST /admin/users/<user_id>/deactivate",
        "GET /h/<token>",
        "GET /h/s/<link_id>",
        "POST /h/s/<link_id>",
    ):
        assert expected in ids


@pytest.mark.parametrize("route", RECORD_ROUTES, ids=route_ids(RECORD_ROUTES))
def test_another_assignments_link_cookie_reaches_nothing(
    app,
    world,  # noqa: F811
    other_links_browser,
    route,
):
    browser = other_links_browser
    _, target, data = world.prepare(route)
    before = tables(app)

    response = browser.get(target) if route.method == "GET" else browser.post(target, data=data)

    after = tables(app)
    if route.endpoint == OPENS_A_LINK:
        # The token is the credential here: it opens its own page, never the cookie's.
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == page_of_token(app, world.token)
        assert without_links(after) == without_links(before)
    elif route.endpoint in CLIENT_PAGES:
        assert response.status_code == 404
        assert after == before
    else:
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == "/login"
        assert after == before
