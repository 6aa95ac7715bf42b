"""CSV: RFC 4180 (CRLF, minimal quoting), UTF-8, a header row; columns from `tabular`.

A whole-corpus export streams in chunks of rows; its row count is sent before it (X-Row-Count), and a
stream cut short ends without HTTP's last chunk, so no client takes it for complete.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from schemas import COLLECTIONS, Article, ArticleSummary
from service.renderers import tabular
from service.renderers.base import Rendered, Renderer, Resource, View

CHUNK_ROWS = 1_000


def table_type(resource: Resource) -> type:
    """The Struct type of the rows of this resource's table."""
    if resource.view is View.ARTICLE:
        return Article
    if resource.view is View.ARTICLES:
        return ArticleSummary
    assert resource.collection is not None
    return COLLECTIONS[resource.collection]


def _rows(resource: Resource, columns: tuple[tabular.Column, ...]) -> Iterable[list[str]]:
    if resource.view is View.ARTICLE:
        return [tabular.row(columns, resource.article, None)]
    if resource.view is View.ARTICLES:
        return (tabular.row(columns, summary, None) for summary in resource.summaries)
    return (tabular.row(columns, record.item(), record) for record in resource.records)


def _chunks(header: list[str], rows: Iterable[list[str]]) -> Iterator[bytes]:
    out = io.StringIO(newline="")
    writer: Any = csv.writer(out)  # the default dialect: CRLF line ends and quoting as RFC 4180 asks
    writer.writerow(header)
    for count, row in enumerate(rows, 1):
        writer.writerow(row)
        if count % CHUNK_ROWS == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def render(resource: Resource) -> Rendered:
    columns = tabular.columns_for(table_type(resource))
    chunks = _chunks([c.name for c in columns], _rows(resource, columns))
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
    streams=True,
)
