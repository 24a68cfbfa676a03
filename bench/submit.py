"""Homework submitted under load, every submission sent twice (a double tap), then counted.

Each simulated client opens its next share link, loads the page, and posts the filled form
twice at once. A post is acknowledged when the app redirects to its "sent" confirmation. After
the run, what was acknowledged is compared with what the database holds: `tally` is that
comparison, kept free of I/O so it can be unit-tested.
"""

import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape

import sqlalchemy as sa

from bench.web import Browser, csrf_token
from clinic.audit.models import AuditEvent
from clinic.extensions import db
from clinic.homework.fields import answers_to_formdata
from clinic.homework.models import Response, ResponseStatus, ShareLink

SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')
REVISION = re.compile(r'name="revision" value="(\d+)"')
LINK_PAGE = re.compile(r"^/h/s/(\d+)$")


@dataclass(frozen=True)
class Attempt:
    """One double-tapped submission: the link, the page's key, and each post's outcome."""

    link_id: int
    key: str
    acknowledged: tuple[bool, ...]


@dataclass(frozen=True)
class Stored:
    """What the database holds for a link's assignment after the run."""

    submission_key: str | None  # of the submitted response; None when none is submitted
    times_submitted: int  # "response.submitted" audit events: one per stored submission


@dataclass(frozen=True)
class Tally:
    attempts: int
    acknowledged: int
    lost: int
    duplicated: int
    errors: int


def tally(attempts: Iterable[Attempt], stored: dict[int, Stored], failures: int = 0) -> Tally:
    """Acknowledged submissions missing from the database are lost; a submission stored more
    than once is duplicated; a post of a double tap that was not acknowledged, and a visit that
    failed before it could post (`failures`), is an error."""
    attempts = list(attempts)
    acknowledged = [a for a in attempts if any(a.acknowledged)]
    nothing = Stored(None, 0)
    lost = sum(1 for a in acknowledged if stored.get(a.link_id, nothing).submission_key != a.key)
    duplicated = sum(max(0, stored.get(a.link_id, nothing).times_submitted - 1) for a in attempts)
    errors = failures + sum(a.acknowledged.count(False) for a in attempts)
    return Tally(len(attempts), len(acknowledged), lost, duplicated, errors)


class SubmittingClient(threading.Thread):
    """Works through its own share links until the deadline."""

    def __init__(self, port: int, tokens: list[str], answers: dict, deadline: float):
        super().__init__(daemon=True)
        self.port, self.tokens, self.answers, self.deadline = port, tokens, answers, deadline
        self.attempts: list[Attempt] = []
        self.failures = 0

    def run(self) -> None:
        while self.tokens and time.monotonic() < self.deadline:
            try:
                self.attempts.append(self._submit(self.tokens.pop()))
            except (OSError, RuntimeError):
                self.failures += 1

    def _submit(self, token: str) -> Attempt:
        browser = Browser(self.port)
        status, location, _ = browser.get(f"/h/{token}")
        match = LINK_PAGE.match(location)
        if status != 302 or match is None:
            raise RuntimeError(f"share link answered {status}")
        status, _, page = browser.get(location)
        if status != 200:
            raise RuntimeError(f"homework page answered {status}")
        key = unescape(SUBMISSION_KEY.search(page).group(1))
        form = answers_to_formdata(self.answers["fields"], self.answers["values"])
        form = {field: form.getlist(field) for field in form}
        form.update(
            csrf_token=csrf_token(page),
            submission_key=key,
            revision=REVISION.search(page).group(1),
            action="submit",
        )
        outcomes = [False, False]

        def tap(index: int) -> None:
            try:
                status, target, _ = browser.post(location, form)
                outcomes[index] = status == 302 and target.endswith("saved=submit")
            except OSError:
                outcomes[index] = False

        taps = [threading.Thread(target=tap, args=(i,)) for i in range(2)]
        for thread in taps:
            thread.start()
        for thread in taps:
            thread.join()
        return Attempt(int(match.group(1)), key, tuple(outcomes))


def run_submissions(port: int, pools: list[list[str]], answers: dict, seconds: float):
    deadline = time.monotonic() + seconds
    clients = [SubmittingClient(port, pool, answers, deadline) for pool in pools]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    attempts = [attempt for client in clients for attempt in client.attempts]
    return attempts, sum(client.failures for client in clients)


def stored_submissions(link_ids: list[int]) -> dict[int, Stored]:
    """Per link: the submitted response's key and how many submissions the audit log records."""
    rows = db.session.execute(
        sa.select(ShareLink.id, ShareLink.assignment_id, Response.submission_key)
        .outerjoin(
            Response,
            sa.and_(
                Response.assignment_id == ShareLink.assignment_id,
                Response.status == ResponseStatus.SUBMITTED,
            ),
        )
        .where(ShareLink.id.in_(link_ids))
    ).all()
    events = dict(
        db.session.execute(
            sa.select(AuditEvent.object_id, sa.func.count())
            .where(AuditEvent.action == "response.submitted")
            .group_by(AuditEvent.object_id)
        ).all()
    )
    return {
        link_id: Stored(key, events.get(assignment_id, 0)) for link_id, assignment_id, key in rows
    }
