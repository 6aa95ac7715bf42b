"""The full-text index on SQLite and PostgreSQL: the same hits on both, and a migration that fills it for the
articles a store already held."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from schemas import Article, parse_article, validate_article
from service import search
from service.store import ArticleStore, Filters
from service.store.engines import open_store
from tests.conftest import SEED_PATH, throwaway_postgres
from tests.search_corpus import CORPUS

QUERIES = [
    "daesh",
    "kobani OR baghdad",
    '"car bomb"',
    "daesh -kobani",
    "kurd*",
    "Ḥamā",
    "isis",
    "aleppo rebels",
    '"free syrian army"',
    "nusra OR daesh",
    "attack*",
    "tanks OR regime -hama",
]


def corpus() -> list[Article]:
    return [parse_article(SEED_PATH.read_bytes()), *(validate_article(document()) for document in CORPUS)]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ArticleStore, ArticleStore]]:
    lite = open_store(f"sqlite:///{tmp_path_factory.mktemp('search') / 'store.sqlite3'}")
    with throwaway_postgres() as url:
        pg = open_store(url)
        for store in (lite, pg):
            store.put_many(corpus())
        yield lite, pg
        pg.close()
    lite.close()


def every_hit(store: ArticleStore, collection: str, query: search.Query) -> list[tuple[str, str]]:
    if collection == "articles":
        return [(s.id, s.id) for _, s in store.found_articles(query, None, 1_000, ranked=False)]
    return [(r.article_id, r.id) for r in store.records(collection, Filters(q=query, sort="id"), None, 1_000)]


@pytest.mark.parametrize("collection", ["articles", "actors", "locations", "events", "relations"])
@pytest.mark.parametrize("text", QUERIES)
def test_both_engines_find_the_same_hits(both: tuple[ArticleStore, ArticleStore], collection: str, text: str) -> None:
    lite, pg = both
    query = search.parse(text)
    assert every_hit(lite, collection, query) == every_hit(pg, collection, query)


def test_the_corpus_gives_both_engines_something_to_find(both: tuple[ArticleStore, ArticleStore]) -> None:
    lite, _ = both
    counted = sum(len(every_hit(lite, c, search.parse(q))) for q in QUERIES for c in ("articles", "events", "actors"))
    assert counted > 40


def test_an_export_of_hits_counts_and_streams_the_same_set(both: tuple[ArticleStore, ArticleStore]) -> None:
    for store in both:
        filters = Filters(q=search.parse("daesh OR isis"))
        count, batches = store.export("actors", filters)
        streamed = [(r.article_id, r.id) for batch in batches for r in batch]
        assert count == len(streamed) == len(set(streamed))
        assert set(streamed) == set(every_hit(store, "actors", filters.q))  # type: ignore[arg-type]


def test_version_6_fills_the_index_of_the_articles_already_stored(database_url: str, tmp_path: Path) -> None:
    store = open_store(database_url, migrate=False)
    try:
        assert store.migrate(until=5) == [1, 2, 3, 4, 5]
        store.put_many(corpus())  # (written without a full-text index: there is none yet)

        assert store.migrate(until=6) == [6]
        query = search.parse("daesh")
        assert every_hit(store, "actors", query) == [("baghdad-bomb", "daesh"), ("kobani-advance", "daesh")]
        assert every_hit(store, "articles", query) == [("baghdad-bomb", "baghdad-bomb"), ("kobani-advance",) * 2]
        assert every_hit(store, "events", search.parse('"free syrian army"'))
        store.delete("baghdad-bomb")  # (its rows, filled by the migration, are dropped as a write's are)
        assert every_hit(store, "actors", query) == [("kobani-advance", "daesh")]
    finally:
        store.close()
