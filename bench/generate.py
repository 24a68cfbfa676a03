"""A generated clinic: a year of work by 50 therapists, inserted in bulk.

Rows are planned in memory with explicit ids, then written with executemany (SQLAlchemy Core
inserts of lists of dicts), a few thousand at a time. The same plan, filtered to one therapist,
gives the database that holds only their clients (for `caseload_growth_ratio`).
"""

import hashlib
import random
import secrets
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from bench.templates import Templates
from clinic.auth.models import Role, User
from clinic.auth.passwords import hash_password
from clinic.clients.intake import is_at_risk
from clinic.clients.models import (
    Attendance,
    Client,
    ClientStatus,
    Goal,
    GoalRating,
    GoalStatus,
    IntakeVersion,
    SessionNote,
)
from clinic.content import get_content
from clinic.extensions import db
from clinic.homework.models import (
    Assignment,
    AssignmentStatus,
    Response,
    ResponseStatus,
    Review,
    ShareLink,
)
from clinic.homework.tokens import hash_token, new_token
from clinic.measures.models import MeasureResult, ResultSource
from clinic.measures.services import answers_for_total
from clinic.pdf.models import SummaryDraft, SummaryVersion

SEED = 7
FULL_SCALE = {"therapists": 50, "clients": 5000, "assignments": 50000, "measure_results": 20000}
FOCUS_CLIENTS = 150  # the therapist whose caseload is measured
SMALL_CLIENTS = 5
YEAR_WEEKS = 52
CHUNK = 5000
PASSWORD = "bench-password-for-every-account"  # noqa: S105 (a generated test clinic)
FIRST_NAMES = (
    *("Alex", "Sam", "Jo", "Robin", "Kim", "Lee", "Noor", "Ana", "Ben", "Chris", "Dana", "Eli"),
    *("Fran", "Gus", "Hana", "Ivo", "Jules", "Kai", "Lena", "Milo", "Nia", "Omar", "Pia"),
    *("Quinn", "Rosa", "Sol", "Tomas", "Uma", "Vera", "Wim", "Xena", "Yara", "Zeno"),
)
LAST_NAMES = (
    *("Okafor", "Silva", "Novak", "Berg", "Haddad", "Kowalski", "Lindqvist", "Moreau"),
    *("Nakamura", "Ortiz", "Petrov", "Quist", "Rossi", "Santos", "Tanaka", "Ulrich", "Varga"),
    *("Weber", "Yilmaz", "Zamora"),
)
PRONOUNS = ("she/her", "he/him", "they/them", None)


@dataclass(frozen=True)
class Account:
    email: str
    user_id: int


@dataclass
class Landmarks:
    """The records the measurements look for, with the secrets they need."""

    password: str
    focus: Account  # 150 active clients
    small: Account  # 5 active clients
    year_client_id: int
    share_token: str  # the year-long client's open homework


@dataclass
class Plan:
    rows: dict[type, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, model: type, row: dict[str, Any]) -> int:
        table = self.rows.setdefault(model, [])
        row["id"] = len(table) + 1
        table.append(row)
        return row["id"]

    def only_therapist(self, therapist_id: int) -> "Plan":
        """The therapist's own account and clients, with everything that hangs off them."""
        clients = {r["id"] for r in self.rows[Client] if r["therapist_id"] == therapist_id}
        assignments = {r["id"] for r in self.rows[Assignment] if r["client_id"] in clients}
        goals = {r["id"] for r in self.rows[Goal] if r["client_id"] in clients}
        belongs = {
            User: lambda r: r["id"] == therapist_id,
            Client: lambda r: r["id"] in clients,
            IntakeVersion: lambda r: r["client_id"] in clients,
            SessionNote: lambda r: r["client_id"] in clients,
            Goal: lambda r: r["id"] in goals,
            GoalRating: lambda r: r["goal_id"] in goals,
            Assignment: lambda r: r["id"] in assignments,
            ShareLink: lambda r: r["assignment_id"] in assignments,
            Response: lambda r: r["assignment_id"] in assignments,
            Review: lambda r: r["assignment_id"] in assignments,
            SummaryDraft: lambda r: r["client_id"] in clients,
            MeasureResult: lambda r: r["client_id"] in clients,
        }
        return Plan(
            {model: [r for r in rows if belongs[model](r)] for model, rows in self.rows.items()}
        )


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


class ClinicPlanner:
    def __init__(self, templates: Templates, scale: float, password_hash: str, today: date):
        self.templates = templates
        self.rng = random.Random(SEED)  # noqa: S311 (repeatable data, not a secret)
        self.today = today
        self.password_hash = password_hash
        self.therapists = max(3, round(FULL_SCALE["therapists"] * scale))
        self.clients = max(FOCUS_CLIENTS + SMALL_CLIENTS + 20, round(FULL_SCALE["clients"] * scale))
        self.assignments = round(FULL_SCALE["assignments"] * scale)
        self.measure_results = round(FULL_SCALE["measure_results"] * scale)
        self.measures = get_content().measures
        exercises = get_content().exercises
        self.exercises = [exercises[slug] for slug in sorted(templates.answers)]
        self.snapshots = {e.slug: e.to_snapshot() for e in self.exercises}
        self.plan = Plan()

    def build(self) -> tuple[Plan, Landmarks]:
        therapist_ids = [self._therapist(n) for n in range(self.therapists)]
        focus, small, others = therapist_ids[0], therapist_ids[1], therapist_ids[2:]
        owners = [focus] * FOCUS_CLIENTS + [small] * SMALL_CLIENTS
        owners += [others[n % len(others)] for n in range(self.clients - len(owners))]
        year_client = self._client(focus, weeks=YEAR_WEEKS, active=True)
        per_client = (self.assignments - YEAR_WEEKS) / (len(owners) - 1)
        share_token = self._homework(year_client, YEAR_WEEKS, YEAR_WEEKS)
        self._year_summary(year_client)
        year_measures = self._measures(year_client, YEAR_WEEKS, weekly=True)
        measures_per_client = (self.measure_results - year_measures) / (len(owners) - 1)
        for n, owner in enumerate(owners[1:], start=1):
            active = n < FOCUS_CLIENTS + SMALL_CLIENTS or self.rng.random() < 0.7
            weeks = self.rng.randint(4, YEAR_WEEKS)
            client_id = self._client(owner, weeks=weeks, active=active)
            count = max(1, round(per_client * self.rng.uniform(0.5, 1.5)))
            self._homework(client_id, weeks, count)
            self._measures(
                client_id, weeks, count=round(measures_per_client * self.rng.uniform(0.5, 1.5))
            )
        users = self.plan.rows[User]
        landmarks = Landmarks(
            PASSWORD,
            Account(users[focus - 1]["email"], focus),
            Account(users[small - 1]["email"], small),
            year_client,
            share_token,
        )
        return self.plan, landmarks

    def _measures(self, client_id: int, weeks: int, *, weekly: bool = False, count: int = 0) -> int:
        """Questionnaires over the client's weeks: the trust check-in every week and PHQ-9 and
        GAD-7 in turn every other week when `weekly`, else `count` of PHQ-9 and GAD-7 spread out;
        scores drift as a course of therapy's do. Returns how many were planned."""
        start = self.today - timedelta(weeks=weeks)
        if weekly:
            plan = [("trust-check-in", start + timedelta(weeks=w)) for w in range(weeks)]
            plan += [
                (("phq-9", "gad-7")[(w // 2) % 2], start + timedelta(weeks=w))
                for w in range(0, weeks, 2)
            ]
        else:
            plan = [
                (("phq-9", "gad-7")[n % 2], start + timedelta(days=weeks * 7 * n // max(count, 1)))
                for n in range(count)
            ]
        drift = self.rng.choice((-1, 0, 1))
        for n, (slug, taken_on) in enumerate(plan):
            measure = self.measures[slug]
            top = measure.max_total
            level = self.rng.uniform(0.3, 0.7) + drift * 0.3 * n / max(len(plan), 1)
            total = max(0, min(top, round(top * level)))
            answers = answers_for_total(measure, total)
            band = measure.band_for(measure.score(answers))
            self.plan.add(
                MeasureResult,
                {
                    "client_id": client_id,
                    "measure_slug": slug,
                    "measure_version": measure.version,
                    "answers": answers,
                    "total": measure.score(answers),
                    "band": band.label if band else None,
                    "taken_on": taken_on,
                    "source": ResultSource.SESSION,
                    "entered_by_id": self.plan.rows[Client][client_id - 1]["therapist_id"],
                    "safety_item_positive": measure.safety_item_positive(answers),
                    "created_at": at(taken_on),
                },
            )
        return len(plan)

    def _year_summary(self, client_id: int) -> None:
        self.plan.add(
            SummaryDraft,
            {
                "client_id": client_id,
                "period_start": self.today - timedelta(weeks=YEAR_WEEKS),
                "period_end": self.today,
                "version": SummaryVersion.CLINICAL,
                "narrative": self.rng.choice(self.templates.notes),
                "client_message": "",
                "client_copy_scores": False,
                "updated_at": at(self.today),
            },
        )

    def _therapist(self, n: int) -> int:
        return self.plan.add(
            User,
            {
                "email": f"therapist{n:02d}@bench.clinic",
                "name": f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}",
                "password_hash": self.password_hash,
                "role": Role.THERAPIST,
                "is_active_account": True,
                "must_change_password": False,
                "failed_logins": 0,
                "session_version": 1,
                "created_at": at(self.today - timedelta(days=400)),
            },
        )

    def _client(self, therapist_id: int, *, weeks: int, active: bool) -> int:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        start = self.today - timedelta(weeks=weeks)
        end = self.today if active else self.today - timedelta(days=self.rng.randint(1, 60))
        end = max(end, start + timedelta(weeks=2))
        intake = self.rng.choice(self.templates.intakes)
        client_id = self.plan.add(
            Client,
            {
                "therapist_id": therapist_id,
                "preferred_name": first,
                "full_name": f"{first} {last}",
                "date_of_birth": date(1960, 1, 1) + timedelta(days=self.rng.randint(0, 15000)),
                "email": None,
                "pronouns": self.rng.choice(PRONOUNS),
                "status": ClientStatus.ACTIVE if active else ClientStatus.DISCHARGED,
                "discharged_on": None if active else end,
                "discharge_reason": None if active else "Goals met; ending by agreement.",
                "safety_flag": is_at_risk(intake),
                "created_at": at(start),
                "updated_at": at(end),
            },
        )
        self.plan.add(
            IntakeVersion,
            {
                "client_id": client_id,
                "number": 1,
                "data": intake,
                "taxonomy_version": get_content().taxonomy.version,
                "saved_by_id": therapist_id,
                "saved_at": at(start + timedelta(days=7)),
            },
        )
        self._sessions(client_id, therapist_id, start + timedelta(days=7), end)
        self._goal(client_id, start + timedelta(days=7), end)
        return client_id

    def _sessions(self, client_id: int, therapist_id: int, first: date, last: date) -> None:
        day = first
        while day <= last:
            attendance = self.rng.choices(
                (Attendance.ATTENDED, Attendance.CANCELLED, Attendance.NO_SHOW), (85, 10, 5)
            )[0]
            self.plan.add(
                SessionNote,
                {
                    "client_id": client_id,
                    "session_date": day,
                    "duration_minutes": 50 if attendance is Attendance.ATTENDED else 0,
                    "attendance": attendance,
                    "note": self.rng.choice(self.templates.notes),
                    "written_by_id": therapist_id,
                    "created_at": at(day, 17),
                },
            )
            day += timedelta(weeks=1)

    def _goal(self, client_id: int, first: date, last: date) -> None:
        goal_id = self.plan.add(
            Goal,
            {
                "client_id": client_id,
                "description": "Share one worry with my partner each week instead of checking",
                "status": GoalStatus.OPEN,
                "created_at": at(first),
                "closed_on": None,
            },
        )
        score, day = self.rng.randint(1, 4), first
        while day <= last:
            self.plan.add(GoalRating, {"goal_id": goal_id, "rated_on": day, "score": score})
            score = max(0, min(10, score + self.rng.choice((-1, 0, 1, 1))))
            day += timedelta(weeks=2)

    def _homework(self, client_id: int, weeks: int, count: int) -> str:
        """`count` assignments spread over the client's weeks, the last one still open;
        returns the open one's share token."""
        therapist_id = self.plan.rows[Client][client_id - 1]["therapist_id"]
        start = self.today - timedelta(weeks=weeks)
        token = ""
        for n in range(count):
            assigned = start + timedelta(days=(weeks * 7 * n) // count)
            is_last = n == count - 1
            token = self._assignment(client_id, therapist_id, assigned, is_last)
        return token

    def _assignment(self, client_id: int, therapist_id: int, assigned: date, is_open: bool) -> str:
        exercise = self.rng.choice(self.exercises)
        if is_open:
            status = self.rng.choice((AssignmentStatus.ASSIGNED, AssignmentStatus.IN_PROGRESS))
        else:
            status = self.rng.choices(
                (AssignmentStatus.REVIEWED, AssignmentStatus.SUBMITTED, AssignmentStatus.CANCELLED),
                (75, 15, 10),
            )[0]
        answered = min(assigned + timedelta(days=5), self.today)
        assignment_id = self.plan.add(
            Assignment,
            {
                "client_id": client_id,
                "exercise_slug": exercise.slug,
                "exercise_version": exercise.version,
                "snapshot": self.snapshots[exercise.slug],
                "instructions": "Try this once before our next session.",
                "due_on": assigned + timedelta(weeks=1),
                "status": status,
                "created_by_id": therapist_id,
                "created_at": at(assigned),
                "updated_at": at(answered),
            },
        )
        token = new_token() if is_open else secrets.token_hex(8)
        created = at(self.today) if is_open else at(assigned)
        self.plan.add(
            ShareLink,
            {
                "assignment_id": assignment_id,
                "token_hash": hash_token(token),
                "created_at": created,
                "expires_at": created + timedelta(days=14),
                "revoked_at": at(answered) if status is AssignmentStatus.CANCELLED else None,
                "first_opened_at": at(answered, 20),
                "last_opened_at": at(answered, 20),
                "open_count": 1,
            },
        )
        if status is not AssignmentStatus.ASSIGNED and status is not AssignmentStatus.CANCELLED:
            self._response(assignment_id, exercise.slug, status, at(answered, 21))
        if status is AssignmentStatus.REVIEWED:
            self.plan.add(
                Review,
                {
                    "assignment_id": assignment_id,
                    "comment": self.rng.choice(self.templates.comments),
                    "shared_with_client": self.rng.random() < 0.5,
                    "reviewed_by_id": therapist_id,
                    "reviewed_at": at(answered + timedelta(days=2)),
                },
            )
        return token

    def _response(self, assignment_id: int, slug: str, status, answered: datetime) -> None:
        submitted = status is not AssignmentStatus.IN_PROGRESS
        self.plan.add(
            Response,
            {
                "assignment_id": assignment_id,
                "answers": self.rng.choice(self.templates.answers[slug]),
                "status": ResponseStatus.SUBMITTED if submitted else ResponseStatus.DRAFT,
                "revision": 1,
                "submission_key": hashlib.sha256(f"{assignment_id}".encode()).hexdigest()
                if submitted
                else None,
                "submitted_at": answered if submitted else None,
                "created_at": answered,
                "updated_at": answered,
            },
        )


INSERT_ORDER = (
    User,
    Client,
    IntakeVersion,
    SessionNote,
    Goal,
    GoalRating,
    Assignment,
    ShareLink,
    Response,
    Review,
    SummaryDraft,
    MeasureResult,
)


def insert_plan(plan: Plan, *, label: str) -> None:
    """Write every planned row, in chunks, with a progress bar; then move PostgreSQL's id
    sequences past the explicit ids."""
    total = sum(len(rows) for rows in plan.rows.values())
    progress = Progress(label, total)
    for model in INSERT_ORDER:
        for chunk in _chunks(plan.rows.get(model, []), CHUNK):
            db.session.execute(sa.insert(model.__table__), chunk)
            progress.advance(len(chunk))
    if db.engine.dialect.name == "postgresql":
        for model in INSERT_ORDER:
            table = model.__tablename__
            db.session.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
            )
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # Statistics for the planner, as autovacuum would gather them on a clinic in use.
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    progress.done()


def _chunks(rows: list, size: int) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class Progress:
    """A one-line progress bar on stderr."""

    WIDTH = 30

    def __init__(self, label: str, total: int):
        self.label, self.total, self.count = label, max(total, 1), 0

    def advance(self, count: int) -> None:
        self.count += count
        filled = self.WIDTH * self.count // self.total
        bar = "#" * filled + "." * (self.WIDTH - filled)
        sys.stderr.write(f"\r{self.label:<24} [{bar}] {self.count:>8,}/{self.total:,} rows")
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")


def generate_clinic(templates: Templates, scale: float, *, solo: bool = False) -> Landmarks:
    """Fill the current app's (migrated, empty) database; `solo` keeps only the therapist with
    150 clients."""
    planner = ClinicPlanner(templates, scale, hash_password(PASSWORD), date.today())
    plan, landmarks = planner.build()
    if solo:
        plan = plan.only_therapist(landmarks.focus.user_id)
    insert_plan(plan, label="one caseload" if solo else f"clinic (scale {scale:g})")
    return landmarks


SUBMIT_EXERCISE = "thought-record"


@dataclass(frozen=True)
class SubmitPool:
    tokens: list[list[str]]  # one list of share-link tokens per simulated client
    answers: dict[str, Any]  # {"fields": the exercise's fields, "values": answers to send}


def generate_submit_pool(templates: Templates, clients: int, per_client: int) -> SubmitPool:
    """A therapist whose clients each hold `per_client` fresh assignments with live links."""
    planner = ClinicPlanner(templates, 0, hash_password(PASSWORD), date.today())
    plan = planner.plan
    therapist_id = planner._therapist(0)
    exercise = get_content().exercises[SUBMIT_EXERCISE]
    tokens: list[list[str]] = []
    for _ in range(clients):
        client_id = planner._client(therapist_id, weeks=4, active=True)
        own = []
        for _ in range(per_client):
            token = new_token()
            assignment_id = plan.add(
                Assignment,
                {
                    "client_id": client_id,
                    "exercise_slug": exercise.slug,
                    "exercise_version": exercise.version,
                    "snapshot": planner.snapshots[exercise.slug],
                    "instructions": "",
                    "due_on": date.today() + timedelta(weeks=1),
                    "status": AssignmentStatus.ASSIGNED,
                    "created_by_id": therapist_id,
                    "created_at": at(date.today()),
                    "updated_at": at(date.today()),
                },
            )
            plan.add(
                ShareLink,
                {
                    "assignment_id": assignment_id,
                    "token_hash": hash_token(token),
                    "created_at": at(date.today()),
                    "expires_at": at(date.today() + timedelta(days=14)),
                    "open_count": 0,
                },
            )
            own.append(token)
        tokens.append(own)
    insert_plan(plan, label="submission pool")
    values = templates.answers[SUBMIT_EXERCISE][0]
    return SubmitPool(
        tokens, {"fields": planner.snapshots[exercise.slug]["fields"], "values": values}
    )
