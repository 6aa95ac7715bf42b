"""How a draft's facts are matched to an annotation's, and counted: the scorer's rules, all in this module.

A proposed fact and an annotated one are the same fact when their words overlap: an actor or a place by the
spans that name it (its name or an alias), an event by any of its evidence. Each annotated fact takes at most
one proposed fact, the closest first (the most overlap, a fact of the same kind or type before another), so
a fact proposed twice counts once. Relations match through the actors matched. Only what the draft was
given is scored: an annotated fact whose words are all outside `fields` is left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import msgspec

from schemas.v1 import Actor, Article, Event, Evidence, Location, text_of

T = TypeVar("T")
U = TypeVar("U")

Span = tuple[str, int, int]
"""(field, start, end) of one piece of evidence."""

DRAFTED_FIELDS = ("headline", "body")
"""The text a draft is made from here: its image's words are not given to it."""
COORDINATES_WITHIN_KM = 15.0
SYMMETRIC_RELATIONS = frozenset({"fighting", "allied_with", "affiliated_with"})
"""Relation types that read the same either way round ("A fighting B" is "B fighting A")."""
COLLECTIONS = ("actors", "locations", "events", "relations")


@dataclass(frozen=True)
class Count:
    """How many facts were proposed, annotated, and matched (a matched pair counts once on each side)."""

    proposed: int = 0
    annotated: int = 0
    matched: int = 0

    def __add__(self, other: Count) -> Count:
        return Count(self.proposed + other.proposed, self.annotated + other.annotated, self.matched + other.matched)

    @property
    def precision(self) -> float | None:
        return self.matched / self.proposed if self.proposed else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.annotated if self.annotated else None


@dataclass(frozen=True)
class Share:
    """How many of some facts pass a check (`of` of them checked)."""

    passed: int = 0
    of: int = 0

    def __add__(self, other: Share) -> Share:
        return Share(self.passed + other.passed, self.of + other.of)

    @property
    def ratio(self) -> float | None:
        return self.passed / self.of if self.of else None


@dataclass(frozen=True)
class Scores:
    """One draft against its annotation (or several, added up)."""

    actors: Count = Count()
    """Matched with the annotation's kind."""
    actors_any_kind: Count = Count()
    places: Count = Count()
    coordinates_right: Share = Share()
    """Annotated places with gazetteer coordinates, found with coordinates within 15 km of them."""
    coordinates_invented: Share = Share()
    """Matched places the annotation gives no coordinates, proposed with some (passed: how many had some)."""
    place_names: Count = Count()
    """Of the annotated places, those the text names (a quote of theirs is a proper name: 'Rustaveli Avenue',
    not 'a main avenue'): what the issue asks for, 'every place name'."""
    actor_names: Count = Count()
    """Of the annotated actors, those the text names so, matched with the annotation's kind."""
    events: Count = Count()
    """Matched with the annotation's ACLED event type."""
    events_sub_type: Count = Count()
    relations: Count = Count()
    spans_exact: Share = Share()
    """Proposed evidence spans whose quote is the text at their offsets."""
    left_out: int = 0
    """Annotated facts whose words are all outside the drafted fields."""

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            **{
                name: getattr(self, name) + getattr(other, name)
                for name in self.__dataclass_fields__  # (every field adds up)
            }
        )


def score(proposed: Article, annotated: Article, fields: Sequence[str] = DRAFTED_FIELDS) -> Scores:
    """The draft's article `proposed` scored against the annotation of the same text."""
    gold = in_fields(annotated, fields)
    actors = pair(proposed.actors, gold.actors, _name_affinity, _same_kind)
    places = pair(proposed.locations, gold.locations, _name_affinity)
    events = pair(proposed.events, gold.events, _evidence_affinity, _same_type)
    actor_of = {proposed.actors[p].id: gold.actors[a].id for p, a in actors.items()}
    relations = pair(proposed.relations, gold.relations, _relation_affinity(actor_of))
    found = {gold.locations[a].id: proposed.locations[p] for p, a in places.items()}
    located = [place for place in gold.locations if place.coordinates is not None]
    unlocated = [found[place.id] for place in gold.locations if place.coordinates is None and place.id in found]
    named_places = {j for j, place in enumerate(gold.locations) if _named(place, annotated)}
    named_actors = {j for j, actor in enumerate(gold.actors) if _named(actor, annotated)}
    return Scores(
        place_names=_count_of(proposed.locations, places, named_places),
        actor_names=_count_of(
            proposed.actors,
            {p: a for p, a in actors.items() if _same_kind(proposed.actors[p], gold.actors[a])},
            named_actors,
        ),
        actors=_count(proposed.actors, gold.actors, actors, _same_kind),
        actors_any_kind=_count(proposed.actors, gold.actors, actors),
        places=_count(proposed.locations, gold.locations, places),
        coordinates_right=Share(
            sum(1 for place in located if place.id in found and coordinates_agree(found[place.id], place)), len(located)
        ),
        coordinates_invented=Share(sum(1 for place in unlocated if place.coordinates is not None), len(unlocated)),
        events=_count(proposed.events, gold.events, events, _same_type),
        events_sub_type=_count(proposed.events, gold.events, events, _same_sub_type),
        relations=_count(proposed.relations, gold.relations, relations),
        spans_exact=spans_exact(proposed, annotated),
        left_out=sum(len(getattr(annotated, name)) - len(getattr(gold, name)) for name in COLLECTIONS),
    )


def _count(
    proposed: Sequence[Any],
    annotated: Sequence[Any],
    pairs: dict[int, int],
    right: Callable[[Any, Any], bool] | None = None,
) -> Count:
    matched = sum(1 for p, a in pairs.items() if right is None or right(proposed[p], annotated[a]))
    return Count(len(proposed), len(annotated), matched)


def _count_of(proposed: Sequence[Any], pairs: dict[int, int], annotated: set[int]) -> Count:
    """Of some annotated facts (by index), how many the pairs found."""
    return Count(len(proposed), len(annotated), sum(1 for a in pairs.values() if a in annotated))


_CONNECTORS = frozenset({"of", "the", "and", "de", "del", "la", "el", "al", "du", "des", "for", "on", "in", "-"})


def _named(fact: Actor | Location, article: Article) -> bool:
    """Whether the text names it: one of its quotes is a proper name, every word capitalised but connectors
    (not 'the' or 'a' first): 'Rustaveli Avenue', 'Jama'at Nusrat al-Islam', not 'a main avenue'. One word
    that opens a sentence or a headline ('Residents fled') says nothing: any word is capitalised there."""

    def proper(evidence: Evidence) -> bool:
        words = evidence.quote.replace("-", " - ").split()
        if not words or words[0].lower() in ("the", "a", "an"):
            return False
        if not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _CONNECTORS for w in words):
            return False
        before = (text_of(article, evidence.field) or "")[: evidence.start].rstrip(" \"'\u201c")
        return len(words) > 1 or not (before == "" or before[-1] in ".!?:\n")

    return any(proper(evidence) for evidence in fact.evidence)


def _same_kind(proposed: Actor, annotated: Actor) -> bool:
    return proposed.kind == annotated.kind


def _same_type(proposed: Event, annotated: Event) -> bool:
    return proposed.event_type == annotated.event_type


def _same_sub_type(proposed: Event, annotated: Event) -> bool:
    return (proposed.event_type, proposed.sub_event_type) == (annotated.event_type, annotated.sub_event_type)


def in_fields(article: Article, fields: Sequence[str]) -> Article:
    """The article with only the facts that have evidence in `fields`, each with only that evidence."""

    def kept(items: Iterable[Any]) -> list[Any]:
        out = []
        for item in items:
            evidence = [e for e in item.evidence if e.field in fields]
            if evidence:
                out.append(msgspec.structs.replace(item, evidence=evidence))
        return out

    return msgspec.structs.replace(article, **{name: kept(getattr(article, name)) for name in COLLECTIONS})


def spans_exact(proposed: Article, original: Article) -> Share:
    """Every evidence span of the draft checked against the original text (not the draft's copy of it)."""
    spans = [e for name in COLLECTIONS for item in getattr(proposed, name) for e in item.evidence]
    return Share(sum(1 for e in spans if _exact(e, original)), len(spans))


def _exact(evidence: Evidence, original: Article) -> bool:
    text = text_of(original, evidence.field)
    return (
        text is not None
        and 0 <= evidence.start < evidence.end <= len(text)
        and (text[evidence.start : evidence.end] == evidence.quote)
    )


def coordinates_agree(proposed: Location, annotated: Location) -> bool:
    """Both have coordinates, within `COORDINATES_WITHIN_KM` of each other."""
    p, a = proposed.coordinates, annotated.coordinates
    if p is None or a is None:
        return False
    return distance_km(p.latitude, p.longitude, a.latitude, a.longitude) <= COORDINATES_WITHIN_KM


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


# Pairing ------------------------------------------------------------------------------------------------------


def pair(
    proposed: Sequence[T],
    annotated: Sequence[U],
    affinity: Callable[[T, U], float],
    prefer: Callable[[T, U], bool] | None = None,
) -> dict[int, int]:
    """Proposed index → annotated index, one to one: pairs with some affinity, the preferred ones first, then
    the closest (greedy; ties in the order the facts are listed)."""
    candidates = []
    for i, p in enumerate(proposed):
        for j, a in enumerate(annotated):
            closeness = affinity(p, a)
            if closeness > 0:
                candidates.append((bool(prefer and prefer(p, a)), closeness, -i, -j))
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, _, i, j in sorted(candidates, reverse=True):
        if -i not in pairs and -j not in taken:
            pairs[-i] = -j
            taken.add(-j)
    return pairs


def spans(evidence: Iterable[Evidence]) -> list[Span]:
    return [(e.field, e.start, e.end) for e in evidence]


def name_spans(item: Actor | Location) -> list[Span]:
    """The spans that name it: those whose words hold its name or an alias (all of its spans where none does,
    as for "residents" annotated as "Residents of Kafr Takharim")."""
    names = [n.casefold() for n in (item.name, *item.aliases)]
    naming = [e for e in item.evidence if any(n in e.quote.casefold() for n in names)]
    return spans(naming or item.evidence)


def overlap(a: Span, b: Span) -> float:
    """How much two spans share: the characters in both over the characters in either (0 to 1)."""
    if a[0] != b[0]:
        return 0.0
    shared = min(a[2], b[2]) - max(a[1], b[1])
    if shared <= 0:
        return 0.0
    return shared / (max(a[2], b[2]) - min(a[1], b[1]))


def _closeness(proposed: list[Span], annotated: list[Span]) -> float:
    """For each annotated span, its best overlap with a proposed one, added up."""
    return sum(max((overlap(p, a) for p in proposed), default=0.0) for a in annotated)


def _name_affinity(proposed: Actor | Location, annotated: Actor | Location) -> float:
    return _closeness(spans(proposed.evidence), name_spans(annotated))


def _evidence_affinity(proposed: Any, annotated: Any) -> float:
    return _closeness(spans(proposed.evidence), spans(annotated.evidence))


def _relation_affinity(actor_of: dict[str, str]) -> Callable[[Any, Any], float]:
    """A proposed relation is an annotated one when its type is the same and its two actors were matched to the
    annotated relation's (either way round for a symmetric type)."""

    def affinity(proposed: Any, annotated: Any) -> float:
        if proposed.type != annotated.type:
            return 0.0
        ends = (actor_of.get(proposed.subject), actor_of.get(proposed.object))
        if ends == (annotated.subject, annotated.object):
            return 1.0
        if proposed.type in SYMMETRIC_RELATIONS and ends == (annotated.object, annotated.subject):
            return 1.0
        return 0.0

    return affinity


__all__ = [
    "COORDINATES_WITHIN_KM",
    "DRAFTED_FIELDS",
    "Count",
    "Scores",
    "Share",
    "coordinates_agree",
    "distance_km",
    "in_fields",
    "name_spans",
    "overlap",
    "pair",
    "score",
    "spans_exact",
]
