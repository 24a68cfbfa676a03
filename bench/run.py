"""`make bench`: generate a clinic, measure it against the floor, print and save the figures.

    python -m bench.run [--scale 0.1] [--database-url postgresql://user@host:5432/postgres]

Databases are made fresh for the run and dropped afterwards: SQLite files in a scratch folder,
or, with `--database-url`, databases created on that PostgreSQL server. The submission figures
always run on PostgreSQL (the server of `--database-url`, else the local one).
"""

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import inprocess, submit, throughput
from bench.databases import Databases, close_app, migrated_app
from bench.floor_app import create_floor_database
from bench.generate import generate_clinic, generate_submit_pool
from bench.results import judge, table, write_json
from bench.templates import harvest_templates
from bench.web import Browser, gunicorn

RESULTS = Path(__file__).resolve().parent / "results.json"


@dataclass(frozen=True)
class Effort:
    """How many repetitions: fewer for a quick run (scale < 1)."""

    repeats: int
    renders: int
    rps_seconds: float
    rps_rounds: int
    threads: int = 4
    submit_clients: int = 16
    submit_seconds: float = 20
    submit_pool: int = 400

    @classmethod
    def for_scale(cls, scale: float) -> "Effort":
        if scale < 1:
            return cls(repeats=9, renders=100, rps_seconds=3, rps_rounds=5)
        return cls(repeats=15, renders=300, rps_seconds=4, rps_rounds=9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database-url", help="a PostgreSQL server to create databases on")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    effort = Effort.for_scale(args.scale)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="clinic-bench-") as scratch:
        _prepare_environment(Path(scratch))
        databases = Databases(Path(scratch), args.database_url)
        try:
            values, detail = measure(databases, args.scale, effort, Path(scratch))
        finally:
            databases.drop_all()
    figures = judge(values)
    print(f"\nClinic bench on {databases.backend}, scale {args.scale:g}")
    print(table(figures))
    print(f"\ndetail: {json.dumps(detail)}")
    print(f"finished in {time.monotonic() - started:.0f} s")
    write_json(figures, args.output)
    return 0


def _prepare_environment(scratch: Path) -> None:
    """Settings shared by this process and the gunicorn servers it starts: a scratch instance
    folder, one secret key, and rate limits the load stays under."""
    os.environ.update(
        CLINIC_INSTANCE_PATH=str(scratch / "instance"),
        SECRET_KEY=secrets.token_hex(32),
        LOGIN_RATE_LIMIT="100000 per minute",
        SHARE_LINK_RATE_LIMIT="100000 per minute",
    )
    os.environ.pop("DATABASE_URL", None)


def measure(databases: Databases, scale: float, effort: Effort, scratch: Path):
    values: dict = {}
    detail: dict = {}
    with _step(detail, "generating"):
        templates = harvest_templates()
        full_url, solo_url = databases.new("clinic"), databases.new("solo")
        full, solo = migrated_app(full_url), migrated_app(solo_url)
        with full.app_context():
            landmarks = generate_clinic(templates, scale)
        with solo.app_context():
            generate_clinic(templates, scale, solo=True)
    with _step(detail, "caseload statements and growth"):
        for name, account in (("5", landmarks.small), ("150", landmarks.focus)):
            values[f"caseload_queries_{name}"] = inprocess.caseload_queries(
                full, account.email, landmarks.password
            )
        _merge(values, detail, inprocess.caseload_growth(full, solo, landmarks, effort.repeats * 3))
    with _step(detail, "PDF renders"):
        pdf = inprocess.pdf_figures(full, landmarks, repeats=effort.repeats, renders=effort.renders)
        _merge(values, detail, pdf)
    for app in (full, solo):
        close_app(app)
    with _step(detail, "throughput under gunicorn"):
        detail.update(_throughput(full_url, landmarks, effort, scratch))
    values["caseload_rps_ratio"] = detail["caseload_rps"]["ratio"]
    values["share_page_rps_ratio"] = detail["share_page_rps"]["ratio"]
    with _step(detail, "submissions on PostgreSQL"):
        outcome = _submissions(databases, templates, effort, scratch)
    values.update(
        submit_lost=outcome.lost, submit_duplicated=outcome.duplicated, submit_errors=outcome.errors
    )
    detail["submissions"] = {"attempts": outcome.attempts, "acknowledged": outcome.acknowledged}
    return values, detail


def _throughput(database_url: str, landmarks, effort: Effort, scratch: Path) -> dict:
    floor_database = str(scratch / "floor.db")
    create_floor_database(floor_database)
    with (
        gunicorn(
            "bench.floor_app:app",
            env={"FLOOR_DATABASE": floor_database},
            log=scratch / "floor-server.log",
        ) as floor_port,
        gunicorn(
            "wsgi:app", env={"DATABASE_URL": database_url}, log=scratch / "app-server.log"
        ) as app_port,
    ):
        floor = throughput.page_visitor(floor_port, "/")
        caseload = throughput.page_visitor(
            app_port,
            "/",
            lambda browser: browser.log_in(landmarks.focus.email, landmarks.password),
        )
        share_page = _share_page_visitor(app_port, landmarks.share_token)
        options = {
            "threads": effort.threads,
            "seconds": effort.rps_seconds,
            "rounds": effort.rps_rounds,
        }
        return {
            "caseload_rps": throughput.rps_ratio(caseload, floor, **options),
            "share_page_rps": throughput.rps_ratio(share_page, floor, **options),
        }


def _share_page_visitor(port: int, token: str):
    """The client opens the link once (swapping the token for a cookie), then reloads the page."""

    def start():
        browser = Browser(port)
        status, page, _ = browser.get(f"/h/{token}")
        if status != 302:
            raise RuntimeError(f"share link answered {status}")
        return lambda: browser.get(page)[0] == 200

    return start


def _submissions(databases: Databases, templates, effort: Effort, scratch: Path) -> submit.Tally:
    url = databases.new("submit", postgresql=True)
    app = migrated_app(url)
    with app.app_context():
        pool = generate_submit_pool(templates, effort.submit_clients, effort.submit_pool)
    with gunicorn("wsgi:app", env={"DATABASE_URL": url}, log=scratch / "submit-server.log") as port:
        attempts, failures = submit.run_submissions(
            port, pool.tokens, pool.answers, effort.submit_seconds
        )
    with app.app_context():
        stored = submit.stored_submissions([a.link_id for a in attempts])
    close_app(app)
    return submit.tally(attempts, stored, failures)


def _merge(values: dict, detail: dict, figures: dict) -> None:
    detail.update(figures.pop("_detail", {}))
    values.update(figures)


@contextmanager
def _step(detail: dict, name: str):
    """Announce a step and note how many seconds it took."""
    print(f"{name} ...", file=sys.stderr, flush=True)
    started = time.monotonic()
    yield
    detail.setdefault("seconds", {})[name] = round(time.monotonic() - started)


if __name__ == "__main__":
    sys.exit(main())
