"""CSV: RFC 4180 (CRLF, minimal quoting), UTF-8, a header row; columns from `tabular`.

A whole-corpus export streams in chunks of rows; its row count is sent before it (X-Row-Count), and a
stream cut short ends without HTTP's last chunk, so no client takes it for complete.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from schemas import COLLECTIONS, Article, ArticleSummary
from service.renderers import tabular
from service.renderers.base import Rendered, Renderer, Resource, View, batched, record_batches
from service.store import Record

CHUNK_ROWS = 1_000


def table_type(resource: Resource) -> type:
    """The Struct type of the rows of this resource's table."""
    if resource.view is View.ARTICLE:
        return Article
    if resource.view is View.ARTICLES:
        return ArticleSummary
    assert resource.collection is not None
    return COLLECTIONS[resource.collection]


def _cell(text: str) -> str:
    """Quoted where it holds a quote, a comma or a line break (RFC 4180; what csv.writer quotes)."""
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells: list[str]) -> str:
    """One CSV line, CRLF-ended, byte for byte what csv.writer's default dialect writes (tests/test_csv.py
    checks it), three times as fast: every stored record's line is rendered when its article is written."""
    if len(cells) == 1 and not cells[0]:
        return '""\r\n'  # (an empty line would read as no row at all)
    return ",".join(map(_cell, cells)) + "\r\n"


def encode_rows(rows: Iterable[list[str]]) -> bytes:
    return "".join(map(csv_line, rows)).encode("utf-8")


@cache
def layout(struct_type: type) -> str:
    """Names the columns of a table: a CSV line rendered under another layout is rendered again."""
    names = ",".join(c.name for c in tabular.columns_for(struct_type))
    return hashlib.blake2b(names.encode(), digest_size=8).hexdigest()


def csv_row(record: Record, item: Any | None = None) -> tuple[bytes, str]:
    """A record's CSV line and its layout: rendered when the article is stored, so exports only copy bytes."""
    struct_type = COLLECTIONS[record.collection]
    columns = tabular.columns_for(struct_type)
    return csv_line(tabular.row(columns, item or record.item(), record)).encode("utf-8"), layout(struct_type)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff".encode()


def spreadsheet_safe(cells: list[str]) -> list[str]:
    """OWASP's CSV-injection defence: a cell a spreadsheet would run as a formula is made text with a `'`."""
    return ["'" + cell if cell.startswith(FORMULA_STARTS) else cell for cell in cells]


def _rows(resource: Resource, columns: tuple[tabular.Column, ...]) -> Iterator[list[str]]:
    if resource.view is View.ARTICLE:
        yield tabular.row(columns, resource.article, None)
    elif resource.view is View.ARTICLES:
        yield from (tabular.row(columns, summary, None) for summary in resource.summaries)
    else:
        yield from (tabular.row(columns, record.item(), record) for record in resource.records)


def _blocks(resource: Resource, columns: tuple[tabular.Column, ...]) -> Iterator[bytes]:
    """The rows as CSV, in blocks of whole lines (a thousand or so: what a stream sends at once)."""
    if resource.dialect == "excel":
        for rows in batched(_rows(resource, columns), CHUNK_ROWS):
            yield encode_rows(spreadsheet_safe(row) for row in rows)
    elif resource.view in (View.COLLECTION, View.ITEM):
        current = layout(table_type(resource))
        for batch in record_batches(resource.records):  # the lines rendered when the article was stored
            yield b"".join(
                [r.csv_row if r.csv_layout == current and r.csv_row is not None else csv_row(r)[0] for r in batch]
            )
    else:
        yield encode_rows(_rows(resource, columns))


def _chunks(columns: tuple[tabular.Column, ...], blocks: Iterator[bytes], bom: bool = False) -> Iterator[bytes]:
    yield (BOM if bom else b"") + csv_line([c.name for c in columns]).encode("utf-8")
    yield from blocks


def render(resource: Resource) -> Rendered:
    columns = tabular.columns_for(table_type(resource))
    chunks = _chunks(columns, _blocks(resource, columns), bom=resource.dialect == "excel")
    return chunks if resource.streamed else b"".join(chunks)


def describedby(resource: Resource) -> str:
    """Where CSVW processors find this table's metadata: `{csv url}-metadata.json` (W3C convention)."""
    return f'<{resource.url}.csv-metadata.json>; rel="describedby"; type="application/csvm+json"'


RENDERER = Renderer(
    name="csv",
    suffix="csv",
    media_type="text/csv; charset=utf-8; header=present",
    views=frozenset(View),
    render=render,
    link=describedby,
    export_layout=lambda collection: layout(COLLECTIONS[collection]),
    reads_names=True,
    streams=True,
)
