"""Text written piece by piece (synth/text.py): every evidence quote is the text of its span."""

from __future__ import annotations

from collections.abc import Iterator

from schemas import Article, Evidence
from synth import synth_corpus


def all_evidence(article: Article) -> Iterator[Evidence]:
    for collection in (article.actors, article.locations, article.events, article.relations):
        for item in collection:
            yield from item.evidence


def test_every_evidence_quote_is_the_text_of_its_span() -> None:
    for article in synth_corpus(200, 1):
        texts = {"headline": article.headline, "body": article.body}
        for evidence in all_evidence(article):
            assert texts[evidence.field][evidence.start : evidence.end] == evidence.quote
