"""A filtered collection of the corpus in one format: what a corpus URL and `newsfacts export` both serve; and
where a full-text search's words are in each hit (its highlights and snippet), worked out for what is served."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import msgspec

from schemas import Article, ArticleSummary, Evidence
from schemas.v1 import TEXT_FIELDS, ArticleText, text_of
from schemas.v1.records import ArticleHit
from service import paths, search
from service.http.query import bad
from service.records import Record, RecordStream
from service.renderers import RENDERERS, Renderer, Resource, View
from service.store import ArticleLookup, ArticleStore, Filters
from service.tables.fields import Fields

"""The article's text fields, in the order an article's highlights take them."""
MAX_HIGHLIGHTS = 20
"""Highlights a hit carries at most."""
_encoder = msgspec.json.Encoder()


PROJECTING = ", ".join(renderer.name for renderer in RENDERERS if renderer.projects)
"""The formats `fields` applies to (they can leave fields out of an item)."""


@dataclass(frozen=True, slots=True)
class Paging:
    """A page of a paged list: after which position, how many, and how to link the next page."""

    after: tuple[Any, ...] | None
    """(article_id, id) of the last record served; in order of relevance (rank, article_id, id)."""
    limit: int
    link: Callable[..., str]
    """The position of the page's last record, as strings → the next page's URL."""


def corpus_collection(
    store: ArticleStore,
    name: str,
    filters: Filters,
    renderer: Renderer,
    base_url: str,
    *,
    dialect: str | None = None,
    paging: Paging | None = None,
    query_string: str = "",
    fields: Fields | None = None,
) -> Resource:
    """The records of collection `name` the filters select: one page, or without `paging` the whole set as a
    stream read from one snapshot (its size counted first), carrying what `renderer` needs and nothing more;
    with `fields`, only those fields of each (400 for a format that cannot leave any out)."""
    if fields is not None and not renderer.projects:
        raise bad(f"fields applies to {PROJECTING}, not to {renderer.name}", "fields")
    common = {
        "view": View.COLLECTION,
        "base_url": base_url,
        "path": paths.corpus(name),
        "collection": name,
        "dialect": dialect,
        "articles": ArticleLookup(store),
        "query": query_string,
        "fields": fields,
    }
    query = filters.q
    if paging is None:
        layout = None if dialect else renderer.export_layout(name)
        count, batches = store.export(name, filters, layout, names=renderer.reads_names)
        if query is not None:
            batches = (highlighted(store, query, batch) for batch in batches)
        return Resource(**common, records=RecordStream(batches), count=count)  # type: ignore[arg-type]
    positions: list[tuple[str, ...]]
    if filters.ranked:
        hits = store.hits(name, filters, paging.after, paging.limit + 1)  # type: ignore[arg-type]
        records = [record for _, record in hits]
        positions = [(repr(rank), record.article_id, record.id) for rank, record in hits]
    else:
        records = store.records(name, filters, paging.after, paging.limit + 1)  # type: ignore[arg-type]
        positions = [(record.article_id, record.id) for record in records]
    next_url = None
    if len(records) > paging.limit:
        records = records[: paging.limit]
        next_url = paging.link(*positions[paging.limit - 1])
    if query is not None:
        records = highlighted(store, query, records)
    return Resource(**common, records=records, next_url=next_url)  # type: ignore[arg-type]


def highlighted(store: ArticleStore, query: search.Query, records: list[Record]) -> list[Record]:
    """Each hit with its highlights and snippet after its item's own fields (a record without JSON, a stored
    CSV line, is left as it is: CSV has no column for them)."""
    articles = store.texts({record.article_id for record in records if record.document})
    found = []
    for record in records:
        article = articles.get(record.article_id)
        if record.document:
            evidence = getattr(record.item(), "evidence", ())
            spans = highlights(query, article, evidence) if article else []
            extra = _hit_fields(spans, article)
            record = msgspec.structs.replace(record, document=record.document[:-1] + extra)
        found.append(record)
    return found


def article_hit(query: search.Query, summary: ArticleSummary, article: Article | None) -> ArticleHit:
    spans = highlights(query, article) if article else []
    snippet = _snippet(spans[0], article) if spans and article else None
    return ArticleHit(**msgspec.structs.asdict(summary), highlights=spans, snippet=snippet)


def highlights(
    query: search.Query, article: Article | ArticleText, evidence: Iterable[Evidence] = ()
) -> list[Evidence]:
    """Where the query's words are in the article: first the evidence spans (of a collection member) the query
    matches, then its other matches in the text fields that evidence is from (an article: in all of them)."""
    evidence = list(evidence)
    found = [span for span in evidence if search.matches(query, span.quote)]
    fields = dict.fromkeys(span.field for span in evidence) if evidence else TEXT_FIELDS
    for field in fields:
        text = text_of(article, field)
        for start, end in search.matches(query, text or ""):
            if not any(s.field == field and s.start <= start and end <= s.end for s in found):
                found.append(Evidence(field=field, start=start, end=end, quote=text[start:end]))  # type: ignore[index]
    return found[:MAX_HIGHLIGHTS]


def _snippet(first: Evidence, article: Article | ArticleText) -> str:
    return search.snippet(text_of(article, first.field) or "", (first.start, first.end))


def _hit_fields(spans: list[Evidence], article: ArticleText | None) -> bytes:
    snippet = _snippet(spans[0], article) if spans and article else None
    return b',"highlights":' + _encoder.encode(spans) + b',"snippet":' + _encoder.encode(snippet) + b"}"
