"""The application factory: `create_app(settings)` builds everything; nothing happens at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request, Router
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.openapi import OpenAPIConfig
from litestar.plugins import PluginProtocol
from litestar.plugins.core import MsgspecDIPlugin

import schemas
from service import paths
from service.http import openapi
from service.http.allow import allow_every_method
from service.http.cache import RepresentationCache
from service.http.errors import EXCEPTION_HANDLERS
from service.http.head import head_as_get
from service.http.observability import Metrics, Observability, configure_logging
from service.http.reads import use_threads
from service.http.writes import GroupCommit
from service.routes.articles import ArticleController
from service.routes.corpus import corpus_list, deletions, facets, facets_in_format
from service.routes.drafts import create_draft
from service.routes.home import home
from service.routes.meta import health, problem_type, ready
from service.routes.review import drafted, new_draft, save
from service.routes.schemas import SchemaController
from service.settings import Settings
from service.store import ArticleStore, load_bundled
from service.store.engines import open_store

log = logging.getLogger("service")


def create_app(settings: Settings | None = None, store: ArticleStore | None = None) -> Litestar:
    """The service. A store passed in is used as is (and not closed); else one is opened from settings."""
    settings = settings or Settings.from_env()
    configure_logging()
    use_threads(settings.read_threads)
    owned = store is None
    active: ArticleStore = store or open_store(settings.database_url, migrate=settings.migrate_on_start)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            loaded = load_bundled(active, settings.data_dir)
            if loaded:
                log.info("loaded %d bundled article(s) from %s", loaded, settings.data_dir)
        try:
            yield
        finally:
            if owned:
                active.close()

    v1 = Router(
        path=paths.PREFIX,
        route_handlers=[
            ArticleController,
            SchemaController,
            deletions,
            corpus_list,
            facets,
            facets_in_format,
            create_draft,
        ],
    )
    app = Service(
        route_handlers=[home, health, ready, problem_type, new_draft, drafted, save, v1, openapi.swagger_ui_assets()],
        dependencies={"store": Provide(lambda: active, sync_to_thread=False)},
        state=State({"settings": settings, "writes": GroupCommit(active)}),
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        on_app_init=[openapi.CompletedOpenAPI.installer(settings.data_dir)],
        request_max_body_size=settings.max_body_bytes,
        middleware=write_rate_limit(settings),
        logging_config=None,
        openapi_config=OpenAPIConfig(
            title="newsfacts",
            version=schemas.SCHEMA_VERSION,
            description="A news article's facts — actors, places, events, relations — as versioned, standard data.",
            path="/schema",
            render_plugins=[openapi.offline_swagger_ui()],
        ),
    )
    app.asgi_handler = allow_every_method(head_as_get(app.asgi_handler), app.routes)
    if settings.response_cache:
        app.asgi_handler = RepresentationCache(app.asgi_handler, active.changes)
    app.asgi_handler = Observability(app.asgi_handler, Metrics(), access_log=settings.access_log)
    return app


class Service(Litestar):
    """Litestar without the plugins it adds whenever pydantic or attrs is installed (the test tools bring
    pydantic): no model here is either, and importing Litestar's pydantic plugin slowed every start."""

    @staticmethod
    def _get_default_plugins(plugins: list[PluginProtocol]) -> list[PluginProtocol]:
        return [*plugins, MsgspecDIPlugin()]


def write_rate_limit(settings: Settings) -> list[Any]:
    """Per client address, on writes only (reads are public and cached)."""
    if settings.write_rate_limit is None:
        return []
    config = RateLimitConfig(
        rate_limit=settings.write_rate_limit,  # type: ignore[arg-type]
        check_throttle_handler=is_write,
    )
    return [config.middleware]


async def is_write(request: Request[Any, Any, Any]) -> bool:
    """Async on purpose: Litestar runs a plain function here on a worker thread, a hop for every request."""
    return request.method in ("POST", "PUT", "DELETE")
