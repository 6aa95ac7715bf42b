"""The map: the places with coordinates drawn from the data, and the reason in the panel when there is no map."""

from __future__ import annotations

import re

from litestar.testing import TestClient

from schemas import Article
from tests.conftest import SEED_PAGE, parse_page, seed_document, served_page, text_of


def test_the_map_is_drawn_from_the_data(client: TestClient, seed: Article) -> None:
    page = parse_page(client.get(SEED_PAGE))
    located = [p for p in seed.locations if p.coordinates]
    assert len(located) == 7
    svg_map = page.xpath("//svg[contains(@class, 'map')]")[0]
    assert svg_map.get("role") == "img" and svg_map.xpath("./title") and svg_map.xpath("./desc")
    assert [text_of(t) for t in svg_map.xpath(".//text[@class='place-label']")] == [p.name for p in located]
    assert len(svg_map.xpath(".//circle[@class='place']")) == len(located)
    assert {text_of(t) for t in svg_map.xpath(".//text[@class='area-label']")} == {"Aleppo province", "Idlib province"}
    assert re.fullmatch(r"\d+ km", text_of(svg_map.xpath(".//g[@class='scale']/text")[0]))
    unmapped = page.xpath("//p[contains(@class, 'unmapped')]")[0]
    assert "Not mapped: no gazetteer coordinates" in text_of(unmapped)
    assert len(unmapped.xpath(".//a")) == len(seed.locations) - len(located)


def test_an_article_whose_places_have_no_coordinates_says_so_in_the_map_panel(client: TestClient) -> None:
    document = seed_document() | {"id": "no-coordinates"}
    document["locations"] = [place | {"coordinates": None} for place in document["locations"]]
    response = served_page(client, document)
    heading, reason, unmapped = parse_page(response).xpath("//section[@id='map' and @aria-labelledby='map-heading']/*")
    assert (text_of(heading), text_of(reason)) == (
        "Map",
        "No place in this article has coordinates, so there is no map.",
    )
    assert " ".join(text_of(unmapped).split()).startswith("Not mapped: no gazetteer coordinates — Syria, Turkey,")
    assert len(unmapped.xpath(".//a")) == len(document["locations"]) == 20
    assert response.headers["content-security-policy"] == client.get(SEED_PAGE).headers["content-security-policy"]


def test_an_article_without_places_says_so_in_the_map_panel(client: TestClient) -> None:
    document = seed_document() | {"id": "no-places", "locations": []}
    for event in document["events"]:
        event["locations"] = []
    panel = parse_page(served_page(client, document)).xpath("//section[@id='map']")[0]
    assert [text_of(child) for child in panel] == ["Map", "This article names no place, so there is no map."]
