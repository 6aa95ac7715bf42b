"""The published JSON Schemas (draft 2020-12), generated from the Structs."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

import schemas
from service.errors import not_found
from service.representation import CACHE_CONTROL, entity_tag, none_match, origin
from service.settings import Settings

SCHEMA_MEDIA_TYPE = "application/schema+json"


class SchemaController(Controller):
    path = "/schemas"
    tags = ["schemas"]

    @get("/", summary="Index of the JSON Schemas", sync_to_thread=False)
    def index(self, request: Request, settings: NamedDependency[Settings]) -> dict[str, Any]:
        base = origin(request, settings.public_url)
        return {
            "schema_version": schemas.SCHEMA_VERSION,
            "schemas": [{"name": name, "url": f"{base}/v1/schemas/{name}"} for name in schemas.TOP_LEVEL_TYPES],
        }

    @get("/{name:str}", summary="One JSON Schema", sync_to_thread=False, opt={"media_type": SCHEMA_MEDIA_TYPE})
    def schema(self, request: Request, name: FromPath[str]) -> Response[bytes]:
        name = name.removesuffix(".json")
        if name not in schemas.TOP_LEVEL_TYPES:
            raise not_found(f"schema {name!r}")
        body = schemas.json_schema_bytes(name)
        etag = entity_tag(body)
        headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
        if none_match(request.headers.get("if-none-match"), etag):
            return Response(b"", status_code=304, headers=headers)
        return Response(body, media_type=SCHEMA_MEDIA_TYPE, headers=headers)
