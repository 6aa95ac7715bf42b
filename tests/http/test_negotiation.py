"""Content negotiation (service/http/negotiation.py): a suffix names the format, else the Accept header
chooses by q-value; nothing acceptable is 406, a malformed Accept is 400."""

from __future__ import annotations

import json

import pytest
from litestar.testing import TestClient

from service.http.errors import ProblemError
from service.http.negotiation import MediaRange, choose, declared_profiles, parse_accept
from service.renderers import BY_NAME, View
from tests.conftest import PROBLEM_FIELDS, SEED_ID, problem

ARTICLE = f"/v1/articles/{SEED_ID}"


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
    body = problem(client.get(ARTICLE, headers={"Accept": "image/png, text/csv;q=0"}), 406, "image/png")
    assert body["available"] == [
        "application/json",
        "application/ld+json",
        "text/csv; charset=utf-8; header=present",
        "application/geo+json",
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        "text/turtle",
        "application/n-triples",
        "application/ninjs+json",
        "text/html; charset=utf-8",  # the page (the embed snippet has the same media type: named once)
    ]
    assert body["type"] == "http://testserver.local/problems/not-acceptable"
    assert client.get("/problems/not-acceptable").status_code == 200


def test_ndjson_is_not_acceptable_for_one_article(client: TestClient) -> None:
    problem(client.get(ARTICLE, headers={"Accept": "application/x-ndjson"}), 406)


def test_a_malformed_accept_header_is_400(client: TestClient) -> None:
    problem(client.get(ARTICLE, headers={"Accept": "json"}), 400, "'json' is not a media range")
    problem(client.get(ARTICLE, headers={"Accept": "text/csv;q=2"}), 400, "q='2'")


@pytest.mark.parametrize(
    ("accept", "status"), [("image/png", 406), ("text/csv;q=abc", 400)], ids=["nothing satisfies", "malformed"]
)
def test_a_bad_accept_on_a_corpus_collection_is_a_problem(client: TestClient, accept: str, status: int) -> None:
    response = client.get("/v1/events", headers={"Accept": accept})
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json().keys() >= PROBLEM_FIELDS


def test_parse_accept_reads_each_range_with_its_q_and_parameters() -> None:
    assert parse_accept("text/csv;q=0.5;header=present, , application/json") == [
        MediaRange("text", "csv", 0.5, frozenset({("header", "present")})),
        MediaRange("application", "json", 1.0, frozenset()),
    ]


@pytest.mark.parametrize(
    ("accept", "detail"),
    [
        ("json", "Accept: 'json' is not a media range"),
        ("*/csv", "Accept: '*/csv' is not a media range"),
        ("text/", "Accept: 'text/' is not a media range"),
        ("text/csv;q=2", "Accept: q='2' is not between 0 and 1"),
        ("text/csv;q=abc", "Accept: q='abc' is not between 0 and 1"),
    ],
)
def test_parse_accept_refuses_a_malformed_range_with_a_400(accept: str, detail: str) -> None:
    with pytest.raises(ProblemError) as caught:
        parse_accept(accept)
    assert (caught.value.status, caught.value.slug, caught.value.detail) == (400, "malformed-header", detail)


def test_choose_takes_the_first_format_when_nothing_is_asked_and_breaks_ties_in_server_order() -> None:
    assert choose(View.ARTICLE, None, None).media_type == "application/json"
    assert choose(View.ARTICLE, None, "   ").media_type == "application/json"
    assert choose(View.ARTICLE, None, "text/csv, application/json").media_type == "application/json"
    assert choose(View.ARTICLE, "csv", "application/json").suffix == "csv"


def test_choose_refuses_a_suffix_the_view_has_no_format_for_listing_those_it_has() -> None:
    with pytest.raises(ProblemError) as caught:
        choose(View.ARTICLE, "xml", None)
    assert (caught.value.status, caught.value.detail) == (
        404,
        "no format 'xml' here; available: .json, .jsonld, .csv, .geojson, .annotations.jsonld, .ttl, .nt, .ninjs.json,"
        " .html, .embed.html, .csv-metadata.json",
    )


# Negotiation by profile (RFC 6906): a media range that names a profile matches only a format that declares it,
# so `application/ld+json` stays schema.org JSON-LD while the Web Annotation profile asks for annotations.

ANNO = "http://www.w3.org/ns/anno.jsonld"
ANNOTATIONS = f'application/ld+json; profile="{ANNO}"'
SCHEMA_ORG = "application/ld+json"


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (SCHEMA_ORG, SCHEMA_ORG),
        (f'application/ld+json;profile="{ANNO}"', ANNOTATIONS),
        (f"application/ld+json; profile={ANNO}", ANNOTATIONS),  # (unquoted: one URI needs no quotes)
        (f'application/ld+json; Profile="{ANNO}"', ANNOTATIONS),  # parameter names are case-insensitive
        (f'application/ld+json;q=0.9, application/ld+json;profile="{ANNO}";q=0.1', SCHEMA_ORG),
        (f'application/ld+json;q=0.1, application/ld+json;profile="{ANNO}";q=0.9', ANNOTATIONS),
        (f'application/ld+json;profile="{ANNO}", application/json;q=0.5', ANNOTATIONS),
        ("*/*", "application/json"),
        ("application/*", "application/json"),
    ],
)
@pytest.mark.parametrize("path", [ARTICLE, f"{ARTICLE}/events", f"{ARTICLE}/actors/isis"])
def test_a_profile_chooses_between_formats_of_one_media_type(
    client: TestClient, path: str, accept: str, media_type: str
) -> None:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    assert response.headers["vary"] == "Accept"


@pytest.mark.parametrize(
    "accept",
    [
        'application/ld+json; profile="http://example.org/another-profile"',
        f'application/ld+json; profile="{ANNO} http://example.org/another-profile"',  # every profile it names
    ],
)
def test_a_profile_no_format_declares_is_406(client: TestClient, accept: str) -> None:
    body = problem(client.get(ARTICLE, headers={"Accept": accept}), 406)
    assert {SCHEMA_ORG, ANNOTATIONS} <= set(body["available"])


def test_the_annotation_profile_where_there_are_no_annotations_is_406(client: TestClient) -> None:
    assert ANNOTATIONS not in problem(client.get("/v1/articles", headers={"Accept": ANNOTATIONS}), 406)["available"]


def test_a_renderer_declares_its_profiles_in_its_media_type() -> None:
    assert declared_profiles(BY_NAME["annotations"].media_type) == {ANNO}
    assert declared_profiles(BY_NAME["jsonld"].media_type) == set()
    assert declared_profiles('application/ld+json; profile="a b"') == {"a", "b"}


def test_choose_matches_profiles_without_http() -> None:
    assert choose(View.ITEM, None, ANNOTATIONS).name == "annotations"
    assert choose(View.ITEM, None, SCHEMA_ORG).name == "jsonld"
    assert choose(View.ITEM, None, f"{SCHEMA_ORG}, {ANNOTATIONS}").name == "jsonld"  # a tie: our order
    assert choose(View.ITEM, None, f"{SCHEMA_ORG};q=0.9, {ANNOTATIONS}").name == "annotations"
