"""W3C Web Annotations: read as RDF with the standard's own context (offline), every selector finds its words."""

from __future__ import annotations

import json
from functools import reduce
from typing import Any
from urllib.parse import urldefrag

import pytest
import rdflib
from litestar.testing import TestClient
from pyld import jsonld as pyld
from rdflib import RDF, Namespace

from schemas import COLLECTIONS, Article
from service.records import article_records
from service.renderers import web_annotations
from service.renderers.base import Resource, View
from tests.conftest import AUTH, SEED_ARTICLE, SHARED, problem, span

ANNO = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = f'application/ld+json; profile="{ANNO}"'
OA = Namespace("http://www.w3.org/ns/oa#")
AS = Namespace("http://www.w3.org/ns/activitystreams#")
ORIGIN = "http://testserver.local"
ANNO_CONTEXT = json.loads((SHARED / "vocab" / "anno.jsonld").read_bytes())

WIDE = "🔴 Live: clashes in Atareb"
"""A headline with a character outside the Basic Multilingual Plane: two UTF-16 code units, one code point."""


def offline(url: str, options: Any = None) -> dict[str, Any]:
    """pyld's document loader: the standard's context from ../shared/vocab, and nothing from the network."""
    assert url == ANNO, url
    return {"contextUrl": None, "documentUrl": url, "document": ANNO_CONTEXT}


def as_rdf(document: dict[str, Any]) -> rdflib.Graph:
    """The annotations as the standard's context reads them: pyld expands them to N-Quads, rdflib loads those."""
    nquads = pyld.to_rdf(document, {"format": "application/n-quads", "documentLoader": offline})
    return rdflib.Graph().parse(data=nquads, format="nt")


def wide_document() -> dict[str, Any]:
    """An article of our own whose spans sit after letters that take two UTF-16 code units."""
    body = "Fighting in Atareb between Isis and the FSA 🙂 today."
    return {
        "id": "wide-article",
        "headline": WIDE,
        "language": "en",
        "body": body,
        "actors": [{"id": "fsa", "kind": "armed_group", "name": "FSA", "evidence": [span(body, "FSA")]}],
        "locations": [
            {
                "id": "atareb",
                "name": "Atareb",
                "kind": "town",
                "evidence": [{**span(WIDE, "Atareb"), "field": "headline"}, span(body, "Atareb")],
            }
        ],
        "events": [],
        "relations": [],
    }


@pytest.fixture
def wide(client: TestClient) -> TestClient:
    """The seed article and the wide one."""
    assert client.post("/v1/articles", json=wide_document(), headers=AUTH).status_code == 201
    return client


def annotations_of(client: TestClient, path: str) -> tuple[dict[str, Any], rdflib.Graph]:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MEDIA_TYPE
    document = response.json()
    return document, as_rdf(document)


def text_at(client: TestClient, source: str) -> str:
    """The text an annotation's source names, `{article URL}#{field}`, read from the article's JSON."""
    article_url, field = urldefrag(source)
    article = client.get(article_url.removeprefix(ORIGIN) + ".json").json()
    text: str = reduce(dict.__getitem__, field.split("."), article)
    return text


def checked(client: TestClient, graph: rdflib.Graph) -> list[tuple[str, str, str]]:
    """Checks every annotation's selectors against the article's text; (annotation, motivation, body) of each."""
    found = []
    for annotation in graph.subjects(RDF.type, OA.Annotation):
        [body] = graph.objects(annotation, OA.hasBody)
        [motivation] = graph.objects(annotation, OA.motivatedBy)
        [target] = graph.objects(annotation, OA.hasTarget)
        assert graph.value(target, RDF.type) == OA.SpecificResource
        text = text_at(client, str(graph.value(target, OA.hasSource)))
        selectors = {graph.value(s, RDF.type): s for s in graph.objects(target, OA.hasSelector)}
        assert selectors.keys() == {OA.TextQuoteSelector, OA.TextPositionSelector}
        quote, position = selectors[OA.TextQuoteSelector], selectors[OA.TextPositionSelector]
        start, end = (graph.value(position, OA.start).toPython(), graph.value(position, OA.end).toPython())
        exact = str(graph.value(quote, OA.exact))
        prefix, suffix = (str(graph.value(quote, p, default=rdflib.Literal(""))) for p in (OA.prefix, OA.suffix))
        assert text[start:end] == exact
        assert text[:start].endswith(prefix) and len(prefix) == min(start, web_annotations.CONTEXT_LENGTH)
        assert text[end:].startswith(suffix) and len(suffix) == min(len(text) - end, web_annotations.CONTEXT_LENGTH)
        found.append((str(annotation), str(motivation), str(body)))
    return found


def spans(article: Article, collections: list[str]) -> list[str]:
    """The annotation ids an article's facts should have: each fact's URL and its span's index."""
    base = f"{ORIGIN}/v1/articles/{article.id}"
    return [
        f"{base}/{name}/{fact.id}#evidence-{index}"
        for name in collections
        for fact in getattr(article, name)
        for index in range(len(fact.evidence))
    ]


def node_ids(value: Any) -> list[str]:
    """Every @id in a JSON-LD document, at any depth (a relation's Role sits inside its subject)."""
    if isinstance(value, list):
        return [iri for v in value for iri in node_ids(v)]
    if isinstance(value, dict):
        return ([value["@id"]] if "@id" in value else []) + node_ids(list(value.values()))
    return []


def test_the_article_has_an_annotation_for_every_evidence_span(client: TestClient, seed: Article) -> None:
    document, graph = annotations_of(client, f"{SEED_ARTICLE}.annotations.jsonld")
    found = checked(client, graph)
    assert sorted(a for a, _, _ in found) == sorted(spans(seed, list(COLLECTIONS)))
    assert [item["id"] for item in document["items"]] == spans(seed, list(COLLECTIONS))
    assert document["@context"] == ANNO
    assert document["id"] == f"{ORIGIN}{SEED_ARTICLE}.annotations.jsonld"
    assert (rdflib.URIRef(document["id"]), RDF.type, AS.OrderedCollectionPage) in graph


def test_motivations_and_bodies_are_the_facts_json_ld_ids(client: TestClient) -> None:
    _, graph = annotations_of(client, f"{SEED_ARTICLE}.annotations.jsonld")
    schema_ids = set(node_ids(client.get(f"{SEED_ARTICLE}.jsonld").json()))
    identifying, describing = str(OA.identifying), str(OA.describing)
    motivations = {"actors": identifying, "locations": identifying, "events": describing, "relations": describing}
    found = checked(client, graph)
    for annotation, motivation, body in found:
        collection = body.removeprefix(f"{ORIGIN}{SEED_ARTICLE}/").split("/")[0]
        assert motivation == motivations[collection]
        assert annotation.startswith(f"{body}#evidence-")
    bodies = {body for _, _, body in found}
    relations = {body for body in bodies if "/relations/" in body}
    assert bodies - relations <= schema_ids
    assert relations & schema_ids  # (a relation is a node only where schema.org can say it, else just its URL)


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_a_collection_has_the_annotations_of_its_facts(client: TestClient, seed: Article, collection: str) -> None:
    document, graph = annotations_of(client, f"{SEED_ARTICLE}/{collection}.annotations.jsonld")
    assert [item["id"] for item in document["items"]] == spans(seed, [collection])
    assert len(checked(client, graph)) == len(document["items"])


def test_an_item_has_the_annotations_of_its_evidence(client: TestClient, seed: Article) -> None:
    isis = next(actor for actor in seed.actors if actor.id == "isis")
    document, graph = annotations_of(client, f"{SEED_ARTICLE}/actors/isis.annotations.jsonld")
    assert len(checked(client, graph)) == len(isis.evidence) == len(document["items"]) > 1
    assert document["id"] == f"{ORIGIN}{SEED_ARTICLE}/actors/isis.annotations.jsonld"
    first = document["items"][0]
    assert first["target"]["source"] == f"{ORIGIN}{SEED_ARTICLE}#{isis.evidence[0].field}"
    assert first["target"]["selector"][1] == {
        "type": "TextPositionSelector",
        "start": isis.evidence[0].start,
        "end": isis.evidence[0].end,
    }


def test_a_corpus_collection_has_the_annotations_of_every_article(wide: TestClient) -> None:
    document, graph = annotations_of(wide, "/v1/locations.annotations.jsonld")
    found = checked(wide, graph)
    articles = {urldefrag(str(source))[0] for source in graph.objects(None, OA.hasSource)}
    assert articles == {f"{ORIGIN}{SEED_ARTICLE}", f"{ORIGIN}/v1/articles/wide-article"}
    assert len(found) == len(document["items"])
    assert {motivation for _, motivation, _ in found} == {str(OA.identifying)}


def test_a_corpus_page_links_the_next(wide: TestClient) -> None:
    document, graph = annotations_of(wide, "/v1/events.annotations.jsonld?limit=2")
    assert document["next"].startswith(f"{ORIGIN}/v1/events.annotations.jsonld?limit=2&cursor=")
    assert graph.value(rdflib.URIRef(document["id"]), AS.next) == rdflib.URIRef(document["next"])
    following, _ = annotations_of(wide, document["next"].removeprefix(ORIGIN))
    assert not {item["id"] for item in following["items"]} & {item["id"] for item in document["items"]}


def test_positions_count_code_points_as_the_standard_does(wide: TestClient) -> None:
    document, graph = annotations_of(wide, "/v1/articles/wide-article/locations/atareb.annotations.jsonld")
    checked(wide, graph)
    [in_headline, _] = document["items"]
    position = in_headline["target"]["selector"][1]
    assert position == {"type": "TextPositionSelector", "start": 19, "end": 25}
    assert WIDE[19:25] == "Atareb"
    assert len(WIDE[:19].encode("utf-16-le")) // 2 == 20  # what JavaScript's String.length would count instead


def test_a_span_at_the_start_of_a_text_has_no_prefix(wide: TestClient) -> None:
    document, _ = annotations_of(wide, "/v1/articles/wide-article/locations/atareb.annotations.jsonld")
    quote = document["items"][0]["target"]["selector"][0]
    assert quote == {"type": "TextQuoteSelector", "exact": "Atareb", "prefix": "🔴 Live: clashes in "}
    document, _ = annotations_of(wide, "/v1/articles/wide-article/actors/fsa.annotations.jsonld")
    assert document["items"][0]["target"]["selector"][0]["suffix"] == " 🙂 today."


def test_a_streamed_export_is_the_same_document(seed: Article) -> None:
    records = article_records(seed, "events")
    common: dict[str, Any] = {"view": View.COLLECTION, "base_url": ORIGIN, "path": "/v1/events"}
    common |= {"collection": "events", "articles": {seed.id: seed}}
    whole = web_annotations.RENDERER.render(Resource(records=records, **common))
    streamed = web_annotations.RENDERER.render(Resource(records=iter(records), **common))
    assert isinstance(whole, bytes) and not isinstance(streamed, bytes)
    assert b"".join(streamed) == whole


def test_every_collection_of_the_model_has_a_motivation() -> None:
    assert web_annotations.MOTIVATIONS.keys() == COLLECTIONS.keys()


def test_a_suffix_where_there_are_no_annotations_is_404(client: TestClient) -> None:
    body = problem(client.get("/v1/articles.annotations.jsonld"), 404, "no format 'annotations.jsonld' here")
    assert body["type"].endswith("/problems/unknown-format")
