"""The timeline: the dated events drawn from the data, its axis broken only between very different scales, and the
reason in the panel when there is no timeline."""

from __future__ import annotations

import datetime as dt

from litestar.testing import TestClient

from schemas import Article
from service.renderers.html.timeline import _clusters
from tests.conftest import SEED_PAGE, parse_page, seed_document, served_page, text_of


def test_the_timeline_is_drawn_from_the_data(client: TestClient, seed: Article) -> None:
    page = parse_page(client.get(SEED_PAGE))
    dated = [e for e in seed.events if e.date]
    assert len(dated) == 11
    timeline = page.xpath("//svg[contains(@class, 'timeline')]")[0]
    assert timeline.get("role") == "img" and timeline.xpath("./title")
    bars = timeline.xpath(".//rect[contains(@class, 'bar')]")
    assert len(bars) == len(dated)
    assert sum("inferred" in b.get("class") for b in bars) == sum(e.date.basis == "inferred" for e in dated if e.date)
    assert len(timeline.xpath(".//rect[contains(@class, 'open-start')]")) == 1  # Kafr Takharim: on or before 3 Jan
    assert {text_of(t) for t in timeline.xpath(".//text[@class='axis-caption']")} == {"2013", "January 2014"}
    assert {text_of(t) for t in timeline.xpath(".//text[@class='row-detail']")} == {
        "day · inferred",
        "day · stated",
        "year · inferred",
    }
    assert "Undated" in text_of(page.xpath("//*[@id='timeline']")[0])


def test_the_timeline_breaks_its_axis_only_between_very_different_scales() -> None:
    def days(start: str, end: str) -> tuple[int, int]:
        return dt.date.fromisoformat(start).toordinal(), dt.date.fromisoformat(end).toordinal() + 1

    assert len(_clusters([days("2014-01-03", "2014-01-03"), days("2014-01-20", "2014-01-21")])) == 1
    assert len(_clusters([days("2013-01-01", "2013-12-31"), days("2014-01-02", "2014-01-02")])) == 2
    assert len(_clusters([days("2014-01-01", "2014-12-31"), days("2014-03-02", "2014-03-02")])) == 1  # overlapping
    stretches = _clusters([days("2013-01-01", "2013-12-31"), *[days("2014-01-03", "2014-01-04")] * 9])
    assert [c.count for c in stretches] == [1, 9]
    assert stretches[0].x1 - stretches[0].x0 >= 90 and stretches[1].x0 > stretches[0].x1


def test_an_article_without_dated_events_says_so_in_the_timeline_panel(client: TestClient) -> None:
    document = seed_document() | {"id": "no-dates"}
    document["events"] = [event | {"date": None} for event in document["events"]]
    response = served_page(client, document)
    panel = parse_page(response).xpath("//section[@id='timeline' and @aria-labelledby='timeline-heading']")[0]
    assert [text_of(child).split(" — ")[0] for child in panel] == [
        "Timeline",
        "No event in this article has a date, so there is no timeline.",
        "Undated",
    ]
    assert len(panel.xpath("./p[2]/a")) == len(document["events"]) == 12
    assert response.headers["content-security-policy"] == client.get(SEED_PAGE).headers["content-security-policy"]


def test_an_article_without_events_says_so_in_the_timeline_panel(client: TestClient) -> None:
    document = seed_document() | {"id": "no-events", "events": []}
    panel = parse_page(served_page(client, document)).xpath("//section[@id='timeline']")[0]
    assert [text_of(child) for child in panel] == ["Timeline", "This article has no events, so there is no timeline."]
