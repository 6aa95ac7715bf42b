"""The SQL core both adapters subclass: the reads (reads.py) and the write protocol, on the same tables.

An adapter supplies connections and a `Dialect` (dialect.py); SQL here uses `?` placeholders, which the
PostgreSQL adapter translates. Each write is one transaction: its preconditions checked against the row it
locks, the document written, the index rows of the article it replaces dropped and its own inserted (its
full-text rows with them), the store's version bumped.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

import msgspec

from schemas import COLLECTIONS, Article
from service.records import batched, entity_tags
from service.store import AlreadyExists, PreconditionFailed, PreconditionRequired, Put, WriteResult
from service.store.dialect import Cursor, as_bytes, cur_rowcount
from service.store.index import ItemFacts, Prepared, item_facts, key_rows, prepare, search_rows
from service.store.migrations import ITEM_FACTS, SEARCH_INDEX, migrations
from service.store.reads import SqlReads, article_decoder

KEYS_PER_DELETE = 500
"""Key values a DELETE names at most (well under either engine's limit on parameters)."""
ITEM_COLUMNS = (
    *("collection", "article_id", "id", "kind", "sub_kind", "date_start", "date_end", "updated_at", "document"),
    *("names", "csv_row", "csv_layout"),
)
FACT_COLUMNS = ItemFacts._fields
"""Written beside ITEM_COLUMNS from migration ITEM_FACTS on."""
KEY_COLUMNS = ("collection", "facet", "value", "article_id", "item_id", "kind")
_encoder = msgspec.json.Encoder()


class SqlStore(SqlReads):
    engine: str
    """Its folder of migrations (service/store/migrations/)."""
    local_writes: int = 0
    """Writes committed through this object: a process sees its own writes at once, whatever else it hears."""
    _schema: int | None = None
    """The database's last migration (see `_has`); None until asked, and again after a migration."""

    @abc.abstractmethod
    def _write(self) -> AbstractContextManager[Cursor]:
        """A cursor in a transaction that serialises writers; committed on exit, rolled back on error."""

    @abc.abstractmethod
    def after_bulk_load(self) -> None:
        """Bring the planner up to date after many writes at once."""

    def put(self, article: Article, *, if_match: str | None = None, create_only: bool = False) -> WriteResult:
        # prepared before the write lock: writers wait for each other only to write
        (outcome,) = self.put_batch([Put(prepare(article), if_match, create_only)])
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def put_batch(self, puts: Sequence[Put]) -> list[WriteResult | Exception]:
        """Each write checked on its own, in order, and all of them committed together (group commit)."""
        outcomes: list[WriteResult | Exception] = []
        with self._write() as cur:
            index: list[tuple[Prepared, Any]] = []
            for put in puts:
                try:
                    outcomes.append(self._put_checked(cur, put, index))
                except (AlreadyExists, PreconditionFailed, PreconditionRequired) as refused:  # (nothing written)
                    outcomes.append(refused)
            self._index_written(cur, index)
        self.local_writes += 1
        return outcomes

    def _put_checked(self, cur: Cursor, put: Put, index: list[tuple[Prepared, Any]]) -> WriteResult:
        """One write of a batch, its preconditions checked against what is stored (or written earlier in it)."""
        article_id = put.ready.id
        current = self._current(cur, article_id)
        if current is None:
            if put.if_match is not None and not put.create_only:  # If-Match names a version; there is none
                raise PreconditionFailed(f"article {article_id!r} does not exist")
        elif put.create_only:
            raise AlreadyExists(f"article {article_id!r} already exists")
        else:
            _check_precondition(article_id, put.if_match, current[1])
        result = self._store(cur, put.ready, current, index)
        if result is None:  # a concurrent writer created it between our read and our insert
            if put.create_only:
                raise AlreadyExists(f"article {article_id!r} already exists")
            raise PreconditionRequired(f"article {article_id!r} was created meanwhile: send If-Match")
        return result

    def put_many(self, articles: Sequence[Article | Prepared]) -> list[WriteResult]:
        """Create or replace each article, unconditionally, in one transaction (bulk import)."""
        results = []
        ready = [a if isinstance(a, Prepared) else prepare(a) for a in articles]
        with self._write() as cur:
            index: list[tuple[Prepared, Any]] = []
            for one in ready:
                result = self._store(cur, one, self._current(cur, one.id), index)
                if result is None:
                    raise AlreadyExists(f"article {one.id!r} was created meanwhile")
                results.append(result)
            self._index_written(cur, index)
        self.local_writes += 1
        return results

    def _current(self, cur: Cursor, article_id: str) -> Sequence[Any] | None:
        """(revision, etag) of the stored article, its row locked for this write where rows lock; None if absent."""
        cur.execute(f"SELECT revision, etag FROM articles WHERE id = ? {self.dialect.lock_row}", (article_id,))
        return cur.fetchone()  # type: ignore[no-any-return]

    def _store(
        self,
        cur: Cursor,
        ready: Prepared,
        current: Sequence[Any] | None,
        index: list[tuple[Prepared, Any]],
    ) -> WriteResult | None:
        """Write the document; an identical document is left as it is (no new revision).

        Its index rows are left to the caller, appended to `index`, to be inserted with the whole batch's
        (and the store's version is the caller's to bump, once for the batch)."""
        article_id, etag = ready.id, ready.etag
        if current is not None and current[1] == etag:
            return WriteResult(current[0], etag, created=False, changed=False)
        now = dt.datetime.now(dt.UTC)
        d = self.dialect
        revision = 1 if current is None else current[0] + 1
        summary = _encoder.encode(msgspec.structs.replace(ready.summary, revision=revision, updated_at=now))
        document, stamp = d.json(ready.document), d.timestamp(now)
        if current is None:
            cur.execute(
                "INSERT INTO articles (id, revision, etag, document, summary, created_at, updated_at)"
                f" VALUES (?, ?, ?, {d.json_param}, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (article_id, revision, etag, document, d.blob(summary), stamp, stamp),
            )
            if cur_rowcount(cur) == 0:
                return None
        else:
            self._drop_index(cur, article_id)  # (first: its keys are worked out from the document it replaces)
            cur.execute(
                f"UPDATE articles SET revision = ?, etag = ?, document = {d.json_param}, summary = ?,"
                " updated_at = ? WHERE id = ?",
                (revision, etag, document, d.blob(summary), stamp, article_id),
            )
            index[:] = [entry for entry in index if entry[0].id != article_id]  # a version earlier in this batch
        index.append((ready, stamp))
        return WriteResult(revision, etag, created=current is None)

    def _index_written(self, cur: Cursor, written: list[tuple[Prepared, Any]]) -> None:
        """A batch's index rows, and the store's version bumped once if the batch changed anything (every
        article it changed is in `written`)."""
        if written:
            self._insert_index(cur, written)
            self._bump(cur)

    def _insert_index(self, cur: Cursor, written: list[tuple[Prepared, Any]]) -> None:
        """The item and key rows of articles written (with their write time), in key order: a batch of articles
        inserts into each index B-tree from left to right rather than all over it."""
        d = self.dialect
        items = sorted(
            (
                *(collection, ready.id, id, kind, sub_kind, d.date(start), d.date(end), stamp, d.blob(item)),
                *(None if names is None else d.blob(names), d.blob(csv_line), layout, *facts),
            )
            for ready, stamp in written
            for collection, id, kind, sub_kind, start, end, item, names, csv_line, layout, *facts in ready.items
        )
        columns: tuple[str, ...] = (*ITEM_COLUMNS, *FACT_COLUMNS)
        if not self._has(cur, ITEM_FACTS):  # (a store not yet migrated to them: the migration writes them)
            columns, items = ITEM_COLUMNS, [row[: len(ITEM_COLUMNS)] for row in items]
        self._insert_rows(cur, "items", columns, items)
        keys = sorted(
            (collection, facet, value, ready.id, item_id, kind)
            for ready, _ in written
            for collection, facet, value, item_id, kind in ready.keys
        )
        self._insert_rows(cur, "item_keys", KEY_COLUMNS, keys)
        if self._has(cur, SEARCH_INDEX):
            self._insert_search(cur, [(ready.id, ready.search) for ready, _ in written])

    def _has(self, cur: Cursor, migration: int) -> bool:
        """Whether the store has had a migration (one not migrated so far is written without what it adds; the
        migration then works it out from the documents). Asked once a store, and again after a migration."""
        if self._schema is None:
            self._schema = self._schema_version(cur)
        return self._schema >= migration

    def _after_migration(self, cur: Cursor, version: int) -> None:
        """What a migration's SQL cannot do, done in Python in its transaction: the index rows it adds, worked
        out from the stored documents by the rules writes follow."""
        if version == SEARCH_INDEX:
            self._fill_search(cur)
        elif version == ITEM_FACTS:
            self._fill_facts(cur)

    @abc.abstractmethod
    def _schema_version(self, cur: Cursor) -> int:
        """The last migration the database has had (0 for a database never migrated)."""

    def pending_migrations(self) -> list[int]:
        with self._read() as cur:
            current = self._schema_version(cur)
        return [version for version, _ in migrations(self.engine) if version > current]

    @abc.abstractmethod
    def _insert_search(self, cur: Cursor, articles: list[tuple[str, list[tuple[str, str, str]]]]) -> None:
        """The full-text index's rows of articles written: (article id, its `Prepared.search` rows)."""

    @abc.abstractmethod
    def _drop_search(self, cur: Cursor, article_id: str) -> None:
        """A stored article's full-text index rows."""

    def _stored(self, cur: Cursor, batch: int = 500) -> Iterator[list[Article]]:
        """Every stored article, `batch` at a time, in id order: memory does not grow with the store."""
        after = ""
        while True:
            cur.execute(
                f"SELECT id, {self.dialect.json_column} FROM articles WHERE id > ? ORDER BY id LIMIT {batch:d}",
                (after,),
            )
            rows = cur.fetchall()
            if not rows:
                return
            yield [article_decoder.decode(as_bytes(document)) for _, document in rows]
            after = rows[-1][0]

    def _fill_search(self, cur: Cursor) -> None:
        """The full-text index of every article stored, worked out from its document."""
        for articles in self._stored(cur):
            self._insert_search(cur, [(article.id, search_rows(article)) for article in articles])

    def _fill_facts(self, cur: Cursor) -> None:
        """The facts of every item stored, worked out from its article's document, each row updated by its key."""
        assignments = ", ".join(f"{column} = ?" for column in FACT_COLUMNS)
        for articles in self._stored(cur):
            for article in articles:
                for (collection, item_id), facts in item_facts(article).items():
                    cur.execute(
                        f"UPDATE items SET {assignments} WHERE collection = ? AND article_id = ? AND id = ?",
                        (*facts, collection, article.id, item_id),
                    )

    @abc.abstractmethod
    def _insert_rows(self, cur: Cursor, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Insert many rows at once, the fastest way the engine has (PostgreSQL's COPY, SQLite's many-row INSERT)."""

    def delete(self, article_id: str, *, if_match: str | None = None) -> bool:
        d = self.dialect
        with self._write() as cur:
            current = self._current(cur, article_id)
            if current is None:
                return False
            if if_match is not None:
                _check_precondition(article_id, if_match, current[1])
            self._drop_index(cur, article_id)
            cur.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            cur.execute(
                "INSERT INTO deletions (article_id, deleted_at) VALUES (?, ?)",
                (article_id, d.timestamp(dt.datetime.now(dt.UTC))),
            )
            self._bump(cur)
        self.local_writes += 1
        return True

    def _bump(self, cur: Cursor) -> None:
        """Count the transaction's writes (in it), and tell other replicas when the engine can."""
        cur.execute("UPDATE store_version SET version = version + 1")
        if self.dialect.notify:
            cur.execute(self.dialect.notify)

    def _drop_index(self, cur: Cursor, article_id: str) -> None:
        """A stored article's index rows, each found by its primary key: the items by collection, and the keys
        by the values its stored document gives them (`key_rows`), a statement for each collection and facet."""
        cur.execute(f"SELECT {self.dialect.json_column} FROM articles WHERE id = ?", (article_id,))
        (document,) = cur.fetchone()
        values: dict[tuple[str, str], set[str]] = defaultdict(set)
        for collection, facet, value, *_ in key_rows(article_decoder.decode(as_bytes(document))):
            values[collection, facet].add(value)
        for (collection, facet), group in values.items():
            for chunk in batched(sorted(group), KEYS_PER_DELETE):
                marks = ", ".join("?" * len(chunk))
                cur.execute(
                    "DELETE FROM item_keys WHERE collection = ? AND facet = ?"
                    f" AND value IN ({marks}) AND article_id = ?",
                    (collection, facet, *chunk, article_id),
                )
        for collection in COLLECTIONS:  # one primary-key seek each
            cur.execute("DELETE FROM items WHERE collection = ? AND article_id = ?", (collection, article_id))
        if self._has(cur, SEARCH_INDEX):
            self._drop_search(cur, article_id)


def _check_precondition(article_id: str, if_match: str | None, current_etag: str) -> None:
    """If-Match uses the strong comparison (RFC 9110 §13.1.1): a weak tag never matches."""
    if if_match is None:
        raise PreconditionRequired(f"article {article_id!r} exists: send If-Match with its ETag to change it")
    tags = entity_tags(if_match) or []  # (its form was checked by the HTTP layer)
    if "*" not in tags and current_etag not in tags:
        raise PreconditionFailed(f"article {article_id!r} has changed: its ETag is now {current_etag}")
