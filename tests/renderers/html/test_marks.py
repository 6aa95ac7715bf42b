"""Marked text: every evidence span marked with exactly its words, linked to its entry, the innermost span winning."""

from __future__ import annotations

from typing import Any

from litestar.testing import TestClient

from schemas import Article
from service.renderers.html.marks import KINDS, Entity, Span, segments
from tests.conftest import SEED_PAGE, parse_page, text_of


def marks(page: Any) -> list[Any]:
    return page.xpath("//a[contains(concat(' ', @class, ' '), ' m ')]")


def span_keys(article: Article) -> dict[str, str]:
    """Every evidence span of the article as the page names it ('actor-isis/3'), with its quote."""
    return {
        f"{kind}-{item.id}/{index}": evidence.quote
        for collection, kind in KINDS.items()
        for item in getattr(article, collection)
        for index, evidence in enumerate(item.evidence)
    }


def entity(kind: str, id: str) -> Entity:
    return Entity(f"{kind}-{id}", kind, id, id)


def test_every_evidence_span_is_marked_with_exactly_its_words(client: TestClient, seed: Article) -> None:
    found = marks(parse_page(client.get(SEED_PAGE)))
    quotes = span_keys(seed)
    assert len(quotes) == 176
    assert len(found) >= len(quotes)
    pieces: dict[str, list[str]] = {}
    for mark in found:
        keys = mark.get("data-spans").split()
        for key in keys:
            pieces.setdefault(key, []).append(text_of(mark))
            assert key.split("-", 1)[0] in mark.get("class").split(), (key, mark.get("class"))
    assert set(pieces) == set(quotes)
    for key, quote in quotes.items():
        assert "".join(pieces[key]).split() == quote.split(), key


def test_each_mark_links_to_the_entry_of_its_innermost_span(client: TestClient, seed: Article) -> None:
    page = parse_page(client.get(SEED_PAGE))
    ids = set(page.xpath("//@id"))
    quotes = span_keys(seed)
    for mark in marks(page):
        target = mark.get("href").removeprefix("#")
        assert target in ids
        keys = mark.get("data-spans").split()
        assert target == keys[0].split("/")[0]
        assert len(quotes[keys[0]]) == min(len(quotes[key]) for key in keys)
    isis = page.xpath("//*[@id='actor-isis']")[0]
    assert text_of(isis.xpath(".//h3")[0]).startswith("Islamic State in Iraq and the Levant")


def test_a_mark_shows_its_entity_type_and_aliases(client: TestClient) -> None:
    page = parse_page(client.get(SEED_PAGE))
    isis = next(m for m in marks(page) if m.get("href") == "#actor-isis" and text_of(m) == "Isis")
    assert isis.get("title").splitlines()[:3] == [
        "Islamic State in Iraq and the Levant",
        "Actor · armed group",
        "also: Isis, Islamic State of Iraq and the Levant",
    ]


def test_the_text_keeps_its_headline_heading_and_list(client: TestClient, seed: Article) -> None:
    page = parse_page(client.get(SEED_PAGE))
    assert text_of(page.xpath("//h1")[0]) == seed.headline
    assert [text_of(h) for h in page.xpath("//article//div[@class='body']/h2")] == ["'Helping Assad'"]
    items = [text_of(li) for li in page.xpath("//article//div[@class='body']/ul/li")]
    assert items == [s.text for s in seed.sections if s.kind == "list_item"]
    assert len(items) == 5
    assert seed.image is not None
    assert text_of(page.xpath("//figure[@class='lead-image']//figcaption")[0]) == seed.image.caption
    paragraphs = page.xpath("//article//div[@class='body']/p")
    assert text_of(paragraphs[0]) == seed.body.split("\n\n")[0]
    assert sum(len(text_of(p)) for p in paragraphs) + sum(map(len, items)) + len("'Helping Assad'") == len(
        seed.body.replace("\n", "")
    )


def test_nested_spans_cut_the_text_at_every_boundary_and_the_innermost_wins() -> None:
    clause = Span(entity("event", "e"), "event-e/0", 0, 20)  # "Isis shelled Atareb,"
    isis = Span(entity("actor", "isis"), "actor-isis/0", 0, 4)  # "Isis"
    relation = Span(entity("relation", "r"), "relation-r/0", 13, 29)  # "Atareb, said FSA"
    pieces = segments("Isis shelled Atareb, said FSA.", [clause, isis, relation], 0, 30)
    assert [(p.text, p.kinds, p.keys, p.target.anchor if p.spans else None) for p in pieces] == [
        ("Isis", "actor event", "actor-isis/0 event-e/0", "actor-isis"),
        (" shelled ", "event", "event-e/0", "event-e"),
        ("Atareb,", "event relation", "relation-r/0 event-e/0", "relation-r"),
        (" said FSA", "relation", "relation-r/0", "relation-r"),
        (".", "", "", None),
    ]
    assert pieces[0].tip == "isis\nwithin event: e"
