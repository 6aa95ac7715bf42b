"""Complete the OpenAPI document Litestar generates: every format a route serves, its schemas, its errors.

Handlers return finished bytes, so Litestar cannot see their media types; each handler names its
View in `opt`, and this module documents it from the same renderer table that serves it.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Litestar
from litestar.openapi.spec import OpenAPIHeader, OpenAPIMediaType, OpenAPIResponse, Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType

import schemas
from service.negotiation import renderers_for
from service.renderers import View

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

ERRORS = {
    "400": "A malformed header (Accept, If-None-Match) or parameter.",
    "404": "No such article, collection, item or format suffix.",
    "406": "No available media type fits the Accept header; `available` lists them.",
}


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


def _content(view: View) -> dict[str, OpenAPIMediaType]:
    content = {}
    for renderer in renderers_for(view):
        if renderer.name == "json":
            schema: Reference | Schema = _json_schema(view)
        else:
            schema = Schema(type=OpenAPIType.STRING, description=f"{renderer.name} (suffix .{renderer.suffix})")
        content[renderer.mime] = OpenAPIMediaType(schema=schema)
    return content


def complete(app: Litestar) -> None:
    """Add formats, schemas, 304 and problem responses to the operations of handlers that declare a View."""
    openapi = app.openapi_schema
    _, components = msgspec.json.schema_components(
        list(schemas.TOP_LEVEL_TYPES.values()), ref_template="#/components/schemas/{name}"
    )
    openapi.components.schemas.update(components)  # type: ignore[arg-type]
    openapi.components.schemas["Problem"] = PROBLEM  # type: ignore[assignment]
    problem = {"application/problem+json": OpenAPIMediaType(schema=_ref("Problem"))}
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            view = handler.opt.get("view")
            if view is None or openapi.paths is None or route.path_format not in openapi.paths:
                continue
            operation = openapi.paths[route.path_format].get
            if operation is None:
                continue
            responses: dict[str, Any] = {
                "200": OpenAPIResponse(
                    description="The resource, in the format named by the suffix or negotiated from Accept.",
                    content=_content(view),
                    headers={
                        "ETag": OpenAPIHeader(schema=Schema(type=OpenAPIType.STRING), description="Strong tag."),
                        "Vary": OpenAPIHeader(schema=Schema(type=OpenAPIType.STRING)),
                        "Link": OpenAPIHeader(
                            schema=Schema(type=OpenAPIType.STRING),
                            description='CSV only: rel="describedby" to its CSVW metadata.',
                        ),
                    },
                ),
                "304": OpenAPIResponse(description="Not modified: If-None-Match matched the ETag."),
            }
            for status, description in ERRORS.items():
                responses[status] = OpenAPIResponse(description=description, content=problem)
            operation.responses = responses
