"""A filtered collection of the corpus in one format: what a corpus URL and `newsfacts export` both serve."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from service import paths
from service.records import RecordStream
from service.renderers import Renderer, Resource, View
from service.store import ArticleLookup, ArticleStore, Filters


@dataclass(frozen=True, slots=True)
class Paging:
    """A page of a paged list: after which (article_id, id), how many, and how to link the next page."""

    after: tuple[str, str] | None
    limit: int
    link: Callable[[str, str], str]
    """(article_id, id) of the page's last record → the next page's URL."""


def corpus_collection(
    store: ArticleStore,
    name: str,
    filters: Filters,
    renderer: Renderer,
    base_url: str,
    *,
    dialect: str | None = None,
    paging: Paging | None = None,
) -> Resource:
    """The records of collection `name` the filters select: one page, or without `paging` the whole set as a
    stream read from one snapshot (its size counted first), carrying what `renderer` needs and nothing more."""
    common = {
        "view": View.COLLECTION,
        "base_url": base_url,
        "path": paths.corpus(name),
        "collection": name,
        "dialect": dialect,
        "articles": ArticleLookup(store),
    }
    if paging is None:
        layout = None if dialect else renderer.export_layout(name)
        count, batches = store.export(name, filters, layout, names=renderer.reads_names)
        return Resource(**common, records=RecordStream(batches), count=count)  # type: ignore[arg-type]
    records = store.records(name, filters, paging.after, paging.limit + 1)
    next_url = None
    if len(records) > paging.limit:
        records = records[: paging.limit]
        next_url = paging.link(records[-1].article_id, records[-1].id)
    return Resource(**common, records=records, next_url=next_url)  # type: ignore[arg-type]
