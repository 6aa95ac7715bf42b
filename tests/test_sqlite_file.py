"""The SQLite file itself: its page size, new and old."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from schemas import parse_article
from service.store import open_store
from tests.conftest import SEED_PATH


def page_size(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("PRAGMA page_size").fetchone()[0])


def test_a_new_store_has_pages_that_hold_an_event_record_whole(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    store.put(parse_article(SEED_PATH.read_bytes()))
    store.close()
    assert page_size(tmp_path / "new.sqlite3") == 8192


def test_a_store_made_with_smaller_pages_keeps_them_and_works(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA page_size=4096")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE earlier (x INTEGER)")
    store = open_store(f"sqlite:///{path}")
    article = parse_article(SEED_PATH.read_bytes())
    assert store.put(article).created
    stored = store.get(article.id)
    store.close()
    assert stored is not None and stored.article == article
    assert page_size(path) == 4096
