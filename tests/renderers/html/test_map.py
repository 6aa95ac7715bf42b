"""The map: the places with coordinates, drawn from the data: points, areas, graticule and scale."""

from __future__ import annotations

import re

from litestar.testing import TestClient

from schemas import Article
from tests.conftest import SEED_PAGE, parse_page, text_of


def test_the_map_is_drawn_from_the_data(client: TestClient, seed: Article) -> None:
    page = parse_page(client.get(SEED_PAGE))
    located = [p for p in seed.locations if p.coordinates]
    assert len(located) == 5
    svg_map = page.xpath("//svg[contains(@class, 'map')]")[0]
    assert svg_map.get("role") == "img" and svg_map.xpath("./title") and svg_map.xpath("./desc")
    assert [text_of(t) for t in svg_map.xpath(".//text[@class='place-label']")] == [p.name for p in located]
    assert len(svg_map.xpath(".//circle[@class='place']")) == len(located)
    assert {text_of(t) for t in svg_map.xpath(".//text[@class='area-label']")} == {"Aleppo province", "Idlib province"}
    assert re.fullmatch(r"\d+ km", text_of(svg_map.xpath(".//g[@class='scale']/text")[0]))
    unmapped = page.xpath("//p[contains(@class, 'unmapped')]")[0]
    assert "Not mapped: no gazetteer coordinates" in text_of(unmapped)
    assert len(unmapped.xpath(".//a")) == len(seed.locations) - len(located)
