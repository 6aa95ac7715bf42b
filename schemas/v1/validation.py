"""Strict input for v1: unknown fields, types, references and evidence, every error with its JSON path.

The Structs themselves are tolerant readers; this module is the gate a document passes before it is stored, and it
reports every problem it finds, not just the first. It asks twice: a document is first read in msgspec's compiled
path (the keys each object may have, then the Article) and checked by one pass that stops at the first broken rule
and builds nothing (`checked`). Nearly every document passes; only one that does not is read again, slowly, for every
problem and its path (`validate_reporting`), so a valid document never pays for them.
"""

from __future__ import annotations

import operator
import re
import typing
from collections.abc import Callable, Iterator
from functools import cache, reduce
from types import NoneType, UnionType
from typing import Annotated, Any

import msgspec
from msgspec import inspect as mi

from schemas.v1.article import Article, text_of
from schemas.v1.events import SUB_EVENT_TYPES, DateRange
from schemas.v1.evidence import TEXT_FIELDS, Attribution, Evidence
from schemas.v1.locations import Location

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
    raw = decode_document(data)
    article = checked(raw, data)
    return validate_reporting(raw) if article is None else article


def validate_article(raw: Any) -> Article:
    """Check builtin data (as decoded from JSON) against v1 and return the Article."""
    article = checked(raw)
    return validate_reporting(raw) if article is None else article


def validate_reporting(raw: Any) -> Article:
    """`validate_article` the slow way, for a document the fast path did not pass: every unknown field and NUL
    character, or else the first type error, or else every rule across fields broken, each at its JSON path. (The
    Article, where it turns out valid: a string ending in a line feed where no pattern applies.)"""
    if not isinstance(raw, dict):
        raise DocumentInvalid([Problem("$", f"expected a JSON object, got {_json_kind(raw)}")])
    problems = [*_unknown_fields(raw), *_nul_characters(raw)]
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


def _keys_type(hint: Any) -> Any:
    """What `_keys` holds for a field of this type: a Struct's keys, in lists and unions too; any value else."""
    origin = typing.get_origin(hint)
    if origin is Annotated:
        return _keys_type(typing.get_args(hint)[0])
    if origin is list:
        item = _keys_type(typing.get_args(hint)[0])
        return Any if item is Any else list[item]  # type: ignore[valid-type]
    if origin is typing.Union or origin is UnionType:
        options = [_keys_type(option) for option in typing.get_args(hint) if option is not NoneType]
        if Any not in options:
            return reduce(operator.or_, options)
        if options != [Any] * len(options):
            raise TypeError(f"{hint}: a union of a Struct and other values, whose keys would go unchecked")
        return Any
    if isinstance(hint, type) and issubclass(hint, msgspec.Struct):
        return _keys(hint) | None
    return Any


@cache
def _keys(struct: type[msgspec.Struct]) -> type[msgspec.Struct]:
    """The keys a Struct's JSON object may have, and only those (closed to unknown fields): what the tolerant Struct
    cannot refuse, read in msgspec's compiled path. Every field is optional and takes any value, but those holding
    Structs, which hold their keys: what is required, and of which type, is the Struct's to check."""
    fields = [
        (info.name, _keys_type(info.type), msgspec.field(default=None, name=info.encode_name))
        for info in msgspec.structs.fields(struct)
    ]
    return msgspec.defstruct(f"{struct.__name__}Keys", fields, forbid_unknown_fields=True, gc=False, module=__name__)


_ARTICLE_KEYS = _keys(Article)
_SUSPECT = re.compile(rb'\\u0000|\\(?:n|u000[aA])"')
"""In JSON text, where a string holds U+0000 (`_nul_characters`) or ends in a line feed (`_line_feed_at_end`): JSON can
write either only with an escape. (A backslash escaped before `n"` is found too: such a document is read slowly.)"""
_SUSPECT_TEXT = re.compile(_SUSPECT.pattern.decode())


def checked(raw: Any, text: bytes | str | None = None) -> Article | None:
    """The Article of builtin data (as decoded from JSON) that are valid as they are: read in msgspec's compiled
    path, their keys and then the Article, and checked by one pass of ours that builds nothing; None for any other
    (`validate_reporting` says what is wrong, if anything). `text`, the JSON text they were decoded from, is where
    strings holding NUL or ending in a line feed are looked for (else the data are encoded again for it)."""
    try:
        msgspec.convert(raw, _ARTICLE_KEYS, strict=True)
        article = msgspec.convert(raw, Article, strict=True)
        if text is None:
            text = _encoder.encode(raw)
    except (msgspec.ValidationError, msgspec.EncodeError, TypeError, RecursionError):
        return None
    suspect = _SUSPECT_TEXT.search(text) if isinstance(text, str) else _SUSPECT.search(text)
    return article if suspect is None and consistent(article) else None


def _json_kind(value: Any) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")


def _problem_from_msgspec(message: str) -> Problem:
    text, sep, path = message.rpartition(" - at `")
    if sep:
        return Problem(path.rstrip("`"), text)
    return Problem("$", message)


Walker = Callable[[Any, str], Iterator[Problem]]


def _line_feed_at_end(pattern: str) -> Walker:
    """Python's `$` also matches before a final line feed, which JSON Schema's (ECMA-262) `$` does not: so msgspec
    would take 'isis\\n' for an id. No pattern of the model allows a line feed, so one at the end is refused."""

    def report(value: Any, path: str) -> Iterator[Problem]:
        if isinstance(value, str) and value.endswith("\n"):
            yield Problem(path, f"Expected `str` matching regex {pattern!r}")

    return report


def _compile(info: mi.Type) -> Walker | None:
    """What reports the unknown keys (and patterned strings ending in a line feed) in values of this type, each at
    its path; None where nothing can hide."""
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
                    yield from item(element, f"{path}[{index}]")

        return each
    if isinstance(info, mi.StructType):
        children: dict[str, Walker | None] = {f.encode_name: _compile(f.type) for f in info.fields}

        def struct(value: Any, path: str) -> Iterator[Problem]:
            if not isinstance(value, dict):
                return
            for key, element in value.items():
                if key not in children:
                    yield Problem(f"{path}.{key}", "unknown field")
                elif (child := children[key]) is not None:
                    yield from child(element, f"{path}.{key}")

        return struct
    return None


@cache
def _article_walker() -> Walker:
    walker = _compile(mi.type_info(Article))
    assert walker is not None
    return walker


def _unknown_fields(raw: Any) -> Iterator[Problem]:
    """Each object key the model does not define (the tolerant Structs would silently drop it), and each patterned
    string ending in a line feed."""
    return _article_walker()(raw, "$")


def _nul_characters(raw: Any) -> Iterator[Problem]:
    """Each string (or key) holding U+0000: JSON allows it, PostgreSQL's JSONB cannot store it, no text needs it.

    Encoded, a NUL can only be `\\u0000`: where that is absent, nothing is walked."""
    try:
        if b"\\u0000" not in _encoder.encode(raw):
            return
    except RecursionError:  # (walked instead)
        pass
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


def consistent(article: Article) -> bool:
    """Whether `check_consistency` finds nothing: the same rules, asked in one pass that stops at the first broken
    one and builds no path, no problem and no slice of the text."""
    texts = _text_fields(article)
    actors, locations, events, relations = article.actors, article.locations, article.events, article.relations
    actor_ids = {actor.id for actor in actors}
    location_ids = {location.id for location in locations}
    event_ids = {event.id for event in events}
    if len(actor_ids) < len(actors) or len(location_ids) < len(locations) or len(event_ids) < len(events):
        return False
    if len({relation.id for relation in relations}) < len(relations):
        return False
    if article.date_published and article.date_modified and article.date_modified < article.date_published:
        return False
    if article.date_inferred and not _date_range_holds(article.date_inferred):
        return False
    if article.publisher is not None and article.publisher not in actor_ids:
        return False
    if not actor_ids.issuperset(article.authors):
        return False
    body = article.body
    for section in article.sections:
        start, end, text = section.start, section.end, section.text
        if not (start < end <= len(body) and end - start == len(text) and body.startswith(text, start)):
            return False

    for actor in actors:
        if not _spans_hold(actor.evidence, texts):
            return False
    for location in locations:
        if location.parent is not None and location.parent not in location_ids:
            return False
        if not _spans_hold(location.evidence, texts):
            return False
    if _has_parent_cycle(locations):
        return False

    for event in events:
        if event.sub_event_type not in SUB_EVENT_TYPES[event.event_type]:
            return False
        if event.date and not _date_range_holds(event.date):
            return False
        for participant in event.participants:
            if participant.actor not in actor_ids:
                return False
        if not location_ids.issuperset(event.locations):
            return False
        if event.part_of is not None and (event.part_of == event.id or event.part_of not in event_ids):
            return False
        low, best, high = event.fatalities.low, event.fatalities.best, event.fatalities.high
        if (
            (low is not None and best is not None and low > best)
            or (best is not None and high is not None and best > high)
            or (low is not None and high is not None and low > high)
        ):
            return False
        if not (_sources_known(event.attribution, actor_ids) and _spans_hold(event.evidence, texts)):
            return False

    for relation in relations:
        if relation.subject not in actor_ids or relation.object not in actor_ids or relation.subject == relation.object:
            return False
        if not (_sources_known(relation.attribution, actor_ids) and _spans_hold(relation.evidence, texts)):
            return False
    return True


def _spans_hold(evidence: list[Evidence], texts: dict[str, str | None]) -> bool:
    """Whether each span is its quote: `text[start:end] == quote`, asked without the slice."""
    for span in evidence:
        text = texts.get(span.field)
        start, end, quote = span.start, span.end, span.quote
        if (
            text is None
            or not start < end <= len(text)
            or end - start != len(quote)
            or not text.startswith(quote, start)
        ):
            return False
    return True


def _sources_known(attribution: list[Attribution], actor_ids: set[str]) -> bool:
    for said in attribution:
        source = said.source
        if source is not None and source not in actor_ids:
            return False
    return True


def _date_range_holds(date: DateRange) -> bool:
    return not (date.start and date.end and date.start > date.end) and not (
        date.basis == "inferred" and not date.inferred_from
    )


def _has_parent_cycle(locations: list[Location]) -> bool:
    """Whether some place's parents lead back to a place already passed (their ids unique): a path up from a place
    passes each of the others at most once, so one longer than that goes round."""
    parents = {location.id: location.parent for location in locations}
    for location in locations:
        current, steps = location.parent, 0
        while current is not None and current in parents:
            steps += 1
            if steps >= len(parents):
                return True
            current = parents[current]
    return False


__all__ = [
    "DocumentInvalid",
    "Problem",
    "check_consistency",
    "checked",
    "consistent",
    "decode_document",
    "parse_article",
    "validate_article",
    "validate_reporting",
]
