"""What a renderer is given (a Resource) and what it declares (a Renderer)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import msgspec

from schemas import Article, ArticleSummary


class View(StrEnum):
    """The shapes of resource the API serves."""

    ARTICLES = "articles"  # the list of articles
    ARTICLE = "article"  # one whole article
    COLLECTION = "collection"  # one of an article's collections (actors, locations, events, relations)
    ITEM = "item"  # one member of a collection


@dataclass(frozen=True, slots=True)
class Resource:
    """Everything a renderer needs: the data, and where it lives (for links and JSON-LD @ids)."""

    view: View
    base_url: str
    """The service's absolute origin, e.g. 'http://127.0.0.1:8000' (no trailing slash)."""
    path: str
    """The resource's canonical path without a format suffix, e.g. '/v1/articles/x/events'."""
    article: Article | None = None
    collection: str | None = None
    item: msgspec.Struct | None = None
    summaries: Sequence[ArticleSummary] = field(default_factory=tuple)

    @property
    def url(self) -> str:
        return self.base_url + self.path

    @property
    def items(self) -> Sequence[msgspec.Struct]:
        """The members of a collection (or the one item) being rendered."""
        if self.view is View.ITEM:
            assert self.item is not None
            return (self.item,)
        assert self.article is not None and self.collection is not None
        items: Sequence[msgspec.Struct] = getattr(self.article, self.collection)
        return items


@dataclass(frozen=True, slots=True)
class Renderer:
    """One output format: how it is named in URLs and headers, which views it serves, and how."""

    name: str
    suffix: str
    """The URL suffix after the first dot: 'csv' in /v1/articles/x/events.csv."""
    media_type: str
    """The Content-Type sent; its type/subtype part is what Accept is matched against."""
    views: frozenset[View]
    render: Callable[[Resource], bytes]
    negotiable: bool = True
    """False for formats reachable only by suffix (e.g. CSVW metadata)."""
    link: Callable[[Resource], str] | None = None
    """An RFC 8288 Link header value to send with the representation (e.g. CSV → its CSVW metadata)."""

    @property
    def mime(self) -> str:
        return self.media_type.split(";", 1)[0].strip()
