"""CSVW metadata (W3C): the typed description of each CSV, served at `{csv url}-metadata.json`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from service.renderers.base import DATA_VIEWS, Renderer, Resource
from service.renderers.csv import chosen_fields, table_columns, table_type
from service.tables.columns import Column, primary_key


def column_spec(column: Column) -> dict[str, Any]:
    """A column as CSVW describes it: its name and title, datatype, whether required, list separator, meaning."""
    spec: dict[str, Any] = {
        "name": column.name,
        "titles": column.name,
        "datatype": column.datatype,
        "required": column.required,
    }
    if column.separator is not None:
        spec["separator"] = column.separator
    if column.description:
        spec["dc:description"] = column.description
    return spec


def table_metadata(csv_name: str, title: str, columns: Iterable[Column], **schema: Any) -> dict[str, Any]:
    """The metadata of one CSV as this service writes it (header row, UTF-8, CRLF), `schema` beside its columns."""
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": csv_name,
        "dc:title": title,
        "dialect": {"header": True, "encoding": "utf-8", "lineTerminators": ["\r\n"]},
        "tableSchema": {"columns": [column_spec(column) for column in columns], **schema},
    }


def metadata(resource: Resource) -> dict[str, Any]:
    struct_type = table_type(resource)
    csv_name = resource.path.rsplit("/", 1)[-1] + ".csv" + chosen_fields(resource)
    columns = table_columns(resource)
    title = f"{struct_type.__name__} table of {resource.url}"
    return table_metadata(csv_name, title, columns, **_key(struct_type, [c.name for c in columns]))


def _key(struct_type: type, names: list[str]) -> dict[str, Any]:
    """The table's primary key, where its columns are all in it (a choice of fields may leave one out)."""
    key = primary_key(struct_type)
    return {"primaryKey": key} if set(key) <= set(names) else {}


def render(resource: Resource) -> bytes:
    return orjson.dumps(metadata(resource), option=orjson.OPT_INDENT_2)


RENDERER = Renderer(
    name="csvw",
    suffix="csv-metadata.json",
    media_type="application/csvm+json",
    views=DATA_VIEWS,
    render=render,
    negotiable=False,
    projects=True,
)
