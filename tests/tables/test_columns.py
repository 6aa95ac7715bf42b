"""The columns of each table (service/tables/columns.py): the CSV holds the same values as the JSON, by the
documented flattening rule, for the seed and for any article hypothesis builds."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from litestar.testing import TestClient

from schemas import COLLECTIONS, Article
from tests.conftest import PROPERTY, SEED_ID, articles, read_csv, render


@PROPERTY
@given(articles())
def test_each_collection_csv_reads_back_equal_to_its_json(article: Article) -> None:
    for collection in COLLECTIONS:
        items = json.loads(render("json", article, collection))["items"]
        rows = read_csv(render("csv", article, collection).decode())
        assert len(rows) == len(items)
        for row, item in zip(rows, items, strict=True):
            expected = expected_cells(item, list(row))
            assert {k: row[k] for k in expected} == expected


@PROPERTY
@given(articles())
def test_the_article_csv_reads_back_equal_to_its_json(article: Article) -> None:
    [row] = read_csv(render("csv", article).decode())
    assert row == expected_cells(json.loads(render("json", article)), list(row))


ARTICLE = f"/v1/articles/{SEED_ID}"


ROLES = ("actor1", "associated_actor1", "actor2", "associated_actor2", "target")


ID_OR_NAME_LISTS = {"aliases", "same_as", "authors", "locations"}  # lists of strings: joined with ';'


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
