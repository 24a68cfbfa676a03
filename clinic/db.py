"""Database plumbing shared by every domain: the declarative base, UTC times, SQLite pragmas."""

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def db_enum(enum_class: type[enum.Enum], length: int = 20) -> sa.Enum:
    """An enum stored as its values in a VARCHAR, the same on SQLite and PostgreSQL."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
    )


class UTCDateTime(sa.types.TypeDecorator):
    """Stores naive UTC and always hands back aware UTC datetimes, on SQLite as on PostgreSQL."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record):
    """WAL, enforced foreign keys and a busy timeout; and transactions that SQLAlchemy controls.

    pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT, so it is turned off
    here and SQLAlchemy emits BEGIN itself (see the `begin` listener below).
    """
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    """A request that may write takes SQLite's write lock when its transaction begins.

    With a deferred BEGIN, two requests that both read and then write can deadlock, and SQLite
    answers one of them "database is locked" at once, without waiting out the busy timeout.
    Reading requests keep the deferred BEGIN, so they never wait for a writer.
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _in_writing_request() else "BEGIN")


def _in_writing_request() -> bool:
    return has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")


# Whether the connection's current transaction has sent anything but reads.
WROTE = "clinic.wrote"
READING_VERBS = ("SELECT", "BEGIN")


@event.listens_for(Engine, "begin")
def _nothing_written_yet(connection):
    connection.info[WROTE] = False


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(connection, cursor, statement, parameters, context, executemany):
    if not statement.lstrip()[:6].upper().startswith(READING_VERBS):
        connection.info[WROTE] = True


def commit_reading_requests(app: Flask) -> None:
    """End a request that only read with COMMIT rather than the usual ROLLBACK.

    For a transaction that wrote nothing the two have the same outcome, but psycopg forgets
    every prepared statement at a ROLLBACK, so PostgreSQL would plan each statement again on
    every request (docs/performance.md). A request that wrote, holds unflushed changes or
    failed is left to be rolled back as before.
    """

    sessions = app.extensions["sqlalchemy"].session

    @app.teardown_request
    def _commit_if_only_read(error: BaseException | None) -> None:
        if error is not None or not sessions.registry.has():
            return
        session = sessions()
        if not session.in_transaction():
            return
        if session.new or session.dirty or session.deleted:
            return
        if not session.connection().info.get(WROTE, True):
            session.commit()
