"""What a stored article is indexed by: one row per collection member, and the keys filters match.

Engine-independent, so SQLite and PostgreSQL index exactly the same facts:
- `actor` keys: an actor's id, name and aliases (case-folded); for events and relations, those of
  every actor taking part;
- `location` keys: a place's id and names and those of every place that contains it, so that
  filtering on a province finds the events in its towns;
- `country` keys: the ISO codes of a place and of the places around it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import msgspec

from schemas import Article
from schemas.v1 import Actor, Location
from service.renderers.csv import csv_row
from service.store import Record

_encoder = msgspec.json.Encoder()


@dataclass(frozen=True, slots=True)
class ItemRow:
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


@dataclass(frozen=True, slots=True)
class KeyRow:
    collection: str
    facet: str
    value: str
    item_id: str


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


def index_article(article: Article) -> tuple[list[ItemRow], list[KeyRow]]:
    """The item rows (with their JSON and their CSV line, rendered once here) and filter keys of an article."""
    actors = {a.id: a for a in article.actors}
    chains = _surroundings(article)
    items: list[ItemRow] = []
    keys: list[KeyRow] = []

    def add_keys(collection: str, item_id: str, facet: str, values: Iterable[str]) -> None:
        keys.extend(KeyRow(collection, facet, value, item_id) for value in sorted(set(values)))

    def place_keys(collection: str, item_id: str, place_ids: Iterable[str]) -> None:
        around = [loc for pid in place_ids for loc in chains.get(pid, ())]
        add_keys(collection, item_id, "location", (k for loc in around for k in _location_keys(loc)))
        add_keys(collection, item_id, "country", (loc.country for loc in around if loc.country))

    def item(collection: str, struct: Any, kind: str, sub_kind: str | None = None, dates: tuple = (None, None)) -> None:
        names = None
        if collection == "events":
            names = _encoder.encode({p.actor: actors[p.actor].name for p in struct.participants})
        record = Record(collection, article.id, struct.id, _encoder.encode(struct), names)
        csv_line, layout = csv_row(record, struct)
        start, end = dates
        items.append(
            ItemRow(collection, struct.id, kind, sub_kind, start, end, record.document, names, csv_line, layout)
        )

    for actor in article.actors:
        item("actors", actor, actor.kind)
        add_keys("actors", actor.id, "actor", _actor_keys(actor))
    for location in article.locations:
        item("locations", location, location.kind)
        place_keys("locations", location.id, [location.id])
    for event in article.events:
        start = end = None
        if event.date is not None:
            start = event.date.start.isoformat() if event.date.start else None
            end = event.date.end.isoformat() if event.date.end else None
        taking_part = [actors[p.actor] for p in event.participants]
        item("events", event, event.event_type, event.sub_event_type, (start, end))
        add_keys("events", event.id, "actor", (k for a in taking_part for k in _actor_keys(a)))
        place_keys("events", event.id, event.locations)
    for relation in article.relations:
        item("relations", relation, relation.type)
        pair = (actors[relation.subject], actors[relation.object])
        add_keys("relations", relation.id, "actor", (k for a in pair for k in _actor_keys(a)))
    return items, keys
