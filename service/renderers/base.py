"""What a renderer is given (a Resource) and what it declares (a Renderer)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

import msgspec

from schemas import Article, ArticleSummary, Facets
from service.records import Record
from service.tables.fields import Fields

_encoder = msgspec.json.Encoder()
T = TypeVar("T")


class View(StrEnum):
    """The shapes of resource the API serves."""

    ARTICLES = "articles"  # the list of articles
    ARTICLE = "article"  # one whole article
    COLLECTION = "collection"  # records of one collection: of one article, or across the corpus
    ITEM = "item"  # one record
    PACKAGE = "package"  # an article, or the articles of a corpus, as a package of tables
    COUNTS = "counts"  # a collection counted by a field's values (facets)


DATA_VIEWS = frozenset({View.ARTICLES, View.ARTICLE, View.COLLECTION, View.ITEM})
"""The views of the data itself, every one of which a format like JSON or CSV serves (a package holds them)."""


@dataclass(frozen=True, slots=True)
class Resource:
    """Everything a renderer needs: the data, and where it lives (for links and JSON-LD @ids)."""

    view: View
    base_url: str
    """The service's absolute origin, e.g. 'http://127.0.0.1:8000' (no trailing slash)."""
    path: str
    """The resource's canonical path without a format suffix, e.g. '/v1/articles/x/events'."""
    article: Article | None = None
    """The article of an ARTICLE view."""
    collection: str | None = None
    records: Iterable[Record] = ()
    """The records of a COLLECTION or ITEM view: a list, or for a whole-corpus export a lazy stream."""
    articles: Mapping[str, Article] = field(default_factory=dict)
    """The articles the records belong to, where a format needs more than the records (JSON-LD)."""
    summaries: Sequence[ArticleSummary] = ()
    next_url: str | None = None
    """The next page of a paged list."""
    count: int | None = None
    """The number of records of an export, known before it streams."""
    dialect: str | None = None
    """A variant of the format asked for (`?dialect=excel` for CSV)."""
    dated: Iterable[tuple[Article, dt.datetime]] = ()
    """The articles of a PACKAGE view, each with when it was last stored: a list, or for a corpus a lazy stream."""
    query: str = ""
    """The request's query string, for a format that records where it came from (a Data Package's source)."""
    formats: Sequence[Renderer] = ()
    """Every format the service has (the renderer table), for pages that link to the others."""
    counts: Facets | None = None
    """The counts of a COUNTS view."""
    fields: Fields | None = None
    """The fields of each record to render (`?fields=`), for a format that `projects`; None for all."""

    @property
    def url(self) -> str:
        return self.base_url + self.path

    @property
    def streamed(self) -> bool:
        """True for a whole-corpus export, which renderers must not hold in memory."""
        return not isinstance(self.records, Sequence) or not isinstance(self.dated, Sequence)


def record_json(record: Record) -> bytes:
    """The record's JSON object: `article_id` first, then the item exactly as stored."""
    return _opening(record.article_id) + record.document[1:]


def _opening(article_id: str) -> bytes:
    """What a record's JSON object starts with, before its item's own fields."""
    return b'{"article_id":' + _encoder.encode(article_id) + b","


def json_lines(records: list[Record]) -> bytes:
    """`record_json` of each record, a line each, in one buffer: what an export writes a batch at a time.

    Records come grouped by article, so each article's prefix is encoded once. (A document's slice is a
    copy, and cheaper than a memoryview of it.)"""
    parts: list[bytes] = []
    article_id, prefix = None, b""
    for record in records:
        if record.article_id != article_id:
            article_id = record.article_id
            prefix = b"\n" + _opening(article_id)
        parts.append(prefix)
        parts.append(record.document[1:])
    if not parts:
        return b""
    parts[0] = parts[0][1:]
    parts.append(b"\n")
    return b"".join(parts)


Rendered = bytes | Iterator[bytes]


@dataclass(frozen=True, slots=True)
class Renderer:
    """One output format: how it is named in URLs and headers, which views it serves, and how."""

    name: str
    suffix: str
    """The URL suffix after the first dot: 'csv' in /v1/articles/x/events.csv."""
    media_type: str
    """The Content-Type sent; its type/subtype part is what Accept is matched against."""
    views: frozenset[View]
    render: Callable[[Resource], Rendered]
    """Bytes, or chunks of bytes for a format that can stream (CSV, NDJSON)."""
    negotiable: bool = True
    """False for formats reachable only by suffix (e.g. CSVW metadata)."""
    link: Callable[[Resource], str] | None = None
    """An RFC 8288 Link header value to send with the representation (e.g. CSV → its CSVW metadata)."""
    export_layout: Callable[[str], str | None] = lambda collection: None
    """What a streamed export of a collection asks the store for: the CSV layout, for CSV; else nothing."""
    collections: frozenset[str] | None = None
    """The collections whose records it renders (GeoJSON: locations); None for all."""
    reads_names: bool = False
    """It shows the names of an event's participants beside their ids (CSV), so an export reads them."""
    binary: bool = False
    """Bytes that are not text (a zip, a Parquet file): the API documentation gives no example of them."""
    attachment: Callable[[Resource], str] | None = None
    """A Content-Disposition header value, for a format that is a file to save (a zipped package)."""
    projects: bool = False
    """It renders only the chosen fields of a collection's records (`?fields=`): JSON, NDJSON, CSV and its CSVW."""
    streams: bool = False
    """True when the API serves a corpus-wide list in this format as one stream; the others go page by page.

    (Every format but CSVW metadata can render a stream: the CLI exports in any of them.)"""

    @property
    def mime(self) -> str:
        return self.media_type.split(";", 1)[0].strip()

    def serves(self, view: View, collection: str | None = None) -> bool:
        if view not in self.views:
            return False
        if self.collections is None or view not in (View.COLLECTION, View.ITEM) or collection is None:
            return True  # (no collection named: whether it serves any, as the API documentation asks)
        return collection in self.collections
