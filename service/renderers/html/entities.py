"""The entity index: every actor, place, event and relation of the article, with the labels and tips people read.

Marks, map and timeline all link to the entries it names, so each label is worded once, here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from schemas import Article, Event, Location, Relation
from schemas.v1 import TEXT_FIELDS, DateRange
from service.renderers.html.marks import KINDS, Entity, Span

DASH = "\N{EN DASH}"


def words(value: str) -> str:
    return value.replace("_", " ")


def date_text(date: DateRange) -> str:
    """A date range as people write it, its ends joined by an en dash: '2013', 'on or before 3 January 2014'."""

    def one(day: dt.date) -> str:
        if date.precision == "year":
            return str(day.year)
        if date.precision == "month":
            return f"{day:%B} {day.year}"
        return f"{day.day} {day:%B} {day.year}"

    start, end = date.start, date.end
    if start and end:
        if one(start) == one(end):
            text = one(start)
        elif date.precision in ("day", "week") and (start.year, start.month) == (end.year, end.month):
            text = f"{start.day}{DASH}{one(end)}"
        else:
            text = f"{one(start)} {DASH} {one(end)}"
    elif end:
        text = f"on or before {one(end)}"
    elif start:
        text = f"from {one(start)}"
    else:
        text = "unknown"
    return f"week of {text}" if date.precision == "week" and start and end and start != end else text


def event_label(event: Event, places: Mapping[str, Location]) -> str:
    what = event.sub_event_type if event.sub_event_type != "Other" else event.event_type
    names = [places[p].name for p in event.locations if p in places]
    return f"{what} · {', '.join(names)}" if names else what


def _tip(title: str, what: str, aliases: Sequence[str] = ()) -> str:
    lines = [title, what]
    if aliases:
        lines.append("also: " + ", ".join(aliases))
    return "\n".join(lines)


class Index:
    """The article's entities by kind and id, with their labels: what marks, map and timeline link to."""

    def __init__(self, article: Article):
        self.article = article
        self.actors = {a.id: a for a in article.actors}
        self.places = {p.id: p for p in article.locations}
        self.entities: dict[tuple[str, str], Entity] = {}
        for actor in article.actors:
            what = f"Actor · {words(actor.kind)}" + (f" ({actor.role})" if actor.role else "")
            self._add("actors", actor.id, actor.name, _tip(actor.name, what, actor.aliases))
        for place in article.locations:
            parent = self.places.get(place.parent or "")
            what = f"Place · {words(place.kind)}" + (f" in {parent.name}" if parent else "")
            self._add("locations", place.id, place.name, _tip(place.name, what, place.aliases))
        for event in article.events:
            label = event_label(event, self.places)
            what = f"Event · {event.event_type}: {event.sub_event_type}"
            if event.date:
                what += f"\n{date_text(event.date)} ({event.date.basis})"
            self._add("events", event.id, label, _tip(label, what))
        for relation in article.relations:
            label = self.relation_label(relation)
            what = f"Relation · {relation.certainty}" + (" · former" if relation.status == "former" else "")
            self._add("relations", relation.id, label, _tip(label, what))

    def _add(self, collection: str, id: str, label: str, tip: str) -> None:
        kind = KINDS[collection]
        self.entities[collection, id] = Entity(f"{kind}-{id}", kind, label, tip)

    def relation_label(self, relation: Relation) -> str:
        return f"{self.actor_name(relation.subject)} {words(relation.type)} {self.actor_name(relation.object)}"

    def actor_name(self, id: str) -> str:
        actor = self.actors.get(id)
        return actor.name if actor else id

    def entity(self, collection: str, id: str) -> Entity:
        return self.entities[collection, id]

    def spans(self) -> dict[str, list[Span]]:
        """Every evidence span of the article, by the text field it is in."""
        found: dict[str, list[Span]] = {name: [] for name in TEXT_FIELDS}
        for collection in KINDS:
            for item in getattr(self.article, collection):
                entity = self.entity(collection, item.id)
                for index, evidence in enumerate(item.evidence):
                    span = Span(entity, f"{entity.anchor}/{index}", evidence.start, evidence.end)
                    found.setdefault(evidence.field, []).append(span)
        return found
