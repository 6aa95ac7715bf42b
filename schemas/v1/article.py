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


class Image(Base, frozen=True, kw_only=True):
    """The article's lead image as the page gives it."""

    description: Annotated[ShortText | None, Meta(extra={"jsonld": "description"})] = None
    """The image's description (its alt text)."""
    caption: Annotated[ShortText | None, Meta(extra={"jsonld": "caption"})] = None
    url: Annotated[Uri | None, Meta(extra={"jsonld": "contentUrl"})] = None


class Section(Base, frozen=True, kw_only=True):
    """A structural part of `body`: a heading, a bulleted list, or one item of it."""

    kind: Literal["heading", "list", "list_item"]
    start: Offset
    end: Offset
    text: NonEmptyText
    """Equal to `body[start:end]`, checked."""


class ArticleSummary(Base, frozen=True, kw_only=True):
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
    revision: Annotated[int, Meta(ge=1, description="Increases with every stored change of the article.")]
    updated_at: Annotated[dt.datetime, Meta(tz=True, description="When this service last stored the article.")]


class Article(Base, frozen=True, kw_only=True):
    """One news article and every fact annotated in it: the canonical v1 document."""

    id: Id
    schema_version: Annotated[
        str,
        Meta(pattern=r"^1\.[0-9]+$", description="The v1 schema version the document was written to."),
    ] = SCHEMA_VERSION
    headline: Annotated[NonEmptyText, Meta(extra={"jsonld": "headline"})]
    url: Annotated[Uri | None, Meta(extra={"jsonld": "url"})] = None
    language: Annotated[LanguageTag, Meta(extra={"jsonld": "inLanguage"})]
    publisher: Annotated[Id | None, Meta(extra={"jsonld": "publisher", "ref": "actors"})] = None
    """The actor id of the publisher."""
    authors: Annotated[list[Id], Meta(extra={"jsonld": "author", "ref": "actors"})] = field(default_factory=list)
    date_published: Annotated[AwareDateTime | None, Meta(extra={"jsonld": "datePublished"})] = None
    """As the publisher states it; null when the page shows none (never invented)."""
    date_modified: Annotated[AwareDateTime | None, Meta(extra={"jsonld": "dateModified"})] = None
    date_inferred: DateRange | None = None
    """When the article was written, as inferred from its text, when no date is stated."""
    image: Image | None = None
    body: Annotated[NonEmptyText, Meta(extra={"jsonld": "articleBody"})]
    """The full plain text; paragraphs separated by a blank line, list items by a newline."""
    sections: list[Section] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


class ArticleText(Base, frozen=True, kw_only=True):
    """An article's text fields alone, as read from its document: what a search hit's highlights are found in,
    without decoding its facts."""

    id: Id
    headline: str
    image: Image | None = None
    body: str


def text_of(article: Article | ArticleText, field: str) -> str | None:
    """The text a span's `field` names ('body', 'image.caption', … of `TEXT_FIELDS`): None where the article has
    none there."""
    if field == "headline":
        return article.headline
    if field == "body":
        return article.body
    image = article.image
    return None if image is None else getattr(image, field.removeprefix("image."), None)


class Page(Base, Generic[T], frozen=True, kw_only=True):
    """A list response: the items, and the URL of the next page (null on the last one)."""

    items: list[T]
    next: str | None = None
