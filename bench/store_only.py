"""The store alone, and the documents alone: the baselines of the import and POST rows.

- The store alone: the same articles written with no validation, HTTP or worker processes on the clock.
  Articles are validated and indexed beforehand, off the clock; only the store's writes are timed
  (`put_many` in the import's batches, `put_batch` in the batches group commit makes), so ours divided by
  this says how much of the time is the storage itself.
- The documents alone (the limit): the same stored documents, and nothing else, written to a bare table
  (an id and the document, as `articles` types it) on the same engine, connection, durability and
  batches. No store that keeps the documents writes faster; the store alone divided by this says what
  the index rows cost.
- The store before search (`--before-search`): the store alone, on a store migrated only to the version before
  the full-text index and the items' facts, so that it writes neither: the store alone divided by this says
  what they cost a write.

    python -m bench.store_only import FILE DATABASE_URL [--documents | --before-search]
    python -m bench.store_only post ARTICLE_JSON DATABASE_URL SECONDS BATCH [--documents | --before-search]

Prints the rate in articles a second.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import msgspec

from schemas import Article, parse_article
from service.cli import IMPORT_BATCH
from service.store import ArticleStore, Put
from service.store.engines import open_store
from service.store.index import prepare
from service.store.migrations import SEARCH_INDEX
from service.store.sql import SqlStore
from service.store.sqlite import SqliteStore

Ready = Callable[[Sequence[Article]], Any]
"""Makes, off the clock, all a write needs of a batch of validated articles."""
Write = Callable[[Any], object]
"""Writes what `Ready` made: this alone is timed."""

_encoder = msgspec.json.Encoder()


def _through_the_store(store: SqlStore, import_: bool) -> tuple[Ready, Write]:
    if import_:
        return (lambda articles: [prepare(a) for a in articles]), store.put_many
    return (lambda articles: [Put(prepare(a), create_only=True) for a in articles]), store.put_batch


def _documents_alone(store: SqlStore) -> tuple[Ready, Write]:
    """One multi-row statement (SQLite) or COPY (PostgreSQL) a batch, one transaction: the engine's fastest."""
    sqlite = isinstance(store, SqliteStore)
    id_type, document_type = ("TEXT", "BLOB") if sqlite else ('text COLLATE "C"', "jsonb")  # (as `articles` has them)
    with store._write() as cur:
        cur.execute(f"CREATE TABLE IF NOT EXISTS bench_documents (id {id_type} PRIMARY KEY, document {document_type})")

    def write(rows: list[tuple[str, Any]]) -> None:
        with store._write() as cur:
            store._insert_rows(cur, "bench_documents", ("id", "document"), rows)

    return (lambda articles: [(a.id, store.dialect.json(_encoder.encode(a))) for a in articles]), write


def _writer(store: ArticleStore, documents: bool, import_: bool) -> tuple[Ready, Write]:
    assert isinstance(store, SqlStore), "both engines are SQL stores"
    return _documents_alone(store) if documents else _through_the_store(store, import_)


def opened(database_url: str, before_search: bool) -> ArticleStore:
    """The store, migrated to the last version, or to the one before the full-text index and items' facts."""
    store = open_store(database_url, migrate=not before_search)
    if before_search:
        store.migrate(until=SEARCH_INDEX - 1)
    return store


def import_rate(path: Path, database_url: str, documents: bool = False, before_search: bool = False) -> float:
    store = opened(database_url, before_search)
    written, timed = 0, 0.0
    try:
        ready, write = _writer(store, documents, import_=True)
        with path.open("rb") as lines:
            while chunk := list(itertools.islice(lines, IMPORT_BATCH)):
                batch = ready([parse_article(line) for line in chunk])
                started = time.perf_counter()
                write(batch)
                timed += time.perf_counter() - started
                written += len(chunk)
    finally:
        store.close()
    return written / timed


def post_rate(
    article: Path, database_url: str, seconds: float, batch: int, documents: bool = False, before_search: bool = False
) -> float:
    template = parse_article(article.read_bytes())
    store = opened(database_url, before_search)
    written, timed = 0, 0.0
    try:
        ready, write = _writer(store, documents, import_=False)
        while timed < seconds:
            puts = ready([msgspec.structs.replace(template, id=f"store-only-{written + n}") for n in range(batch)])
            started = time.perf_counter()
            write(puts)
            timed += time.perf_counter() - started
            written += batch
    finally:
        store.close()
    return written / timed


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    documents, before_search = "--documents" in args, "--before-search" in args
    args = [a for a in args if not a.startswith("--")]
    if mode == "import":
        rate = import_rate(Path(args[0]), args[1], documents, before_search)
    else:
        rate = post_rate(Path(args[0]), args[1], float(args[2]), int(args[3]), documents, before_search)
    print(f"{rate:.1f}")
