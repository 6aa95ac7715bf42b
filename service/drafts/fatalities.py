"""Deaths a sentence counts, as UCDP's low / best / high: 'at least nine civilians were killed' → low 9 (best
and high unknown), 'nine were killed' → 9 for all three, 'up to 20 died' → high 20, 'no one was killed' → 0.
A number that may count the dead or others ('killed or captured') counts nothing."""

from __future__ import annotations

import re

from schemas.v1 import Fatalities

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozens": 24, "scores": 40,
    "hundreds": 200, "thousands": 2000,
}  # fmt: skip
"""'dozens' is at least two dozen, 'hundreds' at least two hundred: lower bounds only."""
_VAGUE = frozenset({"dozens", "scores", "hundreds", "thousands"})
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_BOUND = r"(at least|more than|over|up to|as many as|nearly|almost|about|around|some|an estimated|at most)?"
_VICTIMS = (
    r"(?:\s+(?:of\s+)?(?:[a-z'\u2019-]+\s+){0,3}?(?:people|persons|civilians|soldiers|troops|fighters|militants"
    r"|rebels|police(?:men| officers)?|protesters|demonstrators|residents|children|women|men|members|officers"
    r"|villagers|worshippers|students|passengers|workers|others|gunmen|insurgents|attackers|guards|pilgrims"
    r"|migrants|bodies))?"
)
_KILLED = re.compile(
    rf"\b{_BOUND}\s*{_NUMBER}{_VICTIMS}\s+(?:\w+\s+){{0,2}}?(?:were|was|have been|had been|are|being|been)?\s*"
    r"(?:reported\s+|believed\s+|feared\s+|said\s+to\s+(?:have\s+been\s+)?)?"
    r"(killed|dead|died|slain|massacred|executed|shot dead|lost their lives)\b"
    r"(?!\s+or\b)",
    re.I,
)
_KILLING = re.compile(rf"\b(?:killing|killed|left)\s+{_BOUND}\s*{_NUMBER}{_VICTIMS}(?:\s+dead)?\b(?!\s+or\b)", re.I)
_TOLL = re.compile(rf"\bdeath toll\s+(?:\w+\s+){{0,3}}?(?:to|of|at|reached)\s+{_BOUND}\s*{_NUMBER}\b", re.I)
_NONE = re.compile(
    r"\b(?:no one|nobody|no-one|none)\s+(?:was|were|had been|has been)\s+(?:killed|hurt|injured|harmed)"
    r"|\bno (?:deaths|casualties|fatalities|one died)\b",
    re.I,
)


def deaths(sentence: str) -> Fatalities | None:
    """The deaths the sentence reports, or None where it reports none (never 0 for 'not said')."""
    if _NONE.search(sentence):
        return Fatalities(low=0, best=0, high=0)
    for pattern in (_TOLL, _KILLED, _KILLING):
        match = pattern.search(sentence)
        if match:
            bound, number = (match.group(1) or "").lower(), match.group(2).lower()
            return _bounded(bound, number)
    return None


def _bounded(bound: str, number: str) -> Fatalities:
    value = _NUMBER_WORDS.get(number)
    count = value if value is not None else int(number.replace(",", ""))
    if number in _VAGUE or bound in ("at least", "some"):
        return Fatalities(low=count)
    if bound in ("more than", "over"):
        return Fatalities(low=count + 1)
    if bound in ("up to", "as many as", "at most"):
        return Fatalities(high=count)
    if bound in ("nearly", "almost", "about", "around", "an estimated"):
        return Fatalities(best=count)
    return Fatalities(low=count, best=count, high=count)
