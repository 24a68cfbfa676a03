import re
from collections import Counter
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from clinic.audit.models import AuditEvent
from clinic.auth.models import User
from clinic.auth.passwords import password_problems
from clinic.clients.forms import intake_form_class
from clinic.clients.intake import FREQUENCIES, empty_intake
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
from clinic.db import utcnow
from clinic.demo import DEMO_USERS, generate_passphrase, seed_demo
from clinic.demo_cli import register, seed_demo_command
from clinic.extensions import db

PASSWORD = "demo-passphrase-for-tests"
LOGIN_LINE = re.compile(r"login: (\S+@demo\.clinic) (\S+) (therapist|admin)")


def seed(app: Flask, *args: str):
    return app.test_cli_runner().invoke(seed_demo_command, args=list(args))


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def row_counts() -> dict[str, int]:
    return {m.__name__: count(m) for m in (User, Client, IntakeVersion, SessionNote, AuditEvent)}


@pytest.fixture
def seeded(app, ctx):
    result = seed(app, "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    return result


def clients() -> list[Client]:
    return list(db.session.scalars(sa.select(Client)))


def test_register_adds_the_command():
    app = Flask(__name__)
    register(app)
    assert app.cli.get_command(None, "seed-demo") is seed_demo_command


def test_prints_one_login_line_per_demo_user_in_order(seeded):
    lines = seeded.output.splitlines()
    assert lines == [
        f"login: ana@demo.clinic {PASSWORD} therapist",
        f"login: ben@demo.clinic {PASSWORD} therapist",
        f"login: admin@demo.clinic {PASSWORD} admin",
    ]


def test_without_password_one_random_passphrase_is_shared(app, ctx):
    result = seed(app)
    assert result.exit_code == 0, result.output
    matches = [LOGIN_LINE.fullmatch(line) for line in result.output.splitlines()]
    assert all(matches) and len(matches) == 3
    assert [m[1] for m in matches] == [email for email, _, _ in DEMO_USERS]
    assert len({m[2] for m in matches}) == 1
    assert len(matches[0][2]) >= 16


def test_generated_passphrases_pass_the_policy_for_every_demo_user():
    for _ in range(50):
        passphrase = generate_passphrase()
        assert len(passphrase) >= 16
        for email, name, _ in DEMO_USERS:
            assert password_problems(passphrase, email=email, name=name) == []
    assert generate_passphrase() != generate_passphrase()


def test_a_dozen_clients_eight_for_ana_four_for_ben(seeded):
    by_therapist = Counter(c.therapist.email for c in clients())
    assert by_therapist == {"ana@demo.clinic": 8, "ben@demo.clinic": 4}


def test_clients_in_every_state(seeded):
    every = clients()
    assert {c.status for c in every} == set(ClientStatus)
    discharged = [c for c in every if c.status is ClientStatus.DISCHARGED]
    assert len(discharged) == 2
    assert all(c.discharged_on and c.discharge_reason for c in discharged)
    assert any(c.safety_flag and c.is_active for c in every)
    assert any(not c.intake_versions and c.is_active for c in every)
    assert any(len(c.intake_versions) >= 3 for c in every)
    latest = [c.intake_versions[-1].data for c in every if c.intake_versions and c.is_active]
    assert any(d["safety"]["risk"] is None for d in latest)
    assert any(d["safety"]["risk"] is False for d in latest)


def test_the_flagged_client_has_a_safety_plan(seeded):
    flagged = [c for c in clients() if c.safety_flag]
    assert flagged
    for client in flagged:
        assert client.intake_versions[-1].data["safety"]["plan"]


def test_intakes_use_the_taxonomy_and_the_document_shape(app, seeded):
    taxonomy = get_content().taxonomy
    for version in db.session.scalars(sa.select(IntakeVersion)):
        data = version.data
        assert data.keys() == empty_intake().keys()
        assert data["safety"].keys() == {"risk", "plan"}
        for origin in data["origins"]:
            assert origin.keys() == {"id", "note", "began"}
            assert taxonomy.section_of(origin["id"]) == "origins"
        assert all(taxonomy.section_of(i) == "signs" for i in data["signs"])
        assert set(data["signs"].values()) <= set(FREQUENCIES)
        assert all(taxonomy.section_of(i) == "impact_areas" for i in data["impact"])
        assert all(type(v) is int and 0 <= v <= 4 for v in data["impact"].values())
        assert all(taxonomy.section_of(i) == "effects" for i in data["effects"])
        assert set(data["relationships"]) <= {r.id for r in taxonomy.relationships}


def test_intakes_are_what_the_intake_form_would_save(app, seeded):
    """So opening a demo intake and saving it unchanged makes no new version."""
    taxonomy = get_content().taxonomy
    with app.test_request_context():
        for version in db.session.scalars(sa.select(IntakeVersion)):
            form = intake_form_class(taxonomy)(meta={"csrf": False})
            form.load(version.data)
            assert form.to_data() == version.data


def test_twelve_weeks_of_weekly_sessions(seeded):
    longest = max((c for c in clients() if c.is_active), key=lambda c: len(c.session_notes))
    dates = sorted(n.session_date for n in longest.session_notes)
    assert len(dates) >= 10
    assert (dates[-1] - dates[0]).days >= 9 * 7
    notes = list(db.session.scalars(sa.select(SessionNote)))
    attendance = Counter(n.attendance for n in notes)
    assert set(attendance) == set(Attendance)
    assert attendance[Attendance.ATTENDED] > len(notes) * 0.7
    attended = [n for n in notes if n.attendance is Attendance.ATTENDED]
    assert {n.duration_minutes for n in attended} <= {30, 50, 60}
    assert all(n.note for n in notes)


def test_goals_move_up_flat_and_down_and_some_are_closed(seeded):
    goals = list(db.session.scalars(sa.select(Goal)))
    assert all(1 <= len(c.goals) <= 3 for c in clients() if c.intake_versions)
    assert all(not c.goals for c in clients() if not c.intake_versions)
    changes = [g.ratings[-1].score - g.ratings[0].score for g in goals if len(g.ratings) >= 3]
    assert sum(change > 0 for change in changes) > len(changes) / 2
    assert any(change < 0 for change in changes)
    assert {g.status for g in goals} == set(GoalStatus)
    assert all(g.closed_on for g in goals if g.status is not GoalStatus.OPEN)


def test_nothing_is_dated_in_the_future(seeded):
    today, now = date.today(), utcnow()
    for column in (
        SessionNote.session_date,
        GoalRating.rated_on,
        Goal.closed_on,
        Client.discharged_on,
    ):
        assert db.session.scalar(sa.select(sa.func.max(column))) <= today
    for column in (Client.created_at, Goal.created_at, IntakeVersion.saved_at):
        assert db.session.scalar(sa.select(sa.func.max(column))) <= now
    assert db.session.scalar(sa.select(sa.func.min(SessionNote.session_date))) >= today - timedelta(
        weeks=13
    )


def test_the_demo_is_the_same_every_time(ctx):
    def snapshot():
        return sorted(
            (n.client.full_name, n.session_date, n.attendance, n.duration_minutes, n.note)
            for n in db.session.scalars(sa.select(SessionNote))
        )

    with db.session.begin_nested() as first_run:
        seed_demo(PASSWORD)
        first = snapshot()
        first_run.rollback()
    assert count(Client) == 0
    seed_demo(PASSWORD)
    assert snapshot() == first


def test_the_audit_log_records_what_the_seed_did(seeded):
    actions = Counter(db.session.scalars(sa.select(AuditEvent.action)))
    assert actions["account.created"] == 3
    assert actions["client.created"] == 12
    assert actions["client.discharged"] == 2
    assert actions["intake.saved"] == count(IntakeVersion)
    assert actions["session_note.created"] == count(SessionNote)


def test_refuses_when_a_non_demo_account_exists(app, ctx, make_user):
    make_user(email="someone@example.org")
    before = row_counts()
    result = seed(app, "--password", PASSWORD)
    assert result.exit_code == 1
    assert "nothing was written" in result.output
    assert "login:" not in result.output
    assert row_counts() == before


def test_a_weak_password_is_refused_and_nothing_is_written(app, ctx):
    result = seed(app, "--password", "short")
    assert result.exit_code == 1
    assert "at least 12 characters" in result.output
    assert not any(row_counts().values())


def test_running_twice_does_not_duplicate(app, seeded):
    before = row_counts()
    result = seed(app, "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "The demo clinic is already seeded; sign in with the password printed when it was created."
    )
    assert row_counts() == before


def test_if_empty_seeds_an_empty_database(app, ctx):
    result = seed(app, "--if-empty", "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    assert result.output.count("login: ") == 3
    assert count(Client) == 12


@pytest.mark.parametrize("email", ["someone@example.org", "ana@demo.clinic"])
def test_if_empty_does_nothing_when_there_are_accounts(app, ctx, make_user, email):
    make_user(email=email)
    before = row_counts()
    result = seed(app, "--if-empty")
    assert result.exit_code == 0
    assert result.output == ""
    assert row_counts() == before


def test_the_given_password_signs_in(app, client):
    assert seed(app, "--password", PASSWORD).exit_code == 0
    response = client.login("ana@demo.clinic", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
