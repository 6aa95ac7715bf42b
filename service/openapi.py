"""Complete the OpenAPI document Litestar generates: every format a route serves, its schemas, its errors.

Handlers return finished bytes, so Litestar cannot see their media types; each handler names its
View in `opt`, and this module documents it from the same renderer table that serves it.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import msgspec
from litestar import Litestar, Router
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import OpenAPIHeader, OpenAPIMediaType, OpenAPIResponse, Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.static_files import create_static_files_router

import schemas
from schemas import Article, parse_article
from service.negotiation import renderers_for
from service.renderers import View
from service.renderers.base import Resource, article_records
from service.routes.schemas import SCHEMA_MEDIA_TYPE
from service.store import summarize

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "available": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["type", "title", "status", "detail"],
}

PROBLEM_EXAMPLE = {
    "type": "http://127.0.0.1:8000/problems/not-found",
    "title": "Not Found",
    "status": 404,
    "detail": "article 'no-such-article' does not exist",
    "instance": "/v1/articles/no-such-article",
}

ERRORS = {
    "400": "A malformed header (Accept, If-None-Match) or parameter.",
    "404": "No such article, collection, item or format suffix.",
    "406": "No available media type fits the Accept header; `available` lists them.",
}


SWAGGER_ASSETS = "/static/swagger-ui"


def offline_swagger_ui() -> SwaggerRenderPlugin:
    """Swagger UI at /schema (and /schema/swagger), its scripts and styles served by this service: no CDN."""
    return SwaggerRenderPlugin(
        js_url=f"{SWAGGER_ASSETS}/swagger-ui-bundle.js",
        css_url=f"{SWAGGER_ASSETS}/swagger-ui.css",
        standalone_preset_js_url=f"{SWAGGER_ASSETS}/swagger-ui-standalone-preset.js",
        path="/swagger",
        favicon=f"<link rel='icon' type='image/png' href='{SWAGGER_ASSETS}/favicon-32x32.png'>",
    )


def swagger_ui_assets() -> Router:
    """The Swagger UI distribution installed with the swagger-ui-py package."""
    static = Path(str(files("swagger_ui") / "static"))
    return create_static_files_router(path=SWAGGER_ASSETS, directories=[static], include_in_schema=False)


def _ref(name: str) -> Reference:
    return Reference(ref=f"#/components/schemas/{name}")


def _json_schema(view: View) -> Reference | Schema:
    items = [struct.__name__ for struct in schemas.COLLECTIONS.values()]
    if view is View.ARTICLES:
        return _ref("Page_ArticleSummary_")
    if view is View.ARTICLE:
        return _ref("Article")
    if view is View.COLLECTION:
        return Schema(one_of=[_ref(f"Page_{name}_") for name in items])
    return Schema(one_of=[_ref(name) for name in items])


EXAMPLE_ORIGIN = "http://127.0.0.1:8000"


def _examples(view: View, seed: Article | None) -> dict[str, Any]:
    """Each format's answer for the bundled seed article (its events, where the view is a collection)."""
    if seed is None:
        return {}
    summary = summarize(seed, 1, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    events = article_records(seed, "events")
    path = {
        View.ARTICLES: "/v1/articles",
        View.ARTICLE: f"/v1/articles/{seed.id}",
        View.COLLECTION: f"/v1/articles/{seed.id}/events",
        View.ITEM: f"/v1/articles/{seed.id}/events/{events[0].id}",
    }[view]
    resource = Resource(
        view=view,
        base_url=EXAMPLE_ORIGIN,
        path=path,
        article=seed,
        collection="events",
        records=events[:1] if view is View.ITEM else events,
        articles={seed.id: seed},
        summaries=[summary],
    )
    examples: dict[str, Any] = {}
    for renderer in renderers_for(view, "events"):
        rendered = renderer.render(resource)
        text = rendered.decode() if isinstance(rendered, bytes) else b"".join(rendered).decode()
        is_json = renderer.mime.endswith("json") and not renderer.mime.endswith("ndjson")
        examples[renderer.mime] = json.loads(text) if is_json else text
    return examples


def _content(view: View, seed: Article | None) -> dict[str, OpenAPIMediaType]:
    content = {}
    examples = _examples(view, seed)
    for renderer in renderers_for(view):
        if renderer.name == "json":
            schema: Reference | Schema = _json_schema(view)
        else:
            schema = Schema(type=OpenAPIType.STRING, description=f"{renderer.name} (suffix .{renderer.suffix})")
        content[renderer.mime] = OpenAPIMediaType(schema=schema, example=examples.get(renderer.mime))
    return content


def _headers() -> dict[str, OpenAPIHeader | Reference]:
    text = Schema(type=OpenAPIType.STRING)
    return {
        "ETag": OpenAPIHeader(schema=text, description="A strong entity tag of this representation."),
        "Vary": OpenAPIHeader(schema=text, description="Accept, where the format was negotiated."),
        "Link": OpenAPIHeader(schema=text, description='CSV only: rel="describedby" to its CSVW metadata.'),
    }


def complete(app: Litestar, data_dir: Path | None = None) -> None:
    """Document what each handler really sends: its formats (with the seed article as example), 304, and
    problem+json for every error."""
    seed_path = next(iter(sorted(data_dir.glob("*.json"))), None) if data_dir else None
    seed = parse_article(seed_path.read_bytes()) if seed_path else None
    openapi = app.openapi_schema
    _, components = msgspec.json.schema_components(
        list(schemas.TOP_LEVEL_TYPES.values()), ref_template="#/components/schemas/{name}"
    )
    openapi.components.schemas.update(components)  # type: ignore[arg-type]
    openapi.components.schemas["Problem"] = PROBLEM  # type: ignore[assignment]
    problem = {"application/problem+json": OpenAPIMediaType(schema=_ref("Problem"), example=PROBLEM_EXAMPLE)}
    for route in app.routes:
        path = openapi.paths.get(route.path_format) if openapi.paths else None
        operation = path.get if path else None
        if operation is None:
            continue
        opt: dict[str, Any] = next((h.opt for h in getattr(route, "route_handlers", ()) if h.opt), {})
        view, media_type = opt.get("view"), opt.get("media_type")
        responses: dict[str, Any] = dict(operation.responses or {})
        if view:
            description = "The resource, in the format named by the suffix or negotiated from Accept."
            responses["200"] = OpenAPIResponse(
                description=description, content=_content(view, seed), headers=_headers()
            )
            responses["406"] = OpenAPIResponse(description=ERRORS["406"], content=problem)
        elif media_type:
            responses["200"] = OpenAPIResponse(
                description="The document.", content={media_type: OpenAPIMediaType(schema=Schema())}
            )
        if "{" in route.path_format:
            responses["404"] = OpenAPIResponse(description=ERRORS["404"], content=problem)
        if view or media_type == SCHEMA_MEDIA_TYPE:
            responses["304"] = OpenAPIResponse(description="Not modified: If-None-Match matched the ETag.")
        responses["400"] = OpenAPIResponse(description=ERRORS["400"], content=problem)
        responses["500"] = OpenAPIResponse(description="An unexpected error; no details are leaked.", content=problem)
        operation.responses = responses
