"""Marked text: the article's text cut at every evidence span boundary, each piece linked to what it is evidence of.

A span inside another one wins the piece, so a name within a quoted clause links to the name; the outer spans stay
listed on the piece for its tip and its `data-spans`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from schemas.v1 import Section

KINDS: dict[str, str] = {"actors": "actor", "locations": "place", "events": "event", "relations": "relation"}
"""Each collection's kind of mark; the order is the tie-break between spans of equal length (names win)."""
KIND_ORDER = {kind: rank for rank, kind in enumerate(KINDS.values())}


@dataclass(frozen=True, slots=True)
class Entity:
    """What a mark links to: an entry in one of the panels."""

    anchor: str
    kind: str
    label: str
    tip: str
    """Its type and aliases, shown on hover and focus."""


@dataclass(frozen=True, slots=True)
class Span:
    entity: Entity
    key: str
    """'actor-isis/3': the entity's anchor and the index of this evidence span in its list."""
    start: int
    end: int

    @property
    def rank(self) -> tuple[int, int, str]:
        return (self.end - self.start, KIND_ORDER[self.entity.kind], self.key)


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text between two span boundaries, and the spans covering it, innermost first."""

    text: str
    spans: tuple[Span, ...]

    @property
    def kinds(self) -> str:
        return " ".join(sorted({s.entity.kind for s in self.spans}, key=KIND_ORDER.__getitem__))

    @property
    def target(self) -> Entity:
        return self.spans[0].entity

    @property
    def keys(self) -> str:
        return " ".join(s.key for s in self.spans)

    @property
    def tip(self) -> str:
        outer = dict.fromkeys(s.entity for s in self.spans[1:] if s.entity != self.target)
        lines = [self.target.tip, *(f"within {e.kind}: {e.label}" for e in outer)]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, heading or list of the text; a list holds its items as blocks."""

    tag: str
    segments: tuple[Segment, ...] = ()
    items: tuple[Block, ...] = ()


def segments(text: str, spans: Sequence[Span], start: int, end: int) -> tuple[Segment, ...]:
    """text[start:end] cut at every span boundary, each piece with the spans that cover it."""
    inside = [s for s in spans if s.start < end and s.end > start]
    cuts = sorted({start, end, *(max(s.start, start) for s in inside), *(min(s.end, end) for s in inside)})
    return tuple(
        Segment(text[a:b], tuple(sorted((s for s in inside if s.start <= a and s.end >= b), key=lambda s: s.rank)))
        for a, b in itertools.pairwise(cuts)
    )


def _paragraphs(body: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The runs of non-blank lines in body[start:end]: paragraphs are separated by a blank line."""
    position = start
    for chunk in body[start:end].split("\n\n"):
        stripped = chunk.strip()
        if stripped:
            first = position + chunk.index(stripped[0])
            yield first, first + len(stripped)
        position += len(chunk) + 2


def body_blocks(body: str, sections: Sequence[Section], spans: Sequence[Span]) -> list[Block]:
    """The body as paragraphs, with the headings and bulleted lists its `sections` mark."""
    tops = sorted((s for s in sections if s.kind != "list_item"), key=lambda s: s.start)
    items = [s for s in sections if s.kind == "list_item"]
    for item in items:
        if not any(top.kind == "list" and top.start <= item.start and item.end <= top.end for top in tops):
            tops.append(Section(kind="list", start=item.start, end=item.end, text=item.text))
    tops.sort(key=lambda s: s.start)
    blocks: list[Block] = []
    cursor = 0
    for top in tops:
        if top.start < cursor:  # overlapping sections: the first one wins
            continue
        blocks += (Block("p", segments(body, spans, a, b)) for a, b in _paragraphs(body, cursor, top.start))
        if top.kind == "heading":
            blocks.append(Block("h2", segments(body, spans, top.start, top.end)))
        else:
            inner = sorted((i for i in items if top.start <= i.start and i.end <= top.end), key=lambda i: i.start)
            ranges = [(i.start, i.end) for i in inner] or list(_lines(body, top.start, top.end))
            blocks.append(Block("ul", items=tuple(Block("li", segments(body, spans, a, b)) for a, b in ranges)))
        cursor = top.end
    blocks += (Block("p", segments(body, spans, a, b)) for a, b in _paragraphs(body, cursor, len(body)))
    return blocks


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    position = start
    for line in text[start:end].split("\n"):
        if line.strip():
            yield position, position + len(line)
        position += len(line) + 1
