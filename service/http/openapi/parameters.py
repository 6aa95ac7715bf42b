"""The query parameters and conditional headers each route reads, documented from the tables that check them."""

from __future__ import annotations

import dataclasses
from typing import Any

from litestar.enums import ParamType
from litestar.openapi.spec import (
    Parameter,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType

from schemas import COLLECTIONS
from service import paths, search
from service.http import query
from service.http.listing import PROJECTING
from service.records import ENTITY_TAG
from service.renderers import View
from service.tables.fields import field_names


def param_schema(param: query.Param, ids: dict[str, Any]) -> Schema:
    """What `query.parse_value` takes for a parameter, as a schema: a value outside it is a 400."""
    if param.parse == "id":
        return Schema(type=OpenAPIType.STRING, pattern=ids["pattern"], max_length=ids["maxLength"])
    if param.parse == "text":
        return Schema(type=OpenAPIType.STRING, min_length=1, max_length=1_000, pattern=_SOME_TEXT)
    if param.parse == "country":
        return Schema(type=OpenAPIType.STRING, pattern=query.COUNTRY.pattern)
    if param.parse == "date":
        return Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE)
    if param.parse == "datetime":
        return Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE_TIME)
    if param.parse == "search":
        return Schema(type=OpenAPIType.STRING, max_length=search.MAX_QUERY)
    if param.parse in ("bbox", "near"):  # (the ranges are checked by the parser, and told in the description)
        count = 4 if param.parse == "bbox" else 3
        return Schema(type=OpenAPIType.STRING, pattern=f"^{query.NUMBER}(,{query.NUMBER}){{{count - 1}}}$")
    return Schema(type=OpenAPIType.STRING, enum=list(param.choices))


_BLANKS = "".join(f"\\u{code:04x}" for code in range(0x3001) if chr(code).isspace())  # (U+3000 is the last)
_SOME_TEXT = f"^[^\\u0000]*[^\\u0000{_BLANKS}][^\\u0000]*$"
"""Text with something in it besides whitespace (as `str.strip` sees it), and no NUL."""


def query_parameters(path: str, view: View | None, ids: dict[str, Any]) -> list[Parameter]:
    """The query parameters each route checks (service/http/query.py), documented from the same tables."""
    params: dict[str, tuple[str, Schema]] = {}
    required: set[str] = set()
    examples: dict[str, Any] = {
        name: p.example for table in query.PARAMS.values() for name, p in table.items() if p.example
    } | {"limit": 100, "dialect": "excel", "since": query.SINCE.example}
    if path == paths.articles():
        params.update((name, (param.description, param_schema(param, ids))) for name, param in query.SEARCH.items())
    if path in (paths.corpus("{listing}"), paths.corpus("{collection}/facets")):
        params.update(_collection_filters(ids))
    if path == paths.corpus("{collection}/facets"):
        del params["sort"]  # (the buckets come by count)
        facet_names = tuple(dict.fromkeys(name for fields in query.FACETS.values() for name in fields))
        params["facet"] = (
            "The field to count by: "
            + "; ".join(f"{collection}: {', '.join(fields)}" for collection, fields in query.FACETS.items())
            + ".",
            Schema(type=OpenAPIType.STRING, enum=list(facet_names)),
        )
        params["top"] = (
            f"How many values to show, 1 to {query.MAX_TOP} (default {query.DEFAULT_TOP}); the rest are `other`.",
            Schema(type=OpenAPIType.INTEGER, minimum=1, maximum=query.MAX_TOP),
        )
        params["interval"] = (query.INTERVAL.description, param_schema(query.INTERVAL, ids))
        params["level"] = (query.LEVEL.description, param_schema(query.LEVEL, ids))
        required.add("facet")
        examples = {**examples, "facet": "event_type", "top": "10", "interval": "month", "level": "province"}
    if path == paths.corpus("{listing}"):
        params["fields"] = _fields()
        examples = {**examples, "fields": FIELDS_EXAMPLE}
    if path in (paths.corpus("{listing}"), paths.articles(), paths.corpus("deletions")):
        limit = Schema(type=OpenAPIType.INTEGER, minimum=1, maximum=query.MAX_LIMIT)
        params["limit"] = (f"Items a page, 1 to {query.MAX_LIMIT} (JSON, JSON-LD).", limit)
        params["cursor"] = (
            "The next page: opaque, as the previous page's `next` gives it.",
            Schema(type=OpenAPIType.STRING),
        )
    if path == paths.corpus("deletions"):
        params["since"] = (query.SINCE.description, param_schema(query.SINCE, ids))
    if view is not None:
        dialects = Schema(type=OpenAPIType.STRING, enum=list(query.DIALECTS))
        params["dialect"] = (
            "CSV only: `excel` adds a BOM and defuses cells a spreadsheet would run as formulas.",
            dialects,
        )
    return [
        Parameter(
            name=name,
            param_in=ParamType.QUERY,
            required=name in required,
            schema=schema,
            description=description,
            example=examples.get(name),
            explode=False if schema.type == OpenAPIType.ARRAY else None,  # (one value, comma-separated)
        )
        for name, (description, schema) in params.items()
    ]


FIELDS_EXAMPLE = ["id", "event_type", "date.start", "fatalities.best"]


def _fields() -> tuple[str, Schema]:
    """`fields`: the names every collection takes, from the one list that checks them (service/tables/fields.py)."""
    names = dict.fromkeys(name for collection in COLLECTIONS for name in field_names(collection))
    description = (
        f"Formats {PROJECTING} only: each item with just these fields, comma-separated, as the documents name"
        " them, a dot into a nested one (`date.start`); a struct's name takes all of it. Items and columns keep"
        " the model's order. "
        + "; ".join(f"{collection}: {', '.join(field_names(collection))}" for collection in COLLECTIONS)
        + "."
    )
    schema = Schema(
        type=OpenAPIType.ARRAY,
        items=Schema(type=OpenAPIType.STRING, enum=list(names)),
        min_items=1,
        unique_items=True,
    )
    return description, schema


def _collection_filters(ids: dict[str, Any]) -> dict[str, tuple[str, Schema]]:
    """Every collection's filters: a name two collections share, as `kind`, takes the values of both."""
    shared: dict[str, list[query.Param]] = {}
    for table in query.PARAMS.values():
        for name, param in table.items():
            shared.setdefault(name, []).append(param)
    params = {}
    for name, same in shared.items():
        choices = tuple(dict.fromkeys(choice for param in same for choice in param.choices))
        param = dataclasses.replace(same[0], choices=choices)
        described = " Or: ".join(dict.fromkeys(param.description for param in same))
        params[name] = (described, param_schema(param, ids))
    return params


ENTITY_TAGS = f"^[ \\t]*(?:\\*|(?:{ENTITY_TAG})?(?:[ \\t]*,[ \\t]*(?:{ENTITY_TAG})?)*)[ \\t]*$"
"""`*` or a list of entity tags, maybe empty (RFC 9110 §13.1.1, 5.6.1); anything else is a 400."""


def header(name: str, description: str) -> Parameter:
    return Parameter(
        name=name,
        param_in=ParamType.HEADER,
        required=False,
        schema=Schema(type=OpenAPIType.STRING, pattern=ENTITY_TAGS),
        description=description,
    )
