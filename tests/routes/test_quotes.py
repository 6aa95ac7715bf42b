"""Writes whose evidence gives its quotes without offsets (POST and PUT /v1/articles), on SQLite and PostgreSQL:
the service finds the offsets and stores the document as if they had been sent; a quote it cannot find exactly
once is a 422 naming the item, and nothing is stored."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from litestar.testing import TestClient

from tests.conftest import AUTH, SEED_ARTICLE, new_document, problem, seed_document, snapshot
from tests.quotes import quote_only

TEL_ABYAD = "Tel Abyad"
TALL_ABYAD = "Tall Abyad"
"""The bundled article's image description names Tel Abyad at 134..143 (of 191 characters)."""


def put_seed(client: TestClient, document: dict[str, Any]) -> Any:
    etag = client.get(SEED_ARTICLE).headers["etag"]
    return client.put(SEED_ARTICLE, json=document, headers={**AUTH, "If-Match": etag})


def spelled_tall_abyad(document: dict[str, Any]) -> dict[str, Any]:
    """The document with its image description spelling Tel Abyad as Tall Abyad (one letter more)."""
    document["image"]["description"] = document["image"]["description"].replace(TEL_ABYAD, TALL_ABYAD)
    return document


def test_the_bundled_article_sent_by_its_quotes_is_stored_as_it_is(client: TestClient) -> None:
    before = client.get(SEED_ARTICLE)
    replaced = put_seed(client, quote_only(seed_document()))
    assert replaced.status_code == 200, replaced.text[:2000]
    assert replaced.headers["etag"] == before.headers["etag"]  # the same document: nothing was changed
    assert client.get(SEED_ARTICLE).content == before.content
    assert client.get("/v1/articles").json()["items"][0]["revision"] == 1


def test_a_new_article_sent_by_its_quotes_is_created_with_its_offsets(client: TestClient) -> None:
    document = quote_only(seed_document())
    document["id"] = "seed-by-quotes"
    created = client.post("/v1/articles", json=document, headers=AUTH)
    assert created.status_code == 201, created.text[:2000]
    assert created.json() == {**seed_document(), "id": "seed-by-quotes"}
    assert client.get("/v1/articles/seed-by-quotes/locations/atareb").json()["evidence"] == [
        {"field": "body", "start": 2020, "end": 2026, "quote": "Atareb"},
        {"field": "body", "start": 2108, "end": 2116, "quote": "the town"},
    ]


def test_a_quote_not_in_its_field_is_a_422_naming_its_path_and_quote(client: TestClient) -> None:
    before = snapshot(client)
    document = new_document()
    document["actors"][1]["evidence"] = [{"field": "body", "quote": "Free Syrian Army"}]
    body = problem(client.post("/v1/articles", json=document, headers=AUTH), 422)
    assert body["type"] == "http://testserver.local/problems/invalid-document"
    assert body["detail"] == "1 problem(s); first: $.actors[1].evidence[0]: quote 'Free Syrian Army' is not in body"
    assert body["errors"] == [{"path": "$.actors[1].evidence[0]", "message": "quote 'Free Syrian Army' is not in body"}]
    assert snapshot(client) == before


def test_a_quote_found_twice_is_a_422_listing_both_with_their_words(client: TestClient) -> None:
    before = snapshot(client)
    document = new_document()
    document["body"] += " Isis withdrew."
    document["actors"][0]["evidence"] = [{"field": "body", "quote": "Isis"}]
    body = problem(client.post("/v1/articles", json=document, headers=AUTH), 422)
    assert body["errors"] == [
        {
            "path": "$.actors[0].evidence[0]",
            "message": "quote 'Isis' occurs 2 times in body: "
            "1: 27..31 'Fighting in Atareb between [Isis] and the FSA. Isis…'; "
            "2: 45..49 '…Isis and the FSA. [Isis] withdrew.'; "
            "say which with a prefix, a suffix or an occurrence",
        }
    ]
    assert snapshot(client) == before
    document["actors"][0]["evidence"] = [{"field": "body", "quote": "Isis", "suffix": " withdrew"}]
    created = client.post("/v1/articles", json=document, headers=AUTH)
    assert created.status_code == 201, created.text
    assert created.json()["actors"][0]["evidence"] == [{"field": "body", "start": 45, "end": 49, "quote": "Isis"}]


def test_a_put_that_changes_the_text_anchors_every_quote_again(client: TestClient) -> None:
    document = spelled_tall_abyad(quote_only(seed_document()))
    document["locations"][5]["evidence"][0]["quote"] = TALL_ABYAD
    document["events"][10]["evidence"][0]["quote"] = document["image"]["description"]
    replaced = put_seed(client, document)
    assert replaced.status_code == 200, replaced.text[:2000]
    expected = spelled_tall_abyad(seed_document())  # what the file has, the four spans the edit moves moved:
    expected["locations"][1]["evidence"][0].update(start=167, end=173)  # Turkey, one letter further
    expected["locations"][4]["evidence"][0].update(start=151, end=173)  # the border with Turkey
    expected["locations"][5]["evidence"][0].update(end=144, quote=TALL_ABYAD)
    expected["events"][10]["evidence"][0].update(end=192, quote=expected["image"]["description"])
    assert client.get(SEED_ARTICLE).json() == replaced.json() == expected


def test_a_put_that_changes_the_text_with_stale_quotes_is_refused_path_by_path(client: TestClient) -> None:
    before, stored = snapshot(client), client.get(SEED_ARTICLE)
    document = spelled_tall_abyad(quote_only(seed_document()))
    body = problem(put_seed(client, document), 422)
    old_description = seed_document()["image"]["description"]
    assert body["errors"] == [
        {"path": "$.locations[5].evidence[0]", "message": "quote 'Tel Abyad' is not in image.description"},
        {"path": "$.events[10].evidence[0]", "message": f"quote {old_description!r} is not in image.description"},
    ]
    assert snapshot(client) == before
    assert client.get(SEED_ARTICLE).content == stored.content
    assert client.get(SEED_ARTICLE).headers["etag"] == stored.headers["etag"]


def test_a_put_that_changes_the_text_with_stale_offsets_is_refused_as_before(client: TestClient) -> None:
    stored = client.get(SEED_ARTICLE)
    body = problem(put_seed(client, spelled_tall_abyad(seed_document())), 422)
    assert [error["path"] for error in body["errors"]] == [
        "$.locations[1].evidence[0].quote",  # Turkey's old offsets now fall one letter early
        "$.locations[4].evidence[0].quote",
        "$.locations[5].evidence[0].quote",
        "$.events[10].evidence[0].quote",
    ]
    assert body["errors"][0]["message"] == "quote 'Turkey' does not match the text there: ' Turke'"
    assert client.get(SEED_ARTICLE).content == stored.content


def test_a_quote_an_edit_makes_recur_is_refused_not_attached_to_the_first(client: TestClient) -> None:
    stored = client.get(SEED_ARTICLE)
    document = quote_only(seed_document())
    document["body"] += "\n\nAtareb was quiet."
    body = problem(put_seed(client, document), 422)
    assert body["errors"] == [
        {
            "path": "$.locations[10].evidence[0]",
            "message": "quote 'Atareb' occurs 2 times in body: "
            "1: 2020..2026 '…has been reported in: [Atareb], Aleppo province, with…'; "
            "2: 3014..3020 '…government, our correspondent adds. [Atareb] was quiet.'; "
            "say which with a prefix, a suffix or an occurrence",
        }
    ]
    assert client.get(SEED_ARTICLE).content == stored.content
    document["locations"][10]["evidence"][0]["occurrence"] = 1
    replaced = put_seed(client, document)
    assert replaced.status_code == 200, replaced.text[:2000]
    assert replaced.json()["locations"][10]["evidence"][0] == stored.json()["locations"][10]["evidence"][0]


def test_the_published_input_schema_takes_quotes_and_the_output_schema_does_not(client: TestClient) -> None:
    given_by_quotes = quote_only(seed_document())
    written = Draft202012Validator(client.get("/v1/schemas/article-input").json())
    served = Draft202012Validator(client.get("/v1/schemas/article").json())
    assert list(written.iter_errors(given_by_quotes)) == []
    assert list(written.iter_errors(seed_document())) == []
    assert {error.message for error in served.iter_errors(given_by_quotes)} == {
        "'start' is a required property",
        "'end' is a required property",
    }
    given_by_quotes["actors"][0]["evidence"][0]["page"] = 1
    assert [error.message for error in written.iter_errors(given_by_quotes)] == [
        "Additional properties are not allowed ('page' was unexpected)"
    ]


def test_the_openapi_request_body_says_which_evidence_fields_a_write_may_leave_out(client: TestClient) -> None:
    document = client.get("/schema/openapi.json").json()
    components = document["components"]["schemas"]
    body = document["paths"]["/v1/articles"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ArticleInput"}
    evidence = components["EvidenceInput"]
    assert evidence["required"] == ["field", "quote"]
    assert list(evidence["properties"]) == ["field", "start", "end", "quote", "prefix", "suffix", "occurrence"]
    assert evidence["additionalProperties"] is False
    assert evidence["properties"]["prefix"]["not"] == {"pattern": "\\u0000"}
    actor = components["ActorInput"]["properties"]["evidence"]
    assert actor["items"] == {"$ref": "#/components/schemas/EvidenceInput"}
    assert components["Evidence"]["required"] == ["field", "start", "end", "quote"]  # what responses carry
    assert "prefix" not in components["Evidence"]["properties"]
