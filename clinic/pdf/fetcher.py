"""What WeasyPrint may load while rendering: the app's print assets and data: URIs, nothing else.

User text is escaped before it reaches a template, so it cannot add elements; this fetcher is the
second wall. Every URL WeasyPrint meets (<img>, <link>, CSS url() and @import, SVG href,
attachments) comes here, and anything that is not an asset or a data: URI is refused before any
file is opened or connection made.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSET_DIR = Path(__file__).resolve().parent / "assets"
# Relative URLs in print templates resolve against this; it names the asset folder, and no
# request is ever made to it (.invalid never resolves, and the fetcher serves it from disk).
ASSET_BASE_URL = "https://print-assets.clinic.invalid/"


class RefusedURL(ValueError):
    """WeasyPrint skips a resource whose fetch raises; it is logged, not rendered."""


class AssetOnlyFetcher(URLFetcher):
    def __init__(self):
        super().__init__(allowed_protocols=("data",), allow_redirects=False, timeout=1)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith(ASSET_BASE_URL):
            return self._asset(url)
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise RefusedURL(f"refused to fetch {urlsplit(url).scheme or 'relative'} URL")

    def _asset(self, url: str) -> URLFetcherResponse:
        name = unquote(urlsplit(url).path).lstrip("/")
        path = (ASSET_DIR / name).resolve()
        if not path.is_file() or ASSET_DIR not in path.parents:
            raise RefusedURL("no such print asset")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
