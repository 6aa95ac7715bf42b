"""The page and the home page: negotiated, linked to every format, the data escaped, the page locked down."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

import schemas
from schemas import Article
from service.renderers import RENDERERS, View
from tests.conftest import AUTH, HTML, JSONLD_CHECK, SEED_ARTICLE, SEED_PAGE, parse_page, text_of

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'


def test_accept_text_html_on_an_article_is_the_page(client: TestClient) -> None:
    negotiated = client.get(SEED_ARTICLE, headers={"Accept": "text/html"})
    by_suffix = client.get(SEED_PAGE)
    assert negotiated.headers["content-type"] == by_suffix.headers["content-type"] == HTML
    assert negotiated.headers["vary"] == "Accept"
    assert negotiated.content == by_suffix.content
    assert by_suffix.text.startswith("<!doctype html>\n")
    assert parse_page(by_suffix).xpath("//main[@id='main']")


def test_the_embed_snippet_keeps_its_suffix_and_collections_keep_it_for_text_html(client: TestClient) -> None:
    assert client.get(f"{SEED_ARTICLE}.embed.html").text.startswith('<script type="application/ld+json">')
    for path in (f"{SEED_ARTICLE}/events", f"{SEED_ARTICLE}/actors/isis"):
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.headers["content-type"] == HTML
        assert response.text.startswith('<script type="application/ld+json">')
    assert client.get(f"{SEED_ARTICLE}/events.html").status_code == 404


def test_the_page_links_every_format_of_every_resource(client: TestClient) -> None:
    page = parse_page(client.get(SEED_PAGE))
    hrefs = set(page.xpath("//a/@href"))
    article_formats = [r for r in RENDERERS if r.serves(View.ARTICLE)]
    expected = {f"{SEED_ARTICLE}.{r.suffix}" for r in article_formats if r.name != "html"}
    for name in schemas.COLLECTIONS:
        expected |= {f"{SEED_ARTICLE}/{name}.{r.suffix}" for r in RENDERERS if r.serves(View.COLLECTION, name)}
    expected |= {"/schema", "/v1/schemas", *(f"/v1/schemas/{name}" for name in schemas.TOP_LEVEL_TYPES)}
    assert expected <= hrefs
    assert page.xpath("//*[@aria-current='page']/text()") == [".html"]
    for href in sorted(expected):
        assert client.get(href).status_code == 200, href


def test_the_page_embeds_the_json_ld_of_the_embed_snippet(client: TestClient, tmp_path: Path) -> None:
    page = client.get(SEED_PAGE).text
    snippet = client.get(f"{SEED_ARTICLE}.embed.html").text
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
    tree = parse_page(client.get("/v1/articles/evil-article.html"))
    assert text_of(tree.xpath("//h1")[0]) == f"Isis {SCRIPT} in Atareb"
    assert text_of(tree.xpath("//svg[contains(@class, 'map')]//text[@class='place-label']")[0]) == f"Atareb {SCRIPT}"
    assert text_of(tree.xpath("//svg[contains(@class, 'map')]//text[@class='area-label']")[0]) == BREAKOUT
    assert f"Armed clash · Atareb {SCRIPT}" in text_of(tree.xpath("//svg[contains(@class, 'timeline')]")[0])
    assert not tree.xpath("//img | //iframe | //object | //*[@onerror]")


def test_html_responses_carry_the_security_headers(client: TestClient) -> None:
    page = client.get(SEED_PAGE)
    style = page.text.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    for response in (
        page,
        client.get("/"),
        client.get(f"{SEED_ARTICLE}.embed.html"),
        client.get(SEED_ARTICLE, headers={"Accept": "text/html"}),
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
    assert "content-security-policy" not in client.get(f"{SEED_ARTICLE}.json").headers


def test_the_page_is_cached_like_every_representation(client: TestClient) -> None:
    first = client.get(SEED_PAGE)
    again = client.get(SEED_PAGE, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert client.head(SEED_PAGE).headers["etag"] == first.headers["etag"]


def test_the_home_page_lists_the_articles_and_explains_the_api(client: TestClient, seed: Article) -> None:
    response = client.get("/")
    home = parse_page(response)
    assert home.xpath(f"//a[@href='{SEED_PAGE}']/text()") == [seed.headline]
    assert "21 actors · 20 places · 12 events · 32 relations" in text_of(home)
    hrefs = set(home.xpath("//a/@href"))
    assert {"/schema", "/v1/schemas", "/v1/articles"} <= hrefs
    assert len(home.xpath("//ol[@class='api']/li")) == 3
    assert home.xpath("//header") and home.xpath("//nav") and home.xpath("//main") and home.xpath("//footer")
    assert home.xpath("//a[@class='skip' and @href='#main']")
    assert client.get("/", headers={"If-None-Match": response.headers["etag"]}).status_code == 304
