"""CSV: RFC 4180 (CRLF, minimal quoting), UTF-8, a header row; columns from `tabular`."""

from __future__ import annotations

import csv
import io

from schemas import COLLECTIONS, Article, ArticleSummary
from service.renderers import tabular
from service.renderers.base import Renderer, Resource, View


def table_type(resource: Resource) -> type:
    """The Struct type of the rows of this resource's table."""
    if resource.view is View.ARTICLE:
        return Article
    if resource.view is View.ARTICLES:
        return ArticleSummary
    assert resource.collection is not None
    return COLLECTIONS[resource.collection]


def table_rows(resource: Resource) -> tuple[tuple[tabular.Column, ...], list[list[str]]]:
    struct_type = table_type(resource)
    columns = tabular.columns_for(struct_type)
    if resource.view is View.ARTICLE:
        items: object = [resource.article]
    elif resource.view is View.ARTICLES:
        items = resource.summaries
    else:
        items = resource.items
    return columns, tabular.rows(columns, items, resource.article)  # type: ignore[arg-type]


def render(resource: Resource) -> bytes:
    columns, rows = table_rows(resource)
    out = io.StringIO(newline="")
    writer = csv.writer(out)  # the default dialect: CRLF line ends and quoting as RFC 4180 asks
    writer.writerow([c.name for c in columns])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


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
)
