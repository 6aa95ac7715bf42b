"""Turtle: the graph of our schema.org JSON-LD (see rdf.py), with the `schema:` prefix."""

from __future__ import annotations

from service.renderers import jsonld, rdf
from service.renderers.base import Rendered, Renderer, Resource


def render(resource: Resource) -> Rendered:
    """rdflib's Turtle, which orders subjects and properties (equal data, equal bytes); a stream repeats the
    prefixes before each batch, as Turtle allows."""
    chunks = (graph.serialize(format="turtle", encoding="utf-8") for graph in rdf.graphs(resource))
    return chunks if resource.streamed else b"".join(chunks)


RENDERER = Renderer(
    name="turtle",
    suffix="ttl",
    media_type="text/turtle",
    views=jsonld.RENDERER.views,
    collections=jsonld.RENDERER.collections,
    render=render,
)
