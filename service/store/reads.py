"""The SQL store's reads, the same on both engines: an article, summaries, corpus pages, exports, deletions,
the count and the version. `SqlStore` (sql.py) adds the writes; an adapter supplies the cursors."""

from __future__ import annotations

import abc
import contextlib
import datetime as dt
import functools
import itertools
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

import msgspec

from schemas import Article, ArticleSummary
from schemas.v1 import Actor, ArticleText, Location
from service.records import Record
from service.search import Query
from service.store import MULTIVALUED, Counts, Filters, StoredArticle, Tally
from service.store.dialect import Cursor, Dialect, as_bytes
from service.store.filtered_set import filtered_set
from service.store.known import known_items

EXPORT_BATCH = 2_000
article_decoder = msgspec.json.Decoder(Article)
"""Reads the stored document (writes read it too, to find the index rows it had)."""
_summary_decoder = msgspec.json.Decoder(ArticleSummary)
_text_decoder = msgspec.json.Decoder(ArticleText)


DEATHS = ("deaths_low", "deaths_best", "deaths_high")
"""An event's three estimates (columns of its row, None where unknown)."""


def _tally(table: str, deaths: bool) -> str:
    """SQL of a Tally over rows of `table`: their count and, for events, each estimate's sum and how many rows
    have it unknown (never added as 0)."""
    if not deaths:
        return "count(*)"
    sums = (f"coalesce(sum({table}.{column}), 0), count(*) - count({table}.{column})" for column in DEATHS)
    return f"count(*), {', '.join(sums)}"


def _tally_of(row: Sequence[Any], deaths: bool) -> Tally:
    if not deaths:
        return Tally(int(row[0]))
    return Tally(int(row[0]), tuple(int(n) for n in row[1:7]))  # type: ignore[arg-type]


def _less(whole: Tally, part: Tally) -> Tally:
    """The items of `whole` not in `part` (a subset of it)."""
    if whole.deaths is None or part.deaths is None:
        return Tally(whole.count - part.count)
    return Tally(whole.count - part.count, tuple(w - p for w, p in zip(whole.deaths, part.deaths, strict=True)))  # type: ignore[arg-type]


def _together(tallies: list[Tally], deaths: bool) -> Tally:
    """Several tallies as one."""
    count = sum(tally.count for tally in tallies)
    if not deaths:
        return Tally(count)
    summed = tuple(sum(column) for column in zip(*(t.deaths or (0,) * 6 for t in tallies), strict=True))
    return Tally(count, summed or (0,) * 6)  # type: ignore[arg-type]


def _json_record_columns(names: bool = True) -> str:
    """The row `SqlReads._records` takes, for records that bring their JSON (and the participants' names)."""
    return f"i.article_id, i.id, i.document, {'i.names' if names else 'NULL'}, NULL, NULL"


class SqlReads(abc.ABC):
    dialect: Dialect
    reads_inline: bool = False
    """Reads are in-process and quick enough for the event loop, within a budget (see service/http/reads.py)."""
    _version: tuple[int, int] | None = None
    """(change token, store version) when last read."""

    @abc.abstractmethod
    def _read(self) -> AbstractContextManager[Cursor]:
        """A cursor for reads."""

    def _turn(self) -> AbstractContextManager[None]:
        """Held while a batch of an export is read (an engine whose reads should take turns says how)."""
        return contextlib.nullcontext()

    @abc.abstractmethod
    def _snapshot(self) -> AbstractContextManager[Cursor]:
        """A cursor on a consistent snapshot held for a whole export, apart from other traffic."""

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
        return StoredArticle(article_decoder.decode(as_bytes(row[0])), row[1], row[2], read(row[3]), read(row[4]))

    def texts(self, article_ids: Collection[str]) -> dict[str, ArticleText]:
        """One query for them all; each document decoded into its text fields alone (the rest skipped unread)."""
        wanted = sorted(set(article_ids))
        if not wanted:
            return {}
        with self._read() as cur:
            cur.execute(
                f"SELECT {self.dialect.json_column} FROM articles WHERE id IN ({', '.join('?' * len(wanted))})",
                wanted,
            )
            texts = [_text_decoder.decode(as_bytes(row[0])) for row in cur.fetchall()]
        return {text.id: text for text in texts}

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
            return [_summary_decoder.decode(as_bytes(r[0])) for r in cur.fetchall()]

    def known(self, names: Collection[str]) -> tuple[list[Actor], list[Location]]:
        """The stored actors and places bearing these names, and the places containing them (known.py)."""
        return known_items(self._read, names)

    def count(self) -> int:
        with self._read() as cur:
            cur.execute("SELECT count(*) FROM articles")
            return int(cur.fetchone()[0])

    @abc.abstractmethod
    def changes(self) -> int:
        """The change token (see ArticleStore.changes)."""

    def version(self) -> int:
        """Read again only when the change token has moved since it was last read (on PostgreSQL, while this
        replica is deaf to notifications, every time): every corpus page and export asks for it, and it would
        otherwise be a query of its own beside the page's."""
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
        chosen = filtered_set(self.dialect, collection, filters, after)
        # the limit written in, not bound: PostgreSQL plans a prepared statement once for all values only where
        # that plan costs no more than one for the values at hand, and with the limit unknown it costs a page
        # as a tenth of the table; so a date filter's query was planned afresh at each call
        sql = (
            f"SELECT {_json_record_columns()} FROM ({chosen.keys()} LIMIT {limit:d}) AS page"
            " JOIN items i ON i.collection = ? AND i.article_id = page.article_id AND i.id = page.item_id"
            " ORDER BY page.article_id, page.item_id"
        )
        with self._read() as cur:
            cur.execute(sql, [*chosen.params, collection])
            return self._records(collection, cur.fetchall())

    def hits(
        self, collection: str, filters: Filters, after: tuple[float, str, str] | None, limit: int
    ) -> list[tuple[float, Record]]:
        """A page of a search in order of relevance: as `records`, each record with its rank."""
        chosen = filtered_set(self.dialect, collection, filters, after)
        assert chosen.ranked, "hits() pages a search ranked by relevance"
        sql = (
            f"SELECT page.rank, {_json_record_columns()} FROM ({chosen.keys()} LIMIT {limit:d}) AS page"
            " JOIN items i ON i.collection = ? AND i.article_id = page.article_id AND i.id = page.item_id"
            " ORDER BY page.rank, page.article_id, page.item_id"
        )
        with self._read() as cur:
            cur.execute(sql, [*chosen.params, collection])
            rows = cur.fetchall()
        return list(zip([row[0] for row in rows], self._records(collection, [row[1:] for row in rows]), strict=True))

    def found_articles(
        self, query: Query, after: tuple[float, str] | None, limit: int, *, ranked: bool = True
    ) -> list[tuple[float, ArticleSummary]]:
        order = ("h.rank", "a.id") if ranked else ("a.id",)
        params: list[Any] = [self.dialect.search(query), "articles"]
        where = ""
        if after is not None:
            where = f" WHERE ({', '.join(order)}) > ({', '.join('?' * len(order))})"
            params += list(after if ranked else after[1:])
        sql = (
            f"SELECT h.rank, a.summary FROM ({self.dialect.search_hits}) h JOIN articles a ON a.id = h.article_id"
            f"{where} ORDER BY {', '.join(order)} LIMIT {limit:d}"
        )
        with self._read() as cur:
            cur.execute(sql, params)
            return [(row[0], _summary_decoder.decode(as_bytes(row[1]))) for row in cur.fetchall()]

    def export(
        self, collection: str, filters: Filters, csv_layout: str | None = None, *, names: bool = True
    ) -> tuple[int, Iterator[list[Record]]]:
        chosen = filtered_set(self.dialect, collection, filters, None)
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

    def facet(
        self, collection: str, filters: Filters, field: str, top: int, interval: str = "day", level: str = "country"
    ) -> Counts:
        """GROUP BYs over the filtered set, read from index rows (events' deaths summed from their columns): one
        for the buckets, whose sum is the whole set's; for a field an item may have several values of, one for
        the whole set and one for the items that have any, the rest being the items without."""
        chosen = filtered_set(self.dialect, collection, filters, None)
        deaths = collection == "events"
        source = f"{chosen.source} WHERE {chosen.where}"
        with self._counting() as cur:
            if field in MULTIVALUED:
                cur.execute(f"SELECT {_tally('i', deaths)} FROM {source}", chosen.params)
                total = _tally_of(cur.fetchone(), deaths)
                join, test, value, params = self._values_of(field, level)
                each = ", ".join(f"i.{column}" for column in DEATHS)
                pairs = f"SELECT DISTINCT i.article_id, i.id, {value} AS value, {each} FROM {chosen.source} {join}"
                pairs += f" WHERE {chosen.where} AND {test}"
                items = f"SELECT DISTINCT article_id, id, {', '.join(DEATHS)} FROM ({pairs}) p"
                cur.execute(f"SELECT {_tally('v', deaths)} FROM ({items}) v", [*chosen.params, *params])
                valued = _tally_of(cur.fetchone(), deaths)
                cur.execute(
                    f"SELECT v.value, {_tally('v', deaths)} FROM ({pairs}) v GROUP BY v.value",
                    [*chosen.params, *params],
                )
                tallies = {row[0]: _tally_of(row[1:], deaths) for row in cur.fetchall()}
                missing = _less(total, valued)
            else:
                column = self.dialect.date_bucket(interval, "i.date_start") if field == "date" else f"i.{field}"
                cur.execute(f"SELECT {column}, {_tally('i', deaths)} FROM {source} GROUP BY {column}", chosen.params)
                tallies = {row[0]: _tally_of(row[1:], deaths) for row in cur.fetchall()}
                total = _together(list(tallies.values()), deaths)  # (one value an item: the buckets add up)
                missing = tallies.pop(None, Tally(0, (0,) * 6 if deaths else None))
        counted = sorted(tallies.items(), key=lambda bucket: (-bucket[1].count, bucket[0]))  # (NULL sorts apart)
        return Counts(
            total=total,
            buckets=counted[:top],
            other=_together([tally for _, tally in counted[top:]], deaths),
            missing=missing,
        )

    def _values_of(self, field: str, level: str) -> tuple[str, str, str, list[Any]]:
        """A multivalued field's values as SQL: the JOIN that finds them, its condition, the value, its parameters.

        From the key index (service/store/index.py): an item's country keys; the keys naming places around its
        own, the places of `level` among them; the keys naming the actors taking part."""
        keys = "item_keys fk ON fk.collection = i.collection AND fk.article_id = i.article_id AND fk.item_id = i.id"
        if field == "country":
            return f"JOIN {keys}", "fk.facet = 'country'", "fk.value", []
        named = "items fi ON fi.collection = '{}' AND fi.article_id = i.article_id AND fi.id = fk.value"
        if field == "location":
            return (
                f"JOIN {keys} JOIN {named.format('locations')}",
                "fk.facet = 'location' AND fi.kind = ?",
                "fi.label",
                [level],
            )
        return f"JOIN {keys} JOIN {named.format('actors')}", "fk.facet = 'actor'", "fi.label", []

    def _counting(self) -> AbstractContextManager[Cursor]:
        """A cursor for counts, which stops a count past the read's deadline (service.store.budget), raising
        OverBudget; an engine whose reads cannot be interrupted that way says how it does it."""
        return self._read()

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

        Exports call this for every batch of every run, and both engines' drivers give BLOB and bytea columns
        as `bytes` already: one C loop, no conversion."""
        return list(itertools.starmap(functools.partial(Record, collection), rows))
