"""The PostgreSQL adapter (service/store/postgresql.py), on a real server: replicas hear each other's writes,
migrations run once however many replicas start together, and the shared SQL's `?` placeholders are the only
placeholders (a `%` in a value is a value)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from schemas import Article, validate_article
from service.store import Filters
from service.store.engines import open_store
from service.store.postgresql import PostgresStore
from tests.conftest import new_document, throwaway_postgres


@pytest.fixture
def postgresql_url() -> Iterator[str]:
    with throwaway_postgres() as url:
        yield url


def listening_token(store: PostgresStore) -> int:
    """The change token once the store's listener is up (while deaf, every call gives a new value)."""
    deadline = time.monotonic() + 10
    while (token := store.changes()) != store.changes():
        assert time.monotonic() < deadline, "the listener did not start"
        time.sleep(0.02)
    return token


def test_a_write_through_another_replica_changes_the_token(postgresql_url: str, seed: Article) -> None:
    reader, writer = PostgresStore(postgresql_url), PostgresStore(postgresql_url)
    try:
        before = listening_token(reader)
        assert reader.changes() == before  # nothing written: the same token
        writer.put(seed)
        deadline = time.monotonic() + 5  # the notification arrives asynchronously
        while reader.changes() == before and time.monotonic() < deadline:
            time.sleep(0.02)
        assert reader.changes() != before
    finally:
        reader.close()
        writer.close()


def test_replicas_starting_together_run_each_migration_once(postgresql_url: str) -> None:
    stores = [PostgresStore(postgresql_url, migrate=False) for _ in range(3)]
    ran: list[list[int]] = []
    try:
        threads = [threading.Thread(target=lambda s=store: ran.append(s.migrate())) for store in stores]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        applied = sorted(version for versions in ran for version in versions)
        assert len(ran) == 3 and applied == list(range(1, len(applied) + 1)) and applied
        assert [store.migrate() for store in stores] == [[], [], []]
    finally:
        for store in stores:
            store.close()


def test_a_percent_sign_in_a_value_is_a_value_not_a_placeholder(postgresql_url: str) -> None:
    store = open_store(postgresql_url)
    try:
        document = new_document("percent")
        document["actors"][1]["aliases"] = ["100% FSA"]
        store.put(validate_article(document))
        assert [r.id for r in store.records("events", Filters(actor="100% fsa"), None, 10)] == ["clash"]
        assert store.records("events", Filters(actor="100%s"), None, 10) == []
    finally:
        store.close()
