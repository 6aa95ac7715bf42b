"""Writes over HTTP, on SQLite and PostgreSQL: who may write, what is accepted, and that nothing half-happens."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import DATA_DIR, SEED_PATH, WRITE_TOKEN

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
PROBLEM = "application/problem+json"


def seed_document() -> dict[str, Any]:
    return json.loads(SEED_PATH.read_bytes())


def new_document(article_id: str = "second-article") -> dict[str, Any]:
    """A small valid article of our own."""
    body = "Fighting in Atareb between Isis and the FSA."
    return {
        "id": article_id,
        "headline": "Clashes in Atareb",
        "language": "en",
        "body": body,
        "actors": [
            {"id": "isis", "kind": "armed_group", "name": "Isis", "evidence": [span(body, "Isis")]},
            {"id": "fsa", "kind": "armed_group", "name": "FSA", "evidence": [span(body, "FSA")]},
        ],
        "locations": [{"id": "atareb", "name": "Atareb", "kind": "town", "evidence": [span(body, "Atareb")]}],
        "events": [
            {
                "id": "clash",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "summary": "Isis and the FSA fought in Atareb.",
                "participants": [{"actor": "isis", "role": "actor1"}, {"actor": "fsa", "role": "actor2"}],
                "locations": ["atareb"],
                "certainty": "stated",
                "evidence": [span(body, "Fighting in Atareb between Isis and the FSA")],
            }
        ],
    }


def span(text: str, quote: str) -> dict[str, Any]:
    start = text.index(quote)
    return {"field": "body", "start": start, "end": start + len(quote), "quote": quote}


def problem(response, status: int, detail_part: str = "") -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and detail_part in body["detail"], body
    return body


def article_ids(client: TestClient) -> list[str]:
    return [a["id"] for a in client.get("/v1/articles").json()["items"]]


def test_a_write_without_a_token_is_401_and_stores_nothing(client: TestClient) -> None:
    response = client.post("/v1/articles", json=new_document())
    problem(response, 401, "Bearer")
    assert response.headers["www-authenticate"].startswith("Bearer")
    problem(client.post("/v1/articles", json=new_document(), headers={"Authorization": "Bearer wrong"}), 401)
    problem(client.post("/v1/articles", json=new_document(), headers={"Authorization": "Basic eDp5"}), 401)
    assert article_ids(client) == ["isis-under-attack-northern-syria"]


def test_with_no_token_configured_writes_are_refused(database_url: str) -> None:
    settings = Settings(database_url=database_url, data_dir=DATA_DIR)  # no tokens
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        problem(client.post("/v1/articles", json=new_document(), headers=AUTH), 403, "no API token is configured")
        problem(client.delete("/v1/articles/isis-under-attack-northern-syria", headers=AUTH), 403)
        assert article_ids(client) == ["isis-under-attack-northern-syria"]


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


def test_a_body_over_the_limit_is_413(database_url: str) -> None:
    settings = Settings(database_url=database_url, data_dir=DATA_DIR, token_digests=_digests(), max_body_bytes=2_000)
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        response = client.post(
            "/v1/articles", content=SEED_PATH.read_bytes(), headers={**AUTH, "Content-Type": "application/json"}
        )
        problem(response, 413)
        assert article_ids(client) == ["isis-under-attack-northern-syria"]


def _digests() -> frozenset[bytes]:
    from service.auth import digest

    return frozenset({digest(WRITE_TOKEN)})


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


def test_deletions_since_a_time(client: TestClient) -> None:
    client.post("/v1/articles", json=new_document("one"), headers=AUTH)
    client.post("/v1/articles", json=new_document("two"), headers=AUTH)
    client.delete("/v1/articles/one", headers=AUTH)
    first = client.get("/v1/deletions").json()["items"][0]
    client.delete("/v1/articles/two", headers=AUTH)
    later = client.get("/v1/deletions", params={"since": first["deleted_at"]}).json()["items"]
    assert [d["id"] for d in later] == ["one", "two"]
    after = client.get("/v1/deletions", params={"since": later[1]["deleted_at"]}).json()["items"]
    assert [d["id"] for d in after] == ["two"]
    problem(client.get("/v1/deletions", params={"since": "yesterday"}), 400, "since")
    problem(client.get("/v1/deletions", params={"since": "2024-01-01T00:00:00"}), 400, "time zone")
    problem(client.get("/v1/deletions", params={"after": "x"}), 400, "unknown query parameter")


def test_the_store_survives_a_restart(settings: Settings, tmp_path: Path) -> None:
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        etag = client.post("/v1/articles", json=new_document(), headers=AUTH).headers["etag"]
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        assert client.get("/v1/articles/second-article").headers["etag"] == etag
        assert sorted(article_ids(client)) == ["isis-under-attack-northern-syria", "second-article"]


def test_the_bundled_data_is_loaded_once_not_after_it_was_deleted(settings: Settings) -> None:
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        assert client.delete("/v1/articles/isis-under-attack-northern-syria", headers=AUTH).status_code == 204
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        assert article_ids(client) == []
