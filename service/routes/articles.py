"""Articles, their collections and their items, in every format (suffix or Accept)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, PathParameter

from schemas import COLLECTIONS
from service.errors import not_found
from service.renderers import Resource, View
from service.representation import origin, represent
from service.settings import Settings
from service.store import ArticleStore, StoredArticle

COLLECTION_REF_DESCRIPTION = "actors, locations, events or relations, optionally with a format suffix"
REF_DESCRIPTION = "An id, optionally followed by a format suffix: `.json`, `.jsonld`, `.csv`, `.embed.html`, …"


def split_ref(ref: str) -> tuple[str, str | None]:
    """'events.csv' → ('events', 'csv'); ids never contain a dot."""
    name, dot, suffix = ref.partition(".")
    return name, (suffix if dot else None)


def fetch(store: NamedDependency[ArticleStore], article_id: str) -> StoredArticle:
    stored = store.get(article_id)
    if stored is None:
        raise not_found(f"article {article_id!r}")
    return stored


def list_articles(
    request: Request, store: NamedDependency[ArticleStore], settings: NamedDependency[Settings], suffix: str | None
) -> Response:
    resource = Resource(
        view=View.ARTICLES,
        base_url=origin(request, settings.public_url),
        path="/v1/articles",
        summaries=store.summaries(),
    )
    return represent(request, resource, suffix)


class ArticleController(Controller):
    path = "/articles"
    tags = ["articles"]

    @get("/", summary="List the articles", sync_to_thread=False, opt={"view": View.ARTICLES})
    def articles(
        self, request: Request, store: NamedDependency[ArticleStore], settings: NamedDependency[Settings]
    ) -> Response:
        return list_articles(request, store, settings, None)

    @get("/{ref:str}", summary="One article", sync_to_thread=False, opt={"view": View.ARTICLE})
    def article(
        self,
        request: Request,
        store: NamedDependency[ArticleStore],
        settings: NamedDependency[Settings],
        ref: Annotated[str, PathParameter(description=REF_DESCRIPTION)],
    ) -> Response:
        article_id, suffix = split_ref(ref)
        article = fetch(store, article_id).article
        resource = Resource(
            view=View.ARTICLE,
            base_url=origin(request, settings.public_url),
            path=f"/v1/articles/{article.id}",
            article=article,
        )
        return represent(request, resource, suffix)

    @get(
        "/{article_id:str}/{ref:str}",
        summary="One collection of an article",
        sync_to_thread=False,
        opt={"view": View.COLLECTION},
    )
    def collection(
        self,
        request: Request,
        store: NamedDependency[ArticleStore],
        settings: NamedDependency[Settings],
        article_id: FromPath[str],
        ref: Annotated[
            str, PathParameter(description="actors, locations, events or relations, optionally with a suffix")
        ],
    ) -> Response:
        name, suffix = split_ref(ref)
        if name not in COLLECTIONS:
            raise not_found(f"collection {name!r} (there are: {', '.join(COLLECTIONS)})")
        article = fetch(store, article_id).article
        resource = Resource(
            view=View.COLLECTION,
            base_url=origin(request, settings.public_url),
            path=f"/v1/articles/{article.id}/{name}",
            article=article,
            collection=name,
        )
        return represent(request, resource, suffix)

    @get(
        "/{article_id:str}/{collection:str}/{ref:str}",
        summary="One item of a collection",
        sync_to_thread=False,
        opt={"view": View.ITEM},
    )
    def item(
        self,
        request: Request,
        store: NamedDependency[ArticleStore],
        settings: NamedDependency[Settings],
        article_id: FromPath[str],
        collection: FromPath[str],
        ref: Annotated[str, PathParameter(description=REF_DESCRIPTION)],
    ) -> Response:
        item_id, suffix = split_ref(ref)
        if collection not in COLLECTIONS:
            raise not_found(f"collection {collection!r} (there are: {', '.join(COLLECTIONS)})")
        article = fetch(store, article_id).article
        found = next((i for i in getattr(article, collection) if i.id == item_id), None)
        if found is None:
            raise not_found(f"{collection} item {item_id!r} of article {article.id!r}")
        resource = Resource(
            view=View.ITEM,
            base_url=origin(request, settings.public_url),
            path=f"/v1/articles/{article.id}/{collection}/{item_id}",
            article=article,
            collection=collection,
            item=found,
        )
        return represent(request, resource, suffix)
