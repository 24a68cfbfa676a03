"""Realistic record contents for the generated clinic, taken from the demo clinic.

The demo seed writes intakes, session notes and homework answers that went through the app's
own validation; they are harvested once from a scratch database and sampled by the generator.
"""

import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask_migrate import upgrade

from clinic import create_app
from clinic.clients.models import IntakeVersion, SessionNote
from clinic.demo import seed_demo
from clinic.extensions import db
from clinic.homework.models import Response, ResponseStatus, Review

SCRATCH_PASSWORD = "bench-scratch-password-42"  # noqa: S105 (a throwaway demo database)


@dataclass(frozen=True)
class Templates:
    intakes: list[dict[str, Any]]
    notes: list[str]
    answers: dict[str, list[dict[str, Any]]]  # exercise slug -> submitted answers
    comments: list[str]


def harvest_templates() -> Templates:
    with tempfile.TemporaryDirectory() as scratch:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(scratch) / 'demo.db'}",
                "SECRET_KEY": "bench-scratch",
                "ARGON2": {"time_cost": 1, "memory_cost": 8 * 1024, "parallelism": 1},
            }
        )
        with app.app_context():
            upgrade()
            seed_demo(password=SCRATCH_PASSWORD)
            db.session.commit()
            templates = _read_templates()
            db.session.remove()
            db.engine.dispose()
        return templates


def _read_templates() -> Templates:
    answers: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for response in db.session.scalars(
        sa.select(Response).where(Response.status == ResponseStatus.SUBMITTED).order_by(Response.id)
    ):
        answers[response.assignment.exercise_slug].append(response.answers)
    return Templates(
        intakes=list(db.session.scalars(sa.select(IntakeVersion.data).order_by(IntakeVersion.id))),
        notes=sorted({n for n in db.session.scalars(sa.select(SessionNote.note)) if n}),
        answers=dict(answers),
        comments=sorted({c for c in db.session.scalars(sa.select(Review.comment)) if c}),
    )
