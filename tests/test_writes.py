"""Writes over HTTP, on SQLite and PostgreSQL: who may write, what is accepted, and that nothing half-happens."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from litestar.testing import TestClient

from schemas import validate_article
from service.app import create_app
from service.settings import Settings
from service.store import ArticleStore, Filters, Put, Unavailable, WriteResult, load_bundled, open_store
from service.store.index import prepare
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
    from service.http.auth import digest

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


# --- group commit (service/writes.py) -----------------------------------------------------------------------


class BatchCounter:
    """The store, with the size of each batch it was handed noted (and, when told to, batches failed: every
    one, or those holding the article `only_with`)."""

    def __init__(self, store: ArticleStore, fail_with: Exception | None = None, only_with: str | None = None):
        self.store, self.fail_with, self.only_with = store, fail_with, only_with
        self.batches: list[int] = []

    def put_batch(self, puts: Sequence[Put]) -> list[WriteResult | Exception]:
        self.batches.append(len(puts))
        if self.fail_with is not None and (self.only_with is None or any(p.ready.id == self.only_with for p in puts)):
            raise self.fail_with
        return self.store.put_batch(puts)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def concurrently(app: Any, requests: list[tuple[str, str, dict[str, Any], dict[str, str]]]) -> list[Any]:
    """Send every request at once, over one event loop, as concurrent clients do; the responses in order."""

    async def send_all() -> list[Any]:  # (Litestar's AsyncTestClient sends one request at a time)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver.local"
        ) as client:
            sends = [
                client.request(method, url, json=body, headers={**AUTH, **extra})
                for method, url, body, extra in requests
            ]
            return list(await asyncio.gather(*sends))

    return anyio.run(send_all)


def test_concurrent_posts_are_committed_together_and_all_stored(settings: Settings) -> None:
    store = open_store(settings.database_url)
    counter = BatchCounter(store)
    try:
        ids = [f"posted-{n}" for n in range(16)]
        responses = concurrently(
            create_app(settings, store=counter), [("POST", "/v1/articles", new_document(i), {}) for i in ids]
        )
        assert [r.status_code for r in responses] == [201] * 16
        assert sum(counter.batches) == 16 and len(counter.batches) < 16, counter.batches  # fewer commits than writes
        for article_id, response in zip(ids, responses, strict=True):
            stored = store.get(article_id)
            assert stored is not None and stored.etag == response.headers["etag"]
            assert response.json()["id"] == article_id
            assert len(store.records("events", Filters(article=article_id, actor="fsa"), None, 10)) == 1  # indexed
    finally:
        store.close()


def test_a_refused_write_in_a_batch_leaves_the_others_to_be_written(settings: Settings) -> None:
    store = open_store(settings.database_url)
    load_bundled(store, DATA_DIR)  # (the app's start-up, which does it, is not run here)
    counter = BatchCounter(store)
    seed_url = "/v1/articles/isis-under-attack-northern-syria"
    try:
        app = create_app(settings, store=counter)
        changed = seed_document()
        changed["actors"][0]["description"] = "Edited."
        requests = [
            ("POST", "/v1/articles", new_document("first"), {}),
            ("POST", "/v1/articles", new_document("twice"), {}),
            ("POST", "/v1/articles", new_document("twice"), {}),  # the same id: one of the two is refused
            ("PUT", seed_url, changed, {"If-Match": '"stale"'}),
            ("PUT", seed_url, changed, {}),
            ("POST", "/v1/articles", new_document("last"), {}),
        ]
        statuses = [r.status_code for r in concurrently(app, requests)]
        assert sorted(statuses[1:3]) == [201, 409] and statuses[3:5] == [412, 428]
        assert (statuses[0], statuses[5]) == (201, 201)
        assert max(counter.batches) > 1, counter.batches  # (what this test is about: refusals within a batch)
        assert store.get("first") and store.get("twice") and store.get("last")
        stored_seed = store.get("isis-under-attack-northern-syria")
        assert stored_seed is not None and stored_seed.revision == 1
    finally:
        store.close()


def test_when_a_batch_fails_every_write_in_it_gets_the_error_and_none_is_stored(settings: Settings) -> None:
    store = open_store(settings.database_url)
    counter = BatchCounter(store, fail_with=Unavailable("the database cannot be reached"))
    try:
        responses = concurrently(
            create_app(settings, store=counter),
            [("POST", "/v1/articles", new_document(f"lost-{n}"), {}) for n in range(6)],
        )
        for response in responses:
            problem(response, 503)
        assert not any(store.get(f"lost-{n}") for n in range(6))
    finally:
        store.close()


def test_a_write_that_fails_its_batch_fails_alone(settings: Settings) -> None:
    """Should a batch's transaction fail, its writes are made again one by one: only the faulty one fails."""
    store = open_store(settings.database_url)
    counter = BatchCounter(store, fail_with=RuntimeError("cannot store this one"), only_with="poisoned")
    try:
        ids = ["ok-1", "ok-2", "poisoned", "ok-3", "ok-4"]
        responses = concurrently(
            create_app(settings, store=counter), [("POST", "/v1/articles", new_document(i), {}) for i in ids]
        )
        assert [r.status_code for r in responses] == [201, 201, 500, 201, 201]
        assert [i for i in ids if store.get(i)] == ["ok-1", "ok-2", "ok-3", "ok-4"]
        assert max(counter.batches) > 1 and counter.batches.count(1) >= 2, counter.batches  # (batched, then alone)
    finally:
        store.close()


def test_a_batch_is_one_transaction(database_url: str) -> None:
    """Nothing of a batch is written when its transaction fails part way (here, as its index rows go in)."""
    store = open_store(database_url)
    try:
        before = store.count()
        puts = [Put(prepare(validate_article(new_document(f"half-{n}"))), create_only=True) for n in range(3)]

        def broken_index(cur: Any, written: Any) -> None:
            raise RuntimeError("disk went away")

        store._insert_index = broken_index  # type: ignore[attr-defined,method-assign]
        with pytest.raises(RuntimeError):
            store.put_batch(puts)
        del store._insert_index  # type: ignore[attr-defined]
        assert store.count() == before and store.get("half-0") is None
        # one batch may write an article twice: the later version wins, with its own index rows only
        twice = new_document("twice")
        again = copy.deepcopy(twice)
        again["events"][0]["summary"] = "Rewritten."
        outcomes = store.put_batch(
            [
                Put(prepare(validate_article(twice)), create_only=True),
                Put(prepare(validate_article(again)), if_match="*"),
            ]
        )
        assert [o.revision for o in outcomes if isinstance(o, WriteResult)] == [1, 2]
        events = store.records("events", Filters(article="twice", actor="fsa"), None, 10)
        assert [json.loads(r.document)["summary"] for r in events] == ["Rewritten."]
    finally:
        store.close()


def test_a_replaced_or_deleted_article_leaves_none_of_its_old_keys(database_url: str) -> None:
    """An article's filter keys are found again from its stored document when it is replaced or deleted (no
    index finds them by article): after a rename and a move, the old name and place select nothing."""
    store = open_store(database_url)

    def stored_keys(article_id: str) -> list[tuple[str, ...]]:
        with store._read() as cur:  # type: ignore[attr-defined]
            cur.execute("SELECT collection, facet, value, item_id FROM item_keys WHERE article_id = ?", (article_id,))
            return sorted(tuple(row) for row in cur.fetchall())

    try:
        first = new_document("moved")
        store.put(validate_article(first))
        assert ("events", "actor", "fsa", "clash") in stored_keys("moved")
        moved = copy.deepcopy(first)
        moved["body"] = moved["body"].replace("Atareb", "Manbij")  # (same length: the other spans still hold)
        moved["locations"][0].update(id="manbij", name="Manbij", evidence=[span(moved["body"], "Manbij")])
        moved["events"][0].update(locations=["manbij"], summary="Isis and the FSA fought in Manbij.")
        moved["events"][0]["evidence"] = [span(moved["body"], "Fighting in Manbij between Isis and the FSA")]
        moved["actors"][1].update(name="Free Syrian Army", aliases=["FSA"])
        store.put(validate_article(moved), if_match="*")

        for facet, value in (("location", "atareb"), ("actor", "isis"), ("location", "manbij")):
            events = store.records("events", Filters(**{facet: value}), None, 10)
            assert [r.id for r in events if r.article_id == "moved"] == ([] if value == "atareb" else ["clash"])
        assert store.records("events", Filters(actor="free syrian army"), None, 10)[0].id == "clash"
        assert stored_keys("moved") == [
            ("actors", "actor", "free syrian army", "fsa"),
            ("actors", "actor", "fsa", "fsa"),
            ("actors", "actor", "isis", "isis"),
            ("events", "actor", "free syrian army", "clash"),
            ("events", "actor", "fsa", "clash"),
            ("events", "actor", "isis", "clash"),
            ("events", "location", "manbij", "clash"),
            ("locations", "location", "manbij", "manbij"),
        ]
        assert store.delete("moved", if_match="*")
        assert stored_keys("moved") == []
    finally:
        store.close()
