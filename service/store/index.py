"""What a stored article is indexed by: one row per collection member, and the keys filters match.

Engine-independent, so SQLite and PostgreSQL index exactly the same facts:
- `actor` keys: an actor's id, name and aliases (case-folded); for events and relations, those of
  every actor taking part;
- `location` keys: a place's id and names and those of every place that contains it, so that
  filtering on a province finds the events in its towns;
- `country` keys: the ISO codes of a place and of the places around it.

And the text full-text search (`q=`) finds each by (`search_rows`), tokenized once here (service.search).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, NamedTuple

import msgspec

from schemas import Article
from schemas.v1 import Actor, Location
from service.records import Record, entity_tag
from service.search import index_text
from service.store import Prepared, summarize
from service.tables.csv_lines import csv_row

_encoder = msgspec.json.Encoder()

KIND_OF: dict[str, Callable[[Any], str]] = {
    "actors": attrgetter("kind"),
    "locations": attrgetter("kind"),
    "events": attrgetter("event_type"),
    "relations": attrgetter("type"),
}
"""Each collection's kind, which the `type` (or `kind`) filter tests: an item's row and its keys take it from here."""


class ItemRow(NamedTuple):
    collection: str
    id: str
    kind: str
    sub_kind: str | None
    date_start: str | None
    date_end: str | None
    document: bytes
    names: bytes | None
    csv_row: bytes
    csv_layout: str
    facts: ItemFacts


class ItemFacts(NamedTuple):
    """What counts (facets) and spatial filters test, beside the kind and dates: columns of the item's row."""

    label: str | None = None
    """An actor's or a place's name: what a count of events by actor or by place shows."""
    certainty: str | None = None
    deaths_low: int | None = None
    deaths_best: int | None = None
    deaths_high: int | None = None
    lat_min: float | None = None
    """The bounding box of the item's points (a place's own; an event's places'), None without any."""
    lat_max: float | None = None
    lon_min: float | None = None
    lon_max: float | None = None
    points: str | None = None
    """Every point as JSON `[[lat, lon], …]` where there are several (the box alone would match too much)."""


def _located(points: set[tuple[float, float]]) -> dict[str, Any]:
    if not points:
        return {}
    lats, lons = [lat for lat, _ in points], [lon for _, lon in points]
    several = _encoder.encode(sorted(points)).decode() if len(points) > 1 else None
    return {"lat_min": min(lats), "lat_max": max(lats), "lon_min": min(lons), "lon_max": max(lons), "points": several}


def item_facts(article: Article) -> dict[tuple[str, str], ItemFacts]:
    """Each item's facts, by (collection, id): worked out once here, for writes and for the migration that
    adds them to items stored before."""
    points = {
        loc.id: (loc.coordinates.latitude, loc.coordinates.longitude)
        for loc in article.locations
        if loc.coordinates is not None
    }
    facts = {("actors", a.id): ItemFacts(label=a.name) for a in article.actors}
    for loc in article.locations:
        own = {points[loc.id]} if loc.id in points else set()
        facts["locations", loc.id] = ItemFacts(label=loc.name, **_located(own))
    for event in article.events:
        deaths = event.fatalities
        facts["events", event.id] = ItemFacts(
            certainty=event.certainty,
            deaths_low=deaths.low,
            deaths_best=deaths.best,
            deaths_high=deaths.high,
            **_located({points[pid] for pid in event.locations if pid in points}),
        )
    for relation in article.relations:
        facts["relations", relation.id] = ItemFacts(certainty=relation.certainty)
    return facts


class KeyRow(NamedTuple):
    collection: str
    facet: str
    value: str
    item_id: str
    kind: str
    """The item's (`KIND_OF`, as its ItemRow has it): a filter on a facet and a type is answered from the keys."""


def prepare(article: Article) -> Prepared:
    document = _encoder.encode(article)
    items, keys = item_rows(article), key_rows(article)
    summary = summarize(article, 0, dt.datetime.fromtimestamp(0, dt.UTC))
    return Prepared(
        article.id,
        document,
        entity_tag(document),
        summary,
        [(*item[:-1], *item.facts) for item in items],
        [tuple(k) for k in keys],
        search_rows(article),
    )


def _actor_keys(actor: Actor) -> set[str]:
    return {actor.id, actor.name.casefold(), *(alias.casefold() for alias in actor.aliases)}


def _location_keys(location: Location) -> set[str]:
    return {location.id, location.name.casefold(), *(alias.casefold() for alias in location.aliases)}


def _surroundings(article: Article) -> dict[str, list[Location]]:
    """Each place id → the place and every place containing it (its parent, the parent's parent, …)."""
    by_id = {loc.id: loc for loc in article.locations}
    chains: dict[str, list[Location]] = {}
    for loc in article.locations:
        chain: list[Location] = []
        seen: set[str] = set()
        current: Location | None = loc
        while current is not None and current.id not in seen:
            chain.append(current)
            seen.add(current.id)
            current = by_id.get(current.parent) if current.parent else None
        chains[loc.id] = chain
    return chains


def item_rows(article: Article) -> list[ItemRow]:
    """The item rows of an article, with their JSON and their CSV line, rendered once here."""
    names = {a.id: a.name for a in article.actors}
    facts = item_facts(article)
    items: list[ItemRow] = []

    def item(collection: str, struct: Any, sub_kind: str | None = None, dates: tuple = (None, None)) -> None:
        kind = KIND_OF[collection](struct)
        participants = None
        if collection == "events":
            participants = _encoder.encode({p.actor: names[p.actor] for p in struct.participants})
        record = Record(collection, article.id, struct.id, _encoder.encode(struct), participants)
        csv_line, layout = csv_row(record, struct)
        start, end = dates
        items.append(
            ItemRow(
                *(collection, struct.id, kind, sub_kind, start, end, record.document, participants, csv_line, layout),
                facts[collection, struct.id],
            )
        )

    for actor in article.actors:
        item("actors", actor)
    for location in article.locations:
        item("locations", location)
    for event in article.events:
        start = end = None
        if event.date is not None:
            start = event.date.start.isoformat() if event.date.start else None
            end = event.date.end.isoformat() if event.date.end else None
        item("events", event, event.sub_event_type, (start, end))
    for relation in article.relations:
        item("relations", relation)
    return items


def key_rows(article: Article) -> list[KeyRow]:
    """The filter keys of an article's items. When an article is replaced or deleted, its keys are worked out
    again here from its stored document, to be deleted (no index finds them by article: it was as large as
    the key index), so a change to what is keyed must come with a migration that indexes every article again.

    Each actor's and each place's keys are worked out once and shared by every item that refers to it."""
    actor_keys = {a.id: _actor_keys(a) for a in article.actors}
    place_keys: dict[str, tuple[set[str], set[str]]] = {}  # place id → (location keys, country keys) around it
    for place_id, chain in _surroundings(article).items():
        place_keys[place_id] = (
            set().union(*map(_location_keys, chain)),
            {loc.country for loc in chain if loc.country},
        )
    keys: list[KeyRow] = []

    def add_keys(collection: str, item: Any, facet: str, values: set[str]) -> None:
        kind = KIND_OF[collection](item)
        keys.extend(KeyRow(collection, facet, value, item.id, kind) for value in sorted(values))

    def add_place_keys(collection: str, item: Any, place_ids: Iterable[str]) -> None:
        around = [place_keys[pid] for pid in place_ids if pid in place_keys]
        add_keys(collection, item, "location", set().union(*(names for names, _ in around)))
        add_keys(collection, item, "country", set().union(*(countries for _, countries in around)))

    for actor in article.actors:
        add_keys("actors", actor, "actor", actor_keys[actor.id])
    for location in article.locations:
        add_place_keys("locations", location, [location.id])
    for event in article.events:
        add_keys("events", event, "actor", set().union(*(actor_keys[p.actor] for p in event.participants)))
        add_place_keys("events", event, event.locations)
    for relation in article.relations:
        add_keys("relations", relation, "actor", actor_keys[relation.subject] | actor_keys[relation.object])
    return keys


class SearchRow(NamedTuple):
    collection: str
    """'articles' for the article itself, else the collection of the item."""
    item_id: str
    """The item's id; '' for the article."""
    text: str
    """Its words as service.search indexes them (`index_text`): what both engines' full-text indexes hold."""


def search_texts(collection: str, item: Any) -> list[str | None]:
    """What `q=` searches in an item: events their summary and evidence, actors their names and description,
    places their names, relations their description and evidence."""
    quotes = [evidence.quote for evidence in getattr(item, "evidence", ())]
    if collection == "events":
        return [item.summary, *quotes]
    if collection == "actors":
        return [item.name, *item.aliases, item.description]
    if collection == "locations":
        return [item.name, *item.aliases]
    return [item.description, *quotes]


def article_texts(article: Article) -> list[str | None]:
    """What `q=` searches in an article: its headline, its image's description and caption, its body."""
    image = article.image
    if image is None:
        return [article.headline, article.body]
    return [article.headline, image.description, image.caption, article.body]


def search_rows(article: Article) -> list[tuple[str, str, str]]:
    """SearchRow fields, in order (as plain tuples: see `Prepared`)."""
    rows = [("articles", "", index_text(article_texts(article)))]
    for collection in KIND_OF:
        rows.extend(
            (collection, item.id, index_text(search_texts(collection, item))) for item in getattr(article, collection)
        )
    return rows
