import sqlite3

import pytest
import sqlalchemy as sa

from clinic.auth.models import Role, User
from clinic.extensions import db
from tests.conftest import backend


def test_users_create_reads_the_password_from_stdin(app, ctx):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "Lee@Example.org",
            "--name",
            "Lee Admin",
            "--admin",
            "--password-stdin",
        ],
        input="a-long-admin-passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin lee@example.org" in result.output
    user = db.session.scalar(sa.select(User).where(User.email == "lee@example.org"))
    assert user.role is Role.ADMIN
    assert not user.must_change_password


def test_users_create_prompts_twice(app, ctx):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "kim@example.org", "--name", "Kim"],
        input="a-long-therapist-passphrase\na-long-therapist-passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert (
        db.session.scalar(sa.select(User).where(User.email == "kim@example.org")).role
        is Role.THERAPIST
    )


def test_users_create_refuses_a_weak_password(app, ctx):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "kim@example.org", "--name", "Kim", "--password-stdin"],
        input="password1234\n",
    )
    assert result.exit_code == 1
    assert "too common" in result.output
    assert db.session.scalar(sa.select(User).where(User.email == "kim@example.org")) is None


def test_users_create_refuses_a_duplicate_email(app, ctx, therapist):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "ANA@example.org", "--name", "Ana", "--password-stdin"],
        input="a-long-therapist-passphrase\n",
    )
    assert result.exit_code == 1
    assert "already exists" in result.output


@pytest.mark.skipif(backend() != "sqlite", reason="the SQLite backup path; PostgreSQL below")
def test_backup_copies_the_sqlite_database(app, tmp_path, make_user):
    make_user(email="kept@example.org")
    target = tmp_path / "backup.db"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = {
            row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    assert {"users", "audit_events", "alembic_version"} <= tables


@pytest.mark.skipif(backend() != "postgresql", reason="the PostgreSQL backup path; SQLite above")
def test_backup_dumps_the_postgresql_database(app, tmp_path):
    target = tmp_path / "backup.dump"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:5] == b"PGDMP"


def test_backup_explains_when_pg_dump_is_missing(app, tmp_path, monkeypatch):
    import clinic.cli

    monkeypatch.setattr(clinic.cli.shutil, "which", lambda name: None)
    monkeypatch.setitem(app.config, "SQLALCHEMY_DATABASE_URI", "postgresql+psycopg://u@localhost/x")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.dump")])
    assert result.exit_code == 1
    assert "pg_dump was not found" in result.output
