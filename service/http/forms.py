"""A form as a browser sends it (application/x-www-form-urlencoded, in UTF-8): every value of every field, read
strictly, within the size every request body is held to (MAX_BODY_BYTES).

Litestar's own reader puts U+FFFD where a value is not UTF-8 and drops empty fields; a page that shows a form
again as it was typed needs both as sent, or a clear refusal.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from litestar import Request
from litestar.exceptions.http_exceptions import RequestEntityTooLarge

from service.review import Refused

FORM_TYPE = "application/x-www-form-urlencoded"


async def read_form(request: Request[Any, Any, Any]) -> dict[str, list[str]]:
    """Each field's values in the order sent; raises Refused (415, 413, 400) about the whole form ('form')."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != FORM_TYPE:
        raise Refused(415, {"form": f"The form came as {media_type or 'nothing'!r}: send it as {FORM_TYPE}."})
    try:
        body = await request.body()
    except RequestEntityTooLarge:
        limit = request.app.state.settings.max_body_bytes
        raise Refused(413, {"form": f"The form is over the size a request may have ({limit:,} bytes)."}) from None
    try:
        pairs = parse_qsl(body.decode(), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise Refused(400, {"form": "The form is not UTF-8 text: send it from a page in UTF-8."}) from None
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    return fields
