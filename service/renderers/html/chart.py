"""The home page's chart: the corpus's events by type over time, a stacked bar per day, week, month or year.

It takes counts as GET /v1/events/facets gives them (a bucket's value, its number of events) and works out
positions, labels and links only, in SVG user units; the markup is in home.html.j2, autoescaped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from service.renderers.html.entities import DASH

WIDTH = 760
HEIGHT = 300
LEFT = 48
"""Room for the counts' labels."""
RIGHT = 12
TOP = 14
BOTTOM = 30
"""Room for the dates' labels."""
WIDEST_BAR = 48
LABEL_ROOM = 84
"""User units a date's label needs, so that labels never overlap."""
EVERY = (1, 2, 3, 4, 6, 12, 24, 60, 120, 240, 600)
"""Label every how many periods (the first of them labelled)."""
MONTHLY_UP_TO = 120
"""Beyond this many months from the first event's to the last's, a bar is a year; within a month, a day; within
three, a week."""

Listing = Callable[[str, dt.date, dt.date], str]
"""The URL of the list of one event type's events between two days (both included)."""


@dataclass(frozen=True, slots=True)
class Period:
    first: dt.date
    last: dt.date
    name: str
    """As a sentence names it: 'January 2014', 'week of 6 January 2014'."""
    label: str
    """As the axis does: 'Jan 2014'."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One event type's part of a bar."""

    event_type: str
    kind: str
    """Its class, which gives its colour (page.css)."""
    count: int
    y: float
    height: float
    href: str
    label: str


@dataclass(frozen=True, slots=True)
class Bar:
    period: Period
    total: int
    x: float
    width: float
    segments: tuple[Segment, ...]
    """From the bottom up, in the order of the legend; only the types with events in the period."""
    cells: tuple[tuple[int, str], ...]
    """Each of the legend's types' count in the period and the link to its events, for the table."""


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True, slots=True)
class LegendEntry:
    event_type: str
    kind: str
    count: int


@dataclass(frozen=True, slots=True)
class EventsChart:
    interval: str
    dated: int
    undated: int
    """Events without a start date: counted in no bar."""
    bars: tuple[Bar, ...] = ()
    """The periods with events, in order (the others have no bar)."""
    legend: tuple[LegendEntry, ...] = ()
    x_labels: tuple[Tick, ...] = ()
    y_ticks: tuple[Tick, ...] = ()
    description: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM


def interval_for(first_month: str, last_month: str) -> str:
    """The interval that suits a span of time, given its first and last months (YYYY-MM)."""
    (y0, m0), (y1, m1) = (map(int, month.split("-")) for month in (first_month, last_month))
    months = (y1 - y0) * 12 + m1 - m0 + 1
    if months > MONTHLY_UP_TO:
        return "year"
    if months > 3:
        return "month"
    return "week" if months > 1 else "day"


def kind_of(event_type: str) -> str:
    """An event type as a class name: 'Explosions/Remote violence' is type-explosions-remote-violence."""
    return "type-" + re.sub(r"[^a-z]+", "-", event_type.lower()).strip("-")


def events_chart(counts: Mapping[str, Mapping[str, int]], interval: str, undated: int, listing: Listing) -> EventsChart:
    """The chart of `counts`: for each event type (in the legend's order), its events by bucket of `interval`
    (the values the facets give: YYYY-MM-DD, a week's Monday, YYYY-MM or YYYY)."""
    types = [t for t, buckets in counts.items() if any(buckets.values())]
    per_period: dict[dt.date, dict[str, int]] = {}
    for event_type in types:
        for value, count in counts[event_type].items():
            if count:
                per_period.setdefault(start_of(interval, value), {})[event_type] = count
    if not per_period:
        return EventsChart(interval, 0, undated)
    origin = min(per_period)
    slots = index_of(interval, origin, max(per_period)) + 1
    top, y_ticks = _scale(max(sum(c.values()) for c in per_period.values()))
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - RIGHT - LEFT) / slots
    width = min(slot * 0.8, WIDEST_BAR)

    def y(count: int) -> float:
        return round(HEIGHT - BOTTOM - count / top * plot_height, 2)

    bars = []
    for start, by_type in sorted(per_period.items()):
        period = period_of(interval, start)
        segments, below = [], 0
        for event_type in types:
            if count := by_type.get(event_type, 0):
                share = f"{count:,} event{'s' if count != 1 else ''}"
                segments.append(
                    Segment(
                        event_type,
                        kind_of(event_type),
                        count,
                        y(below + count),
                        round(y(below) - y(below + count), 2),
                        listing(event_type, period.first, period.last),
                        f"{event_type}, {period.name}: {share}",
                    )
                )
                below += count
        x = LEFT + (index_of(interval, origin, start) + 0.5) * slot - width / 2
        cells = tuple((by_type.get(t, 0), listing(t, period.first, period.last)) for t in types)
        bars.append(Bar(period, below, round(x, 2), round(width, 2), tuple(segments), cells))
    legend = tuple(LegendEntry(t, kind_of(t), sum(counts[t].values())) for t in types)
    dated = sum(bar.total for bar in bars)
    return EventsChart(
        interval,
        dated,
        undated,
        tuple(bars),
        legend,
        _x_labels(interval, origin, slots, slot),
        tuple(Tick(y(value), f"{value:,}") for value in y_ticks),
        _describe(interval, bars, legend, dated),
    )


def start_of(interval: str, value: str) -> dt.date:
    """The first day of a facet's bucket."""
    if interval == "year":
        return dt.date(int(value), 1, 1)
    if interval == "month":
        year, month = value.split("-")
        return dt.date(int(year), int(month), 1)
    return dt.date.fromisoformat(value)


def index_of(interval: str, origin: dt.date, start: dt.date) -> int:
    """How many periods after the one starting on `origin` the one starting on `start` is."""
    if interval == "year":
        return start.year - origin.year
    if interval == "month":
        return (start.year - origin.year) * 12 + start.month - origin.month
    return (start.toordinal() - origin.toordinal()) // (7 if interval == "week" else 1)


def _nth(interval: str, origin: dt.date, n: int) -> dt.date:
    if interval == "year":
        return dt.date(origin.year + n, 1, 1)
    if interval == "month":
        year, month = divmod(origin.month - 1 + n, 12)
        return dt.date(origin.year + year, month + 1, 1)
    return dt.date.fromordinal(origin.toordinal() + n * (7 if interval == "week" else 1))


def period_of(interval: str, start: dt.date) -> Period:
    if interval == "year":
        return Period(start, dt.date(start.year, 12, 31), str(start.year), str(start.year))
    if interval == "month":
        last = dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        return Period(start, last, f"{start:%B} {start.year}", f"{start:%b} {start.year}")
    day = f"{start.day} {start:%B} {start.year}"
    label = f"{start.day} {start:%b} {start.year}"
    if interval == "week":
        last = dt.date.fromordinal(min(start.toordinal() + 6, dt.date.max.toordinal()))
        return Period(start, last, f"week of {day}", label)
    return Period(start, start, day, label)


def _scale(highest: int) -> tuple[int, list[int]]:
    """The top of the count axis, a round number at or above `highest`, and its ticks (0 included)."""
    magnitude = 10 ** max(0, math.floor(math.log10(max(highest, 1) / 4)))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude * 4 >= highest)
    top = max(step, math.ceil(highest / step) * step)
    return top, list(range(0, top + 1, step))


def _x_labels(interval: str, origin: dt.date, slots: int, slot: float) -> tuple[Tick, ...]:
    """A label under every period, or every 2nd, 3rd… so that they do not overlap."""
    every = next((k for k in EVERY if k * slot >= LABEL_ROOM), math.ceil(LABEL_ROOM / slot))
    return tuple(
        Tick(round(LEFT + (n + 0.5) * slot, 2), period_of(interval, _nth(interval, origin, n)).label)
        for n in range(0, slots, every)
    )


def _describe(interval: str, bars: list[Bar], legend: tuple[LegendEntry, ...], dated: int) -> str:
    busiest = max(bars, key=lambda bar: bar.total)
    span = bars[0].period.name if len(bars) == 1 else f"{bars[0].period.name} {DASH} {bars[-1].period.name}"
    by_type = "; ".join(f"{entry.event_type} {entry.count:,}" for entry in legend)
    return (
        f"A stacked bar chart of the {dated:,} events with a start date, by {interval} of that date, {span}: one"
        f" colour per ACLED event type ({by_type}). The most were in {busiest.period.name}, {busiest.total:,}."
        " Each bar's parts link to the list of their events; the table below gives the same numbers."
    )
