"""Negotiation by profile (RFC 6906): a media range that names a profile matches only a format that declares it,
so `application/ld+json` stays schema.org JSON-LD while the Web Annotation profile asks for annotations."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from service.http import negotiation
from service.renderers import BY_NAME, View
from tests.conftest import SEED_ARTICLE

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
@pytest.mark.parametrize("path", [SEED_ARTICLE, f"{SEED_ARTICLE}/events", f"{SEED_ARTICLE}/actors/isis"])
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
    response = client.get(SEED_ARTICLE, headers={"Accept": accept})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/problems/not-acceptable")
    assert {SCHEMA_ORG, ANNOTATIONS} <= set(body["available"])


def test_the_annotation_profile_where_there_are_no_annotations_is_406(client: TestClient) -> None:
    response = client.get("/v1/articles", headers={"Accept": ANNOTATIONS})
    assert response.status_code == 406
    assert ANNOTATIONS not in response.json()["available"]


def test_a_renderer_declares_its_profiles_in_its_media_type() -> None:
    assert negotiation.declared_profiles(BY_NAME["annotations"].media_type) == {ANNO}
    assert negotiation.declared_profiles(BY_NAME["jsonld"].media_type) == set()
    assert negotiation.declared_profiles('application/ld+json; profile="a b"') == {"a", "b"}


def test_choose_matches_profiles_without_http() -> None:
    assert negotiation.choose(View.ITEM, None, ANNOTATIONS).name == "annotations"
    assert negotiation.choose(View.ITEM, None, SCHEMA_ORG).name == "jsonld"
    assert negotiation.choose(View.ITEM, None, f"{SCHEMA_ORG}, {ANNOTATIONS}").name == "jsonld"  # a tie: our order
    assert negotiation.choose(View.ITEM, None, f"{SCHEMA_ORG};q=0.9, {ANNOTATIONS}").name == "annotations"
