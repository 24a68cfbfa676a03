"""Keeping share-link tokens out of every log, the servers' access logs included."""

import logging
import re

from flask import Flask
from gunicorn.glogging import Logger

# A token is 43 URL-safe characters; anything that long after /h/ is treated as one.
TOKEN_IN_PATH = re.compile(r"(/h/)[A-Za-z0-9_\-]{16,}")
REDACTED = r"\1[redacted]"


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


def init_app(app: Flask) -> None:
    """The development server (werkzeug) logs each request line; filter it and the app's log."""
    token_filter = RedactShareTokens()
    for logger in (logging.getLogger("werkzeug"), app.logger):
        if not any(isinstance(f, RedactShareTokens) for f in logger.filters):
            logger.addFilter(token_filter)
