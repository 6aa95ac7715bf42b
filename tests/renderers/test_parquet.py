"""Parquet, on SQLite and PostgreSQL: DuckDB, polars and pandas read the same values and types as the JSON."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from litestar.testing import TestClient

from schemas import COLLECTIONS, Article
from service.records import Record, RecordStream, article_records
from service.renderers import RENDERERS, Resource, View, parquet
from service.tables.columns import columns_for
from tests.conftest import ROOT, SEED_ID

PARQUET = "application/vnd.apache.parquet"
EVENTS = f"/v1/articles/{SEED_ID}/events"
SEED_EVENTS = 12


def fetched(client: TestClient, path: str, **headers: str) -> bytes:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == PARQUET
    assert response.content.startswith(b"PAR1") and response.content.endswith(b"PAR1")
    return response.content


def json_items(client: TestClient, path: str) -> list[dict[str, Any]]:
    body = client.get(path).json()
    items: list[dict[str, Any]] = body.get("items", [body])
    return items


def flat(item: dict[str, Any], column: str) -> Any:
    """A column's value in the JSON item: a nested object's field is `{field}_{subfield}`, as in CSV."""
    if column in item:
        return item[column]
    for key, value in item.items():
        if column.startswith(f"{key}_") and (value is None or isinstance(value, dict)):
            return None if value is None else flat(value, column.removeprefix(f"{key}_"))
    raise KeyError(column)


def expected_rows(items: list[dict[str, Any]], dates: set[str]) -> list[dict[str, Any]]:
    """The JSON items as the Parquet rows should read: flattened, dates as dates."""
    columns = parquet.schema("events").names
    rows = []
    for item in items:
        row = {c: flat(item, c) for c in columns}
        rows.append({c: dt.date.fromisoformat(v) if c in dates and v is not None else v for c, v in row.items()})
    return rows


def duckdb_rows(body: bytes, tmp_path: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    path = tmp_path / "read.parquet"
    path.write_bytes(body)
    with duckdb.connect() as db:
        relation = db.sql(f"SELECT * FROM read_parquet('{path}')")
        types = dict(zip(relation.columns, map(str, relation.types), strict=True))
        return [dict(zip(relation.columns, r, strict=True)) for r in relation.fetchall()], types


def polars_rows(body: bytes, tmp_path: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    frame = pl.read_parquet(io.BytesIO(body))
    return frame.to_dicts(), {name: str(kind) for name, kind in frame.schema.items()}


def pandas_rows(body: bytes, tmp_path: Path) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """With Arrow's dtypes, as pandas' own docs advise for Parquet: its default makes an integer column
    with nulls a float one."""
    frame = pd.read_parquet(io.BytesIO(body), dtype_backend="pyarrow")
    return frame.to_dict("records"), {name: str(kind) for name, kind in frame.dtypes.items()}


READERS = {"duckdb": duckdb_rows, "polars": polars_rows, "pandas": pandas_rows}
TYPES = {
    "duckdb": {
        "date_start": "DATE",
        "fatalities_best": "BIGINT",
        "locations": "VARCHAR[]",
        "participants": 'STRUCT(actor VARCHAR, "role" VARCHAR)[]',
    },
    "polars": {
        "date_start": "Date",
        "fatalities_best": "Int64",
        "locations": "List(String)",
        "participants": "List(Struct({'actor': String, 'role': String}))",
    },
    "pandas": {
        "date_start": "date32[day][pyarrow]",
        "fatalities_best": "int64[pyarrow]",
        "locations": "list<element: string>[pyarrow]",
        "participants": "list<element: struct<actor: string, role: string>>[pyarrow]",
    },
}
"""What each reader makes of a DATE, an integer that may be null, a list of ids, and the list of participants."""
RESOURCES = {
    "an article's events": (EVENTS, f"{EVENTS}.parquet"),
    "a filtered corpus collection": ("/v1/events?type=Battles", "/v1/events.parquet?type=Battles"),
    "an item": (f"{EVENTS}/doctor-death-in-isis-custody", f"{EVENTS}/doctor-death-in-isis-custody.parquet"),
    "an empty selection": ("/v1/events?type=Riots", "/v1/events.parquet?type=Riots"),
}
"""Each resource's JSON, and its Parquet."""


@pytest.mark.parametrize("reader", list(READERS))
@pytest.mark.parametrize("resource", list(RESOURCES))
def test_each_reader_finds_the_jsons_values_and_types(
    client: TestClient, tmp_path: Path, resource: str, reader: str
) -> None:
    json_path, parquet_path = RESOURCES[resource]
    rows, types = READERS[reader](fetched(client, parquet_path), tmp_path)
    assert list(types) == parquet.schema("events").names
    assert {name: types[name] for name in TYPES[reader]} == TYPES[reader]
    assert types["date_end"] == types["date_start"] and types["fatalities_low"] == types["fatalities_best"]
    assert types["geo_precision"] == types["fatalities_best"]
    assert rows == expected_rows(json_items(client, json_path), {"date_start", "date_end"})


def test_the_json_values_are_there(client: TestClient, tmp_path: Path) -> None:
    """Not nulls compared with nulls: the seed has dates and a death count, which the readers read as such."""
    rows, _ = duckdb_rows(fetched(client, f"{EVENTS}.parquet"), tmp_path)
    assert len(rows) == SEED_EVENTS
    by_id = {row["id"]: row for row in rows}
    assert by_id["isis-ultimatum"]["date_start"] == dt.date(2014, 1, 3)
    assert by_id["doctor-death-in-isis-custody"]["fatalities_best"] == 1
    assert by_id["isis-ultimatum"]["participants"] == [
        {"actor": "isis", "role": "actor1"},
        {"actor": "other-rebel-groups", "role": "actor2"},
    ]
    assert by_id["aleppo-eastern-districts-clash"]["locations"] == ["kallassah", "ansari", "jisr-al-hajj"]
    frame = pl.read_parquet(io.BytesIO(fetched(client, "/v1/events.parquet?type=Battles")))
    assert set(frame["event_type"]) == {"Battles"} and frame.height == 5
    assert frame.filter(pl.col("date_start") >= dt.date(2014, 1, 1)).height == 5


def test_an_empty_selection_is_a_file_with_its_schema(client: TestClient) -> None:
    body = fetched(client, "/v1/events.parquet?type=Riots")
    table = pq.read_table(io.BytesIO(body))
    assert table.num_rows == 0
    assert table.schema == parquet.schema("events")
    assert pl.read_parquet(io.BytesIO(body)).schema["date_start"] == pl.Date
    assert pd.read_parquet(io.BytesIO(body)).empty


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_every_collection_has_csvs_scalar_columns_in_csvs_order(client: TestClient, collection: str) -> None:
    """Derived from the model by the same rule: CSV's one-value columns are Parquet's, named and ordered alike;
    lists, which CSV joins or writes as JSON text, stay lists."""
    table = pq.read_table(io.BytesIO(fetched(client, f"/v1/{collection}.parquet")))
    assert table.num_rows == len(json_items(client, f"/v1/{collection}?limit=1000"))
    scalars = [c.name for c in columns_for(COLLECTIONS[collection]) if c.separator is None and c.datatype != "json"]
    assert [name for name in table.schema.names if not pa.types.is_list(table.schema.field(name).type)] == scalars
    lists = [name for name in table.schema.names if pa.types.is_list(table.schema.field(name).type)]
    assert "evidence" in lists


def test_no_other_format_has_its_media_type() -> None:
    """So Accept never ties it with another."""
    assert [r.name for r in RENDERERS if r.mime == PARQUET] == ["parquet"]


def test_accept_gets_parquet_and_a_406_lists_it(client: TestClient) -> None:
    negotiated = client.get("/v1/events?type=Battles", headers={"Accept": PARQUET})
    assert negotiated.status_code == 200 and negotiated.headers["content-type"] == PARQUET
    assert negotiated.headers["vary"] == "Accept"
    assert pq.read_table(io.BytesIO(negotiated.content)).num_rows == 5
    refused = client.get(EVENTS, headers={"Accept": "text/x-nothing"})
    assert refused.status_code == 406
    assert PARQUET in refused.json()["available"]


@pytest.mark.parametrize("path", [f"/v1/articles/{SEED_ID}.parquet", "/v1/articles.parquet"])
def test_a_resource_parquet_does_not_serve_is_a_404_problem(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"].startswith("no format 'parquet' here; available: .json")


def test_a_corpus_export_is_not_paged(client: TestClient) -> None:
    response = client.get("/v1/events.parquet?limit=5")
    assert response.status_code == 400
    assert response.json()["detail"] == "parquet streams the whole filtered set: drop limit and cursor"


def test_the_same_data_makes_the_same_bytes(client: TestClient) -> None:
    body = fetched(client, "/v1/events.parquet")
    assert pq.ParquetFile(io.BytesIO(body)).metadata.num_row_groups == 1  # (a row group holds some megabytes)
    assert fetched(client, "/v1/events.parquet") == body


def test_columns_whose_values_repeat_are_dictionary_encoded(client: TestClient) -> None:
    """article_id, enumerations and references, as the model marks them; not texts, each of its own."""
    group = pq.ParquetFile(io.BytesIO(fetched(client, "/v1/events.parquet"))).metadata.row_group(0)
    encoded = {
        group.column(i).path_in_schema
        for i in range(group.num_columns)
        if "RLE_DICTIONARY" in group.column(i).encodings
    }
    assert encoded == {
        "article_id",
        "event_type",
        "sub_event_type",
        "date_precision",
        "date_basis",
        "participants.list.element.actor",
        "participants.list.element.role",
        "locations.list.element",
        "certainty",
        "part_of",
    }


def test_an_export_streams_a_row_group_at_a_time(seed: Article, monkeypatch: pytest.MonkeyPatch) -> None:
    records = article_records(seed, "events")
    whole = pq.read_table(io.BytesIO(render(records)))
    monkeypatch.setattr(parquet, "ROW_GROUP_BYTES", 1)  # a row group for each batch the store reads
    grouped = pq.ParquetFile(io.BytesIO(b"".join(streamed([records[:5], records[5:10], records[10:]]))))
    assert [grouped.metadata.row_group(i).num_rows for i in range(grouped.num_row_groups)] == [5, 5, 2]
    assert grouped.read() == whole


def test_row_groups_keep_the_stores_order_whichever_is_parsed_first(
    seed: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Row groups are parsed several at once: the first one's parse here waits until the second's is done."""
    records = article_records(seed, "events")
    second_parsed = threading.Event()
    parse = parquet.table

    def out_of_order(collection: str, documents: bytes, article_ids: list[str]) -> pa.Table:
        first = documents.startswith(records[0].document)
        if first:
            assert second_parsed.wait(10), "the second row group was not parsed beside the first"
        parsed = parse(collection, documents, article_ids)
        if not first:
            second_parsed.set()
        return parsed

    monkeypatch.setattr(parquet, "table", out_of_order)
    monkeypatch.setattr(parquet, "ROW_GROUP_BYTES", 1)
    grouped = pq.ParquetFile(io.BytesIO(b"".join(streamed([records[:5], records[5:10], records[10:]]))))
    assert [grouped.metadata.row_group(i).num_rows for i in range(grouped.num_row_groups)] == [5, 5, 2]
    assert grouped.read().column("id").to_pylist() == [record.id for record in records]


def test_a_document_arrow_cannot_read_ends_the_stream_without_a_footer(
    seed: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row groups before it are sent, then the error: what the client has is not a readable file."""
    records = article_records(seed, "events")
    monkeypatch.setattr(parquet, "ROW_GROUP_BYTES", 1)
    broken = Record("events", seed.id, "broken", b'{"id": "broken", "event_type": ')
    sent = bytearray()
    with pytest.raises(pa.ArrowInvalid):
        for chunk in streamed([records, [broken]]):
            sent += chunk
    assert sent.startswith(b"PAR1") and not sent.endswith(b"PAR1")


def render(records: list[Record]) -> bytes:
    body = parquet.render(
        Resource(view=View.COLLECTION, base_url="", path="/v1/events", collection="events", records=records)
    )
    assert isinstance(body, bytes)
    return body


def streamed(batches: list[list[Record]]) -> Iterator[bytes]:
    """An export's chunks, of records in the batches a store would read them in."""
    stream = RecordStream(iter(batches))
    chunks = parquet.render(
        Resource(view=View.COLLECTION, base_url="", path="/v1/events", collection="events", records=stream)
    )
    assert not isinstance(chunks, bytes)
    return chunks


def newsfacts(database_url: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "service", *args], cwd=ROOT, env=env, capture_output=True, timeout=120)


def test_the_cli_exports_parquet(database_url: str, tmp_path: Path) -> None:
    assert newsfacts(database_url, "migrate").returncode == 0
    out = tmp_path / "battles.parquet"
    result = newsfacts(
        database_url, "export", "events", "--format", "parquet", "--where", "type=Battles", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().strip() == "exported 5 events"
    with duckdb.connect() as db:
        assert db.sql(f"SELECT count(*), min(date_start) FROM '{out}'").fetchall() == [(5, dt.date(2014, 1, 3))]
    assert "parquet" in newsfacts(database_url, "export", "--help").stdout.decode()


def test_the_app_starts_without_pyarrow(tmp_path: Path) -> None:
    program = "import sys\nfrom service.app import create_app\ncreate_app()\nprint('pyarrow' in sys.modules)"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'start.sqlite3'}"}
    started = subprocess.run([sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == b"False"
