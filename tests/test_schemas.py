"""The model's published contract (schemas/__init__.py): generated JSON Schemas match the committed ones."""

from __future__ import annotations

import pytest

import schemas
from tests.conftest import (
    ROOT,
)

COMMITTED = ROOT / "schemas" / "v1" / "jsonschema"


@pytest.mark.parametrize("name", list(schemas.TOP_LEVEL_TYPES))
def test_committed_json_schema_equals_generated(name: str) -> None:
    committed = (COMMITTED / f"{name}.json").read_bytes()
    assert committed == schemas.json_schema_bytes(name), f"run `python -m schemas` and review the diff of {name}"


def test_every_committed_schema_is_still_published() -> None:
    assert sorted(p.stem for p in COMMITTED.glob("*.json")) == sorted(schemas.TOP_LEVEL_TYPES)


def test_json_schemas_declare_draft_2020_12() -> None:
    for name in schemas.TOP_LEVEL_TYPES:
        assert schemas.json_schema(name)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
