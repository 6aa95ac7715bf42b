"""GeoJSON (RFC 7946): places as Features, for map tools (QGIS, geojson.io, Leaflet).

Every place is a Feature, with or without coordinates: one the gazetteer gave no point for has a null
geometry, so a map shows what it can and a table still lists everything. Positions are [longitude,
latitude] in WGS84 and there is no "crs" member. The properties are the place's record (`article_id`
first), with the coordinates' other fields (`geo_precision`, `source`) in place of the nested object.
A corpus-wide export streams, like CSV: a map tool wants every filtered place in one document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import msgspec

from schemas.v1.locations import Coordinates
from service.records import Record, article_records, batched
from service.renderers.base import Rendered, Renderer, Resource, View

POSITION = ("longitude", "latitude")
"""The Coordinates fields that make a position, in GeoJSON's order."""
COORDINATE_PROPERTIES = tuple(f.encode_name for f in msgspec.structs.fields(Coordinates) if f.name not in POSITION)
"""The other Coordinates fields, kept as properties (present, null, where a place has no coordinates)."""

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(dict[str, Any])


def feature(record: Record) -> dict[str, Any]:
    """One place as a Feature: its id is `{article_id}/{place id}`, unique across the corpus."""
    item = _decoder.decode(record.document)
    properties: dict[str, Any] = {"article_id": record.article_id}
    geometry = None
    for name, value in item.items():
        if name != "coordinates":
            properties[name] = value
            continue
        if value is not None:
            geometry = {"type": "Point", "coordinates": [value[axis] for axis in POSITION]}
        for key in COORDINATE_PROPERTIES:
            properties[key] = None if value is None else value.get(key)
    return {"type": "Feature", "id": f"{record.article_id}/{record.id}", "geometry": geometry, "properties": properties}


def _records(resource: Resource) -> Iterable[Record]:
    if resource.view is View.ARTICLE:
        assert resource.article is not None
        return article_records(resource.article, "locations")
    return resource.records


def _collection(records: Iterable[Record]) -> Iterator[bytes]:
    yield b'{"type":"FeatureCollection","features":['
    first = True
    for chunk in batched(records, 1_000):
        yield (b"" if first else b",") + b",".join(_encoder.encode(feature(r)) for r in chunk)
        first = False
    yield b"]}"


def render(resource: Resource) -> Rendered:
    if resource.view is View.ITEM:
        [record] = resource.records
        return _encoder.encode(feature(record))
    chunks = _collection(_records(resource))
    return chunks if resource.streamed else b"".join(chunks)


RENDERER = Renderer(
    name="geojson",
    suffix="geojson",
    media_type="application/geo+json",
    views=frozenset({View.ARTICLE, View.COLLECTION, View.ITEM}),
    render=render,
    collections=frozenset({"locations"}),
    streams=True,
)
