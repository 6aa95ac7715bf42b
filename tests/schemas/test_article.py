"""The article Struct and its evolution (schemas/v1/article.py, msgspec's rules): lossless JSON, unknown
fields ignored by a reader, optional fields optional, a minor version accepted and a new major not."""

from __future__ import annotations

import json

import msgspec
import pytest
from hypothesis import given

import schemas
from schemas import Article, DocumentInvalid, parse_article
from tests.conftest import PROPERTY, SEED_PATH, articles


@PROPERTY
@given(articles())
def test_json_round_trips_exactly(article: Article) -> None:
    assert msgspec.json.decode(msgspec.json.encode(article), type=Article) == article


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


def test_a_newer_minor_version_is_accepted_and_a_new_major_is_not() -> None:
    document = json.loads(SEED_PATH.read_bytes())
    document["schema_version"] = "1.7"
    assert parse_article(json.dumps(document)).schema_version == "1.7"
    document["schema_version"] = "2.0"
    with pytest.raises(DocumentInvalid) as caught:
        parse_article(json.dumps(document))
    assert caught.value.problems[0].path == "$.schema_version"
