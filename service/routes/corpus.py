"""Corpus-wide reads: every collection across all articles, filtered and paged; and what was deleted."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar import Request, Response, get
from litestar.params import FromPath, PathParameter

from schemas import COLLECTIONS, Page
from schemas.v1.records import Bucket, Deletion, Facets, FatalitySums, Other, Sum
from service import paths
from service.http import query
from service.http.errors import not_found, problem
from service.http.listing import Paging, corpus_collection
from service.http.negotiation import split_suffix
from service.http.reads import CutShort, bounded, run_read
from service.http.representation import Pending, origin, page_url, respond, tagged
from service.renderers import Renderer, Resource, View, datapackage, renderers_for
from service.routes import StoreDependency, settings_of
from service.routes.articles import list_articles
from service.settings import Settings
from service.store import MULTIVALUED, ArticleStore, Counts, Filters, Tally, stored_articles

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
    name, suffix = split_suffix(listing)
    base = origin(request, settings.public_url)
    if listing == datapackage.FILE:
        wanted = query.package_filters(request.query_params.dict())

        def package(renderer: Renderer) -> Resource:
            dated = ((s.article, s.updated_at) for s in stored_articles(store, wanted))
            return Resource(
                view=View.PACKAGE, base_url=base, path=request.url.path, dated=dated, query=request.url.query
            )

        return respond(request, suffix, Pending(View.PACKAGE, package), version=store.version())
    if name == "articles" and suffix:
        return list_articles(request, store, settings, suffix)
    if name not in COLLECTIONS:
        raise not_found(paths.corpus(listing))
    params = request.query_params.dict()
    filters = query.filters(name, params)
    dialect = query.dialect(params, list(params))
    fields = query.fields(name, params)

    def next_page(*position: str) -> str:
        return page_url(request, settings.public_url, query.encode_cursor(*position))

    def collection(renderer: Renderer) -> Resource:
        paging = None
        if renderer.streams:
            if set(params) & set(query.PAGING):
                raise query.bad(f"{renderer.name} streams the whole filtered set: drop limit and cursor", "limit")
        else:
            after = query.ranked_cursor(params, 3) if filters.ranked else query.decode_cursor(params, 2)
            paging = Paging(after, query.limit(params), next_page)
        query_string = request.url.query
        return corpus_collection(
            store,
            name,
            filters,
            renderer,
            base,
            dialect=dialect,
            paging=paging,
            query_string=query_string,
            fields=fields,
        )

    return respond(request, suffix, Pending(View.COLLECTION, collection, name), version=store.version())


@get(
    "/{collection:str}/facets",
    summary="Counts by a field's values across the corpus: events by type or date, actors by kind…",
    description=(
        "Every filter of the collection's list and `q` select the items; `facet` names the field; the `top` values"
        " with the most items come first (ties by value), the rest are counted as `other`. JSON, or CSV (a row per"
        " bucket, then other, missing and total) by Accept or by suffix, as every format: facets.json, facets.csv,"
        " facets.csv-metadata.json (its CSVW metadata). Unknown parameters and values are 400."
    ),
    tags=["corpus"],
    opt={"view": View.COUNTS},
)
async def facets(
    request: Request,
    store: StoreDependency,
    collection: Annotated[str, PathParameter(description="actors, locations, events or relations")],
) -> Response:
    return await run_read(store.reads_inline, count_facet, request, store, collection)


@get([f"/{{collection:str}}/facets.{r.suffix}" for r in renderers_for(View.COUNTS)], include_in_schema=False)
async def facets_in_format(request: Request, store: StoreDependency, collection: FromPath[str]) -> Response:
    """The counts in the format a suffix names: the operation the API document describes at /facets."""
    _, suffix = split_suffix(request.url.path.rsplit("/", 1)[-1])
    return await run_read(store.reads_inline, count_facet, request, store, collection, suffix)


def count_facet(request: Request, store: ArticleStore, collection: str, suffix: str | None = None) -> Response:
    if collection not in query.FACETS:
        raise not_found(paths.corpus(f"{collection}/facets"))
    params = request.query_params.dict()
    filters, asked = query.facet_query(collection, params)
    dialect = query.dialect(params, list(params))
    settings = settings_of(request)

    def counted(renderer: Renderer) -> Resource:
        counts = count_within(store, collection, filters, asked, settings.count_ms)
        body = Facets(
            facet=asked.name,
            interval=asked.interval,
            total=counts.total.count,
            buckets=[
                Bucket(value=value, count=tally.count, fatalities=_sums(tally)) for value, tally in counts.buckets
            ],
            other=Other(count=counts.other.count, fatalities=_sums(counts.other)),
            missing=counts.missing.count,
            multivalued=asked.field in MULTIVALUED,
            fatalities=_sums(counts.total),
        )
        return Resource(
            view=View.COUNTS,
            base_url=origin(request, settings.public_url),
            path=paths.corpus(f"{collection}/facets"),
            collection=collection,
            counts=body,
            dialect=dialect,
            query=request.url.query,
        )

    return respond(request, suffix, Pending(View.COUNTS, counted, collection), version=store.version())


def count_within(store: ArticleStore, collection: str, filters: Filters, asked: query.FacetQuery, ms: int) -> Counts:
    """The store's count, within the time counts may take."""
    try:
        return bounded(
            ms,
            store.facet,
            collection,
            filters,
            asked.field,
            asked.top,
            asked.interval or "day",
            asked.level or "country",
        )
    except CutShort as stopped:
        raise problem("count-cut-short", f"counting took longer than {stopped}: narrow the selection") from None


def _sums(tally: Tally) -> FatalitySums | None:
    if tally.deaths is None:
        return None
    low, low_unknown, best, best_unknown, high, high_unknown = tally.deaths
    return FatalitySums(
        low=Sum(sum=low, unknown=low_unknown),
        best=Sum(sum=best, unknown=best_unknown),
        high=Sum(sum=high, unknown=high_unknown),
    )


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
