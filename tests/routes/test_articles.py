"""The article routes (service/routes/articles.py), on SQLite and PostgreSQL: listing, reading, creating,
replacing and deleting an article, and the catalogue of bad writes, each a clear problem that stores nothing."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from litestar.testing import TestClient

from schemas import COLLECTIONS, ITEM_SCHEMAS
from tests.conftest import AUTH, PROBLEM_FIELDS, SEED_ID, article_ids, new_document, problem, seed_document, snapshot

ARTICLE = f"/v1/articles/{SEED_ID}"


def validate_against_served_schema(client: TestClient, name: str, document: object) -> None:
    schema = client.get(f"/v1/schemas/{name}").json()
    errors = sorted(Draft202012Validator(schema).iter_errors(document), key=str)
    assert errors == []


def test_the_article_list_names_the_seed(client: TestClient) -> None:
    body = client.get("/v1/articles").json()
    assert [a["id"] for a in body["items"]] == [SEED_ID]
    assert body["next"] is None
    validate_against_served_schema(client, "article-list", body)


def test_each_json_response_validates_against_its_served_schema(client: TestClient, seed) -> None:
    validate_against_served_schema(client, "article", client.get(ARTICLE).json())
    for collection in COLLECTIONS:
        listing = client.get(f"{ARTICLE}/{collection}").json()
        assert len(listing["items"]) == len(getattr(seed, collection)) > 0
        validate_against_served_schema(client, f"{ITEM_SCHEMAS[collection]}-list", listing)
        for item in listing["items"]:
            one = client.get(f"{ARTICLE}/{collection}/{item['id']}")
            assert one.json() == item
            validate_against_served_schema(client, ITEM_SCHEMAS[collection], one.json())


def test_post_creates_and_answers_201_with_location_and_etag(client: TestClient) -> None:
    response = client.post("/v1/articles", json=new_document(), headers=AUTH)
    assert response.status_code == 201
    assert response.headers["location"] == "/v1/articles/second-article"
    stored = client.get("/v1/articles/second-article")
    assert stored.headers["etag"] == response.headers["etag"]
    assert stored.json() == response.json()
    assert stored.json()["events"][0]["participants"][0] == {"actor": "isis", "role": "actor1"}
    summary = next(a for a in client.get("/v1/articles").json()["items"] if a["id"] == "second-article")
    assert (summary["revision"], summary["event_count"]) == (1, 1)


def test_post_of_an_existing_id_is_409(client: TestClient) -> None:
    problem(client.post("/v1/articles", json=seed_document(), headers=AUTH), 409, "already exists")


def test_an_invalid_document_is_422_with_paths_and_stores_nothing(client: TestClient) -> None:
    document = new_document()
    document["events"][0]["participants"][0]["actor"] = "foo"
    body = problem(client.post("/v1/articles", json=document, headers=AUTH), 422)
    assert body["errors"] == [{"path": "$.events[0].participants[0].actor", "message": "unknown actor id 'foo'"}]
    assert body["type"] == "http://testserver.local/problems/invalid-document"
    assert article_ids(client) == ["isis-under-attack-northern-syria"]
    assert client.get("/v1/events?article=second-article").json()["items"] == []


@pytest.mark.parametrize(
    ("content", "content_type", "status", "detail"),
    [
        (b'{"id": ', "application/json", 400, "not valid UTF-8 JSON"),
        (b"", "application/json", 400, "empty"),
        (b"\xff\xfe{}", "application/json", 400, "not valid UTF-8 JSON"),
        (b"[1, 2]", "application/json", 422, "expected a JSON object"),
        (b'{"id": "x"}', "text/plain", 415, "text/plain"),
        (b'{"id": "x"}', "", 415, "(none)"),
    ],
)
def test_bad_bodies_are_clear_problems(client: TestClient, content: bytes, content_type: str, status: int, detail: str):
    headers = {**AUTH, "Content-Type": content_type} if content_type else AUTH
    problem(client.post("/v1/articles", content=content, headers=headers), status, detail)
    assert article_ids(client) == ["isis-under-attack-northern-syria"]


def test_put_replaces_only_with_the_current_etag(client: TestClient) -> None:
    url = "/v1/articles/isis-under-attack-northern-syria"
    first = client.get(url)
    changed = seed_document()
    changed["headline"] = changed["headline"]  # same id, a new version below
    changed["actors"][0]["description"] = "Edited."
    problem(client.put(url, json=changed, headers=AUTH), 428, "If-Match")
    problem(client.put(url, json=changed, headers={**AUTH, "If-Match": '"stale"'}), 412, "has changed")
    problem(client.put(url, json=changed, headers={**AUTH, "If-Match": "W/" + first.headers["etag"]}), 412)
    assert client.get(url).json() == first.json()  # nothing changed by the refused writes
    replaced = client.put(url, json=changed, headers={**AUTH, "If-Match": first.headers["etag"]})
    assert replaced.status_code == 200
    assert replaced.headers["etag"] != first.headers["etag"]
    assert client.get(url).json()["actors"][0]["description"] == "Edited."
    assert client.get(f"{url}/actors/isis").json()["description"] == "Edited."
    summary = client.get("/v1/articles").json()["items"][0]
    assert summary["revision"] == 2
    problem(client.put(url, json=seed_document(), headers={**AUTH, "If-Match": first.headers["etag"]}), 412)


def test_put_creates_a_new_article_and_an_identical_put_changes_nothing(client: TestClient) -> None:
    created = client.put("/v1/articles/second-article", json=new_document(), headers=AUTH)
    assert created.status_code == 201
    again = client.put(
        "/v1/articles/second-article", json=new_document(), headers={**AUTH, "If-Match": created.headers["etag"]}
    )
    assert again.status_code == 200 and again.headers["etag"] == created.headers["etag"]
    summary = next(a for a in client.get("/v1/articles").json()["items"] if a["id"] == "second-article")
    assert summary["revision"] == 1


def test_put_with_an_id_other_than_the_url_is_refused(client: TestClient) -> None:
    body = problem(client.put("/v1/articles/other-id", json=new_document(), headers=AUTH), 422, "not the id in the URL")
    assert body["errors"] == [{"path": "$.id", "message": "expected 'other-id'"}]
    assert "other-id" not in article_ids(client)


def test_a_rejected_replacement_leaves_the_stored_version(client: TestClient) -> None:
    url = "/v1/articles/isis-under-attack-northern-syria"
    before = client.get(url)
    broken = copy.deepcopy(seed_document())
    broken["actors"][0]["evidence"][0]["quote"] = "ISIS"
    problem(client.put(url, json=broken, headers={**AUTH, "If-Match": before.headers["etag"]}), 422)
    assert client.get(url).content == before.content


def test_delete_removes_the_article_and_all_its_records(client: TestClient) -> None:
    client.post("/v1/articles", json=new_document(), headers=AUTH)
    assert len(client.get("/v1/events?article=second-article").json()["items"]) == 1
    url = "/v1/articles/second-article"
    problem(client.delete(url, headers={**AUTH, "If-Match": '"stale"'}), 412)
    response = client.delete(url, headers=AUTH)
    assert response.status_code == 204 and response.content == b""
    problem(client.get(url), 404)
    for collection in ("actors", "locations", "events", "relations"):
        assert client.get(f"/v1/{collection}?article=second-article").json()["items"] == []
    assert "second-article" not in client.get("/v1/events.csv").text
    deleted = client.get("/v1/deletions").json()["items"]
    assert [d["id"] for d in deleted] == ["second-article"]
    problem(client.delete(url, headers=AUTH), 404)


JSON = {**AUTH, "Content-Type": "application/json"}


def edited(change: Callable[[dict[str, Any]], Any]) -> bytes:
    document = copy.deepcopy(new_document("catalogue"))
    change(document)
    return json.dumps(document).encode()


def huge_id() -> str:
    return "a" * 10_240


WRITES: list[tuple[str, bytes, dict[str, str], int, str | None]] = [
    # (case, body, headers, status, JSON path of the first problem or None)
    ("malformed JSON", b'{"id": "x", ', JSON, 400, None),
    ("JSON that is not an object", b'["an", "array"]', JSON, 422, "$"),
    ("invalid UTF-8", b'{"id": "\xff\xfe"}', JSON, 400, None),
    ("a wrong Content-Type", json.dumps(new_document()).encode(), {**AUTH, "Content-Type": "text/csv"}, 415, None),
    ("an empty body", b"", JSON, 400, None),
    ("nesting 10,000 levels deep", b'{"id": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", JSON, 400, None),
    ("a 1 MB string in a field", edited(lambda d: d.update(headline="x" * 1_000_000)), JSON, 422, "$.headline"),
    ("unknown fields", edited(lambda d: d["actors"][0].update(colour="red")), JSON, 422, "$.actors[0].colour"),
    ("a wrong type", edited(lambda d: d["events"][0].update(certainty=3)), JSON, 422, "$.events[0].certainty"),
    ("a missing required field", edited(lambda d: d.pop("headline")), JSON, 422, "$"),
    ("duplicate ids", edited(lambda d: d["actors"][1].update(id="isis")), JSON, 422, "$.actors[1].id"),
    (
        "a reference to an unknown id",
        edited(lambda d: d["events"][0]["locations"].append("atlantis")),
        JSON,
        422,
        "$.events[0].locations[1]",
    ),
    (
        "an evidence offset out of range",
        edited(lambda d: d["actors"][0]["evidence"][0].update(start=5000, end=5004)),
        JSON,
        422,
        "$.actors[0].evidence[0]",
    ),
    (
        "a quote that does not match",
        edited(lambda d: d["actors"][0]["evidence"][0].update(quote="ISIS")),
        JSON,
        422,
        "$.actors[0].evidence[0].quote",
    ),
    (
        "a date that does not parse",
        edited(lambda d: d["events"][0].update(date={"start": "3 Jan 2014", "precision": "day", "basis": "stated"})),
        JSON,
        422,
        "$.events[0].date.start",
    ),
    (
        "a start after its end",
        edited(
            lambda d: d["events"][0].update(
                date={"start": "2014-01-05", "end": "2014-01-03", "precision": "day", "basis": "stated"}
            )
        ),
        JSON,
        422,
        "$.events[0].date.start",
    ),
    (
        "coordinates out of range",
        edited(
            lambda d: d["locations"][0].update(
                coordinates={"latitude": 36.1, "longitude": 237.2, "geo_precision": 1, "source": "https://x.org/1"}
            )
        ),
        JSON,
        422,
        "$.locations[0].coordinates.longitude",
    ),
    *(
        (f"an id with {name}", edited(lambda d, v=value: d.update(id=v)), JSON, 422, "$.id")
        for name, value in (
            ("a slash", "a/b"),
            ("dots", ".."),
            ("a NUL", "a\x00b"),
            ("a percent-encoded NUL", "a%00b"),
            ("spaces", "a b"),
            ("SQL", "x'; DROP TABLE articles; --"),
            ("shell metacharacters", "$(rm -rf /)"),
            ("10 KB", huge_id()),
        )
    ),
]


@pytest.mark.parametrize(("case", "body", "headers", "status", "path"), WRITES, ids=[w[0] for w in WRITES])
def test_a_bad_write_is_a_clear_problem_and_changes_nothing(
    client: TestClient, case: str, body: bytes, headers: dict[str, str], status: int, path: str | None
) -> None:
    before = snapshot(client)
    response = client.post("/v1/articles", content=body, headers=headers)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem.keys() >= PROBLEM_FIELDS and problem["status"] == status and problem["detail"]
    if path is not None:
        assert problem["errors"][0]["path"] == path, problem["errors"]
    assert "Traceback" not in response.text
    assert snapshot(client) == before


BAD_IDS: list[tuple[str, str]] = [
    ("an id with a slash", "/v1/articles/a%2Fb"),
    ("dots", "/v1/articles/..%2F..%2Fetc%2Fpasswd"),
    ("a percent-encoded NUL", "/v1/articles/a%00b"),
    ("spaces", "/v1/articles/a%20b"),
    ("SQL", "/v1/articles/x'%20OR%201=1--"),
    ("a 10 KB id", f"/v1/articles/{huge_id()}"),
]


@pytest.mark.parametrize(("case", "url"), BAD_IDS, ids=[r[0] for r in BAD_IDS])
def test_an_id_no_article_can_have_is_a_404_problem(client: TestClient, case: str, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404, response.text[:500]
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json().keys() >= PROBLEM_FIELDS
