"""GeoJSON (RFC 7946), on SQLite and PostgreSQL: every place a Feature, [longitude, latitude], null geometry kept."""

from __future__ import annotations

from typing import Any

import geojson
import pytest
from litestar.testing import TestClient

from tests.conftest import AUTH, SEED_ID, new_document, problem

ARTICLE = f"/v1/articles/{SEED_ID}"


GEOJSON = "application/geo+json"


SEED_PLACES = 20


ALEPPO = {"latitude": 36.20124, "longitude": 37.16117, "source": "https://www.geonames.org/170063"}


WITH_COORDINATES = {"tel-abyad", "aleppo-city", "kafr-takharim", "atareb", "maarat-misreen", "saraqeb", "kafranbel"}


def feature_collection(response) -> dict[str, Any]:
    """The body, checked as RFC 7946 asks (the `geojson` package) and as this service promises."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == GEOJSON
    assert geojson.loads(response.text).is_valid, geojson.loads(response.text).errors()
    document = response.json()
    assert set(document) == {"type", "features"}  # no "crs" (RFC 7946 §4), no foreign members
    assert document["type"] == "FeatureCollection"
    for feature in document["features"]:
        check_feature(feature)
    return document


def check_feature(feature: dict[str, Any]) -> None:
    assert set(feature) == {"type", "id", "geometry", "properties"}
    assert feature["type"] == "Feature"
    assert feature["id"] == f"{feature['properties']['article_id']}/{feature['properties']['id']}"
    assert next(iter(feature["properties"])) == "article_id"
    assert {"coordinates", "latitude", "longitude"}.isdisjoint(feature["properties"])
    geometry = feature["geometry"]
    if geometry is not None:
        assert geometry["type"] == "Point"
        longitude, latitude = geometry["coordinates"]
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["properties"]["id"]: f for f in document["features"]}


def test_the_places_of_an_article_are_a_valid_feature_collection(client: TestClient) -> None:
    document = feature_collection(client.get(f"{ARTICLE}/locations.geojson"))
    features = by_id(document)
    assert len(document["features"]) == len(features) == SEED_PLACES
    assert {i for i, f in features.items() if f["geometry"] is not None} == WITH_COORDINATES


def test_positions_are_longitude_then_latitude(client: TestClient) -> None:
    aleppo = by_id(feature_collection(client.get(f"{ARTICLE}/locations.geojson")))["aleppo-city"]
    assert aleppo["id"] == f"{SEED_ID}/aleppo-city"
    assert aleppo["geometry"] == {"type": "Point", "coordinates": [ALEPPO["longitude"], ALEPPO["latitude"]]}
    assert aleppo["properties"]["geo_precision"] == 1
    assert aleppo["properties"]["source"] == ALEPPO["source"]


def test_places_without_coordinates_are_listed_with_a_null_geometry(client: TestClient) -> None:
    syria = by_id(feature_collection(client.get(f"{ARTICLE}/locations.geojson")))["syria"]
    assert syria["geometry"] is None
    assert syria["properties"]["geo_precision"] is None and syria["properties"]["source"] is None
    assert syria["properties"]["name"] == "Syria"


def test_the_properties_are_the_json_record_with_the_coordinates_flattened(client: TestClient) -> None:
    records = client.get(f"{ARTICLE}/locations").json()["items"]
    features = feature_collection(client.get(f"{ARTICLE}/locations.geojson"))["features"]
    assert [f["properties"]["id"] for f in features] == [r["id"] for r in records]  # the document's order
    for record, feature in zip(records, features, strict=True):
        coordinates = record.pop("coordinates") or {}
        expected = {**record, "geo_precision": coordinates.get("geo_precision"), "source": coordinates.get("source")}
        assert feature["properties"] == expected
        if coordinates:
            assert feature["geometry"]["coordinates"] == [coordinates["longitude"], coordinates["latitude"]]


def test_the_article_in_geojson_is_its_places(client: TestClient) -> None:
    article = client.get(f"{ARTICLE}.geojson")
    assert feature_collection(article) == feature_collection(client.get(f"{ARTICLE}/locations.geojson"))


def test_one_place_is_a_feature(client: TestClient) -> None:
    response = client.get(f"{ARTICLE}/locations/aleppo-city.geojson")
    assert response.status_code == 200
    assert response.headers["content-type"] == GEOJSON
    assert geojson.loads(response.text).is_valid
    feature = response.json()
    check_feature(feature)
    assert feature["geometry"]["coordinates"] == [ALEPPO["longitude"], ALEPPO["latitude"]]
    assert client.get(f"{ARTICLE}/locations/syria.geojson").json()["geometry"] is None


def test_geojson_is_negotiated_by_accept(client: TestClient) -> None:
    response = client.get(f"{ARTICLE}/locations", headers={"Accept": GEOJSON})
    assert response.headers["vary"] == "Accept"
    assert len(feature_collection(response)["features"]) == SEED_PLACES


def test_the_places_of_the_corpus_stream_as_one_collection(client: TestClient) -> None:
    assert client.post("/v1/articles", json=new_document(), headers=AUTH).status_code == 201
    response = client.get("/v1/locations.geojson")
    document = feature_collection(response)
    assert response.headers["x-row-count"] == str(SEED_PLACES + 1)
    ids = [f["id"] for f in document["features"]]
    assert ids == sorted(ids) and len(ids) == SEED_PLACES + 1  # ordered by (article_id, id), like CSV
    assert "second-article/atareb" in ids
    filtered = feature_collection(client.get("/v1/locations.geojson", params={"location": "aleppo-city"}))
    assert [f["id"] for f in filtered["features"]] == [
        f"{SEED_ID}/{i}" for i in ("aleppo-city", "ansari", "jisr-al-hajj", "kallassah")
    ]
    problem(client.get("/v1/locations.geojson", params={"limit": "5"}), 400, "drop limit and cursor")


@pytest.mark.parametrize("url", [f"{ARTICLE}/events.geojson", f"{ARTICLE}/events/atareb-clash.geojson"])
def test_events_have_no_geojson_by_suffix(client: TestClient, url: str) -> None:
    body = problem(client.get(url), 404, "no format 'geojson' here")
    assert ".geojson" not in body["detail"].split("available:", 1)[1]


@pytest.mark.parametrize("url", [f"{ARTICLE}/events", "/v1/events", f"{ARTICLE}/actors/isis"])
def test_events_have_no_geojson_by_accept(client: TestClient, url: str) -> None:
    body = problem(client.get(url, headers={"Accept": GEOJSON}), 406)
    assert GEOJSON not in body["available"]


def test_the_corpus_events_have_no_geojson(client: TestClient) -> None:
    problem(client.get("/v1/events.geojson"), 404, "no format 'geojson' here")
