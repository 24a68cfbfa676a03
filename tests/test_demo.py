"""`flask --app wsgi seed-demo`: what it prints, refuses and writes.

What one seeding wrote is checked, in `TestTheDemoClinic`, on a single demo clinic seeded once
for the module through the real command. Those tests run inside the usual rolled-back
transaction, on that clinic's database, so signing in or opening a link leaves it as seeded.
The command's behaviour (refusing, --if-empty, a random passphrase, failing midway) is checked
on the empty test database, each test seeding for itself.
"""

import json
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

import pyotp
import pytest
import sqlalchemy as sa
from click.testing import Result
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy.orm import Session

from clinic.audit.models import AuditEvent
from clinic.auth.models import User
from clinic.auth.passwords import password_problems
from clinic.clients.forms import intake_form_class
from clinic.clients.intake import FREQUENCIES, empty_intake, rank_suggestions, relevant_items
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
from clinic.demo.answers import ANSWERS, INSTRUCTIONS
from clinic.demo.data import CLIENTS, MEASURE_COURSES
from clinic.demo.homework import SCALE_RATINGS, SUGGESTION_POOL
from clinic.demo_cli import register, seed_demo_command
from clinic.extensions import db
from clinic.homework import services
from clinic.homework.fields import SCALE_MAX, answers_to_formdata, parse_answers
from clinic.homework.models import (
    Assignment,
    AssignmentStatus,
    Response,
    ResponseStatus,
    Review,
    ShareLink,
)
from clinic.homework.tokens import hash_token
from clinic.measures.models import MeasureRequest, MeasureResult, ResultSource
from clinic.measures.services import (
    DESCRIPTIVE_ONLY,
    NO_RELIABLE_CHANGE,
    RELIABLE_DETERIORATION,
    RELIABLE_IMPROVEMENT,
    change_summaries,
    results_for,
)
from tests.conftest import TemporaryPostgresDatabase, backend, make_test_app, page_text

PASSWORD = "demo-passphrase-for-tests"
LOGIN_LINE = re.compile(r"login: (\S+@demo\.clinic) (\S+) (therapist|admin)")
TWO_FACTOR_LINE = re.compile(r"two-factor-key: admin@demo\.clinic ((?:[A-Z2-7]{4} ?)+)")
SHARE_LINK_LINE = re.compile(r"share-link: (http://127\.0\.0\.1:5000/h/([\w-]{43}))")
# The 0-100 ratings of a step or a thought, before and after, and their scale's top.
BEFORE_AFTER = {
    "small-trust-step": ("distress_before", "distress_after", 100),
    "say-it-instead-of-checking": ("urge_before", "urge_after", 10),
    "thought-record": ("emotion_before", "emotion_after", 100),
}


def seed(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=["seed-demo", *args])


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def count_where(*conditions) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(MeasureResult).where(*conditions)
    )


def row_counts() -> dict[str, int]:
    return {m.__name__: count(m) for m in (User, Client, IntakeVersion, SessionNote, AuditEvent)}


def clients() -> list[Client]:
    return list(db.session.scalars(sa.select(Client)))


def assignments() -> list[Assignment]:
    return list(db.session.scalars(sa.select(Assignment).order_by(Assignment.created_at)))


def before_after(client: Client) -> list[tuple[int, int]]:
    """The client's answered before and after ratings, on a 0-100 scale, oldest first."""
    levels = []
    for a in sorted(client.assignments, key=lambda a: a.created_at):
        answered = a.response and a.response.status is ResponseStatus.SUBMITTED
        if a.exercise_slug in BEFORE_AFTER and answered:
            before, after, top = BEFORE_AFTER[a.exercise_slug]
            answers = a.response.answers
            levels.append((answers[before] * 100 // top, answers[after] * 100 // top))
    return levels


def share_token(result) -> str:
    return SHARE_LINK_LINE.fullmatch(result.output.splitlines()[-1])[2]


def snapshot(session: Session) -> tuple[list, list]:
    """The demo's session notes and homework, in an order of their own (not of insertion)."""
    notes = sorted(
        (n.client.full_name, n.session_date, n.attendance, n.duration_minutes, n.note)
        for n in session.scalars(sa.select(SessionNote))
    )
    homework = sorted(
        (
            a.client.full_name,
            a.due_on,
            a.exercise_slug,
            a.status,
            json.dumps(a.response.answers if a.response else None, sort_keys=True),
            a.review.comment if a.review else None,
        )
        for a in session.scalars(sa.select(Assignment))
    )
    return notes, homework


@dataclass(frozen=True)
class SeededDemo:
    app: Flask
    engine: sa.Engine
    result: Result


@pytest.fixture(scope="module")
def demo_clinic(tmp_path_factory) -> Iterator[SeededDemo]:
    """A database of its own, migrated, seeded once with `seed-demo --password PASSWORD`."""
    path = tmp_path_factory.mktemp("demo-clinic")
    if backend() == "postgresql":
        database = TemporaryPostgresDatabase("clinic_demo")
    else:
        database = nullcontext(f"sqlite:///{path / 'demo.db'}")
    with database as url:
        app = make_test_app(url, path / "instance")
        with app.app_context():
            upgrade()
            engine = db.engine
        result = seed(app, "--password", PASSWORD)
        assert result.exit_code == 0, result.output
        yield SeededDemo(app, engine, result)
        engine.dispose()


def test_register_adds_the_command():
    app = Flask(__name__)
    register(app)
    assert app.cli.get_command(None, "seed-demo") is seed_demo_command


def test_generated_passphrases_pass_the_policy_for_every_demo_user():
    for _ in range(50):
        passphrase = generate_passphrase()
        assert len(passphrase) >= 16
        for email, name, _ in DEMO_USERS:
            assert password_problems(passphrase, email=email, name=name) == []
    assert generate_passphrase() != generate_passphrase()


def test_every_exercise_has_demo_answers_for_good_and_hard_weeks(ctx):
    exercises = get_content().exercises
    assert ANSWERS.keys() == INSTRUCTIONS.keys() == set(exercises)
    for slug, exercise in exercises.items():
        assert {answer.mood for answer in ANSWERS[slug]} == {"good", "hard"}
        scales = [
            f for spec in exercise.fields for f in (spec, *spec.columns) if f.type in SCALE_MAX
        ]
        assert {f.id for f in scales} <= SCALE_RATINGS.keys()


def test_homework_schedules_have_a_word_per_session():
    for plan in CLIENTS:
        if plan.homework:
            assert plan.intakes and plan.goals and not plan.discharged
            assert len(plan.homework.split()) == plan.weeks


def test_without_password_one_random_passphrase_is_shared(app, ctx):
    result = seed(app)
    assert result.exit_code == 0, result.output
    matches = [LOGIN_LINE.fullmatch(line) for line in result.output.splitlines()[:3]]
    assert all(matches) and len(matches) == 3
    assert [m[1] for m in matches] == [email for email, _, _ in DEMO_USERS]
    assert len({m[2] for m in matches}) == 1
    assert len(matches[0][2]) >= 16


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


def test_a_failure_midway_leaves_nothing(app, monkeypatch):
    submitted = []

    def fail_on_the_tenth(*args, **kwargs):
        submitted.append(args)
        if len(submitted) == 10:
            raise RuntimeError("the database went away")
        return submit(*args, **kwargs)

    submit = services.submit
    monkeypatch.setattr(services, "submit", fail_on_the_tenth)
    result = seed(app, "--password", PASSWORD)
    assert isinstance(result.exception, RuntimeError)
    assert len(submitted) == 10
    with app.app_context():
        assert not any(row_counts().values())
        assert count(Assignment) == 0


def test_the_demo_is_the_same_every_time(ctx, demo_clinic):
    """Seeding the empty test database writes what the module's demo clinic holds."""
    seed_demo(PASSWORD)
    with Session(demo_clinic.engine) as seeded_before:
        assert snapshot(db.session) == snapshot(seeded_before)


class TestTheDemoClinic:
    """What one seeding wrote: every test here reads the module's `demo_clinic`."""

    @pytest.fixture
    def app(self, demo_clinic):
        """The demo clinic's app, so each test's rolled-back transaction is on its database."""
        return demo_clinic.app

    @pytest.fixture
    def seeded(self, demo_clinic, ctx) -> Result:
        """What `seed-demo --password PASSWORD` printed when it seeded the demo clinic."""
        return demo_clinic.result

    def test_prints_one_login_line_per_demo_user_in_order_then_one_share_link(self, seeded):
        lines = seeded.output.splitlines()
        assert lines[:3] == [
            f"login: ana@demo.clinic {PASSWORD} therapist",
            f"login: ben@demo.clinic {PASSWORD} therapist",
            f"login: admin@demo.clinic {PASSWORD} admin",
        ]
        assert len(lines) == 5
        assert TWO_FACTOR_LINE.fullmatch(lines[3])
        assert SHARE_LINK_LINE.fullmatch(lines[4])

    def test_running_twice_does_not_duplicate(self, app, seeded):
        before = row_counts()
        result = seed(app, "--password", PASSWORD)
        assert result.exit_code == 0, result.output
        assert result.output.strip() == (
            "The demo clinic is already seeded; "
            "sign in with the password printed when it was created."
        )
        assert row_counts() == before

    def test_the_given_password_signs_in(self, seeded, client):
        response = client.login("ana@demo.clinic", PASSWORD)
        assert response.status_code == 302
        assert response.headers["Location"] == "/"

    def test_the_admin_signs_in_with_a_code_from_the_printed_key(self, seeded, client):
        key = TWO_FACTOR_LINE.search(seeded.output)[1].replace(" ", "")
        client.login("admin@demo.clinic", PASSWORD, second_factor=False)

        response = client.post("/login/code", data={"code": pyotp.TOTP(key).now()})

        assert response.headers["Location"] == "/"
        assert client.get("/admin/users").status_code == 200

    def test_a_dozen_clients_eight_for_ana_four_for_ben(self, seeded):
        by_therapist = Counter(c.therapist.email for c in clients())
        assert by_therapist == {"ana@demo.clinic": 8, "ben@demo.clinic": 4}

    def test_clients_in_every_state(self, seeded):
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

    def test_the_flagged_client_has_a_safety_plan(self, seeded):
        flagged = [c for c in clients() if c.safety_flag]
        assert flagged
        for client in flagged:
            assert client.intake_versions[-1].data["safety"]["plan"]

    def test_intakes_use_the_taxonomy_and_the_document_shape(self, app, seeded):
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

    def test_intakes_are_what_the_intake_form_would_save(self, app, seeded):
        """So opening a demo intake and saving it unchanged makes no new version."""
        taxonomy = get_content().taxonomy
        with app.test_request_context():
            for version in db.session.scalars(sa.select(IntakeVersion)):
                form = intake_form_class(taxonomy)(meta={"csrf": False})
                form.load(version.data)
                assert form.to_data() == version.data

    def test_twelve_weeks_of_weekly_sessions(self, seeded):
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

    def test_goals_move_up_flat_and_down_and_some_are_closed(self, seeded):
        goals = list(db.session.scalars(sa.select(Goal)))
        assert all(1 <= len(c.goals) <= 3 for c in clients() if c.intake_versions)
        assert all(not c.goals for c in clients() if not c.intake_versions)
        changes = [g.ratings[-1].score - g.ratings[0].score for g in goals if len(g.ratings) >= 3]
        assert sum(change > 0 for change in changes) > len(changes) / 2
        assert any(change < 0 for change in changes)
        assert {g.status for g in goals} == set(GoalStatus)
        assert all(g.closed_on for g in goals if g.status is not GoalStatus.OPEN)

    def test_nothing_is_dated_in_the_future(self, seeded):
        today, now = date.today(), utcnow()
        for column in (
            SessionNote.session_date,
            GoalRating.rated_on,
            Goal.closed_on,
            Client.discharged_on,
            MeasureResult.taken_on,
        ):
            assert db.session.scalar(sa.select(sa.func.max(column))) <= today
        for column in (
            Client.created_at,
            Goal.created_at,
            IntakeVersion.saved_at,
            Assignment.created_at,
            Assignment.updated_at,
            Response.created_at,
            Response.updated_at,
            Response.submitted_at,
            Review.reviewed_at,
            MeasureResult.created_at,
            MeasureRequest.created_at,
            ShareLink.created_at,
            ShareLink.first_opened_at,
            ShareLink.last_opened_at,
            ShareLink.revoked_at,
        ):
            assert db.session.scalar(sa.select(sa.func.max(column))) <= now
        assert db.session.scalar(
            sa.select(sa.func.min(SessionNote.session_date))
        ) >= today - timedelta(weeks=13)

    def test_the_audit_log_records_what_the_seed_did(self, seeded):
        actions = Counter(db.session.scalars(sa.select(AuditEvent.action)))
        assert actions["account.created"] == 3
        assert actions["client.created"] == 12
        assert actions["client.discharged"] == 2
        assert actions["intake.saved"] == count(IntakeVersion)
        assert actions["session_note.created"] == count(SessionNote)
        homework = Counter(a.status for a in assignments())
        assert actions["assignment.created"] == count(Assignment)
        assert actions["link.issued"] == count(ShareLink) > count(Assignment)
        by_link = count_where(MeasureResult.source == ResultSource.LINK)
        assert actions["link.opened"] == count(Response) + by_link
        assert actions["measure.sent"] == count(MeasureRequest) == by_link
        assert actions["measure.recorded"] == count(MeasureResult)
        assert actions["response.draft_saved"] == homework[AssignmentStatus.IN_PROGRESS]
        assert actions["response.submitted"] == count(Response) - actions["response.draft_saved"]
        assert (
            actions["assignment.reviewed"] == count(Review) == homework[AssignmentStatus.REVIEWED]
        )
        assert actions["assignment.cancelled"] == homework[AssignmentStatus.CANCELLED]

    def test_homework_in_every_status_on_both_caseloads(self, seeded):
        every = assignments()
        assert {a.status for a in every} == set(AssignmentStatus)
        by_therapist = Counter((a.created_by.email, a.status) for a in every)
        assert by_therapist["ana@demo.clinic", AssignmentStatus.SUBMITTED] >= 3
        assert by_therapist["ben@demo.clinic", AssignmentStatus.SUBMITTED] >= 1
        assert by_therapist["ben@demo.clinic", AssignmentStatus.REVIEWED] >= 5
        assert sum(a.is_overdue(date.today()) for a in every) >= 2
        assert any(a.status is AssignmentStatus.ASSIGNED and a.due_on > date.today() for a in every)
        reviewed = [a.review for a in every if a.status is AssignmentStatus.REVIEWED]
        assert all(review.comment for review in reviewed)
        assert {review.shared_with_client for review in reviewed} == {True, False}
        assert all(not a.response for a in every if a.status is AssignmentStatus.ASSIGNED)
        drafts = [a.response for a in every if a.status is AssignmentStatus.IN_PROGRESS]
        assert all(r.status is ResponseStatus.DRAFT and r.answers for r in drafts)

    def test_weekly_homework_for_active_clients_with_an_intake(self, seeded):
        for client in clients():
            if not (client.is_active and client.intake_versions):
                assert not client.assignments
                continue
            weeks = {a.created_at.date() for a in client.assignments}
            assert len(weeks) >= len(client.session_notes) * 0.6
            assert len(client.assignments) <= 2 * len(client.session_notes)
        most = max(clients(), key=lambda c: len(c.assignments))
        assert len(most.assignments) > len(most.session_notes)

    def test_exercises_are_suggested_by_the_intake(self, seeded):
        taxonomy = get_content().taxonomy
        for client in clients():
            suggested = {
                s.slug
                for version in client.intake_versions
                for s in rank_suggestions(relevant_items(version.data), taxonomy, "exercises")[
                    :SUGGESTION_POOL
                ]
            }
            assert {a.exercise_slug for a in client.assignments} <= suggested

    def test_open_homework_has_one_live_link_and_old_links_have_expired(self, seeded):
        now = utcnow()
        for assignment in assignments():
            live = [link for link in assignment.links if link.is_live(now)]
            if assignment.is_open:
                assert len(live) == 1
            elif assignment.status is AssignmentStatus.CANCELLED:
                assert not live
        links = list(db.session.scalars(sa.select(ShareLink)))
        assert sum(link.expires_at < now and link.revoked_at is None for link in links) >= 20
        assert any(link.revoked_at and link.assignment.is_open for link in links)

    def test_stored_answers_are_what_the_client_page_accepts(self, seeded):
        responses = list(db.session.scalars(sa.select(Response)))
        assert len(responses) >= 40
        for response in responses:
            fields = response.assignment.snapshot["fields"]
            submitted = response.status is ResponseStatus.SUBMITTED
            parsed = parse_answers(
                fields,
                answers_to_formdata(fields, response.answers),
                require=submitted,
                today=date.today(),
            )
            assert parsed.is_valid, (response.assignment.exercise_slug, parsed.errors)
            assert parsed.answers == response.answers
            assert submitted == (response.submitted_at is not None)
            assert submitted or response.answers.keys() < {f["id"] for f in fields}

    def test_ratings_improve_for_most_clients_stay_flat_for_one_and_worsen_for_one(self, seeded):
        trends = {plan.full_name: plan.goals[0].trend for plan in CLIENTS if plan.homework}
        changes = {"up": [], "flat": [], "down": []}
        for client in clients():
            levels = before_after(client)
            if trends.get(client.full_name) == "up":
                assert all(after < before for before, after in levels)
            if trends.get(client.full_name) == "down":
                assert any(after >= before for before, after in levels)
            if len(levels) >= 2:
                changes[trends[client.full_name]].append(levels[-1][1] - levels[0][1])
        assert changes["up"] and all(change < 0 for change in changes["up"])
        assert changes["flat"] and all(abs(change) <= 15 for change in changes["flat"])
        assert changes["down"] and all(change > 0 for change in changes["down"])

    def test_the_share_link_opens_open_homework_on_anas_caseload(self, app, seeded):
        token = share_token(seeded)
        link = db.session.scalar(
            sa.select(ShareLink).where(ShareLink.token_hash == hash_token(token))
        )
        assert link.assignment.is_open
        assert link.assignment.client.therapist.email == "ana@demo.clinic"
        browser = app.test_client()
        opened = browser.get(
            urlsplit(SHARE_LINK_LINE.fullmatch(seeded.output.splitlines()[-1])[1]).path
        )
        assert opened.status_code == 302
        assert opened.headers["Location"] == f"/h/s/{link.id}"
        page = browser.get(opened.headers["Location"])
        assert page.status_code == 200
        assert link.assignment.title in page_text(page)

    def test_anas_caseload_shows_homework_to_review_and_overdue(self, seeded, client):
        client.login("ana@demo.clinic", PASSWORD)
        text = page_text(client.get("/"))
        assert "to review" in text
        assert "overdue" in text

    def test_twelve_weeks_of_measures_improving_flat_and_deteriorating(self, seeded):
        verdicts = {
            "improving": RELIABLE_IMPROVEMENT,
            "flat": NO_RELIABLE_CHANGE,
            "deteriorating": RELIABLE_DETERIORATION,
        }
        courses = {plan.full_name: plan.measures for plan in CLIENTS if plan.measures}
        assert sorted(courses.values()) == sorted(MEASURE_COURSES)
        for client in clients():
            course = courses.get(client.full_name)
            if course is None:
                assert results_for(client) == []
                continue
            phq9 = results_for(client, "phq-9")
            check_ins = results_for(client, "trust-check-in")
            assert (phq9[-1].taken_on - phq9[0].taken_on).days >= 10 * 7
            assert len(phq9) == len(results_for(client, "gad-7")) >= 6
            assert len(check_ins) == 12, "weekly"
            assert {r.source for r in phq9} == {ResultSource.SESSION}
            assert {r.source for r in check_ins} == {ResultSource.LINK}
            assert not any(r.safety_item_positive for r in phq9)
            summaries = {s.measure.slug: s.verdict for s in change_summaries(client)}
            assert summaries == {
                "phq-9": verdicts[course],
                "gad-7": verdicts[course],
                "trust-check-in": DESCRIPTIVE_ONLY,
            }

    def test_measure_answers_score_to_their_stored_totals(self, seeded):
        measures = get_content().measures
        for result in db.session.scalars(sa.select(MeasureResult)):
            measure = measures[result.measure_slug]
            assert measure.score(result.answers) == result.total
            assert result.band == (b.label if (b := measure.band_for(result.total)) else None)

    def test_the_measure_clients_do_experiments_and_say_it_instead_of_checking(self, seeded):
        wanted = {"small-trust-step", "say-it-instead-of-checking"}
        for client in clients():
            if client.full_name not in {p.full_name for p in CLIENTS if p.measures}:
                continue
            done = Counter(
                a.exercise_slug
                for a in client.assignments
                if a.response and a.response.status is ResponseStatus.SUBMITTED
            )
            assert sum(done[slug] for slug in wanted) >= 4, client.full_name

    def test_anas_caseload_shows_reliable_change_arrows(self, seeded, client):
        client.login("ana@demo.clinic", PASSWORD)
        text = page_text(client.get("/"))
        assert "reliable improvement" in text
        rosa = text.split(" Rosa ")[1].split(" Sam ")[0]
        assert "GAD-7 7 → 13: reliable deterioration" in rosa, rosa
