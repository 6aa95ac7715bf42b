"""The SQLite adapter: the embedded default. One file, WAL, nothing to install.

One connection writes (BEGIN IMMEDIATE, under a lock); reads use a small pool of their own, and
an export a connection of its own holding one read transaction: WAL lets all of them run while
a write goes on, each reader seeing a consistent snapshot.
"""

from __future__ import annotations

import datetime as dt
import itertools
import mmap
import queue
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from service import search
from service.records import batched
from service.store import Unavailable, spatial
from service.store.budget import OverBudget, past_deadline
from service.store.dialect import Cursor, Dialect
from service.store.migrations import migrations
from service.store.sql import KEYS_PER_DELETE, SqlStore

READ_CONNECTIONS = 16
"""Kept open for reads: more than the threads that read at once, so none is opened per request."""
READ_CACHE_KIB = 32 * 1024
"""A reader's page cache: a page read again is a system call unless it is here. It grows only with the
pages read. (Mapping the file instead would count every page an export read in the server's memory.)"""
WRITE_CACHE_KIB = 64 * 1024
"""The writer's page cache: index B-trees take rows all over; with their pages at hand a write reads none."""
PROGRESS_STEPS = 1_000
"""SQLite virtual-machine steps between two looks at the read's deadline (a few microseconds)."""
ROWS_PER_INSERT = 1_000
"""Rows an INSERT statement takes at most (fewer where SQLite allows fewer parameters)."""
READ_TURN_WAIT = 0.005
"""Seconds a read waits for its turn (see `SqliteStore._turn`)."""
PAGE_SIZE = 8192
"""Bytes a page, for a new file (an existing one keeps its own). At 4 KiB an event's record (its JSON and
its CSV line) spills past what an index page holds locally into an overflow page of its own, mostly empty:
the file grows, and every read of a record reads two pages."""

SEARCH_ROWIDS = 1 << 20
"""Full-text rowids an article has: its rows are rowid * SEARCH_ROWIDS + n (n = 0 the article, then its items),
so they are found, and dropped, by a range of rowids (the article's rowid stays when it is replaced)."""
SEARCH_COLUMNS = ("rowid", "text", "collection", "article_id", "item_id")

WAL_INDEX_HEADER = 48
"""Bytes of the WAL-index header at the start of the -shm file, which every commit rewrites (its iChange
counts transactions; sqlite.org/walformat.html, section 2.1). Every process sharing the file reads it with
no lock, so its layout is fixed across SQLite versions."""


_BUCKET_LENGTH = {"day": 10, "month": 7, "year": 4}
"""The ISO date text's prefix that names each bucket."""


class SqliteDialect(Dialect):
    def timestamp(self, value: dt.datetime) -> Any:
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")

    def read_timestamp(self, value: Any) -> dt.datetime:
        return dt.datetime.fromisoformat(value)

    def date_bucket(self, interval: str, column: str) -> str:
        if interval == "week":  # back to Monday: %w counts from Sunday (0)
            return f"date({column}, '-' || ((CAST(strftime('%w', {column}) AS INTEGER) + 6) % 7) || ' days')"
        return f"substr({column}, 1, {_BUCKET_LENGTH[interval]:d})"

    def search(self, query: search.Query) -> str:
        return search.fts5_match(query)


@contextmanager
def _unavailable_on_io_errors() -> Iterator[None]:
    """The file cannot be read or written (disk full, read-only, locked too long, gone): the store is
    unavailable (HTTP 503), which is not the same as a bad request or a bug."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if past_deadline():  # interrupted by the progress handler: the read goes to a thread (service/http/reads.py)
            raise OverBudget from exc
        raise Unavailable(f"SQLite: {exc}") from exc


class SqliteStore(SqlStore):
    engine = "sqlite"
    dialect = SqliteDialect(
        json_param="?",
        json_column="document",
        lock_row="",
        search_hits="SELECT article_id, item_id, bm25(search_text) AS rank FROM search_text"
        " WHERE search_text MATCH ? AND collection = ?",
        point_rows="json_each({}) AS p",
        point_lat="json_extract(p.value, '$[0]')",
        point_lon="json_extract(p.value, '$[1]')",
        least="min",
        keyed_join="CROSS JOIN",  # (SQLite's way to keep the join's order)
    )
    reads_inline = True

    def __init__(self, path: Path, *, migrate: bool = True):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._turns = threading.Lock()
        self._writer = self._connect(budgeted=False)
        self._writer.execute(f"PRAGMA cache_size=-{WRITE_CACHE_KIB}")
        self._max_parameters = self._writer.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        self._readers: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._watcher = self._connect(budgeted=False)
        self._watch = self._watcher.cursor()
        self._watch_lock = threading.Lock()
        self._opened: list[sqlite3.Connection] = [self._writer, self._watcher]
        if migrate:
            self.migrate()
        self._wal_index = self._map_wal_index()
        self._wal_header = b""
        self._wal_commits = 0

    def _connect(self, *, budgeted: bool = True) -> sqlite3.Connection:
        """A connection; a `budgeted` one (for reads, which may run on the event loop) looks at the read's
        deadline every PROGRESS_STEPS steps. The writer's does not: each look takes the GIL back, so a
        statement of many rows (see `_insert_rows`) would wait for the event loop every thousand steps."""
        try:
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
            db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # (before WAL: a WAL file's page size is fixed)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")  # an acknowledged write survives a power cut, not just a crash
            spatial.with_math(db)
            if budgeted:
                db.set_progress_handler(past_deadline, PROGRESS_STEPS)  # a read on the event loop keeps its budget
        except sqlite3.Error as exc:
            raise Unavailable(f"cannot open {self.path}: {exc}") from exc
        return db

    def migrate(self, until: int | None = None) -> list[int]:
        """Apply the migrations this file has not seen (PRAGMA user_version records the last), up to version
        `until` if given; each atomically."""
        applied = []
        with self._lock:
            for version, script in migrations(self.engine, until):
                (current,) = self._writer.execute("PRAGMA user_version").fetchone()
                if version <= current:
                    continue
                try:
                    # (the transaction left open: executescript would commit one in progress first)
                    self._writer.executescript(f"BEGIN IMMEDIATE;\n{script}")
                    self._after_migration(self._writer.cursor(), version)
                    self._writer.execute(f"PRAGMA user_version={version:d}")
                    self._writer.execute("COMMIT")
                except BaseException:
                    if self._writer.in_transaction:
                        self._writer.execute("ROLLBACK")
                    raise
                applied.append(version)
        self._schema = None
        return applied

    @contextmanager
    def _write(self) -> Iterator[Cursor]:
        with self._lock, _unavailable_on_io_errors():
            cur = self._writer.cursor()
            try:
                cur.execute("BEGIN IMMEDIATE")
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                if self._writer.in_transaction:
                    self._writer.execute("ROLLBACK")
                raise
            finally:
                cur.close()

    @contextmanager
    def _read(self) -> Iterator[Cursor]:
        with self._turn(), _unavailable_on_io_errors(), self._reader() as cur:
            yield cur

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """Reads in one process take turns. Python's sqlite3 gives up the GIL for every row it steps to, so
        reads running side by side wait on each other for every row (slower together than one after
        another). A read that has waited READ_TURN_WAIT goes ahead anyway: a slow one never holds the
        rest (nor the event loop, where reads run inline) up for longer than that."""
        taken = self._turns.acquire(timeout=READ_TURN_WAIT)
        try:
            yield
        finally:
            if taken:
                self._turns.release()

    @contextmanager
    def _reader(self) -> Iterator[Cursor]:
        try:
            db = self._readers.get_nowait()
        except queue.Empty:
            db = self._connect()
            db.execute(f"PRAGMA cache_size=-{READ_CACHE_KIB}")
            self._opened.append(db)
        try:
            yield db.cursor()
        finally:
            if self._readers.qsize() < READ_CONNECTIONS:
                self._readers.put(db)
            else:
                self._opened.remove(db)
                db.close()

    @contextmanager
    def _snapshot(self) -> Iterator[Cursor]:
        db = self._connect()
        try:
            with _unavailable_on_io_errors():
                db.execute("BEGIN")  # deferred: the snapshot starts with the first read and holds to the end
                yield db.cursor()
        finally:
            db.close()

    def changes(self) -> int:
        """A number that changes whenever any connection of any process commits: asked on every request.

        The WAL-index header is read where it lies, in the shared memory SQLite maps: no system call, where
        PRAGMA data_version is a read transaction, its locks taken by system calls, that weighs on every
        cached response. Without the mapping, the PRAGMA."""
        if self._wal_index is None:
            with self._watch_lock:
                return int(self._watch.execute("PRAGMA data_version").fetchone()[0])
        header = self._wal_index[:WAL_INDEX_HEADER]
        if header != self._wal_header:
            with self._watch_lock:
                if header != self._wal_header:
                    self._wal_header = header
                    self._wal_commits += 1
        return self._wal_commits

    def _map_wal_index(self) -> mmap.mmap | None:
        """The -shm file's WAL-index header, mapped read-only (it exists while a connection is open in WAL
        mode; ours stay open, so SQLite neither truncates nor removes it under us)."""
        with self._watch_lock:
            self._watch.execute("PRAGMA data_version").fetchone()  # (a read: the watcher maps the index too)
        try:
            with open(f"{self.path}-shm", "rb") as shm:
                return mmap.mmap(shm.fileno(), WAL_INDEX_HEADER, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return None

    def _insert_rows(self, cur: Cursor, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Many rows to a statement. Python's sqlite3 gives up the GIL for every step of a statement and takes
        it back after; with `executemany`, one step a row, the writer thread waits for the event loop once a
        row while the loop validates the next articles: with a busy thread beside it, a write crawls."""
        per_statement = max(1, min(ROWS_PER_INSERT, self._max_parameters // len(columns)))
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        row_marks = "(" + ", ".join("?" * len(columns)) + ")"
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cur.execute(head + ", ".join([row_marks] * len(chunk)), list(itertools.chain.from_iterable(chunk)))

    def _insert_search(self, cur: Cursor, articles: list[tuple[str, list[tuple[str, str, str]]]]) -> None:
        rowids: dict[str, int] = {}
        for chunk in batched([article_id for article_id, _ in articles], KEYS_PER_DELETE):
            cur.execute(f"SELECT id, rowid FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
            rowids.update(cur.fetchall())
        rows: list[tuple[Any, ...]] = []
        for article_id, found in articles:
            if len(found) > SEARCH_ROWIDS:
                raise ValueError(f"article {article_id!r} has more than {SEARCH_ROWIDS - 1} items")
            first = rowids[article_id] * SEARCH_ROWIDS
            rows.extend(
                (first + n, text, collection, article_id, item) for n, (collection, item, text) in enumerate(found)
            )
        self._insert_rows(cur, "search_text", SEARCH_COLUMNS, rows)

    def _schema_version(self, cur: Cursor) -> int:
        cur.execute("PRAGMA user_version")
        return int(cur.fetchone()[0])

    def _drop_search(self, cur: Cursor, article_id: str) -> None:
        cur.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,))
        (rowid,) = cur.fetchone()
        first = rowid * SEARCH_ROWIDS
        cur.execute("DELETE FROM search_text WHERE rowid BETWEEN ? AND ?", (first, first + SEARCH_ROWIDS - 1))

    def after_bulk_load(self) -> None:
        """Nothing: with no statistics SQLite already plans every corpus query on the indexes meant for it,
        and it has no visibility map to bring up to date."""

    def ping(self) -> None:
        """Ready means readable and writable: a write lock is taken and given back."""
        try:
            with self._read() as cur:
                cur.execute("SELECT version FROM store_version")
            with self._write():
                pass
        except sqlite3.Error as exc:
            raise Unavailable(str(exc)) from exc

    def close(self) -> None:
        if self._wal_index is not None:
            self._wal_index.close()
            self._wal_index = None
        for db in self._opened:
            db.close()
