"""Turn a Resource into an HTTP response: negotiate, render, and add the caching and linking headers."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import re
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import suppress
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.concurrency import sync_to_thread
from litestar.response import Stream

from service import negotiation
from service.errors import ProblemError
from service.renderers import Renderer, Resource, View
from service.renderers.html import security_headers
from service.store.index import entity_tag

CACHE_CONTROL = "public, max-age=60, must-revalidate"
_ENTITY_TAG = re.compile(r'^(?:W/)?"[\x21\x23-\x7e]*"$')


def origin(request: Request, public_url: str | None) -> str:
    """The absolute origin used in links and JSON-LD @ids."""
    return (public_url or str(request.base_url)).rstrip("/")


def page_url(request: Request, public_url: str | None, cursor: str) -> str:
    """This request's URL with `cursor` set: the link to the next page."""
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"] + [("cursor", cursor)]
    return f"{origin(request, public_url)}{request.url.path}?{urlencode(pairs)}"


def version_tag(version: int, request: Request, renderer: Renderer) -> str:
    """A strong tag for a corpus-wide representation: the store's version, the exact URL and the format."""
    return entity_tag(f"{version}\n{request.url}\n{renderer.name}".encode())


def _tags(header: str, name: str) -> list[str]:
    tags = [t.strip() for t in header.split(",") if t.strip()]
    for tag in tags:
        if tag != "*" and not _ENTITY_TAG.match(tag):
            raise ProblemError(
                400, "Malformed header", f"{name}: {tag!r} is not an entity tag", slug="malformed-header"
            )
    return tags


def none_match(header: str | None, etag: str) -> bool:
    """True when If-None-Match lists this tag (weak comparison, RFC 9110 §13.1.2) or is '*'."""
    if header is None:
        return False
    tags = _tags(header, "If-None-Match")
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def if_match(request: Request) -> str | None:
    """The If-Match header, checked for form (the store compares it with the current tag)."""
    header = request.headers.get("if-match")
    if header is not None:
        _tags(header, "If-Match")
    return header


def html_guards(media_type: str) -> Mapping[str, str]:
    """Every HTML representation (page, embed snippet, home page) carries the pages' security headers."""
    return security_headers() if media_type.startswith("text/html") else {}


def choose(request: Request, view: View, suffix: str | None, collection: str | None = None) -> Renderer:
    return negotiation.choose(view, suffix, request.headers.get("accept"), collection)


def represent(
    request: Request,
    resource: Resource,
    suffix: str | None,
    *,
    renderer: Renderer | None = None,
    etag: str | None = None,
    last_modified: dt.datetime | None = None,
) -> Response:
    """The response for a resource; whole-corpus exports stream, everything else is rendered then tagged."""
    renderer = renderer or choose(request, resource.view, suffix, resource.collection)
    if resource.dialect and renderer.name != "csv":
        raise ProblemError(
            400, "Invalid query", f"dialect applies to CSV, not to {renderer.name}", slug="invalid-query"
        )
    headers = {"Cache-Control": CACHE_CONTROL, "content-type": renderer.media_type}  # as declared, one charset
    headers |= html_guards(renderer.media_type)
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified.astimezone(dt.UTC), usegmt=True)
    if not suffix:
        headers["Vary"] = "Accept"
    if renderer.link is not None:
        headers["Link"] = renderer.link(resource)
    if resource.next_url:
        headers["Link"] = ", ".join(filter(None, [headers.get("Link"), f'<{resource.next_url}>; rel="next"']))
    rendered = renderer.render(dataclasses.replace(resource, formats=negotiation.RENDERERS))
    if isinstance(rendered, Iterator):
        assert etag is not None, "a streamed representation is tagged before it is rendered"
        headers["ETag"] = etag
        if resource.count is not None:
            headers["X-Row-Count"] = str(resource.count)
        return Stream(read_ahead(rendered), headers=headers)
    headers["ETag"] = etag or entity_tag(rendered)
    if none_match(request.headers.get("if-none-match"), headers["ETag"]) or _unmodified_since(request, last_modified):
        return not_modified(headers)
    return Response(rendered, headers=headers)


def tagged(request: Request, body: bytes, media_type: str, etag: str | None = None) -> Response[bytes]:
    """A finished body with its strong ETag, Cache-Control, and a 304 when the client has it already."""
    headers = {"ETag": etag or entity_tag(body), "Cache-Control": CACHE_CONTROL, "content-type": media_type}
    headers |= html_guards(media_type)
    if none_match(request.headers.get("if-none-match"), headers["ETag"]):
        return not_modified(headers)
    return Response(body, headers=headers)


def _unmodified_since(request: Request, last_modified: dt.datetime | None) -> bool:
    """If-Modified-Since, honoured only without If-None-Match (RFC 9110 §13.1.3); a bad date is ignored."""
    header = request.headers.get("if-modified-since")
    if header is None or last_modified is None or "if-none-match" in request.headers:
        return False
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and last_modified.replace(microsecond=0) <= since


KEPT_ON_304 = ("ETag", "Cache-Control", "Vary", "Last-Modified")
"""The headers a 304 repeats from the 200 it stands for (RFC 9110, 15.4.5); the response cache keeps the same."""


def not_modified(headers: dict[str, str]) -> Response:
    kept = {k: v for k, v in headers.items() if k in KEPT_ON_304}
    return Response(b"", status_code=304, headers=kept)


async def read_ahead(chunks: Iterator[bytes]) -> AsyncIterator[bytes]:
    """A streamed body, each chunk read and rendered on a thread while the one before is being sent: the
    store's reads and the server's writes let go of the GIL, so the two overlap. A client that leaves ends
    the export (and the store's snapshot) as soon as the chunk in hand is done."""
    end = None  # (not b"": a chunk may be empty)
    upcoming = asyncio.ensure_future(sync_to_thread(next, chunks, end))
    try:
        while (chunk := await upcoming) is not end:
            upcoming = asyncio.ensure_future(sync_to_thread(next, chunks, end))
            yield chunk
    finally:
        with suppress(Exception):
            await upcoming  # (a generator cannot be closed while a thread runs it)
        if hasattr(chunks, "close"):
            chunks.close()
