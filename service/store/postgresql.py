"""The PostgreSQL adapter: one database shared by several stateless service replicas.

Writers lock the article's row (SELECT … FOR UPDATE), so concurrent replacements are serialised
and If-Match decides between them; exports read a REPEATABLE READ snapshot through a server-side
cursor, so a million rows stream without being held in memory.
"""

from __future__ import annotations

import datetime as dt
import itertools
import select
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import IsolationLevel
from psycopg_pool import ConnectionPool, PoolTimeout

from service import search
from service.store import Unavailable
from service.store.budget import DEADLINE, OverBudget
from service.store.dialect import Cursor, Dialect
from service.store.migrations import migrations
from service.store.sql import SqlStore

MIGRATION_LOCK = 0x6E657773  # pg_advisory_xact_lock key: one migrator at a time across replicas
CHANNEL = "newsfacts_changes"  # every write notifies it; each replica's listener counts the notifications
_names = itertools.count()


_BUCKET_FORMAT = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}


class PostgresDialect(Dialect):
    def date(self, value: str | None) -> Any:
        return None if value is None else dt.date.fromisoformat(value)

    def json(self, document: bytes) -> Any:
        return document.decode()

    def date_bucket(self, interval: str, column: str) -> str:
        if interval == "week":
            return f"to_char(date_trunc('week', {column}), 'YYYY-MM-DD')"
        return f"to_char({column}, '{_BUCKET_FORMAT[interval]}')"

    def search(self, query: search.Query) -> str:
        return search.tsquery(query)


class _Cursor:
    """A psycopg cursor that takes the `?` placeholders of the shared SQL."""

    def __init__(self, cursor: psycopg.Cursor[Any]):
        self._cursor = cursor

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = (), /) -> Any:
        """Results come in binary: a record's bytes as they are, not hex text twice their size."""
        return self._cursor.execute(self._sql(sql), params, binary=True)  # type: ignore[call-overload]

    def copy_rows(self, table: str, columns: Sequence[str], types: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """In binary, which needs the columns' types: a record's bytes go as they are, where COPY's text format
        spells each byte out in hex."""
        with self._cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    def fetchmany(self, size: int) -> list[Any]:
        return self._cursor.fetchmany(size)

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


class _SnapshotCursor(_Cursor):
    """Each query on its own server-side cursor: rows come in batches, never all at once."""

    def __init__(self, connection: psycopg.Connection[Any]):
        self._connection = connection
        self._cursor = connection.cursor()

    def execute(self, sql: str, params: Sequence[Any] = (), /) -> Any:
        self._cursor.close()
        self._cursor = self._connection.cursor(name=f"export_{next(_names)}")
        return super().execute(sql, params)


def check_when_stirred(conn: psycopg.Connection[Any]) -> None:
    """The pool's check of a connection it hands out: a round trip (an empty query) only when something
    has arrived on its socket while it sat idle (the server closing it, an error, a notice); a quiet
    socket is a live connection, known by one poll of the socket rather than a query."""
    poller = select.poll()
    poller.register(conn.pgconn.socket, select.POLLIN)
    if poller.poll(0):
        ConnectionPool.check_connection(conn)


class PostgresStore(SqlStore):
    engine = "postgresql"
    dialect = PostgresDialect(
        json_param="?::jsonb",
        json_column="document::text",
        lock_row="FOR UPDATE",
        notify=f"NOTIFY {CHANNEL}",
        search_hits="SELECT article_id, item_id, -ts_rank(words, query)::float8 AS rank"
        " FROM search_text, to_tsquery('simple', ?) AS query WHERE words @@ query AND collection = ?",
    )

    def __init__(self, url: str, *, migrate: bool = True, pool_size: int = 8):
        self.url = url
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            timeout=2,  # a request waits at most this long for the database, then answers 503
            kwargs={"connect_timeout": 2, "autocommit": True},  # (writes and snapshots BEGIN themselves)
            check=check_when_stirred,  # a connection broken while idle is replaced, not handed out
            reconnect_timeout=3600,
            open=False,
        )
        try:
            self._pool.open(wait=True, timeout=10)
        except PoolTimeout as exc:
            self._pool.close()
            raise Unavailable(f"cannot reach PostgreSQL: {exc}") from exc
        self._heard = 0
        self._listening = False
        self._listener: threading.Thread | None = None
        self._closing = threading.Event()
        self._unheard = itertools.count(-1, -1)
        self._types: dict[str, dict[str, str]] = {}
        """Each table's column types, for binary COPY."""
        if migrate:
            self.migrate()

    def changes(self) -> int:
        """How many writes this replica has heard of (LISTEN/NOTIFY); while deaf, a new value every call."""
        if self._listener is None:
            self._listener = threading.Thread(target=self._listen, name="newsfacts-listen", daemon=True)
            self._listener.start()
        return self._heard + self.local_writes if self._listening else next(self._unheard)

    def _listen(self) -> None:
        while not self._closing.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._listening = True
                    self._heard += 1  # anything may have happened while we were not listening
                    while not self._closing.is_set():
                        for _ in conn.notifies(timeout=1.0):
                            self._heard += 1
            except psycopg.Error:
                pass
            self._listening = False
            self._closing.wait(1.0)

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        try:
            with self._pool.connection() as conn:
                yield conn
        except (PoolTimeout, psycopg.OperationalError) as exc:
            raise Unavailable(f"PostgreSQL is not available: {exc}") from exc

    def migrate(self, until: int | None = None) -> list[int]:
        """Apply missing migrations (up to version `until` if given) in one transaction, under an advisory lock
        so replicas never race."""
        applied = []
        with self._connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
            cur.execute("SELECT coalesce(max(version), 0) FROM schema_migrations")
            (current,) = cur.fetchone() or (0,)
            for version, script in migrations(self.engine, until):
                if version > current:
                    cur.execute(script.encode())
                    self._after_migration(_Cursor(cur), version)
                    cur.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))
                    applied.append(version)
        self._types.clear()  # (a migration may have changed the columns)
        self._schema = None
        return applied

    @contextmanager
    def _write(self) -> Iterator[Cursor]:
        with self._connection() as conn, conn.transaction(), conn.cursor() as cur:
            yield _Cursor(cur)

    @contextmanager
    def _read(self) -> Iterator[Cursor]:
        """Outside a transaction: every read is one statement, consistent by itself, and a BEGIN and a
        COMMIT around it would add two round trips to every read."""
        with self._connection() as conn, conn.cursor() as cur:
            yield _Cursor(cur)

    @contextmanager
    def _counting(self) -> Iterator[Cursor]:
        """A read with the server's statement_timeout set to what is left of its deadline, if it has one."""
        deadline = DEADLINE.get()
        if deadline is None:
            with self._read() as cur:
                yield cur
            return
        with self._connection() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute(f"SET LOCAL statement_timeout = {max(1, int((deadline - time.monotonic()) * 1000)):d}")
            try:
                yield _Cursor(cur)
            except psycopg.errors.QueryCanceled as exc:
                raise OverBudget from exc

    @contextmanager
    def _snapshot(self) -> Iterator[Cursor]:
        with self._connection() as conn:
            conn.isolation_level = IsolationLevel.REPEATABLE_READ
            try:
                with conn.transaction():
                    cursor = _SnapshotCursor(conn)
                    yield cursor
                    cursor._cursor.close()
            finally:
                conn.isolation_level = None

    def _insert_rows(self, cur: Cursor, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """COPY: several times faster than INSERTs for the hundreds of index rows of an article."""
        assert isinstance(cur, _Cursor)
        cur.copy_rows(table, columns, self._column_types(cur, table, columns), rows)

    def _insert_search(self, cur: Cursor, articles: list[tuple[str, list[tuple[str, str, str]]]]) -> None:
        """One statement for the batch, each text made a tsvector by the server (COPY has no binary tsvector)."""
        rows = sorted((article_id, *row) for article_id, found in articles for row in found)
        if rows:
            cur.execute(
                "INSERT INTO search_text (article_id, collection, item_id, words)"
                " SELECT a, c, i, to_tsvector('simple', t) FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])"
                " AS u(a, c, i, t)",
                [list(column) for column in zip(*rows, strict=True)],
            )

    def _schema_version(self, cur: Cursor) -> int:
        cur.execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
        if not cur.fetchone()[0]:
            return 0
        cur.execute("SELECT coalesce(max(version), 0) FROM schema_migrations")
        return int(cur.fetchone()[0])

    def _drop_search(self, cur: Cursor, article_id: str) -> None:
        cur.execute("DELETE FROM search_text WHERE article_id = ?", (article_id,))

    def _column_types(self, cur: Cursor, table: str, columns: Sequence[str]) -> list[str]:
        """The SQL types of a table's columns, as the database has them (read once)."""
        if table not in self._types:
            cur.execute(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                " WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped",
                (table,),
            )
            self._types[table] = dict(cur.fetchall())
        return [self._types[table][column] for column in columns]

    def after_bulk_load(self) -> None:
        """VACUUM (ANALYZE): statistics for the planner, and the visibility map without which an index-only
        scan reads the table's rows anyway. Autovacuum would get there in its own time, where it runs at
        all, and until it has, corpus pages read the table's rows the index could have answered alone.
        (Pages already vacuumed are skipped, so after a small import it is quick.)"""
        with self._connection() as conn:
            for table in ("articles", "items", "item_keys", "search_text"):
                conn.execute(f"VACUUM (ANALYZE) {table}")

    def ping(self) -> None:
        with self._connection() as conn:
            try:
                conn.execute("SELECT version FROM store_version")
            except psycopg.Error as exc:
                raise Unavailable(str(exc)) from exc

    def close(self) -> None:
        self._closing.set()
        self._pool.close()
