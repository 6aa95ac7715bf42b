"""Turn a Resource into an HTTP response: negotiate, render, and add the caching and linking headers."""

from __future__ import annotations

import hashlib
import re

from litestar import Request, Response

from service import negotiation
from service.errors import ProblemError
from service.renderers import Resource

CACHE_CONTROL = "public, max-age=60, must-revalidate"
_ENTITY_TAG = re.compile(r'^(?:W/)?"[\x21\x23-\x7e]*"$')


def origin(request: Request, public_url: str | None) -> str:
    """The absolute origin used in links and JSON-LD @ids."""
    return (public_url or str(request.base_url)).rstrip("/")


def entity_tag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def none_match(header: str | None, etag: str) -> bool:
    """True when If-None-Match lists this tag (weak comparison, RFC 9110 §13.1.2) or is '*'."""
    if header is None:
        return False
    tags = [t.strip() for t in header.split(",") if t.strip()]
    if tags == ["*"]:
        return True
    for tag in tags:
        if not _ENTITY_TAG.match(tag):
            raise ProblemError(
                400,
                "Malformed header",
                f"If-None-Match: {tag!r} is not an entity tag",
                slug="malformed-header",
            )
    return any(t.removeprefix("W/") == etag for t in tags)


def represent(request: Request, resource: Resource, suffix: str | None) -> Response[bytes]:
    renderer = negotiation.choose(resource.view, suffix, request.headers.get("accept"))
    body = renderer.render(resource)
    etag = entity_tag(body)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    headers["content-type"] = renderer.media_type  # as declared: Litestar would append a second charset to text/*
    if not suffix:
        headers["Vary"] = "Accept"
    if renderer.link is not None:
        headers["Link"] = renderer.link(resource)
    if none_match(request.headers.get("if-none-match"), etag):
        del headers["content-type"]
        return Response(b"", status_code=304, headers=headers)
    return Response(body, headers=headers)
