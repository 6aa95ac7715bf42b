"""What `POST /v1/drafts` sends: an article's text, as text/plain (the headline on the first line, then the body)
or as a JSON DraftRequest; read here, or refused with the problem that says why."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request

from schemas import DocumentInvalid, Problem
from schemas.v1.drafts import DraftImage, DraftRequest
from service import drafts
from service.http.bodies import json_body
from service.http.errors import problem
from service.store import ArticleStore

TEXT_TYPE = "text/plain"
JSON_TYPE = "application/json"


def _names(struct: type) -> set[str]:
    return {f.encode_name for f in msgspec.structs.fields(struct)}


async def read_draft_request(request: Request[Any, Any, Any]) -> DraftRequest:
    """The request's text: 415 for another media type, 400 for bytes that are not UTF-8 (or JSON), 422 for an
    empty text, NUL characters or a field the request does not have."""
    content_type = request.headers.get("content-type", "")
    media_type, _, parameters = content_type.partition(";")
    media_type = media_type.strip().lower()
    charset = next(
        (
            p.split("=", 1)[1].strip().strip('"').lower()
            for p in parameters.split(";")
            if p.strip().startswith("charset=")
        ),
        "utf-8",
    )
    if media_type not in (TEXT_TYPE, JSON_TYPE) or charset not in ("utf-8", "utf8"):
        raise problem(
            "unsupported-media-type",
            f"Content-Type {content_type or '(none)'!r}: send text/plain (UTF-8) or application/json",
        )
    body = await request.body()
    if media_type == TEXT_TYPE:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise problem("malformed-text", f"the text is not UTF-8: {exc}") from None
        return drafts.read_text(text)
    return draft_request(json_body(body, "the text as text/plain, or", "a draft request"))


def draft_request(raw: Any) -> DraftRequest:
    """Builtin data (decoded JSON) as a DraftRequest: every unknown field, wrong type or empty text a 422 at
    its path."""
    if not isinstance(raw, dict):
        raise DocumentInvalid([Problem("$", "expected a JSON object with headline and body")])
    unknown = [Problem(f"$.{name}", "unknown field") for name in raw if name not in _names(DraftRequest)]
    image = raw.get("image")
    if isinstance(image, dict):
        unknown += [Problem(f"$.image.{name}", "unknown field") for name in image if name not in _names(DraftImage)]
    if unknown:
        raise DocumentInvalid(unknown)
    try:
        return msgspec.convert(raw, DraftRequest, strict=True)
    except msgspec.ValidationError as exc:
        message, _, path = str(exc).rpartition(" - at `")
        raise DocumentInvalid([Problem(path.rstrip("`") if message else "$", message or str(exc))]) from None


def known_to(store: ArticleStore) -> drafts.Known:
    """What the store knows, for a draft: its actors and places looked up by the names the text uses."""
    return drafts.Known(store.known)
