"""The HTTP API as a client sees it: routes, negotiation, caching headers and problem+json errors."""

from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator
from litestar.testing import TestClient

import schemas
from schemas import COLLECTIONS, ITEM_SCHEMAS
from tests.conftest import SEED_ID

ARTICLE = f"/v1/articles/{SEED_ID}"
PROBLEM = "application/problem+json"


def assert_problem(response, status: int, detail_part: str = "") -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "status", "detail", "instance"} <= body.keys()
    assert detail_part in body["detail"]
    assert "Traceback" not in response.text
    return body


def validate_against_served_schema(client: TestClient, name: str, document: object) -> None:
    schema = client.get(f"/v1/schemas/{name}").json()
    errors = sorted(Draft202012Validator(schema).iter_errors(document), key=str)
    assert errors == []


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_article_list_names_the_seed(client: TestClient) -> None:
    body = client.get("/v1/articles").json()
    assert [a["id"] for a in body["items"]] == [SEED_ID]
    assert body["next"] is None
    validate_against_served_schema(client, "article-list", body)


def test_each_json_response_validates_against_its_served_schema(client: TestClient, seed) -> None:
    validate_against_served_schema(client, "article", client.get(ARTICLE).json())
    for collection in COLLECTIONS:
        listing = client.get(f"{ARTICLE}/{collection}").json()
        assert len(listing["items"]) == len(getattr(seed, collection)) > 0
        validate_against_served_schema(client, f"{ITEM_SCHEMAS[collection]}-list", listing)
        for item in listing["items"]:
            one = client.get(f"{ARTICLE}/{collection}/{item['id']}")
            assert one.json() == item
            validate_against_served_schema(client, ITEM_SCHEMAS[collection], one.json())


def test_the_schema_index_links_every_schema(client: TestClient) -> None:
    index = client.get("/v1/schemas").json()
    for entry in index["schemas"]:
        response = client.get(entry["url"].removeprefix("http://testserver.local"))
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/schema+json"
        assert response.json()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert [e["name"] for e in index["schemas"]] == list(schemas.TOP_LEVEL_TYPES)


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        (f"{ARTICLE}.json", "application/json"),
        (f"{ARTICLE}.jsonld", "application/ld+json"),
        (f"{ARTICLE}.csv", "text/csv; charset=utf-8; header=present"),
        (f"{ARTICLE}.embed.html", "text/html; charset=utf-8"),
        (f"{ARTICLE}.csv-metadata.json", "application/csvm+json"),
        (f"{ARTICLE}/events.ndjson", "application/x-ndjson"),
        (f"{ARTICLE}/events.csv", "text/csv; charset=utf-8; header=present"),
        (f"{ARTICLE}/events.jsonld", "application/ld+json"),
        (f"{ARTICLE}/actors/isis.jsonld", "application/ld+json"),
        (f"{ARTICLE}/actors/isis.csv", "text/csv; charset=utf-8; header=present"),
        ("/v1/articles.csv", "text/csv; charset=utf-8; header=present"),
        ("/v1/articles.ndjson", "application/x-ndjson"),
    ],
)
def test_a_suffix_names_the_format(client: TestClient, path: str, media_type: str) -> None:
    response = client.get(path, headers={"Accept": "application/json"})  # the suffix wins over Accept
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert "vary" not in response.headers


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/ld+json", "application/ld+json"),
        ("text/csv;q=0.9, application/ld+json;q=0.5", "text/csv; charset=utf-8; header=present"),
        ("application/json;q=0.1, text/csv;q=0.2", "text/csv; charset=utf-8; header=present"),
        ("text/*;q=0.3, application/ld+json;q=0.2", "text/csv; charset=utf-8; header=present"),
        ("text/csv;q=0, */*;q=0.1", "application/json"),
        ("text/html", "text/html; charset=utf-8"),
        ("application/*", "application/json"),
    ],
)
def test_accept_with_q_values_chooses_the_format(client: TestClient, accept: str | None, media_type: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get(ARTICLE, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["vary"] == "Accept"


def test_ndjson_is_negotiated_for_collections(client: TestClient) -> None:
    response = client.get(f"{ARTICLE}/actors", headers={"Accept": "application/x-ndjson"})
    assert response.headers["content-type"] == "application/x-ndjson"
    lines = response.text.splitlines()
    assert [json.loads(line) for line in lines] == client.get(f"{ARTICLE}/actors").json()["items"]


def test_nothing_acceptable_is_406_listing_what_is(client: TestClient) -> None:
    body = assert_problem(client.get(ARTICLE, headers={"Accept": "image/png, text/csv;q=0"}), 406, "image/png")
    assert body["available"] == [
        "application/json",
        "application/ld+json",
        "text/csv; charset=utf-8; header=present",
        "application/geo+json",
        "text/html; charset=utf-8",  # the page (the embed snippet has the same media type: named once)
    ]
    assert body["type"] == "http://testserver.local/problems/not-acceptable"
    assert client.get("/problems/not-acceptable").status_code == 200


def test_ndjson_is_not_acceptable_for_one_article(client: TestClient) -> None:
    assert_problem(client.get(ARTICLE, headers={"Accept": "application/x-ndjson"}), 406)


def test_a_malformed_accept_header_is_400(client: TestClient) -> None:
    assert_problem(client.get(ARTICLE, headers={"Accept": "json"}), 400, "'json' is not a media range")
    assert_problem(client.get(ARTICLE, headers={"Accept": "text/csv;q=2"}), 400, "q='2'")


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/v1/articles/no-such-article", "article 'no-such-article' does not exist"),
        ("/v1/articles/no-such-article/events", "article 'no-such-article' does not exist"),
        (f"{ARTICLE}/weapons", "collection 'weapons'"),
        (f"{ARTICLE}/events/no-such-event", "events item 'no-such-event'"),
        (f"{ARTICLE}.xml", "no format 'xml' here"),
        (f"{ARTICLE}/events/fighting-aleppo-idlib.ndjson", "no format 'ndjson' here"),
        ("/v1/schemas/weapon", "schema 'weapon'"),
        ("/v1/nothing", ""),
        ("/nothing/at/all", ""),
    ],
)
def test_unknown_things_are_404_problems(client: TestClient, path: str, detail: str) -> None:
    body = assert_problem(client.get(path), 404, detail)
    assert body["instance"] == path


def test_a_wrong_method_is_a_405_problem(client: TestClient) -> None:
    assert_problem(client.patch(ARTICLE, json={}), 405)


def test_etag_and_if_none_match(client: TestClient) -> None:
    first = client.get(f"{ARTICLE}.csv")
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert first.headers["cache-control"] == "public, max-age=60, must-revalidate"
    again = client.get(f"{ARTICLE}.csv", headers={"If-None-Match": f'"other", {etag}'})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(f"{ARTICLE}.json").headers["etag"] != etag  # one tag per representation
    assert client.get(f"{ARTICLE}.csv", headers={"If-None-Match": '"stale"'}).status_code == 200
    assert_problem(client.get(ARTICLE, headers={"If-None-Match": "no-quotes"}), 400, "not an entity tag")


def test_csv_links_its_csvw_metadata(client: TestClient) -> None:
    response = client.get(f"{ARTICLE}/events.csv")
    assert response.headers["link"] == (
        f'<http://testserver.local{ARTICLE}/events.csv-metadata.json>; rel="describedby"; type="application/csvm+json"'
    )


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
    }
    for status in ("304", "400", "404", "406"):
        assert article["responses"][status], status
    assert article["responses"]["404"]["content"]["application/problem+json"]
    collection = paths["/v1/articles/{article_id}/{ref}"]["get"]
    assert "application/x-ndjson" in collection["responses"]["200"]["content"]


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    get = client.get(f"{ARTICLE}/events.csv")
    head = client.head(f"{ARTICLE}/events.csv")
    assert head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "etag", "link", "content-length"):
        assert head.headers[name] == get.headers[name], name
    assert client.head("/v1/articles/nope").status_code == 404


def test_every_documented_error_is_problem_json(client: TestClient) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    for path in ("/health", "/problems/{slug}", "/v1/schemas", "/v1/schemas/{name}", "/v1/{listing}"):
        assert path in paths, path
    for path, item in paths.items():
        responses = item["get"]["responses"]
        expected = {"400", "500"} | ({"404"} if "{" in path else set())
        for status in expected:
            assert set(responses[status]["content"]) == {"application/problem+json"}, (path, status)
    assert "application/schema+json" in paths["/v1/schemas/{name}"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in paths["/v1/{listing}"]["get"]["responses"]["200"]["content"]


@pytest.mark.parametrize(
    "path",
    [
        "/v1/articles",
        "/v1/articles.ndjson",
        ARTICLE,
        f"{ARTICLE}/events",
        f"{ARTICLE}/events/atareb-clash.jsonld",
        "/v1/events",
        "/v1/events.csv",
        "/v1/deletions",
        "/v1/schemas",
        "/v1/schemas/event",
    ],
)
def test_every_get_carries_a_strong_etag_and_answers_304(client: TestClient, path: str) -> None:
    response = client.get(path)
    etag = response.headers["etag"]
    assert etag.startswith('"') and response.headers["cache-control"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304


def test_last_modified_and_if_modified_since(client: TestClient) -> None:
    response = client.get(f"{ARTICLE}/events.csv")
    stamp = response.headers["last-modified"]
    assert stamp.endswith(" GMT")
    assert client.get(f"{ARTICLE}/events.csv", headers={"If-Modified-Since": stamp}).status_code == 304
    earlier = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(f"{ARTICLE}/events.csv", headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(f"{ARTICLE}", headers={"If-Modified-Since": "yesterday"}).status_code == 200
    both = {"If-Modified-Since": stamp, "If-None-Match": '"other"'}  # If-None-Match decides
    assert client.get(f"{ARTICLE}/events.csv", headers=both).status_code == 200


def test_openapi_carries_the_seed_as_an_example_of_every_format(client: TestClient) -> None:
    paths = client.get("/schema/openapi.json").json()["paths"]
    article = paths["/v1/articles/{ref}"]["get"]["responses"]["200"]["content"]
    assert article["application/json"]["example"]["id"] == SEED_ID
    assert article["text/csv"]["example"].startswith("id,schema_version,headline")
    assert article["application/ld+json"]["example"]["@graph"][0]["@type"] == "NewsArticle"
    for path in ("/v1/articles", "/v1/articles/{ref}", "/v1/articles/{article_id}/{ref}", "/v1/{listing}"):
        for media_type, content in paths[path]["get"]["responses"]["200"]["content"].items():
            assert content.get("example") or media_type == "application/zip", (path, media_type)


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
