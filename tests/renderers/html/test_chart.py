"""The home page's chart from counts made by hand: bars as tall as their counts on a round axis, a gap for a period
without events, each part linked to its type's events of its period, labels apart, and every text escaped."""

from __future__ import annotations

import datetime as dt
import itertools

import lxml.html
import pytest

from service.renderers import RENDERERS, html
from service.renderers.html.chart import HEIGHT, LABEL_ROOM, LEFT, RIGHT, WIDTH, EventsChart, events_chart, interval_for
from tests.conftest import text_of


def listing(event_type: str, first: dt.date, last: dt.date) -> str:
    return f"/list?type={event_type}&from={first}&to={last}"


def parts(chart: EventsChart) -> dict[tuple[str, str], tuple[float, float]]:
    """(event type, period) -> (top, height) of each part of each bar."""
    return {(s.event_type, bar.period.name): (s.y, s.height) for bar in chart.bars for s in bar.segments}


def test_bars_are_as_tall_as_their_counts_stacked_from_the_baseline() -> None:
    chart = events_chart({"Battles": {"2024-01": 3, "2024-03": 6}, "Riots": {"2024-01": 1}}, "month", 0, listing)
    drawn = parts(chart)
    battles_january, battles_march, riots_january = (
        drawn[("Battles", "January 2024")],
        drawn[("Battles", "March 2024")],
        drawn[("Riots", "January 2024")],
    )
    assert battles_march[1] == pytest.approx(2 * battles_january[1], abs=0.02)
    assert battles_january[1] == pytest.approx(3 * riots_january[1], abs=0.02)
    assert battles_january[0] + battles_january[1] == pytest.approx(chart.baseline)
    assert riots_january[0] + riots_january[1] == pytest.approx(battles_january[0])  # on top of the battles
    assert [t.label for t in chart.y_ticks] == ["0", "2", "4", "6"]
    top_tick = chart.y_ticks[-1].position
    assert battles_march[0] == pytest.approx(top_tick)  # the tallest bar reaches the top of the axis, 6
    assert [(b.period.name, b.total) for b in chart.bars] == [("January 2024", 4), ("March 2024", 6)]
    assert (chart.dated, chart.undated) == (10, 0)


def test_a_period_without_events_is_a_gap_on_the_axis() -> None:
    chart = events_chart({"Protests": {"2024-01": 1, "2024-04": 1}}, "month", 0, listing)
    slot = (WIDTH - RIGHT - LEFT) / 4
    january, april = chart.bars
    assert april.x - january.x == pytest.approx(3 * slot, abs=0.02)
    assert [t.label for t in chart.x_labels] == ["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024"]


def test_the_count_axis_goes_up_in_round_steps() -> None:
    chart = events_chart({"Battles": {"2024": 1234}}, "year", 0, listing)
    assert [t.label for t in chart.y_ticks] == ["0", "500", "1,000", "1,500"]
    assert chart.y_ticks[0].position == chart.baseline
    assert all(0 < t.position < HEIGHT for t in chart.y_ticks)


@pytest.mark.parametrize(
    ("first", "last", "interval"),
    [
        ("2014-01", "2014-01", "day"),
        ("2014-01", "2014-02", "week"),
        ("2013-12", "2014-02", "week"),
        ("2013-12", "2014-03", "month"),
        ("2014-01", "2023-12", "month"),
        ("2014-01", "2024-01", "year"),
    ],
)
def test_the_interval_suits_the_span_of_time(first: str, last: str, interval: str) -> None:
    assert interval_for(first, last) == interval


@pytest.mark.parametrize(
    ("interval", "value", "first", "last", "name"),
    [
        ("day", "2024-02-29", "2024-02-29", "2024-02-29", "29 February 2024"),
        ("week", "2014-12-29", "2014-12-29", "2015-01-04", "week of 29 December 2014"),
        ("month", "2024-02", "2024-02-01", "2024-02-29", "February 2024"),
        ("month", "2023-12", "2023-12-01", "2023-12-31", "December 2023"),
        ("year", "2013", "2013-01-01", "2013-12-31", "2013"),
    ],
)
def test_a_bar_links_to_its_types_events_of_its_period(
    interval: str, value: str, first: str, last: str, name: str
) -> None:
    (bar,) = events_chart({"Riots": {value: 2}}, interval, 0, listing).bars
    assert bar.period.name == name
    assert [s.href for s in bar.segments] == [f"/list?type=Riots&from={first}&to={last}"]
    assert bar.cells == ((2, f"/list?type=Riots&from={first}&to={last}"),)
    assert [s.label for s in bar.segments] == [f"Riots, {name}: 2 events"]


def test_date_labels_never_overlap() -> None:
    months = {f"{year}-{month:02d}": 1 for year in range(2014, 2024) for month in range(1, 13)}
    chart = events_chart({"Battles": months}, "month", 0, listing)
    assert len(chart.bars) == 120
    positions = [t.position for t in chart.x_labels]
    assert chart.x_labels[0].label == "Jan 2014"
    assert min(b - a for a, b in itertools.pairwise(positions)) >= LABEL_ROOM
    assert positions[-1] <= WIDTH - RIGHT


def test_types_without_events_are_left_out_of_the_legend() -> None:
    chart = events_chart({"Battles": {}, "Riots": {"2024-01": 0}, "Protests": {"2024-01": 2}}, "month", 5, listing)
    assert [(e.event_type, e.kind, e.count) for e in chart.legend] == [("Protests", "type-protests", 2)]
    assert (chart.dated, chart.undated) == (2, 5)


def test_no_dated_events_no_bars() -> None:
    chart = events_chart({}, "month", 3, listing)
    assert (chart.bars, chart.dated, chart.undated) == ((), 0, 3)
    page = lxml.html.document_fromstring(html.home([], more=False, formats=RENDERERS, events=chart))
    assert not page.xpath("//svg")
    assert "No event has a start date yet" in text_of(page.xpath("//section[@class='events-over-time']")[0])


def test_every_text_of_the_chart_is_escaped_in_the_page() -> None:
    chart = events_chart({"<&>": {"2024-01": 2}, 'Riots"><b>': {"2024-02": 1}}, "month", 1, listing)
    markup = html.home([], more=False, formats=RENDERERS, events=chart).decode()
    assert "<&>" not in markup and "<b>" not in markup
    assert "&lt;&amp;&gt;, January 2024: 2 events" in markup
    assert 'href="/list?type=&lt;&amp;&gt;&amp;from=2024-01-01&amp;to=2024-01-31"' in markup
    page = lxml.html.document_fromstring(markup)
    svg = page.xpath("//svg")[0]
    assert [a.get("aria-label") for a in svg.xpath(".//a")] == [
        "<&>, January 2024: 2 events",
        'Riots"><b>, February 2024: 1 event',
    ]
    assert [text_of(t) for t in svg.xpath(".//rect/title")] == [a.get("aria-label") for a in svg.xpath(".//a")]
    assert svg.xpath(".//a/@href")[0] == "/list?type=<&>&from=2024-01-01&to=2024-01-31"
    assert "<&>" in text_of(svg.xpath("./desc")[0])
    assert [text_of(li).split()[0] for li in page.xpath("//ul[@class='chart-legend']/li")] == ["<&>", 'Riots"><b>']
    assert [text_of(th) for th in page.xpath("//details//thead//th")] == ["Month", "<&>", 'Riots"><b>', "All"]
    assert not page.xpath("//b")
