"""The one place that knows schema versions: the current version, its types, and their JSON Schemas.

Everything else imports the model from here (`from schemas import Article`), so
moving to a v2 is a change in this file, not a hunt through the service.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import msgspec

from schemas import v1
from schemas._base import is_id
from schemas.v1 import (
    SCHEMA_VERSION,
    SUB_EVENT_TYPES,
    Actor,
    Article,
    ArticleSummary,
    Event,
    Evidence,
    Location,
    Page,
    Relation,
)
from schemas.v1.anchoring import anchor, parse_input, validate_input
from schemas.v1.inputs import ArticleInput
from schemas.v1.records import ActorRecord, Deletion, EventRecord, Facets, LocationRecord, RelationRecord
from schemas.v1.validation import DocumentInvalid, Problem, decode_json, parse_article, validate_article

API_VERSION = "v1"
"""The version in every API path (service/paths.py builds them on it)."""
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

COLLECTIONS: dict[str, type[msgspec.Struct]] = {
    "actors": Actor,
    "locations": Location,
    "events": Event,
    "relations": Relation,
}
"""The article's collections, by the name they have in the document and in URLs."""

RECORDS: dict[str, type[msgspec.Struct]] = {
    "actors": ActorRecord,
    "locations": LocationRecord,
    "events": EventRecord,
    "relations": RelationRecord,
}
"""What a member of each collection is when served on its own: the Struct plus its article_id."""

TOP_LEVEL_TYPES: dict[str, Any] = {
    "article": Article,
    "article-list": Page[ArticleSummary],
    "actor": ActorRecord,
    "actor-list": Page[ActorRecord],
    "location": LocationRecord,
    "location-list": Page[LocationRecord],
    "event": EventRecord,
    "event-list": Page[EventRecord],
    "relation": RelationRecord,
    "relation-list": Page[RelationRecord],
    "deletion-list": Page[Deletion],
    "facets": Facets,
    "article-input": ArticleInput,
}
"""Each JSON response body type, and the article as a write sends it (article-input: evidence may give its quote
without offsets), published as a JSON Schema at /v1/schemas/{name}."""

ITEM_SCHEMAS = {"actors": "actor", "locations": "location", "events": "event", "relations": "relation"}
"""The JSON Schema name of a member of each collection (its list is the name + '-list')."""


def json_schema(name: str) -> dict[str, Any]:
    """The draft 2020-12 JSON Schema of one top-level type, generated from its Struct."""
    schema = msgspec.json.schema(TOP_LEVEL_TYPES[name])
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"{name} ({API_VERSION}, schema {SCHEMA_VERSION})",
        **schema,
    }


@cache
def json_schema_bytes(name: str) -> bytes:
    """The JSON Schema of `name`, encoded once (it only changes with the code)."""
    return msgspec.json.format(msgspec.json.encode(json_schema(name)), indent=2) + b"\n"


__all__ = [
    "API_VERSION",
    "COLLECTIONS",
    "ITEM_SCHEMAS",
    "RECORDS",
    "SCHEMA_VERSION",
    "SUB_EVENT_TYPES",
    "TOP_LEVEL_TYPES",
    "Actor",
    "Article",
    "ArticleInput",
    "ArticleSummary",
    "DocumentInvalid",
    "Event",
    "Evidence",
    "Location",
    "Page",
    "Problem",
    "Relation",
    "anchor",
    "decode_json",
    "is_id",
    "json_schema",
    "json_schema_bytes",
    "parse_article",
    "parse_input",
    "v1",
    "validate_article",
    "validate_input",
]
