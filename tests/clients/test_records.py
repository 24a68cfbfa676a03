import json
from datetime import date, timedelta

import sqlalchemy as sa

from clinic.audit.models import AuditEvent
from clinic.clients.models import (
    Client,
    ClientStatus,
    Goal,
    GoalRating,
    GoalStatus,
    IntakeVersion,
    SessionNote,
)
from clinic.extensions import db
from tests.conftest import page_text, reload


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_therapist_adds_a_client_to_their_caseload(app, therapist_client, therapist):
    response = therapist_client.post(
        "/clients/new",
        data={
            "preferred_name": "Sam",
            "full_name": "Samantha Reyes",
            "pronouns": "she/her",
            "date_of_birth": "1990-04-02",
            "email": "sam@example.org",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/intake")
    with app.app_context():
        client = db.session.scalar(sa.select(Client))
        assert client.therapist_id == therapist.id
        assert client.status is ClientStatus.ACTIVE
        assert client.date_of_birth == date(1990, 4, 2)


def test_new_client_with_bad_input_keeps_what_was_typed(app, therapist_client):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = therapist_client.post(
        "/clients/new",
        data={
            "preferred_name": "",
            "full_name": "Kept Full Name",
            "date_of_birth": tomorrow,
            "email": "not-an-email",
        },
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "This field is required." in text
    assert "This date is in the future." in text
    assert "Invalid email address." in text
    assert 'value="Kept Full Name"' in response.text
    assert count(app, Client) == 0


def test_edit_details(app, therapist_client, therapist, make_client):
    client = make_client(therapist, preferred_name="Jo")
    therapist_client.post(
        f"/clients/{client.id}/edit",
        data={"preferred_name": "Joanna", "full_name": client.full_name, "pronouns": ""},
    )
    with app.app_context():
        updated = reload(Client, client.id)
        assert updated.preferred_name == "Joanna"
        assert updated.pronouns is None


def test_discharge_and_reopen(app, therapist_client, therapist, make_client):
    client = make_client(therapist)
    response = therapist_client.post(
        f"/clients/{client.id}/discharge",
        data={"discharged_on": date.today().isoformat(), "reason": "Goals met"},
    )
    assert response.status_code == 302
    with app.app_context():
        discharged = reload(Client, client.id)
        assert discharged.status is ClientStatus.DISCHARGED
        assert discharged.discharge_reason == "Goals met"
    assert "Discharged on" in page_text(therapist_client.get(f"/clients/{client.id}"))

    therapist_client.post(f"/clients/{client.id}/reopen")
    with app.app_context():
        reopened = reload(Client, client.id)
        assert reopened.status is ClientStatus.ACTIVE
        assert reopened.discharged_on is None


def test_discharge_needs_a_reason(app, therapist_client, therapist, make_client):
    client = make_client(therapist)
    response = therapist_client.post(
        f"/clients/{client.id}/discharge", data={"discharged_on": date.today().isoformat()}
    )
    assert response.status_code == 200
    assert "This field is required." in page_text(response)
    with app.app_context():
        assert reload(Client, client.id).status is ClientStatus.ACTIVE


def test_goals_are_added_rated_and_closed(app, therapist_client, therapist, make_client):
    client = make_client(therapist)
    therapist_client.post(
        f"/clients/{client.id}/goals", data={"description": "Ask instead of checking"}
    )
    with app.app_context():
        goal = db.session.scalar(sa.select(Goal))
    for day, score in (("2026-01-05", 3), ("2026-02-02", 6)):
        therapist_client.post(
            f"/clients/{client.id}/goals/{goal.id}/ratings", data={"score": score, "rated_on": day}
        )
    therapist_client.post(f"/clients/{client.id}/goals/{goal.id}/status", data={"status": "met"})

    with app.app_context():
        goal = reload(Goal, goal.id)
        assert [r.score for r in goal.ratings] == [3, 6]
        assert goal.status is GoalStatus.MET
        assert goal.closed_on == date.today()
    text = page_text(therapist_client.get(f"/clients/{client.id}"))
    assert "Ask instead of checking" in text and "3 → 6" in text


def test_out_of_range_rating_is_explained_beside_the_field(
    app, therapist_client, therapist, make_client, make_goal
):
    client = make_client(therapist)
    goal = make_goal(client)
    response = therapist_client.post(
        f"/clients/{client.id}/goals/{goal.id}/ratings",
        data={"score": "11", "rated_on": "2026-01-05"},
    )
    assert response.status_code == 400
    assert "Number must be between 0 and 10." in page_text(response)
    assert 'value="11"' in response.text
    assert count(app, GoalRating) == 0


def test_empty_goal_is_refused_and_nothing_else_changes(
    app, therapist_client, therapist, make_client
):
    client = make_client(therapist)
    response = therapist_client.post(f"/clients/{client.id}/goals", data={"description": "  "})
    assert response.status_code == 400
    assert "This field is required." in page_text(response)
    assert count(app, Goal) == 0


def test_session_notes_are_listed_with_attendance_counts(
    app, therapist_client, therapist, make_client
):
    client = make_client(therapist)
    for day, attendance in (
        ("2026-01-05", "attended"),
        ("2026-01-12", "no_show"),
        ("2026-01-19", "attended"),
    ):
        response = therapist_client.post(
            f"/clients/{client.id}/notes",
            data={
                "session_date": day,
                "duration_minutes": 50,
                "attendance": attendance,
                "note": f"Note for {day}",
            },
        )
        assert response.status_code == 302
    text = page_text(therapist_client.get(f"/clients/{client.id}"))
    assert "2 attended · 0 cancelled · 1 no-show" in text
    assert text.index("19 Jan 2026") < text.index("5 Jan 2026"), "newest first"


def test_session_note_with_bad_input_keeps_what_was_typed(
    app, therapist_client, therapist, make_client
):
    client = make_client(therapist)
    response = therapist_client.post(
        f"/clients/{client.id}/notes",
        data={
            "session_date": "2026-01-05",
            "duration_minutes": "900",
            "attendance": "attended",
            "note": "Typed note kept",
        },
    )
    assert response.status_code == 400
    assert "Number must be between 0 and 600." in page_text(response)
    assert "Typed note kept" in response.text
    assert count(app, SessionNote) == 0


def test_export_holds_the_whole_record(
    app, therapist_client, therapist, make_client, make_goal, make_intake, make_session_note
):
    client = make_client(therapist, preferred_name="Lee", full_name="Lee Example")
    make_intake(client, {"reason": "First"})
    make_intake(client, {"reason": "Second"})
    make_goal(client, "Trust one friend with one small thing")
    make_session_note(client, "Discussed ladder")

    response = therapist_client.get(f"/clients/{client.id}/export.json")
    assert response.status_code == 200
    assert (
        response.headers["Content-Disposition"] == f'attachment; filename="client-{client.id}.json"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    document = json.loads(response.text)
    assert document["client"]["full_name"] == "Lee Example"
    assert [v["data"]["reason"] for v in document["intake_versions"]] == ["First", "Second"]
    assert document["goals"][0]["description"] == "Trust one friend with one small thing"
    assert document["session_notes"][0]["note"] == "Discussed ladder"


def test_erase_needs_the_full_name_typed_exactly(app, therapist_client, therapist, make_client):
    client = make_client(therapist, full_name="Robin Example")
    response = therapist_client.post(f"/clients/{client.id}/erase", data={"confirm_name": "robin"})
    assert response.status_code == 200
    assert "does not match" in page_text(response)
    assert 'value="robin"' in response.text
    with app.app_context():
        assert reload(Client, client.id) is not None


def test_erase_removes_all_clinical_data_and_leaves_a_bare_audit_entry(
    app, therapist_client, therapist, make_client, make_goal, make_intake, make_session_note
):
    client = make_client(therapist, full_name="Robin Example")
    make_intake(client, {"reason": "Private reason"})
    goal = make_goal(client)
    make_session_note(client, "Private note")
    therapist_client.post(
        f"/clients/{client.id}/goals/{goal.id}/ratings", data={"score": 4, "rated_on": "2026-01-05"}
    )

    response = therapist_client.post(
        f"/clients/{client.id}/erase", data={"confirm_name": "Robin Example"}
    )
    assert response.status_code == 302
    for model in (Client, IntakeVersion, Goal, GoalRating, SessionNote):
        assert count(app, model) == 0, model.__name__
    with app.app_context():
        erased = db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "client.erased")
        )
        assert erased.object_id == client.id
        assert erased.actor_user_id == therapist.id
        every_detail = json.dumps([e.details for e in db.session.scalars(sa.select(AuditEvent))])
    assert "Robin" not in every_detail and "Private" not in every_detail
    assert therapist_client.get(f"/clients/{client.id}").status_code == 404
