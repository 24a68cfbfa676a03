"""Figures measured inside one process through Flask's test client: the real views, the real
renderer, and plain WeasyPrint on the same HTML as the floor."""

import gc
import os
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

import sqlalchemy as sa
from flask import Flask

from bench.generate import Landmarks
from bench.web import csrf_token
from clinic.extensions import db
from clinic.pdf import renderer
from clinic.pdf.fetcher import ASSET_DIR
from clinic.pdf.renderer import static_documents

HANDOUT = "where-trust-issues-begin"  # the longest handout: three pages
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def logged_in(app: Flask, email: str, password: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    answer = client.post(
        "/login", data={"email": email, "password": password, "csrf_token": csrf_token(page)}
    )
    if answer.status_code != 302:
        raise RuntimeError(f"login as {email} answered {answer.status_code}")
    return client


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def fetch(client, path: str) -> bytes:
    answer = client.get(path)
    if answer.status_code != 200:
        raise RuntimeError(f"{path} answered {answer.status_code}")
    return answer.get_data()


def same_html(client, path: str) -> str:
    """The HTML the app hands to WeasyPrint for this document."""
    with mock.patch.object(renderer, "html_to_pdf", wraps=renderer.html_to_pdf) as spy:
        fetch(client, path)
    return spy.call_args.args[0]


class PlainWeasyPrint:
    """The floor: WeasyPrint with a font configuration shared by its renders, the print
    stylesheet read from the asset folder, nothing else."""

    def __init__(self):
        from weasyprint.text.fonts import FontConfiguration

        self.fonts = FontConfiguration()

    def render(self, html: str) -> bytes:
        from weasyprint import HTML

        return HTML(string=html, base_url=f"{ASSET_DIR.as_uri()}/").write_pdf(
            font_config=self.fonts
        )


@dataclass(frozen=True)
class Pairs:
    """Timings of the app and its floor taken one after the other, `repeats` times."""

    app_ms: list[float]
    floor_ms: list[float]

    @property
    def app(self) -> float:
        return statistics.median(self.app_ms)

    @property
    def floor(self) -> float:
        return statistics.median(self.floor_ms)

    @property
    def ratio(self) -> float:
        """The median of each pair's ratio: a pair shares the machine's load of its moment,
        which on a shared machine moves more than the difference being measured."""
        return statistics.median(a / f for a, f in zip(self.app_ms, self.floor_ms, strict=True))

    def spread(self) -> list[float]:
        ratios = sorted(a / f for a, f in zip(self.app_ms, self.floor_ms, strict=True))
        return [round(ratios[0], 2), round(ratios[-1], 2)]


def side_by_side(app_render, floor_render, repeats: int) -> Pairs:
    pairs = Pairs([], [])
    for _ in range(repeats):
        pairs.app_ms.append(timed_ms(app_render))
        pairs.floor_ms.append(timed_ms(floor_render))
    return pairs


def pdf_figures(app: Flask, landmarks: Landmarks, *, repeats: int, renders: int) -> dict:
    client = logged_in(app, landmarks.focus.email, landmarks.password)
    floor = PlainWeasyPrint()
    handout_path = f"/handouts/{HANDOUT}.pdf"
    summary_path = f"/clients/{landmarks.year_client_id}/summary.pdf"

    def uncached_handout():
        static_documents.clear()
        fetch(client, handout_path)

    handout_html = same_html(client, handout_path)
    summary_html = same_html(client, summary_path)
    for _ in range(2):  # warm both sides: imports, fonts, caches
        uncached_handout()
        floor.render(handout_html)
        fetch(client, summary_path)
        floor.render(summary_html)
    handout = side_by_side(uncached_handout, lambda: floor.render(handout_html), repeats)
    fetch(client, handout_path)
    cached_ms = statistics.median(
        timed_ms(lambda: fetch(client, handout_path)) for _ in range(repeats * 5)
    )
    summary = side_by_side(
        lambda: fetch(client, summary_path), lambda: floor.render(summary_html), repeats
    )
    return {
        "pdf_handout_ratio": round(handout.ratio, 3),
        "pdf_handout_cached_ms": round(cached_ms, 2),
        "pdf_summary_ms": round(summary.app, 1),
        "pdf_summary_ratio": round(summary.ratio, 3),
        "pdf_rss_growth_mb": rss_growth_mb(client, landmarks, renders),
        "_detail": {
            "handout_ms": round(handout.app, 1),
            "handout_floor_ms": round(handout.floor, 1),
            "handout_ratio_range": handout.spread(),
            "summary_floor_ms": round(summary.floor, 1),
            "summary_ratio_range": summary.spread(),
        },
    }


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE / 2**20


def rss_growth_mb(client, landmarks: Landmarks, renders: int, warm_up: int = 20) -> float:
    """Resident memory after `renders` mixed uncached renders, less what it was after warm-up."""
    paths = [
        f"/handouts/{HANDOUT}.pdf",
        f"/clients/{landmarks.year_client_id}/summary.pdf",
        "/exercises/thought-record/worksheet.pdf",
        "/handouts/pathways-to-healing.pdf",
        f"/clients/{landmarks.year_client_id}/discharge-summary.pdf",
    ]

    def render(n: int) -> None:
        static_documents.clear()
        fetch(client, paths[n % len(paths)])

    for n in range(warm_up):
        render(n)
    gc.collect()
    before = rss_mib()
    for n in range(renders):
        render(n)
    gc.collect()
    return round(rss_mib() - before, 1)


@contextmanager
def counted_statements(app: Flask):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE")):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def caseload_queries(app: Flask, email: str, password: str) -> int:
    client = logged_in(app, email, password)
    fetch(client, "/")
    with counted_statements(app) as statements:
        fetch(client, "/")
    return len(statements)


def caseload_growth(full: Flask, solo: Flask, landmarks: Landmarks, repeats: int) -> dict:
    """The 150-client caseload page in the whole clinic ÷ in a database of only that caseload."""
    on_full = logged_in(full, landmarks.focus.email, landmarks.password)
    on_solo = logged_in(solo, landmarks.focus.email, landmarks.password)
    for _ in range(3):
        fetch(on_full, "/")
        fetch(on_solo, "/")
    pairs = side_by_side(lambda: fetch(on_full, "/"), lambda: fetch(on_solo, "/"), repeats)
    return {
        "caseload_growth_ratio": round(pairs.ratio, 3),
        "_detail": {
            "caseload_full_ms": round(pairs.app, 2),
            "caseload_solo_ms": round(pairs.floor, 2),
            "caseload_growth_range": pairs.spread(),
        },
    }
