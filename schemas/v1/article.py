"""The article: its metadata, its text, and the facts annotated in it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Generic, Literal, TypeVar

from msgspec import Meta, field

from schemas._base import Base, Id, LanguageTag, NonEmptyText, Offset, ShortText, Uri
from schemas.v1.actors import Actor, Relation
from schemas.v1.events import DateRange, Event
from schemas.v1.locations import Location

SCHEMA_VERSION = "1.0"
T = TypeVar("T")

AwareDateTime = Annotated[dt.datetime, Meta(tz=True, description="ISO 8601 with a time zone.")]


class Image(Base, kw_only=True):
    """The article's lead image as the page gives it."""

    description: ShortText | None = None
    """The image's description (its alt text)."""
    caption: ShortText | None = None
    url: Uri | None = None


class Section(Base, kw_only=True):
    """A structural part of `body`: a heading, a bulleted list, or one item of it."""

    kind: Literal["heading", "list", "list_item"]
    start: Offset
    end: Offset
    text: NonEmptyText
    """Equal to `body[start:end]`, checked."""


class ArticleSummary(Base, kw_only=True):
    """What a list of articles shows of each one."""

    id: Id
    headline: NonEmptyText
    url: Uri | None
    language: LanguageTag
    date_published: AwareDateTime | None
    date_modified: AwareDateTime | None
    actor_count: int
    location_count: int
    event_count: int
    relation_count: int


class Article(Base, kw_only=True):
    """One news article and every fact annotated in it: the canonical v1 document."""

    id: Id
    schema_version: Annotated[
        str,
        Meta(pattern=r"^1\.[0-9]+$", description="The v1 schema version the document was written to."),
    ] = SCHEMA_VERSION
    headline: NonEmptyText
    url: Uri | None = None
    language: LanguageTag
    publisher: Id | None = None
    """The actor id of the publisher."""
    authors: list[Id] = field(default_factory=list)
    date_published: AwareDateTime | None = None
    """As the publisher states it; null when the page shows none (never invented)."""
    date_modified: AwareDateTime | None = None
    date_inferred: DateRange | None = None
    """When the article was written, as inferred from its text, when no date is stated."""
    image: Image | None = None
    body: NonEmptyText
    """The full plain text; paragraphs separated by a blank line, list items by a newline."""
    sections: list[Section] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


class Page(Base, Generic[T], kw_only=True):
    """A list response: the items, and the URL of the next page (null on the last one)."""

    items: list[T]
    next: str | None = None
