"""Service-level routes: liveness, readiness, and the pages that explain our problem types."""

from __future__ import annotations

from litestar import Response, get
from litestar.params import FromPath

from service.errors import problem_type_page
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
    return problem_type_page(slug)
