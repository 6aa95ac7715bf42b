"""CSV (service/renderers/csv.py): RFC 4180 lines under a header row, the Excel dialect, streamed exports
with their count."""

from __future__ import annotations

import csv
import io

from litestar.testing import TestClient

from tests.conftest import AUTH, SEED_ID, new_document, read_csv


def test_csv_export_streams_every_row_with_its_count(corpus: TestClient) -> None:
    response = corpus.get("/v1/events.csv", params={"location": "aleppo-province"})
    rows = list(csv.DictReader(io.StringIO(response.text, newline="")))
    assert response.headers["x-row-count"] == str(len(rows)) == "6"
    assert response.headers["content-type"] == "text/csv; charset=utf-8; header=present"
    assert [r["id"] for r in rows][:2] == ["aleppo-eastern-districts-clash", "atareb-clash"]
    assert rows[1]["actor2_name"] == "Free Syrian Army"


ARTICLE = f"/v1/articles/{SEED_ID}"


def test_csv_uses_crlf_and_a_header_row(client: TestClient) -> None:
    raw = client.get(f"{ARTICLE}/actors.csv").content
    assert raw.startswith(b"article_id,id,kind,name,aliases,description,role,same_as,evidence\r\n")
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # no bare line feed outside quoted cells of this table


def test_the_excel_dialect_defuses_formulas_and_adds_a_bom(client: TestClient) -> None:

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
