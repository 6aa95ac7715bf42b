"""The counts as CSV with CSVW metadata (service/tables/counts.py, service/renderers/counts.py), on SQLite and
PostgreSQL: a row per bucket, then other, missing and total; every number the JSON body's; columns from the model;
reached by Accept and by suffix, tagged, and typed by a CSVW processor over HTTP."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pandas as pd
import pytest
from csvw import CSVW
from litestar.testing import TestClient
from msgspec import inspect as mi

from schemas.v1.records import Bucket
from service.http.observability import route_of
from tests.conftest import AUTH, problem
from tests.routes.test_facets import FIGURES, with_deaths

CSV = "text/csv; charset=utf-8; header=present"
REQUESTS = [
    ("events", {"facet": "event_type", "top": "2"}),
    ("events", {"facet": "sub_event_type", "article": "deaths"}),
    ("events", {"facet": "date", "interval": "year"}),
    ("events", {"facet": "country", "top": "1"}),
    ("actors", {"facet": "kind", "top": "3"}),
    ("relations", {"facet": "type"}),
]
"""Counts with and without deaths, with other, missing and several values an item."""


def flattened(info: Any, prefix: str = "") -> list[str]:
    """The column names of a struct's fields, worked out here from msgspec's own description of the model:
    nested structs `{field}_{subfield}`."""
    names = []
    for field in info.fields:
        inner = field.type
        while isinstance(inner, mi.Metadata | mi.UnionType):  # (Annotated, Optional)
            inner = (
                inner.type
                if isinstance(inner, mi.Metadata)
                else next(t for t in inner.types if not isinstance(t, mi.NoneType))
            )
        if isinstance(inner, mi.StructType):
            names += flattened(inner, f"{prefix}{field.encode_name}_")
        else:
            names.append(f"{prefix}{field.encode_name}")
    return names


def counts(client: TestClient, collection: str, suffix: str, **params: str) -> Any:
    response = client.get(f"/v1/{collection}/facets{suffix}", params=params)
    assert response.status_code == 200, response.text
    return response


def with_the_deaths_article(client: TestClient) -> TestClient:
    assert client.post("/v1/articles", json=with_deaths("deaths", *FIGURES), headers=AUTH).status_code == 201
    return client


def json_rows(body: dict[str, Any]) -> list[dict[str, Any]]:
    """What each row of the CSV should say, read off the JSON body: nested fields flattened, absent ones None."""

    def flat(value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
        cells: dict[str, Any] = {}
        for key, inner in value.items():
            cells |= flat(inner, f"{prefix}{key}_") if isinstance(inner, dict) else {f"{prefix}{key}": inner}
        return cells

    return [
        *({"row": "bucket", **flat(bucket)} for bucket in body["buckets"]),
        {"row": "other", **flat(body["other"])},
        {"row": "missing", "count": body["missing"]},
        {"row": "total", "count": body["total"], **flat({"fatalities": body.get("fatalities") or {}})},
    ]


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def typed(metadata: dict[str, Any]) -> dict[str, str]:
    """pandas dtypes from the CSVW metadata's datatypes: what a reader of the pair does."""
    return {
        column["name"]: "Int64" if column["datatype"] == "integer" else "string"
        for column in metadata["tableSchema"]["columns"]
    }


@pytest.mark.parametrize(("collection", "params"), REQUESTS)
def test_every_number_of_the_csv_is_the_json_bodys(client: TestClient, collection: str, params: dict[str, str]) -> None:
    with_the_deaths_article(client)
    body = counts(client, collection, "", **params).json()
    response = counts(client, collection, ".csv", **params)
    assert response.headers["content-type"] == CSV
    metadata = client.get(f"/v1/{collection}/facets.csv-metadata.json", params=params).json()
    table = pd.read_csv(io.StringIO(response.text), dtype=typed(metadata), keep_default_na=False, na_values=[""])
    read = [{k: None if pd.isna(v) else v for k, v in row.items()} for row in table.to_dict("records")]
    expected = json_rows(body)
    assert [{name: row.get(name) for name in table.columns} for row in expected] == read
    assert {name for row in expected for name in row} == set(table.columns)  # (no number of the body left out)


def test_the_columns_are_the_buckets_fields_as_the_model_has_them(client: TestClient) -> None:
    header = counts(client, "events", ".csv", facet="event_type").text.split("\r\n", 1)[0].split(",")
    assert header == ["row", *flattened(mi.type_info(Bucket))]
    assert header[:3] == ["row", "value", "count"]
    assert "fatalities_low_sum" in header and "fatalities_high_unknown" in header


def test_counts_of_items_without_deaths_have_no_death_columns(client: TestClient) -> None:
    for collection, facet in [("actors", "kind"), ("locations", "kind"), ("relations", "type")]:
        header = counts(client, collection, ".csv", facet=facet).text.split("\r\n", 1)[0]
        assert header == "row,value,count", collection


def test_the_rows_are_the_buckets_then_other_missing_and_total(client: TestClient) -> None:
    rows = csv_rows(counts(client, "events", ".csv", facet="date", interval="year").text)
    body = counts(client, "events", "", facet="date", interval="year").json()
    assert [row["row"] for row in rows] == ["bucket"] * len(body["buckets"]) + ["other", "missing", "total"]
    missing = rows[-2]
    assert missing["count"] == str(body["missing"]) != "0"  # (the seed has undated events)
    assert all(missing[name] == "" for name in missing if name.startswith("fatalities_"))  # unknown: empty, never 0
    assert rows[-1]["value"] == rows[-2]["value"] == rows[-3]["value"] == ""


def test_accept_text_csv_is_the_csv_of_the_suffix_and_varies_by_accept(client: TestClient) -> None:
    by_suffix = counts(client, "events", ".csv", facet="event_type")
    negotiated = client.get("/v1/events/facets", params={"facet": "event_type"}, headers={"Accept": "text/csv"})
    assert negotiated.status_code == 200 and negotiated.content == by_suffix.content
    assert negotiated.headers["content-type"] == CSV and negotiated.headers["vary"] == "Accept"
    assert "vary" not in by_suffix.headers
    assert counts(client, "events", ".json", facet="event_type").json() == (
        counts(client, "events", "", facet="event_type").json()
    )


def test_dialect_excel_adds_a_bom_and_its_link_names_the_plain_csv(client: TestClient) -> None:
    plain = counts(client, "events", ".csv", facet="event_type", top="2")
    excel = counts(client, "events", ".csv", facet="event_type", top="2", dialect="excel")
    assert excel.content == "\ufeff".encode() + plain.content  # (no cell of counts starts like a formula)
    assert excel.headers["link"] == plain.headers["link"]
    problem(client.get("/v1/events/facets", params={"facet": "event_type", "dialect": "excel"}), 400, "applies to CSV")
    problem(client.get("/v1/events/facets.csv", params={"facet": "event_type", "dialect": "word"}), 400, "dialect")


def test_the_csv_links_its_metadata_which_names_it_back(client: TestClient) -> None:
    response = counts(client, "events", ".csv", facet="date", interval="month", type="Battles")
    link = response.headers["link"]
    url = re.fullmatch(r'<([^>]+)>; rel="describedby"; type="application/csvm\+json"', link)
    assert url is not None
    target = url[1].removeprefix("http://testserver.local")
    assert target == "/v1/events/facets.csv-metadata.json?facet=date&interval=month&type=Battles"
    metadata = client.get(target)
    assert metadata.status_code == 200 and metadata.headers["content-type"] == "application/csvm+json"
    assert metadata.json()["url"] == "facets.csv?facet=date&interval=month&type=Battles"


@pytest.mark.parametrize(("collection", "params"), REQUESTS)
def test_the_metadata_columns_are_the_header_and_their_datatypes_parse_every_cell(
    client: TestClient, collection: str, params: dict[str, str]
) -> None:
    with_the_deaths_article(client)
    text = counts(client, collection, ".csv", **params).text
    columns = counts(client, collection, ".csv-metadata.json", **params).json()["tableSchema"]["columns"]
    assert [c["name"] for c in columns] == text.split("\r\n", 1)[0].split(",")
    for row in csv_rows(text):
        for column in columns:
            cell = row[column["name"]]
            if cell == "":
                assert not column["required"], (column["name"], row)
            elif column["datatype"] == "integer":
                assert re.fullmatch(r"[0-9]+", cell), (column["name"], cell)
            elif isinstance(column["datatype"], dict):
                assert re.fullmatch(column["datatype"]["format"], cell), (column["name"], cell)
            else:
                assert column["datatype"] == "string"


@pytest.mark.parametrize("url", ["/v1/events/facets.csv?facet=event_type&top=2", "/v1/actors/facets.csv?facet=kind"])
def test_a_csvw_processor_validates_the_counts_found_over_http(server: str, url: str) -> None:
    checked = CSVW(server + url, validate=True)
    assert checked.no_metadata is False
    assert checked.is_valid, checked.warnings
    [table] = checked.tables
    rows = list(table.iterdicts())
    assert [row["row"] for row in rows][-3:] == ["other", "missing", "total"]
    assert all(isinstance(row["count"], int) for row in rows)


def test_the_csv_is_tagged_apart_from_the_json_and_a_client_that_has_it_gets_304(client: TestClient) -> None:
    csv_etag = counts(client, "events", ".csv", facet="event_type").headers["etag"]
    assert csv_etag != counts(client, "events", "", facet="event_type").headers["etag"]
    again = client.get("/v1/events/facets.csv", params={"facet": "event_type"}, headers={"If-None-Match": csv_etag})
    assert again.status_code == 304 and again.content == b""
    with_the_deaths_article(client)
    changed = client.get("/v1/events/facets.csv", params={"facet": "event_type"}, headers={"If-None-Match": csv_etag})
    assert changed.status_code == 200


def test_a_media_type_the_counts_lack_is_406_listing_what_they_offer(client: TestClient) -> None:
    body = problem(
        client.get("/v1/events/facets", params={"facet": "event_type"}, headers={"Accept": "text/html"}), 406
    )
    assert body["available"] == ["application/json", CSV]


def test_a_suffix_the_counts_lack_is_404_and_bad_queries_are_400_in_every_format(client: TestClient) -> None:
    assert client.get("/v1/events/facets.ttl", params={"facet": "event_type"}).status_code == 404
    for suffix in (".csv", ".csv-metadata.json"):
        body = problem(client.get(f"/v1/events/facets{suffix}", params={"facet": "colour"}), 400, "not a facet")
        assert [error["path"] for error in body["errors"]] == ["facet"]
    problem(client.get("/v1/widgets/facets.csv", params={"facet": "kind"}), 404)


def test_the_api_document_lists_csv_beside_json_with_examples(client: TestClient) -> None:
    operation = client.get("/schema/openapi.json").json()["paths"]["/v1/{collection}/facets"]["get"]
    content = operation["responses"]["200"]["content"]
    assert content["application/json"]["schema"] == {"$ref": "#/components/schemas/Facets"}
    assert content["text/csv"]["example"].startswith("row,value,count,fatalities_low_sum,")
    assert content["application/csvm+json"]["example"]["url"].startswith("facets.csv?facet=event_type")
    assert "dialect" in {p["name"] for p in operation["parameters"]}
    assert operation["responses"]["406"] and operation["responses"]["304"]


def test_a_count_in_a_format_is_labelled_as_the_counts_route() -> None:
    assert route_of("/v1/events/facets.csv") == route_of("/v1/events/facets") == "/v1/{collection}/facets"
