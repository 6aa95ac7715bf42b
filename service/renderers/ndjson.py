"""NDJSON: one JSON object a line, the same objects as the JSON list, for pipelines.

A whole-corpus export streams and ends with a trailer line `{"end_of_stream":true,"count":N}`:
a stream cut short has no trailer, so it cannot pass for complete.
"""

from __future__ import annotations

from collections.abc import Iterator

import msgspec

from service.records import Record, record_batches
from service.renderers.base import Rendered, Renderer, Resource, View, json_lines
from service.renderers.json import records_json

_encoder = msgspec.json.Encoder()


def render(resource: Resource) -> Rendered:
    if resource.view is View.ARTICLES:
        return _encoder.encode_lines(resource.summaries)
    if not resource.streamed:
        return _lines(resource, list(resource.records))
    return _stream(resource)


def _lines(resource: Resource, records: list[Record]) -> bytes:
    """The records a line each: copied as stored, or with only the fields chosen (`?fields=`)."""
    if resource.fields is None:
        return json_lines(records)
    as_json = records_json(resource)
    return b"".join([as_json(record) + b"\n" for record in records])


def _stream(resource: Resource) -> Iterator[bytes]:
    count = 0
    for batch in record_batches(resource.records):
        count += len(batch)
        yield _lines(resource, batch)
    yield b'{"end_of_stream":true,"count":' + str(count).encode() + b"}\n"


RENDERER = Renderer(
    name="ndjson",
    suffix="ndjson",
    media_type="application/x-ndjson",
    views=frozenset({View.ARTICLES, View.COLLECTION}),
    render=render,
    projects=True,
    streams=True,
)
