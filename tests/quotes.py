"""Documents whose evidence gives its quotes without offsets (what schemas/v1/anchoring.py reads), made for tests
from documents that have them."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from typing import Any

from schemas import COLLECTIONS

SELECTORS = ("occurrence", "prefix", "suffix")


def text_at(document: dict[str, Any], field: str) -> str:
    """The text a span's field names: 'body', 'headline', 'image.caption' …"""
    value: Any = document
    for part in field.split("."):
        value = value[part]
    assert isinstance(value, str)
    return value


def places(text: str, quote: str) -> list[int]:
    """Where the quote starts in the text, every place (overlapping ones too)."""
    return [at for at in range(len(text) - len(quote) + 1) if text.startswith(quote, at)]


def evidence_items(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for collection in COLLECTIONS:
        for member in document.get(collection, []):
            yield from member["evidence"]


def _shortest_context(text: str, start: int, end: int, others: list[int], quote: str, kind: str) -> str | None:
    """The shortest prefix (or suffix) of the quote at start..end that no other place of it has, if any."""
    room = start if kind == "prefix" else len(text) - end
    for size in range(1, room + 1):
        context = text[start - size : start] if kind == "prefix" else text[end : end + size]
        if kind == "prefix" and not any(text[:at].endswith(context) for at in others):
            return context
        if kind == "suffix" and not any(text.startswith(context, at + len(quote)) for at in others):
            return context
    return None


def quote_only(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document with every evidence item's start and end left out. Where a quote recurs in its field,
    the item says which it is by, in turn, its occurrence, the shortest prefix that tells it apart, or the shortest
    suffix (the next kind where one cannot: a quote at the very start has no prefix)."""
    changed = copy.deepcopy(document)
    turn = 0
    for item in evidence_items(changed):
        text = text_at(changed, item["field"])
        start, end = item.pop("start"), item.pop("end")
        found = places(text, item["quote"])
        assert start in found
        if len(found) == 1:
            continue
        others = [at for at in found if at != start]
        for kind in (SELECTORS * 2)[turn % 3 : turn % 3 + 3]:
            if kind == "occurrence":
                item["occurrence"] = found.index(start) + 1
                break
            context = _shortest_context(text, start, end, others, item["quote"], kind)
            if context is not None:
                item[kind] = context
                break
        turn += 1
    return changed


def selectors_used(document: dict[str, Any]) -> Counter[str]:
    """How many evidence items give each selector, and how many give their quote alone ('quote')."""
    used: Counter[str] = Counter()
    for item in evidence_items(document):
        used.update([key for key in SELECTORS if key in item] or ["quote"])
    return used
