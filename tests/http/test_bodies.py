"""A write's body: read as JSON the way the published schema reads it, then validated."""

from __future__ import annotations

import json

from litestar.testing import TestClient

from tests.conftest import AUTH, new_document, problem


def test_a_number_written_with_a_fraction_is_an_integer_where_it_is_one(client: TestClient) -> None:
    document = new_document("written-with-fractions")
    body = json.dumps(document)
    span = document["actors"][0]["evidence"][0]
    whole = f'"start": {span["start"]}, "end": {span["end"]}'
    assert whole in body
    body = body.replace(whole, f'"start": {span["start"]}.0, "end": {span["end"]}e0', 1)
    response = client.post("/v1/articles", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 201, response.text
    stored = client.get("/v1/articles/written-with-fractions").json()
    assert stored["actors"][0]["evidence"][0]["start"] == span["start"]


def test_a_fraction_where_an_integer_belongs_is_still_refused(client: TestClient) -> None:
    document = new_document("a-fraction")
    document["actors"][0]["evidence"][0]["start"] = 1.5
    response = client.post("/v1/articles", json=document, headers=AUTH)
    assert problem(response, 422)["errors"][0]["path"] == "$.actors[0].evidence[0].start"
    assert client.get("/v1/articles/a-fraction").status_code == 404
