"""Strict input for v1: unknown fields, types, references and evidence, every error with its JSON path.

The Structs themselves are tolerant readers; this module is the gate a document
passes before it is stored, and it reports every problem it finds, not just the first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import msgspec
from msgspec import inspect as mi

from schemas.v1.article import Article, text_of
from schemas.v1.events import SUB_EVENT_TYPES, DateRange
from schemas.v1.evidence import TEXT_FIELDS, Evidence

MAX_ERRORS = 100
_encoder = msgspec.json.Encoder()


class Problem(msgspec.Struct, frozen=True):
    """One reason a document is invalid: where (a JSON path) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class DocumentInvalid(ValueError):
    """The document breaks the v1 schema; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems[:MAX_ERRORS]
        super().__init__("; ".join(str(p) for p in self.problems))


def _number(text: str) -> int | float:
    """A JSON number written with a fraction or an exponent, as an integer where it is one: JSON Schema counts
    1.0 as an integer, so a document the published schema accepts is not refused for writing it so."""
    value = float(text)
    return int(value) if value.is_integer() else value


decode_json = msgspec.json.Decoder(float_hook=_number).decode
"""JSON text as builtin data, ready for `validate_article` (raises msgspec.DecodeError or UnicodeDecodeError)."""


def decode_document(data: bytes | str) -> Any:
    """JSON text as builtin data, or DocumentInvalid saying why it is malformed."""
    try:
        return decode_json(data)
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        raise DocumentInvalid([Problem("$", f"malformed JSON: {exc}")]) from None
    except RecursionError:
        raise DocumentInvalid([Problem("$", "malformed JSON: nested too deeply")]) from None


def parse_article(data: bytes | str) -> Article:
    """Decode JSON text into a verified Article, or raise DocumentInvalid (malformed JSON included)."""
    return validate_article(decode_document(data))


def validate_article(raw: Any) -> Article:
    """Check builtin data (as decoded from JSON) against v1 and return the Article."""
    if not isinstance(raw, dict):
        raise DocumentInvalid([Problem("$", f"expected a JSON object, got {_json_kind(raw)}")])
    encoded = _encoded(raw)
    problems = [*_unknown_fields(raw, "$", encoded), *_nul_characters(raw, encoded)]
    if problems:
        raise DocumentInvalid(problems)
    try:
        article = msgspec.convert(raw, Article, strict=True)
    except msgspec.ValidationError as exc:
        raise DocumentInvalid([_problem_from_msgspec(str(exc))]) from None
    problems = list(check_consistency(article))
    if problems:
        raise DocumentInvalid(problems)
    return article


def _json_kind(value: Any) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")


def _problem_from_msgspec(message: str) -> Problem:
    text, sep, path = message.rpartition(" - at `")
    if sep:
        return Problem(path.rstrip("`"), text)
    return Problem("$", message)


Walker = Callable[[Any, str], Iterator[Problem]]
Clean = Callable[[Any], bool]
LINE_FEED_AT_END = b'\\n"'
"""A string that ends in a line feed, as msgspec encodes it."""


@dataclass(frozen=True, slots=True)
class Check:
    """What a value of one type may hide, checked twice over. `clean` says only whether any object has a key
    the model lacks, building no JSON path: nearly every document is clean, and the paths of its thousands
    of values were most of the walk's cost. `report` finds every problem, each with its path."""

    report: Walker
    clean: Clean | None
    """None where only strings are checked: they are looked at only where some string ends in a line feed."""


def _line_feed_at_end(pattern: str) -> Check:
    """Python's `$` also matches before a final line feed, which JSON Schema's (ECMA-262) `$` does not: so msgspec
    would take 'isis\\n' for an id. No pattern of the model allows a line feed, so one at the end is refused."""

    def report(value: Any, path: str) -> Iterator[Problem]:
        if isinstance(value, str) and value.endswith("\n"):
            yield Problem(path, f"Expected `str` matching regex {pattern!r}")

    return Check(report, None)


def _compile(info: mi.Type) -> Check | None:
    """A checker of unknown keys (and patterned strings) for values of this type, or None where nothing can hide."""
    if isinstance(info, mi.Metadata):
        return _compile(info.type)
    if isinstance(info, mi.StrType):
        return _line_feed_at_end(info.pattern) if info.pattern else None
    if isinstance(info, mi.UnionType):
        options = [c for c in map(_compile, info.types) if c is not None]
        return options[0] if options else None
    if isinstance(info, mi.ListType):
        item = _compile(info.item_type)
        if item is None:
            return None

        def each(value: Any, path: str) -> Iterator[Problem]:
            if isinstance(value, list):
                for index, element in enumerate(value):
                    yield from item.report(element, f"{path}[{index}]")

        item_clean = item.clean
        if item_clean is None:
            return Check(each, None)

        def each_clean(value: Any) -> bool:
            return not isinstance(value, list) or all(map(item_clean, value))

        return Check(each, each_clean)
    if isinstance(info, mi.StructType):
        children: dict[str, Check | None] = {f.encode_name: _compile(f.type) for f in info.fields}
        known = children.keys()
        clean_children = {key: c.clean for key, c in children.items() if c is not None and c.clean is not None}

        def struct(value: Any, path: str) -> Iterator[Problem]:
            if not isinstance(value, dict):
                return
            for key, element in value.items():
                if key not in children:
                    yield Problem(f"{path}.{key}", "unknown field")
                elif (child := children[key]) is not None:
                    yield from child.report(element, f"{path}.{key}")

        def struct_clean(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            return value.keys() <= known and all(clean(value.get(key)) for key, clean in clean_children.items())

        return Check(struct, struct_clean)
    return None


@cache
def _article_check() -> Check:
    check = _compile(mi.type_info(Article))
    assert check is not None
    return check


def _unknown_fields(value: Any, path: str, encoded: bytes | None) -> Iterator[Problem]:
    """Each object key the model does not define (the tolerant Structs would silently drop it), and each
    patterned string ending in a line feed, which only a document `encoded` with one can have."""
    check = _article_check()
    strings_clean = encoded is not None and LINE_FEED_AT_END not in encoded
    if strings_clean and (check.clean is None or check.clean(value)):
        return iter(())
    return check.report(value, path)


def _encoded(raw: Any) -> bytes | None:
    """The document as JSON again, where the checks of its strings look first; None if too deep to encode."""
    try:
        return _encoder.encode(raw)
    except RecursionError:
        return None


def _nul_characters(raw: Any, encoded: bytes | None) -> Iterator[Problem]:
    """Each string (or key) holding U+0000: JSON allows it, PostgreSQL's JSONB cannot store it, no text needs it.

    Encoded, a NUL can only be `\\u0000`: where that is absent (nearly always), nothing is walked."""
    if encoded is not None and b"\\u0000" not in encoded:
        return
    pending: list[tuple[Any, str]] = [(raw, "$")]  # a stack, not recursion: the input may be nested deeply
    while pending:
        value, path = pending.pop()
        if isinstance(value, str) and "\x00" in value:
            yield Problem(path, "NUL characters (U+0000) are not allowed")
        elif isinstance(value, dict):
            if any("\x00" in key for key in value):
                yield Problem(path, "NUL characters (U+0000) are not allowed in a key")
            pending.extend((element, f"{path}.{key}") for key, element in reversed(value.items()))
        elif isinstance(value, list):
            pending.extend((value[index], f"{path}[{index}]") for index in reversed(range(len(value))))


def _text_fields(article: Article) -> dict[str, str | None]:
    return {name: text_of(article, name) for name in TEXT_FIELDS}


def check_evidence(evidence: Evidence, texts: dict[str, str | None], path: str) -> Iterator[Problem]:
    text = texts.get(evidence.field)
    if text is None:
        yield Problem(f"{path}.field", f"the article has no text at {evidence.field!r}")
        return
    if not evidence.start < evidence.end <= len(text):
        yield Problem(
            path,
            f"span {evidence.start}..{evidence.end} is not within {evidence.field} (length {len(text)})",
        )
        return
    found = text[evidence.start : evidence.end]
    if found != evidence.quote:
        yield Problem(f"{path}.quote", f"quote {evidence.quote!r} does not match the text there: {found!r}")


def _check_date_range(date: DateRange, path: str) -> Iterator[Problem]:
    if date.start and date.end and date.start > date.end:
        yield Problem(f"{path}.start", f"start {date.start} is after end {date.end}")
    if date.basis == "inferred" and not date.inferred_from:
        yield Problem(f"{path}.inferred_from", "an inferred date must say what it was inferred from")


def _duplicate_ids(items: list[Any], path: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            yield Problem(f"{path}[{index}].id", f"duplicate id {item.id!r}")
        seen.add(item.id)


def check_consistency(article: Article) -> Iterator[Problem]:
    """Everything a type cannot say: unique ids, references, evidence spans, ranges, taxonomy."""
    texts = _text_fields(article)
    actor_ids = {a.id for a in article.actors}
    location_ids = {loc.id for loc in article.locations}
    event_ids = {e.id for e in article.events}

    def ref(kind: str, known: set[str], value: str | None, path: str) -> Iterator[Problem]:
        if value is not None and value not in known:
            yield Problem(path, f"unknown {kind} id {value!r}")

    for name in ("actors", "locations", "events", "relations"):
        yield from _duplicate_ids(getattr(article, name), f"$.{name}")

    if article.date_published and article.date_modified and article.date_modified < article.date_published:
        yield Problem("$.date_modified", "date_modified is earlier than date_published")
    if article.date_inferred:
        yield from _check_date_range(article.date_inferred, "$.date_inferred")
    yield from ref("actor", actor_ids, article.publisher, "$.publisher")
    for i, author in enumerate(article.authors):
        yield from ref("actor", actor_ids, author, f"$.authors[{i}]")
    for i, section in enumerate(article.sections):
        in_body = section.start < section.end <= len(article.body)  # a slice would silently clamp an end past it
        if not in_body or article.body[section.start : section.end] != section.text:
            yield Problem(f"$.sections[{i}]", f"text {section.text!r} is not body[{section.start}:{section.end}]")

    for i, actor in enumerate(article.actors):
        yield from _check_evidence_list(actor, texts, f"$.actors[{i}]")

    for i, loc in enumerate(article.locations):
        path = f"$.locations[{i}]"
        yield from ref("location", location_ids, loc.parent, f"{path}.parent")
        yield from _check_evidence_list(loc, texts, path)
    yield from _parent_cycles(article)

    for i, event in enumerate(article.events):
        path = f"$.events[{i}]"
        if event.sub_event_type not in SUB_EVENT_TYPES[event.event_type]:
            yield Problem(
                f"{path}.sub_event_type",
                f"{event.sub_event_type!r} is not a sub-event type of {event.event_type!r}",
            )
        if event.date:
            yield from _check_date_range(event.date, f"{path}.date")
        for j, participant in enumerate(event.participants):
            yield from ref("actor", actor_ids, participant.actor, f"{path}.participants[{j}].actor")
        for j, location in enumerate(event.locations):
            yield from ref("location", location_ids, location, f"{path}.locations[{j}]")
        if event.part_of == event.id:
            yield Problem(f"{path}.part_of", "an event cannot be part of itself")
        yield from ref("event", event_ids, event.part_of, f"{path}.part_of")
        f = event.fatalities
        bounds = [v for v in (f.low, f.best, f.high) if v is not None]
        if bounds != sorted(bounds):
            yield Problem(f"{path}.fatalities", "expected low <= best <= high")
        for j, attribution in enumerate(event.attribution):
            yield from ref("actor", actor_ids, attribution.source, f"{path}.attribution[{j}].source")
        yield from _check_evidence_list(event, texts, path)

    for i, relation in enumerate(article.relations):
        path = f"$.relations[{i}]"
        yield from ref("actor", actor_ids, relation.subject, f"{path}.subject")
        yield from ref("actor", actor_ids, relation.object, f"{path}.object")
        if relation.subject == relation.object:
            yield Problem(path, "a relation links two different actors")
        for j, attribution in enumerate(relation.attribution):
            yield from ref("actor", actor_ids, attribution.source, f"{path}.attribution[{j}].source")
        yield from _check_evidence_list(relation, texts, path)


def _check_evidence_list(item: Any, texts: dict[str, str | None], path: str) -> Iterator[Problem]:
    for j, evidence in enumerate(item.evidence):
        yield from check_evidence(evidence, texts, f"{path}.evidence[{j}]")


def _parent_cycles(article: Article) -> Iterator[Problem]:
    parents = {loc.id: loc.parent for loc in article.locations}
    for i, loc in enumerate(article.locations):
        seen = {loc.id}
        current = loc.parent
        while current is not None and current in parents:
            if current in seen:
                yield Problem(f"$.locations[{i}].parent", f"the parents of {loc.id!r} form a cycle")
                break
            seen.add(current)
            current = parents[current]


__all__ = ["DocumentInvalid", "Problem", "check_consistency", "decode_document", "parse_article", "validate_article"]
