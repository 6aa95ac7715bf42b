"""The headers every representation carries, and the conditional-request rules (RFC 9110 §13) in one place.

The response cache (cache.py) answers from the same rules as the app: the same 304s, the same headers kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

from service.http.errors import problem
from service.records import entity_tags
from service.renderers.html import security_headers

CACHE_CONTROL = "public, max-age=60, must-revalidate"
KEPT_ON_304 = ("ETag", "Cache-Control", "Vary", "Last-Modified")
"""The headers a 304 repeats from the 200 it stands for (RFC 9110, 15.4.5)."""


def html_guards(media_type: str) -> Mapping[str, str]:
    """Every HTML representation (page, embed snippet, home page, problem pages) carries the pages' security headers."""
    return security_headers() if media_type.startswith("text/html") else {}


def _tags(header: str, name: str) -> list[str]:
    tags = entity_tags(header)
    if tags is None:
        raise problem("malformed-header", f"{name}: {header[:200]!r} is not an entity tag, nor a list of them")
    return tags


def none_match(header: str | None, etag: str) -> bool:
    """True when If-None-Match lists this tag (weak comparison, RFC 9110 §13.1.2) or is '*'."""
    if header is None:
        return False
    tags = _tags(header, "If-None-Match")
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def checked_if_match(header: str | None) -> str | None:
    """The If-Match header, checked for form (the store compares it with the current tag)."""
    if header is not None:
        _tags(header, "If-Match")
    return header


def unmodified_since(header: str | None, last_modified: dt.datetime | None, *, has_none_match: bool) -> bool:
    """If-Modified-Since, honoured only without If-None-Match (RFC 9110 §13.1.3); a bad date is ignored."""
    if header is None or last_modified is None or has_none_match:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and last_modified.replace(microsecond=0) <= since
