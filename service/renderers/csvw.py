"""CSVW metadata (W3C): the typed description of each CSV, served at `{csv url}-metadata.json`."""

from __future__ import annotations

from typing import Any

import orjson

from service.renderers.base import DATA_VIEWS, Renderer, Resource
from service.renderers.csv import table_type
from service.tables.columns import columns_for, primary_key


def metadata(resource: Resource) -> dict[str, Any]:
    struct_type = table_type(resource)
    csv_name = resource.path.rsplit("/", 1)[-1] + ".csv"
    columns = []
    for column in columns_for(struct_type):
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
        columns.append(spec)
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": csv_name,
        "dc:title": f"{struct_type.__name__} table of {resource.url}",
        "dialect": {"header": True, "encoding": "utf-8", "lineTerminators": ["\r\n"]},
        "tableSchema": {
            "columns": columns,
            "primaryKey": primary_key(struct_type),
        },
    }


def render(resource: Resource) -> bytes:
    return orjson.dumps(metadata(resource), option=orjson.OPT_INDENT_2)


RENDERER = Renderer(
    name="csvw",
    suffix="csv-metadata.json",
    media_type="application/csvm+json",
    views=DATA_VIEWS,
    render=render,
    negotiable=False,
)
