"""A draft reviewed by a person: the text pasted to draft from, then the proposals kept, their kinds changed and a
place's candidate chosen, as the document `POST /v1/articles` is sent.

On the model alone (no HTTP, no store): the paste form is read into a `DraftRequest`, the review page's form into a
`Review`, and `reviewed` applies it to the draft. Facts left out take their references with them, so what is kept
stays a valid article: an event loses the participants and places not kept, a place whose parent was left out is
put in the next place up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, get_args, get_origin

import msgspec
from msgspec import inspect as mi

from schemas import SUB_EVENT_TYPES, DocumentInvalid, validate_input
from schemas.v1.actors import ActorKind, RelationType
from schemas.v1.drafts import Draft, DraftRequest
from schemas.v1.locations import LocationKind

TICKED_FROM = 0.7
"""A proposal at least this sure is ticked (kept) when the page opens; the others wait for a person to tick them."""

DRAFT, TOKEN, ARTICLE_ID, KEPT = "draft", "token", "id", "kept"
"""The review form's fields: the draft as JSON, the write token, the article's id, the paths of the kept proposals."""

TYPE_SEPARATOR = "|"
"""Between an event's type and sub-type in the value of its select (neither name holds it)."""


def _values(vocabulary: Any) -> tuple[str, ...]:
    while get_origin(vocabulary) is Annotated:
        vocabulary = get_args(vocabulary)[0]
    return get_args(vocabulary)


VOCABULARIES: dict[str, tuple[str, ...]] = {
    "actors": _values(ActorKind),
    "locations": _values(LocationKind),
    "events": tuple(f"{kind}{TYPE_SEPARATOR}{sub}" for kind, subs in SUB_EVENT_TYPES.items() for sub in subs),
    "relations": _values(RelationType),
}
"""What a fact of each collection may be instead: the model's kinds, ACLED's type and sub-type pairs, relation
types; each is the value of its select on the page."""


def kind_field(path: str) -> str:
    """The name of the select that changes the kind (or type) of the fact at `path`."""
    return f"kind {path}"


def alternative_field(path: str) -> str:
    """The name of the radio buttons that choose among a proposal's alternatives ('' keeps it as proposed)."""
    return f"alternative {path}"


def kind_of(collection: str, item: Mapping[str, Any]) -> str:
    """The value the kind select of an item shows (an event's is its type and sub-type)."""
    if collection == "events":
        return f"{item['event_type']}{TYPE_SEPARATOR}{item['sub_event_type']}"
    return str(item["type" if collection == "relations" else "kind"])


def _set_kind(collection: str, item: dict[str, Any], value: str) -> None:
    if collection == "events":
        item["event_type"], _, item["sub_event_type"] = value.partition(TYPE_SEPARATOR)
    else:
        item["type" if collection == "relations" else "kind"] = value


_STEP = re.compile(r"\.([a-z_]+)(?:\[([0-9]+)\])?")


def steps(path: str) -> list[str | int]:
    """A proposal's JSON path as keys and indices: '$.locations[3].parent' → ['locations', 3, 'parent']."""
    found: list[str | int] = []
    for name, index in _STEP.findall(path.removeprefix("$")):
        found.append(name)
        if index:
            found.append(int(index))
    return found


def item_of(path: str) -> tuple[str, int] | None:
    """The collection and position of the item a path is in ('$.events[2].date' → ('events', 2)), if any."""
    found = steps(path)
    if len(found) >= 2 and found[0] in VOCABULARIES and isinstance(found[1], int):
        return str(found[0]), found[1]
    return None


@dataclass(frozen=True, slots=True)
class Review:
    """What a person chose on the review page, each choice by the path of the proposal it is about."""

    kept: frozenset[str] = frozenset()
    kinds: Mapping[str, str] = field(default_factory=dict)
    """A new kind (or type) for an item: applied only where it differs from the draft's."""
    alternatives: Mapping[str, int] = field(default_factory=dict)
    """The alternative chosen instead of what was proposed, by its position."""
    article_id: str | None = None

    @classmethod
    def proposed(cls, draft: Draft) -> Review:
        """What the page shows before anyone changes it: every proposal sure enough ticked, nothing else chosen."""
        return cls(kept=frozenset(p.path for p in draft.proposals if p.confidence >= TICKED_FROM))

    @classmethod
    def from_form(cls, form: Mapping[str, Sequence[str]], draft: Draft) -> Review:
        """The review form as sent (each field's values); fields about no proposal of the draft are ignored."""
        paths = {p.path: p for p in draft.proposals}
        alternatives: dict[str, int] = {}
        for path, proposal in paths.items():
            chosen = _last(form, alternative_field(path))
            if chosen.isdigit() and int(chosen) < len(proposal.alternatives):
                alternatives[path] = int(chosen)
        return cls(
            kept=frozenset(form.get(KEPT, ())).intersection(paths),
            kinds={path: value for path in paths if (value := _last(form, kind_field(path)))},
            alternatives=alternatives,
            article_id=_last(form, ARTICLE_ID).strip() or None,
        )


def _last(form: Mapping[str, Sequence[str]], name: str) -> str:
    values = form.get(name) or ("",)
    return values[-1]


AGAIN = "draft the text again"


def carried(form: Mapping[str, Sequence[str]]) -> Draft:
    """The draft the review form carries back, checked in full as the page made it: a draft's article is one the
    service accepts as it is, so one that is not (a client may send back anything) is refused, 400 or 422."""
    try:
        draft = msgspec.json.decode(_last(form, DRAFT), type=Draft)
    except msgspec.DecodeError:  # (ValidationError too, a subclass)
        raise Refused(400, {"form": f"The form did not carry back a draft this page made: {AGAIN}."}) from None
    try:
        validate_input(msgspec.to_builtins(draft.article))
    except DocumentInvalid as invalid:
        said = "; ".join(str(p) for p in invalid.problems)
        raise Refused(
            422, {"form": f"The draft sent back is not an article the service takes ({said}): {AGAIN}."}
        ) from None
    return draft


@dataclass(frozen=True, slots=True)
class Reviewed:
    """The document to store, and where each of its items was in the draft (items left out shift the rest)."""

    document: dict[str, Any]
    origins: Mapping[str, str]
    """'$.locations[2]' of the document → '$.locations[3]' of the draft."""

    def draft_path(self, path: str) -> str:
        """A path into the document (a 422's problem) as the path of the same place in the draft."""
        where = item_of(path)
        if where is None:
            return path
        collection, index = where
        prefix = f"$.{collection}[{index}]"
        return self.origins.get(prefix, prefix) + path.removeprefix(prefix)


def reviewed(draft: Draft, review: Review) -> Reviewed:
    """The draft's article with the review applied: the proposals not kept left out with every reference to them,
    the alternatives chosen and the kinds changed. The result is JSON-like data, still to be validated as any
    document sent to the service is."""
    document: dict[str, Any] = msgspec.to_builtins(draft.article)
    for proposal in draft.proposals:
        target = value_at(document, proposal.path)
        if not isinstance(target, dict):
            continue
        where = item_of(proposal.path)
        was = kind_of(where[0], target) if where and len(steps(proposal.path)) == 2 else None
        chosen = review.alternatives.get(proposal.path)
        if chosen is not None and 0 <= chosen < len(proposal.alternatives):
            target.update(proposal.alternatives[chosen].value)
        kind = review.kinds.get(proposal.path)
        if where and was is not None and kind is not None and kind != was:
            _set_kind(where[0], target, kind)
    original = {name: list(document.get(name, ())) for name in VOCABULARIES}
    removed = _remove(document, [p.path for p in draft.proposals if p.path not in review.kept])
    _drop_references(document, removed, original)
    if review.article_id:
        document["id"] = review.article_id
    origins = {
        f"$.{name}[{new}]": f"$.{name}[{old}]"
        for name, items in original.items()
        for new, old in enumerate(_positions(items, document.get(name, ())))
    }
    return Reviewed(document, origins)


def _positions(before: Sequence[Any], after: Sequence[Any]) -> Iterator[int]:
    """Where each item that is left was in the list before (the items are the same objects)."""
    at = {id(item): index for index, item in enumerate(before)}
    return (at[id(item)] for item in after)


def value_at(document: Any, path: str) -> Any:
    """What the path names in JSON-like data, or None."""
    value = document
    for step in steps(path):
        found = isinstance(value, list) and isinstance(step, int) and step < len(value)
        if not (found or (isinstance(value, dict) and step in value)):
            return None
        value = value[step]
    return value


def _remove(document: dict[str, Any], paths: Sequence[str]) -> dict[str, set[str]]:
    """Leave out what each path names (an item of a list, or a field, which then takes its default); returns the
    ids of the items left out of the article's collections. Every path is found before anything moves."""
    found: list[tuple[Any, str | int]] = []
    for path in paths:
        where = steps(path)
        if where and (parent := value_at(document, _path(where[:-1]))) is not None:
            key = where[-1]
            if (isinstance(parent, list) and isinstance(key, int) and key < len(parent)) or (
                isinstance(parent, dict) and key in parent
            ):
                found.append((parent, key))
    removed: dict[str, set[str]] = {name: set() for name in VOCABULARIES}
    for name, items in ((n, document.get(n)) for n in VOCABULARIES):
        for parent, key in found:
            if parent is items and isinstance(key, int):
                removed[name].add(items[key]["id"])
    for parent, key in found:
        if isinstance(parent, list):
            parent[int(key)] = _GONE
        else:
            parent.pop(key, None)
    _sweep(document)
    return removed


_GONE = object()
"""Put where a list item is left out, so that the other paths into the list still find theirs; swept at the end."""


def _sweep(value: Any) -> None:
    if isinstance(value, dict):
        for child in value.values():
            _sweep(child)
    elif isinstance(value, list):
        value[:] = [child for child in value if child is not _GONE]
        for child in value:
            _sweep(child)


def _path(where: Sequence[str | int]) -> str:
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in where)


def _drop_references(
    document: dict[str, Any], removed: dict[str, set[str]], original: Mapping[str, Sequence[dict[str, Any]]]
) -> None:
    """Every reference to an item left out goes: a relation needs both its actors, so it goes with either; a place
    or event that was part of one left out is part of the next one up that is kept (`original`: the collections
    before anything was left out)."""
    actors, places, events = removed["actors"], removed["locations"], removed["events"]
    relations = document.get("relations", [])
    document["relations"] = [r for r in relations if r["subject"] not in actors and r["object"] not in actors]
    if document.get("publisher") in actors:
        document["publisher"] = None
    document["authors"] = [a for a in document.get("authors", []) if a not in actors]
    _reparent(document.get("locations", []), "parent", places, original["locations"])
    _reparent(document.get("events", []), "part_of", events, original["events"])
    for event in document.get("events", []):
        event["participants"] = [p for p in event.get("participants", []) if p["actor"] not in actors]
        event["locations"] = [place for place in event.get("locations", []) if place not in places]
    for item in (*document.get("events", []), *document["relations"]):
        for attribution in item.get("attribution", []):
            if attribution.get("source") in actors:
                attribution["source"] = None


def _reparent(items: list[dict[str, Any]], key: str, removed: set[str], original: Sequence[dict[str, Any]]) -> None:
    """Each item whose `key` (parent, part_of) names one left out gets the nearest one up that is kept, or none."""
    up = {item["id"]: item.get(key) for item in original}
    for item in items:
        seen: set[str] = set()
        above = item.get(key)
        while above in removed and above not in seen:
            seen.add(above)
            above = up.get(above)
        item[key] = None if above in removed else above


class Refused(ValueError):
    """The paste form cannot be drafted from: the HTTP status, and each problem in words by the field it is in."""

    def __init__(self, status: int, problems: Mapping[str, str]):
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems.items()))
        self.status, self.problems = status, dict(problems)

    @classmethod
    def undrafted(cls, invalid: DocumentInvalid) -> Refused:
        """The engine's refusal (422), each problem beside the field of the form it is about."""
        fields = {"$.headline": "headline", "$.body": "text"}
        problems: dict[str, list[str]] = {}
        for problem in invalid.problems:
            field = fields.get(problem.path, "form")
            problems.setdefault(field, []).append(problem.message if field != "form" else str(problem))
        said = {name: "; ".join(messages) for name, messages in problems.items()}
        if "form" in said:
            said["form"] = f"The text could not be drafted: {said['form']}."
        return cls(422, said)


def _max_length(struct: type[msgspec.Struct], name: str) -> int:
    info = next(f.type for f in mi.type_info(struct).fields if f.name == name)  # type: ignore[attr-defined]
    while isinstance(info, mi.Metadata):
        info = info.type
    assert isinstance(info, mi.StrType) and info.max_length is not None
    return info.max_length


LONGEST_TEXT = _max_length(DraftRequest, "body")
"""The most characters a text (or a headline) may have to be drafted from: the model's limit of a body."""
assert _max_length(DraftRequest, "headline") == LONGEST_TEXT

HINTS = {
    "headline": "Give the article's headline.",
    "text": "Paste the article's text.",
    "language": "Give the language as a BCP 47 tag, such as en or ar.",
    "url": "Give the article's address as an absolute http(s) URL, or leave it empty.",
    "date_published": "Give the date as ISO 8601 with its time zone, such as 2014-01-06T09:30:00Z, or leave it empty.",
}
"""What each field of the paste form wants, said where its value cannot be used."""


@dataclass(frozen=True, slots=True)
class Pasted:
    """The paste form as typed, each field named as its control is: shown again, as it was, beside its problems."""

    headline: str = ""
    text: str = ""
    language: str = "en"
    url: str = ""
    date_published: str = ""

    @classmethod
    def from_form(cls, form: Mapping[str, Sequence[str]]) -> Pasted:
        typed = {name: _last(form, name) for name in HINTS if name in form}
        if "text" in typed:  # a browser sends a text area's lines ended by CR LF
            typed["text"] = typed["text"].replace("\r\n", "\n").replace("\r", "\n")
        return cls(**typed)

    def request(self) -> DraftRequest:
        """What to draft from; raises Refused (413 for a text too long, 422 for anything else)."""
        problems = {name: f"{_name(name)} holds a NUL character (U+0000): no text needs one." for name in HINTS}
        problems = {name: message for name, message in problems.items() if "\x00" in getattr(self, name)}
        for name in ("headline", "text"):
            if name not in problems and not getattr(self, name).strip():
                problems[name] = f"{_name(name)} is empty. {HINTS[name]}"
        too_long = {name: len(getattr(self, name)) for name in ("headline", "text")}
        too_long = {name: length for name, length in too_long.items() if length > LONGEST_TEXT}
        if too_long:
            for name, length in too_long.items():
                problems[name] = f"{_name(name)} is {length:,} characters long; a draft takes {LONGEST_TEXT:,} at most."
            raise Refused(413, problems)
        if problems:
            raise Refused(422, problems)
        given: dict[str, str | None] = {
            "headline": self.headline.strip(),
            "body": self.text.strip(),
            "language": self.language.strip() or "en",
            "url": self.url.strip() or None,
            "date_published": self.date_published.strip() or None,
        }
        while True:  # msgspec names one field at a time: each is said, then set aside to look at the rest
            try:
                drafted = msgspec.convert(given, DraftRequest)
            except msgspec.ValidationError as error:
                key = str(error).rpartition("`$.")[2].rstrip("`")
                if key not in ("language", "url", "date_published") or key in problems:
                    raise
                problems[key] = HINTS[key]
                given[key] = "en" if key == "language" else None
                continue
            if problems:
                raise Refused(422, problems)
            return drafted


def _name(field: str) -> str:
    return {"text": "The text", "headline": "The headline"}.get(field, f"The {field.replace('_', ' ')}")
