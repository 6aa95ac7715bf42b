"""Query parameters of corpus-wide lists: each one known, each value checked, or a 400 that says why.

The allowed values of `kind` and `type` come from the model's vocabularies, so a filter can never
drift from what documents may contain.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, get_args, get_origin

import msgspec

from schemas import is_id
from schemas.v1.actors import ActorKind, RelationType
from schemas.v1.events import EventType, SubEventType
from schemas.v1.locations import LocationKind
from service import search
from service.http.errors import ProblemError, ProblemItem, problem
from service.store import INTERVALS, Filters
from service.tables.fields import Fields, FieldsError, choose

DEFAULT_LIMIT = 100
MAX_LIMIT = 1_000
COUNTRY = re.compile(r"^[A-Za-z]{2}$")


def _values(literal: Any) -> tuple[str, ...]:
    """The strings a Literal (possibly inside Annotated) allows."""
    while get_origin(literal) is not None and not isinstance(get_args(literal)[0], str):
        literal = get_args(literal)[0]
    return tuple(get_args(literal))


@dataclass(frozen=True, slots=True)
class Param:
    field: str
    """The Filters field it sets."""
    parse: str
    """id | text | country | date | datetime | one_of"""
    choices: tuple[str, ...] = ()
    description: str = ""
    example: str | None = None
    """A value the API documentation shows."""


ARTICLE = Param("article", "id", description="Only the records of this article (its id).")
UPDATED = Param(
    "updated_since", "datetime", description="Only records of articles stored at or after this ISO 8601 instant."
)
ACTOR = Param("actor", "text", description="An actor's id, name or alias (any case); events and relations it is in.")
LOCATION = Param("location", "text", description="A place's id, name or alias: it and every place inside it.")
COUNTRY_PARAM = Param("country", "country", description="An ISO 3166-1 alpha-2 code.")
Q = Param(
    "q",
    "search",
    description=(
        'Full-text search: every word (`aleppo rebels`), a phrase (`"free syrian army"`), either (`isis OR daesh`),'
        f" not (`-regime`), a prefix (`kurd*`); at most {search.MAX_QUERY} characters. Each hit says where its words"
        " are in the article (`highlights`, `snippet`)."
    ),
    example='aleppo "free syrian army" -regime',
)
SORT = Param(
    "sort",
    "one_of",
    ("relevance", "id"),
    "`relevance` (the default: with `q`, the best matches first) or `id` (article id, then item id). Without `q`"
    " every item is as relevant as the next, so both are the order of ids.",
    example="relevance",
)
SEARCH = {"q": Q, "sort": SORT}
"""Full-text search, which every corpus list and the list of articles take."""

PARAMS: dict[str, dict[str, Param]] = {
    "actors": {
        "article": ARTICLE,
        "kind": Param("kind", "one_of", _values(ActorKind), "The actor's kind."),
        "actor": ACTOR,
        "updated_since": UPDATED,
        **SEARCH,
    },
    "locations": {
        "article": ARTICLE,
        "kind": Param("kind", "one_of", _values(LocationKind), "The place's kind."),
        "location": LOCATION,
        "country": COUNTRY_PARAM,
        "updated_since": UPDATED,
        **SEARCH,
    },
    "events": {
        "article": ARTICLE,
        "type": Param("kind", "one_of", _values(EventType), "ACLED event type."),
        "sub_type": Param("sub_kind", "one_of", _values(SubEventType), "ACLED sub-event type."),
        "actor": ACTOR,
        "location": LOCATION,
        "country": COUNTRY_PARAM,
        "date_from": Param("date_from", "date", description="Events whose date range ends on or after this day."),
        "date_to": Param("date_to", "date", description="Events whose date range starts on or before this day."),
        "updated_since": UPDATED,
        **SEARCH,
    },
    "relations": {
        "article": ARTICLE,
        "type": Param("kind", "one_of", _values(RelationType), "The relation's type."),
        "actor": ACTOR,
        "updated_since": UPDATED,
        **SEARCH,
    },
}
"""Each collection's filters, by query parameter name."""

PACKAGE: dict[str, Param] = {"article": ARTICLE, "updated_since": UPDATED}
"""The corpus Data Package's filters: those every table can honour (the others select items, which would break
the references between tables)."""

PAGING = ("limit", "cursor")
DIALECTS = ("excel",)
"""CSV variants: `excel` adds a BOM and defuses cells a spreadsheet would run as formulas."""
SINCE = Param("since", "datetime", description="Deletions at or after this ISO 8601 instant.")


FACETS: dict[str, dict[str, str]] = {
    "actors": {"kind": "kind"},
    "locations": {"kind": "kind"},
    "events": {"event_type": "kind", "sub_event_type": "sub_kind", "date": "date"},
    "relations": {"type": "kind"},
}
"""The fields each collection can be counted by (GET /v1/{collection}/facets), as the documents name them, and
the item column each is (service.store.FACET_FIELDS)."""
DEFAULT_TOP = 10
MAX_TOP = 100
INTERVAL = Param(
    "interval",
    "one_of",
    INTERVALS,
    "`facet=date` only: the bucket of an event's start date, `day` (the default), `week` (from Monday), `month`"
    " or `year`.",
    example="month",
)


@dataclass(frozen=True, slots=True)
class FacetQuery:
    """What a request for counts asks: the field (as documents name it), its item column, how many values."""

    name: str
    field: str
    top: int
    interval: str | None = None


def bad(detail: str, parameter: str) -> ProblemError:
    return problem("invalid-query", detail, errors=[ProblemItem(parameter, detail)])


def parse_value(param: Param, name: str, raw: str) -> Any:
    """The value of one parameter, or a 400 problem naming it."""
    if param.parse == "id":
        if not is_id(raw):
            raise bad(f"{name}={raw!r} is not an id (lower-case letters, digits and hyphens)", name)
        return raw
    if param.parse == "text":
        if not raw.strip() or len(raw) > 1_000:
            raise bad(f"{name} must be 1 to 1000 characters", name)
        if "\x00" in raw:  # no stored text holds one, and PostgreSQL refuses it in a query
            raise bad(f"{name} must not contain a NUL character", name)
        return raw
    if param.parse == "country":
        if not COUNTRY.fullmatch(raw):
            raise bad(f"{name}={raw!r} is not an ISO 3166-1 alpha-2 code", name)
        return raw.upper()
    if param.parse == "date":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise bad(f"{name}={raw!r} is not a date (YYYY-MM-DD)", name) from None
    if param.parse == "datetime":
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError:
            raise bad(f"{name}={raw!r} is not an ISO 8601 date-time", name) from None
        if value.tzinfo is None:
            raise bad(f"{name}={raw!r} has no time zone (add Z or an offset)", name)
        utc = _in_utc(value)
        if utc is None:
            raise bad(f"{name}={raw!r} is out of range once in UTC", name)
        return utc
    if param.parse == "search":
        try:
            return search.parse(raw)
        except search.QueryError as error:
            raise bad(f"{name}: {error}", name) from None
    if raw not in param.choices:
        raise bad(f"{name}={raw!r} is not one of: {', '.join(param.choices)}", name)
    return raw


def _in_utc(value: dt.datetime) -> dt.datetime | None:
    """The instant in UTC; None at the calendar's edges (0001-01-01T00:00+01:00 has no UTC date-time to compare)."""
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        return None


def single(query: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = query.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise bad(f"{name} is given {len(values)} times; give it once", name)
    return values[0]


def check_known(query: Mapping[str, Sequence[str]], known: Sequence[str]) -> None:
    unknown = sorted(set(query) - set(known))
    if unknown:
        raise bad(f"unknown query parameter(s): {', '.join(unknown)}; allowed: {', '.join(known)}", unknown[0])


def dialect(query: Mapping[str, Sequence[str]], allowed: Sequence[str] = ()) -> str | None:
    """The `dialect` parameter (CSV only), after checking that no other unknown parameter came with it."""
    check_known(query, [*allowed, "dialect"])
    raw = single(query, "dialect")
    if raw is not None and raw not in DIALECTS:
        raise bad(f"dialect={raw!r} is not one of: {', '.join(DIALECTS)}", "dialect")
    return raw


def filters(collection: str, query: Mapping[str, Sequence[str]]) -> Filters:
    """A corpus collection's filters, each parameter known and checked (400 otherwise)."""
    return _filters(PARAMS[collection], query, (*PAGING, "dialect", "fields"))


def package_filters(query: Mapping[str, Sequence[str]]) -> Filters:
    """The corpus Data Package's filters, checked as the collections' are (it is not paged)."""
    return _filters(PACKAGE, query, ())


def _filters(params: Mapping[str, Param], query: Mapping[str, Sequence[str]], also: Sequence[str]) -> Filters:
    check_known(query, [*params, *also])
    values: dict[str, Any] = {}
    for name, param in params.items():
        raw = single(query, name)
        if raw is not None:
            values[param.field] = parse_value(param, name, raw)
    if values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
        raise bad("date_from is after date_to", "date_from")
    return Filters(**values)


def facet_query(collection: str, query: Mapping[str, Sequence[str]]) -> tuple[Filters, FacetQuery]:
    """A request for counts: the collection's filters, and `facet`, `top` and (for a date) `interval`."""
    wanted = _filters(PARAMS[collection], query, ("facet", "top", "interval"))
    fields = FACETS[collection]
    name = single(query, "facet")
    if name is None:
        raise bad(f"facet is required: one of {', '.join(fields)}", "facet")
    if name not in fields:
        raise bad(f"facet={name!r} is not a facet of {collection}; they are: {', '.join(fields)}", "facet")
    interval = single(query, "interval")
    if interval is not None and fields[name] != "date":
        raise bad("interval is for facet=date only", "interval")
    if interval is not None:
        parse_value(INTERVAL, "interval", interval)
    elif fields[name] == "date":
        interval = "day"
    top = single(query, "top")
    if top is not None and (not (top.isascii() and top.isdigit()) or not 1 <= int(top) <= MAX_TOP):
        raise bad(f"top={top!r} must be a whole number from 1 to {MAX_TOP}", "top")
    return wanted, FacetQuery(name, fields[name], DEFAULT_TOP if top is None else int(top), interval)


def searched(query: Mapping[str, Sequence[str]]) -> Filters:
    """The list of articles' parameters: a full-text search (`q`, `sort`), or none."""
    return _filters(SEARCH, query, (*PAGING, "dialect"))


def limit(query: Mapping[str, Sequence[str]]) -> int:
    raw = single(query, "limit")
    if raw is None:
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_LIMIT:  # '²'.isdigit(), yet int('²') fails
        raise bad(f"limit={raw!r} must be a whole number from 1 to {MAX_LIMIT}", "limit")
    return int(raw)


def encode_cursor(*position: str) -> str:
    """An opaque position: the last (article_id, id) of a page, for a keyset that never skips or repeats (in
    order of relevance, the rank first: `repr`, which reads back as the same float)."""
    return base64.urlsafe_b64encode(msgspec.json.encode(list(position))).decode().rstrip("=")


def decode_cursor(query: Mapping[str, Sequence[str]], size: int) -> tuple[str, ...] | None:
    raw = single(query, "cursor")
    if raw is None:
        return None
    try:
        position = msgspec.json.decode(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)), type=list[str])
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise bad("cursor is not one this service issued; start again without it", "cursor") from None
    if len(position) != size or not all(map(_is_position, position)):
        raise bad("cursor is not one this service issued; start again without it", "cursor")
    return tuple(position)


def ranked_cursor(query: Mapping[str, Sequence[str]], size: int) -> tuple[Any, ...] | None:
    """The cursor of a page of hits in order of relevance: (rank, article id[, item id])."""
    raw = single(query, "cursor")
    if raw is None:
        return None
    try:
        rank, *position = msgspec.json.decode(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)), type=list[str])
        value = float(rank)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise bad("cursor is not one this service issued; start again without it", "cursor") from None
    if len(position) != size - 1 or not math.isfinite(value) or not all(map(is_id, position)):
        raise bad("cursor is not one this service issued; start again without it", "cursor")
    return (value, *position)


def deletion_cursor(query: Mapping[str, Sequence[str]]) -> tuple[str, ...] | None:
    """The cursor of /v1/deletions: (the instant of a deletion, an article id)."""
    position = decode_cursor(query, 2)
    if position is not None and (is_id(position[0]) or not is_id(position[1])):
        raise bad("cursor is not one this service issued; start again without it", "cursor")
    return position


def _is_position(part: str) -> bool:
    """What the cursors this service issues hold: ids, and the instant of a deletion."""
    if is_id(part):
        return True
    try:
        instant = dt.datetime.fromisoformat(part)
    except ValueError:
        return False
    return instant.tzinfo is not None and _in_utc(instant) is not None


def fields(collection: str, query: Mapping[str, Sequence[str]]) -> Fields | None:
    """The `fields` of a corpus collection's items to serve (`id,date.start`), each one of its own; None for all."""
    raw = single(query, "fields")
    if raw is None:
        return None
    try:
        return choose(collection, raw)
    except FieldsError as error:
        raise bad(str(error), "fields") from None
