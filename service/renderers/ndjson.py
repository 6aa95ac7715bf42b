"""NDJSON: one JSON object a line, the same objects as the JSON list, for pipelines."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from service.renderers.base import Renderer, Resource, View

_encoder = msgspec.json.Encoder()


def render(resource: Resource) -> bytes:
    items: Sequence[msgspec.Struct] = resource.summaries if resource.view is View.ARTICLES else resource.items
    return _encoder.encode_lines(items)


RENDERER = Renderer(
    name="ndjson",
    suffix="ndjson",
    media_type="application/x-ndjson",
    views=frozenset({View.ARTICLES, View.COLLECTION}),
    render=render,
)
