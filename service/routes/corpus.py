"""Corpus-wide reads: every collection across all articles, filtered and paged; and what was deleted."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar import Request, Response, get
from litestar.params import PathParameter
from litestar.response import Stream

from schemas import COLLECTIONS, Page
from schemas.v1.records import Deletion
from service import datapackage, query
from service.errors import not_found
from service.reads import run_read
from service.renderers import Resource, View
from service.renderers.base import RecordStream
from service.representation import (
    CACHE_CONTROL,
    choose,
    entity_tag,
    none_match,
    not_modified,
    origin,
    page_url,
    represent,
    tagged,
    version_tag,
)
from service.routes import StoreDependency, settings_of
from service.routes.articles import list_articles, split_ref
from service.settings import Settings
from service.store import ArticleLookup, ArticleStore

LISTING_DESCRIPTION = (
    "articles, actors, locations, events or relations, optionally with a format suffix (events.csv, actors.ndjson…);"
    " or datapackage.zip, all the tables of the selected articles"
)


@get(
    "/{listing:str}",
    summary="A list across the corpus: articles, actors, locations, events or relations",
    description=(
        "JSON and JSON-LD are paged (`limit`, `cursor`; the next page in `next` and a Link rel=next header). "
        "CSV and NDJSON stream the whole filtered set; X-Row-Count gives its size and NDJSON ends with "
        '{"end_of_stream":true,"count":N}. Unknown parameters and values are 400.'
    ),
    tags=["corpus"],
    opt={"view": View.COLLECTION, "corpus": True},
)
async def corpus_list(
    request: Request,
    store: StoreDependency,
    listing: Annotated[str, PathParameter(description=LISTING_DESCRIPTION)],
) -> Response:
    inline = store.reads_inline and listing != datapackage.FILE  # (a package is built whole: on a thread)
    return await run_read(inline, list_corpus, request, store, settings_of(request), listing)


def list_corpus(request: Request, store: ArticleStore, settings: Settings, listing: str) -> Response:
    name, suffix = split_ref(listing)
    if listing == datapackage.FILE:
        return corpus_package(request, store, settings)
    if name == "articles" and suffix:
        return list_articles(request, store, settings, suffix)
    if name not in COLLECTIONS:
        raise not_found(f"/v1/{listing}")
    params = request.query_params.dict()
    filters = query.filters(name, params)
    dialect = query.dialect(params, list(params))
    renderer = choose(request, View.COLLECTION, suffix, name)
    etag = version_tag(store.version(), request, renderer)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, **({} if suffix else {"Vary": "Accept"})}
    if none_match(request.headers.get("if-none-match"), etag):
        return not_modified(headers)
    base = origin(request, settings.public_url)
    path = f"/v1/{name}"
    if renderer.streams:
        if set(params) & set(query.PAGING):
            raise query.bad(f"{renderer.name} streams the whole filtered set: drop limit and cursor", "limit")
        layout = None if dialect else renderer.export_layout(name)
        count, batches = store.export(name, filters, layout, names=renderer.reads_names)
        stream = RecordStream(batches)
        resource = Resource(
            view=View.COLLECTION,
            base_url=base,
            path=path,
            collection=name,
            records=stream,
            count=count,
            dialect=dialect,
        )
        return represent(request, resource, suffix, renderer=renderer, etag=etag)
    limit = query.limit(params)
    after = query.decode_cursor(params, 2)
    records = store.records(name, filters, after, limit + 1)  # type: ignore[arg-type]  # a 2-tuple, checked
    next_url = None
    if len(records) > limit:
        records = records[:limit]
        last = records[-1]
        next_url = page_url(request, settings.public_url, query.encode_cursor(last.article_id, last.id))
    resource = Resource(
        view=View.COLLECTION,
        base_url=base,
        path=path,
        collection=name,
        dialect=dialect,
        records=records,
        articles=ArticleLookup(store),
        next_url=next_url,
    )
    return represent(request, resource, suffix, renderer=renderer, etag=etag)


def corpus_package(request: Request, store: ArticleStore, settings: Settings) -> Response:
    """A Data Package of the articles the filters select (`article`, `updated_since`): built, then streamed."""
    wanted = datapackage.filters(request.query_params.dict())
    etag = entity_tag(f"{store.version()}\n{request.url}\n{datapackage.FILE}".encode())
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if none_match(request.headers.get("if-none-match"), etag):
        return not_modified(headers)
    query_string = f"?{request.url.query}" if request.url.query else ""
    source = f"{origin(request, settings.public_url)}{request.url.path}{query_string}"
    tables, newest = datapackage.corpus_tables(datapackage.selected(store, wanted))
    chunks = datapackage.zipped(
        tables, name="newsfacts-corpus", title="newsfacts corpus", source=source, modified=newest
    )
    headers["content-type"] = datapackage.MEDIA_TYPE
    headers["Content-Disposition"] = 'attachment; filename="newsfacts-datapackage.zip"'
    return Stream(chunks, headers=headers)


@get(
    "/deletions",
    summary="Articles deleted since a time, for incremental sync",
    tags=["corpus"],
    opt={"media_type": "application/json", "schema": "Page_Deletion_", "tagged": True},
)
async def deletions(request: Request, store: StoreDependency) -> Response:
    return await run_read(store.reads_inline, list_deletions, request, store, settings_of(request))


def list_deletions(request: Request, store: ArticleStore, settings: Settings) -> Response:
    params = request.query_params.dict()
    query.check_known(params, ("since", *query.PAGING))
    since = None
    if (raw := query.single(params, "since")) is not None:
        since = query.parse_value(query.SINCE, "since", raw)
    limit = query.limit(params)
    after = query.deletion_cursor(params)
    rows = store.deletions(since, after, limit + 1)  # type: ignore[arg-type]
    next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_url = page_url(request, settings.public_url, query.encode_cursor(*rows[-1]))
    items = [Deletion(id=article_id, deleted_at=dt.datetime.fromisoformat(at)) for at, article_id in rows]
    response = tagged(request, msgspec.json.encode(Page(items=items, next=next_url)), "application/json")
    if next_url:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    return response
