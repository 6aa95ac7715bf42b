"""Data Package (Frictionless), on SQLite and PostgreSQL: the CSV tables zipped with a typed datapackage.json
that `frictionless validate` passes, that DuckDB and pandas read with the right types, whose references hold."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any, get_args

import duckdb
import pandas as pd
import pytest
from frictionless import Package
from litestar.testing import TestClient

from schemas import COLLECTIONS
from schemas.v1.events import EventType
from schemas.v1.locations import LocationKind
from tests.conftest import SEED_ID, problem

ARTICLE = f"/v1/articles/{SEED_ID}"


TABLES = ["articles", *COLLECTIONS]


FILES = {*(f"{t}.csv" for t in TABLES), "datapackage.json"}


SEED_ROWS = {"articles": 1, "actors": 21, "locations": 20, "events": 12, "relations": 32}


FRICTIONLESS = str(Path(sys.executable).parent / "frictionless")


DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMPTZ",
    "array": "JSON",
    "object": "JSON",
}
"""How a consumer maps Table Schema types to DuckDB's."""


DECLARED_KEYS = {
    "articles": [],
    "actors": [(["article_id"], "articles", ["id"])],
    "locations": [(["article_id"], "articles", ["id"])],
    "events": [(["article_id"], "articles", ["id"])],
    "relations": [
        (["article_id"], "articles", ["id"]),
        (["article_id", "subject"], "actors", ["article_id", "id"]),
        (["article_id", "object"], "actors", ["article_id", "id"]),
    ],
}


NULLABLE_REFERENCES = [
    ("articles", ["id", "publisher"], "actors"),
    ("locations", ["article_id", "parent"], "locations"),
    ("events", ["article_id", "part_of"], "events"),
]
"""References on columns that may be empty: described per field, not declared (frictionless fails a composite
key with a null part, where SQL's MATCH SIMPLE skips it); checked below all the same."""


def unzip(response, folder: Path) -> Path:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == FILES
    assert archive.testzip() is None
    archive.extractall(folder)
    return folder


def descriptor(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def resource(folder: Path, table: str) -> dict[str, Any]:
    return next(r for r in descriptor(folder)["resources"] if r["name"] == table)


def frictionless_validate(folder: Path) -> dict[str, Any]:
    """What a user runs: `frictionless validate datapackage.json`, its report as JSON."""
    run = subprocess.run(
        [FRICTIONLESS, "validate", "--json", "datapackage.json"], cwd=folder, capture_output=True, text=True
    )
    return json.loads(run.stdout)


def row_counts(report: dict[str, Any]) -> dict[str, int]:
    return {task["name"]: task["stats"].get("rows", 0) for task in report["tasks"]}  # (no rows: no count)


def duckdb_table(connection: duckdb.DuckDBPyConnection, folder: Path, table: str) -> None:
    """Load a table with the types its Table Schema gives (a cell that does not fit fails the load)."""
    fields = resource(folder, table)["schema"]["fields"]
    columns = {f["name"]: DUCKDB_TYPES[f["type"]] for f in fields}
    connection.execute(
        f"CREATE TABLE {table} AS SELECT * FROM read_csv(?, header = true, columns = ?, nullstr = '')",
        [str(folder / f"{table}.csv"), columns],
    )


@pytest.fixture
def seed_package(client: TestClient, tmp_path: Path) -> Path:
    return unzip(client.get(f"{ARTICLE}/datapackage.zip"), tmp_path / "package")


def test_the_article_package_is_a_zip_of_five_tables_and_a_descriptor(client: TestClient) -> None:
    response = client.get(f"{ARTICLE}/datapackage.zip")
    assert response.headers["content-disposition"] == f'attachment; filename="{SEED_ID}-datapackage.zip"'
    assert response.headers["etag"].startswith('"')
    package = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    assert package["name"] == f"newsfacts-{SEED_ID}"
    assert [r["name"] for r in package["resources"]] == TABLES
    for table in package["resources"]:
        assert table["path"] == f"{table['name']}.csv"
        assert table["profile"] == "tabular-data-resource"
        assert (table["format"], table["mediatype"], table["encoding"]) == ("csv", "text/csv", "utf-8")
        assert table["schema"]["missingValues"] == [""]
    again = client.get(f"{ARTICLE}/datapackage.zip", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_the_tables_are_the_csv_format_byte_for_byte(client: TestClient, seed_package: Path) -> None:
    assert (seed_package / "articles.csv").read_bytes() == client.get(f"{ARTICLE}.csv").content
    for collection in COLLECTIONS:
        assert (seed_package / f"{collection}.csv").read_bytes() == client.get(f"{ARTICLE}/{collection}.csv").content


def test_frictionless_validates_the_article_package_without_errors(seed_package: Path) -> None:
    report = frictionless_validate(seed_package)
    assert report["stats"]["errors"] == 0, report
    assert report["valid"] is True
    assert row_counts(report) == SEED_ROWS


def test_frictionless_catches_a_broken_reference_and_a_changed_file(seed_package: Path) -> None:
    relations = seed_package / "relations.csv"
    relations.write_bytes(relations.read_bytes().replace(b",nusra-front,", b",nobody,", 1))
    errors = [e["type"] for task in frictionless_validate(seed_package)["tasks"] for e in task["errors"]]
    assert sorted(errors) == ["byte-count", "foreign-key", "hash-count"]


def test_the_table_schemas_follow_the_csv_columns_and_their_csvw_metadata(client: TestClient, seed_package: Path):
    csvw_types = {"string": "string", "integer": "integer", "double": "number", "boolean": "boolean"}
    csvw_types |= {"date": "date", "datetime": "datetime"}
    for table in TABLES:
        path = ARTICLE if table == "articles" else f"{ARTICLE}/{table}"
        columns = client.get(f"{path}.csv-metadata.json").json()["tableSchema"]["columns"]
        schema = resource(seed_package, table)["schema"]
        assert [f["name"] for f in schema["fields"]] == [c["name"] for c in columns]
        for field, column in zip(schema["fields"], columns, strict=True):
            required = field.get("constraints", {}).get("required", False)
            assert required == column["required"], field
            if "separator" in column:
                assert field["type"] == "string" and "joined with ';'" in field["description"]
            elif isinstance(column["datatype"], dict):
                assert field["type"] == "string" and field["constraints"]["enum"]
            elif column["datatype"] == "json":
                assert field["type"] == "array" and "JSON" in field["description"]
            else:
                assert field["type"] == csvw_types[column["datatype"]], field
        assert schema["primaryKey"] == (["id"] if table == "articles" else ["article_id", "id"])
        declared = [(k["fields"], k["reference"]["resource"], k["reference"]["fields"]) for k in schema["foreignKeys"]]
        assert declared == DECLARED_KEYS[table]


def test_enumerations_list_the_models_values(seed_package: Path) -> None:
    events = {f["name"]: f for f in resource(seed_package, "events")["schema"]["fields"]}
    assert events["event_type"]["constraints"]["enum"] == sorted(get_args(EventType))
    assert events["date_precision"]["constraints"] == {"enum": ["day", "month", "week", "year"]}  # nullable
    locations = {f["name"]: f for f in resource(seed_package, "locations")["schema"]["fields"]}
    assert locations["kind"]["constraints"] == {"required": True, "enum": sorted(get_args(LocationKind))}
    assert "locations with the same article" in locations["parent"]["description"]


def test_duckdb_reads_every_table_with_its_types(seed_package: Path) -> None:
    with duckdb.connect() as connection:
        for table in TABLES:
            duckdb_table(connection, seed_package, table)
            assert connection.execute(f"SELECT count(*) FROM {table}").fetchone() == (SEED_ROWS[table],)
        types = dict(
            connection.execute("SELECT table_name || '.' || column_name, data_type FROM duckdb_columns()").fetchall()
        )
        assert types["events.date_start"] == "DATE"
        assert types["events.fatalities_best"] == "BIGINT"
        assert types["locations.coordinates_latitude"] == "DOUBLE"
        assert types["articles.date_published"] == "TIMESTAMP WITH TIME ZONE"
        assert types["events.evidence"] == "JSON"
        aleppo = "SELECT coordinates_longitude, coordinates_latitude FROM locations WHERE id = 'aleppo-city'"
        assert connection.execute(aleppo).fetchone() == (37.16117, 36.20124)
        quote = "SELECT evidence->>'$[0].quote' FROM events WHERE id = 'atareb-clash'"
        assert connection.execute(quote).fetchone()[0]
        # and DuckDB's own sniffing, with no schema at all, agrees on the columns that matter
        sniffed = connection.execute(f"DESCRIBE SELECT * FROM read_csv('{seed_package / 'events.csv'}')").fetchall()
        sniffed_types = {row[0]: row[1] for row in sniffed}
        assert (sniffed_types["date_start"], sniffed_types["fatalities_best"]) == ("DATE", "BIGINT")


def test_pandas_reads_every_table_with_its_types(seed_package: Path) -> None:
    package = Package(str(seed_package / "datapackage.json"))
    frames = {table: package.get_resource(table).to_pandas() for table in TABLES}
    assert {table: len(frame) for table, frame in frames.items()} == SEED_ROWS
    events, locations = frames["events"], frames["locations"]
    assert pd.api.types.is_datetime64_any_dtype(events["date_start"])
    assert str(events["fatalities_best"].dtype) == "Int64"  # nullable: unknown is null, never 0
    assert locations["coordinates_latitude"].dtype == "float64"
    aleppo = locations.loc[(SEED_ID, "aleppo-city")]
    assert (aleppo["coordinates_longitude"], aleppo["coordinates_latitude"]) == (37.16117, 36.20124)
    plain = pd.read_csv(seed_package / "locations.csv")  # without the package: the floats are floats still
    assert plain["coordinates_latitude"].dtype == "float64"


def test_every_reference_holds(seed_package: Path) -> None:
    with duckdb.connect() as connection:
        for table in TABLES:
            duckdb_table(connection, seed_package, table)
        references = [
            (table, fields, target, target_fields)
            for table, keys in DECLARED_KEYS.items()
            for fields, target, target_fields in keys
        ]
        references += [(t, fields, target, ["article_id", "id"]) for t, fields, target in NULLABLE_REFERENCES]
        for table, fields, target, target_fields in references:
            joined = " AND ".join(f"s.{a} = t.{b}" for a, b in zip(fields, target_fields, strict=True))
            present = " AND ".join(f"s.{a} IS NOT NULL" for a in fields)  # SQL's MATCH SIMPLE
            missing = f"NOT EXISTS (SELECT 1 FROM {target} t WHERE {joined})"
            dangling = connection.execute(f"SELECT count(*) FROM {table} s WHERE {present} AND {missing}").fetchone()
            assert dangling == (0,), (table, fields, target)
        used = connection.execute("SELECT count(*) FROM locations WHERE parent IS NOT NULL").fetchone()
        assert used is not None and used[0] > 0


def test_the_corpus_package_holds_every_article(corpus: TestClient, tmp_path: Path) -> None:
    response = corpus.get("/v1/datapackage.zip")
    assert response.headers["content-disposition"] == 'attachment; filename="newsfacts-datapackage.zip"'
    folder = unzip(response, tmp_path)
    report = frictionless_validate(folder)
    assert report["stats"]["errors"] == 0, report
    second = {"articles": 1, "actors": 2, "locations": 1, "events": 1, "relations": 0}
    assert row_counts(report) == {t: SEED_ROWS[t] + second[t] for t in TABLES}
    for collection in COLLECTIONS:  # the corpus CSV, byte for byte
        assert (folder / f"{collection}.csv").read_bytes() == corpus.get(f"/v1/{collection}.csv").content
    again = corpus.get("/v1/datapackage.zip", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("selection", ["article", "updated_since"])
def test_the_corpus_package_takes_the_collections_filters(corpus: TestClient, tmp_path: Path, selection: str) -> None:
    updated_at = next(a for a in corpus.get("/v1/articles").json()["items"] if a["id"] == "second-article")[
        "updated_at"
    ]
    params = {"article": "second-article"} if selection == "article" else {"updated_since": updated_at}
    folder = unzip(corpus.get("/v1/datapackage.zip", params=params), tmp_path)
    report = frictionless_validate(folder)
    assert report["stats"]["errors"] == 0, report
    assert row_counts(report) == {"articles": 1, "actors": 2, "locations": 1, "events": 1, "relations": 0}
    for collection in COLLECTIONS:
        expected = corpus.get(f"/v1/{collection}.csv", params=params).content
        assert (folder / f"{collection}.csv").read_bytes() == expected
    assert (folder / "articles.csv").read_text(encoding="utf-8").splitlines()[1].startswith("second-article,")


def test_an_empty_selection_is_a_valid_empty_package(client: TestClient, tmp_path: Path) -> None:
    folder = unzip(client.get("/v1/datapackage.zip", params={"updated_since": "2999-01-01T00:00:00Z"}), tmp_path)
    report = frictionless_validate(folder)
    assert report["valid"] is True and row_counts(report) == dict.fromkeys(TABLES, 0)


@pytest.mark.parametrize(
    ("url", "params", "status", "detail"),
    [
        ("/v1/datapackage.zip", {"type": "Battles"}, 400, "unknown query parameter(s): type"),
        ("/v1/datapackage.zip", {"limit": "10"}, 400, "unknown query parameter(s): limit"),
        ("/v1/datapackage.zip", {"updated_since": "2024-01-01"}, 400, "time zone"),
        ("/v1/datapackage.zip", {"article": "Not An Id"}, 400, "not an id"),
        (f"{ARTICLE}/datapackage.zip", {"article": SEED_ID}, 400, "unknown query parameter(s): article"),
        ("/v1/articles/no-such-article/datapackage.zip", {}, 404, "no-such-article"),
        (f"{ARTICLE}/datapackage.json", {}, 404, "collection 'datapackage'"),
    ],
)
def test_bad_package_requests_are_problems(client: TestClient, url: str, params: dict, status: int, detail: str):
    problem(client.get(url, params=params), status, detail)
