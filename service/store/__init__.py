"""The persistence port: what the service needs from storage, whatever the engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from schemas import Article, ArticleSummary, parse_article


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored: the validated document and its bookkeeping."""

    article: Article
    revision: int
    updated_at: str


@runtime_checkable
class ArticleStore(Protocol):
    def get(self, article_id: str) -> StoredArticle | None: ...

    def summaries(self) -> list[ArticleSummary]: ...

    def put(self, article: Article) -> int:
        """Create or replace an article; returns its new revision."""
        ...

    def count(self) -> int: ...

    def close(self) -> None: ...


def open_store(database_url: str) -> ArticleStore:
    """The adapter for a DATABASE_URL (sqlite:///path)."""
    if database_url.startswith("sqlite:///"):
        from service.store.sqlite import SqliteStore

        return SqliteStore(Path(database_url.removeprefix("sqlite:///")))
    raise SystemExit(f"DATABASE_URL {database_url!r}: expected sqlite:///path")


def load_bundled(store: ArticleStore, data_dir: Path) -> int:
    """Load the bundled articles into an empty store; a store with articles is left as it is."""
    if store.count():
        return 0
    paths = sorted(data_dir.glob("*.json"))
    for path in paths:
        store.put(parse_article(path.read_bytes()))
    return len(paths)


def summarize(article: Article) -> ArticleSummary:
    return ArticleSummary(
        id=article.id,
        headline=article.headline,
        url=article.url,
        language=article.language,
        date_published=article.date_published,
        date_modified=article.date_modified,
        actor_count=len(article.actors),
        location_count=len(article.locations),
        event_count=len(article.events),
        relation_count=len(article.relations),
    )
