"""The one way Clinic makes a PDF: a template and its context, through WeasyPrint.

Documents are tagged (PDF/UA-1) with title, author (the clinic), language and creation date.
The font configuration is made once per process and reused: a new one per render leaks native
memory. Static documents can be cached by the caller through `cached_pdf`.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import cache
from threading import Lock

from flask import render_template

from clinic.db import utcnow
from clinic.pdf.fetcher import ASSET_BASE_URL, AssetOnlyFetcher
from clinic.settings.services import clinic_settings

CACHE_SIZE = 64


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

    document = HTML(string=html, base_url=ASSET_BASE_URL, url_fetcher=AssetOnlyFetcher())
    return document.write_pdf(font_config=font_configuration(), pdf_variant="pdf/ua-1")


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
