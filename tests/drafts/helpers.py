"""Finding a draft's facts by what they are, as a reader of the draft would."""

from __future__ import annotations

from typing import Any

from schemas.v1 import Actor, Article, Event, Location
from schemas.v1.drafts import Draft, Proposal


def actor(article: Article, name: str) -> Actor:
    found = [a for a in article.actors if a.name == name or name in a.aliases]
    assert len(found) == 1, (name, [(a.name, a.aliases) for a in article.actors])
    return found[0]


def place(article: Article, name: str) -> Location:
    found = [loc for loc in article.locations if loc.name == name]
    assert len(found) == 1, (name, [loc.name for loc in article.locations])
    return found[0]


def events_quoting(article: Article, words: str) -> list[Event]:
    return [e for e in article.events if any(words in span.quote for span in e.evidence)]


def proposal(draft: Draft, fact: Any) -> Proposal:
    collection = "actors" if isinstance(fact, Actor) else "locations" if isinstance(fact, Location) else "events"
    index = getattr(draft.article, collection).index(fact)
    return next(p for p in draft.proposals if p.path == f"$.{collection}[{index}]")


def quotes(fact: Any) -> list[str]:
    return [span.quote for span in fact.evidence]
