"""CSVW metadata (service/renderers/csvw.py): the same columns as the CSV, and every CSV valid against it as
a CSVW processor finds it over HTTP."""

from __future__ import annotations

import pytest
from csvw import CSVW
from litestar.testing import TestClient

from schemas import COLLECTIONS
from tests.conftest import SEED_ID

ARTICLE = f"/v1/articles/{SEED_ID}"


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
