"""Counts by values an item may have several of (countries, places at a level, actors taking part) and by
certainty, on SQLite and PostgreSQL: worked out here from the seed article's own facts, and a count that takes
too long is cut short with a problem, never left running."""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.settings import Settings
from service.store.engines import open_store
from synth import synth_corpus
from tests.conftest import problem, seed_document
from tests.routes.test_facets import buckets, counted, deaths, seed_events, without_deaths


def places() -> dict[str, dict[str, Any]]:
    return {loc["id"]: loc for loc in seed_document()["locations"]}


def around(place_id: str) -> list[dict[str, Any]]:
    """A place and every place containing it, by following `parent`."""
    chain, by_id = [], places()
    while place_id in by_id and by_id[place_id] not in chain:
        chain.append(by_id[place_id])
        place_id = by_id[place_id]["parent"]
    return chain


def event_values(event: dict[str, Any], field: str, level: str = "") -> set[str]:
    if field == "actor":
        names = {a["id"]: a["name"] for a in seed_document()["actors"]}
        return {names[p["actor"]] for p in event["participants"]}
    chains = [place for place_id in event["locations"] for place in around(place_id)]
    if field == "country":
        return {place["country"] for place in chains if place.get("country")}
    return {place["name"] for place in chains if place["kind"] == level}


def expected(field: str, level: str = "", top: int = 100) -> dict[str, Any]:
    events = seed_events()
    values = {e["id"]: event_values(e, field, level) for e in events}
    per_value = Counter(value for found in values.values() for value in found)
    return {
        "buckets": buckets(per_value, top),
        "missing": sum(not found for found in values.values()),
        "other": sum(count for _, count in sorted(per_value.items(), key=lambda kv: (-kv[1], kv[0]))[top:]),
    }


@pytest.mark.parametrize(
    ("field", "level"), [("country", ""), ("actor", ""), ("location", "country"), ("location", "city")]
)
def test_events_count_in_each_value_they_have(client: TestClient, field: str, level: str) -> None:
    params = {"facet": field, "top": "100", **({"level": level} if level else {})}
    body = without_deaths(counted(client, "events", **params))
    want = expected(field, level)
    assert body["buckets"] == want["buckets"]
    assert body["buckets"], "the seed has values to count"
    assert body["missing"] == want["missing"]
    assert body["other"] == {"count": 0}
    assert body["multivalued"] is True
    assert body["total"] == len(seed_events())


def test_values_beyond_top_are_counted_in_other_once_each(client: TestClient) -> None:
    body = without_deaths(counted(client, "events", facet="actor", top="3"))
    want = expected("actor", top=3)
    assert body["buckets"] == want["buckets"]
    assert body["other"] == {"count": want["other"]}
    assert want["other"] > 0


def test_a_bucket_of_a_multivalued_field_sums_the_deaths_of_its_events(client: TestClient) -> None:
    body = counted(client, "events", facet="country", top="100")
    for bucket in body["buckets"]:
        having = [e for e in seed_events() if bucket["value"] in event_values(e, "country")]
        assert bucket["fatalities"] == deaths(having)
    assert body["fatalities"] == deaths(seed_events())  # each event once, however many countries it is in


def test_events_and_relations_count_by_certainty(client: TestClient) -> None:
    for collection in ("events", "relations"):
        items = seed_document()[collection]
        body = without_deaths(counted(client, collection, facet="certainty", top="100"))
        assert body["buckets"] == buckets(Counter(item["certainty"] for item in items), 100)
        assert body["multivalued"] is False


def test_places_count_by_the_countries_around_them(client: TestClient) -> None:
    found = {loc["id"]: {p["country"] for p in around(loc["id"]) if p.get("country")} for loc in places().values()}
    body = counted(client, "locations", facet="country", top="100")
    assert body["buckets"] == buckets(Counter(c for countries in found.values() for c in countries), 100)
    assert body["missing"] == sum(not countries for countries in found.values())


def test_a_count_by_place_needs_a_level_and_only_it_takes_one(client: TestClient) -> None:
    problem(client.get("/v1/events/facets", params={"facet": "location"}), 400, "needs level")
    problem(client.get("/v1/events/facets", params={"facet": "country", "level": "city"}), 400, "level is for")
    problem(client.get("/v1/events/facets", params={"facet": "location", "level": "planet"}), 400, "planet")
    problem(client.get("/v1/actors/facets", params={"facet": "country"}), 400, "not a facet of actors")


def test_multivalued_counts_honour_the_filters(client: TestClient) -> None:
    battles = [e for e in seed_events() if e["event_type"] == "Battles"]
    body = without_deaths(counted(client, "events", facet="actor", type="Battles", top="100"))
    names = Counter(name for e in battles for name in event_values(e, "actor"))
    assert body["buckets"] == buckets(names, 100)
    assert body["total"] == len(battles)


def test_a_count_that_takes_too_long_is_cut_short(settings: Settings) -> None:
    store = open_store(settings.database_url)
    store.put_many(list(synth_corpus(300, seed=3)))
    with TestClient(create_app(dataclasses.replace(settings, count_ms=1), store)) as slow:
        body = problem(slow.get("/v1/events/facets", params={"facet": "actor", "top": "100"}), 503, "took longer")
        assert body["type"].endswith("/problems/count-cut-short")
        assert slow.get("/v1/events", params={"limit": "1"}).status_code == 200  # the service goes on
