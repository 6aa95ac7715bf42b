"""The outermost layer of every request: a request id, one JSON log line, Prometheus metrics, and CORS.

It wraps the representation cache too, so a request answered from the cache is logged, counted and
given its request id like any other. CORS is open for reads (the data is public) and closed for writes:
a browser on another origin may GET anything, and may not POST, PUT or DELETE.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
import time
from functools import lru_cache
from random import getrandbits
from typing import Any, cast

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

from service import paths

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
log = logging.getLogger("service.access")

READ_METHODS = (b"GET", b"HEAD")
CORS_READ = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", b"ETag, Link, Last-Modified, X-Row-Count, X-Request-ID, Location"),
]
CORS_PREFLIGHT = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-allow-methods", b"GET, HEAD, OPTIONS"),
    (b"access-control-allow-headers", b"Accept, If-None-Match, If-Modified-Since, X-Request-ID"),
    (b"access-control-max-age", b"600"),
]

_API = re.escape(paths.PREFIX)
ROUTES = [
    (re.compile(rf"^{_API}/articles/[^/]+/[^/]+/[^/]+$"), f"{paths.PREFIX}/articles/{{id}}/{{collection}}/{{item}}"),
    (re.compile(rf"^{_API}/articles/[^/]+/[^/]+$"), f"{paths.PREFIX}/articles/{{id}}/{{collection}}"),
    (re.compile(rf"^{_API}/articles/[^/]+$"), f"{paths.PREFIX}/articles/{{id}}"),
    (re.compile(rf"^{_API}/articles$"), paths.articles()),
    (re.compile(rf"^{_API}/schemas(/[^/]+)?$"), f"{paths.PREFIX}/schemas"),
    (re.compile(rf"^{_API}/deletions$"), paths.corpus("deletions")),
    (re.compile(rf"^{_API}/[^/]+/facets(\.[^/]+)?$"), f"{paths.PREFIX}/{{collection}}/facets"),
    (re.compile(rf"^{_API}/[^/]+$"), f"{paths.PREFIX}/{{collection}}"),
    (re.compile(r"^/(health|ready|metrics)$"), "/{probe}"),
    (re.compile(r"^/schema(/.*)?$"), "/schema"),
    (re.compile(r"^/static/.*$"), "/static"),
    (re.compile(r"^/problems/[^/]+$"), "/problems/{slug}"),
    (re.compile(r"^/$"), "/"),
]
"""Route templates by path, for metric labels: the cache answers hot paths before the router sees them."""


@lru_cache(maxsize=4096)
def route_of(path: str) -> str:
    """The route template a path belongs to: metric labels stay few, whatever ids clients send.
    (Remembered per path: a hot path is matched against the dozen patterns once.)"""
    return next((template for pattern, template in ROUTES if pattern.match(path)), "other")


class Metrics:
    """This process's metrics (with several workers, each process is scraped on its own)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "newsfacts_requests", "HTTP requests answered", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "newsfacts_request_seconds",
            "Time to the end of the response",
            ["method", "route"],
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10, 60),
            registry=self.registry,
        )
        self.exported = Counter(
            "newsfacts_export_rows", "Rows streamed by corpus-wide exports", ["route", "format"], registry=self.registry
        )
        self._answered: dict[tuple[str, str, str], tuple[Any, Any]] = {}

    def answered(self, method: str, route: str, status: str, seconds: float) -> None:
        """Count a request and its latency; each label set's children are looked up once (a hot path)."""
        children = self._answered.get((method, route, status))
        if children is None:
            children = (self.requests.labels(method, route, status), self.latency.labels(method, route))
            self._answered[(method, route, status)] = children
        children[0].inc()
        children[1].observe(seconds)


class JsonFormatter(logging.Formatter):
    """One JSON object a line, with the request id of the request being served."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (test runners swap it)."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on stderr for our loggers and Litestar's (idempotent: calling it twice adds nothing)."""
    for name in ("service", "litestar"):
        logger = logging.getLogger(name)
        if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
            handler = _Stderr()
            handler.setFormatter(JsonFormatter())
            logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False


class Observability:
    def __init__(self, app: ASGIApp, metrics: Metrics, *, access_log: bool = True):
        self.app = app
        self.metrics = metrics
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asked = dict(scope["headers"])  # (one lookup table, not a scan of the headers for each name)
        incoming = bytes(asked.get(b"x-request-id", b"")).decode("latin-1")
        rid = incoming if incoming and _SANE_ID.match(incoming) else f"{getrandbits(128):032x}"  # (unique, not secret)
        token = request_id.set(rid)
        method = str(scope.get("method", ""))
        route = route_of(scope["path"])
        started = time.perf_counter()
        answer: dict[str, Any] = {"status": 500, "bytes": 0, "rows": None}
        origin = asked.get(b"origin")
        extra = [(b"x-request-id", rid.encode())]
        if origin is not None and method.encode() in READ_METHODS:
            extra += CORS_READ

        async def observed(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                headers = [*message.get("headers", ()), *extra]
                for name, value in headers:
                    if name == b"x-row-count":
                        answer["rows"] = int(value)
                    elif name == b"content-type":
                        answer["format"] = bytes(value).decode()
                message = cast(Message, {**message, "headers": headers})
            elif message["type"] == "http.response.body":
                answer["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            if method == "GET" and scope["path"] == "/metrics":
                await self._metrics(observed)
            elif method == "OPTIONS" and origin is not None and (wanted := asked.get(b"access-control-request-method")):
                await self._preflight(bytes(wanted), observed)
            else:
                await self.app(scope, receive, observed)
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.answered(method, route, str(answer["status"]), elapsed)
            if answer["rows"] is not None and answer["status"] == 200:
                fmt = answer.get("format", "").split(";", 1)[0]
                self.metrics.exported.labels(route, fmt).inc(answer["rows"])
            if self.access_log:
                fields = {
                    "method": method,
                    "path": scope["path"],
                    "status": answer["status"],
                    "duration_ms": round(elapsed * 1000, 3),
                    "bytes": answer["bytes"],
                }
                log.info("%s %s %s", method, scope["path"], answer["status"], extra={"fields": fields})
            request_id.reset(token)

    async def _metrics(self, send: Send) -> None:
        body = generate_latest(self.metrics.registry)
        headers = [(b"content-type", CONTENT_TYPE_LATEST.encode()), (b"cache-control", b"no-store")]
        await send(cast(Message, {"type": "http.response.start", "status": 200, "headers": headers}))
        await send(cast(Message, {"type": "http.response.body", "body": body}))

    async def _preflight(self, wanted: bytes, send: Send) -> None:
        """Reads may be made from any origin; a write's preflight is refused, so browsers never send it."""
        if wanted.upper() in READ_METHODS:
            status, headers = 204, CORS_PREFLIGHT
        else:
            status, headers = 403, [(b"vary", b"Origin")]
        await send(cast(Message, {"type": "http.response.start", "status": status, "headers": headers}))
        await send(cast(Message, {"type": "http.response.body", "body": b""}))
