"""Which adapter a DATABASE_URL names. Apart from the port (service/store/__init__.py), which the adapters
import; an adapter's own imports (psycopg) are paid for only when it is the one opened."""

from __future__ import annotations

from pathlib import Path

from service.store import ArticleStore


def open_store(database_url: str, *, migrate: bool = True) -> ArticleStore:
    """The adapter for a DATABASE_URL: sqlite:///path or postgresql://…"""
    if database_url.startswith("sqlite:///"):
        from service.store.sqlite import SqliteStore

        return SqliteStore(Path(database_url.removeprefix("sqlite:///")), migrate=migrate)
    if database_url.startswith(("postgresql://", "postgres://")):
        from service.store.postgresql import PostgresStore

        return PostgresStore(database_url, migrate=migrate)
    raise SystemExit(f"DATABASE_URL {database_url!r}: expected sqlite:///path or postgresql://…")
