"""Command-line tools: `flask --app wsgi users create`, `backup`, `restore`."""

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.engine import make_url

from clinic.auth import services as accounts
from clinic.auth.models import Role
from clinic.extensions import db

users_cli = AppGroup("users", help="Manage therapist and admin accounts.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Display name, e.g. 'Dr Ana Ruiz'.")
@click.option("--admin", is_flag=True, help="Create a clinic admin instead of a therapist.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(email: str, name: str, admin: bool, password_stdin: bool) -> None:
    """Create an account; the password is prompted for twice unless read from stdin."""
    password = _read_password(password_stdin)
    try:
        user = accounts.create_user(
            email, name, password, role=Role.ADMIN if admin else Role.THERAPIST, by=None
        )
    except accounts.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Write a consistent copy of the database to FILE while the app keeps running."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        _backup_sqlite(Path(url.database), file)
    elif url.get_backend_name() == "postgresql":
        _backup_postgresql(url, file)
    else:
        raise click.ClickException(f"Backups are not supported for {url.get_backend_name()}.")
    click.echo(f"Backup written to {file}")


def _backup_sqlite(database: Path, target: Path) -> None:
    """SQLite's online backup API copies pages consistently even while others write."""
    source = sqlite3.connect(database)
    destination = sqlite3.connect(target)
    try:
        with destination:
            source.backup(destination)
    finally:
        destination.close()
        source.close()


def _backup_postgresql(url, target: Path) -> None:
    result = subprocess.run(  # noqa: S603 (fixed program, arguments not from a shell)
        [
            _pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            f"--file={target}",
            f"--dbname={_libpq_url(url)}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise click.ClickException(f"pg_dump failed: {result.stderr.strip()}")


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise click.ClickException(
            f"{name} was not found on PATH; install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client) and try again."
        )
    return path


def _libpq_url(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds records.")
@with_appcontext
def restore_command(file: Path, force: bool) -> None:
    """Replace the configured database with the backup in FILE (made by `backup`).

    Refuses a database that already holds records unless --force is given; a freshly
    migrated, empty database is fine.
    """
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise click.ClickException(f"Restoring is not supported for {backend}.")
    tables_with_rows = _tables_with_rows()
    db.engine.dispose()
    if tables_with_rows and not force:
        raise click.ClickException(
            f"The database {url.render_as_string()} already holds records "
            f"({', '.join(tables_with_rows)}). Restore into an empty database, "
            "or add --force to replace everything in it."
        )
    if backend == "sqlite":
        _restore_sqlite(file, Path(url.database))
    else:
        _restore_postgresql(file, url)
    click.echo(f"Restored {file} into {url.render_as_string()}")


# Rows a freshly migrated database already has: Alembic's revision, the default settings.
FILLED_BY_MIGRATIONS = frozenset({"alembic_version", "clinic_settings"})


def _tables_with_rows() -> list[str]:
    """Tables of the configured database that hold rows a migration did not put there."""
    with db.engine.connect() as connection:
        names = sa.inspect(connection).get_table_names()
        return [
            name
            for name in sorted(names)
            if name not in FILLED_BY_MIGRATIONS
            and connection.execute(
                sa.select(sa.literal(1)).select_from(sa.table(name)).limit(1)
            ).first()
            is not None
        ]


def _restore_sqlite(backup: Path, database: Path) -> None:
    """Page by page with SQLite's backup API, so the result is exactly the backup file."""
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        try:
            healthy = source.execute("PRAGMA quick_check").fetchone() == ("ok",)
        except sqlite3.DatabaseError:
            healthy = False
        if not healthy:
            raise click.ClickException(f"{backup} is not an intact SQLite database.")
        destination = sqlite3.connect(database)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()


def _restore_postgresql(backup: Path, url) -> None:
    """pg_restore in one transaction: on any error the database is left as it was."""
    result = subprocess.run(  # noqa: S603 (fixed program, arguments not from a shell)
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={_libpq_url(url)}",
            str(backup),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise click.ClickException(f"pg_restore failed: {result.stderr.strip()}")


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
