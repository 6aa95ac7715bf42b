"""Each format a route serves, in the document: its media type, its schema, and the bundled article as example."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from litestar.openapi.spec import (
    OpenAPIHeader,
    OpenAPIMediaType,
    Reference,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType

import schemas
from schemas import Article, Facets
from schemas.v1.records import Bucket, FatalitySums, Other, Sum
from service import paths
from service.http.negotiation import declared_profiles, renderers_for
from service.records import article_records
from service.renderers import Renderer, View
from service.renderers.base import Resource
from service.store import summarize


def ref(name: str) -> Reference:
    return Reference(ref=f"#/components/schemas/{name}")


def json_schema(view: View) -> Reference | Schema:
    items = [struct.__name__ for struct in schemas.COLLECTIONS.values()]
    if view is View.ARTICLES:
        return ref("Page_ArticleSummary_")
    if view is View.ARTICLE:
        return ref("Article")
    if view is View.COLLECTION:
        return Schema(one_of=[ref(f"Page_{name}_") for name in items])
    if view is View.COUNTS:
        return ref("Facets")
    return Schema(one_of=[ref(name) for name in items])


EXAMPLE_ORIGIN = "http://127.0.0.1:8000"


def media_key(renderer: Renderer) -> str:
    """A format's media type in the document: its type, and its profile where one tells it from another of the
    same type (Web Annotations, beside schema.org JSON-LD)."""
    profiles = declared_profiles(renderer.media_type)
    return renderer.mime + "".join(f'; profile="{profile}"' for profile in sorted(profiles))


def _deaths(low: int, best: int, high: int, unknown: int) -> FatalitySums:
    return FatalitySums(
        low=Sum(sum=low, unknown=unknown), best=Sum(sum=best, unknown=unknown), high=Sum(sum=high, unknown=unknown)
    )


EXAMPLE_COUNTS = Facets(
    facet="event_type",
    total=12,
    buckets=[
        Bucket(value="Battles", count=5, fatalities=_deaths(7, 9, 14, 2)),
        Bucket(value="Strategic developments", count=3, fatalities=_deaths(0, 0, 0, 3)),
    ],
    other=Other(count=4, fatalities=_deaths(1, 1, 2, 3)),
    missing=0,
    multivalued=False,
    fatalities=_deaths(8, 10, 16, 8),
)
"""Counts of events by type, as an example (the bundled article alone is too few to count)."""


def _rendered(renderer: Renderer, resource: Resource) -> Any:
    """A format's answer as the document shows it: JSON parsed, text as text."""
    rendered = renderer.render(resource)
    text = rendered.decode() if isinstance(rendered, bytes) else b"".join(rendered).decode()
    is_json = renderer.mime.endswith("json") and not renderer.mime.endswith("ndjson")
    return json.loads(text) if is_json else text


def counts_examples() -> dict[str, Any]:
    """Each format's answer for the example counts."""
    resource = Resource(
        view=View.COUNTS,
        base_url=EXAMPLE_ORIGIN,
        path=paths.corpus("events/facets"),
        collection="events",
        counts=EXAMPLE_COUNTS,
        query="facet=event_type&top=2",
    )
    return {media_key(renderer): _rendered(renderer, resource) for renderer in renderers_for(View.COUNTS)}


def examples_of(view: View, seed: Article | None) -> dict[str, Any]:
    """Each format's answer for the bundled seed article (its events — or places, for GeoJSON — where the view
    is a collection); for counts, the example's."""
    if view is View.COUNTS:
        return counts_examples()
    if seed is None:
        return {}
    summary = summarize(seed, 1, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    examples: dict[str, Any] = {}
    for renderer in renderers_for(view):
        collection = "events" if renderer.collections is None else sorted(renderer.collections)[0]
        records = article_records(seed, collection)
        path = {
            View.ARTICLES: paths.articles(),
            View.ARTICLE: paths.article(seed.id),
            View.COLLECTION: paths.collection(seed.id, collection),
            View.ITEM: paths.item(seed.id, collection, records[0].id),
        }[view]
        resource = Resource(
            view=view,
            base_url=EXAMPLE_ORIGIN,
            path=path,
            article=seed,
            collection=collection,
            records=records[:1] if view is View.ITEM else records,
            articles={seed.id: seed},
            summaries=[summary],
        )
        if renderer.binary:
            continue
        if renderer.mime == "text/html":  # (the docs page inlines this document in a <script>: no markup in it)
            examples[media_key(renderer)] = f"An HTML {renderer.name} — see {EXAMPLE_ORIGIN}{path}.{renderer.suffix}"
            continue
        examples[media_key(renderer)] = _rendered(renderer, resource)
    return examples


def content_of(view: View, seed: Article | None) -> dict[str, OpenAPIMediaType]:
    content = {}
    examples = examples_of(view, seed)
    for renderer in renderers_for(view):
        if renderer.name == "json":
            schema: Reference | Schema = json_schema(view)
        elif renderer.binary:
            schema = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY, description=renderer.name)
        elif renderer.mime.endswith("json") and not renderer.mime.endswith("ndjson"):
            schema = Schema(type=OpenAPIType.OBJECT, description=f"{renderer.name} (suffix .{renderer.suffix})")
        else:
            schema = Schema(type=OpenAPIType.STRING, description=f"{renderer.name} (suffix .{renderer.suffix})")
        content[media_key(renderer)] = OpenAPIMediaType(schema=schema, example=examples.get(media_key(renderer)))
    if view is View.COLLECTION:  # (the same routes serve {collection}/datapackage.zip and /v1/datapackage.zip)
        for renderer in renderers_for(View.PACKAGE):
            content[renderer.mime] = OpenAPIMediaType(
                schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY, description="A Data Package.")
            )
    return content


def response_headers() -> dict[str, OpenAPIHeader | Reference]:
    text = Schema(type=OpenAPIType.STRING)
    return {
        "ETag": OpenAPIHeader(schema=text, description="A strong entity tag of this representation."),
        "Vary": OpenAPIHeader(schema=text, description="Accept, where the format was negotiated."),
        "Link": OpenAPIHeader(schema=text, description='CSV only: rel="describedby" to its CSVW metadata.'),
    }
