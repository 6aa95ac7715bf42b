"""Evidence anchored by its quote: where a write leaves an evidence item's offsets out, find them from its quote.

A pass over the document as decoded from JSON, before the validation that decides: each item without `start` and
`end` is looked for in its field, narrowed by the text just before it (`prefix`) or after it (`suffix`), as W3C Web
Annotation's TextQuoteSelector does, or by which occurrence it is. It is found exactly once, or the write is refused
naming the item: never attached to other words. A document whose every item has its offsets is not looked at.
"""

from __future__ import annotations

import operator
import typing
from typing import Annotated, Any

import msgspec

from schemas.v1.article import Article
from schemas.v1.evidence import OFFSETS, TEXT_FIELDS, Evidence, TextQuote
from schemas.v1.inputs import EvidenceInput
from schemas.v1.validation import (
    DocumentInvalid,
    Problem,
    _problem_from_msgspec,
    checked,
    decode_document,
    validate_article,
    validate_reporting,
)

SELECTORS = tuple(field.encode_name for field in msgspec.structs.fields(TextQuote))
INPUT_KEYS = (*(field.encode_name for field in msgspec.structs.fields(EvidenceInput)),)
START, END = OFFSETS
CONTEXT_WORDS = 4
"""Words shown on each side of an occurrence when a quote is ambiguous."""
SHOWN_OCCURRENCES = 10
_WRONG_TYPE = object()
"""A text field that is neither a string nor missing: validation reports it."""


def _listed_struct(hint: Any) -> Any:
    """The Struct a list field holds, if it is one (None otherwise)."""
    while typing.get_origin(hint) is Annotated:
        hint = typing.get_args(hint)[0]
    if typing.get_origin(hint) is not list:
        return None
    (item,) = typing.get_args(hint)
    while typing.get_origin(item) is Annotated:
        item = typing.get_args(item)[0]
    return item if isinstance(item, type) and issubclass(item, msgspec.Struct) else None


EVIDENCED = tuple(
    (collection.encode_name, field.encode_name)
    for collection in msgspec.structs.fields(Article)
    if (member := _listed_struct(collection.type)) is not None
    for field in msgspec.structs.fields(member)
    if _listed_struct(field.type) is Evidence
)
"""(collection, its members' evidence list) of each collection whose members carry evidence, from the model."""


def anchor(raw: Any) -> Any:
    """The document (builtin data, as decoded from JSON) with each evidence item's offsets found from its quote;
    `raw` itself, untouched, where no item gives its quote alone. Raises DocumentInvalid naming each item that
    cannot be anchored. Anything else wrong is left as it is, for validation to report."""
    if _nothing_to_anchor(raw) or not isinstance(raw, dict):
        return raw
    texts = {name: _text_at(raw, name) for name in TEXT_FIELDS}
    problems: list[Problem] = []
    document = dict(raw)
    for collection, name in EVIDENCED:
        members = raw.get(collection)
        if not isinstance(members, list):
            continue
        anchored = []
        for i, member in enumerate(members):
            evidence = member.get(name) if isinstance(member, dict) else None
            if isinstance(evidence, list):
                path = f"$.{collection}[{i}].{name}"
                found = [_anchored(item, texts, f"{path}[{j}]", problems) for j, item in enumerate(evidence)]
                if any(map(operator.is_not, found, evidence)):
                    member = {**member, name: found}
            anchored.append(member)
        if any(map(operator.is_not, anchored, members)):
            document[collection] = anchored
    if problems:
        raise DocumentInvalid(problems)
    return document if any(document[key] is not raw[key] for key in raw) else raw


def _nothing_to_anchor(raw: Any) -> bool:
    """Whether every evidence item has both offsets and no selector, as in a document validation refused for
    another reason: asked in one pass that builds nothing."""
    try:
        return all(
            START in item and END in item and item.keys().isdisjoint(SELECTORS)
            for collection, name in EVIDENCED
            for member in raw.get(collection) or ()
            for item in member[name]
        )
    except (AttributeError, KeyError, TypeError):  # (a shape validation refuses: looked at item by item)
        return False


def validate_input(raw: Any, text: bytes | str | None = None) -> Article:
    """A document a write sent (builtin data) as a verified Article, its quotes anchored where it gives them alone;
    `text`, the JSON text it was decoded from, if at hand, saves encoding it again (`checked`).

    Validation is tried on the document as sent, since nearly every one has all its offsets: those pay nothing
    for anchoring. One that needs anchoring never passes (start and end are required, prefix, suffix and
    occurrence unknown to Article), so one that fails is anchored and validated again, as if it had been anchored
    first; one anchoring leaves as it was is reported as it is."""
    article = checked(raw, text)
    return _anchored_and_validated(raw) if article is None else article


def parse_input(data: bytes | str) -> Article:
    """JSON text a write sent as a verified Article, or DocumentInvalid (malformed JSON included)."""
    return validate_input(decode_document(data), data)


def _anchored_and_validated(raw: Any) -> Article:
    anchored = anchor(raw)
    return validate_reporting(raw) if anchored is raw else validate_article(anchored)


def _text_at(document: dict[str, Any], field: str) -> Any:
    """The text at a dotted field path: a string, None where the document has none, or _WRONG_TYPE."""
    value: Any = document
    for part in field.split("."):
        if value is None:
            return None
        if not isinstance(value, dict):
            return _WRONG_TYPE
        value = value.get(part)
    return value if value is None or isinstance(value, str) else _WRONG_TYPE


def _anchored(item: Any, texts: dict[str, Any], path: str, problems: list[Problem]) -> Any:
    """The evidence item with its offsets, where it gives its quote alone; else the item as it is (and any problem
    that stops it being anchored, in `problems`)."""
    if not isinstance(item, dict):
        return item
    has_start, has_end = START in item, END in item
    selectors = [key for key in SELECTORS if key in item]
    if has_start and has_end:
        if selectors:
            problems.append(
                Problem(f"{path}.{selectors[0]}", "give the offsets (start, end) or what finds the quote, not both")
            )
        return item
    if has_start or has_end:
        given, missing = (START, END) if has_start else (END, START)
        problems.append(Problem(path, f"{given} without {missing}: give both offsets, or neither to find the quote"))
        return item
    try:
        evidence: Any = msgspec.convert(
            {key: item[key] for key in INPUT_KEYS if key in item}, EvidenceInput, strict=True
        )
    except msgspec.ValidationError as exc:
        problem = _problem_from_msgspec(str(exc))
        problems.append(Problem(path + problem.path.removeprefix("$"), problem.message))
        return item
    unselected = {key: value for key, value in item.items() if key not in SELECTORS}
    text = texts.get(evidence.field, _WRONG_TYPE)  # (a field name ending in a line feed: validation refuses it)
    if text is None:
        problems.append(Problem(f"{path}.field", f"the article has no text at {evidence.field!r}"))
        return item
    if text is _WRONG_TYPE:
        return unselected
    start = _find(text, evidence, path, problems)
    if start is None:
        return item
    return {**unselected, START: start, END: start + len(evidence.quote)}


def _find(text: str, evidence: Any, path: str, problems: list[Problem]) -> int | None:
    """Where the quote starts, if its selectors leave exactly one place; else None, and the problem."""
    quote, prefix, suffix, occurrence = evidence.quote, evidence.prefix, evidence.suffix, evidence.occurrence
    everywhere = _positions(text, quote)
    fitting = [
        at
        for at in everywhere
        if (prefix is msgspec.UNSET or text.endswith(prefix, 0, at))
        and (suffix is msgspec.UNSET or text.startswith(suffix, at + len(quote)))
    ]
    context = _context_phrase(prefix, suffix)
    found = f"quote {quote!r} occurs {_times(len(fitting))} in {evidence.field}{context}"
    if occurrence is not msgspec.UNSET:
        if occurrence <= len(fitting):
            return fitting[occurrence - 1]
        problems.append(Problem(path, f"{found}: there is no occurrence {occurrence}"))
    elif len(fitting) == 1:
        return fitting[0]
    elif not everywhere:
        problems.append(Problem(path, f"quote {quote!r} is not in {evidence.field}"))
    elif not fitting:
        problems.append(
            Problem(path, f"quote {quote!r} occurs {_times(len(everywhere))} in {evidence.field}, never{context}")
        )
    else:
        shown = "; ".join(
            f"{number}: {at}..{at + len(quote)} {_surroundings(text, at, at + len(quote))!r}"
            for number, at in enumerate(fitting[:SHOWN_OCCURRENCES], 1)
        )
        more = f"; and {len(fitting) - SHOWN_OCCURRENCES} more" if len(fitting) > SHOWN_OCCURRENCES else ""
        problems.append(Problem(path, f"{found}: {shown}{more}; say which with a prefix, a suffix or an occurrence"))
    return None


def _positions(text: str, quote: str) -> list[int]:
    """Every place the quote starts in the text, overlapping ones included, in order."""
    found: list[int] = []
    at = text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _context_phrase(prefix: Any, suffix: Any) -> str:
    after = "" if prefix is msgspec.UNSET else f" after {prefix!r}"
    before = "" if suffix is msgspec.UNSET else f" before {suffix!r}"
    return f"{after}{' and' if after and before else ''}{before}"


def _surroundings(text: str, start: int, end: int) -> str:
    """The quote in brackets with a few words either side, on one line: '…the city of [Aleppo], where the…'."""
    window = 15 * CONTEXT_WORDS
    before, after = text[max(0, start - window) : start], text[end : end + window]
    words_before, words_after = before.split(), after.split()
    if start > window and before[:1].strip():  # (the window may begin inside a word)
        words_before = words_before[1:]
    if end + window < len(text) and after[-1:].strip():
        words_after = words_after[:-1]
    left = " ".join(words_before[-CONTEXT_WORDS:]) + (" " if before[-1:].isspace() and words_before else "")
    right = (" " if after[:1].isspace() and words_after else "") + " ".join(words_after[:CONTEXT_WORDS])
    cut_before = len(words_before) > CONTEXT_WORDS or start > window
    cut_after = len(words_after) > CONTEXT_WORDS or end + window < len(text)
    return f"{'…' if cut_before else ''}{left}[{text[start:end]}]{right}{'…' if cut_after else ''}"


__all__ = ["EVIDENCED", "anchor", "parse_input", "validate_input"]
