"""The application factory: `create_app(settings)` builds everything; nothing happens at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, Router
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig

import schemas
from service import openapi
from service.errors import EXCEPTION_HANDLERS
from service.head import head_as_get
from service.routes.articles import ArticleController
from service.routes.meta import articles_in_format, health, problem_type
from service.routes.schemas import SchemaController
from service.settings import Settings
from service.store import ArticleStore, load_bundled, open_store

log = logging.getLogger("service")


def create_app(settings: Settings | None = None, store: ArticleStore | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    owned_store = store is None
    active_store: ArticleStore = store or open_store(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        loaded = load_bundled(active_store, settings.data_dir)
        if loaded:
            log.info("loaded %d bundled article(s) from %s", loaded, settings.data_dir)
        try:
            yield
        finally:
            if owned_store:
                active_store.close()

    v1 = Router(
        path=f"/{schemas.API_VERSION}",
        route_handlers=[ArticleController, SchemaController, articles_in_format],
    )
    app = Litestar(
        route_handlers=[health, problem_type, v1],
        dependencies={
            "store": Provide(lambda: active_store, sync_to_thread=False),
            "settings": Provide(lambda: settings, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        openapi_config=OpenAPIConfig(
            title="newsfacts",
            version=schemas.SCHEMA_VERSION,
            description="A news article's facts — actors, places, events, relations — as versioned, standard data.",
            path="/schema",
        ),
    )
    openapi.complete(app)
    app.asgi_handler = head_as_get(app.asgi_handler)
    return app
