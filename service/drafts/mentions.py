"""Which words a fact has taken, so that no word is read as two things (Iraq in 'Islamic State in Iraq and the
Levant' is no place), and the facts found so far, each with every span that mentions it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from schemas.v1.drafts import Alternative

if TYPE_CHECKING:
    from spacy.tokens import Span


class Claims:
    """The tokens each field's facts have taken."""

    def __init__(self) -> None:
        self._taken: dict[tuple[str, int], str] = {}

    def free(self, span: Span) -> bool:
        field_name = span.doc.user_data["field"]
        return all((field_name, i) not in self._taken for i in range(span.start, span.end))

    def take(self, span: Span, owner: str) -> None:
        field_name = span.doc.user_data["field"]
        for i in range(span.start, span.end):
            self._taken[field_name, i] = owner

    def owner(self, span: Span) -> str | None:
        """Who took the span's first token."""
        return self._taken.get((span.doc.user_data["field"], span.start))


@dataclass(eq=False)
class Fact:
    """A fact being drafted: its fields for the model, its mentions, and where it came from."""

    id: str
    name: str
    kind: str
    mentions: list[Span] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    source: str = "rules"
    confidence: float = 0.6
    reason: str | None = None
    alternatives: list[Alternative] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    """The model's other fields (role, country, coordinates, same_as, parent …)."""

    def mention(self, span: Span, *, alias: bool = True) -> None:
        """Another span that names it (with `alias`, its words, where other than the name, become an alias; a
        description that points to it, 'an Idlib activist', does not)."""
        if any(_same(span, known) for known in self.mentions):
            return
        self.mentions.append(span)
        surface = span.text
        known = {self.name.casefold(), *(a.casefold() for a in self.aliases)}
        if alias and surface.casefold() not in known:
            self.aliases.append(surface)


def _same(one: Span, other: Span) -> bool:
    return one.doc is other.doc and one.start == other.start and one.end == other.end
