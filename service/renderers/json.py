"""JSON: the canonical document, exactly as its JSON Schema says (msgspec encodes the Structs directly)."""

from __future__ import annotations

import msgspec

from schemas import Page
from service.renderers.base import Renderer, Resource, View

_encoder = msgspec.json.Encoder()


def render(resource: Resource) -> bytes:
    if resource.view is View.ARTICLE:
        return _encoder.encode(resource.article)
    if resource.view is View.ITEM:
        return _encoder.encode(resource.item)
    if resource.view is View.ARTICLES:
        return _encoder.encode(Page(items=list(resource.summaries)))
    return _encoder.encode(Page(items=list(resource.items)))


RENDERER = Renderer(
    name="json",
    suffix="json",
    media_type="application/json",
    views=frozenset(View),
    render=render,
)
