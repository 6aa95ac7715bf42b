"""JSON: the canonical document and records, exactly as their JSON Schemas say."""

from __future__ import annotations

import msgspec

from schemas import Page
from service.renderers.base import Renderer, Resource, View, record_json

_encoder = msgspec.json.Encoder()


def render(resource: Resource) -> bytes:
    if resource.view is View.ARTICLE:
        return _encoder.encode(resource.article)
    if resource.view is View.ARTICLES:
        return _encoder.encode(Page(items=list(resource.summaries), next=resource.next_url))
    records = [record_json(r) for r in resource.records]
    if resource.view is View.ITEM:
        return records[0]
    return b'{"items":[' + b",".join(records) + b'],"next":' + _encoder.encode(resource.next_url) + b"}"


RENDERER = Renderer(
    name="json",
    suffix="json",
    media_type="application/json",
    views=frozenset(View),
    render=render,
)
