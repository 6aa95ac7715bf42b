"""Complete the OpenAPI document Litestar generates: every format a route serves, its schemas, its errors.

Handlers return finished bytes, so Litestar cannot see their media types; each handler names its
View in `opt`, and this module documents it from the same renderer table that serves it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
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
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.static_files import create_static_files_router

import schemas
from schemas import Article, parse_article
from service import paths, search
from service.http import query
from service.http.errors import PROBLEM_MEDIA_TYPE, ProblemDetails, problems_of
from service.http.negotiation import declared_profiles, renderers_for
from service.records import article_records
from service.renderers import Renderer, View
from service.renderers.base import Resource
from service.store import summarize

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


def _key(renderer: Renderer) -> str:
    """A format's media type in the document: its type, and its profile where one tells it from another of the
    same type (Web Annotations, beside schema.org JSON-LD)."""
    profiles = declared_profiles(renderer.media_type)
    return renderer.mime + "".join(f'; profile="{profile}"' for profile in sorted(profiles))


def _examples(view: View, seed: Article | None) -> dict[str, Any]:
    """Each format's answer for the bundled seed article (its events — or places, for GeoJSON — where the view
    is a collection)."""
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
            examples[_key(renderer)] = f"An HTML {renderer.name} — see {EXAMPLE_ORIGIN}{path}.{renderer.suffix}"
            continue
        rendered = renderer.render(resource)
        text = rendered.decode() if isinstance(rendered, bytes) else b"".join(rendered).decode()
        is_json = renderer.mime.endswith("json") and not renderer.mime.endswith("ndjson")
        examples[_key(renderer)] = json.loads(text) if is_json else text
    return examples


def _content(view: View, seed: Article | None) -> dict[str, OpenAPIMediaType]:
    content = {}
    examples = _examples(view, seed)
    for renderer in renderers_for(view):
        if renderer.name == "json":
            schema: Reference | Schema = _json_schema(view)
        elif renderer.binary:
            schema = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY, description=renderer.name)
        elif renderer.mime.endswith("json") and not renderer.mime.endswith("ndjson"):
            schema = Schema(type=OpenAPIType.OBJECT, description=f"{renderer.name} (suffix .{renderer.suffix})")
        else:
            schema = Schema(type=OpenAPIType.STRING, description=f"{renderer.name} (suffix .{renderer.suffix})")
        content[_key(renderer)] = OpenAPIMediaType(schema=schema, example=examples.get(_key(renderer)))
    if view is View.COLLECTION:  # (the same routes serve {collection}/datapackage.zip and /v1/datapackage.zip)
        for renderer in renderers_for(View.PACKAGE):
            content[renderer.mime] = OpenAPIMediaType(
                schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY, description="A Data Package.")
            )
    return content


def _headers() -> dict[str, OpenAPIHeader | Reference]:
    text = Schema(type=OpenAPIType.STRING)
    return {
        "ETag": OpenAPIHeader(schema=text, description="A strong entity tag of this representation."),
        "Vary": OpenAPIHeader(schema=text, description="Accept, where the format was negotiated."),
        "Link": OpenAPIHeader(schema=text, description='CSV only: rel="describedby" to its CSVW metadata.'),
    }


def _param_schema(param: query.Param, ids: dict[str, Any]) -> Schema:
    """What `query.parse_value` takes for a parameter, as a schema: a value outside it is a 400."""
    if param.parse == "id":
        return Schema(type=OpenAPIType.STRING, pattern=ids["pattern"], max_length=ids["maxLength"])
    if param.parse == "text":
        return Schema(type=OpenAPIType.STRING, min_length=1, max_length=1_000, pattern=_SOME_TEXT)
    if param.parse == "country":
        return Schema(type=OpenAPIType.STRING, pattern=query.COUNTRY.pattern)
    if param.parse == "date":
        return Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE)
    if param.parse == "datetime":
        return Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE_TIME)
    if param.parse == "search":
        return Schema(type=OpenAPIType.STRING, max_length=search.MAX_QUERY)
    return Schema(type=OpenAPIType.STRING, enum=list(param.choices))


_BLANKS = "".join(f"\\u{code:04x}" for code in range(0x3001) if chr(code).isspace())  # (U+3000 is the last)
_SOME_TEXT = f"^[^\\u0000]*[^\\u0000{_BLANKS}][^\\u0000]*$"
"""Text with something in it besides whitespace (as `str.strip` sees it), and no NUL."""


def _query_parameters(path: str, view: View | None, ids: dict[str, Any]) -> list[Parameter]:
    """The query parameters each route checks (service/http/query.py), documented from the same tables."""
    params: dict[str, tuple[str, Schema]] = {}
    examples = {name: p.example for table in query.PARAMS.values() for name, p in table.items() if p.example}
    if path == paths.articles():
        params.update((name, (param.description, _param_schema(param, ids))) for name, param in query.SEARCH.items())
    if path == paths.corpus("{listing}"):  # (a name two listings share, as `kind`, takes the values of both)
        shared: dict[str, list[query.Param]] = {}
        for table in query.PARAMS.values():
            for name, param in table.items():
                shared.setdefault(name, []).append(param)
        for name, same in shared.items():
            choices = tuple(dict.fromkeys(choice for param in same for choice in param.choices))
            param = dataclasses.replace(same[0], choices=choices)
            described = " Or: ".join(dict.fromkeys(param.description for param in same))
            params[name] = (described, _param_schema(param, ids))
    if path in (paths.corpus("{listing}"), paths.articles(), paths.corpus("deletions")):
        limit = Schema(type=OpenAPIType.INTEGER, minimum=1, maximum=query.MAX_LIMIT)
        params["limit"] = (f"Items a page, 1 to {query.MAX_LIMIT} (JSON, JSON-LD).", limit)
        params["cursor"] = (
            "The next page: opaque, as the previous page's `next` gives it.",
            Schema(type=OpenAPIType.STRING),
        )
    if path == paths.corpus("deletions"):
        params["since"] = (query.SINCE.description, _param_schema(query.SINCE, ids))
    if view is not None:
        dialects = Schema(type=OpenAPIType.STRING, enum=list(query.DIALECTS))
        params["dialect"] = (
            "CSV only: `excel` adds a BOM and defuses cells a spreadsheet would run as formulas.",
            dialects,
        )
    return [
        Parameter(
            name=name,
            param_in=ParamType.QUERY,
            required=False,
            schema=schema,
            description=description,
            example=examples.get(name),
        )
        for name, (description, schema) in params.items()
    ]


_ENTITY_TAG = r'(?:W/)?"[\x21\x23-\x7e]*"'
ENTITY_TAGS = f"^[ \\t]*(?:\\*|(?:{_ENTITY_TAG})?(?:[ \\t]*,[ \\t]*(?:{_ENTITY_TAG})?)*)[ \\t]*$"
"""`*` or a list of entity tags, maybe empty (RFC 9110 §13.1.1, 5.6.1); anything else is a 400."""


def _header(name: str, description: str) -> Parameter:
    return Parameter(
        name=name,
        param_in=ParamType.HEADER,
        required=False,
        schema=Schema(type=OpenAPIType.STRING, pattern=ENTITY_TAGS),
        description=description,
    )


INPUT = "Input"
"""The suffix of a request body's component: ArticleInput is Article as a write accepts it."""


def _strict(components: dict[str, Any]) -> dict[str, Any]:
    """The components of a request body as the input gate reads them (schemas.v1.validation): no field the
    model does not define, no NUL in any string. Responses keep the open schemas, for tolerant readers."""

    def strict(schema: Any) -> Any:
        if isinstance(schema, list):
            return [strict(item) for item in schema]
        if not isinstance(schema, dict):
            return schema
        tightened = {key: strict(value) for key, value in schema.items()}
        if "$ref" in tightened:
            tightened["$ref"] += INPUT
        if "properties" in tightened and "additionalProperties" not in tightened:
            tightened["additionalProperties"] = False
        types = tightened.get("type")
        if types == "string" or (isinstance(types, list) and "string" in types):
            tightened["not"] = {"pattern": "\\u0000"}
        return tightened

    return {f"{name}{INPUT}": strict(schema) for name, schema in components.items()}


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
    _, inputs = msgspec.json.schema_components([Article], ref_template="#/components/schemas/{name}")
    openapi.components.schemas.update(_strict(inputs))  # type: ignore[arg-type]
    ids = components["Article"]["properties"]["id"]
    _, problem_components = msgspec.json.schema_components([ProblemDetails], ref_template="#/components/schemas/{name}")
    openapi.components.schemas.update(problem_components)  # type: ignore[arg-type]
    openapi.components.security_schemes = {
        "bearer": SecurityScheme(type="http", scheme="bearer", description="A token listed in API_TOKENS.")
    }
    problem = {PROBLEM_MEDIA_TYPE: OpenAPIMediaType(schema=_ref(ProblemDetails.__name__), example=PROBLEM_EXAMPLE)}
    example = msgspec.to_builtins(seed) if seed else None
    article_json = {"application/json": OpenAPIMediaType(schema=_ref("Article"), example=example)}
    article_input = {"application/json": OpenAPIMediaType(schema=_ref(f"Article{INPUT}"), example=example)}
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
                        description=description, content=_content(view, seed), headers=_headers()
                    )
                elif media_type:
                    schema: Reference | Schema = _ref(opt["schema"]) if "schema" in opt else Schema()
                    responses["200"] = OpenAPIResponse(
                        description="The document.", content={media_type: OpenAPIMediaType(schema=schema)}
                    )
                if view or opt.get("tagged"):
                    responses["304"] = OpenAPIResponse(description="Not modified: If-None-Match matched the ETag.")
                conditional = [_header("If-None-Match", "ETags the client has: 304 when one is current.")]
                operation.parameters = [
                    *(operation.parameters or []),
                    *_query_parameters(route.path_format, view, ids),
                    *(conditional if "304" in responses else []),
                ]
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
                        _header("If-Match", "The ETag of the version you read (required to replace)."),
                    ]
                operation.security = [{"bearer": []}]
            negotiates = method == "get" and bool(opt.get("view"))
            for status, kinds in problems_of(method, has_ids="{" in route.path_format, negotiates=negotiates).items():
                description = " Or: ".join(kind.meaning for kind in kinds)
                responses[str(status)] = OpenAPIResponse(description=description, content=problem)
            operation.responses = responses
