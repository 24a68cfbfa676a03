from contextlib import contextmanager
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from clinic.auth.models import User
from clinic.clients.models import Attendance, Client, ClientStatus, SessionNote
from clinic.extensions import db
from tests.conftest import page_text


@contextmanager
def counted_statements(app):
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


def add_clients(app, therapist, how_many: int, *, prefix: str = "Client") -> list[int]:
    with app.app_context():
        owner = db.session.get(User, therapist.id)
        clients = [
            Client(
                therapist=owner,
                preferred_name=f"{prefix} {n:03d}",
                full_name=f"{prefix} {n:03d} Full",
            )
            for n in range(how_many)
        ]
        db.session.add_all(clients)
        db.session.flush()
        for n, client in enumerate(clients):
            db.session.add(
                SessionNote(
                    client=client,
                    session_date=date.today() - timedelta(days=n % 30),
                    duration_minutes=50,
                    attendance=Attendance.ATTENDED,
                    written_by_id=owner.id,
                )
            )
        db.session.commit()
        return [c.id for c in clients]


def test_caseload_lists_only_my_active_clients(app, therapist_client, therapist, make_user):
    colleague = make_user(name="Other Therapist")
    add_clients(app, therapist, 2, prefix="Mine")
    add_clients(app, colleague, 2, prefix="Theirs")
    text = page_text(therapist_client.get("/"))
    assert "Mine 000" in text and "Mine 001" in text
    assert "Theirs" not in text


def test_caseload_shows_last_attended_session_and_safety_flag(app, therapist_client, therapist):
    (client_id,) = add_clients(app, therapist, 1, prefix="Flagged")
    with app.app_context():
        client = db.session.get(Client, client_id)
        client.safety_flag = True
        db.session.add(
            SessionNote(
                client=client,
                session_date=date.today() + timedelta(days=0),
                duration_minutes=50,
                attendance=Attendance.NO_SHOW,
                written_by_id=therapist.id,
            )
        )
        db.session.add(
            SessionNote(
                client=client,
                session_date=date(2026, 3, 2),
                duration_minutes=50,
                attendance=Attendance.ATTENDED,
                written_by_id=therapist.id,
            )
        )
        db.session.commit()
    text = page_text(therapist_client.get("/"))
    assert "Safety flag" in text
    assert date.today().strftime("%-d %b %Y") in text, "the no-show does not count as last session"


def test_discharged_clients_are_one_click_away(app, therapist_client, therapist):
    ids = add_clients(app, therapist, 2, prefix="Person")
    with app.app_context():
        db.session.get(Client, ids[0]).status = ClientStatus.DISCHARGED
        db.session.commit()
    active = therapist_client.get("/")
    assert 'href="/?status=discharged"' in active.text
    assert "Person 000" not in page_text(active)
    discharged = page_text(therapist_client.get("/?status=discharged"))
    assert "Person 000" in discharged and "Person 001" not in discharged


def test_search_filter_and_sort(app, therapist_client, therapist):
    ids = add_clients(app, therapist, 3, prefix="Zed")
    add_clients(app, therapist, 1, prefix="Amy")
    with app.app_context():
        db.session.get(Client, ids[1]).safety_flag = True
        db.session.commit()
    assert page_text(therapist_client.get("/?q=amy")).count("Amy 000 Full") == 1
    assert "Zed" not in page_text(therapist_client.get("/?q=amy"))
    flagged = page_text(therapist_client.get("/?flagged=y"))
    assert "Zed 001" in flagged and "Zed 000" not in flagged
    by_name = page_text(therapist_client.get("/?sort=name"))
    assert by_name.index("Amy 000") < by_name.index("Zed 000")
    flagged_first = page_text(therapist_client.get("/?sort=flagged"))
    assert flagged_first.index("Zed 001") < flagged_first.index("Amy 000")


def test_search_treats_wildcards_literally(app, therapist_client, therapist):
    add_clients(app, therapist, 2, prefix="Kim")
    assert "No clients match" in page_text(therapist_client.get("/?q=%25"))
    assert "No clients match" in page_text(therapist_client.get("/?q=_"))


@pytest.mark.parametrize(
    "query", ["sort=DROP TABLE", "status=everything", "page=-1", "page=abc", "q=" + "x" * 200]
)
def test_unknown_filter_values_fall_back_to_defaults(app, therapist_client, therapist, query):
    add_clients(app, therapist, 1, prefix="Safe")
    response = therapist_client.get(f"/?{query}")
    assert response.status_code == 200
    assert "Safe 000" in page_text(response)


def test_caseload_paginates(app, therapist_client, therapist):
    add_clients(app, therapist, 60)
    first = page_text(therapist_client.get("/"))
    assert "Page 1 of 2" in first and "Client 049" in first and "Client 050" not in first
    assert "Client 050" in page_text(therapist_client.get("/?page=2"))


def test_caseload_uses_the_same_number_of_queries_for_5_and_200_clients(app, client, make_user):
    small, large = make_user(), make_user()
    add_clients(app, small, 5)
    add_clients(app, large, 200)

    def statements_for(user) -> int:
        client.login(user.email)
        client.get("/")
        with counted_statements(app) as statements:
            assert client.get("/").status_code == 200
        client.post("/logout")
        return len(statements)

    assert statements_for(small) == statements_for(large) <= 8


def test_admin_is_sent_to_the_client_admin_page(admin_client):
    response = admin_client.get("/")
    assert response.headers["Location"] == "/admin/clients"
