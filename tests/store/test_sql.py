"""The SQL store both adapters share (service/store/sql.py), on SQLite and PostgreSQL: a batch is one
transaction, an article's keys follow its replacement, a CSV line of an old layout is rendered again."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from litestar.testing import TestClient

from schemas import validate_article
from service.app import create_app
from service.store import Filters, Put, WriteResult
from service.store.engines import open_store
from service.store.index import prepare
from tests.conftest import new_document, span


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


def test_a_csv_line_of_an_old_layout_is_rendered_again(settings) -> None:
    from service.store.engines import open_store

    store = open_store(settings.database_url)
    with TestClient(create_app(settings, store=store), base_url="http://testserver.local") as client:
        fresh = client.get("/v1/events.csv").text
        with store._write() as cur:  # type: ignore[attr-defined]
            cur.execute(
                "UPDATE items SET csv_row = ?, csv_layout = 'an-old-layout' WHERE collection = 'events'",
                (b"stale\r\n",),
            )
        again = client.get("/v1/events.csv", params={"article": "isis-under-attack-northern-syria"})  # not cached
        assert again.text == fresh and "stale" not in again.text
    store.close()
