"""How `Filters` become SQL: the rows a corpus page or an export selects, as parts its query is built from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.store import Filters, spatial
from service.store.dialect import Dialect


@dataclass(frozen=True, slots=True)
class FilteredSet:
    """The rows a set of filters selects, as SQL parts: FROM `source` WHERE `where` ORDER BY `order`."""

    source: str
    """The tables, the selected items `i` among them (and a full-text search's hits `h`)."""
    chosen_by: str
    """The tables the selection needs (the key index alone, where only facets filter)."""
    where: str
    params: list[Any]
    """The parameters of `source`, then of `where`."""
    order: str
    """Article id then item id, the keyset pages follow; in order of relevance, the hit's rank before them."""
    ranked: bool = False

    def keys(self) -> str:
        """The selected keys in order, (`rank`,) `article_id` and `item_id`: every column it needs is in an index."""
        *rank, article_id, item_id = self.order.split(", ")
        ranks = "".join(f"{column} AS rank, " for column in rank)
        return (
            f"SELECT {ranks}{article_id} AS article_id, {item_id} AS item_id FROM {self.chosen_by}"
            f" WHERE {self.where} ORDER BY {self.order}"
        )

    def count(self) -> str:
        return f"SELECT count(*) FROM {self.chosen_by} WHERE {self.where}"


def filtered_set(dialect: Dialect, collection: str, f: Filters, after: tuple[Any, ...] | None) -> FilteredSet:
    """One query for every filter: facet filters drive from the key index, the rest are predicates; a full-text
    query drives from its hits, and then every other filter is a predicate."""
    wanted = (("actor", f.actor), ("location", f.location), ("country", f.country))
    facets = [(facet, value) for facet, value in wanted if value]
    where, params = ["i.collection = ?"], list[Any]([collection])
    source = "items i"
    order: tuple[str, ...] = ("i.article_id", "i.id")
    source_params: list[Any] = []
    if f.q is not None:  # (the hits are of this collection: its items are joined by key, the page's keys are h's)
        assert collection.isidentifier(), "a collection's name is written in"
        source = (
            f"({dialect.search_hits}) h JOIN items i ON i.collection = '{collection}' AND i.article_id = h.article_id"
            " AND i.id = h.item_id"
        )
        source_params = [dialect.search(f.q), collection]
        where, params = ["h.item_id IS NOT NULL"], []
        order = ("h.rank", "h.article_id", "h.item_id") if f.ranked else ("h.article_id", "h.item_id")
    keyed = bool(facets) and f.q is None
    if keyed:
        facet, value = facets.pop(0)
        source = (
            f"item_keys k {dialect.keyed_join} items i ON i.collection = k.collection AND i.article_id = k.article_id"
            " AND i.id = k.item_id"
        )
        where = ["k.collection = ?", "k.facet = ?", "k.value = ?"]
        params = [collection, facet, _key(facet, value)]
        order = ("k.article_id", "k.item_id")
    tests_items = False  # does any condition test the items' own columns?

    def on_items(condition: str, *values: Any) -> None:
        nonlocal tests_items
        where.append(condition)
        params.extend(values)
        tests_items = True

    for facet, value in facets:
        on_items(
            "EXISTS (SELECT 1 FROM item_keys x WHERE x.collection = i.collection AND x.facet = ?"
            " AND x.value = ? AND x.article_id = i.article_id AND x.item_id = i.id)",
            facet,
            _key(facet, value),
        )
    if f.article is not None:
        on_items("i.article_id = ?", f.article)
    if f.kind is not None and keyed:  # the keys carry their item's kind
        where.append("k.kind = ?")
        params.append(f.kind)
    elif f.kind is not None:
        on_items("i.kind = ?", f.kind)
    if f.sub_kind is not None:
        on_items("i.sub_kind = ?", f.sub_kind)
    if f.date_from is not None:  # overlaps: ends on or after date_from (an open end always does)
        on_items(
            "(i.date_end >= ? OR (i.date_end IS NULL AND i.date_start IS NOT NULL))",
            dialect.date(f.date_from.isoformat()),
        )
    if f.date_to is not None:
        on_items(
            "(i.date_start <= ? OR (i.date_start IS NULL AND i.date_end IS NOT NULL))",
            dialect.date(f.date_to.isoformat()),
        )
    if f.updated_since is not None:
        on_items("i.updated_at >= ?", dialect.timestamp(f.updated_since))
    if f.bbox is not None:
        on_items(*_in_box(dialect, f.bbox))
    if f.near is not None:
        on_items(*_near(dialect, *f.near))
    if after is not None:
        where.append(f"({', '.join(order)}) > ({', '.join('?' * len(order))})")
        params += list(after)
    # where facets alone filter, the keys say which items, and where a search alone does, its hits: none is read
    # before the page is chosen
    chosen_by = source
    if not tests_items and (keyed or f.q is not None):
        chosen_by = "item_keys k" if keyed else f"({dialect.search_hits}) h"
    return FilteredSet(
        source, chosen_by, " AND ".join(where), [*source_params, *params], ", ".join(order), ranked=len(order) == 3
    )


def _in_box(dialect: Dialect, box: spatial.Box) -> tuple[Any, ...]:
    """An item with a point in the box: its bounding box overlaps it, and it has one point (its box is that
    point) or one of its points is inside."""
    overlap, overlap_params = spatial.box_overlap(box, "i")
    inside, inside_params = spatial.box_test(box, dialect.point_lat, dialect.point_lon)
    points = dialect.point_rows.format("i.points")
    return (
        f"{overlap} AND (i.points IS NULL OR EXISTS (SELECT 1 FROM {points} WHERE {inside}))",
        *overlap_params,
        *inside_params,
    )


def _near(dialect: Dialect, lat: float, lon: float, km: float) -> tuple[Any, ...]:
    """An item with a point within km: its bounding box overlaps the circle's (where that box is not the whole
    globe), and its point, or one of its points, is that near."""
    box = spatial.around(lat, lon, km)
    overlap, params = spatial.box_overlap(box, "i") if box else ("i.lat_min IS NOT NULL", [])
    center = (repr(float(lat)), repr(float(lon)))  # (numbers written in: the formula names each twice)
    one = spatial.haversine(*center, "i.lat_min", "i.lon_min", dialect.least)
    each = spatial.haversine(*center, dialect.point_lat, dialect.point_lon, dialect.least)
    points = dialect.point_rows.format("i.points")
    return (
        f"{overlap} AND (i.points IS NULL AND {one} <= ? OR EXISTS (SELECT 1 FROM {points} WHERE {each} <= ?))",
        *params,
        km,
        km,
    )


def _key(facet: str, value: str) -> str:
    """A filter's value as the key index holds it (service.store.index): countries upper-case, the rest case-folded."""
    return value.upper() if facet == "country" else value.casefold()
