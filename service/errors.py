"""One error shape everywhere: RFC 9457 problem details (application/problem+json).

Generic HTTP errors use type "about:blank" with the status phrase as title (as the RFC asks);
errors of our own have a type URL on this service that explains them (`PROBLEM_TYPES`).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException

from schemas import DocumentInvalid
from service.observability import request_id
from service.store import AlreadyExists, PreconditionFailed, PreconditionRequired, Unavailable

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("service.errors")

PROBLEM_TYPES: dict[str, tuple[int, str, str]] = {
    "not-found": (404, "Not Found", "No resource has this id. Ids are listed by the collection URLs."),
    "unknown-format": (
        404,
        "Unknown format",
        "The URL names a format (suffix) this resource is not served in; the detail lists those it is.",
    ),
    "not-acceptable": (
        406,
        "Not Acceptable",
        "No representation of this resource matches the Accept header; `available` lists the media types.",
    ),
    "malformed-header": (400, "Malformed header", "A request header could not be parsed."),
    "invalid-document": (
        422,
        "Invalid document",
        "The document breaks the v1 schema; `errors` lists each problem with its JSON path.",
    ),
    "malformed-json": (400, "Malformed JSON", "The body is not valid UTF-8 JSON."),
    "invalid-query": (400, "Invalid query", "A query parameter is unknown or its value is not allowed; see `errors`."),
    "unauthorized": (401, "Unauthorized", "Writes need Authorization: Bearer <token> with a token allowed to write."),
    "writes-disabled": (403, "Writes disabled", "The service has no write token configured, so it accepts no writes."),
    "already-exists": (409, "Already exists", "POST creates; an article with this id exists. PUT replaces it."),
    "precondition-failed": (
        412,
        "Precondition failed",
        "If-Match did not name the article's current ETag: someone changed it since you read it. Read it again.",
    ),
    "precondition-required": (
        428,
        "Precondition required",
        "Replacing an article needs If-Match with the ETag you read, so no one's change is lost.",
    ),
    "unsupported-media-type": (415, "Unsupported media type", "Send the document as application/json."),
    "unavailable": (503, "Service unavailable", "The database cannot be reached; try again shortly."),
}
"""Our problem types by slug: (status, title, what it means). Each is served at /problems/{slug}."""


class ProblemError(Exception):
    """Raise to answer with a problem+json document."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        slug: str | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ):
        super().__init__(detail)
        self.status, self.title, self.detail, self.slug = status, title, detail, slug
        self.headers, self.extensions = headers or {}, extensions


def problem(slug: str, detail: str, **extensions: Any) -> ProblemError:
    """A ProblemError of one of our documented types."""
    status, title, _ = PROBLEM_TYPES[slug]
    return ProblemError(status, title, detail, slug=slug, **extensions)


def not_found(what: str) -> ProblemError:
    return ProblemError(404, "Not Found", f"{what} does not exist", slug="not-found")


_encoder = msgspec.json.Encoder()


def problem_response(
    request: Request, status: int, title: str, detail: str, slug: str | None = None, **extensions: Any
) -> Response[bytes]:
    body = {
        "type": f"{str(request.base_url).rstrip('/')}/problems/{slug}" if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extensions,
    }
    if rid := request_id.get():
        body["request_id"] = rid  # to quote when reporting a problem; also in the X-Request-ID header
    return Response(_encoder.encode(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def _on_problem(request: Request, exc: ProblemError) -> Response[bytes]:
    response = problem_response(request, exc.status, exc.title, exc.detail, exc.slug, **exc.extensions)
    response.headers.update(exc.headers)
    return response


def _on_store_error(slug: str) -> Any:
    def handle(request: Request, exc: Exception) -> Response[bytes]:
        status, title, _ = PROBLEM_TYPES[slug]
        if status >= 500:
            log.warning("%s on %s %s: %s", title, request.method, request.url.path, exc)
        response = problem_response(
            request, status, title, str(exc) if status < 500 else "the database cannot be reached", slug
        )
        if status == 503:
            response.headers["Retry-After"] = "5"
        return response

    return handle


def _on_invalid_document(request: Request, exc: DocumentInvalid) -> Response[bytes]:
    errors = [{"path": p.path, "message": p.message} for p in exc.problems]
    detail = f"{len(errors)} problem(s); first: {exc.problems[0]}"
    return problem_response(request, 422, "Invalid document", detail, "invalid-document", errors=errors)


def _on_http_exception(request: Request, exc: HTTPException) -> Response[bytes]:
    status = exc.status_code
    if status >= 500:
        log.error("error on %s %s", request.method, request.url.path, exc_info=exc)
    extensions: dict[str, Any] = {}
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list):
        extensions["errors"] = [
            {"path": e.get("key") or e.get("source") or "", "message": e.get("message", "")}
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
    return problem_response(request, 500, "Internal Server Error", "an unexpected error occurred")


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


def problem_type_page(slug: str) -> Response[str]:
    """A short HTML page explaining one of our problem types (the target of its `type` URL)."""
    if slug not in PROBLEM_TYPES:
        raise not_found(f"problem type {slug!r}")
    status, title, meaning = PROBLEM_TYPES[slug]
    html = f"<!doctype html><meta charset=utf-8><title>{title}</title><h1>{title} ({status})</h1><p>{meaning}</p>"
    from service.representation import html_guards  # (representation imports this module)

    return Response(html, media_type=MediaType.HTML, headers=dict(html_guards("text/html")))
