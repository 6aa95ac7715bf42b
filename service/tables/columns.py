"""The one rule that turns a Struct into table columns, shared by CSV, CSVW metadata and every other table.

Columns are derived from the model, never hand-listed:
- a scalar field is a column of its own name;
- a nested Struct is flattened into `{field}_{subfield}` columns;
- a list of scalars is one column, its values joined with ';' (CSVW `separator`);
- event participants are pivoted by role: `actor1_id`, `actor1_name`, `actor2_id`, … (ids and names of
  several actors in one role joined with ';');
- the article's collections become counts (`actors_count`), since each is a table of its own;
- any other list of Structs (evidence, attribution, sections) is one JSON-text column (CSVW datatype `json`).
Every table starts with `article_id`, so tables join across a whole corpus.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol, get_args

import msgspec
from msgspec import inspect as mi

from schemas import COLLECTIONS, Article, ArticleSummary
from schemas.v1 import Participant
from schemas.v1.events import ParticipantRole

LIST_SEPARATOR = ";"
PARTICIPANT_ROLES: tuple[str, ...] = get_args(get_args(ParticipantRole)[0])
_json_encoder = msgspec.json.Encoder()


class RowContext(Protocol):
    """What a row knows beyond its item: its article, and the names of the actors it refers to."""

    @property
    def article_id(self) -> str: ...

    def actor_name(self, actor_id: str) -> str: ...


Extract = Callable[[Any, RowContext | None], Any]


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its name, its CSVW/XSD datatype, and how to read its value from an item."""

    name: str
    datatype: str | dict[str, str]
    required: bool
    extract: Extract
    separator: str | None = None
    description: str | None = None
    ref: str | None = None
    """The collection whose item (of the same article) the column names by id, as the model marks it."""
    choices: tuple[str, ...] = ()
    """The values an enumeration column allows (its Literal's)."""
    json_shape: str | None = None
    """'array' or 'object': what the JSON text of a `json` column holds."""
    path: tuple[str, ...] = ()
    """The field it is read from, as the JSON document names it: ('date', 'start') for `date_start`."""
    text: Callable[[Any], str] = field(init=False, repr=False, compare=False)
    """How a value of this column is written in a cell (chosen once here, not per cell)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", _text_of(self))


def _scalar_datatype(info: mi.Type) -> str | dict[str, str] | None:
    if isinstance(info, mi.Metadata):
        return _scalar_datatype(info.type)
    if isinstance(info, mi.LiteralType):
        return {"base": "string", "format": "|".join(_regex_escape(str(v)) for v in info.values)}
    return {
        mi.StrType: "string",
        mi.IntType: "integer",
        mi.FloatType: "double",
        mi.BoolType: "boolean",
        mi.DateType: "date",
        mi.DateTimeType: "datetime",
    }.get(type(info))


def _regex_escape(value: str) -> str:
    return "".join("\\" + c if c in r".^$*+?{}[]\|()/" else c for c in value)


def _unwrap(info: mi.Type) -> tuple[mi.Type, bool, str | None, str | None]:
    """Strip Metadata and Optional: (inner type, nullable, description, the collection it refers to)."""
    nullable, description, ref = False, None, None
    while True:
        if isinstance(info, mi.Metadata):
            description = description or (info.extra_json_schema or {}).get("description")
            ref = ref or (info.extra or {}).get("ref")
            info = info.type
        elif isinstance(info, mi.UnionType) and any(isinstance(t, mi.NoneType) for t in info.types):
            rest = [t for t in info.types if not isinstance(t, mi.NoneType)]
            nullable = True
            info = rest[0] if len(rest) == 1 else mi.UnionType(tuple(rest))
        else:
            return info, nullable, description, ref


def _getter(outer: Extract, attr: str) -> Extract:
    if outer is _root:  # (most columns: one call a cell, not two)
        return lambda item, context: getattr(item, attr)

    def get(item: Any, context: RowContext | None) -> Any:
        parent = outer(item, context)
        return None if parent is None else getattr(parent, attr)

    return get


def _length(get: Extract) -> Extract:
    return lambda item, context: len(get(item, context))


def _root(item: Any, context: RowContext | None) -> Any:
    return item


def _participant_columns(get: Extract, path: tuple[str, ...]) -> list[Column]:
    def ids(role: str) -> Extract:
        return lambda item, context: [p.actor for p in get(item, context) if p.role == role]

    def names(role: str) -> Extract:
        def read(item: Any, context: RowContext | None) -> list[str]:
            assert context is not None
            return [context.actor_name(p.actor) for p in get(item, context) if p.role == role]

        return read

    columns = []
    for role in PARTICIPANT_ROLES:
        columns.append(Column(f"{role}_id", "string", False, ids(role), LIST_SEPARATOR, path=path))
        columns.append(Column(f"{role}_name", "string", False, names(role), LIST_SEPARATOR, path=path))
    return columns


def _columns_of(
    info: mi.StructType, prefix: str, get: Callable, required: bool, within: tuple[str, ...] = ()
) -> list[Column]:
    columns: list[Column] = []
    for f in info.fields:
        name = f"{prefix}{f.encode_name}"
        path = (*within, f.encode_name)
        inner, nullable, description, ref = _unwrap(f.type)
        field_required = required and f.required and not nullable
        field_get = _getter(get, f.name)
        datatype = _scalar_datatype(inner)
        if datatype is not None:
            choices = tuple(map(str, inner.values)) if isinstance(inner, mi.LiteralType) else ()
            columns.append(
                Column(name, datatype, field_required, field_get, None, description, ref, choices, path=path)
            )
        elif isinstance(inner, mi.StructType):
            columns.extend(_columns_of(inner, f"{name}_", field_get, field_required, path))
        elif isinstance(inner, mi.ListType):
            item_type, _, _, _ = _unwrap(inner.item_type)
            item_datatype = _scalar_datatype(item_type)
            if item_datatype is not None:
                columns.append(
                    Column(name, item_datatype, False, field_get, LIST_SEPARATOR, description, ref, path=path)
                )
            elif isinstance(item_type, mi.StructType) and item_type.cls is Participant:
                columns.extend(_participant_columns(field_get, path))
            elif not prefix and name in COLLECTIONS:
                columns.append(Column(f"{name}_count", "integer", True, _length(field_get), path=path))
            else:
                columns.append(
                    Column(
                        name, "json", field_required, field_get, description=description, json_shape="array", path=path
                    )
                )
        else:
            columns.append(
                Column(name, "json", field_required, field_get, description=description, json_shape="object", path=path)
            )
    return columns


@cache
def columns_for(struct_type: type) -> tuple[Column, ...]:
    """The columns of a table of `struct_type` items, `article_id` first."""
    info = mi.type_info(struct_type)
    assert isinstance(info, mi.StructType)
    own = _columns_of(info, "", _root, True)
    if struct_type in ARTICLE_TABLES:
        return tuple(own)
    article_id = Column(
        "article_id",
        "string",
        True,
        lambda item, context: context.article_id if context else None,
        path=("article_id",),
    )
    return (article_id, *own)


def _scalar(value: Any) -> str:
    """The text of one value in a cell: '' for null, true/false, dates exactly as in the JSON (ISO 8601)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return _json_encoder.encode(value)[1:-1].decode()  # exactly as in the JSON (RFC 3339)
    return str(value)


def _text_of(column: Column) -> Callable[[Any], str]:
    """How a column's cells are written: lists joined with its separator, structures as JSON, the rest scalar."""
    if column.separator is not None:
        separator = column.separator
        return lambda value: "" if value is None else separator.join(map(_scalar, value))
    if column.datatype == "json":
        return lambda value: "" if value is None else _json_encoder.encode(value).decode()
    if column.datatype == "string":  # (str, or None: nothing else is declared a plain string)
        return lambda value: "" if value is None else str(value)
    return _scalar


def row(columns: Iterable[Column], item: Any, context: RowContext | None) -> list[str]:
    return [c.text(c.extract(item, context)) for c in columns]


def primary_key(struct_type: type) -> list[str]:
    return ["id"] if struct_type in ARTICLE_TABLES else ["article_id", "id"]


ARTICLE_TABLES = (Article, ArticleSummary)
"""Tables whose rows are articles: their own `id` is the article id."""
