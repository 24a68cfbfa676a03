"""Who may print a client's documents: the treating therapist, and nobody else.

The route table is read from the URL map, so a document route added later is covered here
without anyone remembering to list it. Another therapist gets 404 (never a hint, never a PDF),
an admin 403, a signed-out browser the login page, and the owner the PDF itself, which proves
each row of the table is a live route and the refusals are not vacuous.

Also: each download is audited without client text, no PDF is cached by the browser, `?view=1`
opens in the browser, and printing an assignment's worksheet replaces its share link with the
one in the QR code.
"""

import json
import re
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
import segno
import sqlalchemy as sa
from flask import url_for
from PIL import Image
from werkzeug.routing import Map

from clinic.audit.models import AuditEvent
from clinic.content import get_content
from clinic.extensions import db
from clinic.pdf import views
from clinic.pdf.views import bp as documents_blueprint
from tests.conftest import page_text
from tests.pdf.conftest import PDF_MIME, PopulatedClient, assert_is_pdf, folded, pdf_text
from tests.routes import Route, blueprint_rules, routes_in

# Routes


def is_pdf(route: Route) -> bool:
    return route.rule.endswith(".pdf")


def document_routes(url_map: Map) -> list[Route]:
    """Every `documents.` rule."""
    return routes_in(url_map, lambda rule: rule.endpoint.startswith("documents."))


ROUTES = document_routes(blueprint_rules(documents_blueprint))
CLIENT_ROUTES = [route for route in ROUTES if "client_id" in route.arguments]
ASSIGNMENT_ROUTES = [route for route in ROUTES if "assignment_id" in route.arguments]
PDF_ROUTES = [route for route in ROUTES if is_pdf(route)]
# The documents of issue 5 that print a client's record; the table must hold at least these.
KNOWN_CLIENT_ROUTES = {
    "documents.personal_handout_pdf",
    "documents.assignment_worksheet_pdf",
    "documents.completed_homework_pdf",
    "documents.summary",
    "documents.summary_pdf",
    "documents.discharge_summary_pdf",
}


def ids(routes: list[Route]) -> list[str]:
    return [route.id for route in routes]


# Records and requests


@dataclass(frozen=True)
class Case:
    """The owner's populated client, an assignment still open, and the slugs to print."""

    populated: PopulatedClient
    open_assignment_id: int
    open_token: str
    handout_slug: str
    exercise_slug: str = "say-it-instead-of-checking"

    @property
    def client_id(self) -> int:
        return self.populated.client.id

    @property
    def identifying(self) -> list[str]:
        texts = self.populated.texts
        return [texts.preferred_name, texts.full_name, *texts.all()]


@pytest.fixture
def handout_slug(app) -> str:
    with app.app_context():
        slugs = sorted(get_content().handouts)
    if not slugs:
        pytest.skip("content/handouts/ holds no handouts yet")
    return slugs[0]


@pytest.fixture
def case(populated, assign_exercise, handout_slug) -> Case:
    assignment, token = assign_exercise(populated.client, "say-it-instead-of-checking")
    return Case(populated, assignment.id, token, handout_slug)


def url(app, route: Route, case: Case, *, client_id: int | None = None, **query) -> str:
    """The route's URL for the case. A POST to an assignment prints it afresh with a new link,
    so it takes the open assignment; a GET prints what was submitted. A new kind of id in a
    document route fails here until it is handled."""
    values = {
        "client_id": client_id or case.client_id,
        "assignment_id": (
            case.open_assignment_id if route.method == "POST" else case.populated.say_it.id
        ),
        "slug": case.exercise_slug if route.rule.startswith("/exercises/") else case.handout_slug,
    }
    with app.test_request_context():
        return url_for(route.endpoint, **{name: values[name] for name in route.arguments}, **query)


def form_for(route: Route) -> dict[str, str]:
    """Valid form data, so that a missing check would do what the owner's form does."""
    today = date.today()
    forms = {
        "documents.summary": {
            "period_start": (today - timedelta(days=30)).isoformat(),
            "period_end": today.isoformat(),
            "version": "client",
            "narrative": "Written by someone else",
            "client_message": "From someone else",
        },
        "documents.personal_handout_pdf": {"note": "A note from someone else"},
    }
    return forms.get(route.endpoint, {})


def send(browser, app, route: Route, case: Case, *, client_id: int | None = None, **query):
    target = url(app, route, case, client_id=client_id, **query)
    if route.method == "GET":
        return browser.get(target)
    return browser.post(target, data=form_for(route))


def assert_not_a_pdf(response) -> None:
    assert response.mimetype != PDF_MIME
    assert not response.data.lstrip().startswith(b"%PDF")


def database_state(app) -> dict:
    """Every row of every table except the audit log."""
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
            if table.name != AuditEvent.__tablename__
        }


def downloads(app) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(AuditEvent)
                .where(AuditEvent.action == "pdf.downloaded")
                .order_by(AuditEvent.id)
            )
        )


# The route table


def test_the_route_table_is_the_real_apps_and_covers_every_client_document(app):
    assert document_routes(app.url_map) == ROUTES, "the documents blueprint is not registered"
    assert {route.endpoint for route in CLIENT_ROUTES} >= KNOWN_CLIENT_ROUTES
    assert {route.endpoint for route in ASSIGNMENT_ROUTES} >= {
        "documents.assignment_worksheet_pdf",
        "documents.completed_homework_pdf",
    }


# Who gets what


@pytest.mark.parametrize("route", CLIENT_ROUTES, ids=ids(CLIENT_ROUTES))
def test_another_therapist_gets_404_never_a_pdf_and_changes_nothing(
    app, route, case, make_user, login_as
):
    stranger = login_as(make_user(name="Other Therapist"))
    before = database_state(app)

    response = send(stranger, app, route, case)

    assert response.status_code == 404
    assert_not_a_pdf(response)
    assert not [text for text in case.identifying if text in response.text]
    assert database_state(app) == before, "nothing is saved, no link is revoked or issued"


@pytest.mark.parametrize("route", ASSIGNMENT_ROUTES, ids=ids(ASSIGNMENT_ROUTES))
def test_another_therapist_cannot_reach_an_assignment_through_their_own_client(
    app, route, case, make_user, make_client, login_as
):
    other = make_user(name="Other Therapist")
    own_client = make_client(other)
    stranger = login_as(other)
    before = database_state(app)

    response = send(stranger, app, route, case, client_id=own_client.id)

    assert response.status_code == 404
    assert_not_a_pdf(response)
    assert database_state(app) == before


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_an_admin_gets_403(app, route, case, admin_client):
    response = send(admin_client, app, route, case)
    assert response.status_code == 403
    assert_not_a_pdf(response)


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_a_signed_out_browser_is_sent_to_the_login_page(app, route, case, client):
    response = send(client, app, route, case)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"
    assert_not_a_pdf(response)


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_the_owner_gets_the_document(app, route, case, therapist_client):
    response = send(therapist_client, app, route, case)
    if is_pdf(route):
        assert_is_pdf(response)
    elif route.method == "GET":
        assert response.status_code == 200
        assert response.mimetype == "text/html"
    else:
        assert response.status_code == 302, "the owner's form is saved and redirects"


def test_the_caseload_report_lists_only_the_therapists_own_clients(
    case, make_user, make_client, login_as
):
    other = make_user(name="Other Therapist")
    make_client(other, preferred_name="Wilhelmina", full_name="Wilhelmina Ashdown")

    text = folded(pdf_text(assert_is_pdf(login_as(other).get("/caseload-report.pdf"))))

    assert "Wilhelmina" in text
    assert case.populated.texts.full_name not in text
    assert case.populated.texts.preferred_name not in text


def test_the_handouts_page_does_not_show_another_therapists_client(case, make_user, login_as):
    stranger = login_as(make_user(name="Other Therapist"))
    response = stranger.get(f"/handouts?client={case.client_id}")
    assert response.status_code == 404
    assert case.populated.texts.full_name not in response.text


# Downloads: audited, not cached, opened or saved


@pytest.mark.parametrize("route", PDF_ROUTES, ids=ids(PDF_ROUTES))
def test_every_download_is_audited_without_client_text(
    app, route, case, therapist, therapist_client
):
    before = downloads(app)

    assert_is_pdf(send(therapist_client, app, route, case))

    new = downloads(app)[len(before) :]
    assert len(new) == 1, "one pdf.downloaded event per download"
    (event,) = new
    assert event.actor_user_id == therapist.id
    assert set(event.details) <= {"document"}
    assert all(re.fullmatch(r"[a-z_]+", str(value)) for value in event.details.values())
    recorded = json.dumps(event.details) + str(event.actor_label)
    assert not [text for text in case.identifying if text in recorded]
    if "client_id" in route.arguments:
        assert (event.object_type, event.object_id) in {
            ("client", case.client_id),
            ("assignment", case.open_assignment_id),
            ("assignment", case.populated.say_it.id),
        }


@pytest.mark.parametrize("route", PDF_ROUTES, ids=ids(PDF_ROUTES))
def test_pdfs_are_never_cached_and_open_inline_only_when_asked(app, route, case, therapist_client):
    download = send(therapist_client, app, route, case)
    opened = send(therapist_client, app, route, case, view=1)

    for response in (download, opened):
        assert_is_pdf(response)
        assert response.headers["Cache-Control"] == "no-store"
        filename = re.search(r'filename="([^"]+)"', response.headers["Content-Disposition"])[1]
        assert filename.endswith(".pdf")
        assert not [text for text in case.identifying if text.lower() in filename.lower()]
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert opened.headers["Content-Disposition"].startswith("inline;")


# Printing an assignment's worksheet issues a new link, shown as a QR code


def qr_modules(content: bytes, tmp_path, size: int) -> list[list[bool]]:
    """The QR code drawn at the top right of page 1, read back module by module.

    Page 1 is rasterised; the QR code is the only pure black there (text is dark grey), so its
    bounding box is the symbol without its quiet zone, `size` modules wide."""
    pdf, prefix = str(tmp_path / "worksheet.pdf"), str(tmp_path / "page")
    (tmp_path / "worksheet.pdf").write_bytes(content)
    options = ["-r", "300", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile"]
    subprocess.run(
        ["pdftoppm", *options, pdf, prefix],
        check=True,
        timeout=60,
    )
    page = Image.open(tmp_path / "page.png").convert("L")
    width, height = page.size
    corner = page.crop((width // 2, 0, width, height // 3))
    box = corner.point(lambda v: 255 if v < 16 else 0).getbbox()
    assert box, "no QR code at the top right of page 1"
    left, top, right, bottom = box
    module = (right - left) / size
    assert abs((bottom - top) / size - module) < 1, "the QR code is square"
    return [
        [
            corner.getpixel((int(left + (x + 0.5) * module), int(top + (y + 0.5) * module))) < 128
            for x in range(size)
        ]
        for y in range(size)
    ]


def test_printing_a_worksheet_replaces_the_link_with_the_one_in_its_qr_code(
    app, case, therapist_client, monkeypatch, tmp_path
):
    assert app.test_client().get(f"/h/{case.open_token}").status_code == 302, "live before"
    printed_urls = []
    real_share_url = views.share_url

    def recording_share_url(token: str) -> str:
        printed_urls.append(real_share_url(token))
        return printed_urls[-1]

    monkeypatch.setattr(views, "share_url", recording_share_url)
    target = f"/clients/{case.client_id}/homework/{case.open_assignment_id}/worksheet.pdf"

    content = assert_is_pdf(therapist_client.post(target))

    old = app.test_client().get(f"/h/{case.open_token}")
    assert old.status_code == 404
    assert "This link is not active" in page_text(old)
    (new_url,) = printed_urls
    assert new_url.startswith(app.config["CLINIC_BASE_URL"].rstrip("/") + "/h/")
    assert app.test_client().get(urlsplit(new_url).path).status_code == 302, "the new link works"

    expected = segno.make(new_url, error="m")
    size = expected.symbol_size(border=0)[0]
    drawn = qr_modules(content, tmp_path, size)
    assert drawn == [[bool(bit) for bit in row] for row in expected.matrix], (
        "the QR code on page 1 is the new link"
    )
    assert "Scan to fill this in on your phone" in folded(pdf_text(content))


def test_the_blank_worksheet_has_no_qr_code(case, therapist_client, tmp_path):
    content = assert_is_pdf(therapist_client.get(f"/exercises/{case.exercise_slug}/worksheet.pdf"))
    with pytest.raises(AssertionError, match="no QR code"):
        qr_modules(content, tmp_path, 25)
