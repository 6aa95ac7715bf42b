"""Rendered representations, kept per process in front of the router and dropped whenever the store changes.

Litestar's routing alone costs more than a hot read may (docs/performance.md): a GET whose answer
is already known is answered here, byte for byte what the app answered — same negotiation (Accept is part
of the key), same ETag and 304, same Vary. The store's change token (SQLite's data_version, PostgreSQL's
LISTEN/NOTIFY, plus this process's own writes) is compared on every request, so no write is ever hidden.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.http.errors import ProblemError
from service.http.headers import KEPT_ON_304 as KEPT
from service.http.headers import none_match

KEPT_ON_304 = tuple(name.lower().encode() for name in KEPT)


@dataclass(frozen=True, slots=True)
class Entry:
    token: int
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    not_modified: list[tuple[bytes, bytes]]
    """The headers a 304 keeps (worked out once, not per request)."""


def _text(header: bytes | None) -> str | None:
    return None if header is None else bytes(header).decode("latin-1")


def _start(status: int, headers: list[tuple[bytes, bytes]]) -> Message:
    return cast(Message, {"type": "http.response.start", "status": status, "headers": headers})


def _body(body: bytes) -> Message:
    return cast(Message, {"type": "http.response.body", "body": body})


class RepresentationCache:
    def __init__(self, app: ASGIApp, changes: Callable[[], int], *, entries: int = 4096, largest: int = 1 << 20):
        self.app = app
        self.changes = changes
        self.entries: OrderedDict[tuple[bytes, ...], Entry] = OrderedDict()
        self.size = entries
        self.largest = largest
        self.hits = self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        asked = dict(scope["headers"])
        if b"if-modified-since" in asked:
            await self.app(scope, receive, send)  # (dates are rarely asked for; the app answers them)
            return
        key = (
            scope["path"].encode(),
            scope["query_string"],
            bytes(asked.get(b"accept", b"")),
            bytes(asked.get(b"host", b"")),
            scope["scheme"].encode(),
        )
        token = self.changes()
        entry = self.entries.get(key)
        if entry is not None and entry.token == token:
            try:
                fresh = none_match(_text(asked.get(b"if-none-match")), entry.etag.decode())
            except ProblemError:
                await self.app(scope, receive, send)  # (a malformed If-None-Match: the app answers it, 400)
                return
            self.hits += 1
            self.entries.move_to_end(key)
            await self._answer(scope, send, entry, fresh)
            return
        self.misses += 1
        if scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, self._recorder(key, token, send))

    async def _answer(self, scope: Scope, send: Send, entry: Entry, fresh: bool) -> None:
        if fresh:
            await send(_start(304, entry.not_modified))
            await send(_body(b""))
            return
        await send(_start(entry.status, entry.headers))
        await send(_body(b"" if scope.get("method") == "HEAD" else entry.body))

    def _recorder(self, key: tuple[bytes, ...], token: int, send: Send) -> Send:
        """Pass the response through, keeping it when it is a complete 200 with an ETag and not too large."""
        start: dict[str, object] = {}

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and start.get("status") == 200:
                body = message.get("body", b"")
                headers = [(bytes(k).lower(), bytes(v)) for k, v in start.get("headers", ())]  # type: ignore[attr-defined]
                etag = next((v for k, v in headers if k == b"etag"), None)
                complete = not message.get("more_body", False) and not start.get("streamed")
                if complete and etag and len(body) <= self.largest and b"set-cookie" not in dict(headers):
                    kept = [(k, v) for k, v in headers if k in KEPT_ON_304]
                    self.entries[key] = Entry(token, 200, headers, body, etag, kept)
                    if len(self.entries) > self.size:
                        self.entries.popitem(last=False)
                start["streamed"] = True  # only a single-message body is ever kept
            await send(message)

        return record
