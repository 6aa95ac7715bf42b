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
from service.routes.schemas import SCHEMA_MEDIA_TYPE

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


def _headers() -> dict[str, OpenAPIHeader | Reference]:
    text = Schema(type=OpenAPIType.STRING)
    return {
        "ETag": OpenAPIHeader(schema=text, description="A strong entity tag of this representation."),
        "Vary": OpenAPIHeader(schema=text, description="Accept, where the format was negotiated."),
        "Link": OpenAPIHeader(schema=text, description='CSV only: rel="describedby" to its CSVW metadata.'),
    }


def complete(app: Litestar) -> None:
    """Document what each handler really sends: its formats, 304, and problem+json for every error."""
    openapi = app.openapi_schema
    _, components = msgspec.json.schema_components(
        list(schemas.TOP_LEVEL_TYPES.values()), ref_template="#/components/schemas/{name}"
    )
    openapi.components.schemas.update(components)  # type: ignore[arg-type]
    openapi.components.schemas["Problem"] = PROBLEM  # type: ignore[assignment]
    problem = {"application/problem+json": OpenAPIMediaType(schema=_ref("Problem"))}
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
            responses["200"] = OpenAPIResponse(description=description, content=_content(view), headers=_headers())
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
