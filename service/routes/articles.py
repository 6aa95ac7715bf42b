"""Articles, their collections and their items in every format; and the writes that change them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, PathParameter

from schemas import COLLECTIONS, ArticleSummary, is_id
from service import paths
from service.http import query
from service.http.auth import require_write_token
from service.http.bodies import read_document, written
from service.http.errors import ProblemItem, not_found, problem
from service.http.listing import article_hit
from service.http.negotiation import split_suffix
from service.http.representation import if_match, origin, page_url, respond
from service.records import article_records
from service.renderers import Resource, View, datapackage
from service.routes import StoreDependency, settings_of, writes_of
from service.settings import Settings
from service.store import ArticleStore, StoredArticle

REF_DESCRIPTION = "An id, optionally followed by a format suffix: `.json`, `.jsonld`, `.csv`, `.embed.html`, …"
COLLECTION_REF_DESCRIPTION = (
    "actors, locations, events or relations, optionally with a format suffix; or datapackage.zip (all of them)"
)


def check_collection(name: str) -> None:
    """404 for a collection the model does not have."""
    if name not in COLLECTIONS:
        raise not_found(f"collection {name!r} (there are: {', '.join(COLLECTIONS)})")


def fetch(store: ArticleStore, article_id: str) -> StoredArticle:
    if not is_id(article_id):  # never sent to the database: no id like it can exist
        raise not_found(f"article {article_id[:200]!r}")
    stored = store.get(article_id)
    if stored is None:
        raise not_found(f"article {article_id!r}")
    return stored


def list_articles(request: Request, store: ArticleStore, settings: Settings, suffix: str | None) -> Response:
    params = request.query_params.dict()
    wanted = query.searched(params)
    dialect = query.dialect(params, [*query.PAGING, *query.SEARCH])
    limit = query.limit(params)
    summaries: Sequence[ArticleSummary]
    if wanted.q is None:
        after = query.decode_cursor(params, 1)
        summaries = store.summaries(after=after[0] if after else None, limit=limit + 1)
        positions: list[tuple[str, ...]] = [(s.id,) for s in summaries]
    else:
        ranked = query.ranked_cursor(params, 2) if wanted.ranked else query.decode_cursor(params, 1)
        found = store.found_articles(wanted.q, _ranked_after(ranked), limit + 1, ranked=wanted.ranked)
        summaries = [summary for _, summary in found]
        positions = [(repr(r), s.id) if wanted.ranked else (s.id,) for r, s in found]
    next_url = None
    if len(summaries) > limit:
        summaries = summaries[:limit]
        next_url = page_url(request, settings.public_url, query.encode_cursor(*positions[limit - 1]))
    if wanted.q is not None:
        summaries = [
            article_hit(wanted.q, s, stored.article if (stored := store.get(s.id)) else None) for s in summaries
        ]
    resource = Resource(
        dialect=dialect,
        view=View.ARTICLES,
        base_url=origin(request, settings.public_url),
        path=paths.articles(),
        summaries=summaries,
        next_url=next_url,
    )
    return respond(request, suffix, resource)


def _ranked_after(position: tuple[Any, ...] | None) -> tuple[float, str] | None:
    """A cursor's position as `found_articles` takes it (by id alone: a rank of 0, never read)."""
    if position is None:
        return None
    return (position[0], position[1]) if len(position) == 2 else (0.0, position[0])


def article_package(request: Request, store: ArticleStore, settings: Settings, article_id: str) -> Response:
    """The article's Data Package: its five tables as CSV and their datapackage.json, zipped."""
    query.check_known(request.query_params.dict(), ())
    stored = fetch(store, article_id)
    resource = Resource(
        view=View.PACKAGE,
        base_url=origin(request, settings.public_url),
        path=paths.article(article_id),
        article=stored.article,
        dated=[(stored.article, stored.updated_at)],
    )
    return respond(request, datapackage.RENDERER.suffix, resource)


class ArticleController(Controller):
    path = "/articles"
    tags = ["articles"]

    @get("/", summary="List the articles", sync_to_thread=True, opt={"view": View.ARTICLES})
    def articles(self, request: Request, store: StoreDependency) -> Response:
        return list_articles(request, store, settings_of(request), None)

    @get("/{ref:str}", summary="One article", sync_to_thread=True, opt={"view": View.ARTICLE})
    def article(
        self,
        request: Request,
        store: StoreDependency,
        ref: Annotated[str, PathParameter(description=REF_DESCRIPTION)],
    ) -> Response:
        article_id, suffix = split_suffix(ref)
        dialect = query.dialect(request.query_params.dict())
        stored = fetch(store, article_id)
        resource = Resource(
            dialect=dialect,
            view=View.ARTICLE,
            base_url=origin(request, settings_of(request).public_url),
            path=paths.article(article_id),
            article=stored.article,
        )
        return respond(request, suffix, resource, last_modified=stored.updated_at)

    @get(
        "/{article_id:str}/{ref:str}",
        summary="One collection of an article",
        sync_to_thread=True,
        opt={"view": View.COLLECTION},
    )
    def collection(
        self,
        request: Request,
        store: StoreDependency,
        article_id: FromPath[str],
        ref: Annotated[str, PathParameter(description=COLLECTION_REF_DESCRIPTION)],
    ) -> Response:
        settings = settings_of(request)
        name, suffix = split_suffix(ref)
        if ref == datapackage.FILE:
            return article_package(request, store, settings, article_id)
        check_collection(name)
        dialect = query.dialect(request.query_params.dict())
        stored = fetch(store, article_id)
        article = stored.article
        resource = Resource(
            dialect=dialect,
            view=View.COLLECTION,
            base_url=origin(request, settings.public_url),
            path=paths.collection(article.id, name),
            collection=name,
            records=article_records(article, name),
            articles={article.id: article},
        )
        return respond(request, suffix, resource, last_modified=stored.updated_at)

    @get(
        "/{article_id:str}/{collection:str}/{ref:str}",
        summary="One item of a collection",
        sync_to_thread=True,
        opt={"view": View.ITEM},
    )
    def item(
        self,
        request: Request,
        store: StoreDependency,
        article_id: FromPath[str],
        collection: FromPath[str],
        ref: Annotated[str, PathParameter(description=REF_DESCRIPTION)],
    ) -> Response:
        item_id, suffix = split_suffix(ref)
        check_collection(collection)
        dialect = query.dialect(request.query_params.dict())
        stored = fetch(store, article_id)
        article = stored.article
        records = article_records(article, collection, [item_id])
        if not records:
            raise not_found(f"{collection} item {item_id!r} of article {article.id!r}")
        resource = Resource(
            dialect=dialect,
            view=View.ITEM,
            base_url=origin(request, settings_of(request).public_url),
            path=paths.item(article.id, collection, item_id),
            collection=collection,
            records=records,
            articles={article.id: article},
        )
        return respond(request, suffix, resource, last_modified=stored.updated_at)

    @post("/", summary="Create an article", guards=[require_write_token], status_code=201)
    async def create(self, request: Request) -> Response[bytes]:
        article = await read_document(request)
        ready, result = await writes_of(request).put(article, create_only=True)
        return written(ready, result.etag, 201)

    @put("/{ref:str}", summary="Create or replace an article (replacing needs If-Match)", guards=[require_write_token])
    async def replace(
        self,
        request: Request,
        ref: Annotated[str, PathParameter(description="The article's id (no format suffix).")],
    ) -> Response[bytes]:
        precondition = if_match(request)
        article = await read_document(request)
        if article.id != ref:
            raise problem(
                "invalid-document",
                f"the document's id {article.id!r} is not the id in the URL {ref!r}",
                errors=[ProblemItem("$.id", f"expected {ref!r}")],
            )
        ready, result = await writes_of(request).put(article, if_match=precondition)
        return written(ready, result.etag, 201 if result.created else 200)

    @delete(
        "/{ref:str}", summary="Delete an article and all its records", guards=[require_write_token], sync_to_thread=True
    )
    def remove(
        self,
        request: Request,
        store: StoreDependency,
        ref: Annotated[str, PathParameter(description="The article's id (no format suffix).")],
    ) -> None:
        if not is_id(ref) or not store.delete(ref, if_match=if_match(request)):
            raise not_found(f"article {ref!r}")
