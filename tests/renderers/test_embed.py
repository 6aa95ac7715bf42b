"""The embed snippet: one script element holding the JSON-LD, which no data can break out of."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import COLLECTIONS, Article
from service.records import article_records
from service.renderers import embed, jsonld
from service.renderers.base import Resource, View
from tests.conftest import JSONLD_CHECK, PROPERTY, articles, render

SCRIPT_OPEN, SCRIPT_CLOSE = b'<script type="application/ld+json">', b"</script>\n"


@PROPERTY
@given(articles(), st.sampled_from([None, *COLLECTIONS]))
def test_no_text_can_break_out_of_the_embed_snippet(article: Article, collection: str | None) -> None:
    snippet = render("embed.html", article, collection)
    content = snippet[snippet.index(SCRIPT_OPEN) + len(SCRIPT_OPEN) : snippet.rindex(SCRIPT_CLOSE)]
    assert b"</script" not in content.lower()
    assert b"<!--" not in content
    assert json.loads(content) == json.loads(render("jsonld", article, collection))


BASE = "http://testserver"


OPEN = b'<script type="application/ld+json">'


CLOSE = b"</script>\n"


EVIL = "</script><script>alert(1)</script><!-- & &amp; -->"


def resource(article: Article, collection: str | None = None) -> Resource:
    if collection is None:
        return Resource(view=View.ARTICLE, base_url=BASE, path=f"/v1/articles/{article.id}", article=article)
    item = getattr(article, collection)[0]
    path = f"/v1/articles/{article.id}/{collection}/{item.id}"
    records = article_records(article, collection, [item.id])
    return Resource(
        view=View.ITEM, base_url=BASE, path=path, collection=collection, records=records, articles={article.id: article}
    )


def script_content(body: bytes) -> bytes:
    assert body.startswith(OPEN)
    assert body.endswith(CLOSE)
    return body[len(OPEN) : -len(CLOSE)]


@pytest.mark.parametrize("collection", [None, "actors", "locations", "events"])
def test_the_script_holds_the_json_ld(seed: Article, collection: str | None) -> None:
    body = embed.RENDERER.render(resource(seed, collection))
    assert json.loads(script_content(body)) == jsonld.graph(resource(seed, collection))


def test_the_renderer_is_html(seed: Article) -> None:
    assert embed.RENDERER.suffix == "embed.html"
    assert embed.RENDERER.media_type == "text/html; charset=utf-8"
    assert embed.RENDERER.views == {View.ARTICLE, View.COLLECTION, View.ITEM}


def test_markup_in_the_data_is_escaped(seed: Article) -> None:
    evil = msgspec.structs.replace(seed, headline=EVIL)
    content = script_content(embed.RENDERER.render(resource(evil)))
    assert b"</script" not in content.lower()
    assert b"<!--" not in content
    assert not {ord("<"), ord(">"), ord("&")} & set(content)
    assert b'"headline":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)' in content
    assert json.loads(content)["@graph"][0]["headline"] == EVIL


def test_a_page_with_the_escaped_snippet_passes_the_checker(seed: Article, tmp_path: Path) -> None:
    evil = msgspec.structs.replace(seed, headline=EVIL)
    page = tmp_path / "page.html"
    page.write_bytes(b"<!doctype html><html><head>" + embed.RENDERER.render(resource(evil)) + b"</head></html>\n")
    result = subprocess.run(
        [sys.executable, str(JSONLD_CHECK), str(page), "--profile", "newsarticle"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1].startswith("0 errors, ")
    assert all(line.startswith("WARN script[1]$") for line in result.stdout.splitlines()[:-1])
