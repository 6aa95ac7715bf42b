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
NUMBER = r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?"
"""A coordinate or a distance: a decimal number, maybe with an exponent (no blanks, no inf or nan)."""
MAX_KM = 20_038
"""Half the Earth's circumference: every point is this near any other."""


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
    """id | text | country | date | datetime | bbox | near | search | one_of"""
    choices: tuple[str, ...] = ()
    description: str = ""
    example: str | None = None
    """A value the API documentation shows."""


ARTICLE = Param(
    "article",
    "id",
    description="Only the records of this article (its id).",
    example="isis-under-attack-northern-syria",
)
UPDATED = Param(
    "updated_since",
    "datetime",
    description="Only records of articles stored at or after this ISO 8601 instant.",
    example="2026-01-01T00:00:00Z",
)
ACTOR = Param(
    "actor",
    "text",
    description="An actor's id, name or alias (any case); events and relations it is in.",
    example="isis",
)
LOCATION = Param(
    "location",
    "text",
    description="A place's id, name or alias: it and every place inside it.",
    example="idlib-province",
)
COUNTRY_PARAM = Param("country", "country", description="An ISO 3166-1 alpha-2 code.", example="SY")
BBOX = Param(
    "bbox",
    "bbox",
    description=(
        "A map area, `min_lon,min_lat,max_lon,max_lat` (WGS84 degrees, as GeoJSON orders a bbox): places with"
        " their point inside it; events with a place inside it. A min_lon over max_lon crosses the 180th"
        " meridian. A place without coordinates never matches."
    ),
    example="36.0,35.5,38.5,37.0",
)
NEAR = Param(
    "near",
    "near",
    description=(
        "`lat,lon,km`: places with their point within km of the point (great-circle distance); events with a"
        " place within it. A place without coordinates never matches."
    ),
    example="36.2,37.15,25",
)
SPATIAL = {"bbox": BBOX, "near": NEAR}
"""Filters by map area, which the collections of places and events take."""
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
        "kind": Param("kind", "one_of", _values(ActorKind), "The actor's kind.", example="armed_group"),
        "actor": ACTOR,
        "updated_since": UPDATED,
        **SEARCH,
    },
    "locations": {
        "article": ARTICLE,
        "kind": Param("kind", "one_of", _values(LocationKind), "The place's kind."),
        "location": LOCATION,
        "country": COUNTRY_PARAM,
        **SPATIAL,
        "updated_since": UPDATED,
        **SEARCH,
    },
    "events": {
        "article": ARTICLE,
        "type": Param("kind", "one_of", _values(EventType), "ACLED event type.", example="Battles"),
        "sub_type": Param("sub_kind", "one_of", _values(SubEventType), "ACLED sub-event type.", example="Armed clash"),
        "actor": ACTOR,
        "location": LOCATION,
        "country": COUNTRY_PARAM,
        "date_from": Param(
            "date_from", "date", description="Events whose date range ends on or after this day.", example="2014-01-01"
        ),
        "date_to": Param(
            "date_to", "date", description="Events whose date range starts on or before this day.", example="2014-01-31"
        ),
        **SPATIAL,
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
SINCE = Param(
    "since", "datetime", description="Deletions at or after this ISO 8601 instant.", example="2026-01-01T00:00:00Z"
)


FACETS: dict[str, dict[str, str]] = {
    "actors": {"kind": "kind"},
    "locations": {"kind": "kind", "country": "country"},
    "events": {
        **{"event_type": "kind", "sub_event_type": "sub_kind", "date": "date", "certainty": "certainty"},
        **{"country": "country", "location": "location", "actor": "actor"},
    },
    "relations": {"type": "kind", "certainty": "certainty"},
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


LEVEL = Param(
    "level",
    "one_of",
    _values(LocationKind),
    "`facet=location` (required with it): the kind of place events are counted in, each event in the places of"
    " that kind around its own (a town's province, its country…). Places are counted by name.",
    example="province",
)


@dataclass(frozen=True, slots=True)
class FacetQuery:
    """What a request for counts asks: the field (as documents name it), what the store counts it by, how many
    values; for a date its interval, for a location its level."""

    name: str
    field: str
    top: int
    interval: str | None = None
    level: str | None = None


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
    if param.parse == "bbox":
        return _bbox(name, raw)
    if param.parse == "near":
        return _near(name, raw)
    if param.parse == "search":
        try:
            return search.parse(raw)
        except search.QueryError as error:
            raise bad(f"{name}: {error}", name) from None
    if raw not in param.choices:
        elsewhere = [c for c, params in PARAMS.items() if name in params and raw in params[name].choices]
        of = f" (it is a value of {' and '.join(elsewhere)}' {name})" if elsewhere else ""
        raise bad(f"{name}={raw!r} is not one of: {', '.join(param.choices)}{of}", name)
    return raw


def _numbers(name: str, raw: str, count: int, form: str) -> list[float]:
    parts = raw.split(",")
    if len(parts) != count or not all(re.fullmatch(NUMBER, part) for part in parts):
        raise bad(f"{name}={raw!r} is not {count} numbers: {form}", name)
    numbers = [float(part) for part in parts]
    if not all(map(math.isfinite, numbers)):  # (1e999)
        raise bad(f"{name}={raw!r}: a number is too large", name)
    return numbers


def _bbox(name: str, raw: str) -> tuple[float, float, float, float]:
    min_lon, min_lat, max_lon, max_lat = _numbers(name, raw, 4, "min_lon,min_lat,max_lon,max_lat")
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise bad(f"{name}={raw!r}: a longitude is outside -180 to 180", name)
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise bad(f"{name}={raw!r}: a latitude is outside -90 to 90", name)
    if min_lat > max_lat:
        raise bad(f"{name}={raw!r}: min_lat is over max_lat", name)
    return min_lon, min_lat, max_lon, max_lat


def _near(name: str, raw: str) -> tuple[float, float, float]:
    lat, lon, km = _numbers(name, raw, 3, "lat,lon,km")
    if not -90 <= lat <= 90:
        raise bad(f"{name}={raw!r}: the latitude is outside -90 to 90", name)
    if not -180 <= lon <= 180:
        raise bad(f"{name}={raw!r}: the longitude is outside -180 to 180", name)
    if not 0 < km <= MAX_KM:
        raise bad(f"{name}={raw!r}: the distance must be over 0 and at most {MAX_KM:,} km", name)
    return lat, lon, km


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
    if "sort" in query:
        raise bad("sort does not apply to counts: the buckets come by count, ties by value", "sort")
    counted = {name: param for name, param in PARAMS[collection].items() if name != "sort"}
    wanted = _filters(counted, query, ("facet", "top", "interval", "level", "dialect"))
    fields = FACETS[collection]
    name = single(query, "facet")
    if name is None:
        raise bad(f"facet is required: one of {', '.join(fields)}", "facet")
    if name not in fields:
        raise bad(f"facet={name!r} is not a facet of {collection}; they are: {', '.join(fields)}", "facet")
    interval = _facet_option(query, INTERVAL, "date", fields[name])
    if interval is None and fields[name] == "date":
        interval = "day"
    level = _facet_option(query, LEVEL, "location", fields[name])
    if level is None and fields[name] == "location":
        raise bad(
            f"facet=location needs level, the kind of place to count in: one of {', '.join(LEVEL.choices)}", "level"
        )
    top = single(query, "top")
    if top is not None and (not (top.isascii() and top.isdigit()) or not 1 <= int(top) <= MAX_TOP):
        raise bad(f"top={top!r} must be a whole number from 1 to {MAX_TOP}", "top")
    return wanted, FacetQuery(name, fields[name], DEFAULT_TOP if top is None else int(top), interval, level)


def _facet_option(query: Mapping[str, Sequence[str]], param: Param, field: str, counted: str) -> str | None:
    """An option of one field's counts (`interval` of a date, `level` of a place), checked: None if not given."""
    name = param.field
    raw = single(query, name)
    if raw is not None and counted != field:
        raise bad(f"{name} is for facet={field} only", name)
    if raw is not None:
        parse_value(param, name, raw)
    return raw


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
