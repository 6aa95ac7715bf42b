"""What the corpus already knows: the actors and places of stored articles, found by the names a text uses.

A draft reuses a known fact's id, kind and coordinates, so that the same group or town keeps one id across
articles. The store answers from the index every write keeps (service/store/known.py), so a draft looks up
only the names its text holds; `Known.of` answers the same from articles in memory (tests, evaluation).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from schemas.v1 import Actor, Article, Location
from service.drafts.names import key

Lookup = Callable[[Collection[str]], tuple[Sequence[Actor], Sequence[Location]]]
"""Names → the stored actors and places bearing one of them (name or alias, compared case-folded), and every
place containing those places."""


@dataclass(frozen=True, slots=True)
class Found:
    """What the corpus knows of a text's names, by name key."""

    actors: dict[str, list[Actor]] = field(default_factory=dict)
    places: dict[str, list[Location]] = field(default_factory=dict)
    places_by_id: dict[str, Location] = field(default_factory=dict)

    def actor(self, name: str) -> Actor | None:
        found = self.actors.get(key(name))
        return found[0] if found else None

    def place(self, name: str) -> Location | None:
        found = self.places.get(key(name))
        return found[0] if found else None

    def ancestors(self, place: Location) -> list[Location]:
        """The places containing it, nearest first."""
        chain, seen, current = [], {place.id}, place.parent
        while current is not None and current not in seen and current in self.places_by_id:
            seen.add(current)
            chain.append(self.places_by_id[current])
            current = self.places_by_id[current].parent
        return chain


class Known:
    """The corpus as a draft sees it: a lookup by names (the store's), or nothing (`Known()`)."""

    def __init__(self, lookup: Lookup | None = None) -> None:
        self._lookup = lookup

    @classmethod
    def of(cls, articles: Iterable[Article]) -> Known:
        """What these articles know, held in memory."""
        actors: dict[str, list[Actor]] = {}
        places: dict[str, list[Location]] = {}
        parents: dict[str, Location] = {}
        for article in articles:
            for actor in article.actors:
                for name in {actor.name, *actor.aliases}:
                    actors.setdefault(name.casefold(), []).append(actor)
            for place in article.locations:
                for name in {place.name, *place.aliases}:
                    places.setdefault(name.casefold(), []).append(place)
                parents.setdefault(place.id, place)

        def lookup(names: Collection[str]) -> tuple[list[Actor], list[Location]]:
            folded = {name.casefold() for name in names}
            found_actors = [a for name in folded for a in actors.get(name, ())]
            found_places = [p for name in folded for p in places.get(name, ())]
            return found_actors, _with_ancestors(found_places, parents)

        return cls(lookup)

    def find(self, names: Collection[str]) -> Found:
        """What the corpus knows of these names."""
        if self._lookup is None or not names:
            return Found()
        actors, places = self._lookup(names)
        found = Found(places_by_id={place.id: place for place in places})
        for actor in actors:
            for name in dict.fromkeys(key(n) for n in (actor.name, *actor.aliases)):
                found.actors.setdefault(name, []).append(actor)
        wanted = {key(name) for name in names}
        for place in places:
            for name in dict.fromkeys(key(n) for n in (place.name, *place.aliases)):
                if name in wanted:  # (not the places found only as containing others)
                    found.places.setdefault(name, []).append(place)
        for name, bearers in found.places.items():
            bearers.sort(key=lambda place: key(place.name) != name)  # its name before another's alias
        return found


def _with_ancestors(places: list[Location], by_id: dict[str, Location]) -> list[Location]:
    result = {place.id: place for place in places}
    for place in places:
        current = place.parent
        while current is not None and current not in result and current in by_id:
            result[current] = by_id[current]
            current = by_id[current].parent
    return list(result.values())
