"""CSV: RFC 4180, the same values as the JSON (by the documented flattening rule), valid against its CSVW."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from csvw import CSVW
from hypothesis import example, given
from hypothesis import strategies as st
from litestar.testing import TestClient

from schemas import COLLECTIONS
from service.renderers.csv import csv_line
from tests.conftest import SEED_ID

ARTICLE = f"/v1/articles/{SEED_ID}"
ROLES = ("actor1", "associated_actor1", "actor2", "associated_actor2", "target")
ID_OR_NAME_LISTS = {"aliases", "same_as", "authors", "locations"}  # lists of strings: joined with ';'


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def expected_cells(item: dict[str, Any], header: list[str], prefix: str = "") -> dict[str, str]:
    """The README's flattening rule, written out independently of the service's code."""
    cells: dict[str, str] = {}
    is_article = "headline" in item and not prefix
    for key, value in item.items():
        name = prefix + key
        nested_columns = [c for c in header if c.startswith(f"{name}_")] if name not in header else []
        if key == "participants":
            for role in ROLES:
                actors = [p["actor"] for p in value if p["role"] == role]
                cells[f"{role}_id"] = ";".join(actors)
        elif is_article and key in COLLECTIONS:
            cells[f"{key}_count"] = str(len(value))
        elif isinstance(value, dict):
            cells.update(expected_cells(value, header, f"{name}_"))
        elif value is None and nested_columns:  # a null nested object: all its columns empty
            cells.update(dict.fromkeys(nested_columns, ""))
        elif value is None:
            cells[name] = ""
        elif key in ID_OR_NAME_LISTS:
            cells[name] = ";".join(value)
        elif isinstance(value, list):
            cells[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        elif isinstance(value, bool):
            cells[name] = "true" if value else "false"
        else:
            cells[name] = str(value)
    return cells


def test_csv_uses_crlf_and_a_header_row(client: TestClient) -> None:
    raw = client.get(f"{ARTICLE}/actors.csv").content
    assert raw.startswith(b"article_id,id,kind,name,aliases,description,role,same_as,evidence\r\n")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # no bare line feed outside quoted cells of this table


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_each_collection_csv_reads_back_equal_to_the_json(client: TestClient, collection: str) -> None:
    items = client.get(f"{ARTICLE}/{collection}").json()["items"]
    rows = read_csv(client.get(f"{ARTICLE}/{collection}.csv").text)
    assert len(rows) == len(items)
    for row, item in zip(rows, items, strict=True):
        assert row["article_id"] == SEED_ID
        expected = expected_cells(item, list(row))
        assert {k: row[k] for k in expected} == expected
        assert set(row) - set(expected) - {"article_id"} <= {f"{r}_name" for r in ROLES}


def test_participant_names_follow_their_ids(client: TestClient, seed) -> None:
    names = {a.id: a.name for a in seed.actors}
    for row in read_csv(client.get(f"{ARTICLE}/events.csv").text):
        for role in ROLES:
            ids = row[f"{role}_id"].split(";") if row[f"{role}_id"] else []
            assert row[f"{role}_name"] == ";".join(names[i] for i in ids)


def test_the_article_is_one_row_equal_to_the_json(client: TestClient) -> None:
    document = client.get(ARTICLE).json()
    [row] = read_csv(client.get(f"{ARTICLE}.csv").text)
    assert row == expected_cells(document, list(row))
    assert row["body"] == document["body"]  # multi-line text survives quoting


def test_the_article_list_csv(client: TestClient) -> None:
    rows = read_csv(client.get("/v1/articles.csv").text)
    items = client.get("/v1/articles").json()["items"]
    assert rows == [expected_cells(s, list(r)) for s, r in zip(items, rows, strict=True)]


def test_csvw_metadata_names_the_same_columns_as_the_csv(client: TestClient) -> None:
    for path in (ARTICLE, *(f"{ARTICLE}/{c}" for c in COLLECTIONS), f"{ARTICLE}/actors/isis", "/v1/articles"):
        header = client.get(f"{path}.csv").text.split("\r\n", 1)[0].split(",")
        metadata = client.get(f"{path}.csv-metadata.json").json()
        assert [c["name"] for c in metadata["tableSchema"]["columns"]] == header
        assert metadata["@context"] == "http://www.w3.org/ns/csvw"
        assert metadata["url"] == path.rsplit("/", 1)[-1] + ".csv"


@pytest.mark.parametrize("table", ["", "/actors", "/locations", "/events", "/relations"])
def test_each_csv_validates_against_its_csvw_metadata_found_over_http(server: str, table: str) -> None:
    """What a CSVW processor does: fetch the CSV by URL, discover its metadata, check every cell."""
    url = f"{server}{ARTICLE}{table}.csv"
    checked = CSVW(url, validate=True)
    assert checked.no_metadata is False
    assert checked.is_valid, checked.warnings
    [table_] = checked.tables
    rows = list(table_.iterdicts())
    assert len(rows) >= 1


def test_the_excel_dialect_defuses_formulas_and_adds_a_bom(client: TestClient) -> None:
    from tests.test_writes import AUTH, new_document

    document = new_document("formulas")
    document["actors"][0]["description"] = '=HYPERLINK("http://evil.example","x")'
    document["actors"][1]["description"] = "@SUM(1+1)"
    document["locations"][0]["description"] = "-2+3"
    assert client.post("/v1/articles", json=document, headers=AUTH).status_code == 201
    plain = client.get("/v1/articles/formulas/actors.csv")
    excel = client.get("/v1/articles/formulas/actors.csv", params={"dialect": "excel"})
    assert not plain.content.startswith(b"\xef\xbb\xbf")
    assert excel.content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    plain_rows = read_csv(plain.text)
    excel_rows = read_csv(excel.content.decode("utf-8-sig"))
    assert plain_rows[0]["description"].startswith("=HYPERLINK")  # the default stays byte-faithful
    assert excel_rows[0]["description"] == '\'=HYPERLINK("http://evil.example","x")'
    assert excel_rows[1]["description"] == "'@SUM(1+1)"
    assert (
        read_csv(
            client.get("/v1/locations.csv", params={"dialect": "excel", "article": "formulas"}).content.decode(
                "utf-8-sig"
            )
        )[0]["description"]
        == "'-2+3"
    )
    assert excel.headers["etag"] != plain.headers["etag"]
    bad = client.get("/v1/articles/formulas/actors.csv", params={"dialect": "lotus"})
    assert bad.status_code == 400 and "dialect='lotus'" in bad.json()["detail"]
    assert client.get("/v1/articles/formulas/actors.json", params={"dialect": "excel"}).status_code == 400


@example([""])
@example(["a\rb", "c\nd", "e,f", 'g"h', ""])
@example(["", ""])
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(["a", "é", " ", ",", '"', "'", "\r", "\n", ";", "\t", "="]) | st.characters(),
            max_size=12,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_line_is_what_python_csv_writer_writes(cells: list[str]) -> None:
    expected = io.StringIO(newline="")
    csv.writer(expected).writerow(cells)
    assert csv_line(cells) == expected.getvalue()
    assert next(csv.reader(io.StringIO(csv_line(cells), newline=""))) == cells
