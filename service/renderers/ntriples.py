"""N-Triples: the graph of our schema.org JSON-LD (see rdf.py), a triple a line, for line tools and bulk loaders."""

from __future__ import annotations

from service.renderers import jsonld, rdf
from service.renderers.base import Rendered, Renderer, Resource


def render(resource: Resource) -> Rendered:
    """Lines sorted (within each batch of a stream), since rdflib writes them in no set order: equal data, equal
    bytes and ETags."""
    chunks = (_sorted_lines(graph.serialize(format="nt", encoding="utf-8")) for graph in rdf.graphs(resource))
    return chunks if resource.streamed else b"".join(chunks)


def _sorted_lines(data: bytes) -> bytes:
    return b"".join(line + b"\n" for line in sorted(filter(None, data.split(b"\n"))))


RENDERER = Renderer(
    name="ntriples",
    suffix="nt",
    media_type="application/n-triples",
    views=jsonld.RENDERER.views,
    collections=jsonld.RENDERER.collections,
    render=render,
)
