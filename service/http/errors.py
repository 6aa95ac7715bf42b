"""One error shape everywhere: RFC 9457 problem details (application/problem+json), from one registry of types.

Errors of our own have a type URL on this service that explains them (`/problems/{slug}`); the generic HTTP
errors that Litestar or the server raise use "about:blank" with the status phrase as title, as the RFC asks.
Every problem is raised through `problem(slug, …)`; the OpenAPI document lists each operation's problems and
the Problem schema from this module too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from schemas import DocumentInvalid
from service.http.observability import request_id
from service.store import AlreadyExists, PreconditionFailed, PreconditionRequired, Unavailable

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("service.errors")

READS = frozenset({"get"})
WRITES = frozenset({"post", "put", "delete"})
EVERYWHERE = READS | WRITES


@dataclass(frozen=True, slots=True)
class ProblemType:
    status: int
    title: str
    meaning: str
    """What it means and what to do: its page at /problems/{slug}, and its line in the OpenAPI document."""
    methods: frozenset[str] = EVERYWHERE
    """The operations that can answer with it (lower-case HTTP methods)."""
    generic: bool = False
    """Raised outside our code (Litestar, the server): type about:blank, no page of its own."""
    on_paths_with_ids: bool = False
    """Only where the path names something that may not exist."""
    negotiated: bool = False
    """Only where the format is negotiated (a suffix or Accept)."""
    counts: bool = False
    """Only where the corpus is counted (its facets)."""
    stores: bool = False
    """Only where a request writes to the store (not a draft, which needs no token and stores nothing)."""
    drafts: bool = False
    """Only where an article's text is drafted (POST /v1/drafts)."""


PROBLEM_TYPES: dict[str, ProblemType] = {
    "not-found": ProblemType(
        404,
        "Not Found",
        "No resource has this id. Ids are listed by the collection URLs.",
        READS | {"delete"},
        on_paths_with_ids=True,
    ),
    "unknown-format": ProblemType(
        404,
        "Unknown format",
        "The URL names a format (suffix) this resource is not served in; the detail lists those it is.",
        READS,
        on_paths_with_ids=True,
        negotiated=True,
    ),
    "not-acceptable": ProblemType(
        406,
        "Not Acceptable",
        "No representation of this resource matches the Accept header; `available` lists the media types.",
        READS,
        negotiated=True,
    ),
    "malformed-header": ProblemType(
        400, "Malformed header", "A request header (Accept, If-None-Match, If-Match) could not be parsed."
    ),
    "invalid-document": ProblemType(
        422,
        "Invalid document",
        "The document breaks the v1 schema; `errors` lists each problem with its JSON path.",
        frozenset({"post", "put"}),
    ),
    "malformed-json": ProblemType(
        400, "Malformed JSON", "The body is not valid UTF-8 JSON.", frozenset({"post", "put"})
    ),
    "malformed-text": ProblemType(
        400, "Malformed text", "A text/plain body (a draft's text) is not UTF-8.", frozenset({"post"}), drafts=True
    ),
    "invalid-query": ProblemType(
        400, "Invalid query", "A query parameter is unknown or its value is not allowed; see `errors`.", READS
    ),
    "unauthorized": ProblemType(
        401,
        "Unauthorized",
        "Writes need Authorization: Bearer <token> with a token allowed to write.",
        WRITES,
        stores=True,
    ),
    "writes-disabled": ProblemType(
        403,
        "Writes disabled",
        "The service has no write token configured, so it accepts no writes.",
        WRITES,
        stores=True,
    ),
    "already-exists": ProblemType(
        409,
        "Already exists",
        "POST creates; an article with this id exists. PUT replaces it.",
        frozenset({"post"}),
        stores=True,
    ),
    "precondition-failed": ProblemType(
        412,
        "Precondition failed",
        "If-Match did not name the article's current ETag: someone changed it since you read it. Read it again.",
        frozenset({"put", "delete"}),
    ),
    "precondition-required": ProblemType(
        428,
        "Precondition required",
        "Replacing an article needs If-Match with the ETag you read, so no one's change is lost.",
        frozenset({"put"}),
    ),
    "unsupported-media-type": ProblemType(
        415,
        "Unsupported media type",
        "Send the document as application/json (a draft's text: text/plain, UTF-8, or application/json).",
        frozenset({"post", "put"}),
    ),
    "unavailable": ProblemType(503, "Service unavailable", "The database cannot be reached; try again shortly."),
    "count-cut-short": ProblemType(
        503,
        "Count cut short",
        "Counting the selected items took longer than the service allows (COUNT_MS), and was stopped: narrow the"
        " selection (a date range, a type, a country) or count by a field of fewer values.",
        READS,
        counts=True,
    ),
    "body-too-large": ProblemType(
        413, "Request Entity Too Large", "The body is over the size limit (MAX_BODY_BYTES).", WRITES, generic=True
    ),
    "too-many-requests": ProblemType(
        429, "Too Many Requests", "Too many writes from this client (WRITE_RATE_LIMIT).", WRITES, generic=True
    ),
    "internal-error": ProblemType(
        500, "Internal Server Error", "An unexpected error; no details are leaked.", generic=True
    ),
}
"""Every problem the service answers with, by slug. Our own are served at /problems/{slug}."""


class ProblemItem(msgspec.Struct, frozen=True):
    path: str
    """Where: a JSON path into the document, a query parameter, or a header."""
    message: str


class ProblemDetails(msgspec.Struct, frozen=True, omit_defaults=True):
    """RFC 9457 problem details: the body of every error response."""

    type: str
    """A URL on this service that explains the problem type, or about:blank for a generic HTTP error."""
    title: str
    status: int
    detail: str
    instance: str
    errors: list[ProblemItem] | None = None
    """Each problem with where it is (invalid documents and queries)."""
    available: list[str] | None = None
    """The media types this resource is served in (406)."""
    request_id: str | None = None
    """To quote when reporting a problem; also in the X-Request-ID header."""


class ProblemError(Exception):
    """Raise (through `problem`) to answer with a problem+json document."""

    def __init__(self, slug: str, detail: str, *, headers: dict[str, str] | None = None, **extensions: Any):
        super().__init__(detail)
        self.slug, self.kind, self.detail = slug, PROBLEM_TYPES[slug], detail
        self.headers, self.extensions = headers or {}, extensions

    @property
    def status(self) -> int:
        return self.kind.status


def problem(slug: str, detail: str, *, headers: dict[str, str] | None = None, **extensions: Any) -> ProblemError:
    """A ProblemError of one of the registered types."""
    return ProblemError(slug, detail, headers=headers, **extensions)


def not_found(what: str) -> ProblemError:
    return problem("not-found", f"{what} does not exist")


_encoder = msgspec.json.Encoder()


def problem_response(
    request: Request, status: int, title: str, detail: str, slug: str | None = None, **extensions: Any
) -> Response[bytes]:
    body = ProblemDetails(
        type=f"{str(request.base_url).rstrip('/')}/problems/{slug}" if slug else "about:blank",
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path,
        request_id=request_id.get() or None,
        **extensions,
    )
    return Response(_encoder.encode(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def _respond(request: Request, slug: str, detail: str, **extensions: Any) -> Response[bytes]:
    kind = PROBLEM_TYPES[slug]
    return problem_response(request, kind.status, kind.title, detail, None if kind.generic else slug, **extensions)


def _on_problem(request: Request, exc: ProblemError) -> Response[bytes]:
    response = _respond(request, exc.slug, exc.detail, **exc.extensions)
    response.headers.update(exc.headers)
    return response


def _on_store_error(slug: str) -> Any:
    def handle(request: Request, exc: Exception) -> Response[bytes]:
        kind = PROBLEM_TYPES[slug]
        if kind.status >= 500:
            log.warning("%s on %s %s: %s", kind.title, request.method, request.url.path, exc)
        response = _respond(request, slug, str(exc) if kind.status < 500 else "the database cannot be reached")
        if kind.status == 503:
            response.headers["Retry-After"] = "5"
        return response

    return handle


def _on_invalid_document(request: Request, exc: DocumentInvalid) -> Response[bytes]:
    errors = [ProblemItem(p.path, p.message) for p in exc.problems]
    detail = f"{len(errors)} problem(s); first: {exc.problems[0]}"
    return _respond(request, "invalid-document", detail, errors=errors)


def _on_http_exception(request: Request, exc: HTTPException) -> Response[bytes]:
    status = exc.status_code
    if status >= 500:
        log.error("error on %s %s", request.method, request.url.path, exc_info=exc)
    extensions: dict[str, Any] = {}
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list):
        extensions["errors"] = [
            ProblemItem(e.get("key") or e.get("source") or "", e.get("message", ""))
            for e in exc.extra
            if isinstance(e, dict)
        ]
    detail = exc.detail if exc.detail != HTTPStatus(status).phrase else ""
    response = problem_response(request, status, HTTPStatus(status).phrase, detail or "", **extensions)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def _on_unexpected(request: Request, exc: Exception) -> Response[bytes]:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _respond(request, "internal-error", "an unexpected error occurred")


EXCEPTION_HANDLERS: dict[int | type[Exception], Any] = {
    ProblemError: _on_problem,
    PreconditionFailed: _on_store_error("precondition-failed"),
    PreconditionRequired: _on_store_error("precondition-required"),
    AlreadyExists: _on_store_error("already-exists"),
    Unavailable: _on_store_error("unavailable"),
    DocumentInvalid: _on_invalid_document,
    HTTPException: _on_http_exception,
    Exception: _on_unexpected,
}


def problems_of(
    method: str, *, has_ids: bool, negotiates: bool, counts: bool = False, drafts: bool = False
) -> dict[int, list[ProblemType]]:
    """The problem types an operation can answer with, by status: what its OpenAPI entry documents."""
    found: dict[int, list[ProblemType]] = {}
    for kind in PROBLEM_TYPES.values():
        fits = (has_ids or not kind.on_paths_with_ids) and (negotiates or not kind.negotiated)
        fits = fits and (counts or not kind.counts) and (drafts or not kind.drafts) and not (drafts and kind.stores)
        if method in kind.methods and fits:
            found.setdefault(kind.status, []).append(kind)
    return dict(sorted(found.items()))
