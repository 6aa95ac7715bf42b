"""The SQL core both adapters share: the same tables, the same queries, the same write protocol.

An adapter supplies connections and a `Dialect` (how a JSON document, a timestamp and a date are
written and read); SQL here uses `?` placeholders, which the PostgreSQL adapter translates.
"""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import functools
import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

import msgspec

from schemas import COLLECTIONS, Article, ArticleSummary
from service.records import Record, batched
from service.store import (
    AlreadyExists,
    Filters,
    PreconditionFailed,
    PreconditionRequired,
    Put,
    StoredArticle,
    WriteResult,
)
from service.store.index import Prepared, key_rows, prepare

EXPORT_BATCH = 2_000
KEYS_PER_DELETE = 500
"""Key values a DELETE names at most (well under either engine's limit on parameters)."""
ITEM_COLUMNS = (
    *("collection", "article_id", "id", "kind", "sub_kind", "date_start", "date_end", "updated_at", "document"),
    *("names", "csv_row", "csv_layout"),
)
KEY_COLUMNS = ("collection", "facet", "value", "article_id", "item_id", "kind")
_encoder = msgspec.json.Encoder()
_article_decoder = msgspec.json.Decoder(Article)
_summary_decoder = msgspec.json.Decoder(ArticleSummary)


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def fetchmany(self, size: int) -> list[Any]: ...


@dataclass(frozen=True, slots=True)
class Dialect:
    json_param: str
    """How a JSON document parameter is written in SQL (e.g. '?::jsonb')."""
    json_column: str
    """How the article document column is read back as JSON text or bytes."""
    lock_row: str
    """Appended to the SELECT that reads an article before changing it ('FOR UPDATE' where rows lock)."""
    notify: str = ""
    """A statement run in every write transaction to tell other processes (PostgreSQL's NOTIFY)."""

    def timestamp(self, value: dt.datetime) -> Any:
        return value

    def read_timestamp(self, value: Any) -> dt.datetime:
        return value  # type: ignore[no-any-return]

    def date(self, value: str | None) -> Any:
        return value

    def blob(self, value: bytes) -> Any:
        return value

    def json(self, document: bytes) -> Any:
        return document


@dataclass(frozen=True, slots=True)
class FilteredSet:
    """The rows a set of filters selects, as SQL parts: FROM `source` WHERE `where` ORDER BY `order`."""

    source: str
    """The tables, the selected items `i` among them."""
    chosen_by: str
    """The tables the selection needs (the key index alone, where only facets filter)."""
    where: str
    params: list[Any]
    order: str
    """Two columns, article id then item id: the keyset pages follow."""

    def keys(self) -> str:
        """The selected keys in order, `article_id` and `item_id`: every column it needs is in an index."""
        article_id, item_id = self.order.split(", ")
        return (
            f"SELECT {article_id} AS article_id, {item_id} AS item_id FROM {self.chosen_by}"
            f" WHERE {self.where} ORDER BY {self.order}"
        )

    def count(self) -> str:
        return f"SELECT count(*) FROM {self.chosen_by} WHERE {self.where}"


def _json_record_columns(names: bool = True) -> str:
    """The row `SqlStore._records` takes, for records that bring their JSON (and the participants' names)."""
    return f"i.article_id, i.id, i.document, {'i.names' if names else 'NULL'}, NULL, NULL"


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, str):
        return value.encode()
    return bytes(value)


class SqlStore(abc.ABC):
    dialect: Dialect
    local_writes: int = 0
    """Writes committed through this object: a process sees its own writes at once, whatever else it hears."""
    reads_inline: bool = False
    """Reads are in-process and quick enough for the event loop, within a budget (see service/reads.py)."""
    _version: tuple[int, int] | None = None
    """(change token, store version) when last read."""

    @abc.abstractmethod
    def _write(self) -> AbstractContextManager[Cursor]:
        """A cursor in a transaction that serialises writers; committed on exit, rolled back on error."""

    @abc.abstractmethod
    def _read(self) -> AbstractContextManager[Cursor]:
        """A cursor for reads."""

    @abc.abstractmethod
    def after_bulk_load(self) -> None:
        """Bring the planner up to date after many writes at once."""

    def _turn(self) -> AbstractContextManager[None]:
        """Held while a batch of an export is read (an engine whose reads should take turns says how)."""
        return contextlib.nullcontext()

    @abc.abstractmethod
    def _snapshot(self) -> AbstractContextManager[Cursor]:
        """A cursor on a consistent snapshot held for a whole export, apart from other traffic."""

    # reads

    def get(self, article_id: str) -> StoredArticle | None:
        with self._read() as cur:
            cur.execute(
                f"SELECT {self.dialect.json_column}, revision, etag, created_at, updated_at FROM articles WHERE id = ?",
                (article_id,),
            )
            row = cur.fetchone()
        if row is None:
            return None
        read = self.dialect.read_timestamp
        return StoredArticle(_article_decoder.decode(_as_bytes(row[0])), row[1], row[2], read(row[3]), read(row[4]))

    def summaries(self, after: str | None = None, limit: int | None = None) -> list[ArticleSummary]:
        sql, params = "SELECT summary FROM articles", list[Any]()
        if after is not None:
            sql += " WHERE id > ?"
            params.append(after)
        sql += " ORDER BY id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._read() as cur:
            cur.execute(sql, params)
            return [_summary_decoder.decode(_as_bytes(r[0])) for r in cur.fetchall()]

    def count(self) -> int:
        with self._read() as cur:
            cur.execute("SELECT count(*) FROM articles")
            return int(cur.fetchone()[0])

    @abc.abstractmethod
    def changes(self) -> int:
        """The change token (see ArticleStore.changes)."""

    def version(self) -> int:
        """Read again only when the change token has moved since it was last read (on PostgreSQL, while this
        replica is deaf to notifications, every time): every corpus page and export asks for it, and it was
        one query of a page's two."""
        token = self.changes()  # (taken first: a write landing between the two is read, never missed)
        if self._version is not None and self._version[0] == token:
            return self._version[1]
        with self._read() as cur:
            cur.execute("SELECT version FROM store_version")
            version = int(cur.fetchone()[0])
        self._version = (token, version)
        return version

    def records(self, collection: str, filters: Filters, after: tuple[str, str] | None, limit: int) -> list[Record]:
        """A page: the filtered set's keys are found first (on indexes, narrow rows), then only the page's
        documents are read: a filter that matches one event in a hundred reads a hundred documents, not ten
        thousand."""
        chosen = self._filtered(collection, filters, after)
        # the limit written in, not bound: PostgreSQL plans a prepared statement once for all values only where
        # that plan costs no more than one for the values at hand, and with the limit unknown it costs a page
        # as a tenth of the table; so a date filter's query was planned afresh at each call (0.3 ms of 1.9)
        sql = (
            f"SELECT {_json_record_columns()} FROM ({chosen.keys()} LIMIT {limit:d}) AS page"
            " JOIN items i ON i.collection = ? AND i.article_id = page.article_id AND i.id = page.item_id"
            " ORDER BY page.article_id, page.item_id"
        )
        with self._read() as cur:
            cur.execute(sql, [*chosen.params, collection])
            return self._records(collection, cur.fetchall())

    def export(
        self, collection: str, filters: Filters, csv_layout: str | None = None, *, names: bool = True
    ) -> tuple[int, Iterator[list[Record]]]:
        chosen = self._filtered(collection, filters, None)
        if csv_layout is None:
            columns, params = _json_record_columns(names), chosen.params
        else:  # the stored CSV line, and only where it is of another layout the JSON to render it again from
            stale = "CASE WHEN i.csv_layout = ? THEN NULL ELSE {} END"
            columns = (
                f"i.article_id, i.id, {stale.format('i.document')}, {stale.format('i.names')}, i.csv_row, i.csv_layout"
            )
            params = [csv_layout, csv_layout, *chosen.params]
        context = self._snapshot()
        cur = context.__enter__()
        try:
            cur.execute(chosen.count(), chosen.params)
            total = int(cur.fetchone()[0])
            cur.execute(f"SELECT {columns} FROM {chosen.source} WHERE {chosen.where} ORDER BY {chosen.order}", params)
        except BaseException as exc:
            context.__exit__(type(exc), exc, exc.__traceback__)
            raise

        def batches() -> Iterator[list[Record]]:
            try:
                while True:
                    with self._turn():
                        rows = cur.fetchmany(EXPORT_BATCH)
                    if not rows:
                        break
                    yield self._records(collection, rows)
            finally:
                context.__exit__(None, None, None)

        return total, batches()

    def deletions(self, since: dt.datetime | None, after: tuple[str, str] | None, limit: int) -> list[tuple[str, str]]:
        sql, params = "SELECT deleted_at, article_id FROM deletions WHERE 1 = 1", list[Any]()
        if since is not None:
            sql += " AND deleted_at >= ?"
            params.append(self.dialect.timestamp(since))
        if after is not None:
            sql += " AND (deleted_at, article_id) > (?, ?)"
            params.extend([self.dialect.timestamp(dt.datetime.fromisoformat(after[0])), after[1]])
        sql += " ORDER BY deleted_at, article_id LIMIT ?"
        params.append(limit)
        with self._read() as cur:
            cur.execute(sql, params)
            return [(self.dialect.read_timestamp(r[0]).isoformat(), r[1]) for r in cur.fetchall()]

    @staticmethod
    def _records(collection: str, rows: list[Any]) -> list[Record]:
        """Records from rows of (article_id, id, document, names, csv_row, csv_layout), as pages and exports read them.

        Exports call this a million times a run, and both engines' drivers give BLOB and bytea columns as
        `bytes` already: one C loop, no conversion."""
        return list(itertools.starmap(functools.partial(Record, collection), rows))

    def _filtered(self, collection: str, f: Filters, after: tuple[str, str] | None) -> FilteredSet:
        """One query for every filter: facet filters drive from the key index, the rest are predicates."""
        wanted = (("actor", f.actor), ("location", f.location), ("country", f.country))
        facets = [(facet, value) for facet, value in wanted if value]
        where, params = ["i.collection = ?"], list[Any]([collection])
        source = "items i"
        order = ("i.article_id", "i.id")
        keyed = bool(facets)
        if keyed:
            facet, value = facets.pop(0)
            source = (
                "item_keys k JOIN items i ON i.collection = k.collection AND i.article_id = k.article_id"
                " AND i.id = k.item_id"
            )
            where = ["k.collection = ?", "k.facet = ?", "k.value = ?"]
            params = [collection, facet, _key(facet, value)]
            order = ("k.article_id", "k.item_id")
        tests_items = False  # does any condition test the items' own columns?

        def on_items(condition: str, *values: Any) -> None:
            nonlocal tests_items
            where.append(condition)
            params.extend(values)
            tests_items = True

        for facet, value in facets:
            on_items(
                "EXISTS (SELECT 1 FROM item_keys x WHERE x.collection = i.collection AND x.facet = ?"
                " AND x.value = ? AND x.article_id = i.article_id AND x.item_id = i.id)",
                facet,
                _key(facet, value),
            )
        if f.article is not None:
            on_items("i.article_id = ?", f.article)
        if f.kind is not None and keyed:  # the keys carry their item's kind
            where.append("k.kind = ?")
            params.append(f.kind)
        elif f.kind is not None:
            on_items("i.kind = ?", f.kind)
        if f.sub_kind is not None:
            on_items("i.sub_kind = ?", f.sub_kind)
        if f.date_from is not None:  # overlaps: ends on or after date_from (an open end always does)
            on_items(
                "(i.date_end >= ? OR (i.date_end IS NULL AND i.date_start IS NOT NULL))",
                self.dialect.date(f.date_from.isoformat()),
            )
        if f.date_to is not None:
            on_items(
                "(i.date_start <= ? OR (i.date_start IS NULL AND i.date_end IS NOT NULL))",
                self.dialect.date(f.date_to.isoformat()),
            )
        if f.updated_since is not None:
            on_items("i.updated_at >= ?", self.dialect.timestamp(f.updated_since))
        if after is not None:
            where.append(f"({', '.join(order)}) > (?, ?)")
            params += list(after)
        # where facets alone filter, the keys say which items: none is read before the page is chosen
        chosen_by = "item_keys k" if keyed and not tests_items else source
        return FilteredSet(source, chosen_by, " AND ".join(where), params, ", ".join(order))

    # writes

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
                *(None if names is None else d.blob(names), d.blob(csv_line), layout),
            )
            for ready, stamp in written
            for collection, id, kind, sub_kind, start, end, item, names, csv_line, layout in ready.items
        )
        self._insert_rows(cur, "items", ITEM_COLUMNS, items)
        keys = sorted(
            (collection, facet, value, ready.id, item_id, kind)
            for ready, _ in written
            for collection, facet, value, item_id, kind in ready.keys
        )
        self._insert_rows(cur, "item_keys", KEY_COLUMNS, keys)

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
        for collection, facet, value, *_ in key_rows(_article_decoder.decode(_as_bytes(document))):
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


def cur_rowcount(cur: Cursor) -> int:
    return int(getattr(cur, "rowcount", -1))


def _check_precondition(article_id: str, if_match: str | None, current_etag: str) -> None:
    """If-Match uses the strong comparison (RFC 9110 §13.1.1): a weak tag never matches."""
    if if_match is None:
        raise PreconditionRequired(f"article {article_id!r} exists: send If-Match with its ETag to change it")
    tags = [t.strip() for t in if_match.split(",")]
    if "*" not in tags and current_etag not in tags:
        raise PreconditionFailed(f"article {article_id!r} has changed: its ETag is now {current_etag}")


def _key(facet: str, value: str) -> str:
    return value.upper() if facet == "country" else value.casefold()
