"""The SQLite adapter: the embedded default, one file, WAL, nothing to install."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from importlib.resources import files
from pathlib import Path

import msgspec

from schemas import Article, ArticleSummary
from service.store import StoredArticle, summarize

_encoder = msgspec.json.Encoder()
_article_decoder = msgspec.json.Decoder(Article)
_summary_decoder = msgspec.json.Decoder(ArticleSummary)


def _migrations() -> list[tuple[int, str]]:
    """Versioned migration files, applied in order; PRAGMA user_version records the last one applied."""
    folder = files("service.store") / "migrations" / "sqlite"
    found = sorted(
        (int(entry.name.split("_", 1)[0]), entry.read_text())
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    )
    return found


class SqliteStore:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._migrate()

    def _migrate(self) -> None:
        with self._lock:
            (current,) = self._db.execute("PRAGMA user_version").fetchone()
            for version, script in _migrations():
                if version > current:
                    self._db.execute("BEGIN IMMEDIATE")
                    try:
                        for statement in script.split(";"):
                            if statement.strip():
                                self._db.execute(statement)
                        self._db.execute(f"PRAGMA user_version={version:d}")
                        self._db.execute("COMMIT")
                    except BaseException:
                        self._db.execute("ROLLBACK")
                        raise

    def get(self, article_id: str) -> StoredArticle | None:
        with self._lock:
            row = self._db.execute(
                "SELECT document, revision, updated_at FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
        if row is None:
            return None
        return StoredArticle(_article_decoder.decode(row[0]), row[1], row[2])

    def summaries(self) -> list[ArticleSummary]:
        with self._lock:
            rows = self._db.execute("SELECT summary FROM articles ORDER BY id").fetchall()
        return [_summary_decoder.decode(r[0]) for r in rows]

    def put(self, article: Article) -> int:
        now = dt.datetime.now(dt.UTC).isoformat()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute("SELECT revision FROM articles WHERE id = ?", (article.id,)).fetchone()
                revision = (row[0] if row else 0) + 1
                self._db.execute(
                    "INSERT INTO articles (id, revision, document, summary, updated_at) VALUES (?, ?, ?, ?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET revision = excluded.revision,"
                    " document = excluded.document, summary = excluded.summary, updated_at = excluded.updated_at",
                    (
                        article.id,
                        revision,
                        _encoder.encode(article),
                        _encoder.encode(summarize(article)),
                        now,
                    ),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return revision

    def count(self) -> int:
        with self._lock:
            (n,) = self._db.execute("SELECT count(*) FROM articles").fetchone()
        return int(n)

    def close(self) -> None:
        with self._lock:
            self._db.close()
