"""IPTC ninjs 3.1, on SQLite and PostgreSQL: valid against IPTC's own schema, every value read from the article,
every named thing under the stable URL that is its JSON-LD @id, no date that the article does not state."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

import geojson
import hypothesis
from jsonschema import Draft202012Validator
from litestar.testing import TestClient
from referencing import Registry
from referencing import Resource as SchemaResource

from schemas import Article
from service.renderers import jsonld, ninjs
from tests.conftest import AUTH, PROPERTY, SEED_ID, SHARED, articles, new_document, problem, render, seed_document

ARTICLE = f"/v1/articles/{SEED_ID}"
NINJS = "application/ninjs+json"
BASE = "http://testserver.local"
SCHEMA = json.loads((SHARED / "vocab" / "ninjs-schema_3.1.json").read_text(encoding="utf-8"))
GEOJSON_SCHEMA = files("frictionless") / "assets" / "profiles" / "geojson.json"
"""ninjs refers places' `geoJSON` to https://geojson.org/schema/GeoJSON.json, which is not kept offline here: the
GeoJSON JSON Schema frictionless ships stands in for it (RFC 7946 validity is checked by the `geojson` package)."""


def _validator() -> Draft202012Validator:
    geometry = SchemaResource.from_contents(json.loads(GEOJSON_SCHEMA.read_text(encoding="utf-8")))
    registry: Registry = Registry().with_resources(
        [("https://geojson.org/schema/GeoJSON.json", geometry), (geometry.id() or "", geometry)]
    )
    return Draft202012Validator(SCHEMA, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


VALIDATOR = _validator()


def errors(document: Any) -> list[str]:
    return sorted(f"{error.json_path}: {error.message}" for error in VALIDATOR.iter_errors(document))


def ninjs_of(response: Any) -> dict[str, Any]:
    """The body, served as ninjs and valid against the ninjs 3.1 schema with 0 errors."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == NINJS
    document: dict[str, Any] = response.json()
    assert errors(document) == []
    return document


def jsonld_nodes(client: TestClient, path: str) -> dict[str, dict[str, Any]]:
    return {node["@id"]: node for node in client.get(f"{path}.jsonld").json()["@graph"]}


def dated(article_id: str, **dates: str) -> dict[str, Any]:
    """The seed article under another id, by the BBC's correspondent, with these dates (and no others)."""
    return seed_document() | {"id": article_id, "authors": ["rami-ruhayem"], **dates}


def test_the_article_is_valid_ninjs_3_1(client: TestClient) -> None:
    document = ninjs_of(client.get(f"{ARTICLE}.ninjs.json"))
    assert document["standard"] == {
        "name": "ninjs",
        "version": "3.1",
        "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
    }
    assert SCHEMA["$id"] == document["standard"]["schema"]


def test_its_text_is_the_articles(client: TestClient, seed: Article) -> None:
    document = ninjs_of(client.get(f"{ARTICLE}.ninjs.json"))
    assert document["uri"] == f"{BASE}{ARTICLE}"
    assert document["type"] == "text"
    assert document["headlines"] == [{"role": "main", "value": seed.headline}]
    assert document["bodies"] == [{"role": "main", "contentType": "text/plain", "value": seed.body}]
    assert document["language"] == seed.language == "en-GB"


def test_its_version_is_the_etag_of_the_articles_json(client: TestClient) -> None:
    document = ninjs_of(client.get(f"{ARTICLE}.ninjs.json"))
    assert document["version"] == client.get(f"{ARTICLE}.json").headers["ETag"].strip('"')


def test_an_article_without_dates_has_none_and_no_byline(client: TestClient, seed: Article) -> None:
    assert seed.date_published is None and seed.date_modified is None and seed.authors == []
    document = ninjs_of(client.get(f"{ARTICLE}.ninjs.json"))
    assert {"firstCreated", "versionCreated", "contentCreated", "embargoedUntil", "expires", "by"}.isdisjoint(document)
    assert client.post("/v1/articles", json=new_document("undated"), headers=AUTH).status_code == 201
    posted = ninjs_of(client.get("/v1/articles/undated.ninjs.json"))
    assert {"firstCreated", "versionCreated", "contentCreated", "by"}.isdisjoint(posted)


def test_the_stated_dates_are_when_it_was_first_published_and_last_changed(client: TestClient) -> None:
    both = dated("dated", date_published="2014-01-04T09:30:00Z", date_modified="2014-01-05T18:02:00+01:00")
    assert client.post("/v1/articles", json=both, headers=AUTH).status_code == 201
    document = ninjs_of(client.get("/v1/articles/dated.ninjs.json"))
    assert document["firstCreated"] == "2014-01-04T09:30:00Z"
    assert document["versionCreated"] == "2014-01-05T18:02:00+01:00"  # as stated, with its offset
    stated = client.get("/v1/articles/dated").json()
    assert (document["firstCreated"], document["versionCreated"]) == (stated["date_published"], stated["date_modified"])
    assert "contentCreated" not in document  # when it was written is not stated


def test_a_date_the_article_lacks_is_left_out(client: TestClient) -> None:
    published = dated("published-only", date_published="2014-01-04T09:30:00Z")
    assert client.post("/v1/articles", json=published, headers=AUTH).status_code == 201
    document = ninjs_of(client.get("/v1/articles/published-only.ninjs.json"))
    assert document["firstCreated"] == "2014-01-04T09:30:00Z"
    assert "versionCreated" not in document


def test_the_byline_names_the_authors(client: TestClient) -> None:
    assert client.post("/v1/articles", json=dated("bylined"), headers=AUTH).status_code == 201
    document = ninjs_of(client.get("/v1/articles/bylined.ninjs.json"))
    assert document["by"] == "Rami Ruhayem"
    author = f"{BASE}/v1/articles/bylined/actors/rami-ruhayem"
    assert {"uri": author, "literal": "rami-ruhayem", "name": "Rami Ruhayem", "rel": "mentions"} in document["people"]


def test_people_and_organisations_are_the_jsonld_persons_and_organizations(client: TestClient, seed: Article) -> None:
    document = ninjs_of(client.get(f"{ARTICLE}.ninjs.json"))
    nodes = jsonld_nodes(client, ARTICLE)
    actors = {actor.id: actor for actor in seed.actors}
    for listing, types in (("people", jsonld.PERSON), ("organisations", jsonld.ORGANIZATIONS)):
        expected = [node_id for node_id, node in nodes.items() if node.get("@type") in types and "/actors/" in node_id]
        assert [entry["uri"] for entry in document[listing]] == expected, listing
        for entry in document[listing]:
            actor = actors[entry["literal"]]
            assert entry["name"] == nodes[entry["uri"]]["name"] == actor.name
    listed = {entry["literal"] for entry in (*document["people"], *document["organisations"])}
    assert {a.id for a in seed.actors} - listed == {"kafr-takharim-residents", "suspect-activists"}  # civilians


def test_every_actor_kind_is_listed_where_jsonld_types_it() -> None:
    assert ninjs.ACTOR_PROPERTIES == {
        "person": "people",
        "armed_group": "organisations",
        "coalition": "organisations",
        "government": "organisations",
        "state_forces": "organisations",
        "political_organization": "organisations",
        "media_organization": "organisations",
        "civilians": None,
        "organization": "organisations",
    }


def test_places_and_events_carry_their_jsonld_ids_and_names(client: TestClient, seed: Article) -> None:
    document = ninjs_of(client.get(f"{ARTICLE}.ninjs.json"))
    nodes = jsonld_nodes(client, ARTICLE)
    for listing, items, collection in (("places", seed.locations, "locations"), ("events", seed.events, "events")):
        assert [entry["uri"] for entry in document[listing]] == [f"{BASE}{ARTICLE}/{collection}/{i.id}" for i in items]
        assert [entry["literal"] for entry in document[listing]] == [item.id for item in items]
        assert [entry["name"] for entry in document[listing]] == [nodes[e["uri"]]["name"] for e in document[listing]]
    assert document["places"][0] == {"uri": f"{BASE}{ARTICLE}/locations/syria", "literal": "syria", "name": "Syria"} | {
        "rel": "about"  # the headline names it ("northern Syria")
    }
    clash = next(e for e in document["events"] if e["literal"] == "fighting-aleppo-idlib")
    assert clash["name"] == "Battles: Armed clash"


def test_what_the_headline_names_is_what_it_is_about(client: TestClient) -> None:
    document = ninjs_of(client.get(f"{ARTICLE}.ninjs.json"))
    named = [entry for key in ("people", "organisations", "places", "events") for entry in document[key]]
    news_article = jsonld_nodes(client, ARTICLE)[f"{BASE}{ARTICLE}"]
    assert {e["uri"] for e in named if e["rel"] == "about"} == {ref["@id"] for ref in news_article["about"]}
    assert {e["rel"] for e in named} == {"about", "mentions"}


def test_a_place_with_coordinates_has_a_geojson_point_and_one_without_has_none(client: TestClient) -> None:
    places = {p["literal"]: p for p in ninjs_of(client.get(f"{ARTICLE}.ninjs.json"))["places"]}
    aleppo = places["aleppo-city"]["geoJSON"]
    assert aleppo == {"type": "Point", "coordinates": [37.16117, 36.20124]}  # [longitude, latitude]
    assert geojson.loads(json.dumps(aleppo)).is_valid
    assert "geoJSON" not in places["syria"]
    located = {i for i, p in places.items() if "geoJSON" in p}
    features = client.get(f"{ARTICLE}/locations.geojson").json()["features"]
    assert located == {f["properties"]["id"] for f in features if f["geometry"] is not None}
    for feature in features:
        assert places[feature["properties"]["id"]].get("geoJSON") == feature["geometry"]


def test_the_subjects_are_the_acled_types_of_its_events(client: TestClient, seed: Article) -> None:
    subjects = ninjs_of(client.get(f"{ARTICLE}.ninjs.json"))["subjects"]
    names = [s["name"] for s in subjects]
    assert names[:4] == ["Strategic developments", "Other", "Battles", "Armed clash"]
    assert set(names) == {e.event_type for e in seed.events} | {e.sub_event_type for e in seed.events}
    assert len(names) == len(set(names))
    assert all(s == {"name": s["name"], "literal": s["name"]} for s in subjects)  # ACLED has no URIs: none is made up


def test_the_publisher_is_the_info_source(client: TestClient) -> None:
    document = ninjs_of(client.get(f"{ARTICLE}.ninjs.json"))
    bbc = f"{BASE}{ARTICLE}/actors/bbc"
    assert document["infoSources"] == [{"uri": bbc, "literal": "bbc", "name": "BBC", "role": "publisher"}]


def test_the_image_is_an_associated_picture_with_its_alt_text_and_caption(client: TestClient, seed: Article) -> None:
    assert seed.image is not None
    [picture] = ninjs_of(client.get(f"{ARTICLE}.ninjs.json"))["associations"]
    news_article = jsonld_nodes(client, ARTICLE)[f"{BASE}{ARTICLE}"]
    assert picture == {
        "name": "lead image",
        "uri": news_article["image"]["@id"],
        "type": "picture",
        "descriptions": [
            {"role": "alttext", "value": seed.image.description},
            {"role": "caption", "value": seed.image.caption},
        ],
    }  # the page gives no image URL, so there is no rendition


def test_an_article_without_an_image_has_no_association(client: TestClient) -> None:
    assert client.post("/v1/articles", json=new_document("no-image"), headers=AUTH).status_code == 201
    assert "associations" not in ninjs_of(client.get("/v1/articles/no-image.ninjs.json"))


def test_accept_asks_for_ninjs(client: TestClient) -> None:
    by_accept = client.get(ARTICLE, headers={"Accept": f"{NINJS}, application/json;q=0.5"})
    assert ninjs_of(by_accept) == ninjs_of(client.get(f"{ARTICLE}.ninjs.json"))
    assert client.get(ARTICLE, headers={"Accept": "application/json"}).headers["content-type"] == "application/json"


def test_a_collection_or_item_has_no_ninjs(client: TestClient) -> None:
    for path in (f"{ARTICLE}/events", f"{ARTICLE}/events/fighting-aleppo-idlib", "/v1/events"):
        problem(client.get(f"{path}.ninjs.json"), 404, "no format 'ninjs.json' here")
        body = problem(client.get(path, headers={"Accept": NINJS}), 406, NINJS)
        assert NINJS not in body["available"]


@PROPERTY
@hypothesis.given(articles())
def test_any_valid_article_is_valid_ninjs(article: Article) -> None:
    assert errors(json.loads(render("ninjs.json", article))) == []
