"""The model's contract: generated JSON Schemas match the committed ones, and v1 evolves by msgspec's rules."""

from __future__ import annotations

import json
from typing import get_args

import msgspec
import pytest

import schemas
from schemas import Article, DocumentInvalid, parse_article
from schemas.v1.events import SUB_EVENT_TYPES, SubEventType
from tests.conftest import ROOT, SEED_PATH

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


def test_sub_event_types_literal_matches_acled_taxonomy() -> None:
    from_taxonomy = [s for subs in SUB_EVENT_TYPES.values() for s in subs]
    assert sorted(from_taxonomy) == sorted(get_args(SubEventType))
    assert len(from_taxonomy) == 25


def test_a_v1_document_with_an_unknown_field_decodes_for_a_reader() -> None:
    document = json.loads(SEED_PATH.read_bytes())
    document["added_in_v1_9"] = {"anything": [1, 2]}
    document["actors"][0]["new_field"] = "ignored"
    article = msgspec.json.decode(json.dumps(document), type=Article)
    assert article.id == document["id"]
    assert len(article.actors) == len(document["actors"])


def test_a_v1_document_without_optional_fields_decodes() -> None:
    minimal = {
        "id": "minimal",
        "headline": "A headline",
        "language": "en",
        "body": "Some text.",
    }
    article = parse_article(json.dumps(minimal))
    assert article.schema_version == schemas.SCHEMA_VERSION
    assert article.url is None and article.date_published is None
    assert article.actors == [] and article.events == []


def test_strict_input_still_rejects_the_unknown_field() -> None:
    document = json.loads(SEED_PATH.read_bytes())
    document["actors"][2]["nickname"] = "x"
    with pytest.raises(DocumentInvalid) as caught:
        parse_article(json.dumps(document))
    assert [(p.path, p.message) for p in caught.value.problems] == [("$.actors[2].nickname", "unknown field")]


def test_unknown_fields_deep_in_a_document_are_each_reported_with_their_path() -> None:
    """A clean document is passed by a walk that builds no paths: one that is not is walked again for them."""
    document = json.loads(SEED_PATH.read_bytes())
    document["events"][3]["evidence"][0]["page"] = 2
    document["events"][1]["date"]["timezone"] = "UTC"
    document["relations"][0]["attribution"] = [{"source": "isis", "said": "x"}]
    with pytest.raises(DocumentInvalid) as caught:
        parse_article(json.dumps(document))
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("$.events[1].date.timezone", "unknown field"),
        ("$.events[3].evidence[0].page", "unknown field"),
        ("$.relations[0].attribution[0].said", "unknown field"),
    ]


def test_a_newer_minor_version_is_accepted_and_a_new_major_is_not() -> None:
    document = json.loads(SEED_PATH.read_bytes())
    document["schema_version"] = "1.7"
    assert parse_article(json.dumps(document)).schema_version == "1.7"
    document["schema_version"] = "2.0"
    with pytest.raises(DocumentInvalid) as caught:
        parse_article(json.dumps(document))
    assert caught.value.problems[0].path == "$.schema_version"
