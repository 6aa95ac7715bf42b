"""The conditional-request rules (service/http/headers.py): If-Modified-Since, and a malformed If-Match refused
before anything is written."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.conftest import AUTH, PROBLEM_FIELDS, SEED_ID, SEED_PATH, snapshot

ARTICLE = f"/v1/articles/{SEED_ID}"


def test_last_modified_and_if_modified_since(client: TestClient) -> None:
    response = client.get(f"{ARTICLE}/events.csv")
    stamp = response.headers["last-modified"]
    assert stamp.endswith(" GMT")
    assert client.get(f"{ARTICLE}/events.csv", headers={"If-Modified-Since": stamp}).status_code == 304
    earlier = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(f"{ARTICLE}/events.csv", headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(f"{ARTICLE}", headers={"If-Modified-Since": "yesterday"}).status_code == 200
    both = {"If-Modified-Since": stamp, "If-None-Match": '"other"'}  # If-None-Match decides
    assert client.get(f"{ARTICLE}/events.csv", headers=both).status_code == 200


JSON = {**AUTH, "Content-Type": "application/json"}


def test_a_malformed_if_match_is_refused_before_anything_is_written(client: TestClient) -> None:
    before = snapshot(client)
    url = "/v1/articles/isis-under-attack-northern-syria"
    response = client.put(url, content=SEED_PATH.read_bytes(), headers={**JSON, "If-Match": "no-quotes"})
    assert response.status_code == 400 and "If-Match" in response.json()["detail"]
    assert snapshot(client) == before


def test_a_malformed_if_none_match_is_a_400_problem(client: TestClient) -> None:
    response = client.get("/v1/articles/isis-under-attack-northern-syria", headers={"If-None-Match": "nope"})
    assert response.status_code == 400, response.text[:500]
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json().keys() >= PROBLEM_FIELDS
