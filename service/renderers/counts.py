"""Counts by a field's values (GET /v1/{collection}/facets) in each of their formats: the JSON body, and its table
(service/tables/counts.py) as CSV with the CSVW metadata that types each column.

They are the formats of their own view, named as the data's (json, csv, csvw) and reached the same ways.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

import msgspec
import orjson

from schemas import Facets
from service.renderers import csv, csvw, json
from service.renderers.base import Renderer, Resource, View
from service.tables.counts import count_columns, count_rows
from service.tables.csv_lines import encode_rows

VIEWS = frozenset({View.COUNTS})
_encoder = msgspec.json.Encoder()


def _counts(resource: Resource) -> Facets:
    assert resource.counts is not None, "a view of counts carries them"
    return resource.counts


def render_json(resource: Resource) -> bytes:
    return _encoder.encode(_counts(resource))


def render_csv(resource: Resource) -> bytes:
    counts = _counts(resource)
    columns = count_columns(counts)
    header = [column.name for column in columns]
    if resource.dialect == "excel":
        return csv.BOM + encode_rows([header, *map(csv.spreadsheet_safe, count_rows(counts, columns))])
    return encode_rows([header, *count_rows(counts, columns)])


def carried(resource: Resource) -> str:
    """The request's query but `dialect`, or nothing: what the CSV and its metadata carry to name each other, as
    the counts depend on it (the metadata takes no dialect; it describes the plain CSV)."""
    pairs = [p for p in resource.query.split("&") if p and unquote_plus(p.partition("=")[0]) != "dialect"]
    return "?" + "&".join(pairs) if pairs else ""


def describedby(resource: Resource) -> str:
    return csv.metadata_link(resource.url, carried(resource))


def metadata(resource: Resource) -> dict[str, Any]:
    counts = _counts(resource)
    interval = f" by {counts.interval}" if counts.interval else ""
    title = f"{resource.collection} counted by {counts.facet}{interval}, of {resource.url}"
    csv_name = resource.path.rsplit("/", 1)[-1] + ".csv" + carried(resource)
    return csvw.table_metadata(csv_name, title, count_columns(counts))


def render_metadata(resource: Resource) -> bytes:
    return orjson.dumps(metadata(resource), option=orjson.OPT_INDENT_2)


def _format_of(data: Renderer, **declared: Any) -> Renderer:
    """A format of the counts, named, suffixed and typed as the data's format of the same name."""
    return Renderer(name=data.name, suffix=data.suffix, media_type=data.media_type, views=VIEWS, **declared)


RENDERERS = (
    _format_of(json.RENDERER, render=render_json),
    _format_of(csv.RENDERER, render=render_csv, link=describedby),
    _format_of(csvw.RENDERER, render=render_metadata, negotiable=False),
)
