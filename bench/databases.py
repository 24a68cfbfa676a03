"""Fresh databases for a run: SQLite files in a scratch folder, or PostgreSQL databases created
on the server given by `--database-url` and dropped afterwards."""

import uuid
from pathlib import Path

import psycopg
from flask import Flask
from flask_migrate import upgrade

from clinic import create_app
from clinic.extensions import db


def _psycopg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


class Databases:
    def __init__(self, scratch: Path, server_url: str | None):
        self.scratch = scratch
        self.server_url = server_url and _psycopg_url(server_url)
        self.created: list[str] = []

    @property
    def backend(self) -> str:
        return "postgresql" if self.server_url else "sqlite"

    def new(self, name: str, *, postgresql: bool | None = None) -> str:
        """The SQLAlchemy URL of a new empty database."""
        server = self.server_url if postgresql is None else (postgresql and self.server_url)
        if postgresql and not server:
            server = "postgresql://postgres@127.0.0.1:5432/postgres"
        if not server:
            return f"sqlite:///{self.scratch / f'{name}.db'}"
        database = f"bench_{name}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        self.created.append(f"{server.rsplit('/', 1)[0]}|{database}")
        base = server.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        return f"{base}/{database}"

    def drop_all(self) -> None:
        for entry in self.created:
            server, database = entry.split("|")
            with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        self.created.clear()


def make_app(database_url: str) -> Flask:
    """The real app on this database, configured from the environment `run.py` prepared."""
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def migrated_app(database_url: str) -> Flask:
    app = make_app(database_url)
    with app.app_context():
        upgrade()
    return app


def close_app(app: Flask) -> None:
    """Let go of the app's connections, so its database can be served or dropped."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
