"""Migrations of a store that already holds articles, on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from schemas import Article, validate_article
from service.store import Filters
from service.store.engines import open_store
from service.store.index import key_rows
from tests.conftest import new_document


def test_version_5_gives_every_stored_key_its_items_type(database_url: str, seed: Article) -> None:
    """A store written at version 4, whose keys had no type, answers a place-and-type filter after version 5
    just as one written since: each key got the type of its item."""
    store = open_store(database_url, migrate=False)
    try:
        assert store.migrate(until=4) == [1, 2, 3, 4]
        insert_rows = store._insert_rows  # type: ignore[attr-defined]

        def as_version_4(cur: Any, table: str, columns: Any, rows: list[tuple[Any, ...]]) -> None:
            if table == "item_keys":  # (collection, facet, value, article_id, item_id): no kind yet
                columns, rows = columns[:5], [row[:5] for row in rows]
            insert_rows(cur, table, columns, rows)

        store._insert_rows = as_version_4  # type: ignore[attr-defined,method-assign]
        articles = [seed, validate_article(new_document())]
        store.put_many(articles)
        written_keys = sum(len(key_rows(article)) for article in articles)
        del store._insert_rows  # type: ignore[attr-defined]

        assert store.migrate(until=5) == [5]
        with store._read() as cur:  # type: ignore[attr-defined]
            cur.execute("SELECT facet, value, kind FROM item_keys WHERE item_id = ? ORDER BY 1, 2", ("clash",))
            assert [tuple(row) for row in cur.fetchall()] == [
                ("actor", "fsa", "Battles"),
                ("actor", "isis", "Battles"),
                ("location", "atareb", "Battles"),
            ]
            cur.execute(
                "SELECT count(*), sum(CASE WHEN k.kind = i.kind THEN 1 ELSE 0 END) FROM item_keys k JOIN items i"
                " ON i.collection = k.collection AND i.article_id = k.article_id AND i.id = k.item_id"
            )
            joined, same_kind = cur.fetchone()
            cur.execute("SELECT count(*) FROM item_keys")
            assert (cur.fetchone()[0], joined, same_kind) == (written_keys, written_keys, written_keys)
        battles = store.records("events", Filters(location="idlib-province", kind="Battles"), None, 10)
        assert [r.id for r in battles] == ["fighting-aleppo-idlib", "hazzano-maarat-misreen-clash"]
    finally:
        store.close()
