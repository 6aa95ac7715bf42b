"""The synthetic corpus: every article passes the strict gate, and a seed always gives the same bytes."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import msgspec
import pytest

from schemas import SUB_EVENT_TYPES, Article, Evidence, validate_article
from synth import synth_article, synth_corpus

SIZE = 200
SEEDS = (1, 2024)


@cache
def corpus(seed: int) -> tuple[Article, ...]:
    return tuple(synth_corpus(SIZE, seed))


def encoded(seed: int) -> list[bytes]:
    return [msgspec.json.encode(article) for article in corpus(seed)]


def all_evidence(article: Article) -> Iterator[Evidence]:
    for collection in (article.actors, article.locations, article.events, article.relations):
        for item in collection:
            yield from item.evidence


@pytest.mark.parametrize("seed", SEEDS)
def test_every_article_passes_strict_validation(seed: int) -> None:
    for article in corpus(seed):
        assert validate_article(msgspec.to_builtins(article)) == article


def test_the_same_seed_gives_byte_identical_documents() -> None:
    again = [msgspec.json.encode(article) for article in synth_corpus(SIZE, SEEDS[0])]
    assert again == encoded(SEEDS[0])


def test_an_article_can_be_rebuilt_alone_from_its_index() -> None:
    assert msgspec.json.encode(synth_article(117, SEEDS[0])) == encoded(SEEDS[0])[117]


def test_different_seeds_give_different_documents() -> None:
    first, second = encoded(SEEDS[0]), encoded(SEEDS[1])
    assert not set(first) & set(second)


def test_every_evidence_quote_is_the_text_of_its_span() -> None:
    for article in corpus(SEEDS[0]):
        texts = {"headline": article.headline, "body": article.body}
        for evidence in all_evidence(article):
            assert texts[evidence.field][evidence.start : evidence.end] == evidence.quote


def test_the_corpus_covers_all_six_acled_event_types() -> None:
    event_types = {event.event_type for article in corpus(SEEDS[0]) for event in article.events}
    assert event_types == set(SUB_EVENT_TYPES)


def test_ids_are_unique_across_the_corpus() -> None:
    articles = corpus(SEEDS[0]) + corpus(SEEDS[1])
    assert len({article.id for article in articles}) == 2 * SIZE
    assert corpus(SEEDS[0])[7].id == "synth-1-7"
    qualified = [
        (article.id, name, item.id)
        for article in articles
        for name in ("actors", "locations", "events", "relations")
        for item in getattr(article, name)
    ]
    assert len(set(qualified)) == len(qualified)


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


def test_a_negative_seed_is_refused_because_ids_cannot_hold_it() -> None:
    with pytest.raises(ValueError, match="must be >= 0"):
        synth_article(0, -1)
