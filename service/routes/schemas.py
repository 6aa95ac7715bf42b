"""The published JSON Schemas (draft 2020-12), generated from the Structs."""

from __future__ import annotations

import msgspec
from litestar import Controller, Request, Response, get
from litestar.params import FromPath

import schemas
from service import paths
from service.http.errors import not_found
from service.http.representation import origin, tagged
from service.routes import settings_of

SCHEMA_MEDIA_TYPE = "application/schema+json"


class SchemaController(Controller):
    path = "/schemas"
    tags = ["schemas"]

    @get(
        "/",
        summary="Index of the JSON Schemas",
        sync_to_thread=False,
        opt={"media_type": "application/json", "tagged": True},
    )
    def index(self, request: Request) -> Response[bytes]:
        base = origin(request, settings_of(request).public_url)
        index = {
            "schema_version": schemas.SCHEMA_VERSION,
            "schemas": [{"name": name, "url": base + paths.schema(name)} for name in schemas.TOP_LEVEL_TYPES],
        }
        return tagged(request, msgspec.json.encode(index), "application/json")

    @get(
        "/{name:str}",
        summary="One JSON Schema",
        sync_to_thread=False,
        opt={"media_type": SCHEMA_MEDIA_TYPE, "tagged": True},
    )
    def schema(self, request: Request, name: FromPath[str]) -> Response[bytes]:
        name = name.removesuffix(".json")
        if name not in schemas.TOP_LEVEL_TYPES:
            raise not_found(f"schema {name!r}")
        return tagged(request, schemas.json_schema_bytes(name), SCHEMA_MEDIA_TYPE)
