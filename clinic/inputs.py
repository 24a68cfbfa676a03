"""Text arriving in a request is stripped of control characters before anything reads it.

Stripped, not refused: a NUL or a stray escape code pasted from another program is never what
the person meant to type, PostgreSQL cannot store NUL in text at all, and a refusal would ask
them to find a character they cannot see. Tabs and line breaks are kept; so are right-to-left
marks, zero-width joiners and emoji, which are real writing (pages and PDFs show them escaped).
"""

import re

from flask import Flask, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

# C0 controls except tab, line feed and carriage return; DEL; the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def _cleaned(values: MultiDict) -> ImmutableMultiDict | None:
    """A copy without control characters, or None when there were none."""
    items = list(values.items(multi=True))
    cleaned = [(strip_control_characters(key), strip_control_characters(v)) for key, v in items]
    return ImmutableMultiDict(cleaned) if cleaned != items else None


def clean_request_text() -> None:
    """Before every request: the query string and the form, as every view and form sees them."""
    args = _cleaned(request.args)
    if args is not None:
        request.args = args
    if request.method == "POST":
        form = _cleaned(request.form)
        if form is not None:
            request.form = form


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, clean_request_text)
