"""One way to build a response: negotiate the format, tag it, answer 304, set the caching and linking headers.

Every representation goes through `respond` — an article, a collection, an item, a corpus page, a streamed
export, a Data Package — and every finished body (the home page, a schema) through `tagged`, which shares
its conditional rules. Routes fetch and hand over.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from email.utils import format_datetime
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.concurrency import sync_to_thread
from litestar.response import Stream

from service.http import negotiation
from service.http.errors import problem
from service.http.headers import (
    CACHE_CONTROL,
    KEPT_ON_304,
    checked_if_match,
    html_guards,
    none_match,
    unmodified_since,
)
from service.records import entity_tag
from service.renderers import RENDERERS, Renderer, Resource, View


@dataclass(frozen=True, slots=True)
class Pending:
    """A resource built only once its format is chosen and the client's copy is known to be stale: a corpus
    read, tagged by the store's version before anything is read."""

    view: View
    build: Callable[[Renderer], Resource]
    collection: str | None = None


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


def if_match(request: Request) -> str | None:
    return checked_if_match(request.headers.get("if-match"))


def respond(
    request: Request,
    suffix: str | None,
    resource: Resource | Pending,
    *,
    version: int | None = None,
    last_modified: dt.datetime | None = None,
) -> Response:
    """The response for a resource in the format the suffix names or Accept prefers (404/406 otherwise).

    With the store's `version`, it is tagged (and a 304 answered) before it is built; else it is tagged by
    its rendered bytes. A representation that renders as a stream is sent as one."""
    renderer = negotiation.choose(resource.view, suffix, request.headers.get("accept"), resource.collection)
    headers = {"Cache-Control": CACHE_CONTROL, "content-type": renderer.media_type}  # as declared, one charset
    headers |= html_guards(renderer.media_type)
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified.astimezone(dt.UTC), usegmt=True)
    if not suffix:
        headers["Vary"] = "Accept"
    etag = None if version is None else version_tag(version, request, renderer)
    if etag is not None and _client_has(request, etag, None):
        return not_modified({**headers, "ETag": etag})
    if isinstance(resource, Pending):
        resource = resource.build(renderer)
    if resource.dialect and renderer.name != "csv":
        raise problem("invalid-query", f"dialect applies to CSV, not to {renderer.name}")
    if renderer.link is not None:
        headers["Link"] = renderer.link(resource)
    if resource.next_url:
        headers["Link"] = ", ".join(filter(None, [headers.get("Link"), f'<{resource.next_url}>; rel="next"']))
    if renderer.attachment is not None:
        headers["Content-Disposition"] = renderer.attachment(resource)
    if resource.count is not None:
        headers["X-Row-Count"] = str(resource.count)
    rendered = renderer.render(dataclasses.replace(resource, formats=RENDERERS))
    return _finish(request, headers, rendered, etag, last_modified)


def tagged(request: Request, body: bytes, media_type: str) -> Response[bytes]:
    """A finished body with its strong ETag, Cache-Control, and a 304 when the client has it already."""
    headers = {"Cache-Control": CACHE_CONTROL, "content-type": media_type, **html_guards(media_type)}
    return _finish(request, headers, body, None, None)  # type: ignore[return-value]


def _finish(
    request: Request,
    headers: dict[str, str],
    rendered: bytes | Iterator[bytes],
    etag: str | None,
    last_modified: dt.datetime | None,
) -> Response:
    if isinstance(rendered, Iterator):
        assert etag is not None, "a streamed representation is tagged before it is rendered"
        headers["ETag"] = etag
        return Stream(read_ahead(rendered), headers=headers)
    headers["ETag"] = etag or entity_tag(rendered)
    headers.pop("X-Row-Count", None)  # (a count is sent ahead of a stream only)
    if _client_has(request, headers["ETag"], last_modified):
        return not_modified(headers)
    return Response(rendered, headers=headers)


def _client_has(request: Request, etag: str, last_modified: dt.datetime | None) -> bool:
    asked = request.headers
    if none_match(asked.get("if-none-match"), etag):
        return True
    return unmodified_since(asked.get("if-modified-since"), last_modified, has_none_match="if-none-match" in asked)


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
