"""One synthetic article (synth/articles.py): it passes the strict gate and is shaped like the seed."""

from __future__ import annotations

from functools import cache

import msgspec
import pytest

from schemas import Article, validate_article
from synth import synth_corpus

SIZE = 200
SEEDS = (1, 2024)


@cache
def corpus(seed: int) -> tuple[Article, ...]:
    return tuple(synth_corpus(SIZE, seed))


@pytest.mark.parametrize("seed", SEEDS)
def test_every_article_passes_strict_validation(seed: int) -> None:
    for article in corpus(seed):
        assert validate_article(msgspec.to_builtins(article)) == article


def test_articles_are_shaped_like_the_seed_on_average() -> None:
    articles = corpus(SEEDS[0])

    def mean(collection: str) -> float:
        return sum(len(getattr(article, collection)) for article in articles) / len(articles)

    assert 11 <= mean("actors") <= 14
    assert 9 <= mean("locations") <= 12
    assert 11 <= mean("events") <= 13
    assert 13 <= mean("relations") <= 17
    assert all(article.publisher == "publisher" and article.language == "en" for article in articles)
    assert all(article.headline.startswith("Synthetic report: ") for article in articles)


def test_dates_are_aware_spread_over_2010_to_2024_and_never_modified_before_published() -> None:
    articles = corpus(SEEDS[0])
    published = [article.date_published for article in articles if article.date_published]
    assert len(published) == SIZE
    assert all(date.tzinfo is not None and 2010 <= date.year <= 2024 for date in published)
    assert len({date.year for date in published}) == 15
    for article in articles:
        if article.date_modified and article.date_published:
            assert article.date_modified >= article.date_published
