"""JSON: the canonical document and records, exactly as their JSON Schemas say."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import msgspec

from schemas import Page
from service.records import Record, record_batches
from service.renderers.base import DATA_VIEWS, Rendered, Renderer, Resource, View, record_json

_encoder = msgspec.json.Encoder()


def render(resource: Resource) -> Rendered:
    if resource.streamed:
        return _stream(resource)
    if resource.view is View.ARTICLE:
        return _encoder.encode(resource.article)
    if resource.view is View.ARTICLES:
        return _encoder.encode(Page(items=list(resource.summaries), next=resource.next_url))
    as_json = records_json(resource)
    records = [as_json(r) for r in resource.records]
    if resource.view is View.ITEM:
        return records[0]
    return b'{"items":[' + b",".join(records) + b'],"next":' + _encoder.encode(resource.next_url) + b"}"


def _stream(resource: Resource) -> Iterator[bytes]:
    """A whole-corpus export as one JSON document, written a thousand records at a time."""
    yield b'{"items":['
    first = True
    as_json = records_json(resource)
    for batch in record_batches(resource.records):
        yield (b"" if first else b",") + b",".join([as_json(r) for r in batch])
        first = False
    yield b'],"next":null}'


def records_json(resource: Resource) -> Callable[[Record], bytes]:
    """How each record is written: whole, or with only the fields chosen (`?fields=`)."""
    if resource.fields is None:
        return record_json
    cut = resource.fields.cut
    return lambda record: cut(record_json(record))


RENDERER = Renderer(
    name="json",
    suffix="json",
    media_type="application/json",
    views=DATA_VIEWS,
    render=render,
    projects=True,
)
