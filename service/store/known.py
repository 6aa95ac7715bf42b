"""What the corpus knows of some names: the stored actors and places bearing them, for the next draft.

Answered from the index every write keeps (service/store/index.py): an actor's keys are its id, name and
aliases, a place's its own and those of the places containing it, all case-folded; so a name is a few
seeks of the key index's primary key, then the documents of the items found and of the places containing
them. Nothing is scanned: a name in every article is read in at most PER_NAME of them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from typing import Any

import msgspec

from schemas.v1 import Actor, Location
from service.store.dialect import Cursor, as_bytes

PER_NAME = 16
"""Key rows read for a name, at most (a country's name keys every place in it)."""
NAMES_PER_QUERY = 100
MAX_DEPTH = 8
"""Containing places followed up, at most (a district, a city, a province, a country …)."""
_FACETS = (("actors", "actor"), ("locations", "location"))
_actor = msgspec.json.Decoder(Actor)
_location = msgspec.json.Decoder(Location)


def known_items(
    read: Callable[[], AbstractContextManager[Cursor]], names: Collection[str]
) -> tuple[list[Actor], list[Location]]:
    """The stored actors and places whose name or alias is one of `names` (case-folded), and every place that
    contains those places; each item as one of its articles has it (the same id in several articles, once)."""
    folded = sorted({name.casefold() for name in names if name.strip()})
    actors: dict[str, Actor] = {}
    places: dict[tuple[str, str], Location] = {}
    with read() as cur:
        for start in range(0, len(folded), NAMES_PER_QUERY):
            chunk = folded[start : start + NAMES_PER_QUERY]
            wanted = set(chunk)
            for collection, article_id, document in _documents(cur, _keyed(cur, chunk)):
                if collection == "actors":
                    actor = _actor.decode(document)
                    if _named(actor.name, actor.aliases, wanted):
                        actors.setdefault(actor.id, actor)
                else:
                    place = _location.decode(document)
                    if _named(place.name, place.aliases, wanted):
                        places.setdefault((article_id, place.id), place)
        _add_containing(cur, places)
    located: dict[str, Location] = {}
    for place in places.values():
        located.setdefault(place.id, place)
    return list(actors.values()), list(located.values())


def _named(name: str, aliases: list[str], wanted: set[str]) -> bool:
    return name.casefold() in wanted or any(alias.casefold() in wanted for alias in aliases)


def _keyed(cur: Cursor, names: list[str]) -> list[tuple[str, str, str]]:
    """(collection, article_id, item_id) of the items keyed by these names: each name's first PER_NAME rows."""
    parts: list[str] = []
    params: list[str] = []
    for collection, facet in _FACETS:
        for name in names:
            parts.append(
                f"SELECT * FROM (SELECT collection, article_id, item_id FROM item_keys"
                f" WHERE collection = ? AND facet = ? AND value = ? LIMIT {PER_NAME}) AS k{len(parts)}"
            )
            params.extend((collection, facet, name))
    cur.execute(" UNION ALL ".join(parts), params)
    return list(dict.fromkeys((str(c), str(a), str(i)) for c, a, i in cur.fetchall()))


def _documents(cur: Cursor, items: list[tuple[str, str, str]]) -> list[tuple[str, str, bytes]]:
    """(collection, article_id, document) of each item."""
    found: list[tuple[str, str, bytes]] = []
    for start in range(0, len(items), NAMES_PER_QUERY):
        chunk = items[start : start + NAMES_PER_QUERY]
        if not chunk:
            continue
        rows = ", ".join("(?, ?, ?)" for _ in chunk)
        params: list[Any] = [value for item in chunk for value in item]
        cur.execute(
            f"SELECT collection, article_id, document FROM items WHERE (collection, article_id, id) IN (VALUES {rows})",
            params,
        )
        found.extend((str(c), str(a), as_bytes(d)) for c, a, d in cur.fetchall())
    return found


def _add_containing(cur: Cursor, places: dict[tuple[str, str], Location]) -> None:
    """The places containing those found, each from the same article as the place it contains."""
    for _ in range(MAX_DEPTH):
        missing = list(
            dict.fromkeys(
                ("locations", article_id, place.parent)
                for (article_id, _), place in places.items()
                if place.parent is not None and (article_id, place.parent) not in places
            )
        )
        if not missing:
            return
        for _, article_id, document in _documents(cur, missing):
            place = _location.decode(document)
            places.setdefault((article_id, place.id), place)
