"""NDJSON: one JSON object a line, the same objects as the JSON list, for pipelines.

A whole-corpus export streams and ends with a trailer line `{"end_of_stream":true,"count":N}`:
a stream cut short has no trailer, so it cannot pass for complete.
"""

from __future__ import annotations

from collections.abc import Iterator

import msgspec

from service.renderers.base import Rendered, Renderer, Resource, View, record_json

_encoder = msgspec.json.Encoder()


def render(resource: Resource) -> Rendered:
    if resource.view is View.ARTICLES:
        return _encoder.encode_lines(resource.summaries)
    if not resource.streamed:
        return b"".join(record_json(r) + b"\n" for r in resource.records)
    return _stream(resource)


def _stream(resource: Resource) -> Iterator[bytes]:
    count, chunk = 0, []
    for record in resource.records:
        chunk.append(record_json(record))
        count += 1
        if len(chunk) == 1_000:
            yield b"\n".join(chunk) + b"\n"
            chunk.clear()
    if chunk:
        yield b"\n".join(chunk) + b"\n"
    yield b'{"end_of_stream":true,"count":' + str(count).encode() + b"}\n"


RENDERER = Renderer(
    name="ndjson",
    suffix="ndjson",
    media_type="application/x-ndjson",
    views=frozenset({View.ARTICLES, View.COLLECTION}),
    render=render,
    streams=True,
)
