"""Complete the OpenAPI document Litestar generates: every format a route serves, its schemas, its errors.

Handlers return finished bytes, so Litestar cannot see their media types; each handler names its
View in `opt`, and this module documents it from the same renderer table that serves it.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import msgspec
from litestar import Litestar, Router
from litestar._openapi.plugin import OpenAPIPlugin
from litestar.config.app import AppConfig
from litestar.enums import ParamType
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import (
    OpenAPI,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    Parameter,
    Reference,
    RequestBody,
    Schema,
    SecurityScheme,
)
from litestar.openapi.spec.enums import OpenAPIType
from litestar.static_files import create_static_files_router

import schemas
from schemas import ArticleInput, parse_article
from service import paths
from service.http.errors import PROBLEM_MEDIA_TYPE, ProblemDetails, problems_of
from service.http.openapi import drafts
from service.http.openapi.content import content_of, ref, response_headers
from service.http.openapi.inputs import strict_inputs
from service.http.openapi.parameters import header, query_parameters

PROBLEM_EXAMPLE = {
    "type": "http://127.0.0.1:8000/problems/not-found",
    "title": "Not Found",
    "status": 404,
    "detail": "article 'no-such-article' does not exist",
    "instance": paths.article("no-such-article"),
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
    """The Swagger UI distribution installed with the swagger-ui-py package, found without importing it (its
    module imports jinja2 and PyYAML at start-up, for files we only serve)."""
    spec = find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the swagger-ui-py package is not installed")
    static = Path(spec.submodule_search_locations[0]) / "static"
    return create_static_files_router(path=SWAGGER_ASSETS, directories=[static], include_in_schema=False)


class CompletedOpenAPI(OpenAPIPlugin):
    """Litestar's OpenAPI plugin, completing the document (`complete`) when it is first built: on the first
    request for it, not at start-up, where it delayed the first answer."""

    __slots__ = ("data_dir",)

    def __init__(self, app: Litestar, data_dir: Path | None):
        super().__init__(app)
        self.data_dir = data_dir

    def _build_openapi(self) -> OpenAPI:
        document = super()._build_openapi()
        complete(document, self.app, self.data_dir)
        return document

    @classmethod
    def installer(cls, data_dir: Path | None) -> Callable[[AppConfig], AppConfig]:
        """An `on_app_init` hook that puts this plugin in the place of Litestar's own (it runs before the
        plugins' hooks, so the replacement is the one that sets the document's routes up)."""

        def install(config: AppConfig) -> AppConfig:
            for index, plugin in enumerate(config.plugins):
                if type(plugin) is OpenAPIPlugin:
                    config.plugins[index] = cls(plugin.app, data_dir)
            return config

        return install


def complete(openapi: OpenAPI, app: Litestar, data_dir: Path | None = None) -> None:
    """Document what each handler really sends: its formats (with the seed article as example), its query
    parameters and headers, request bodies, 304, and problem+json for every error."""
    seed_path = next(iter(sorted(data_dir.glob("*.json"))), None) if data_dir else None
    seed = parse_article(seed_path.read_bytes()) if seed_path else None
    _, components = msgspec.json.schema_components(
        list(schemas.TOP_LEVEL_TYPES.values()), ref_template="#/components/schemas/{name}"
    )
    openapi.components.schemas.update(components)  # type: ignore[arg-type]
    _, inputs = msgspec.json.schema_components([ArticleInput], ref_template="#/components/schemas/{name}")
    openapi.components.schemas.update(strict_inputs(inputs))  # type: ignore[arg-type]
    ids = components["Article"]["properties"]["id"]
    _, problem_components = msgspec.json.schema_components([ProblemDetails], ref_template="#/components/schemas/{name}")
    openapi.components.schemas.update(problem_components)  # type: ignore[arg-type]
    openapi.components.schemas.update(drafts.components())  # type: ignore[arg-type]
    openapi.components.security_schemes = {
        "bearer": SecurityScheme(type="http", scheme="bearer", description="A token listed in API_TOKENS.")
    }
    problem = {PROBLEM_MEDIA_TYPE: OpenAPIMediaType(schema=ref(ProblemDetails.__name__), example=PROBLEM_EXAMPLE)}
    example = msgspec.to_builtins(seed) if seed else None
    article_json = {"application/json": OpenAPIMediaType(schema=ref("Article"), example=example)}
    article_input = {"application/json": OpenAPIMediaType(schema=ref(ArticleInput.__name__), example=example)}
    written: dict[str, OpenAPIHeader | Reference] = {
        "ETag": OpenAPIHeader(schema=Schema(type=OpenAPIType.STRING), description="The stored version's tag."),
        "Location": OpenAPIHeader(schema=Schema(type=OpenAPIType.STRING), description="The article's URL."),
    }
    for route in app.routes:
        path = openapi.paths.get(route.path_format) if openapi.paths else None
        if path is None:
            continue
        handlers = {m.lower(): h for h in getattr(route, "route_handlers", ()) for m in h.http_methods}
        for method in ("get", "post", "put", "delete"):
            operation = getattr(path, method)
            if operation is None or method not in handlers:
                continue
            opt: dict[str, Any] = handlers[method].opt
            responses: dict[str, Any] = {} if method != "get" else dict(operation.responses or {})
            if method == "get":
                view, media_type = opt.get("view"), opt.get("media_type")
                if view:
                    description = "The resource, in the format named by the suffix or negotiated from Accept."
                    responses["200"] = OpenAPIResponse(
                        description=description, content=content_of(view, seed), headers=response_headers()
                    )
                elif media_type:
                    schema: Reference | Schema = ref(opt["schema"]) if "schema" in opt else Schema()
                    responses["200"] = OpenAPIResponse(
                        description="The document.", content={media_type: OpenAPIMediaType(schema=schema)}
                    )
                if view or opt.get("tagged"):
                    responses["304"] = OpenAPIResponse(description="Not modified: If-None-Match matched the ETag.")
                conditional = [header("If-None-Match", "ETags the client has: 304 when one is current.")]
                operation.parameters = [
                    *(operation.parameters or []),
                    *query_parameters(route.path_format, view, ids),
                    *(conditional if "304" in responses else []),
                ]
            elif opt.get("draft"):
                operation.request_body = drafts.request_body()
                responses["200"] = drafts.answer()
            else:
                if method in ("post", "put"):
                    operation.request_body = RequestBody(content=article_input, required=True)
                    responses["201"] = OpenAPIResponse(description="Created.", content=article_json, headers=written)
                if method == "put":
                    responses["200"] = OpenAPIResponse(description="Replaced.", content=article_json, headers=written)
                if method == "delete":
                    responses["204"] = OpenAPIResponse(description="Deleted, with all its records.")
                if method in ("put", "delete"):
                    for parameter in operation.parameters or []:
                        if isinstance(parameter, Parameter) and parameter.param_in == ParamType.PATH:
                            parameter.schema = Schema(
                                type=OpenAPIType.STRING, pattern=ids["pattern"], max_length=ids["maxLength"]
                            )
                    operation.parameters = [
                        *(operation.parameters or []),
                        header("If-Match", "The ETag of the version you read (required to replace)."),
                    ]
                operation.security = [{"bearer": []}]
            negotiates = method == "get" and bool(opt.get("view"))
            counts = route.path_format.endswith("/facets")
            has_ids = "{" in route.path_format
            drafting = bool(opt.get("draft"))
            problems = problems_of(method, has_ids=has_ids, negotiates=negotiates, counts=counts, drafts=drafting)
            for status, kinds in problems.items():
                description = " Or: ".join(kind.meaning for kind in kinds)
                responses[str(status)] = OpenAPIResponse(description=description, content=problem)
            operation.responses = responses
