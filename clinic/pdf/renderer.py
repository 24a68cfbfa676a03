"""The one way Clinic makes a PDF: a template and its context, through WeasyPrint.

Documents are tagged (PDF/UA-1) with title, author (the clinic), language and creation date.
The font configuration is made once per process and reused: a new one per render leaks native
memory. Static documents can be cached by the caller through `cached_pdf`.
"""

import re
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import cache
from threading import Lock

from flask import render_template

from clinic.db import utcnow
from clinic.pdf.fetcher import ASSET_BASE_URL, AssetOnlyFetcher
from clinic.settings.services import clinic_settings

CACHE_SIZE = 64
BREAK_EVERY = 40
ZERO_WIDTH_SPACE = "\u200b"
TEXT_BETWEEN_TAGS = re.compile(r">[^<]+<")
RUN_CHARACTER = re.compile(r"&#?\w+;|[^\s<>&]")
LONG_RUN = re.compile(rf"(?:{RUN_CHARACTER.pattern}){{{2 * BREAK_EVERY},}}")


@cache
def font_configuration():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_html(template: str, *, title: str, clinical: bool, **context) -> str:
    settings = clinic_settings()
    return render_template(
        template,
        title=title,
        clinical=clinical,
        clinic=settings,
        paper_size="A4" if settings.paper_size.value == "A4" else "letter",
        created=utcnow(),
        **context,
    )


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    document = HTML(
        string=with_break_opportunities(html),
        base_url=ASSET_BASE_URL,
        url_fetcher=AssetOnlyFetcher(),
    )
    return document.write_pdf(font_config=font_configuration(), pdf_variant="pdf/ua-1")


def with_break_opportunities(html: str) -> str:
    """Long unbroken runs in the page's text, each with a zero-width space every so often.

    WeasyPrint's time to wrap a word grows much faster than its length (a 8,000-character word
    takes seconds, 10,000 characters in a table cell minutes), and anyone can type one into a
    field. Only text between tags changes; an entity counts as one character.
    """
    return TEXT_BETWEEN_TAGS.sub(
        lambda text: LONG_RUN.sub(_break_run, text[0]),
        html,
    )


def _break_run(run: re.Match) -> str:
    pieces = RUN_CHARACTER.findall(run[0])
    return ZERO_WIDTH_SPACE.join(
        "".join(pieces[i : i + BREAK_EVERY]) for i in range(0, len(pieces), BREAK_EVERY)
    )


def render_pdf(template: str, *, title: str, clinical: bool, **context) -> bytes:
    return html_to_pdf(render_html(template, title=title, clinical=clinical, **context))


class PdfCache:
    """A small per-process cache of rendered bytes for documents that hold no client data."""

    def __init__(self, size: int = CACHE_SIZE):
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = size
        self._lock = Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], bytes]) -> bytes:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        content = render()
        with self._lock:
            self._items[key] = content
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return content

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


static_documents = PdfCache()


def settings_fingerprint() -> tuple:
    """What in the clinic settings changes a document's bytes."""
    settings = clinic_settings()
    return (settings.clinic_name, settings.address, settings.crisis_text, settings.paper_size.value)
