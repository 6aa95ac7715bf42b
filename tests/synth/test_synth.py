"""The synthetic corpus (synth/__init__.py): a seed always gives the same bytes, any article rebuilt alone."""

from __future__ import annotations

from functools import cache

import msgspec
import pytest

from schemas import Article
from synth import synth_article, synth_corpus

SIZE = 200
SEEDS = (1, 2024)


@cache
def corpus(seed: int) -> tuple[Article, ...]:
    return tuple(synth_corpus(SIZE, seed))


def encoded(seed: int) -> list[bytes]:
    return [msgspec.json.encode(article) for article in corpus(seed)]


def test_the_same_seed_gives_byte_identical_documents() -> None:
    again = [msgspec.json.encode(article) for article in synth_corpus(SIZE, SEEDS[0])]
    assert again == encoded(SEEDS[0])


def test_an_article_can_be_rebuilt_alone_from_its_index() -> None:
    assert msgspec.json.encode(synth_article(117, SEEDS[0])) == encoded(SEEDS[0])[117]


def test_different_seeds_give_different_documents() -> None:
    first, second = encoded(SEEDS[0]), encoded(SEEDS[1])
    assert not set(first) & set(second)


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


def test_a_negative_seed_is_refused_because_ids_cannot_hold_it() -> None:
    with pytest.raises(ValueError, match="must be >= 0"):
        synth_article(0, -1)
