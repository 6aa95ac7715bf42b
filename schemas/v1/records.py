"""Records: collection members as served outside their article, each carrying the id of its article.

Ids are unique within an article, so (article_id, id) is what identifies a record across the corpus;
every list, item, CSV row and NDJSON line of a collection is a record.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from msgspec import Meta

from schemas._base import Base, Count, Id
from schemas.v1.actors import Actor, Relation
from schemas.v1.article import ArticleSummary
from schemas.v1.events import Event
from schemas.v1.evidence import Evidence
from schemas.v1.locations import Location

Highlights = Annotated[
    list[Evidence] | None,
    Meta(
        description=(
            "Only in the hits of a full-text search (`q`): where its words are in the article, spans as evidence"
            " gives them; for a collection member its evidence spans the query matches first."
        )
    ),
]
Snippet = Annotated[
    str | None,
    Meta(description="Only in the hits of a full-text search: a few words around the first highlight, marked «so»."),
]


class ActorRecord(Actor, frozen=True, kw_only=True):
    article_id: Id
    highlights: Highlights = None
    snippet: Snippet = None


class LocationRecord(Location, frozen=True, kw_only=True):
    article_id: Id
    highlights: Highlights = None
    snippet: Snippet = None


class EventRecord(Event, frozen=True, kw_only=True):
    article_id: Id
    highlights: Highlights = None
    snippet: Snippet = None


class RelationRecord(Relation, frozen=True, kw_only=True):
    article_id: Id
    highlights: Highlights = None
    snippet: Snippet = None


class ArticleHit(ArticleSummary, frozen=True, kw_only=True):
    """An article a full-text search found, as a list of articles shows it, and where the words are."""

    highlights: Highlights = None
    snippet: Snippet = None


class Deletion(Base, frozen=True, kw_only=True):
    """An article deleted from the service: pipelines that sync drop its rows (GET /v1/deletions)."""

    id: Id
    deleted_at: Annotated[dt.datetime, Meta(tz=True)]


class Sum(Base, frozen=True, kw_only=True):
    """One fatality figure added up over the events that give it; those that do not are counted, never as 0."""

    sum: Annotated[int, Meta(ge=0)]
    unknown: Annotated[Count, Meta(description="The events whose figure is unknown (null): not in the sum.")]


class FatalitySums(Base, frozen=True, kw_only=True):
    """UCDP's low, best and high estimates of deaths, each summed apart (an event may give one and not another)."""

    low: Sum
    best: Sum
    high: Sum


Fatalities = Annotated[
    FatalitySums | None, Meta(description="Events only: their deaths summed, the unknown counted beside each sum.")
]


class Bucket(Base, frozen=True, kw_only=True, omit_defaults=True):
    """One value of a field and how many of the filtered items have it."""

    value: str
    count: Count
    fatalities: Fatalities = None


class Other(Base, frozen=True, kw_only=True, omit_defaults=True):
    """The items whose value is none of the buckets shown (beyond `top`)."""

    count: Count
    fatalities: Fatalities = None


class Facets(Base, frozen=True, kw_only=True, omit_defaults=True):
    """Counts by a field's values over a filtered collection (GET /v1/{collection}/facets?facet=…): the `top`
    values with the most items first (ties by value), the rest counted as `other`."""

    facet: str
    interval: Annotated[
        str | None, Meta(description="A date facet's bucket: day, week (from Monday), month or year.")
    ] = None
    total: Annotated[Count, Meta(description="The items the filters select.")]
    buckets: list[Bucket]
    other: Other
    missing: Annotated[
        Count,
        Meta(description="The items without a value: events without a date, places without a country, ..."),
    ]
    multivalued: Annotated[
        bool,
        Meta(
            description=(
                "An item may have several values (an event with actors or places in two countries): it is counted in"
                " each bucket it has a value in, and in `other` once for each value beyond `top`."
            )
        ),
    ]
    fatalities: Annotated[
        FatalitySums | None, Meta(description="Events only: the deaths of every selected event, counted once each.")
    ] = None
