"""Text written piece by piece, so that where each entity is named is known as it is written, never searched for."""

from __future__ import annotations

import string
from collections.abc import Sequence
from functools import cache

from schemas.v1 import Actor, Evidence, Location, Section

Entity = Actor | Location
Mentions = dict[str, Sequence[Entity]]
"""The entities a template's placeholders name, by placeholder."""


@cache
def pieces(template: str) -> tuple[tuple[str, str | None, str], ...]:
    """A template split once into (literal, placeholder, format spec) triples."""
    return tuple((literal, key, spec or "") for literal, key, spec, _ in string.Formatter().parse(template))


def fill(template: str, mentions: Mentions) -> tuple[str, list[tuple[Entity, int, int]]]:
    """The template's text, and where in it each entity is named ("A, B and C" for several).

    A placeholder shows the entity's name, or its first alias when written {key:alias}.
    """
    parts: list[str] = []
    spans: list[tuple[Entity, int, int]] = []
    length = 0
    for literal, key, spec in pieces(template):
        parts.append(literal)
        length += len(literal)
        if key is None:
            continue
        entities = mentions[key]
        for position, entity in enumerate(entities):
            if position:
                joiner = " and " if position == len(entities) - 1 else ", "
                parts.append(joiner)
                length += len(joiner)
            surface = entity.aliases[0] if spec == "alias" else entity.name
            spans.append((entity, length, length + len(surface)))
            parts.append(surface)
            length += len(surface)
    return "".join(parts), spans


class TextWriter:
    """One text field, appended to piece by piece so the offsets of each piece are known as it is written.

    Entities are created with an empty evidence list, which grows here each time the text names them.
    """

    def __init__(self, field: str):
        self.field = field
        self.parts: list[str] = []
        self.length = 0
        self.separator = ""

    def write(self, text: str, spans: Sequence[tuple[Entity, int, int]] = ()) -> Evidence:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        for entity, begin, end in spans:
            quote = text[begin:end]
            entity.evidence.append(Evidence(field=self.field, start=start + begin, end=start + end, quote=quote))
        return Evidence(field=self.field, start=start, end=self.length, quote=text)

    def sentence(self, lead: str, clause: str, mentions: Mentions, *, suffix: str = "", tail: str = "") -> Evidence:
        """Write "Lead clause+suffix tail." and return the evidence of the clause, the part that states the fact."""
        self.write(f"{self.separator}{lead} " if lead else self.separator)
        text, spans = fill(clause, mentions)
        evidence = self.write(text + suffix, spans)
        self.write(*fill(tail + ".", mentions))
        self.separator = " "
        return evidence

    def new_paragraph(self) -> None:
        if self.length:
            self.separator = "\n\n"

    def heading(self, text: str) -> Section:
        self.new_paragraph()
        self.write(self.separator)
        written = self.write(text)
        self.separator = "\n\n"
        return Section(kind="heading", start=written.start, end=written.end, text=text)

    def text(self) -> str:
        return "".join(self.parts)
