"""A deterministic synthetic corpus: invented articles shaped like the seed, for load tests and benchmarks.

Each article comes from its own `random.Random(f"{seed}:{index}")`, so any one can be rebuilt alone, and
its text is written piece by piece, so every evidence span is known as it is written, never searched for.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from schemas import Article
from synth.articles import write_article


def synth_corpus(count: int, seed: int) -> Iterator[Article]:
    """Articles 0 … count-1 of the corpus named by `seed`."""
    for index in range(count):
        yield synth_article(index, seed)


def synth_article(index: int, seed: int) -> Article:
    """Article `index` of corpus `seed`: the same pair always gives the same document."""
    if index < 0 or seed < 0:
        raise ValueError("index and seed must be >= 0 (they become part of the article id)")
    return write_article(random.Random(f"{seed}:{index}"), f"synth-{seed}-{index}")


__all__ = ["synth_article", "synth_corpus"]
