"""The OpenAPI document and its docs page (service/http/openapi.py): every route, media type, example and
error documented, the page served without any network."""

from __future__ import annotations

import re

from litestar.testing import TestClient

from service.renderers import RENDERERS
from tests.conftest import SEED_ID

BINARY = {renderer.mime for renderer in RENDERERS if renderer.binary}
"""Formats whose bytes are not text: documented by their schema, with no example."""


def test_openapi_documents_every_route_media_type_and_error(client: TestClient) -> None:
    document = client.get("/schema/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    paths = document["paths"]
    for path in (
        "/health",
        "/v1/articles",
        "/v1/articles/{ref}",
        "/v1/articles/{article_id}/{ref}",
        "/v1/articles/{article_id}/{collection}/{ref}",
        "/v1/schemas",
        "/v1/schemas/{name}",
    ):
        assert path in paths, path
    article = paths["/v1/articles/{ref}"]["get"]
    assert set(article["responses"]["200"]["content"]) == {
        "application/json",
        "application/ld+json",
        "text/csv",
        "text/html",
        "application/csvm+json",
        "application/geo+json",
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        "text/turtle",
        "application/n-triples",
        "application/ninjs+json",
    }
    for status in ("304", "400", "404", "406"):
        assert article["responses"][status], status
    assert article["responses"]["404"]["content"]["application/problem+json"]
    collection = paths["/v1/articles/{article_id}/{ref}"]["get"]
    assert "application/x-ndjson" in collection["responses"]["200"]["content"]


def test_every_documented_error_is_problem_json(client: TestClient) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    for path in ("/health", "/problems/{slug}", "/v1/schemas", "/v1/schemas/{name}", "/v1/{listing}"):
        assert path in paths, path
    for path, item in paths.items():
        for method, operation in item.items():  # (POST /v1/drafts has no GET)
            responses = operation["responses"]
            expected = {"400", "500"} | ({"404"} if "{" in path and method in ("get", "delete") else set())
            for status in expected:
                assert set(responses[status]["content"]) == {"application/problem+json"}, (path, method, status)
    assert "application/schema+json" in paths["/v1/schemas/{name}"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in paths["/v1/{listing}"]["get"]["responses"]["200"]["content"]


def test_openapi_carries_the_seed_as_an_example_of_every_format(client: TestClient) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    article = paths["/v1/articles/{ref}"]["get"]["responses"]["200"]["content"]
    assert article["application/json"]["example"]["id"] == SEED_ID
    assert article["text/csv"]["example"].startswith("id,schema_version,headline")
    assert article["application/ld+json"]["example"]["@graph"][0]["@type"] == "NewsArticle"
    for path in ("/v1/articles", "/v1/articles/{ref}", "/v1/articles/{article_id}/{ref}", "/v1/{listing}"):
        for media_type, content in paths[path]["get"]["responses"]["200"]["content"].items():
            assert content.get("example") or media_type in BINARY, (path, media_type)


def test_the_api_docs_are_served_without_any_network(client: TestClient) -> None:
    page = client.get("/schema/swagger")
    assert page.status_code == 200
    assets = re.findall(r"(?:src|href)=['\"]([^'\"]+)['\"]", page.text)
    assert assets and all(a.startswith("/static/swagger-ui/") for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_the_docs_page_inlines_the_document_without_breaking_out_of_its_script(client: TestClient) -> None:
    page = client.get("/schema/swagger").text
    assert page.count("<script") == page.count("</script") == 3  # the two bundles and the inline start-up
    assert "</script" not in client.get("/schema/openapi.json").text
