"""Places by map area (bbox=, near=) on locations and events, on SQLite and PostgreSQL, in every format: worked
out here from the seed article's coordinates, with a distance of our own, and never a place without them."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from litestar.testing import TestClient

from tests.conftest import AUTH, new_document, problem, read_csv, seed_document, span

Box = tuple[float, float, float, float]


def points() -> dict[str, tuple[float, float]]:
    located = [loc for loc in seed_document()["locations"] if loc["coordinates"]]
    return {loc["id"]: (loc["coordinates"]["latitude"], loc["coordinates"]["longitude"]) for loc in located}


def inside(box: Box, point: tuple[float, float]) -> bool:
    west, south, east, north = box
    lat, lon = point
    return south <= lat <= north and (west <= lon <= east if west <= east else lon >= west or lon <= east)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The spherical law of cosines (another formula than the service's haversine), mean Earth radius."""
    (lat1, lon1), (lat2, lon2) = map(math.radians, a), map(math.radians, b)
    cosine = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    return 6371.0088 * math.acos(max(-1.0, min(1.0, cosine)))


def expected(collection: str, matches: Any) -> list[str]:
    if collection == "locations":
        return sorted(place for place, point in points().items() if matches(point))
    located = points()
    return sorted(
        e["id"] for e in seed_document()["events"] if any(matches(located[p]) for p in e["locations"] if p in located)
    )


def listed(client: TestClient, collection: str, **params: str) -> list[str]:
    response = client.get(f"/v1/{collection}", params={**params, "limit": "1000"})
    assert response.status_code == 200, response.text
    return sorted(item["id"] for item in response.json()["items"])


BOXES = {
    "Aleppo city": (37.1, 36.15, 37.2, 36.25),
    "northern Idlib": (36.4, 35.95, 36.75, 36.2),
    "all of Syria": (35.5, 32.3, 42.4, 37.4),
    "between Saraqeb and Kafranbel": (36.65, 35.7, 36.75, 35.8),  # in that event's box, holding neither town
    "the Atlantic": (-40.0, 10.0, -20.0, 30.0),
}


@pytest.mark.parametrize("collection", ["locations", "events"])
@pytest.mark.parametrize("name", list(BOXES))
def test_a_bbox_selects_the_items_with_a_point_inside(client: TestClient, collection: str, name: str) -> None:
    box = BOXES[name]
    want = expected(collection, lambda point: inside(box, point))
    assert listed(client, collection, bbox=",".join(map(str, box))) == want
    if name == "between Saraqeb and Kafranbel":
        assert want == []  # (the box alone of a two-place event would have matched)


@pytest.mark.parametrize("collection", ["locations", "events"])
@pytest.mark.parametrize("radius", [5, 40, 70, 20_038])
def test_near_selects_the_items_with_a_point_that_near(client: TestClient, collection: str, radius: float) -> None:
    centre = (36.2, 37.15)  # Aleppo
    distances = [km(centre, point) for point in points().values()]
    assert all(abs(d - radius) > 1 for d in distances), "no point on the edge, where rounding would decide"
    want = expected(collection, lambda point: km(centre, point) <= radius)
    assert listed(client, collection, near=f"36.2,37.15,{radius}") == want
    assert want or radius == 5


def test_a_place_without_coordinates_never_matches(client: TestClient) -> None:
    whole_earth = listed(client, "locations", near="0,0,20038")
    assert whole_earth == sorted(points())
    assert len(whole_earth) < len(seed_document()["locations"])
    assert listed(client, "locations", bbox="-180,-90,180,90") == sorted(points())


def test_a_bbox_may_cross_the_180th_meridian(client: TestClient) -> None:
    document = new_document("fiji")
    body = document["body"] = "Suva and Labasa and Lautoka and Nuku'alofa."
    document["headline"] = "Four towns"
    document["events"], document["actors"] = [], []

    def town(place_id: str, name: str, lat: float, lon: float) -> dict[str, Any]:
        coordinates = {"latitude": lat, "longitude": lon, "geo_precision": 1, "source": "https://www.geonames.org/1"}
        return {
            "id": place_id,
            "name": name,
            "kind": "town",
            "coordinates": coordinates,
            "evidence": [span(body, name)],
        }

    document["locations"] = [
        town("labasa", "Labasa", -16.42, 179.38),
        town("suva", "Suva", -18.14, 178.44),
        town("nukualofa", "Nuku'alofa", -21.14, -175.2),
        town("lautoka", "Lautoka", -17.62, 177.45),
    ]
    assert client.post("/v1/articles", json=document, headers=AUTH).status_code == 201
    across = listed(client, "locations", bbox="178,-22,-175,-16", article="fiji")
    assert across == ["labasa", "nukualofa", "suva"]
    assert listed(client, "locations", near="-18.14,178.44,5", article="fiji") == ["suva"]
    assert listed(client, "locations", near="-18.14,179.9,250", article="fiji") == ["labasa", "suva"]


def test_every_format_is_filtered_alike(client: TestClient) -> None:
    box = "36.4,35.5,37.2,36.3"
    places = listed(client, "locations", bbox=box)
    geojson = client.get("/v1/locations.geojson", params={"bbox": box}).json()
    assert sorted(f["id"].split("/")[1] for f in geojson["features"]) == places
    assert places
    want = listed(client, "events", bbox=box)
    assert sorted(row["id"] for row in read_csv(client.get("/v1/events.csv", params={"bbox": box}).text)) == want
    lines = client.get("/v1/events.ndjson", params={"bbox": box}).text.splitlines()
    assert sorted(json.loads(line)["id"] for line in lines[:-1]) == want


def test_spatial_filters_combine_with_the_others(client: TestClient) -> None:
    box = BOXES["all of Syria"]
    located = points()
    want = sorted(
        e["id"]
        for e in seed_document()["events"]
        if e["event_type"] == "Battles" and any(p in located and inside(box, located[p]) for p in e["locations"])
    )
    assert listed(client, "events", bbox=",".join(map(str, box)), type="Battles") == want
    counts = client.get("/v1/events/facets", params={"facet": "event_type", "bbox": ",".join(map(str, box))})
    assert counts.json()["total"] == len(expected("events", lambda point: inside(box, point)))


@pytest.mark.parametrize(
    ("params", "named", "says"),
    [
        ({"bbox": "1,2,3"}, "bbox", "4 numbers"),
        ({"bbox": "1,2,3,x"}, "bbox", "4 numbers"),
        ({"bbox": "1,2,3,4,5"}, "bbox", "4 numbers"),
        ({"bbox": "181,2,3,4"}, "bbox", "longitude"),
        ({"bbox": "1,91,3,4"}, "bbox", "latitude"),
        ({"bbox": "1,40,3,30"}, "bbox", "min_lat"),
        ({"bbox": "1,nan,3,4"}, "bbox", "4 numbers"),
        ({"near": "36,37"}, "near", "3 numbers"),
        ({"near": "95,37,10"}, "near", "latitude"),
        ({"near": "36,37,0"}, "near", "distance"),
        ({"near": "36,37,-5"}, "near", "distance"),
        ({"near": "36,37,1e999"}, "near", "too large"),
    ],
)
def test_bad_areas_are_refused_naming_the_parameter(
    client: TestClient, params: dict[str, str], named: str, says: str
) -> None:
    body = problem(client.get("/v1/events", params=params), 400, says)
    assert body["errors"][0]["path"] == named


def test_actors_and_relations_have_no_map_area(client: TestClient) -> None:
    problem(client.get("/v1/actors", params={"bbox": "1,2,3,4"}), 400, "unknown query parameter")
    problem(client.get("/v1/relations", params={"near": "1,2,3"}), 400, "unknown query parameter")
