"""Share-link tokens and the cookie a token is exchanged for.

A token is 256 bits from `secrets`; only its SHA-256 is stored. On first open the token is
swapped for a signed cookie naming one share link, scoped by path to that link's page, and the
browser is sent to a URL without the token.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

TOKEN_BYTES = 32
COOKIE_NAME = "clinic_link"
COOKIE_SALT = "clinic.share-link"
# The signature's own limit; the link's expiry and revocation are checked on every request.
COOKIE_MAX_AGE = timedelta(days=365)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def share_url(token: str) -> str:
    """Built from the configured base URL, never from the request's Host header."""
    return f"{current_app.config['CLINIC_BASE_URL'].rstrip('/')}/h/{token}"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=COOKIE_SALT)


def link_cookie_value(link_id: int) -> str:
    return _serializer().dumps({"link": link_id})


def link_id_from_cookie(value: str | None) -> int | None:
    if not value:
        return None
    try:
        payload = _serializer().loads(value, max_age=int(COOKIE_MAX_AGE.total_seconds()))
    except BadSignature:
        return None
    link_id = payload.get("link") if isinstance(payload, dict) else None
    return link_id if isinstance(link_id, int) else None
