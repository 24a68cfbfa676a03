"""Browser tests: the real app served over HTTP on 127.0.0.1, driven by Debian's headless Chromium.

The server runs the app in a background thread on a database of its own (a SQLite file, or a
fresh PostgreSQL database under `CLINIC_TEST_DATABASE=postgresql`) where commits are real, so
the browser and the test see the same rows. That app is the `isolated_app` fixture, overridden
here at session scope: a test that requests it is left out of the rolled-back transaction of
tests/conftest.py, which could not reach the server's thread anyway.

Chromium is found on PATH (`make system-deps` installs it). Without it the tests are skipped,
except under CI (`CI=true`), where they fail: CI must not go green without its browser tests.
"""

import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from werkzeug.serving import make_server

from clinic.auth.models import Role, User
from clinic.auth.services import create_user
from clinic.clients import services as client_services
from clinic.clients.models import Client
from clinic.config import PROJECT_ROOT
from clinic.content import get_content
from clinic.extensions import db
from clinic.homework import services as homework_services
from tests.conftest import DEFAULT_PASSWORD, TemporaryPostgresDatabase, backend, make_test_app

HERE = Path(__file__).parent
EVERY_FIELD = "every-field"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# Playwright's own waits are generous enough for a loaded 2-core machine, and short enough
# that a missing element fails the test quickly.
ACTION_TIMEOUT_MS = 10_000
expect.set_options(timeout=ACTION_TIMEOUT_MS)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = shutil.which("chromium")
    if path is None:
        message = "Debian's `chromium` is not on PATH; run `make system-deps` to install it"
        if in_ci():
            pytest.fail(f"{message}. CI=true, so the browser tests may not be skipped.")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def content_dir(tmp_path_factory) -> Path:
    """The repository's content/ plus `every-field.yaml`, an exercise with every field type."""
    target = tmp_path_factory.mktemp("browser-content") / "content"
    shutil.copytree(PROJECT_ROOT / "content", target)
    shutil.copy(HERE / f"{EVERY_FIELD}.yaml", target / "exercises" / f"{EVERY_FIELD}.yaml")
    return target


@pytest.fixture(scope="session")
def isolated_app(tmp_path_factory, content_dir) -> Iterator[Flask]:
    """One app for the browser session on a migrated database of its own; commits are real."""
    if backend() == "postgresql":
        database = TemporaryPostgresDatabase("clinic_browser")
    else:
        database = nullcontext(f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'clinic.db'}")
    with database as url:
        app = make_test_app(
            url,
            tmp_path_factory.mktemp("browser-instance"),
            CONTENT_DIR=content_dir,
            # Every test opens links and signs in from 127.0.0.1; the limits have tests of
            # their own (tests/homework/test_share_link.py, tests/auth).
            SHARE_LINK_RATE_LIMIT="10000 per minute",
            LOGIN_RATE_LIMIT="10000 per minute",
        )
        with app.app_context():
            upgrade()
        yield app
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: Flask


@pytest.fixture(scope="session")
def live_server(isolated_app) -> Iterator[LiveServer]:
    """The app served by werkzeug on a free port; share links are built from its address."""
    server = make_server("127.0.0.1", 0, isolated_app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    isolated_app.config["CLINIC_BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, name="clinic-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url, isolated_app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def browser(chromium_executable) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_context(live_server, browser) -> Iterator[Callable[..., BrowserContext]]:
    """`new_context(**options)`: a fresh browser profile (own cookies) aimed at the live server."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@dataclass(frozen=True)
class Therapist:
    id: int
    email: str
    name: str
    password: str = DEFAULT_PASSWORD


@dataclass(frozen=True)
class ClientRecord:
    id: int
    preferred_name: str


@pytest.fixture
def therapist(live_server) -> Therapist:
    """A therapist account, committed (each test has its own, so tests never share a caseload)."""
    email = f"therapist-{uuid.uuid4().hex[:8]}@example.org"
    with live_server.app.app_context():
        user = create_user(email, "Dr Ana Flores", DEFAULT_PASSWORD, role=Role.THERAPIST, by=None)
        db.session.commit()
        return Therapist(user.id, user.email, user.name)


@pytest.fixture
def client_record(live_server, therapist) -> ClientRecord:
    """A client on the therapist's caseload, committed."""
    with live_server.app.app_context():
        owner = db.session.get(User, therapist.id)
        record = client_services.create_client(
            owner, preferred_name="Robin", full_name="Robin Example"
        )
        db.session.commit()
        return ClientRecord(record.id, record.preferred_name)


@pytest.fixture
def share_link(live_server, client_record) -> Callable[..., str]:
    """`share_link(**fields)`: a new every-field assignment for the client, and its link.

    For tests about one page of the client's (accessibility); the end-to-end flow assigns
    through the therapist's pages instead.
    """

    def make(instructions: str = "Try this after Thursday's dinner.", due_on: date | None = None):
        with live_server.app.app_context():
            owner = db.session.get(Client, client_record.id)
            _, token = homework_services.assign(
                owner,
                get_content().exercises[EVERY_FIELD],
                instructions=instructions,
                due_on=due_on,
                by=owner.therapist,
            )
            db.session.commit()
        return f"{live_server.url}/h/{token}"

    return make


def screenshot(page: Page, name: str) -> None:
    """A full-page PNG into $CLINIC_SCREENSHOTS, when that is set (for looking at, not asserted)."""
    folder = os.environ.get("CLINIC_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    # Scrolled to the end, the sticky save/send bar is drawn where it sits in the page rather
    # than over the fields that were at the bottom of the screen.
    page.locator("footer.crisis").scroll_into_view_if_needed()
    page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
