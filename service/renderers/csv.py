"""CSV: RFC 4180 (CRLF, minimal quoting), UTF-8, a header row; columns from `service.tables`.

A whole-corpus export streams in chunks of rows; its row count is sent before it (X-Row-Count), and a
stream cut short ends without HTTP's last chunk, so no client takes it for complete.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

from schemas import COLLECTIONS, Article, ArticleSummary
from service.records import batched, record_batches
from service.renderers.base import DATA_VIEWS, Rendered, Renderer, Resource, View
from service.tables.columns import Column, columns_for, row
from service.tables.csv_lines import csv_line, csv_row, encode_rows, layout, picked

CHUNK_ROWS = 1_000


def table_type(resource: Resource) -> type:
    """The Struct type of the rows of this resource's table."""
    if resource.view is View.ARTICLE:
        return Article
    if resource.view is View.ARTICLES:
        return ArticleSummary
    assert resource.collection is not None
    return COLLECTIONS[resource.collection]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff".encode()


def spreadsheet_safe(cells: list[str]) -> list[str]:
    """OWASP's CSV-injection defence: a cell a spreadsheet would run as a formula is made text with a `'`."""
    return ["'" + cell if cell.startswith(FORMULA_STARTS) else cell for cell in cells]


def _rows(resource: Resource, columns: tuple[Column, ...]) -> Iterator[list[str]]:
    if resource.view is View.ARTICLE:
        yield row(columns, resource.article, None)
    elif resource.view is View.ARTICLES:
        yield from (row(columns, summary, None) for summary in resource.summaries)
    else:
        yield from (row(columns, record.item(), record) for record in resource.records)


def _blocks(resource: Resource, columns: tuple[Column, ...]) -> Iterator[bytes]:
    """The rows as CSV, in blocks of whole lines (a thousand or so: what a stream sends at once)."""
    if resource.dialect == "excel":
        for rows in batched(_rows(resource, columns), CHUNK_ROWS):
            yield encode_rows(spreadsheet_safe(row) for row in rows)
    elif resource.view in (View.COLLECTION, View.ITEM):
        current = layout(table_type(resource))
        for batch in record_batches(resource.records):  # the lines rendered when the article was stored
            lines = b"".join(
                [r.csv_row if r.csv_layout == current and r.csv_row is not None else csv_row(r)[0] for r in batch]
            )
            yield lines if resource.fields is None else picked(lines, resource.fields.indices)
    else:
        yield encode_rows(_rows(resource, columns))


def _chunks(columns: tuple[Column, ...], blocks: Iterator[bytes], bom: bool = False) -> Iterator[bytes]:
    yield (BOM if bom else b"") + csv_line([c.name for c in columns]).encode("utf-8")
    yield from blocks


def table_columns(resource: Resource) -> tuple[Column, ...]:
    """The columns of this resource's table: all of them, or those of the fields chosen (`?fields=`)."""
    if resource.fields is not None:
        return resource.fields.columns
    return columns_for(table_type(resource))


def render(resource: Resource) -> Rendered:
    columns = table_columns(resource)
    chunks = _chunks(columns, _blocks(resource, columns), bom=resource.dialect == "excel")
    return chunks if resource.streamed else b"".join(chunks)


def metadata_link(url: str, carried: str) -> str:
    """Where CSVW processors find a CSV's metadata: `{csv url}-metadata.json` (W3C convention), with the query
    that makes it describe the same table."""
    return f'<{url}.csv-metadata.json{carried}>; rel="describedby"; type="application/csvm+json"'


def describedby(resource: Resource) -> str:
    """This table's metadata, of the same columns (`?fields=` carried)."""
    return metadata_link(resource.url, chosen_fields(resource))


def chosen_fields(resource: Resource) -> str:
    """`?fields=…` as the request gave it, or nothing: what a CSV and its metadata carry to name each other."""
    if resource.fields is None:
        return ""
    return "?" + urlencode({"fields": ",".join(resource.fields.names)}, safe=",")


RENDERER = Renderer(
    name="csv",
    suffix="csv",
    media_type="text/csv; charset=utf-8; header=present",
    views=DATA_VIEWS,
    render=render,
    link=describedby,
    export_layout=lambda collection: layout(COLLECTIONS[collection]),
    reads_names=True,
    projects=True,
    streams=True,
)
