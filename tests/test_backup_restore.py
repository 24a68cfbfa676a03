"""A backup taken while the app writes is a consistent snapshot, and restoring it gives back
exactly what it holds: every table's row count and checksum, on SQLite and PostgreSQL."""

import hashlib
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from clinic.auth.models import Role, User
from clinic.auth.services import create_user
from clinic.clients import services as clients
from clinic.extensions import db
from tests.conftest import (
    DEFAULT_PASSWORD,
    TemporaryPostgresDatabase,
    backend,
    make_test_app,
)

WRITER_PREFIX = "Written during the backup"
# Enough clinical text that the copy takes a while, so the writer commits during it.
SEED_CLIENTS = 300
SEED_NOTE = "A long session note about the week. " * 60

Digests = dict[str, tuple[int, str]]


# Writing while the backup runs


class Writer(threading.Thread):
    """Adds clients through the app's services, one commit each, until stopped."""

    def __init__(self, app: Flask, therapist_id: int):
        super().__init__(daemon=True)
        self.app, self.therapist_id = app, therapist_id
        self.committed = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with self.app.app_context():
                therapist = db.session.get(User, self.therapist_id)
                while not self.stop.is_set():
                    number = self.committed + 1
                    clients.create_client(
                        therapist,
                        preferred_name=f"{WRITER_PREFIX} {number}",
                        full_name=f"{WRITER_PREFIX} {number} Client",
                    )
                    db.session.commit()
                    self.committed = number
                db.session.remove()
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error


@pytest.fixture
def clinic(isolated_app) -> tuple[Flask, int]:
    """A clinic with a caseload of clients whose records hold some text."""
    with isolated_app.app_context():
        therapist = create_user(
            "ana@example.org", "Ana", DEFAULT_PASSWORD, role=Role.THERAPIST, by=None
        )
        for number in range(SEED_CLIENTS):
            client = clients.create_client(
                therapist, preferred_name=f"Seed {number}", full_name=f"Seed {number} Client"
            )
            clients.add_goal(client, SEED_NOTE)
        db.session.commit()
        therapist_id = therapist.id
    return isolated_app, therapist_id


def writer_clients(app: Flask) -> int:
    with app.app_context():
        return count_writer_clients(db.session.connection())


def count_writer_clients(connection) -> int:
    return connection.execute(
        sa.text("SELECT count(*) FROM clients WHERE preferred_name LIKE :p"),
        {"p": f"{WRITER_PREFIX}%"},
    ).scalar_one()


def backup_while_writing(app: Flask, therapist_id: int, target: Path) -> tuple[int, int]:
    """Back up to `target` while a writer commits; the writer's rows before and after."""
    writer = Writer(app, therapist_id)
    writer.start()
    try:
        while writer.committed < 5 and writer.is_alive():
            threading.Event().wait(0.01)
        before = writer_clients(app)
        result = app.test_cli_runner().invoke(args=["backup", str(target)])
        after = writer_clients(app)
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    assert after > before, "the writer committed while the backup ran"
    return before, after


# Counting and hashing every table


def sqlite_digests(path: Path) -> Digests:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        digests = {}
        for name in names:
            rows = connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()  # noqa: S608
            digests[name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return digests


def copy_lines_digest(lines: list[str]) -> tuple[int, str]:
    """Rows in COPY text format, sorted, so the order a dump wrote them in does not matter."""
    return len(lines), hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


def dump_digests(dump: Path) -> Digests:
    """Every table's rows as the dump file itself holds them (its COPY blocks)."""
    script = subprocess.run(
        ["pg_restore", "--data-only", "--file=-", str(dump)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    digests, table, lines = {}, None, []
    for line in script.splitlines():
        if table is None and line.startswith("COPY "):
            table, lines = line.split()[1].removeprefix("public."), []
        elif table is not None and line == "\\.":
            digests[table.strip('"')] = copy_lines_digest(lines)
            table = None
        elif table is not None:
            lines.append(line)
    return digests


def postgres_digests(libpq_url: str) -> Digests:
    digests = {}
    with psycopg.connect(libpq_url) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        for name in names:
            with connection.cursor().copy(f'COPY public."{name}" TO STDOUT') as copy:
                data = b"".join(bytes(chunk) for chunk in copy).decode()
            digests[name] = copy_lines_digest(data.splitlines())
    return digests


def libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


# A fresh database to restore into


@contextmanager
def fresh_app(tmp_path: Path) -> Iterator[Flask]:
    if backend() == "postgresql":
        database = TemporaryPostgresDatabase("clinic_restored")
    else:
        database = nullcontext(f"sqlite:///{tmp_path / 'restored.db'}")
    with database as url:
        app = make_test_app(url, tmp_path / "restored-instance")
        yield app
        with app.app_context():
            db.engine.dispose()


def database_digests(app: Flask) -> Digests:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        return sqlite_digests(Path(sa.engine.make_url(url).database))
    return postgres_digests(libpq(url))


def backup_digests(target: Path) -> Digests:
    return sqlite_digests(target) if backend() == "sqlite" else dump_digests(target)


def snapshot_consistency(target: Path, restored: Flask) -> tuple[int, int, list]:
    """(writer's clients, their client.created audit events, foreign keys broken)."""
    if backend() == "sqlite":
        with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as connection:
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    else:
        # pg_restore re-creates every foreign key, which checks every row.
        broken = []
    with restored.app_context():
        connection = db.session.connection()
        clients_count = count_writer_clients(connection)
        created_events = connection.execute(
            sa.text(
                "SELECT count(*) FROM audit_events a JOIN clients c ON c.id = a.object_id "
                "WHERE a.action = 'client.created' AND c.preferred_name LIKE :p"
            ),
            {"p": f"{WRITER_PREFIX}%"},
        ).scalar_one()
    return clients_count, created_events, broken


# The round trip


def test_a_backup_taken_while_writing_restores_exactly(clinic, tmp_path):
    app, therapist_id = clinic
    target = tmp_path / ("clinic-backup.db" if backend() == "sqlite" else "clinic-backup.dump")

    before, after = backup_while_writing(app, therapist_id, target)

    in_backup = backup_digests(target)
    with fresh_app(tmp_path) as restored:
        result = restored.test_cli_runner().invoke(args=["restore", str(target)])
        assert result.exit_code == 0, result.output
        assert database_digests(restored) == in_backup
        clients_count, created_events, broken = snapshot_consistency(target, restored)
    assert before <= clients_count <= after, "the backup is one moment between the two"
    assert created_events == clients_count, "each client and its audit event, or neither"
    assert broken == []
    assert in_backup["clients"][0] == SEED_CLIENTS + clients_count
    assert in_backup["goals"][0] == SEED_CLIENTS


def test_restore_refuses_a_database_that_holds_records(clinic, tmp_path):
    app, therapist_id = clinic
    target = tmp_path / "backup"
    assert app.test_cli_runner().invoke(args=["backup", str(target)]).exit_code == 0
    with app.app_context():
        therapist = db.session.get(User, therapist_id)
        clients.create_client(therapist, preferred_name="After", full_name="After The Backup")
        db.session.commit()

    refused = app.test_cli_runner().invoke(args=["restore", str(target)])
    assert refused.exit_code == 1
    assert "already holds records" in refused.output
    assert "--force" in refused.output
    assert "After" in names_on_record(app)

    forced = app.test_cli_runner().invoke(args=["restore", "--force", str(target)])
    assert forced.exit_code == 0, forced.output
    assert "After" not in names_on_record(app)
    assert len(names_on_record(app)) == SEED_CLIENTS


def names_on_record(app: Flask) -> list[str]:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
        return list(db.session.scalars(sa.text("SELECT preferred_name FROM clients")))


def test_restore_into_a_freshly_migrated_database_needs_no_force(clinic, tmp_path):
    app, _ = clinic
    target = tmp_path / "backup"
    assert app.test_cli_runner().invoke(args=["backup", str(target)]).exit_code == 0
    with fresh_app(tmp_path) as restored:
        with restored.app_context():
            upgrade()
        result = restored.test_cli_runner().invoke(args=["restore", str(target)])
        assert result.exit_code == 0, result.output
        assert len(names_on_record(restored)) == SEED_CLIENTS


@pytest.mark.skipif(backend() != "sqlite", reason="the SQLite file check")
def test_restore_refuses_a_file_that_is_not_a_database(tmp_path, isolated_app):
    bogus = tmp_path / "not-a-backup.db"
    bogus.write_bytes(b"this is not SQLite" * 100)
    with fresh_app(tmp_path) as restored:
        result = restored.test_cli_runner().invoke(args=["restore", str(bogus)])
    assert result.exit_code == 1
    assert "not an intact SQLite database" in result.output


def test_pg_dump_and_pg_restore_match_the_server_version(app):
    if backend() != "postgresql":
        pytest.skip("PostgreSQL only")
    with app.app_context():
        server = db.session.execute(sa.text("SHOW server_version_num")).scalar_one()
    for tool in ("pg_dump", "pg_restore"):
        version = subprocess.run(
            [tool, "--version"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[2]
        assert version.split(".")[0] == str(int(server) // 10000), f"{tool} {version}"
