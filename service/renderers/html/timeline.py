"""Timeline layout: one bar per dated event, on stretches of time each drawn at its own scale.

Events years apart would squeeze a day to nothing on one axis, so the axis breaks between stretches far apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from schemas.v1 import DateRange
from service.renderers.html.entities import DASH, Index, date_text
from service.renderers.html.marks import Entity

TIMELINE_WIDTH = 480
ROW_HEIGHT = 34
SEGMENT_GAP = 24
SIDE = 10
LABEL_CHARS = 46
SQUEEZE = 60
MIN_STRETCH = 90
"""The longest a stretch of time may be, in lengths of its shortest event: beyond, the axis breaks."""


@dataclass(frozen=True, slots=True)
class TimeBar:
    entity: Entity
    label: str
    detail: str
    title: str
    x: float
    width: float
    y: float
    basis: str
    open_start: bool
    open_end: bool


@dataclass(frozen=True, slots=True)
class TimeTick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class AxisSegment:
    x0: float
    x1: float
    caption: str


@dataclass(frozen=True, slots=True)
class TimelineView:
    width: int
    height: int
    axis_y: float
    bars: tuple[TimeBar, ...]
    ticks: tuple[float, ...]
    gridlines: tuple[float, ...]
    labels: tuple[TimeTick, ...]
    segments: tuple[AxisSegment, ...]
    breaks: tuple[float, ...]
    description: str
    undated: tuple[Entity, ...]


@dataclass(slots=True)
class _Cluster:
    """A stretch of time drawn at one scale: short events far from long ones get a stretch of their own."""

    lo: int
    hi: int
    count: int
    shortest: int
    x0: float = 0.0
    x1: float = 0.0

    @property
    def days(self) -> int:
        return self.hi - self.lo

    def x(self, day: float) -> float:
        pad = self.days * 0.04
        return self.x0 + (day - self.lo + pad) / (self.days + 2 * pad) * (self.x1 - self.x0)


def _span(date: DateRange) -> tuple[int, int] | None:
    """The days a range covers as [lo, hi) ordinals, an open end standing on its known one."""
    start, end = date.start or date.end, date.end or date.start
    if start is None or end is None:
        return None
    return start.toordinal(), end.toordinal() + 1


def _clusters(spans: list[tuple[int, int]]) -> list[_Cluster]:
    """Spans grouped so that none is drawn under 1/SQUEEZE of its stretch (overlapping ones always together)."""
    clusters: list[_Cluster] = []
    for lo, hi in sorted(spans):
        last = clusters[-1] if clusters else None
        if last and (lo < last.hi or max(hi, last.hi) - last.lo <= SQUEEZE * min(hi - lo, last.shortest)):
            last.hi, last.count, last.shortest = max(last.hi, hi), last.count + 1, min(last.shortest, hi - lo)
        else:
            clusters.append(_Cluster(lo, hi, 1, hi - lo))
    width = TIMELINE_WIDTH - 2 * SIDE - SEGMENT_GAP * (len(clusters) - 1)
    floor = min(MIN_STRETCH, width / len(clusters))
    spare, weights = width - floor * len(clusters), [c.count + 1 for c in clusters]
    shares = [floor + spare * w / sum(weights) for w in weights]  # each its floor, the rest by how busy it is
    x = float(SIDE)
    for cluster, share in zip(clusters, shares, strict=True):
        cluster.x0, cluster.x1 = x, x + share
        x += share + SEGMENT_GAP
    return clusters


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _axis(cluster: _Cluster) -> tuple[list[float], list[TimeTick], str]:
    """Ticks between days, months or years (whichever suits the stretch), labels centred on them, and a caption."""
    first, last = dt.date.fromordinal(cluster.lo), dt.date.fromordinal(cluster.hi - 1)
    if cluster.days <= 62:
        bounds = [dt.date.fromordinal(d) for d in range(cluster.lo, cluster.hi + 1)]
        name, caption = (lambda d: str(d.day)), f"{first:%B} {first.year}"
        if (first.year, first.month) != (last.year, last.month):
            caption += f" {DASH} {last:%B} {last.year}"
    elif cluster.days <= 3 * 366:
        bounds = [dt.date(first.year, first.month, 1)]
        while bounds[-1] <= last:
            bounds.append(_next_month(bounds[-1]))
        name, caption = (
            (lambda d: f"{d:%b}"),
            str(first.year) if first.year == last.year else f"{first.year}{DASH}{last.year}",
        )
    else:
        bounds = [dt.date(year, 1, 1) for year in range(first.year, last.year + 2)]
        name, caption = (lambda d: str(d.year)), ""
    xs = [cluster.x(b.toordinal()) for b in bounds]
    spacing = (cluster.x1 - cluster.x0) / max(len(bounds) - 1, 1)
    every = next((k for k in (1, 2, 3, 6, 12, 24, 60) if spacing * k >= 26), 0)
    labels = [
        TimeTick((xs[i] + xs[i + 1]) / 2, name(bounds[i]))
        for i in range(len(bounds) - 1)
        if every and i % every == 0 and cluster.x0 <= (xs[i] + xs[i + 1]) / 2 <= cluster.x1
    ]
    return [x for x in xs if cluster.x0 - 1 <= x <= cluster.x1 + 1], labels, caption


def timeline_view(index: Index) -> TimelineView:
    """One row per dated event, on stretches of time each drawn at its own scale."""
    dated = []
    undated = []
    for event in index.article.events:
        span = _span(event.date) if event.date else None
        if span is None:
            undated.append(index.entity("events", event.id))
        else:
            dated.append((span, event))
    if not dated:
        return TimelineView(TIMELINE_WIDTH, 0, 0, (), (), (), (), (), (), "", tuple(undated))
    clusters = _clusters([span for span, _ in dated])
    bars = []
    for row, ((lo, hi), event) in enumerate(sorted(dated, key=lambda d: (d[0], d[1].id))):
        assert event.date is not None
        cluster = next(c for c in clusters if c.lo <= lo and hi <= c.hi)
        open_start, open_end = event.date.start is None, event.date.end is None
        x0 = cluster.x0 if open_start else cluster.x(lo)
        x1 = cluster.x1 if open_end else cluster.x(hi)
        entity = index.entity("events", event.id)
        label = entity.label if len(entity.label) <= LABEL_CHARS else entity.label[: LABEL_CHARS - 1] + "…"
        detail = f"{event.date.precision} · {event.date.basis}"
        title = f"{entity.label}: {date_text(event.date)} ({detail})"
        y = 6 + row * ROW_HEIGHT
        bars.append(
            TimeBar(
                entity,
                label,
                detail,
                title,
                round(x0, 1),
                round(max(x1 - x0, 3), 1),
                y,
                event.date.basis,
                open_start,
                open_end,
            )
        )
    ticks: list[float] = []
    gridlines: list[float] = []
    labels: list[TimeTick] = []
    segments = []
    for cluster in clusters:
        cluster_ticks, cluster_labels, caption = _axis(cluster)
        ticks += cluster_ticks
        gridlines += cluster_ticks if (cluster.x1 - cluster.x0) / len(cluster_ticks) >= 20 else ()
        labels += cluster_labels
        segments.append(AxisSegment(round(cluster.x0, 1), round(cluster.x1, 1), caption))
    breaks = tuple(round(c.x1 + SEGMENT_GAP / 2, 1) for c in clusters[:-1])
    axis_y = 6 + len(bars) * ROW_HEIGHT + 4
    description = (
        f"Timeline of the {len(bars)} dated events, one bar from start to end; inferred dates are drawn dashed, "
        "stated ones solid; an arrow marks an open end."
    )
    if breaks:
        description += " The axis is broken where stretches of time far apart are drawn at different scales."
    return TimelineView(
        TIMELINE_WIDTH,
        round(axis_y + 44),
        axis_y,
        tuple(bars),
        tuple(round(x, 1) for x in ticks),
        tuple(round(x, 1) for x in gridlines),
        tuple(TimeTick(round(t.x, 1), t.label) for t in labels),
        tuple(segments),
        breaks,
        description,
        tuple(undated),
    )
