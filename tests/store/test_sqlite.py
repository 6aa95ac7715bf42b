"""The SQLite file itself: its page size, new and old; how a commit by anyone is noticed; how rows are written."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from schemas import parse_article
from service.http.reads import DEADLINE, OverBudget
from service.store import Filters
from service.store import sqlite as sqlite_store
from service.store.engines import open_store
from service.store.sqlite import SqliteStore
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


def test_every_commit_by_any_connection_changes_the_token_at_once(tmp_path: Path) -> None:
    """The change token the response cache checks on every request is read from the WAL index SQLite shares
    between processes: a commit elsewhere (here another connection), a checkpoint, and a commit into the
    restarted WAL each change it, and nothing else does."""
    path = tmp_path / "watched.sqlite3"
    store = SqliteStore(path)
    assert store._wal_index is not None  # (the fast path is the one tested, not the PRAGMA it falls back to)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        first = store.changes()
        assert store.changes() == first  # nothing committed: the same token
        other.execute("UPDATE store_version SET version = version + 1")
        second = store.changes()
        assert second != first
        assert store.changes() == second
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the WAL starts again from its first frame
        other.execute("UPDATE store_version SET version = version + 1")
        third = store.changes()
        assert third not in (first, second)
        store.put(parse_article(SEED_PATH.read_bytes()))  # our own writer is another connection too
        assert store.changes() not in (first, second, third)
    finally:
        other.close()
        store.close()


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3, 4, 5").fetchall() for t in ("items", "item_keys")}


def test_rows_written_many_to_a_statement_are_the_rows_of_the_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = parse_article(SEED_PATH.read_bytes())
    written = {}
    for name, per_statement in (("one-statement", 100_000), ("chunked", 7)):
        monkeypatch.setattr(sqlite_store, "ROWS_PER_INSERT", per_statement)
        store = open_store(f"sqlite:///{tmp_path / name}.sqlite3")
        store.put(article)
        store.close()
        written[name] = table_rows(tmp_path / f"{name}.sqlite3")
    one, chunked = written["one-statement"], written["chunked"]
    assert len(one["items"]) == sum(len(getattr(article, c)) for c in ("actors", "locations", "events", "relations"))
    assert ("events", "actor", "isis", article.id) in {k[:4] for k in one["item_keys"]}
    assert [len(chunked[t]) for t in chunked] == [len(one[t]) for t in one]
    assert [row[:7] + row[8:] for row in chunked["items"]] == [
        row[:7] + row[8:] for row in one["items"]
    ]  # (but the time)
    assert chunked["item_keys"] == one["item_keys"]


def test_a_write_is_never_cut_short_by_a_reads_deadline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only reads keep a budget (service/reads.py): a write made where a read's deadline has passed completes."""
    monkeypatch.setattr(sqlite_store, "PROGRESS_STEPS", 10)  # (the deadline is looked at all the time)
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    article = parse_article(SEED_PATH.read_bytes())
    token = DEADLINE.set(time.monotonic() - 1)
    try:
        assert store.put(article).created
        with pytest.raises(OverBudget):
            store.records("events", Filters(), None, 100)
    finally:
        DEADLINE.reset(token)
    assert len(store.records("events", Filters(actor="ISIS"), None, 100)) == len(article.events)
    store.close()
