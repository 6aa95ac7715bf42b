"""Map geometry: the located places on an equirectangular map, the areas around them, a graticule and a scale.

Only positions and labels are worked out here, in SVG user units; the markup is the map_panel macro of
_macros.html.j2, on the article page and the draft review page alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from service.renderers.html.entities import Index
from service.renderers.html.marks import Entity

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
