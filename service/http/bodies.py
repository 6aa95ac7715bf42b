"""What a write sends and gets back: the request body read as a validated v1 article, and the answer to it."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response

from schemas import Article, decode_json, validate_input
from service import paths
from service.http.errors import problem
from service.store.index import Prepared

JSON_TYPES = ("application/json",)


async def read_document(request: Request) -> Article:
    """The request body as a validated v1 article, its quotes anchored: 415, 400 or 422 with every problem's
    JSON path."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type not in JSON_TYPES:
        raise problem("unsupported-media-type", f"Content-Type {media_type or '(none)'!r}: send application/json")
    body = await request.body()
    return validate_input(json_body(body, "the article", "an article"), body)  # (the text spares encoding it again)


def json_body(body: bytes, send: str, be: str) -> Any:
    """A JSON body as builtin data; 400 malformed-json where it is empty, not UTF-8 JSON, or nested too deeply
    to `be` what is asked for (`send` says what to send instead of nothing)."""
    if not body.strip():
        raise problem("malformed-json", f"the body is empty: send {send} as a JSON object")
    try:
        return decode_json(body)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise problem("malformed-json", f"the body is not valid UTF-8 JSON: {exc}") from None
    except RecursionError:
        raise problem("malformed-json", f"the body nests too deeply to be {be}") from None


def written(ready: Prepared, etag: str, status: int) -> Response[bytes]:
    """The answer to a write: the stored document, its ETag and its URL."""
    headers = {"ETag": etag, "Location": paths.article(ready.id), "Cache-Control": "no-store"}
    return Response(ready.document, status_code=status, headers=headers, media_type="application/json")
