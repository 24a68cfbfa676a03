"""Command-line tools: `flask --app wsgi users create`, `backup`."""

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
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
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise click.ClickException(
            "pg_dump was not found on PATH; install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client) and try again."
        )
    libpq_url = url.set(drivername="postgresql").render_as_string(hide_password=False)
    result = subprocess.run(  # noqa: S603 (fixed program, arguments not from a shell)
        [pg_dump, "--format=custom", "--no-owner", f"--file={target}", f"--dbname={libpq_url}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise click.ClickException(f"pg_dump failed: {result.stderr.strip()}")


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(backup_command)
