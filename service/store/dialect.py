"""What an adapter hands the SQL core: cursors that take `?` placeholders, and a `Dialect` that says how a
JSON document, a timestamp and a date are written and read, so one text of SQL serves both engines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from service.search import Query


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
    search_hits: str = ""
    """SQL of (article_id, item_id, rank) for the rows of one collection a full-text query matches, lower ranks
    the better matches; it takes two parameters, `search(query)` and the collection."""
    point_rows: str = "jsonb_array_elements({}::jsonb) AS p(value)"
    """The rows `p` of an item's `points` column (JSON text `[[lat, lon], …]`), whose latitude and longitude are
    `point_lat` and `point_lon`."""
    point_lat: str = "(p.value->>0)::float8"
    point_lon: str = "(p.value->>1)::float8"
    least: str = "least"
    """The smaller of two numbers."""
    keyed_join: str = "JOIN"
    """The join from the key index to the items it names, keeping the keys first (SQLite's planner, without
    statistics, would otherwise scan a collection's items by kind to spare a sort)."""

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

    def date_bucket(self, interval: str, column: str) -> str:
        """SQL of a date column's bucket as ISO text: YYYY-MM-DD (a day, a week's Monday), YYYY-MM or YYYY."""
        raise NotImplementedError

    def search(self, query: Query) -> str:
        """A parsed query as the engine's full-text index is asked it."""
        raise NotImplementedError


def cur_rowcount(cur: Cursor) -> int:
    return int(getattr(cur, "rowcount", -1))


def as_bytes(value: Any) -> bytes:
    """A JSON column's value as bytes, whether the driver gives text (`json_column` cast to text) or bytes."""
    if isinstance(value, str):
        return value.encode()
    return bytes(value)
