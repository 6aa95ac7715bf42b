"""Map-area filters as SQL both engines run: an item matches when one of its points (service.store.index,
ItemFacts) is inside a box, or within a distance of a point.

An item's bounding box answers at once for items of one point (most); for those of several, each point is
tested from the `points` column. The great-circle distance is the haversine formula on a sphere of the Earth's
mean radius, in SQL (SQLite's math functions, or Python's where SQLite was built without them).
"""

from __future__ import annotations

import math
import sqlite3
from typing import Any

EARTH_KM = 6371.0088
"""The Earth's mean radius (IUGG)."""
KM_PER_DEGREE = math.pi * EARTH_KM / 180
"""Along a meridian."""

Box = tuple[float, float, float, float]
"""(min_lon, min_lat, max_lon, max_lat); min_lon > max_lon crosses the 180th meridian."""


def haversine(lat1: str, lon1: str, lat2: str, lon2: str, least: str) -> str:
    """SQL of the great-circle distance in km between two points given as SQL expressions in degrees (`least`:
    the engine's smaller-of-two function, so that a rounding error never takes asin past 1)."""
    a = (
        f"power(sin(radians({lat2} - {lat1}) / 2), 2)"
        f" + cos(radians({lat1})) * cos(radians({lat2})) * power(sin(radians({lon2} - {lon1}) / 2), 2)"
    )
    return f"(2 * {EARTH_KM} * asin(sqrt({least}({a}, 1))))"


def around(lat: float, lon: float, km: float) -> Box | None:
    """A box holding every point within km of (lat, lon); None where it would be the whole Earth's longitudes
    (near a pole, or a distance of half the globe)."""
    dlat = km / KM_PER_DEGREE
    south, north = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if north >= 90 or south <= -90:
        return None
    dlon = math.degrees(math.asin(min(1.0, math.sin(km / EARTH_KM) / math.cos(math.radians(lat)))))
    if dlon >= 180 or km / EARTH_KM >= math.pi / 2:
        return None
    west, east = lon - dlon, lon + dlon
    west = west + 360 if west < -180 else west
    east = east - 360 if east > 180 else east
    return west, south, east, north


def box_test(box: Box, lat: str, lon: str) -> tuple[str, list[Any]]:
    """SQL that a point (SQL expressions) is in the box, and its parameters."""
    west, south, east, north = box
    joined = "AND" if west <= east else "OR"
    return f"{lat} BETWEEN ? AND ? AND ({lon} >= ? {joined} {lon} <= ?)", [south, north, west, east]


def box_overlap(box: Box, table: str) -> tuple[str, list[Any]]:
    """SQL that an item's bounding box overlaps the box (so that one of its points may be inside)."""
    west, south, east, north = box
    joined = "AND" if west <= east else "OR"
    return (
        f"{table}.lat_max >= ? AND {table}.lat_min <= ? AND ({table}.lon_max >= ? {joined} {table}.lon_min <= ?)",
        [south, north, west, east],
    )


def with_math(db: sqlite3.Connection) -> None:
    """The math functions the distance needs, where this SQLite was built without its own."""
    try:
        db.execute("SELECT asin(1), radians(1), power(2, 2)")
    except sqlite3.OperationalError:
        for name, function, arity in (
            ("sin", math.sin, 1),
            ("cos", math.cos, 1),
            ("asin", math.asin, 1),
            ("sqrt", math.sqrt, 1),
            ("radians", math.radians, 1),
            ("power", math.pow, 2),
        ):
            db.create_function(name, arity, function, deterministic=True)
