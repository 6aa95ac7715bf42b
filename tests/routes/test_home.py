"""The home page's chart of the corpus's events by type over time, on SQLite and PostgreSQL: its bars are the
counts GET /v1/events/facets gives, by an interval that suits the corpus's span, each linked to its events; the
events without a start date are said, not drawn; an empty corpus or a count cut short leaves the chart out."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import msgspec
import pytest
from litestar.testing import TestClient

from schemas import SUB_EVENT_TYPES
from service.app import create_app
from service.settings import Settings
from service.store.engines import open_store
from synth import synth_corpus
from tests.conftest import AUTH, TOKEN_DIGESTS, new_document, parse_page, seed_document, span, text_of

CHART = "//svg[contains(@class, 'events-chart')]"
COUNT = re.compile(r": ([0-9,]+) events?$")


@pytest.fixture
def bare(database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    """The app on a store with no articles (no bundled article loaded)."""
    (tmp_path / "none").mkdir()
    settings = Settings(database_url=database_url, data_dir=tmp_path / "none", token_digests=TOKEN_DIGESTS)
    with TestClient(create_app(settings), base_url="http://testserver.local") as test_client:
        yield test_client


def article(article_id: str, events: list[tuple[str, str | None]]) -> dict[str, Any]:
    """A valid article whose events have these types and start dates (None: no date at all)."""
    document = new_document(article_id)
    body = document["body"]
    template = document["events"][0]
    document["events"] = [
        {
            **template,
            "id": f"event-{n}",
            "event_type": event_type,
            "sub_event_type": SUB_EVENT_TYPES[event_type][0],
            "date": {"start": start, "end": start, "precision": "day", "basis": "stated"} if start else None,
            "evidence": [span(body, "Fighting in Atareb")],
        }
        for n, (event_type, start) in enumerate(events)
    ]
    return document


def store(client: TestClient, *documents: dict[str, Any]) -> None:
    for document in documents:
        assert client.post("/v1/articles", json=document, headers=AUTH).status_code == 201


def facet_counts(client: TestClient, interval: str) -> dict[tuple[str, str], int]:
    """(event type, bucket) -> events, as GET /v1/events/facets counts them, a type at a time."""
    found: dict[tuple[str, str], int] = {}
    for event_type in SUB_EVENT_TYPES:
        params = {"facet": "date", "interval": interval, "type": event_type, "top": "100"}
        body = client.get("/v1/events/facets", params=params).json()
        assert body["other"]["count"] == 0
        found |= {(event_type, bucket["value"]): bucket["count"] for bucket in body["buckets"]}
    return found


def bucket(interval: str, day: str) -> str:
    return {"year": day[:4], "month": day[:7]}.get(interval, day)


def drawn(page: Any, interval: str) -> dict[tuple[str, str], int]:
    """(event type, bucket) -> events, as the chart's bars say them: each part's link, label and height read
    against the count axis's labels."""
    chart = page.xpath(CHART)[0]
    ticks = {int(text_of(t).replace(",", "")): float(t.get("y")) for t in chart.xpath(".//g[@class='count-axis']/text")}
    per_event = (ticks[0] - ticks[max(ticks)]) / max(ticks)
    found: dict[tuple[str, str], int] = {}
    for bar in chart.xpath(".//g[@class='bar']"):
        parts = bar.xpath("./a")
        bottom = float(ticks[0]) - 4  # (a tick's label sits 4 units below its line)
        for part in parts:
            rect = part.xpath("./rect")[0]
            said = COUNT.search(part.get("aria-label"))
            assert said, part.get("aria-label")
            count = int(said.group(1).replace(",", ""))
            assert float(rect.get("height")) == pytest.approx(count * per_event, abs=0.02)
            assert float(rect.get("y")) + float(rect.get("height")) == pytest.approx(bottom, abs=0.02)  # stacked
            bottom = float(rect.get("y"))
            query = parse_qs(urlsplit(part.get("href")).query)
            assert urlsplit(part.get("href")).path == "/v1/events"
            assert set(query) == {"type", "date_from", "date_to"}
            key = (query["type"][0], bucket(interval, query["date_from"][0]))
            assert key not in found
            found[key] = count
    return found


def table(page: Any) -> dict[tuple[str, str], int]:
    """(event type, period's name) -> events, as the table under the chart gives them (zeros left out)."""
    rows = page.xpath("//details[@class='chart-data']//tr")
    types = [text_of(th) for th in rows[0].xpath("./th")][1:-1]
    found: dict[tuple[str, str], int] = {}
    for row in rows[1:]:
        cells = [text_of(cell) for cell in row.xpath("./th | ./td")]
        assert int(cells[-1]) == sum(int(c) for c in cells[1:-1])
        found |= {(t, cells[0]): int(c) for t, c in zip(types, cells[1:-1], strict=True) if c != "0"}
    return found


def test_the_chart_is_the_counts_by_month_of_each_type(bare: TestClient) -> None:
    store(
        bare,
        article("one", [("Battles", "2014-01-03"), ("Battles", "2014-01-20"), ("Protests", "2014-01-03")]),
        article("two", [("Battles", "2014-03-09"), ("Riots", "2014-06-30"), ("Protests", None)]),
        article("three", [("Explosions/Remote violence", "2013-11-02"), ("Riots", "2014-06-01")]),
    )
    page = parse_page(bare.get("/"))
    counts = facet_counts(bare, "month")
    assert counts == {
        ("Battles", "2014-01"): 2,
        ("Battles", "2014-03"): 1,
        ("Protests", "2014-01"): 1,
        ("Riots", "2014-06"): 2,
        ("Explosions/Remote violence", "2013-11"): 1,
    }
    assert drawn(page, "month") == counts
    assert table(page)[("Riots", "June 2014")] == 2
    assert sum(table(page).values()) == sum(counts.values())
    assert text_of(page.xpath(f"{CHART}/title")[0]) == "Events by month and type"
    legend = [text_of(li).split() for li in page.xpath("//ul[@class='chart-legend']/li")]
    assert legend == [["Battles", "3"], ["Explosions/Remote", "violence", "1"], ["Protests", "1"], ["Riots", "2"]]
    assert "1 event without a start date is not shown." in text_of(page.xpath("//figcaption")[0])


def test_the_bars_of_the_seed_and_a_synthetic_corpus_are_their_counts_by_year(bare: TestClient) -> None:
    """Synthetic events from 2011 to 2024: over ten years, a bar is a year."""
    store(bare, seed_document(), *(msgspec.to_builtins(a) for a in synth_corpus(12, 5)))
    page = parse_page(bare.get("/"))
    assert text_of(page.xpath(f"{CHART}/title")[0]) == "Events by year and type"
    counts = facet_counts(bare, "year")
    assert len(counts) > 10
    assert drawn(page, "year") == counts
    undated = bare.get("/v1/events/facets", params={"facet": "date"}).json()["missing"]
    assert f"{undated} events without a start date are not shown." in text_of(page.xpath("//figcaption")[0])


@pytest.mark.parametrize(
    ("interval", "days"),
    [
        ("day", ["2014-02-01", "2014-02-01", "2014-02-17", "2014-02-28"]),
        ("week", ["2014-01-01", "2014-01-05", "2014-02-17", "2014-03-31"]),  # (2013-12-30 is the first Monday)
        ("month", ["2014-01-01", "2014-04-30", "2023-12-31"]),
        ("year", ["2014-01-01", "2014-04-30", "2024-01-01"]),
    ],
)
def test_the_interval_suits_the_span_and_the_bars_are_its_counts(
    bare: TestClient, interval: str, days: list[str]
) -> None:
    kinds = list(SUB_EVENT_TYPES)
    store(bare, article("spread", [(kinds[n % len(kinds)], day) for n, day in enumerate(days)]))
    page = parse_page(bare.get("/"))
    assert text_of(page.xpath(f"{CHART}/title")[0]) == f"Events by {interval} and type"
    assert drawn(page, interval) == facet_counts(bare, interval)
    assert "without a start date" not in text_of(page.xpath("//figcaption")[0])


def test_each_bar_links_to_the_list_of_its_events(bare: TestClient) -> None:
    store(
        bare,
        article("one", [("Battles", "2014-01-03"), ("Battles", "2014-02-20"), ("Protests", "2014-01-31")]),
        article("two", [("Battles", "2014-01-31"), ("Riots", "2014-05-01")]),
    )
    page = parse_page(bare.get("/"))
    links = page.xpath(f"{CHART}//a/@href")
    assert sorted(links) == sorted(
        [
            "/v1/events?type=Battles&date_from=2014-01-01&date_to=2014-01-31",
            "/v1/events?type=Battles&date_from=2014-02-01&date_to=2014-02-28",
            "/v1/events?type=Protests&date_from=2014-01-01&date_to=2014-01-31",
            "/v1/events?type=Riots&date_from=2014-05-01&date_to=2014-05-31",
        ]
    )
    listed = {href: [(i["article_id"], i["id"]) for i in bare.get(href).json()["items"]] for href in links}
    assert listed["/v1/events?type=Battles&date_from=2014-01-01&date_to=2014-01-31"] == [
        ("one", "event-0"),
        ("two", "event-0"),
    ]
    assert listed["/v1/events?type=Riots&date_from=2014-05-01&date_to=2014-05-31"] == [("two", "event-1")]
    assert set(page.xpath("//details[@class='chart-data']//a/@href")) == set(links)


def test_the_page_stays_locked_down_and_runs_no_script(client: TestClient) -> None:
    home = client.get("/")
    article_page = client.get("/v1/articles/isis-under-attack-northern-syria.html")
    assert home.headers["content-security-policy"] == article_page.headers["content-security-policy"]
    assert "<script" not in home.text
    page = parse_page(home)
    assert page.xpath(CHART)
    assert not page.xpath("//*[@style] | //*[starts-with(name(@*), 'on')]")
    chart = page.xpath(CHART)[0]
    described = chart.get("aria-labelledby").split()
    assert [chart.xpath(f".//*[@id='{name}']")[0].tag for name in described] == ["title", "desc"]
    assert all(part.get("aria-label") for part in chart.xpath(".//a"))


def test_an_empty_corpus_shows_no_chart_and_no_error(bare: TestClient) -> None:
    page = parse_page(bare.get("/"))
    assert not page.xpath("//svg")
    assert text_of(page.xpath("//section[@class='events-over-time']")[0]).split() == [
        "Events",
        "over",
        "time",
        "No",
        "events",
        "yet.",
    ]


def test_undated_events_alone_are_said_not_drawn(bare: TestClient) -> None:
    store(bare, article("undated", [("Battles", None), ("Riots", None)]))
    page = parse_page(bare.get("/"))
    assert not page.xpath("//svg")
    assert "2 events without one" in text_of(page.xpath("//section[@class='events-over-time']")[0])


def test_a_count_cut_short_leaves_the_chart_out_of_a_page_that_still_renders(settings: Settings) -> None:
    corpus = open_store(settings.database_url)
    corpus.put_many(list(synth_corpus(300, seed=3)))
    with TestClient(create_app(dataclasses.replace(settings, count_ms=1), corpus)) as slow:
        page = parse_page(slow.get("/"))
        assert not page.xpath("//svg")
        assert "took longer than a count may" in text_of(page.xpath("//section[@class='events-over-time']")[0])
        assert page.xpath("//ul[@class='articles']/li")
