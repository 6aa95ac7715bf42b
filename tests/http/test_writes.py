"""Group commit (service/http/writes.py), on SQLite and PostgreSQL: concurrent writes share a transaction,
a refusal or a failure touches only its own write."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import anyio
import httpx

from service.app import create_app
from service.settings import Settings
from service.store import ArticleStore, Filters, Put, Unavailable, WriteResult, load_bundled
from service.store.engines import open_store
from tests.conftest import AUTH, DATA_DIR, new_document, problem, seed_document


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
