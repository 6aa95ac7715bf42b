"""Evidence anchored by its quote (schemas/v1/anchoring.py): a write may leave an item's offsets out and give its
quote, with a prefix, a suffix or an occurrence where it recurs; the offsets found are the ones the text has, and
every quote that cannot be found exactly once is refused at its path."""

from __future__ import annotations

import copy
import json
from typing import Any

import msgspec
import pytest
from hypothesis import given

from schemas import Article, DocumentInvalid, anchor, parse_article, validate_article, validate_input
from tests.conftest import PROPERTY, ROOT, SEED_PATH, articles, seed_document
from tests.quotes import evidence_items, quote_only, selectors_used

FIELD_PATTERN = "^(headline|image\\.description|image\\.caption|body)$"
BODY = "Isis fought the FSA in Atareb on Monday. The FSA said Isis had left Atareb by night."
"""Isis at 0 and 54, FSA at 16 and 45, Atareb at 23 and 68 (84 characters)."""


def document(*evidence: dict[str, Any], body: str = BODY, **fields: Any) -> dict[str, Any]:
    """A small article whose one actor has this evidence."""
    actor = {"id": "isis", "kind": "armed_group", "name": "Isis", "evidence": list(evidence)}
    return {"id": "quotes", "headline": "Isis and the FSA", "language": "en", "body": body, "actors": [actor], **fields}


def quote(text: str, **selectors: Any) -> dict[str, Any]:
    return {"field": "body", "quote": text, **selectors}


def problems(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, message) of each problem the write path reports (it must refuse the document)."""
    with pytest.raises(DocumentInvalid) as caught:
        validate_input(raw)
    return [(problem.path, problem.message) for problem in caught.value.problems]


def offsets(article: Article) -> list[tuple[str, int, int]]:
    return [(span.field, span.start, span.end) for actor in article.actors for span in actor.evidence]


def test_the_bundled_article_given_by_its_quotes_is_anchored_to_the_offsets_it_has() -> None:
    given_by_quotes = quote_only(seed_document())
    assert all("start" not in item and "end" not in item for item in evidence_items(given_by_quotes))
    used = selectors_used(given_by_quotes)
    assert used["quote"] == 176 - 52  # (52 of the 176 quotes occur more than once in their field)
    assert used["occurrence"] + used["prefix"] + used["suffix"] == 52 and min(used.values()) > 10
    original = parse_article(SEED_PATH.read_bytes())
    anchored = validate_input(given_by_quotes)
    assert anchored == original
    assert msgspec.json.encode(anchored) == msgspec.json.encode(original)


def test_the_first_quote_of_the_bundled_article_is_where_the_file_says() -> None:
    """Read in the file: the ninth evidence of Isis, its first in the body, is body[158:162] (the 'Isis' in
    brackets); 'Isis' recurs there, so it is sent as the first occurrence."""
    given_by_quotes = quote_only(seed_document())
    isis = validate_input(given_by_quotes).actors[0]
    assert given_by_quotes["actors"][0]["evidence"][8] == {"field": "body", "quote": "Isis", "occurrence": 1}
    assert (isis.evidence[8].start, isis.evidence[8].end) == (158, 162)


@PROPERTY
@given(articles())
def test_any_article_given_by_its_quotes_is_anchored_back_to_itself(article: Article) -> None:
    assert validate_input(quote_only(msgspec.to_builtins(article))) == article


def test_a_document_with_every_offset_goes_through_untouched() -> None:
    raw = seed_document()
    assert anchor(raw) is raw
    raw["actors"][0]["evidence"][0]["note"] = "unknown"  # (an invalid one too: validation says why)
    assert anchor(raw) is raw
    assert problems(raw) == [("$.actors[0].evidence[0].note", "unknown field")]


def test_anchoring_leaves_the_document_it_was_given_as_it_was() -> None:
    raw = document(quote("Isis", occurrence=2))
    before = copy.deepcopy(raw)
    anchored = anchor(raw)
    assert raw == before
    assert anchored["actors"][0]["evidence"] == [{"field": "body", "quote": "Isis", "start": 54, "end": 58}]


@pytest.mark.parametrize(
    ("selectors", "expected"),
    [
        ({"prefix": "said "}, ("body", 54, 58)),
        ({"prefix": "d "}, ("body", 54, 58)),  # shorter than the real context, as TextQuoteSelector allows
        ({"suffix": " fought"}, ("body", 0, 4)),
        ({"suffix": " h"}, ("body", 54, 58)),
        ({"occurrence": 1}, ("body", 0, 4)),
        ({"occurrence": 2}, ("body", 54, 58)),
        ({"prefix": " ", "occurrence": 1}, ("body", 54, 58)),  # counted among those after the prefix
    ],
)
def test_a_recurring_quote_is_told_apart_by_its_context_or_occurrence(
    selectors: dict[str, Any], expected: tuple[str, int, int]
) -> None:
    assert offsets(validate_input(document(quote("Isis", **selectors)))) == [expected]


def test_a_quote_found_once_needs_nothing_else() -> None:
    assert offsets(validate_input(document(quote("Monday")))) == [("body", 33, 39)]


def test_overlapping_occurrences_are_each_an_occurrence() -> None:
    raw = document(quote("aa", occurrence=2), body="A baaa sheep.")
    assert offsets(validate_input(raw)) == [("body", 4, 6)]


def test_a_quote_in_another_field_is_looked_for_there() -> None:
    raw = document(
        {"field": "image.caption", "quote": "Isis"},
        image={"caption": "Isis fighters in Tel Abyad, where Isis paraded", "description": None},
    )
    refused = problems(raw)
    assert refused[0][1].startswith("quote 'Isis' occurs 2 times in image.caption: 1: 0..4 ")
    raw["actors"][0]["evidence"][0]["suffix"] = " paraded"
    assert offsets(validate_input(raw)) == [("image.caption", 34, 38)]


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (quote("Idlib"), "quote 'Idlib' is not in body"),
        (quote("isis"), "quote 'isis' is not in body"),  # exact: case is not folded
        (quote("Isis", prefix="Ankara "), "quote 'Isis' occurs 2 times in body, never after 'Ankara '"),
        (quote("Isis", suffix=" fled"), "quote 'Isis' occurs 2 times in body, never before ' fled'"),
        (
            quote("Isis", prefix="said ", suffix=" fought"),
            "quote 'Isis' occurs 2 times in body, never after 'said ' and before ' fought'",
        ),
        (quote("Isis", occurrence=3), "quote 'Isis' occurs 2 times in body: there is no occurrence 3"),
        (
            quote("Isis", prefix="said ", occurrence=2),
            "quote 'Isis' occurs once in body after 'said ': there is no occurrence 2",
        ),
        (
            quote("Isis"),
            "quote 'Isis' occurs 2 times in body: 1: 0..4 '[Isis] fought the FSA in…'; "
            "2: 54..58 '…Monday. The FSA said [Isis] had left Atareb by…'; "
            "say which with a prefix, a suffix or an occurrence",
        ),
        (
            quote("Atareb", suffix=" "),
            "quote 'Atareb' occurs 2 times in body before ' ': 1: 23..29 '…fought the FSA in [Atareb] on Monday. "
            "The FSA…'; 2: 68..74 '…said Isis had left [Atareb] by night.'; "
            "say which with a prefix, a suffix or an occurrence",
        ),
        (
            {"field": "body", "start": 0, "quote": "Isis"},
            "start without end: give both offsets, or neither to find the quote",
        ),
        (
            {"field": "body", "end": 4, "quote": "Isis"},
            "end without start: give both offsets, or neither to find the quote",
        ),
    ],
)
def test_a_quote_that_cannot_be_found_exactly_once_is_refused_at_its_path(
    evidence: dict[str, Any], expected: str
) -> None:
    assert problems(document(evidence)) == [("$.actors[0].evidence[0]", expected)]


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (
            {"field": "body", "start": 0, "end": 4, "quote": "Isis", "prefix": "x"},
            ("$.actors[0].evidence[0].prefix", "give the offsets (start, end) or what finds the quote, not both"),
        ),
        (
            {"field": "body", "start": 54, "end": 58, "quote": "Isis", "occurrence": 2},
            ("$.actors[0].evidence[0].occurrence", "give the offsets (start, end) or what finds the quote, not both"),
        ),
        (quote("Isis", occurrence="2"), ("$.actors[0].evidence[0].occurrence", "Expected `int`, got `str`")),
        (quote("Isis", occurrence=0), ("$.actors[0].evidence[0].occurrence", "Expected `int` >= 1")),
        (quote("Isis", prefix=""), ("$.actors[0].evidence[0].prefix", "Expected `str` of length >= 1")),
        (quote(""), ("$.actors[0].evidence[0].quote", "Expected `str` of length >= 1")),
        ({"field": "body"}, ("$.actors[0].evidence[0]", "Object missing required field `quote`")),
        (
            {"field": "lede", "quote": "Isis"},
            ("$.actors[0].evidence[0].field", f"Expected `str` matching regex {FIELD_PATTERN!r}"),
        ),
        (
            {"field": "image.caption", "quote": "Isis"},
            ("$.actors[0].evidence[0].field", "the article has no text at 'image.caption'"),
        ),
        (
            {"field": "body\n", "quote": "Isis"},  # (Python's $ matches before a final line feed: refused all the same)
            ("$.actors[0].evidence[0].field", f"Expected `str` matching regex {FIELD_PATTERN!r}"),
        ),
    ],
)
def test_an_item_that_cannot_be_looked_for_is_refused_at_its_path(
    evidence: dict[str, Any], expected: tuple[str, str]
) -> None:
    assert problems(document(evidence)) == [expected]


def test_offsets_and_a_quote_that_disagree_are_refused_as_before() -> None:
    raw = document({"field": "body", "start": 0, "end": 4, "quote": "FSA!"})
    assert problems(raw) == [("$.actors[0].evidence[0].quote", "quote 'FSA!' does not match the text there: 'Isis'")]


def test_every_quote_that_cannot_be_anchored_is_refused_each_at_its_path() -> None:
    raw = document(quote("Idlib"), quote("Monday"), quote("Isis", occurrence=5))
    raw["locations"] = [{"id": "aleppo", "name": "Aleppo", "kind": "city", "evidence": [quote("Aleppo")]}]
    assert problems(raw) == [
        ("$.actors[0].evidence[0]", "quote 'Idlib' is not in body"),
        ("$.actors[0].evidence[2]", "quote 'Isis' occurs 2 times in body: there is no occurrence 5"),
        ("$.locations[0].evidence[0]", "quote 'Aleppo' is not in body"),
    ]


def test_a_quote_found_many_times_lists_the_first_ten() -> None:
    body = " ".join(["war"] * 12)
    message = problems(document(quote("war"), body=body))[0][1]
    assert message.startswith("quote 'war' occurs 12 times in body: 1: 0..3 '[war] war war war war…'; ")
    assert "; 10: 36..39 '…war war war war [war] war war'; and 2 more; say which" in message


def test_what_anchoring_leaves_alone_validation_still_refuses() -> None:
    """Unknown fields beside a quote, and a document wrong elsewhere: reported as validation reports them."""
    assert problems(document(quote("Monday", note="x"))) == [("$.actors[0].evidence[0].note", "unknown field")]
    assert problems(document(quote("Monday"), language="English")) == [
        ("$.language", "Expected `str` matching regex '^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$'")
    ]


def test_validation_alone_refuses_what_is_left_to_be_anchored() -> None:
    """What lets the anchoring pass skip a document whose items all have offsets: an item without them, or with a
    selector, never passes validation unanchored."""
    with pytest.raises(DocumentInvalid, match="missing required field `start`"):
        validate_article(document(quote("Monday")))
    with pytest.raises(DocumentInvalid, match="prefix: unknown field"):
        validate_article(document({"field": "body", "start": 33, "end": 39, "quote": "Monday", "prefix": "on "}))


def test_the_examples_of_the_writing_page_are_where_it_says_in_the_bundled_article() -> None:
    page = (ROOT / "docs" / "writing.md").read_text(encoding="utf-8")
    section = page.split("## Evidence by its quote", 1)[1]
    examples = [json.loads(line) for line in section.split("```json\n", 1)[1].split("```", 1)[0].splitlines()]
    raw = seed_document()
    raw["actors"][0]["evidence"] = examples
    said = "In the bundled article these four are `body` 1856..1868, 1274..1278, 518..522 and 290..294"
    assert said in " ".join(section.split())
    assert offsets(validate_input(raw))[: len(examples)] == [
        ("body", 1856, 1868),
        ("body", 1274, 1278),
        ("body", 518, 522),
        ("body", 290, 294),
    ]
