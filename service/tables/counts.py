"""Counts by a field's values (a Facets body) as a table: a row per bucket, then `other`, `missing` and `total`,
each named in the `row` column. The other columns are the buckets' fields, flattened by the one rule of
service/tables/columns.py (`value`, `count`, `fatalities_low_sum`, `fatalities_low_unknown`, …).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import cache

import msgspec

from schemas.v1.records import Bucket, Facets, Other
from service.tables.columns import Column, columns_for

ROWS = ("bucket", "other", "missing", "total")

ROW = Column(
    "row",
    {"base": "string", "format": "|".join(ROWS)},
    True,
    lambda item, context: None,  # (its cell is the row's kind, which `count_rows` writes)
    description=(
        "What the row counts: a bucket (the items of one value), other (those of every value beyond top), missing"
        " (the items without a value) or total (every item selected)."
    ),
    choices=ROWS,
)


@cache
def _own_columns(struct_type: type) -> dict[str, Column]:
    """A struct's columns by name, without the `article_id` a table of records starts with (counts are of many)."""
    return {column.name: column for column in columns_for(struct_type)[1:]}


@cache
def _every_column() -> tuple[Column, ...]:
    """The buckets' columns, then any `other` has besides; required where a row of each has it."""
    bucket, other = _own_columns(Bucket), _own_columns(Other)
    return tuple(
        dataclasses.replace(
            bucket.get(name) or other[name],
            required=all(name in own and own[name].required for own in (bucket, other)),
        )
        for name in {**bucket, **other}
    )


def count_columns(counts: Facets) -> tuple[Column, ...]:
    """The table's columns, but those of a field the whole selection has none of (the deaths, where the items
    are not events): none of its rows has it either."""
    absent = {f.encode_name for f in msgspec.structs.fields(counts) if getattr(counts, f.name) is None}
    return (ROW, *(column for column in _every_column() if column.path[0] not in absent))


def _counted(counts: Facets) -> Iterator[tuple[str, Bucket | Other]]:
    """Each row's kind and what it counts; the items without a value and the whole selection in `other`'s shape."""
    for bucket in counts.buckets:
        yield "bucket", bucket
    yield "other", counts.other
    yield "missing", Other(count=counts.missing)
    yield "total", Other(count=counts.total, fatalities=counts.fatalities)


def count_rows(counts: Facets, columns: tuple[Column, ...]) -> Iterator[list[str]]:
    """The cells of each row under `columns`: empty where the row has no such field (never 0)."""
    for kind, item in _counted(counts):
        own = _own_columns(type(item))
        cells = {name: column.text(column.extract(item, None)) for name, column in own.items()}
        yield [kind if column is ROW else cells.get(column.name, "") for column in columns]
