"""Turtle and N-Triples: each parses back to the very graph of the same resource's JSON-LD (read offline)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
import rdflib
from litestar.testing import TestClient
from pyld import jsonld as pyld
from rdflib.compare import isomorphic

from schemas import Article
from service.records import article_records
from service.renderers import ntriples, rdf, turtle
from service.renderers.base import Resource, View
from tests.conftest import ROOT, SEED_ARTICLE, SHARED, problem

SCHEMAORG_CONTEXT = json.loads((SHARED / "vocab" / "schemaorgcontext.jsonld").read_bytes())
FORMATS = [("ttl", "text/turtle", "turtle"), ("nt", "application/n-triples", "nt")]
PATHS = [
    SEED_ARTICLE,
    *(f"{SEED_ARTICLE}/{collection}" for collection in ("actors", "locations", "events", "relations")),
    f"{SEED_ARTICLE}/actors/rami-ruhayem",
    f"{SEED_ARTICLE}/locations/aleppo-city",
    f"{SEED_ARTICLE}/events/atareb-clash",
    f"{SEED_ARTICLE}/relations/rami-ruhayem-works-for-bbc",
    "/v1/actors",
    "/v1/events?limit=3",
]


def offline(url: str, options: Any = None) -> dict[str, Any]:
    """pyld's document loader: schema.org's context from ../shared/vocab, and nothing from the network."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMAORG_CONTEXT}


def json_ld_graph(document: dict[str, Any]) -> rdflib.Graph:
    """The graph of our JSON-LD as a JSON-LD processor reads it with schema.org's full context (pyld)."""
    nquads = pyld.to_rdf(document, {"format": "application/n-quads", "documentLoader": offline})
    return rdflib.Graph().parse(data=nquads, format="nt")


def with_suffix(path: str, suffix: str) -> str:
    path, _, query = path.partition("?")
    return f"{path}.{suffix}" + (f"?{query}" if query else "")


@pytest.mark.parametrize("path", PATHS)
def test_turtle_and_n_triples_are_the_json_ld_graph(client: TestClient, path: str) -> None:
    expected = json_ld_graph(client.get(with_suffix(path, "jsonld")).json())
    assert len(expected) > 0 or "/relations/" in path
    for suffix, media_type, syntax in FORMATS:
        response = client.get(with_suffix(path, suffix))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == media_type
        parsed = rdflib.Graph().parse(data=response.content, format=syntax)
        assert isomorphic(parsed, expected), (path, suffix)


def test_the_article_graph_holds_the_facts(client: TestClient, seed: Article) -> None:
    graph = rdflib.Graph().parse(data=client.get(f"{SEED_ARTICLE}.ttl").content, format="turtle")
    schema = rdflib.Namespace(rdf.SCHEMA)
    article = rdflib.URIRef(f"http://testserver.local{SEED_ARTICLE}")
    assert graph.value(article, rdflib.RDF.type) == schema.NewsArticle
    assert str(graph.value(article, schema.headline)) == seed.headline
    isis = rdflib.URIRef(f"{article}/actors/isis")
    assert (article, schema.about, isis) in graph
    assert all(isinstance(o, rdflib.URIRef) for o in graph.objects(None, schema.sameAs))  # the context's coercion


def test_n_triples_are_sorted_and_turtle_names_schema_org(client: TestClient) -> None:
    lines = client.get(f"{SEED_ARTICLE}.nt").content.splitlines()
    assert lines == sorted(lines) and len(lines) > 100
    assert client.get(f"{SEED_ARTICLE}.ttl").text.startswith("@prefix schema: <http://schema.org/> .\n")


def test_equal_data_gives_equal_bytes_whatever_the_hash_seed() -> None:
    """Workers hash strings differently: the ETag of a representation must not depend on it."""
    script = (
        "import sys\nfrom schemas import parse_article\nfrom service.renderers import ntriples, turtle\n"
        "from service.renderers.base import Resource, View\n"
        "article = parse_article(open(sys.argv[1], 'rb').read())\n"
        "resource = Resource(view=View.ARTICLE, base_url='http://x', path='/v1/articles/a', article=article)\n"
        "sys.stdout.buffer.write(turtle.render(resource) + ntriples.render(resource))\n"
    )
    seed_path = str(ROOT / "data" / "articles" / "isis-under-attack-northern-syria.json")
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, seed_path],
            capture_output=True,
            check=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize("renderer", [turtle.RENDERER, ntriples.RENDERER])
def test_a_streamed_export_is_the_same_graph(seed: Article, renderer: Any) -> None:
    records = article_records(seed, "events")
    common: dict[str, Any] = {"view": View.COLLECTION, "base_url": "http://x", "path": "/v1/events"}
    common |= {"collection": "events", "articles": {seed.id: seed}}
    whole = renderer.render(Resource(records=records, **common))
    streamed = renderer.render(Resource(records=iter(records), **common))
    assert isinstance(whole, bytes) and not isinstance(streamed, bytes)
    assert b"".join(streamed) == whole


def test_the_shipped_context_is_schema_orgs_less_what_its_vocab_implies() -> None:
    shipped = json.loads(rdf.CONTEXT_FILE.read_bytes())
    assert shipped == {"@context": rdf.offline_context(SCHEMAORG_CONTEXT["@context"])}
    assert shipped["@context"]["@vocab"] == rdf.SCHEMA
    assert shipped["@context"]["sameAs"] == {"@id": "schema:sameAs", "@type": "@id"}
    assert "name" not in shipped["@context"]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/n-triples;q=0.5, text/turtle;q=0.9", "text/turtle"),
    ],
)
def test_rdf_is_negotiated(client: TestClient, accept: str, media_type: str) -> None:
    response = client.get(f"{SEED_ARTICLE}/events", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["vary"] == "Accept"


@pytest.mark.parametrize("suffix", ["ttl", "nt"])
def test_a_resource_without_json_ld_has_no_rdf(client: TestClient, suffix: str) -> None:
    body = problem(client.get(f"/v1/articles.{suffix}"), 404, f"no format {suffix!r} here")
    assert body["type"].endswith("/problems/unknown-format")
    body = problem(client.get("/v1/articles", headers={"Accept": "text/turtle"}), 406)
    assert "text/turtle" not in body["available"]
