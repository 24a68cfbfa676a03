"""One transaction boundary per request.

Views never commit. Each request runs in one transaction that this module ends after the view:
committed when the view answered below 400, rolled back when it refused (4xx) or failed, so a
refused request changes nothing. What an endpoint does decides how its transaction begins:

- An endpoint that changes data is a *writing* endpoint. On SQLite its transaction begins with
  `BEGIN IMMEDIATE`, which waits (busy timeout) for the write lock instead of failing later
  with "database is locked" when a deferred transaction tries to write. A view that accepts
  POST is a writing endpoint unless marked `@reads_only`; a GET that writes (opening a share
  link counts the visit) is marked `@writes`.
- Every other endpoint *reads*: a deferred transaction that never takes the write lock, ended
  with COMMIT (which, unlike ROLLBACK, keeps psycopg's prepared statements). A write inside it
  is a programming error, raised as `UndeclaredWrite` when `UNIT_OF_WORK_STRICT` is on (in
  development and tests) and logged otherwise.

Access events — "this record was viewed", "this PDF was downloaded" — are written after the
view, in a short transaction of their own, for every response that showed something (below
500). So a page or a PDF render never holds the write lock, and a refused form that re-shows
the record still counts as one view.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from clinic.extensions import db

log = logging.getLogger(__name__)

View = TypeVar("View", bound=Callable)

DECLARATION = "clinic_writes"
READING_VERBS = ("SELECT", "WITH", "BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK")


class UndeclaredWrite(RuntimeError):
    """A reading endpoint tried to change data: mark it `@writes`."""


def writes(view: View) -> View:
    """Mark a view that changes data although it answers GET."""
    setattr(view, DECLARATION, True)
    return view


def reads_only(view: View) -> View:
    """Mark a view that changes no data although it accepts POST (e.g. a PDF made from a form)."""
    setattr(view, DECLARATION, False)
    return view


def request_writes() -> bool:
    """Whether the request being served is a writing one; False outside requests."""
    return has_request_context() and g.get("uow_writes", False)


def _declared_writes() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    declared = getattr(view, DECLARATION, None)
    return declared if declared is not None else request.method == "POST"


def queue_access_event(event_row: db.Model) -> None:
    """Queue an access event, written after the view in its own short transaction (or at once
    into the current transaction outside a request being served)."""
    if "uow_access_events" in g:
        g.uow_access_events.append(event_row)
    else:
        db.session.add(event_row)


def finish(response_status: int) -> None:
    """End the request's transaction, then write its access events."""
    if db.session.registry.has():
        if response_status < 400:
            db.session.commit()
        else:
            db.session.rollback()
    events, g.uow_access_events = g.get("uow_access_events", []), []
    if events and response_status < 500:
        g.uow_writes = True
        db.session.add_all(events)
        db.session.commit()


def abandon() -> None:
    """Roll back whatever the request did; its access events are dropped with it."""
    if "uow_access_events" in g:
        g.uow_access_events = []
    db.session.rollback()


def init_app(app: Flask) -> None:
    app.config.setdefault("UNIT_OF_WORK_STRICT", app.config["CLINIC_ENV"] != "production")

    @app.before_request
    def begin_request():
        g.uow_writes = _declared_writes()
        g.uow_access_events = []
        g.uow_finished = False

    @app.after_request
    def end_transaction(response):
        if g.get("uow_finished", True):
            return response
        g.uow_finished = True
        finish(response.status_code)
        return response


@event.listens_for(Engine, "begin")
def _begin(connection):
    """On SQLite, a writing request takes the write lock as its transaction begins."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if request_writes() else "BEGIN")


@event.listens_for(Engine, "before_cursor_execute")
def _refuse_undeclared_writes(connection, cursor, statement, parameters, context, executemany):
    if statement.lstrip()[:9].upper().startswith(READING_VERBS):
        return
    if has_request_context() and g.get("uow_writes") is False:
        message = f"{request.endpoint} wrote to the database: mark it @writes"
        if current_app.config.get("UNIT_OF_WORK_STRICT"):
            raise UndeclaredWrite(message)
        log.error(message)
