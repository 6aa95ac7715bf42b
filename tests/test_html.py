"""The article page and the home page: every evidence span marked and linked, the data escaped, the page locked down."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import lxml.html
import msgspec
import pytest
from litestar.testing import TestClient

import schemas
from schemas import Article
from schemas.v1 import DateRange
from service.renderers import RENDERERS, View
from service.renderers.html.entities import date_text
from service.renderers.html.marks import KINDS, Entity, Span, segments
from service.renderers.html.timeline import _clusters
from tests.conftest import SEED_ID, WRITE_TOKEN

ARTICLE = f"/v1/articles/{SEED_ID}"
PAGE = f"{ARTICLE}.html"
HTML = "text/html; charset=utf-8"
JSONLD_CHECK = Path(__file__).resolve().parents[2] / "shared" / "tools" / "jsonld_check.py"
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'


def parse(response: Any) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == HTML
    return lxml.html.document_fromstring(response.content)


def text(element: Any) -> str:
    return str(element.text_content())


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


def test_accept_text_html_on_an_article_is_the_page(client: TestClient) -> None:
    negotiated = client.get(ARTICLE, headers={"Accept": "text/html"})
    by_suffix = client.get(PAGE)
    assert negotiated.headers["content-type"] == by_suffix.headers["content-type"] == HTML
    assert negotiated.headers["vary"] == "Accept"
    assert negotiated.content == by_suffix.content
    assert by_suffix.text.startswith("<!doctype html>\n")
    assert parse(by_suffix).xpath("//main[@id='main']")


def test_the_embed_snippet_keeps_its_suffix_and_collections_keep_it_for_text_html(client: TestClient) -> None:
    assert client.get(f"{ARTICLE}.embed.html").text.startswith('<script type="application/ld+json">')
    for path in (f"{ARTICLE}/events", f"{ARTICLE}/actors/isis"):
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.headers["content-type"] == HTML
        assert response.text.startswith('<script type="application/ld+json">')
    assert client.get(f"{ARTICLE}/events.html").status_code == 404


def test_every_evidence_span_is_marked_with_exactly_its_words(client: TestClient, seed: Article) -> None:
    found = marks(parse(client.get(PAGE)))
    quotes = span_keys(seed)
    assert len(quotes) == 176
    assert len(found) >= len(quotes)
    pieces: dict[str, list[str]] = {}
    for mark in found:
        keys = mark.get("data-spans").split()
        for key in keys:
            pieces.setdefault(key, []).append(text(mark))
            assert key.split("-", 1)[0] in mark.get("class").split(), (key, mark.get("class"))
    assert set(pieces) == set(quotes)
    for key, quote in quotes.items():
        assert "".join(pieces[key]).split() == quote.split(), key


def test_each_mark_links_to_the_entry_of_its_innermost_span(client: TestClient, seed: Article) -> None:
    page = parse(client.get(PAGE))
    ids = set(page.xpath("//@id"))
    quotes = span_keys(seed)
    for mark in marks(page):
        target = mark.get("href").removeprefix("#")
        assert target in ids
        keys = mark.get("data-spans").split()
        assert target == keys[0].split("/")[0]
        assert len(quotes[keys[0]]) == min(len(quotes[key]) for key in keys)
    isis = page.xpath("//*[@id='actor-isis']")[0]
    assert text(isis.xpath(".//h3")[0]).startswith("Islamic State in Iraq and the Levant")


def test_a_mark_shows_its_entity_type_and_aliases(client: TestClient) -> None:
    page = parse(client.get(PAGE))
    isis = next(m for m in marks(page) if m.get("href") == "#actor-isis" and text(m) == "Isis")
    assert isis.get("title").splitlines()[:3] == [
        "Islamic State in Iraq and the Levant",
        "Actor · armed group",
        "also: Isis, Islamic State of Iraq and the Levant",
    ]


def test_the_text_keeps_its_headline_heading_and_list(client: TestClient, seed: Article) -> None:
    page = parse(client.get(PAGE))
    assert text(page.xpath("//h1")[0]) == seed.headline
    assert [text(h) for h in page.xpath("//article//div[@class='body']/h2")] == ["'Helping Assad'"]
    items = [text(li) for li in page.xpath("//article//div[@class='body']/ul/li")]
    assert items == [s.text for s in seed.sections if s.kind == "list_item"]
    assert len(items) == 5
    assert seed.image is not None
    assert text(page.xpath("//figure[@class='lead-image']//figcaption")[0]) == seed.image.caption
    paragraphs = page.xpath("//article//div[@class='body']/p")
    assert text(paragraphs[0]) == seed.body.split("\n\n")[0]
    assert sum(len(text(p)) for p in paragraphs) + sum(map(len, items)) + len("'Helping Assad'") == len(
        seed.body.replace("\n", "")
    )


def test_the_panels_have_an_entry_for_every_item(client: TestClient, seed: Article) -> None:
    page = parse(client.get(PAGE))
    for collection, kind in KINDS.items():
        for item in getattr(seed, collection):
            assert page.xpath(f"//li[@class='entry' and @id='{kind}-{item.id}']"), (collection, item.id)
    atareb = text(page.xpath("//*[@id='event-atareb-clash']")[0])
    assert "3\u20134 January 2014 · precision: day · inferred" in atareb
    assert "Free Syrian Army actor2" in atareb
    kafranbel = text(page.xpath("//*[@id='place-kafranbel']")[0])
    assert "35.6138, 36.5645" in kafranbel and "https://www.geonames.org/168661" in kafranbel


def test_the_map_and_the_timeline_are_drawn_from_the_data(client: TestClient, seed: Article) -> None:
    page = parse(client.get(PAGE))
    located = [p for p in seed.locations if p.coordinates]
    dated = [e for e in seed.events if e.date]
    assert (len(located), len(dated)) == (5, 11)
    svg_map = page.xpath("//svg[contains(@class, 'map')]")[0]
    assert svg_map.get("role") == "img" and svg_map.xpath("./title") and svg_map.xpath("./desc")
    assert [text(t) for t in svg_map.xpath(".//text[@class='place-label']")] == [p.name for p in located]
    assert len(svg_map.xpath(".//circle[@class='place']")) == len(located)
    assert {text(t) for t in svg_map.xpath(".//text[@class='area-label']")} == {"Aleppo province", "Idlib province"}
    assert re.fullmatch(r"\d+ km", text(svg_map.xpath(".//g[@class='scale']/text")[0]))
    unmapped = page.xpath("//p[contains(@class, 'unmapped')]")[0]
    assert "Not mapped: no gazetteer coordinates" in text(unmapped)
    assert len(unmapped.xpath(".//a")) == len(seed.locations) - len(located)
    timeline = page.xpath("//svg[contains(@class, 'timeline')]")[0]
    assert timeline.get("role") == "img" and timeline.xpath("./title")
    bars = timeline.xpath(".//rect[contains(@class, 'bar')]")
    assert len(bars) == len(dated)
    assert sum("inferred" in b.get("class") for b in bars) == sum(e.date.basis == "inferred" for e in dated if e.date)
    assert len(timeline.xpath(".//rect[contains(@class, 'open-start')]")) == 1  # Kafr Takharim: on or before 3 Jan
    assert {text(t) for t in timeline.xpath(".//text[@class='axis-caption']")} == {"2013", "January 2014"}
    assert {text(t) for t in timeline.xpath(".//text[@class='row-detail']")} == {
        "day · inferred",
        "day · stated",
        "year · inferred",
    }
    assert "Undated" in text(page.xpath("//*[@id='timeline']")[0])


def test_the_page_links_every_format_of_every_resource(client: TestClient) -> None:
    page = parse(client.get(PAGE))
    hrefs = set(page.xpath("//a/@href"))
    article_formats = [r for r in RENDERERS if r.serves(View.ARTICLE)]
    expected = {f"{ARTICLE}.{r.suffix}" for r in article_formats if r.name != "html"}
    for name in schemas.COLLECTIONS:
        expected |= {f"{ARTICLE}/{name}.{r.suffix}" for r in RENDERERS if r.serves(View.COLLECTION, name)}
    expected |= {"/schema", "/v1/schemas", *(f"/v1/schemas/{name}" for name in schemas.TOP_LEVEL_TYPES)}
    assert expected <= hrefs
    assert page.xpath("//*[@aria-current='page']/text()") == [".html"]
    for href in sorted(expected):
        assert client.get(href).status_code == 200, href


def test_the_page_embeds_the_json_ld_of_the_embed_snippet(client: TestClient, tmp_path: Path) -> None:
    page = client.get(PAGE).text
    snippet = client.get(f"{ARTICLE}.embed.html").text
    head = page.split("</head>", 1)[0]
    assert snippet in head
    assert page.count("<script") == 1
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(JSONLD_CHECK), str(path), "--profile", "newsarticle"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 errors, ")


def evil_article() -> dict[str, Any]:
    """Markup in every kind of text the page shows: headline, names, aliases, descriptions, map and timeline labels."""
    headline = f"Isis {SCRIPT} in Atareb"
    body = f"Fighting in Atareb {BREAKOUT} between Isis and the FSA."
    atareb = {
        "latitude": 36.1359,
        "longitude": 36.8369,
        "geo_precision": 1,
        "source": "https://www.geonames.org/174018",
    }

    def span(field: str, source: str, quote: str) -> dict[str, Any]:
        start = source.index(quote)
        return {"field": field, "start": start, "end": start + len(quote), "quote": quote}

    return {
        "id": "evil-article",
        "headline": headline,
        "language": "en",
        "body": body,
        "actors": [
            {
                "id": "evil",
                "kind": "armed_group",
                "name": f"{BREAKOUT} {SCRIPT}",
                "aliases": [SCRIPT, BREAKOUT],
                "description": BREAKOUT,
                "evidence": [span("headline", headline, SCRIPT), span("body", body, BREAKOUT)],
            },
            {"id": "isis", "kind": "armed_group", "name": "Isis", "evidence": [span("body", body, "Isis")]},
        ],
        "locations": [
            {
                "id": "atareb",
                "name": f"Atareb {SCRIPT}",
                "kind": "town",
                "parent": "province",
                "coordinates": atareb,
                "evidence": [span("body", body, "Atareb")],
            },
            {
                "id": "province",
                "name": BREAKOUT,
                "kind": "province",
                "evidence": [span("headline", headline, "Atareb")],
            },
        ],
        "events": [
            {
                "id": "clash",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "summary": f"{SCRIPT} fought {BREAKOUT}.",
                "date": {
                    "start": "2014-01-03",
                    "end": None,
                    "precision": "day",
                    "basis": "inferred",
                    "inferred_from": SCRIPT,
                },
                "participants": [{"actor": "evil", "role": "actor1"}, {"actor": "isis", "role": "actor2"}],
                "locations": ["atareb"],
                "attribution": [{"text": SCRIPT, "source": "evil"}],
                "certainty": "stated",
                "evidence": [span("body", body, f"Fighting in Atareb {BREAKOUT} between Isis")],
            }
        ],
        "relations": [
            {
                "id": "evil-fighting-isis",
                "type": "fighting",
                "subject": "evil",
                "object": "isis",
                "description": SCRIPT,
                "evidence": [span("body", body, f"{BREAKOUT} between Isis")],
            }
        ],
    }


def test_markup_in_the_data_is_escaped_everywhere(client: TestClient) -> None:
    assert client.post("/v1/articles", json=evil_article(), headers=AUTH).status_code == 201
    for path in ("/v1/articles/evil-article.html", "/"):
        response = client.get(path)
        page = response.text
        assert "<script>alert" not in page, path
        assert "<img" not in page, path
        assert 'onerror=alert(1)>"' not in page, path
        assert page.count("<script") == (1 if path != "/" else 0), path
    page = client.get("/v1/articles/evil-article.html").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    tree = parse(client.get("/v1/articles/evil-article.html"))
    assert text(tree.xpath("//h1")[0]) == f"Isis {SCRIPT} in Atareb"
    assert text(tree.xpath("//svg[contains(@class, 'map')]//text[@class='place-label']")[0]) == f"Atareb {SCRIPT}"
    assert text(tree.xpath("//svg[contains(@class, 'map')]//text[@class='area-label']")[0]) == BREAKOUT
    assert f"Armed clash · Atareb {SCRIPT}" in text(tree.xpath("//svg[contains(@class, 'timeline')]")[0])
    assert not tree.xpath("//img | //iframe | //object | //*[@onerror]")


def test_html_responses_carry_the_security_headers(client: TestClient) -> None:
    page = client.get(PAGE)
    style = page.text.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    for response in (
        page,
        client.get("/"),
        client.get(f"{ARTICLE}.embed.html"),
        client.get(ARTICLE, headers={"Accept": "text/html"}),
    ):
        policy = dict(p.strip().split(" ", 1) for p in response.headers["content-security-policy"].split(";"))
        assert policy == {
            "default-src": "'none'",
            "style-src": f"'sha256-{digest}'",
            "img-src": "'self' data:",
            "frame-ancestors": "'self'",
            "base-uri": "'none'",
            "form-action": "'none'",
        }
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert "content-security-policy" not in client.get(f"{ARTICLE}.json").headers


def test_the_page_is_cached_like_every_representation(client: TestClient) -> None:
    first = client.get(PAGE)
    again = client.get(PAGE, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert client.head(PAGE).headers["etag"] == first.headers["etag"]


def test_the_home_page_lists_the_articles_and_explains_the_api(client: TestClient, seed: Article) -> None:
    response = client.get("/")
    home = parse(response)
    assert home.xpath(f"//a[@href='{PAGE}']/text()") == [seed.headline]
    assert "21 actors · 20 places · 12 events · 32 relations" in text(home)
    hrefs = set(home.xpath("//a/@href"))
    assert {"/schema", "/v1/schemas", "/v1/articles"} <= hrefs
    assert len(home.xpath("//ol[@class='api']/li")) == 3
    assert home.xpath("//header") and home.xpath("//nav") and home.xpath("//main") and home.xpath("//footer")
    assert home.xpath("//a[@class='skip' and @href='#main']")
    assert client.get("/", headers={"If-None-Match": response.headers["etag"]}).status_code == 304


# ---- the parts, on their own


def entity(kind: str, id: str) -> Entity:
    return Entity(f"{kind}-{id}", kind, id, id)


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


@pytest.mark.parametrize(
    ("start", "end", "precision", "written"),
    [
        ("2014-01-03", "2014-01-04", "day", "3\u20134 January 2014"),
        ("2014-01-02", "2014-01-02", "day", "2 January 2014"),
        ("2013-12-30", "2014-01-02", "day", "30 December 2013 \u2013 2 January 2014"),
        (None, "2014-01-03", "day", "on or before 3 January 2014"),
        ("2014-01-03", None, "day", "from 3 January 2014"),
        ("2014-01-06", "2014-01-12", "week", "week of 6\u201312 January 2014"),
        ("2014-01-01", "2014-01-31", "month", "January 2014"),
        ("2013-01-01", "2013-12-31", "year", "2013"),
        (None, None, "year", "unknown"),
    ],
)
def test_dates_read_as_people_write_them(start: str | None, end: str | None, precision: str, written: str) -> None:
    date = msgspec.convert({"start": start, "end": end, "precision": precision, "basis": "stated"}, DateRange)
    assert date_text(date) == written


def test_the_timeline_breaks_its_axis_only_between_very_different_scales() -> None:
    def days(start: str, end: str) -> tuple[int, int]:
        return dt.date.fromisoformat(start).toordinal(), dt.date.fromisoformat(end).toordinal() + 1

    assert len(_clusters([days("2014-01-03", "2014-01-03"), days("2014-01-20", "2014-01-21")])) == 1
    assert len(_clusters([days("2013-01-01", "2013-12-31"), days("2014-01-02", "2014-01-02")])) == 2
    assert len(_clusters([days("2014-01-01", "2014-12-31"), days("2014-03-02", "2014-03-02")])) == 1  # overlapping
    stretches = _clusters([days("2013-01-01", "2013-12-31"), *[days("2014-01-03", "2014-01-04")] * 9])
    assert [c.count for c in stretches] == [1, 9]
    assert stretches[0].x1 - stretches[0].x0 >= 90 and stretches[1].x0 > stretches[0].x1
