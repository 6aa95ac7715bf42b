"""The table of output formats. A format is one module with a RENDERER; registering it here is all it takes."""

from __future__ import annotations

from service.renderers import (
    counts,
    csv,
    csvw,
    datapackage,
    embed,
    geojson,
    html,
    json,
    jsonld,
    ndjson,
    ninjs,
    ntriples,
    parquet,
    turtle,
    web_annotations,
)
from service.renderers.base import Renderer, Resource, View

RENDERERS: tuple[Renderer, ...] = (
    json.RENDERER,  # first: the default when the client states no preference
    jsonld.RENDERER,
    csv.RENDERER,
    ndjson.RENDERER,
    geojson.RENDERER,
    web_annotations.RENDERER,  # after jsonld: a bare application/ld+json is schema.org JSON-LD
    turtle.RENDERER,
    ntriples.RENDERER,
    ninjs.RENDERER,
    html.RENDERER,  # before embed: Accept: text/html on an article is the page; elsewhere the snippet
    embed.RENDERER,
    parquet.RENDERER,
    csvw.RENDERER,
    datapackage.RENDERER,
    *counts.RENDERERS,  # a collection's counts (facets): JSON, CSV and CSVW of their own view
)

DATA_FORMATS = tuple(r for r in RENDERERS if View.COUNTS not in r.views)
"""The formats of the data (articles, records, packages): one a suffix and a name (the counts' share theirs)."""
BY_SUFFIX: dict[str, Renderer] = {r.suffix: r for r in DATA_FORMATS}
BY_NAME: dict[str, Renderer] = {r.name: r for r in DATA_FORMATS}


def renderers_for(view: View, collection: str | None = None) -> list[Renderer]:
    """The formats of a view (of one collection's records, where a format serves only some collections)."""
    return [r for r in RENDERERS if r.serves(view, collection)]


__all__ = ["BY_NAME", "BY_SUFFIX", "RENDERERS", "Renderer", "Resource", "View", "renderers_for"]
