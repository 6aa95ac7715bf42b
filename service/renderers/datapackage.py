"""Frictionless Data Package: an article, or a filtered corpus, as five CSV tables and a typed descriptor, zipped.

The tables are the very bytes the CSV format serves. Each Table Schema comes from the same columns
(`service.tables.columns`) as the CSV header and its CSVW metadata, so the three never disagree; foreign keys
from the references the model marks (`Meta(extra={"ref": …})`). The descriptor (datapackage.json) is written
last, once the tables' sizes and hashes are known.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from tempfile import SpooledTemporaryFile
from typing import IO, Any

import orjson

from schemas import COLLECTIONS, Article
from service.records import article_records
from service.renderers import csv
from service.renderers.base import Rendered, Renderer, Resource, View
from service.tables.columns import ARTICLE_TABLES, Column, columns_for, primary_key, row
from service.tables.csv_lines import csv_row, encode_rows

MEDIA_TYPE = "application/zip"
FILE = "datapackage.zip"
"""Its name in URLs: `/v1/articles/{id}/datapackage.zip`, `/v1/datapackage.zip`."""
TABLES: dict[str, type] = {"articles": Article, **COLLECTIONS}
"""The package's tables by resource name: the article table, then one per collection."""
TYPES = {
    "string": "string",
    "integer": "integer",
    "double": "number",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
}
"""Table Schema type of each CSVW datatype the columns use (enumerations, lists and JSON are handled apart)."""
EARLIEST = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
"""The earliest time a zip entry can carry."""
CHUNK = 1 << 16
SPOOL_BYTES = 8 << 20
"""A corpus table is kept in memory up to this size, then in a temporary file."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A column (with its row's article) that names a row of another table of the same article."""

    column: str
    table: str
    required: bool


# The Table Schema of each table


def references(table: str) -> list[Reference]:
    """What each table's columns refer to: its article, and every single-id column the model marks with a `ref`."""
    found = [] if table == "articles" else [Reference("article_id", "articles", True)]
    for column in columns_for(TABLES[table]):
        if column.ref is not None and column.separator is None:
            found.append(Reference(column.name, column.ref, column.required))
    return found


def _article_key(table: str) -> str:
    return "id" if TABLES[table] in ARTICLE_TABLES else "article_id"


def _foreign_key(table: str, reference: Reference) -> dict[str, Any]:
    if reference.table == "articles":
        return {"fields": [reference.column], "reference": {"resource": "articles", "fields": ["id"]}}
    return {
        "fields": [_article_key(table), reference.column],
        "reference": {"resource": reference.table, "fields": ["article_id", "id"]},
    }


def _field(column: Column, reference: Reference | None) -> dict[str, Any]:
    notes = [column.description] if column.description else []
    constraints: dict[str, Any] = {"required": True} if column.required else {}
    if column.separator is not None:
        kind = "string"
        notes.append(f"A list: its values joined with {column.separator!r} (empty for none).")
    elif isinstance(column.datatype, dict):  # an enumeration
        kind = "string"
        constraints["enum"] = list(column.choices)
    elif column.datatype == "json":
        assert column.json_shape is not None
        kind = column.json_shape
        notes.append(f"JSON text (a JSON {kind}).")
    else:
        kind = TYPES[column.datatype]
    if reference is not None and not reference.required:
        # Not in foreignKeys: frictionless checks a composite key with a null part (no parent) and fails it,
        # where SQL (MATCH SIMPLE) skips it. The reference holds all the same, and is stated here.
        notes.append(f"The id of a row of {reference.table} with the same article (empty for none).")
    spec: dict[str, Any] = {"name": column.name, "type": kind}
    if notes:
        spec["description"] = " ".join(notes)
    if constraints:
        spec["constraints"] = constraints
    return spec


def table_schema(table: str) -> dict[str, Any]:
    """The Table Schema of one table, field by field from its columns."""
    struct_type = TABLES[table]
    refs = {r.column: r for r in references(table)}
    return {
        "fields": [_field(c, refs.get(c.name)) for c in columns_for(struct_type)],
        "missingValues": [""],
        "primaryKey": primary_key(struct_type),
        "foreignKeys": [_foreign_key(table, r) for r in refs.values() if r.required],
    }


def descriptor(name: str, title: str, source: str, files: Mapping[str, tuple[int, str]]) -> dict[str, Any]:
    """datapackage.json: one tabular resource per table; `files` gives each table's size and SHA-256."""
    resources = []
    for table, (size, sha256) in files.items():
        resources.append(
            {
                "name": table,
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": size,
                "hash": f"sha256:{sha256}",
                "schema": table_schema(table),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "sources": [{"title": "newsfacts", "path": source}],
        "resources": resources,
    }


# The tables


def article_tables(article: Article) -> dict[str, IO[bytes]]:
    """One article's tables: exactly what its CSV URLs serve (`{id}.csv`, `{id}/{collection}.csv`)."""
    path = f"/v1/articles/{article.id}"
    tables = {"articles": _bytes(csv.render(Resource(view=View.ARTICLE, base_url="", path=path, article=article)))}
    for name in COLLECTIONS:
        records = article_records(article, name)
        resource = Resource(view=View.COLLECTION, base_url="", path=f"{path}/{name}", collection=name, records=records)
        tables[name] = _bytes(csv.render(resource))
    return {name: io.BytesIO(body) for name, body in tables.items()}


def _bytes(rendered: Rendered) -> bytes:
    return rendered if isinstance(rendered, bytes) else b"".join(rendered)


def corpus_tables(articles: Iterable[tuple[Article, dt.datetime]]) -> tuple[dict[str, IO[bytes]], dt.datetime | None]:
    """The tables of many articles, rows in (article_id, id) order like the corpus CSV, spooled to disk when large;
    and the newest article's change.

    Each article is read as one document, so every reference in the package resolves even while writes happen.
    """
    tables: dict[str, IO[bytes]] = {}
    newest = None
    with ExitStack() as opened:  # closed here on failure; on success by `zipped`
        for name, struct_type in TABLES.items():
            tables[name] = opened.enter_context(SpooledTemporaryFile(max_size=SPOOL_BYTES))
            tables[name].write(encode_rows([[c.name for c in columns_for(struct_type)]]))
        article_columns = columns_for(Article)
        for article, updated_at in articles:
            newest = updated_at if newest is None else max(newest, updated_at)
            tables["articles"].write(encode_rows([row(article_columns, article, None)]))
            for name in COLLECTIONS:
                pairs = zip(article_records(article, name), getattr(article, name), strict=True)
                for record, item in sorted(pairs, key=lambda pair: pair[0].id):
                    tables[name].write(csv_row(record, item)[0])
        opened.pop_all()
    return tables, newest


# The zip


class _Sink:
    """A write-only stream: zipfile writes to it, the response takes what was written (never seeked)."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes, /) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        taken = b"".join(self.chunks)
        self.chunks.clear()
        return taken


def zipped(
    tables: Mapping[str, IO[bytes]], *, name: str, title: str, source: str, modified: dt.datetime | None
) -> Iterator[bytes]:
    """The zip, chunk by chunk: each table as `{name}.csv`, then datapackage.json. Closes the tables.

    Entries carry `modified` (the newest article's change) as their time, so the same data zips to the same bytes.
    """
    stamp = max(modified or EARLIEST, EARLIEST).astimezone(dt.UTC)
    sink = _Sink()
    files: dict[str, tuple[int, str]] = {}
    try:
        with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table, source_file in tables.items():
                size = source_file.seek(0, io.SEEK_END)
                source_file.seek(0)
                digest = hashlib.sha256()
                with archive.open(_entry(f"{table}.csv", stamp, size), "w") as entry:
                    while block := source_file.read(CHUNK):
                        digest.update(block)
                        entry.write(block)
                        if chunk := sink.take():
                            yield chunk
                files[table] = (size, digest.hexdigest())
            package = descriptor(name, title, source, files)
            body = orjson.dumps(package, option=orjson.OPT_INDENT_2) + b"\n"
            archive.writestr(_entry("datapackage.json", stamp, len(body)), body)
        yield sink.take()
    finally:
        for source_file in tables.values():
            source_file.close()


def _entry(path: str, stamp: dt.datetime, size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=stamp.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.file_size = size  # known before writing: decides ZIP64 for a stream that cannot seek back
    return info


def render(resource: Resource) -> Rendered:
    """One article's package (its tables as its CSV URLs serve them), or the corpus's from `resource.dated`."""
    article = resource.article
    if article is not None:
        _, updated_at = next(iter(resource.dated), (article, None))
        chunks = zipped(
            article_tables(article),
            name=f"newsfacts-{article.id}",
            title=article.headline,
            source=resource.url,
            modified=updated_at,
        )
        return b"".join(chunks)
    tables, newest = corpus_tables(resource.dated)
    source = resource.url + (f"?{resource.query}" if resource.query else "")
    return zipped(tables, name="newsfacts-corpus", title="newsfacts corpus", source=source, modified=newest)


def attachment(resource: Resource) -> str:
    name = f"{resource.article.id}-datapackage.zip" if resource.article else "newsfacts-datapackage.zip"
    return f'attachment; filename="{name}"'


RENDERER = Renderer(
    name="datapackage",
    suffix="zip",
    media_type=MEDIA_TYPE,
    views=frozenset({View.PACKAGE}),
    render=render,
    negotiable=False,
    binary=True,
    attachment=attachment,
)
