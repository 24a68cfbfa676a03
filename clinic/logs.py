"""What the app logs, and what it never logs.

One JSON line per request (`clinic.requests`) and one per refused access (`clinic.access`).
JSON rather than key=value: every log shipper parses it without a custom pattern, and a value
holding spaces, quotes or `=` cannot forge a field. Lines name the route by its endpoint, never
the path, so a share token in `/h/<token>` has nowhere to appear; they carry ids, never names
or text. Share tokens are also redacted from the servers' own access logs (werkzeug, gunicorn).
"""

import json
import logging
import re
import secrets
import sys
import time

import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context, request
from flask_login import user_unauthorized
from gunicorn.glogging import Logger

# A token is 43 URL-safe characters; anything that long after /h/ is treated as one.
TOKEN_IN_PATH = re.compile(r"(/h/)[A-Za-z0-9_\-]{16,}")
REDACTED = r"\1[redacted]"
# An id a trusted proxy may hand over (nginx's $request_id is 32 hex digits).
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._\-]{8,64}")
REQUEST_ID_HEADER = "X-Request-ID"

request_log = logging.getLogger("clinic.requests")
access_log = logging.getLogger("clinic.access")


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(REDACTED, text)


class RedactShareTokens(logging.Filter):
    """Rewrites a record's message, with its arguments filled in, before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class GunicornLogger(Logger):
    """gunicorn's logger with the request path redacted in the access log."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "q"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


class JsonLines(logging.Formatter):
    """`{"time": ..., "level": ..., "event": ..., **fields}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        return json.dumps(line, default=str)


def request_id() -> str:
    """This request's id: from a trusted proxy when it sent a sane one, otherwise made here."""
    if "request_id" not in g:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        trusted = current_app.config["TRUSTED_PROXY_COUNT"] > 0
        if trusted and SANE_REQUEST_ID.fullmatch(offered):
            g.request_id = offered
        else:
            g.request_id = secrets.token_hex(16)
    return g.request_id


def _user_id() -> int | None:
    """The signed-in user, if this request loaded one; the log never loads it itself, nor
    reloads it after a commit expired it (its identity is known without asking the database)."""
    user = g.get("_login_user")
    if user is None or user.is_anonymous:
        return None
    return sa.inspect(user).identity[0]


def _start_clock() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _log_request(response):
    started = g.get("request_started", time.perf_counter())
    response.headers[REQUEST_ID_HEADER] = request_id()
    request_log.info(
        "request",
        extra={
            "fields": {
                "method": request.method,
                "endpoint": request.endpoint,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": _user_id(),
                "request_id": request_id(),
            }
        },
    )
    return response


def log_access_denied(reason: str, *, object_type: str | None = None) -> None:
    """A refused request: who, where and what kind of record, never which one or its content."""
    fields = {"reason": reason, "object_type": object_type}
    if has_request_context():
        fields |= {
            "method": request.method,
            "endpoint": request.endpoint,
            "user_id": _user_id(),
            "request_id": request_id(),
        }
    access_log.warning("access_denied", extra={"fields": fields})


def _log_login_required(sender: Flask, **extra) -> None:
    log_access_denied("login_required")


def _configure_clinic_loggers() -> None:
    """JSON lines to stderr, once per process, for the request and access logs."""
    for logger in (request_log, access_log):
        logger.setLevel(logging.INFO)
        if not any(isinstance(h.formatter, JsonLines) for h in logger.handlers):
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(JsonLines())
            logger.addHandler(handler)
        # Not also through the app's own handler, in its other format.
        logger.propagate = False


def init_app(app: Flask) -> None:
    _configure_clinic_loggers()
    app.before_request_funcs.setdefault(None, []).insert(0, _start_clock)
    app.after_request(_log_request)
    user_unauthorized.connect(_log_login_required, app)
    # The development server (werkzeug) logs each request line; filter it and the app's log.
    token_filter = RedactShareTokens()
    for logger in (logging.getLogger("werkzeug"), app.logger):
        if not any(isinstance(f, RedactShareTokens) for f in logger.filters):
            logger.addFilter(token_filter)
