"""The demo clinic: two therapists, an admin and a dozen fictional clients with twelve weeks of
history and homework, built through the ordinary services so the audit log, intake versions,
share links and homework statuses are real.

Everything but the password and the share-link tokens comes out the same on every run
(`random.Random(RANDOM_SEED)`), dated relative to today and never later.
"""

import copy
import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from clinic.auth import two_factor
from clinic.auth.models import Role, User
from clinic.auth.services import create_user
from clinic.clients.models import Attendance, Client, GoalStatus
from clinic.clients.services import (
    add_goal,
    add_session_note,
    create_client,
    discharge,
    latest_intake,
    rate_goal,
    save_intake,
    set_goal_status,
)
from clinic.content import get_content
from clinic.content.models import Taxonomy
from clinic.demo.data import (
    ANA,
    ATTENDED_MINUTES,
    CLIENTS,
    DEMO_DOMAIN,
    DEMO_USERS,
    INTAKE_REVISION_WEEKS,
    PASSPHRASE_LENGTH,
    PASSPHRASE_WORDS,
    RANDOM_SEED,
    SESSION_NOTES,
    SESSION_WEIGHTS,
    TREND_STEPS,
    ClientPlan,
    GoalPlan,
)
from clinic.demo.dates import backdated
from clinic.demo.homework import OpenHomework, seed_homework
from clinic.demo.measures import seed_measures
from clinic.extensions import db
from clinic.homework.models import AssignmentStatus
from clinic.settings.services import clinic_settings

__all__ = [
    "DEMO_USERS",
    "DemoAlreadySeeded",
    "DemoClinic",
    "DemoLogin",
    "DemoRefused",
    "generate_passphrase",
    "has_accounts",
    "seed_demo",
]

ALREADY_SEEDED = (
    "The demo clinic is already seeded; sign in with the password printed when it was created."
)
NOT_EMPTY = (
    "This database has accounts that are not the demo clinic's; seed-demo only fills an empty "
    "database, so nothing was written."
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: Role
    two_factor_key: str | None = None  # for an authenticator app; admins must use one


@dataclass(frozen=True)
class DemoClinic:
    """What the seed made that someone needs in order to look around."""

    logins: tuple[DemoLogin, ...]
    share_token: str  # the live link of an open assignment on Ana's caseload


class DemoRefused(Exception):
    """The database is not empty; the message says why and is fit to show."""


class DemoAlreadySeeded(DemoRefused):
    """The demo clinic is already there: nothing to do, and nothing wrong."""


DEMO_CLINIC_NAME = "Riverside Therapy (demo)"


def generate_passphrase() -> str:
    """Random words joined by hyphens: easy to type from a terminal, hard to guess."""
    return "-".join(secrets.choice(PASSPHRASE_WORDS) for _ in range(PASSPHRASE_LENGTH))


def has_accounts() -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(User)) > 0


def _check_database_is_empty() -> None:
    emails = set(db.session.scalars(sa.select(User.email)))
    if not emails:
        return
    demo_only = all(email.endswith(DEMO_DOMAIN) for email in emails)
    if demo_only and {email for email, _, _ in DEMO_USERS} <= emails:
        raise DemoAlreadySeeded(ALREADY_SEEDED)
    raise DemoRefused(NOT_EMPTY)


def seed_demo(password: str | None = None) -> DemoClinic:
    """Fill an empty database with the demo clinic, within the current transaction.

    Every demo account gets `password`, or one random passphrase when it is None. Raises
    DemoRefused, before writing anything, when there are accounts already; AccountError when
    the password breaks the policy.
    """
    _check_database_is_empty()
    password = generate_passphrase() if password is None else password
    users = {
        email: create_user(email, name, password, role=role, by=None)
        for email, name, role in DEMO_USERS
    }
    clinic_settings().clinic_name = DEMO_CLINIC_NAME
    rng = random.Random(RANDOM_SEED)  # noqa: S311 (repeatable demo data, not a secret)
    taxonomy = get_content().taxonomy
    open_homework = [
        item
        for plan in CLIENTS
        for item in _seed_client(plan, users[plan.therapist], taxonomy, rng)
    ]
    db.session.flush()
    return DemoClinic(
        tuple(_login(user, password) for user in users.values()),
        share_token=_link_to_print(open_homework, users[ANA]),
    )


def _login(user: User, password: str) -> DemoLogin:
    """The account's sign-in details; accounts that must use two-factor sign-in are enrolled
    with a fresh key, printed so that it can be typed into an authenticator app."""
    if not two_factor.must_enrol(user):
        return DemoLogin(user.email, password, user.role)
    secret = two_factor.new_secret()
    two_factor.enable(user, secret, two_factor.previous_code(secret))
    return DemoLogin(user.email, password, user.role, two_factor.readable_secret(secret))


def _link_to_print(open_homework: list[OpenHomework], therapist: User) -> str:
    """The token of the therapist's first homework that is assigned and not yet opened."""
    return next(
        item.token
        for item in open_homework
        if item.assignment.client.therapist is therapist
        and item.assignment.status is AssignmentStatus.ASSIGNED
    )


def _seed_client(
    plan: ClientPlan, therapist: User, taxonomy: Taxonomy, rng: random.Random
) -> list[OpenHomework]:
    """The client's record; returns the homework left open, with each one's live link."""
    today = date.today()
    referred = today - timedelta(weeks=plan.weeks, days=rng.randrange(3))
    first_session = referred + timedelta(weeks=1)
    last_day = today - timedelta(weeks=plan.discharged[0]) if plan.discharged else today
    client = create_client(
        therapist,
        preferred_name=plan.preferred_name,
        full_name=plan.full_name,
        pronouns=plan.pronouns,
        date_of_birth=plan.date_of_birth,
        email=plan.email,
    )
    client.created_at = backdated(referred)
    _seed_intakes(client, plan.intakes, taxonomy, therapist, first_session)
    _seed_sessions(client, therapist, rng, first_session, last_day)
    for goal_plan in plan.goals:
        _seed_goal(client, goal_plan, rng, first_session, last_day)
    seed_measures(client, plan, therapist, first_session)
    if plan.discharged:
        discharge(client, on=last_day, reason=plan.discharged[1])
    return seed_homework(client, plan, therapist, taxonomy, first_session)


def _seed_intakes(
    client: Client,
    intakes: tuple[dict[str, Any], ...],
    taxonomy: Taxonomy,
    therapist: User,
    first: date,
) -> None:
    for number, data in enumerate(intakes):
        # A copy, so the stored document never shares its lists with the constants here.
        save_intake(client, copy.deepcopy(data), taxonomy, by=therapist)
        saved_on = first + timedelta(weeks=INTAKE_REVISION_WEEKS * number)
        latest_intake(client).saved_at = backdated(saved_on)


def _seed_sessions(
    client: Client, therapist: User, rng: random.Random, first: date, last: date
) -> None:
    day = first
    while day <= last:
        attendance = rng.choices(list(SESSION_WEIGHTS), weights=SESSION_WEIGHTS.values())[0]
        minutes = (
            rng.choices(list(ATTENDED_MINUTES), weights=ATTENDED_MINUTES.values())[0]
            if attendance is Attendance.ATTENDED
            else 0
        )
        note = rng.choice(SESSION_NOTES[attendance])
        add_session_note(
            client, on=day, minutes=minutes, attendance=attendance, note=note, by=therapist
        )
        day += timedelta(weeks=1)


def _seed_goal(client: Client, plan: GoalPlan, rng: random.Random, first: date, last: date) -> None:
    """Ratings every two or three weeks from the first session, moving with the plan's trend."""
    goal = add_goal(client, plan.description)
    goal.created_at = backdated(first)
    last = min(last, date.today() - timedelta(weeks=plan.closed_weeks_ago))
    day, score = first, plan.first_score
    while day <= last:
        rate_goal(goal, score, day)
        score = max(0, min(10, score + rng.choice(TREND_STEPS[plan.trend])))
        day += timedelta(weeks=rng.choice((2, 3)))
    if plan.status is not GoalStatus.OPEN:
        set_goal_status(goal, plan.status)
        goal.closed_on = goal.ratings[-1].rated_on
