"""Service-level routes: liveness, readiness, and the pages that explain our problem types."""

from __future__ import annotations

from litestar import MediaType, Response, get
from litestar.params import FromPath

from service.http.errors import PROBLEM_TYPES, not_found
from service.http.headers import html_guards
from service.routes import StoreDependency


@get("/health", summary="The process is alive", sync_to_thread=False, tags=["service"])
def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/ready", summary="The database answers (503 problem otherwise)", sync_to_thread=True, tags=["service"])
def ready(store: StoreDependency) -> dict[str, str]:
    store.ping()
    return {"status": "ready"}


@get(
    "/problems/{slug:str}",
    summary="What a problem type means",
    sync_to_thread=False,
    tags=["service"],
    opt={"media_type": "text/html"},
)
def problem_type(slug: FromPath[str]) -> Response[str]:
    """A short HTML page explaining one of our problem types (the target of its `type` URL)."""
    kind = PROBLEM_TYPES.get(slug)
    if kind is None or kind.generic:
        raise not_found(f"problem type {slug!r}")
    html = f"<!doctype html><meta charset=utf-8><title>{kind.title}</title><h1>{kind.title} ({kind.status})</h1>"
    return Response(html + f"<p>{kind.meaning}</p>", media_type=MediaType.HTML, headers=dict(html_guards("text/html")))
