"""The article as a page for people: its text with every evidence span marked, its facts in panels, a map, a timeline.

Server-rendered with Jinja2 and autoescaped, so every value from the data is escaped (SVG text included); the page
runs no script and loads nothing from elsewhere. This module shapes the data; the markup is in service/templates/.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from markupsafe import Markup

import schemas
from schemas import Article, ArticleSummary, Event, Location, Relation
from schemas.v1 import DateRange, Section
from service.renderers import embed
from service.renderers.base import Rendered, Renderer, Resource, View

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MEDIA_TYPE = "text/html; charset=utf-8"

KINDS: dict[str, str] = {"actors": "actor", "locations": "place", "events": "event", "relations": "relation"}
"""Each collection's kind of mark; the order is the tie-break between spans of equal length (names win)."""
KIND_ORDER = {kind: rank for rank, kind in enumerate(KINDS.values())}
TEXT_FIELDS = ("headline", "image.description", "image.caption", "body")
DASH = "\N{EN DASH}"


# ---------------------------------------------------------------------------------------------- marked text


@dataclass(frozen=True, slots=True)
class Entity:
    """What a mark links to: an entry in one of the panels."""

    anchor: str
    kind: str
    label: str
    tip: str
    """Its type and aliases, shown on hover and focus."""


@dataclass(frozen=True, slots=True)
class Span:
    entity: Entity
    key: str
    """'actor-isis/3': the entity's anchor and the index of this evidence span in its list."""
    start: int
    end: int

    @property
    def rank(self) -> tuple[int, int, str]:
        return (self.end - self.start, KIND_ORDER[self.entity.kind], self.key)


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text between two span boundaries, and the spans covering it, innermost first."""

    text: str
    spans: tuple[Span, ...]

    @property
    def kinds(self) -> str:
        return " ".join(sorted({s.entity.kind for s in self.spans}, key=KIND_ORDER.__getitem__))

    @property
    def target(self) -> Entity:
        return self.spans[0].entity

    @property
    def keys(self) -> str:
        return " ".join(s.key for s in self.spans)

    @property
    def tip(self) -> str:
        outer = dict.fromkeys(s.entity for s in self.spans[1:] if s.entity != self.target)
        lines = [self.target.tip, *(f"within {e.kind}: {e.label}" for e in outer)]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph, heading or list of the text; a list holds its items as blocks."""

    tag: str
    segments: tuple[Segment, ...] = ()
    items: tuple[Block, ...] = ()


def segments(text: str, spans: Sequence[Span], start: int, end: int) -> tuple[Segment, ...]:
    """text[start:end] cut at every span boundary, each piece with the spans that cover it."""
    inside = [s for s in spans if s.start < end and s.end > start]
    cuts = sorted({start, end, *(max(s.start, start) for s in inside), *(min(s.end, end) for s in inside)})
    return tuple(
        Segment(text[a:b], tuple(sorted((s for s in inside if s.start <= a and s.end >= b), key=lambda s: s.rank)))
        for a, b in itertools.pairwise(cuts)
    )


def _paragraphs(body: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The runs of non-blank lines in body[start:end]: paragraphs are separated by a blank line."""
    position = start
    for chunk in body[start:end].split("\n\n"):
        stripped = chunk.strip()
        if stripped:
            first = position + chunk.index(stripped[0])
            yield first, first + len(stripped)
        position += len(chunk) + 2


def body_blocks(body: str, sections: Sequence[Section], spans: Sequence[Span]) -> list[Block]:
    """The body as paragraphs, with the headings and bulleted lists its `sections` mark."""
    tops = sorted((s for s in sections if s.kind != "list_item"), key=lambda s: s.start)
    items = [s for s in sections if s.kind == "list_item"]
    for item in items:
        if not any(top.kind == "list" and top.start <= item.start and item.end <= top.end for top in tops):
            tops.append(Section(kind="list", start=item.start, end=item.end, text=item.text))
    tops.sort(key=lambda s: s.start)
    blocks: list[Block] = []
    cursor = 0
    for top in tops:
        if top.start < cursor:  # overlapping sections: the first one wins
            continue
        blocks += (Block("p", segments(body, spans, a, b)) for a, b in _paragraphs(body, cursor, top.start))
        if top.kind == "heading":
            blocks.append(Block("h2", segments(body, spans, top.start, top.end)))
        else:
            inner = sorted((i for i in items if top.start <= i.start and i.end <= top.end), key=lambda i: i.start)
            ranges = [(i.start, i.end) for i in inner] or list(_lines(body, top.start, top.end))
            blocks.append(Block("ul", items=tuple(Block("li", segments(body, spans, a, b)) for a, b in ranges)))
        cursor = top.end
    blocks += (Block("p", segments(body, spans, a, b)) for a, b in _paragraphs(body, cursor, len(body)))
    return blocks


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    position = start
    for line in text[start:end].split("\n"):
        if line.strip():
            yield position, position + len(line)
        position += len(line) + 1


# ---------------------------------------------------------------------------------------------- entities


def words(value: str) -> str:
    return value.replace("_", " ")


def date_text(date: DateRange) -> str:
    """A date range as people write it, its ends joined by an en dash: '2013', 'on or before 3 January 2014'."""

    def one(day: dt.date) -> str:
        if date.precision == "year":
            return str(day.year)
        if date.precision == "month":
            return f"{day:%B} {day.year}"
        return f"{day.day} {day:%B} {day.year}"

    start, end = date.start, date.end
    if start and end:
        if one(start) == one(end):
            text = one(start)
        elif date.precision in ("day", "week") and (start.year, start.month) == (end.year, end.month):
            text = f"{start.day}{DASH}{one(end)}"
        else:
            text = f"{one(start)} {DASH} {one(end)}"
    elif end:
        text = f"on or before {one(end)}"
    elif start:
        text = f"from {one(start)}"
    else:
        text = "unknown"
    return f"week of {text}" if date.precision == "week" and start and end and start != end else text


def event_label(event: Event, places: Mapping[str, Location]) -> str:
    what = event.sub_event_type if event.sub_event_type != "Other" else event.event_type
    names = [places[p].name for p in event.locations if p in places]
    return f"{what} · {', '.join(names)}" if names else what


def _tip(title: str, what: str, aliases: Sequence[str] = ()) -> str:
    lines = [title, what]
    if aliases:
        lines.append("also: " + ", ".join(aliases))
    return "\n".join(lines)


class Index:
    """The article's entities by kind and id, with their labels: what marks, map and timeline link to."""

    def __init__(self, article: Article):
        self.article = article
        self.actors = {a.id: a for a in article.actors}
        self.places = {p.id: p for p in article.locations}
        self.entities: dict[tuple[str, str], Entity] = {}
        for actor in article.actors:
            what = f"Actor · {words(actor.kind)}" + (f" ({actor.role})" if actor.role else "")
            self._add("actors", actor.id, actor.name, _tip(actor.name, what, actor.aliases))
        for place in article.locations:
            parent = self.places.get(place.parent or "")
            what = f"Place · {words(place.kind)}" + (f" in {parent.name}" if parent else "")
            self._add("locations", place.id, place.name, _tip(place.name, what, place.aliases))
        for event in article.events:
            label = event_label(event, self.places)
            what = f"Event · {event.event_type}: {event.sub_event_type}"
            if event.date:
                what += f"\n{date_text(event.date)} ({event.date.basis})"
            self._add("events", event.id, label, _tip(label, what))
        for relation in article.relations:
            label = self.relation_label(relation)
            what = f"Relation · {relation.certainty}" + (" · former" if relation.status == "former" else "")
            self._add("relations", relation.id, label, _tip(label, what))

    def _add(self, collection: str, id: str, label: str, tip: str) -> None:
        kind = KINDS[collection]
        self.entities[collection, id] = Entity(f"{kind}-{id}", kind, label, tip)

    def relation_label(self, relation: Relation) -> str:
        return f"{self.actor_name(relation.subject)} {words(relation.type)} {self.actor_name(relation.object)}"

    def actor_name(self, id: str) -> str:
        actor = self.actors.get(id)
        return actor.name if actor else id

    def entity(self, collection: str, id: str) -> Entity:
        return self.entities[collection, id]

    def spans(self) -> dict[str, list[Span]]:
        """Every evidence span of the article, by the text field it is in."""
        found: dict[str, list[Span]] = {name: [] for name in TEXT_FIELDS}
        for collection in KINDS:
            for item in getattr(self.article, collection):
                entity = self.entity(collection, item.id)
                for index, evidence in enumerate(item.evidence):
                    span = Span(entity, f"{entity.anchor}/{index}", evidence.start, evidence.end)
                    found.setdefault(evidence.field, []).append(span)
        return found


# ---------------------------------------------------------------------------------------------- the map

MAP_WIDTH = 480
MAP_MARGIN = 72
MAP_MAX_HEIGHT = 440
KM_PER_DEGREE = 111.32
CHAR_WIDTH = 7.0
"""Roughly how wide a character of 12-13 px label text is, to keep labels inside the frame."""


@dataclass(frozen=True, slots=True)
class MapPoint:
    entity: Entity
    name: str
    x: float
    y: float
    label_x: float
    label_y: float
    label_anchor: str
    title: str


@dataclass(frozen=True, slots=True)
class MapArea:
    entity: Entity
    name: str
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True, slots=True)
class GridLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    label_x: float
    label_y: float
    label_anchor: str


@dataclass(frozen=True, slots=True)
class MapView:
    width: int
    height: int
    points: tuple[MapPoint, ...]
    areas: tuple[MapArea, ...]
    frame: Entity | None
    """The smallest place containing all the others, named in a corner rather than outlined."""
    grid: tuple[GridLine, ...]
    scale_km: int
    scale_width: float
    description: str
    unmapped: tuple[Entity, ...]


def _nice(value: float, steps: Sequence[float] = (1, 2, 2.5, 5)) -> float:
    """The largest 'round' number (1, 2, 2.5 or 5 times a power of ten) not above value."""
    power = 10 ** math.floor(math.log10(value))
    return max(step * power for step in steps if step * power <= value)


def _hull(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull, counter-clockwise (Andrew's monotone chain)."""
    ordered = sorted(set(points))
    if len(ordered) < 3:
        return ordered

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for point in ordered:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], point) <= 0:
            lower.pop()
        lower.append(point)
    for point in reversed(ordered):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], point) <= 0:
            upper.pop()
        upper.append(point)
    return lower[:-1] + upper[:-1]


Box = tuple[float, float, float, float]


def _place_label(name: str, x: float, y: float, taken: Sequence[Box]) -> tuple[float, float, str, Box]:
    """Where a point's label goes: right of it, else left, above or below, wherever it overlaps nothing yet."""
    width, height = CHAR_WIDTH * len(name), 13.0
    candidates = [
        (x + 9, y + 4, "start", (x + 8, y - 8, x + 10 + width, y + 6)),
        (x - 9, y + 4, "end", (x - 10 - width, y - 8, x - 8, y + 6)),
        (x, y - 10, "middle", (x - width / 2, y - 10 - height, x + width / 2, y - 8)),
        (x, y + 19, "middle", (x - width / 2, y + 8, x + width / 2, y + 8 + height)),
    ]

    def fits(box: Box) -> bool:
        inside = box[0] >= 2 and box[2] <= MAP_WIDTH - 2 and box[1] >= 16
        return inside and not any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3] for other in taken
        )

    fallback = candidates[0] if candidates[0][3][2] <= MAP_WIDTH - 2 else candidates[1]
    return next((c for c in candidates if fits(c[3])), fallback)


def _degrees(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):g}°{positive if value >= 0 else negative}"


def map_view(index: Index) -> MapView:
    """An equirectangular map fitted to the located places; areas around the places they contain."""
    places = index.article.locations
    located = [p for p in places if p.coordinates]
    unmapped = tuple(index.entity("locations", p.id) for p in places if not p.coordinates)
    if not located:
        return MapView(MAP_WIDTH, 0, (), (), None, (), 0, 0.0, "", unmapped)
    lats = [p.coordinates.latitude for p in located if p.coordinates]
    lons = [p.coordinates.longitude for p in located if p.coordinates]
    k = math.cos(math.radians(sum(lats) / len(lats)))
    half_lon, half_lat = max((max(lons) - min(lons)) / 2, 0.1), max((max(lats) - min(lats)) / 2, 0.1)
    mid_lon, mid_lat = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
    west, north = mid_lon - half_lon, mid_lat + half_lat
    scale = min((MAP_WIDTH - 2 * MAP_MARGIN) / (2 * half_lon * k), (MAP_MAX_HEIGHT - 2 * MAP_MARGIN) / (2 * half_lat))
    height = max(round(2 * half_lat * scale + 2 * MAP_MARGIN), 260)
    left = (MAP_WIDTH - 2 * half_lon * k * scale) / 2
    top = (height - 2 * half_lat * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return round(left + (lon - west) * k * scale, 1), round(top + (north - lat) * scale, 1)

    xy = {p.id: project(p.coordinates.longitude, p.coordinates.latitude) for p in located if p.coordinates}
    taken = [(x - 6, y - 6, x + 6, y + 6) for x, y in xy.values()]
    labels = {}
    for place in sorted(located, key=lambda p: (xy[p.id][1], xy[p.id][0])):  # top to bottom
        labels[place.id] = _place_label(place.name, *xy[place.id], taken)
        taken.append(labels[place.id][3])
    points = []
    for place in located:
        assert place.coordinates is not None
        (x, y), (label_x, label_y, anchor, _) = xy[place.id], labels[place.id]
        c = place.coordinates
        title = f"{place.name} ({c.latitude:.4f}, {c.longitude:.4f})"
        points.append(MapPoint(index.entity("locations", place.id), place.name, x, y, label_x, label_y, anchor, title))
    areas, frame = _areas(index, xy)
    grid = _graticule(west, north, k, scale, left, top, height)
    px_per_km = scale / KM_PER_DEGREE
    km = _nice(110 / px_per_km)
    names = ", ".join(p.name for p in located)
    description = f"Map of the {len(located)} places with gazetteer coordinates: {names}."
    if frame:
        description = description[:-1] + f", all in {frame.label}."
    if areas:
        description += (
            " Dashed outlines enclose the places of each larger area: " + ", ".join(a.name for a in areas) + "."
        )
    scale_width = round(km * px_per_km, 1)
    return MapView(MAP_WIDTH, height, tuple(points), areas, frame, grid, round(km), scale_width, description, unmapped)


def _areas(index: Index, xy: Mapping[str, tuple[float, float]]) -> tuple[tuple[MapArea, ...], Entity | None]:
    """Places without coordinates that contain located ones, outlined around them (outer areas first).

    The smallest area around every point, when there are others inside it, names the whole map instead.
    """
    members: dict[str, list[str]] = {}
    depth: dict[str, int] = {}
    for point in xy:
        seen, level, current = {point}, 0, index.places[point].parent
        while current is not None and current in index.places and current not in seen:
            seen.add(current)
            level += 1
            if current not in xy:
                members.setdefault(current, []).append(point)
                depth[current] = max(depth.get(current, 0), level)
            current = index.places[current].parent
    everywhere = [a for a in members if len(members[a]) == len(xy)]
    frame = min(everywhere, key=lambda a: (depth[a], a)) if everywhere and len(members) > len(everywhere) else None
    areas = []
    for area_id in sorted(members, key=lambda a: (-depth[a], a)):
        if frame is not None and area_id in everywhere:
            continue
        pad = 12 + 13 * min(depth[area_id], 3)
        ring = [
            (x + pad * math.cos(a * math.pi / 12), y + pad * math.sin(a * math.pi / 12))
            for x, y in (xy[m] for m in members[area_id])
            for a in range(24)
        ]
        hull = _hull(ring)
        path = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in hull) + " Z"
        place = index.places[area_id]
        half = CHAR_WIDTH * len(place.name) / 2
        centre = sum(xy[m][0] for m in members[area_id]) / len(members[area_id])
        label_x = min(max(centre, half + 4), MAP_WIDTH - half - 4)
        above = min(y for _, y in hull) - 6
        label_y = above if above > 30 else max(y for _, y in hull) + 15
        areas.append(
            MapArea(index.entity("locations", area_id), place.name, path, round(label_x, 1), round(label_y, 1))
        )
    return tuple(areas), (index.entity("locations", frame) if frame else None)


def _graticule(
    west: float, north: float, k: float, scale: float, left: float, top: float, height: int
) -> tuple[GridLine, ...]:
    """Meridians and parallels at a round step, labelled at the frame's top and left edges."""
    lon_min, lon_max = west - left / (k * scale), west + (MAP_WIDTH - left) / (k * scale)
    lat_max, lat_min = north + top / scale, north - (height - top) / scale
    step = _nice((lon_max - lon_min) / 4, (1, 2, 2.5, 5))
    lines = []
    for i in range(math.ceil(lon_min / step), math.floor(lon_max / step) + 1):
        lon = round(i * step, 6)
        x = round(left + (lon - west) * k * scale, 1)
        if 30 < x < MAP_WIDTH - 30:
            lines.append(GridLine(x, 0, x, height, _degrees(lon, "E", "W"), x, 12, "middle"))
    for i in range(math.ceil(lat_min / step), math.floor(lat_max / step) + 1):
        lat = round(i * step, 6)
        y = round(top + (north - lat) * scale, 1)
        if 24 < y < height - 30:
            lines.append(GridLine(0, y, MAP_WIDTH, y, _degrees(lat, "N", "S"), 4, y - 4, "start"))
    return tuple(lines)


# ---------------------------------------------------------------------------------------------- the timeline

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


# ---------------------------------------------------------------------------------------------- the page


@dataclass(frozen=True, slots=True)
class FormatLink:
    label: str
    href: str
    media_type: str
    current: bool = False


@dataclass(frozen=True, slots=True)
class FormatRow:
    title: str
    links: tuple[FormatLink, ...]


def format_links(
    formats: Sequence[Renderer], path: str, view: View, collection: str | None = None, current: str | None = None
) -> tuple[FormatLink, ...]:
    """The resource at `path` in each of the formats (the renderer table) that serves it."""
    return tuple(
        FormatLink(f".{r.suffix}", f"{path}.{r.suffix}", r.media_type, r.name == current)
        for r in formats
        if r.serves(view, collection)
    )


def format_rows(article: Article, formats: Sequence[Renderer]) -> list[FormatRow]:
    path = f"/{schemas.API_VERSION}/articles/{article.id}"
    rows = [FormatRow("This article", format_links(formats, path, View.ARTICLE, current=RENDERER.name))]
    rows += (
        FormatRow(f"Its {name}", format_links(formats, f"{path}/{name}", View.COLLECTION, name))
        for name in schemas.COLLECTIONS
    )
    return rows


def _item_links(article: Article, formats: Sequence[Renderer]) -> dict[str, tuple[FormatLink, ...]]:
    base = f"/{schemas.API_VERSION}/articles/{article.id}"
    return {
        f"{KINDS[name]}-{item.id}": format_links(formats, f"{base}/{name}/{item.id}", View.ITEM, name)
        for name in schemas.COLLECTIONS
        for item in getattr(article, name)
    }


@dataclass(frozen=True, slots=True)
class Stylesheet:
    text: str
    source: str
    """Its CSP source expression, 'sha256-…': the one inline style a page may apply."""


@cache
def stylesheet() -> Stylesheet:
    text = (TEMPLATES / "page.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return Stylesheet(text, f"sha256-{digest}")


@cache
def security_headers() -> Mapping[str, str]:
    """What every HTML response carries: no scripts, no frames elsewhere, nothing loaded from other origins."""
    policy = (
        "default-src 'none'",
        f"style-src '{stylesheet().source}'",
        "img-src 'self' data:",
        "frame-ancestors 'self'",
        "base-uri 'none'",
        "form-action 'none'",
    )
    return MappingProxyType(
        {
            "Content-Security-Policy": "; ".join(policy),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        }
    )


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # on the first page rendered, not at start-up (a tenth of a second)

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals |= {"words": words, "date_text": date_text, "api": f"/{schemas.API_VERSION}"}
    return environment


def _render(template: str, **context: object) -> bytes:
    page = _environment().get_template(template).render(style=Markup(stylesheet().text), **context)
    return page.encode()


def _text_field(article: Article, name: str) -> str | None:
    if name == "headline":
        return article.headline
    if name == "body":
        return article.body
    image = article.image
    return getattr(image, name.removeprefix("image."), None) if image else None


def render(resource: Resource) -> Rendered:
    article = resource.article
    assert article is not None
    index = Index(article)
    spans = index.spans()
    texts = {name: _text_field(article, name) for name in TEXT_FIELDS}
    marked = {
        name: segments(text, spans[name], 0, len(text)) for name, text in texts.items() if text and name != "body"
    }
    json_ld = embed.render(resource)
    assert isinstance(json_ld, bytes)
    return _render(
        "article.html.j2",
        article=article,
        index=index,
        marked=marked,
        body=body_blocks(article.body, article.sections, spans["body"]),
        places=index.places,
        map=map_view(index),
        timeline=timeline_view(index),
        formats=format_rows(article, resource.formats),
        item_links=_item_links(article, resource.formats),
        schema_names=list(schemas.TOP_LEVEL_TYPES),
        json_ld=Markup(json_ld.decode()),
        actors=article.actors,
        locations=article.locations,
        events=article.events,
        relations=article.relations,
        kinds=KINDS,
    )


def home(summaries: Sequence[ArticleSummary], more: bool, formats: Sequence[Renderer]) -> bytes:
    """The home page: the articles, and the API in a few lines (`formats`: the renderer table)."""
    return _render(
        "home.html.j2",
        summaries=summaries,
        more=more,
        suffixes=[(r.suffix, r.media_type) for r in formats],
        page_suffix=RENDERER.suffix,
    )


RENDERER = Renderer(
    name="html",
    suffix="html",
    media_type=MEDIA_TYPE,
    views=frozenset({View.ARTICLE}),
    render=render,
)

__all__ = ["RENDERER", "home", "security_headers"]
