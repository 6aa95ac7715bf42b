"""The SQL core both adapters share: the same tables, the same queries, the same write protocol.

An adapter supplies connections and a `Dialect` (how a JSON document, a timestamp and a date are
written and read); SQL here uses `?` placeholders, which the PostgreSQL adapter translates.
"""

from __future__ import annotations

import abc
import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

import msgspec

from schemas import Article, ArticleSummary
from service.store import (
    AlreadyExists,
    Filters,
    PreconditionFailed,
    PreconditionRequired,
    Record,
    StoredArticle,
    WriteResult,
    summarize,
)
from service.store.index import index_article

EXPORT_BATCH = 2_000
_encoder = msgspec.json.Encoder()
_article_decoder = msgspec.json.Decoder(Article)
_summary_decoder = msgspec.json.Decoder(ArticleSummary)


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, params: Sequence[Sequence[Any]], /) -> Any: ...

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


def entity_tag(document: bytes) -> str:
    """The strong ETag of an article's JSON representation (the stored document is exactly that JSON)."""
    return '"' + hashlib.blake2b(document, digest_size=16).hexdigest() + '"'


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, str):
        return value.encode()
    return bytes(value)


class SqlStore(abc.ABC):
    dialect: Dialect
    local_writes: int = 0
    """Writes committed through this object: a process sees its own writes at once, whatever else it hears."""

    @abc.abstractmethod
    def _write(self) -> AbstractContextManager[Cursor]:
        """A cursor in a transaction that serialises writers; committed on exit, rolled back on error."""

    @abc.abstractmethod
    def _read(self) -> AbstractContextManager[Cursor]:
        """A cursor for reads."""

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

    def version(self) -> int:
        with self._read() as cur:
            cur.execute("SELECT version FROM store_version")
            return int(cur.fetchone()[0])

    def records(self, collection: str, filters: Filters, after: tuple[str, str] | None, limit: int) -> list[Record]:
        sql, params = self._select(collection, filters, after)
        with self._read() as cur:
            cur.execute(sql + " LIMIT ?", [*params, limit])
            return [self._record(collection, row) for row in cur.fetchall()]

    def export(
        self, collection: str, filters: Filters, csv_layout: str | None = None
    ) -> tuple[int, Iterator[list[Record]]]:
        sql, params = self._select(collection, filters, None, csv_layout)
        context = self._snapshot()
        cur = context.__enter__()
        try:
            cur.execute(f"SELECT count(*) FROM ({sql}) AS filtered", params)
            total = int(cur.fetchone()[0])
            cur.execute(sql, params)
        except BaseException as exc:
            context.__exit__(type(exc), exc, exc.__traceback__)
            raise

        def batches() -> Iterator[list[Record]]:
            try:
                while rows := cur.fetchmany(EXPORT_BATCH):
                    yield [self._record(collection, row) for row in rows]
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

    def _record(self, collection: str, row: Sequence[Any]) -> Record:
        document = b"" if row[2] is None else _as_bytes(row[2])
        names = None if row[3] is None else _as_bytes(row[3])
        csv_row = None if row[4] is None else _as_bytes(row[4])
        return Record(collection, row[0], row[1], document, names, csv_row, row[5])

    def _select(
        self, collection: str, f: Filters, after: tuple[str, str] | None, csv_layout: str | None = None
    ) -> tuple[str, list[Any]]:
        """One query for every filter: facet filters drive from the key index, the rest are predicates.

        With `csv_layout`, a row brings its stored CSV line and, only where that line is of another layout,
        the JSON to render it again from: an export reads no more than it writes.
        """
        wanted = (("actor", f.actor), ("location", f.location), ("country", f.country))
        facets = [(facet, value) for facet, value in wanted if value]
        where, params = ["i.collection = ?"], list[Any]([collection])
        source = "items i"
        order = "i.article_id, i.id"
        if facets:
            facet, value = facets.pop(0)
            source = (
                "item_keys k JOIN items i ON i.collection = k.collection AND i.article_id = k.article_id"
                " AND i.id = k.item_id"
            )
            where = ["k.collection = ?", "k.facet = ?", "k.value = ?"]
            params = [collection, facet, _key(facet, value)]
            order = "k.article_id, k.item_id"
        for facet, value in facets:
            where.append(
                "EXISTS (SELECT 1 FROM item_keys x WHERE x.collection = i.collection AND x.facet = ?"
                " AND x.value = ? AND x.article_id = i.article_id AND x.item_id = i.id)"
            )
            params += [facet, _key(facet, value)]
        if f.article is not None:
            where.append("i.article_id = ?")
            params.append(f.article)
        if f.kind is not None:
            where.append("i.kind = ?")
            params.append(f.kind)
        if f.sub_kind is not None:
            where.append("i.sub_kind = ?")
            params.append(f.sub_kind)
        if f.date_from is not None:  # overlaps: ends on or after date_from (an open end always does)
            where.append("(i.date_end >= ? OR (i.date_end IS NULL AND i.date_start IS NOT NULL))")
            params.append(self.dialect.date(f.date_from.isoformat()))
        if f.date_to is not None:
            where.append("(i.date_start <= ? OR (i.date_start IS NULL AND i.date_end IS NOT NULL))")
            params.append(self.dialect.date(f.date_to.isoformat()))
        if f.updated_since is not None:
            where.append("i.updated_at >= ?")
            params.append(self.dialect.timestamp(f.updated_since))
        if after is not None:
            where.append(f"({order}) > (?, ?)")
            params += list(after)
        if csv_layout is None:
            columns = "i.article_id, i.id, i.document, i.names, NULL, NULL"
        else:
            stale = "CASE WHEN i.csv_layout = ? THEN NULL ELSE {} END"
            columns = (
                f"i.article_id, i.id, {stale.format('i.document')}, {stale.format('i.names')}, i.csv_row, i.csv_layout"
            )
            params = [csv_layout, csv_layout, *params]
        sql = f"SELECT {columns} FROM {source} WHERE {' AND '.join(where)} ORDER BY {order}"
        return sql, params

    # writes

    def put(self, article: Article, *, if_match: str | None = None, create_only: bool = False) -> WriteResult:
        with self._write() as cur:
            cur.execute(f"SELECT revision, etag FROM articles WHERE id = ? {self.dialect.lock_row}", (article.id,))
            current = cur.fetchone()
            if current is None:
                if if_match is not None and not create_only:  # If-Match names a version; there is none
                    raise PreconditionFailed(f"article {article.id!r} does not exist")
            elif create_only:
                raise AlreadyExists(f"article {article.id!r} already exists")
            else:
                _check_precondition(article.id, if_match, current[1])
            result = self._store(cur, article, current)
            if result is None:  # a concurrent writer created it between our read and our insert
                if create_only:
                    raise AlreadyExists(f"article {article.id!r} already exists")
                raise PreconditionRequired(f"article {article.id!r} was created meanwhile: send If-Match")
        self.local_writes += 1
        return result

    def put_many(self, articles: Sequence[Article]) -> list[WriteResult]:
        """Create or replace each article, unconditionally, in one transaction (bulk import)."""
        results = []
        with self._write() as cur:
            for article in articles:
                cur.execute(f"SELECT revision, etag FROM articles WHERE id = ? {self.dialect.lock_row}", (article.id,))
                result = self._store(cur, article, cur.fetchone())
                if result is None:
                    raise AlreadyExists(f"article {article.id!r} was created meanwhile")
                results.append(result)
        self.local_writes += 1
        return results

    def _store(self, cur: Cursor, article: Article, current: Sequence[Any] | None) -> WriteResult | None:
        """Write the document and its index; an identical document is left as it is (no new revision)."""
        document = _encoder.encode(article)
        etag = entity_tag(document)
        if current is not None and current[1] == etag:
            return WriteResult(current[0], etag, created=False, changed=False)
        now = dt.datetime.now(dt.UTC)
        d = self.dialect
        revision = 1 if current is None else current[0] + 1
        summary = _encoder.encode(summarize(article, revision, now))
        if current is None:
            cur.execute(
                "INSERT INTO articles (id, revision, etag, document, summary, created_at, updated_at)"
                f" VALUES (?, ?, ?, {d.json_param}, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (article.id, revision, etag, d.json(document), d.blob(summary), d.timestamp(now), d.timestamp(now)),
            )
            if cur_rowcount(cur) == 0:
                return None
        else:
            cur.execute(
                f"UPDATE articles SET revision = ?, etag = ?, document = {d.json_param}, summary = ?,"
                " updated_at = ? WHERE id = ?",
                (revision, etag, d.json(document), d.blob(summary), d.timestamp(now), article.id),
            )
            self._drop_index(cur, article.id)
        items, keys = index_article(article)
        cur.executemany(
            "INSERT INTO items (collection, article_id, id, kind, sub_kind, date_start, date_end, updated_at,"
            " document, names, csv_row, csv_layout) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    i.collection,
                    article.id,
                    i.id,
                    i.kind,
                    i.sub_kind,
                    d.date(i.date_start),
                    d.date(i.date_end),
                    d.timestamp(now),
                    d.blob(i.document),
                    None if i.names is None else d.blob(i.names),
                    d.blob(i.csv_row),
                    i.csv_layout,
                )
                for i in items
            ],
        )
        cur.executemany(
            "INSERT INTO item_keys (collection, facet, value, article_id, item_id) VALUES (?, ?, ?, ?, ?)",
            [(k.collection, k.facet, k.value, article.id, k.item_id) for k in keys],
        )
        self._bump(cur)
        return WriteResult(revision, etag, created=current is None)

    def delete(self, article_id: str, *, if_match: str | None = None) -> bool:
        d = self.dialect
        with self._write() as cur:
            cur.execute(f"SELECT revision, etag FROM articles WHERE id = ? {d.lock_row}", (article_id,))
            current = cur.fetchone()
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
        """Count the write (in the same transaction), and tell other replicas when the engine can."""
        cur.execute("UPDATE store_version SET version = version + 1")
        if self.dialect.notify:
            cur.execute(self.dialect.notify)

    @staticmethod
    def _drop_index(cur: Cursor, article_id: str) -> None:
        cur.execute("DELETE FROM item_keys WHERE article_id = ?", (article_id,))
        cur.execute("DELETE FROM items WHERE article_id = ?", (article_id,))


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
