"""`fields=` on the corpus collections (service/tables/fields.py, the JSON, NDJSON, CSV and CSVW renderers), on
SQLite and PostgreSQL: each item or row with only the chosen fields, the very values the whole one has."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from csvw import CSVW
from litestar.testing import TestClient

from tests.conftest import problem, read_csv

CHOICE = "id,date.start,fatalities.best,article_id"


def cut(item: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """What `fields` should leave of a whole item: the chosen fields, nested, a null struct null."""
    kept: dict[str, Any] = {}
    for name in names:
        outer, _, inner = name.partition(".")
        if not inner:
            kept[outer] = item[outer]
        elif item[outer] is None:
            kept[outer] = None
        else:
            kept.setdefault(outer, {})[inner] = item[outer][inner]
    return kept


def test_a_json_page_holds_only_the_chosen_fields_nested_as_in_the_document(corpus: TestClient) -> None:
    whole = corpus.get("/v1/events").json()["items"]
    chosen = corpus.get("/v1/events", params={"fields": CHOICE}).json()["items"]
    assert chosen == [cut(item, ["article_id", "id", "date.start", "fatalities.best"]) for item in whole]
    assert all(list(item) == ["article_id", "id", "date", "fatalities"] for item in chosen)  # the model's order
    assert chosen[0]["date"] == {"start": "2014-01-03"} and chosen[0]["fatalities"] == {"best": None}


def test_the_order_given_does_not_change_the_representation(corpus: TestClient) -> None:
    one = corpus.get("/v1/locations", params={"fields": "id,coordinates.latitude"})
    other = corpus.get("/v1/locations", params={"fields": "coordinates.latitude,id"})
    assert one.content == other.content
    assert one.json()["items"][0] == {"id": "aleppo-city", "coordinates": {"latitude": 36.20124}}


def test_a_structs_name_chooses_all_of_it_and_article_id_only_when_asked(corpus: TestClient) -> None:
    whole = corpus.get("/v1/events").json()["items"]
    chosen = corpus.get("/v1/events", params={"fields": "date,participants"}).json()["items"]
    assert chosen == [{"date": item["date"], "participants": item["participants"]} for item in whole]
    assert "article_id" not in corpus.get("/v1/actors", params={"fields": "name"}).json()["items"][0]


def test_the_pages_keep_their_envelope_and_the_next_page_its_fields(corpus: TestClient) -> None:
    first = corpus.get("/v1/events", params={"fields": "id", "limit": "5"})
    body = first.json()
    assert list(body) == ["items", "next"] and len(body["items"]) == 5
    assert "fields=id" in body["next"] and 'rel="next"' in first.headers["link"]
    ids = [item["id"] for item in body["items"]]
    while body["next"]:
        body = corpus.get(body["next"]).json()
        assert all(list(item) == ["id"] for item in body["items"])
        ids += [item["id"] for item in body["items"]]
    assert ids == [item["id"] for item in corpus.get("/v1/events").json()["items"]]


def test_ndjson_lines_hold_the_chosen_fields_and_the_stream_its_trailer(corpus: TestClient) -> None:
    whole = corpus.get("/v1/events").json()["items"]
    response = corpus.get("/v1/events.ndjson", params={"fields": "id,event_type,date.start", "country": "SY"})
    lines = [msgspec.json.decode(line) for line in response.text.splitlines()]
    assert lines[-1] == {"end_of_stream": True, "count": len(lines) - 1} and response.headers["x-row-count"]
    by_id = {item["id"]: item for item in whole}
    assert lines[:-1] == [cut(by_id[line["id"]], ["id", "event_type", "date.start"]) for line in lines[:-1]]


def test_a_search_keeps_its_highlights_after_the_chosen_fields(corpus: TestClient) -> None:
    whole = corpus.get("/v1/events", params={"q": "atareb"}).json()["items"]
    chosen = corpus.get("/v1/events", params={"q": "atareb", "fields": "id"}).json()["items"]
    assert chosen == [{"id": i["id"], "highlights": i["highlights"], "snippet": i["snippet"]} for i in whole]
    assert chosen and all(item["highlights"] for item in chosen)


def test_csv_has_only_the_chosen_columns_with_the_whole_tables_cells(corpus: TestClient) -> None:
    whole = read_csv(corpus.get("/v1/events.csv").text)
    response = corpus.get("/v1/events.csv", params={"fields": "participants,id,date.start"})
    chosen = read_csv(response.text)
    columns = ["id", "date_start", *(f"{role}_{part}" for role in ROLES for part in ("id", "name"))]
    assert response.text.split("\r\n", 1)[0] == ",".join(columns)
    assert chosen == [{name: row[name] for name in columns} for row in whole]
    assert chosen[1]["actor1_name"]  # (names too: read from the stored line as the whole table has them)


ROLES = ("actor1", "associated_actor1", "actor2", "associated_actor2", "target")


@pytest.mark.parametrize("params", [{"q": "atareb"}, {"dialect": "excel"}, {"location": "aleppo-province"}])
def test_csv_chooses_the_same_columns_searched_filtered_or_for_excel(corpus: TestClient, params: dict) -> None:
    whole = read_csv(corpus.get("/v1/events.csv", params=params).text.lstrip("\ufeff"))
    chosen = read_csv(
        corpus.get("/v1/events.csv", params={**params, "fields": "summary,evidence"}).text.lstrip("\ufeff")
    )
    assert chosen == [{"summary": row["summary"], "evidence": row["evidence"]} for row in whole] and chosen


def test_the_csv_links_the_metadata_of_the_same_columns(corpus: TestClient) -> None:
    csv = corpus.get("/v1/events.csv", params={"fields": "date.start,id"})
    link = csv.headers["link"]
    assert link.startswith("<http://testserver.local/v1/events.csv-metadata.json?fields=date.start,id>;")
    metadata = corpus.get(link[1 : link.index(">")]).json()
    assert [c["name"] for c in metadata["tableSchema"]["columns"]] == csv.text.split("\r\n", 1)[0].split(",")
    assert metadata["url"] == "events.csv?fields=date.start,id"
    assert "primaryKey" not in metadata["tableSchema"]  # (without article_id, id is no key across the corpus)
    keyed = corpus.get("/v1/events.csv-metadata.json", params={"fields": "id,summary,article_id"}).json()
    assert keyed["tableSchema"]["primaryKey"] == ["article_id", "id"]
    assert (
        corpus.get("/v1/events.csv")
        .headers["link"]
        .startswith("<http://testserver.local/v1/events.csv-metadata.json>;")
    )


def test_a_csvw_processor_validates_the_chosen_columns_found_over_http(server: str) -> None:
    checked = CSVW(f"{server}/v1/events.csv?fields=article_id,id,date,fatalities.best,participants", validate=True)
    assert checked.no_metadata is False
    assert checked.is_valid, checked.warnings
    [table] = checked.tables
    rows = list(table.iterdicts())
    assert rows and set(rows[0]) == {
        *("article_id", "id", "date_start", "date_end", "date_precision", "date_basis", "date_inferred_from"),
        "fatalities_best",
        *(f"{role}_{part}" for role in ROLES for part in ("id", "name")),
    }


@pytest.mark.parametrize(
    ("url", "fields", "detail"),
    [
        ("/v1/events", "id,colour", "'colour' is not a field of events; the fields are: article_id, id, event_type"),
        ("/v1/events.csv", "date_start", "did you mean date.start?"),
        ("/v1/actors", "event_type", "is not a field of actors"),
        ("/v1/events.ndjson", "id,id", "names id twice"),
        ("/v1/events", "id,,summary", "empty entry"),
        ("/v1/events", "", "fields is empty"),
        ("/v1/events.csv-metadata.json", "nope", "is not a field of events"),
        ("/v1/events.jsonld", "id", "fields applies to json, csv, ndjson, csvw, not to jsonld"),
        ("/v1/locations.geojson", "id", "not to geojson"),
        ("/v1/events.ttl", "id", "not to turtle"),
        ("/v1/events.parquet", "id", "not to parquet"),
    ],
)
def test_a_bad_choice_is_a_400_naming_fields(corpus: TestClient, url: str, fields: str, detail: str) -> None:
    body = problem(corpus.get(url, params={"fields": fields}), 400, detail)
    assert [error["path"] for error in body["errors"]] == ["fields"]


def test_fields_given_twice_or_where_nothing_takes_them_is_a_400(corpus: TestClient) -> None:
    problem(corpus.get("/v1/events?fields=id&fields=summary"), 400, "fields is given 2 times")
    problem(corpus.get("/v1/articles", params={"fields": "id"}), 400, "unknown query parameter(s): fields")
    problem(corpus.get("/v1/events/facets", params={"facet": "event_type", "fields": "id"}), 400, "unknown query")
    problem(corpus.get("/v1/datapackage.zip", params={"fields": "id"}), 400, "unknown query parameter(s): fields")


def test_the_api_document_describes_fields_with_an_example(client: TestClient) -> None:
    operation = client.get("/schema/openapi.json").json()["paths"]["/v1/{listing}"]["get"]
    fields = next(p for p in operation["parameters"] if p["name"] == "fields")
    assert fields["explode"] is False and fields["example"] == ["id", "event_type", "date.start", "fatalities.best"]
    assert fields["schema"]["type"] == "array" and fields["schema"]["uniqueItems"] is True
    assert {"date.start", "coordinates.latitude", "article_id", "subject"} <= set(fields["schema"]["items"]["enum"])
    assert "events: article_id, id, event_type" in fields["description"]
    served = client.get("/v1/events", params={"fields": ",".join(fields["example"])})
    assert served.status_code == 200 and list(served.json()["items"][0]) == ["id", "event_type", "date", "fatalities"]
