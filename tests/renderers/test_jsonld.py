"""JSON-LD: schema.org nodes with stable @ids, valid for the offline checker (and Google's article guidance)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgspec
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from litestar.testing import TestClient

from schemas import COLLECTIONS, Article
from service.records import article_records
from service.renderers import jsonld
from service.renderers.base import Resource, View
from tests.conftest import JSONLD_CHECK, SEED_ID, articles, render


def test_a_corpus_page_of_json_ld_passes_the_checker(corpus: TestClient, tmp_path) -> None:
    body = corpus.get("/v1/events.jsonld").content
    path = tmp_path / "events.jsonld"
    path.write_bytes(body)
    result = subprocess.run([sys.executable, str(JSONLD_CHECK), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 errors")
    iris = [node["@id"] for node in json.loads(body)["@graph"]]
    assert iris[-1] == "http://testserver.local/v1/articles/second-article/events/clash"


@settings(max_examples=5, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=articles())  # five: the checker is a process per document, and slow
def test_the_json_ld_passes_the_checker(article: Article, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("jsonld") / "article.jsonld"
    path.write_bytes(render("jsonld", article))
    result = subprocess.run(
        [sys.executable, str(JSONLD_CHECK), str(path), "--profile", "newsarticle"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


BASE = "http://testserver"


ARTICLE_IRI = f"{BASE}/v1/articles/{SEED_ID}"


UNAVOIDABLE_WARNINGS = {
    # the seed page states no dates, no author and no image URL, and none is invented
    "profile newsarticle: recommended property datePublished is missing",
    "profile newsarticle: recommended property dateModified is missing",
    "profile newsarticle: recommended property author is missing",
    "profile newsarticle: ImageObject has no url/contentUrl",
    # civilians are a Thing (a group of people is neither a Person nor an Organization), yet they attend events
    "Thing is not in the expected range of attendee (Organization, Person)",
}


def resource(article: Article, collection: str | None = None, item: Any = None) -> Resource:
    path = f"/v1/articles/{article.id}" + (f"/{collection}" if collection else "") + (f"/{item.id}" if item else "")
    if collection is None:
        return Resource(view=View.ARTICLE, base_url=BASE, path=path, article=article)
    records = article_records(article, collection, [item.id] if item else None)
    view = View.ITEM if item else View.COLLECTION
    return Resource(
        view=view, base_url=BASE, path=path, collection=collection, records=records, articles={article.id: article}
    )


def check(body: bytes, tmp_path: Path, *options: str) -> tuple[int, list[str]]:
    """Run the shared checker on a rendered body: its exit status and its output lines."""
    path = tmp_path / "document.jsonld"
    path.write_bytes(body)
    result = subprocess.run(
        [sys.executable, str(JSONLD_CHECK), str(path), *options], capture_output=True, text=True, check=False
    )
    return result.returncode, result.stdout.splitlines()


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["@id"].removeprefix(ARTICLE_IRI + "/"): node for node in document["@graph"]}


def test_the_article_passes_the_checker_with_the_newsarticle_profile(seed: Article, tmp_path: Path) -> None:
    status, lines = check(jsonld.RENDERER.render(resource(seed)), tmp_path, "--profile", "newsarticle")
    assert status == 0
    assert lines[-1].startswith("0 errors, ")
    assert {line.split(": ", 1)[1] for line in lines[:-1]} == UNAVOIDABLE_WARNINGS


def test_a_stated_date_is_published_and_its_warnings_go(seed: Article, tmp_path: Path) -> None:
    published = dt.datetime(2014, 1, 4, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    dated = msgspec.structs.replace(seed, date_published=published, date_modified=published)
    document = jsonld.graph(resource(dated))
    assert document["@graph"][0]["datePublished"] == "2014-01-04T10:30:00+02:00"
    assert document["@graph"][0]["dateModified"] == "2014-01-04T10:30:00+02:00"
    status, lines = check(orjson.dumps(document), tmp_path, "--profile", "newsarticle")
    assert status == 0
    assert not any("datePublished" in line or "dateModified" in line for line in lines)


def test_no_date_is_invented(seed: Article) -> None:
    article = jsonld.graph(resource(seed))["@graph"][0]
    assert seed.date_published is None and seed.date_inferred is not None
    assert not {"datePublished", "dateModified", "dateCreated"} & article.keys()


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_each_collection_passes_the_checker(seed: Article, tmp_path: Path, collection: str) -> None:
    status, lines = check(jsonld.RENDERER.render(resource(seed, collection)), tmp_path)
    assert status == 0
    assert lines[-1].startswith("0 errors, 0 warnings, ")


@pytest.mark.parametrize(
    ("collection", "item_id"),
    [
        ("actors", "isis"),
        ("actors", "rami-ruhayem"),
        ("locations", "aleppo-city"),
        ("events", "atareb-clash"),
        ("relations", "rami-ruhayem-works-for-bbc"),
    ],
)
def test_items_pass_the_checker(seed: Article, tmp_path: Path, collection: str, item_id: str) -> None:
    item = next(i for i in getattr(seed, collection) if i.id == item_id)
    status, lines = check(jsonld.RENDERER.render(resource(seed, collection, item)), tmp_path)
    assert status == 0
    assert lines[-1].startswith("0 errors, 0 warnings, ")


def test_render_is_the_graph_encoded_with_orjson(seed: Article) -> None:
    assert jsonld.RENDERER.render(resource(seed)) == orjson.dumps(jsonld.graph(resource(seed)))
    assert jsonld.RENDERER.media_type == "application/ld+json"
    assert jsonld.RENDERER.views == {View.ARTICLE, View.COLLECTION, View.ITEM}


def test_every_node_has_an_absolute_id_under_the_article(seed: Article) -> None:
    document = jsonld.graph(resource(seed))
    assert document["@context"] == "https://schema.org"

    def nodes(value: Any) -> list[dict[str, Any]]:
        if isinstance(value, list):
            return [node for v in value for node in nodes(v)]
        if isinstance(value, dict):
            return [value] * ("@type" in value) + [node for v in value.values() for node in nodes(v)]
        return []

    found = nodes(document["@graph"])
    assert len(found) > 100
    assert all(node["@id"].startswith(ARTICLE_IRI) for node in found)
    assert len({node["@id"] for node in found}) == len(found)
    assert document["@graph"][0]["@id"] == ARTICLE_IRI
    assert by_id(document)["actors/isis"]["@id"] == f"{ARTICLE_IRI}/actors/isis"


def test_ids_are_stable_across_renders_and_views(seed: Article) -> None:
    article = jsonld.graph(resource(seed))
    assert jsonld.graph(resource(seed)) == article
    for collection, schema_type in (("locations", None), ("events", "Event")):
        members = jsonld.graph(resource(seed, collection))["@graph"]
        assert members == [n for n in article["@graph"] if f"/{collection}/" in n["@id"]]
        assert schema_type is None or {n["@type"] for n in members} == {schema_type}
    event = seed.events[0]
    assert jsonld.graph(resource(seed, "events", event))["@graph"] == [by_id(article)[f"events/{event.id}"]]


def test_the_news_article(seed: Article) -> None:
    graph = by_id(jsonld.graph(resource(seed)))
    article = jsonld.graph(resource(seed))["@graph"][0]
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "Al-Qaeda-linked Isis under attack in northern Syria"
    assert article["articleBody"] == seed.body
    assert article["inLanguage"] == "en-GB"
    assert article["publisher"] == {"@id": f"{ARTICLE_IRI}/actors/bbc"}
    assert graph["actors/bbc"]["@type"] == "NewsMediaOrganization"
    assert article["image"] == {
        "@id": f"{ARTICLE_IRI}#image",
        "@type": "ImageObject",
        "description": seed.image.description if seed.image else None,
        "caption": "The Islamic State in Iraq and the Levant (Isis) has alienated other rebel groups",
    }


def test_the_article_is_about_what_its_headline_names_and_mentions_the_rest(seed: Article) -> None:
    article = jsonld.graph(resource(seed))["@graph"][0]
    about = [ref["@id"].removeprefix(ARTICLE_IRI + "/") for ref in article["about"]]
    assert about == [
        "actors/isis",
        "actors/al-qaeda",
        "locations/syria",
        "locations/northern-syria",
        "events/fighting-aleppo-idlib",
    ]
    mentioned = {ref["@id"] for ref in article["mentions"]}
    assert f"{ARTICLE_IRI}/actors/free-syrian-army" in mentioned
    assert len(article["about"]) + len(mentioned) == len(seed.actors) + len(seed.locations) + len(seed.events)


def test_content_location_is_where_the_events_happen(seed: Article) -> None:
    article = jsonld.graph(resource(seed))["@graph"][0]
    places = [ref["@id"].removeprefix(f"{ARTICLE_IRI}/locations/") for ref in article["contentLocation"]]
    assert places[:3] == ["aleppo-city", "aleppo-province", "idlib-province"]
    assert set(places) == {place for event in seed.events for place in event.locations}
    assert "lebanon" not in places  # where the correspondent is, not where anything happened


def test_isis_is_an_organization_with_its_aliases(seed: Article) -> None:
    isis = by_id(jsonld.graph(resource(seed)))["actors/isis"]
    assert isis["@type"] == "Organization"
    assert isis["name"] == "Islamic State in Iraq and the Levant"
    assert isis["alternateName"] == ["Isis", "Islamic State of Iraq and the Levant"]
    assert isis["sameAs"] == ["https://www.wikidata.org/wiki/Q2429253"]
    assert "jobTitle" not in isis


def test_actor_types_follow_their_kind(seed: Article) -> None:
    graph = by_id(jsonld.graph(resource(seed)))
    assert graph["actors/islamic-front"]["@type"] == "Organization"  # a coalition
    assert graph["actors/syrian-government"]["@type"] == "GovernmentOrganization"
    assert graph["actors/syrian-government-forces"]["@type"] == "GovernmentOrganization"
    assert graph["actors/national-coalition"]["@type"] == "Organization"
    assert graph["actors/kafr-takharim-residents"]["@type"] == "Thing"
    assert graph["actors/rami-ruhayem"]["@type"] == "Person"
    assert graph["actors/rami-ruhayem"]["jobTitle"] == "correspondent"


def test_relations_with_a_schema_org_property_are_roles_on_their_subject(seed: Article) -> None:
    graph = by_id(jsonld.graph(resource(seed)))
    assert graph["actors/rami-ruhayem"]["worksFor"] == [
        {
            "@id": f"{ARTICLE_IRI}/relations/rami-ruhayem-works-for-bbc",
            "@type": "OrganizationRole",
            "roleName": "works_for",
            "description": "The BBC's correspondent ('our correspondent').",
            "worksFor": {"@id": f"{ARTICLE_IRI}/actors/bbc"},
        }
    ]
    assert graph["actors/munzer-akbik"]["memberOf"][0]["memberOf"] == {
        "@id": f"{ARTICLE_IRI}/actors/national-coalition"
    }
    assert graph["actors/assad"]["memberOf"][0]["roleName"] == "leader_of"
    assert graph["actors/isis-spokesman"]["worksFor"][0]["worksFor"] == {"@id": f"{ARTICLE_IRI}/actors/isis"}
    forces = graph["actors/syrian-government-forces"]["parentOrganization"][0]
    assert forces["parentOrganization"] == {"@id": f"{ARTICLE_IRI}/actors/syrian-government"}
    # Organization -> Organization affiliation, fighting, opposing ...: no schema.org property
    assert graph["actors/isis"].keys() == {"@id", "@type", "name", "alternateName", "description", "sameAs"}


def test_a_relation_item_is_its_subject_holding_the_role(seed: Article) -> None:
    relation = next(r for r in seed.relations if r.id == "munzer-akbik-member-of-national-coalition")
    document = jsonld.graph(resource(seed, "relations", relation))
    assert document["@graph"] == [
        {
            "@id": f"{ARTICLE_IRI}/actors/munzer-akbik",
            "@type": "Person",
            "memberOf": [
                {
                    "@id": f"{ARTICLE_IRI}/relations/munzer-akbik-member-of-national-coalition",
                    "@type": "OrganizationRole",
                    "roleName": "member_of",
                    "memberOf": {"@id": f"{ARTICLE_IRI}/actors/national-coalition"},
                }
            ],
        }
    ]


def test_a_relation_schema_org_cannot_state_is_an_empty_graph(seed: Article) -> None:
    fighting = next(r for r in seed.relations if r.type == "fighting")
    assert jsonld.graph(resource(seed, "relations", fighting)) == {"@context": "https://schema.org", "@graph": []}
    member = next(r for r in seed.relations if r.type == "member_of")
    former = msgspec.structs.replace(member, status="former")
    changed = msgspec.structs.replace(seed, relations=[former if r.id == member.id else r for r in seed.relations])
    assert jsonld.graph(resource(changed, "relations", former))["@graph"] == []


def test_aleppo_city_is_contained_in_aleppo_province(seed: Article) -> None:
    graph = by_id(jsonld.graph(resource(seed)))
    city = graph["locations/aleppo-city"]
    assert city["@type"] == "City"
    assert city["containedInPlace"] == {"@id": f"{ARTICLE_IRI}/locations/aleppo-province"}
    assert city["alternateName"] == ["Aleppo city"]
    assert city["address"] == {
        "@id": f"{ARTICLE_IRI}/locations/aleppo-city#address",
        "@type": "PostalAddress",
        "addressCountry": "SY",
    }
    province = graph["locations/aleppo-province"]
    assert province["@type"] == "State"
    assert province["containedInPlace"] == {"@id": f"{ARTICLE_IRI}/locations/syria"}
    assert graph["locations/syria"]["@type"] == "Country"
    assert "containedInPlace" not in graph["locations/syria"]


def test_coordinates_become_geo_coordinates(seed: Article) -> None:
    location = next(loc for loc in seed.locations if loc.id == "aleppo-city")
    assert location.coordinates is not None
    geo = by_id(jsonld.graph(resource(seed)))["locations/aleppo-city"]["geo"]
    assert geo == {
        "@id": f"{ARTICLE_IRI}/locations/aleppo-city#geo",
        "@type": "GeoCoordinates",
        "latitude": location.coordinates.latitude,
        "longitude": location.coordinates.longitude,
    }


def test_an_event_has_its_places_dates_attendees_and_super_event(seed: Article) -> None:
    event = by_id(jsonld.graph(resource(seed)))["events/atareb-clash"]
    assert event["@type"] == "Event"
    assert event["name"] == "Battles: Armed clash"
    assert (
        event["description"]
        == "Fighting at Atareb, Aleppo province, with FSA units reportedly making progress against Isis."
    )
    assert event["location"] == [{"@id": f"{ARTICLE_IRI}/locations/atareb"}]
    assert (event["startDate"], event["endDate"]) == ("2014-01-03", "2014-01-04")
    assert event["superEvent"] == {"@id": f"{ARTICLE_IRI}/events/fighting-aleppo-idlib"}
    assert event["attendee"] == [
        {
            "@id": f"{ARTICLE_IRI}/events/atareb-clash#actor1-isis",
            "@type": "Role",
            "attendee": {"@id": f"{ARTICLE_IRI}/actors/isis"},
            "roleName": "actor1",
        },
        {
            "@id": f"{ARTICLE_IRI}/events/atareb-clash#actor2-free-syrian-army",
            "@type": "Role",
            "attendee": {"@id": f"{ARTICLE_IRI}/actors/free-syrian-army"},
            "roleName": "actor2",
        },
    ]


def test_an_open_date_range_gives_only_the_known_end(seed: Article) -> None:
    graph = by_id(jsonld.graph(resource(seed)))
    assert graph["events/kafr-takharim-shooting"]["endDate"] == "2014-01-03"
    assert "startDate" not in graph["events/kafr-takharim-shooting"]
    undated = graph["events/doctor-death-in-isis-custody"]
    assert not {"startDate", "endDate", "location"} & undated.keys()
