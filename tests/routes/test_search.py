"""Full-text search (`q=`) over the HTTP API, on SQLite and PostgreSQL: the syntax, filters, ranking, paging,
highlights, writes that change what is found, and the queries that cannot be searched."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from litestar.testing import TestClient

from tests.conftest import AUTH, problem
from tests.search_corpus import CORPUS, baghdad, kobani

KOBANI, HAMA, BAGHDAD = "kobani-advance", "hama-protest", "baghdad-bomb"


@pytest.fixture
def searched(client: TestClient) -> TestClient:
    for document in CORPUS:
        assert client.post("/v1/articles", json=document(), headers=AUTH).status_code == 201
    return client


def hits(client: TestClient, url: str, **params: str) -> list[tuple[str, str]]:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return [(item.get("article_id", item["id"]), item["id"]) for item in response.json()["items"]]


def found(client: TestClient, url: str, q: str, **params: str) -> set[tuple[str, str]]:
    return set(hits(client, url, q=q, **params))


@pytest.mark.parametrize(
    ("collection", "q", "expected"),
    [
        ("events", "kobani", {(KOBANI, "take-kobani")}),
        ("events", "daesh", {(KOBANI, "take-kobani"), (BAGHDAD, "baghdad-car-bomb")}),
        ("events", "daesh kobani", {(KOBANI, "take-kobani")}),
        ("events", "KOBANI Daesh", {(KOBANI, "take-kobani")}),
        ("events", '"car bomb"', {(BAGHDAD, "baghdad-car-bomb")}),
        ("events", '"bomb car"', set()),
        ("events", "kobani OR baghdad", {(KOBANI, "take-kobani"), (BAGHDAD, "baghdad-car-bomb")}),
        ("events", "daesh -kobani", {(BAGHDAD, "baghdad-car-bomb")}),
        ("events", "kurd*", {(KOBANI, "take-kobani")}),
        ("events", "hama", {(HAMA, "hama-march")}),
        ("events", "Ḥamā", {(HAMA, "hama-march")}),
        ("actors", "daesh", {(KOBANI, "daesh"), (BAGHDAD, "daesh")}),
        ("actors", "kurdish", {(KOBANI, "ypg")}),
        ("locations", "baghdad OR mosul", {(BAGHDAD, "baghdad"), (BAGHDAD, "mosul")}),
        ("relations", "ypg", {(KOBANI, "ypg-fights-daesh")}),
        ("relations", '"daesh claimed"', {(BAGHDAD, "daesh-opposes-police")}),
        ("articles", "daesh", {(KOBANI, KOBANI), (BAGHDAD, BAGHDAD)}),
        ("articles", "ceasefire", {(KOBANI, KOBANI)}),
        ("articles", '"police convoy"', {(BAGHDAD, BAGHDAD)}),
        ("articles", "militiamen", {(KOBANI, KOBANI)}),  # (the image caption)
    ],
)
def test_every_form_of_the_syntax_finds_its_hits(searched: TestClient, collection: str, q: str, expected) -> None:
    assert found(searched, f"/v1/{collection}", q) == expected
    assert found(searched, f"/v1/{collection}", q, sort="id") == expected


def test_a_search_is_combined_with_every_filter(searched: TestClient) -> None:
    assert found(searched, "/v1/events", "daesh", type="Battles") == {(KOBANI, "take-kobani")}
    assert found(searched, "/v1/events", "daesh", location="baghdad") == {(BAGHDAD, "baghdad-car-bomb")}
    assert found(searched, "/v1/events", "daesh", country="SY") == {(KOBANI, "take-kobani")}
    assert found(searched, "/v1/actors", "daesh", article=BAGHDAD) == {(BAGHDAD, "daesh")}
    since = dt.datetime.now(dt.UTC).isoformat()
    later = baghdad()
    later["id"] = "baghdad-again"
    assert searched.post("/v1/articles", json=later, headers=AUTH).status_code == 201
    assert found(searched, "/v1/actors", "daesh", updated_since=since) == {("baghdad-again", "daesh")}


def test_the_best_matches_come_first_unless_sort_says_id(searched: TestClient) -> None:
    """Baghdad's article says Daesh twice in fewer words than Kobani's says it once."""
    assert hits(searched, "/v1/articles", q="daesh") == [(BAGHDAD, BAGHDAD), (KOBANI, KOBANI)]
    assert hits(searched, "/v1/articles", q="daesh", sort="relevance") == [(BAGHDAD, BAGHDAD), (KOBANI, KOBANI)]
    assert hits(searched, "/v1/articles", q="daesh", sort="id") == [(BAGHDAD, BAGHDAD), (KOBANI, KOBANI)]
    assert hits(searched, "/v1/events", q="daesh", sort="id") == [
        (BAGHDAD, "baghdad-car-bomb"),
        (KOBANI, "take-kobani"),
    ]


def walk(client: TestClient, url: str, **params: str) -> list[tuple[str, str]]:
    """Every page of a list, one item a page, by its `next` links."""
    seen: list[tuple[str, str]] = []
    response = client.get(url, params={**params, "limit": "1"})
    while True:
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [(item.get("article_id", item["id"]), item["id"]) for item in page["items"]]
        if page["next"] is None:
            return seen
        response = client.get(page["next"])


@pytest.mark.parametrize("sort", ["relevance", "id"])
@pytest.mark.parametrize(
    ("url", "q"),
    [
        ("/v1/actors", "daesh OR ypg OR police OR thousands"),  # (two actors named Daesh: a tie in rank)
        ("/v1/events", "daesh OR hama OR tanks"),
        ("/v1/locations", "kobani OR hama OR baghdad OR mosul"),
        ("/v1/articles", "tanks OR daesh OR regime"),
    ],
)
def test_pages_by_cursor_never_skip_or_repeat_a_hit(searched: TestClient, url: str, q: str, sort: str) -> None:
    whole = hits(searched, url, q=q, sort=sort)
    assert len(whole) >= 3
    assert walk(searched, url, q=q, sort=sort) == whole


def article_text(document: dict[str, Any], field: str) -> str:
    if field.startswith("image."):
        return str(document["image"][field.removeprefix("image.")])
    return str(document[field])


def test_a_hit_says_where_its_words_are_in_the_article(searched: TestClient) -> None:
    document = kobani()
    (event,) = searched.get("/v1/events", params={"q": "kobani"}).json()["items"]
    assert event["highlights"] == [document["events"][0]["evidence"][0]]  # (its evidence, not its words in it again)
    assert event["snippet"] == (
        "«Daesh withdrew from Kobani» on Monday, and Kurdish YPG units advanced with tanks. A ceasefire…"
    )
    (article,) = searched.get("/v1/articles", params={"q": "kobani"}).json()["items"]
    assert [(h["field"], h["quote"]) for h in article["highlights"]] == [
        ("headline", "Kobani"),
        ("image.caption", "Kobani"),
        ("body", "Kobani"),
    ]
    assert article["snippet"] == "Kurds advance in «Kobani»"
    assert article["headline"] == document["headline"] and article["actor_count"] == 2


def test_a_members_evidence_spans_come_first_then_its_other_matches(searched: TestClient) -> None:
    document = baghdad()
    (event,) = searched.get("/v1/events", params={"q": "daesh", "article": BAGHDAD}).json()["items"]
    later = document["body"].rindex("Daesh")
    assert event["highlights"] == [
        document["events"][0]["evidence"][1],
        {"field": "body", "start": later, "end": later + 5, "quote": "Daesh"},
    ]


@pytest.mark.parametrize(
    ("url", "q"),
    [
        ("/v1/articles", "daesh OR tanks OR kurd*"),
        ("/v1/events", "daesh OR tanks OR hama"),
        ("/v1/actors", "daesh OR ypg OR kurdish"),
        ("/v1/locations", "kobani OR hama OR baghdad"),
        ("/v1/relations", "daesh OR ypg"),
    ],
)
def test_every_highlight_quotes_the_article_at_its_offsets(searched: TestClient, url: str, q: str) -> None:
    documents = {document()["id"]: document() for document in CORPUS}
    items = searched.get(url, params={"q": q}).json()["items"]
    assert items
    for item in items:
        document = documents[item.get("article_id", item["id"])]
        assert item["highlights"], item
        for highlight in item["highlights"]:
            text = article_text(document, highlight["field"])
            assert text[highlight["start"] : highlight["end"]] == highlight["quote"]
        assert "«" + item["highlights"][0]["quote"] + "»" in item["snippet"]


def test_without_q_nothing_changes(searched: TestClient) -> None:
    assert "highlights" not in searched.get("/v1/events").json()["items"][0]
    assert "highlights" not in searched.get("/v1/articles").json()["items"][0]


def test_streamed_formats_serve_the_hits_ndjson_with_highlights_csv_without(searched: TestClient) -> None:
    response = searched.get("/v1/events.ndjson", params={"q": "daesh", "sort": "id"})
    assert response.status_code == 200
    records = [line for line in response.text.splitlines() if '"end_of_stream"' not in line]
    assert len(records) == 2 and all('"highlights":[{' in line for line in records)
    assert response.text.endswith('{"end_of_stream":true,"count":2}\n')
    csv = searched.get("/v1/events.csv", params={"q": "daesh"})
    assert csv.status_code == 200 and csv.headers["x-row-count"] == "2"
    assert "highlights" not in csv.text and "take-kobani" in csv.text


def test_a_replaced_article_is_found_by_its_new_words_not_its_old(searched: TestClient) -> None:
    changed = kobani(body=kobani()["body"].replace("ceasefire", "truce"))
    etag = searched.get(f"/v1/articles/{KOBANI}").headers["etag"]
    assert searched.put(f"/v1/articles/{KOBANI}", json=changed, headers={**AUTH, "If-Match": etag}).status_code == 200
    assert found(searched, "/v1/articles", "truce") == {(KOBANI, KOBANI)}
    assert found(searched, "/v1/articles", "ceasefire") == set()
    assert found(searched, "/v1/events", "kobani") == {(KOBANI, "take-kobani")}


def test_a_deleted_article_is_not_found(searched: TestClient) -> None:
    assert searched.delete(f"/v1/articles/{BAGHDAD}", headers=AUTH).status_code == 204
    assert found(searched, "/v1/articles", "daesh") == {(KOBANI, KOBANI)}
    assert found(searched, "/v1/actors", "daesh") == {(KOBANI, "daesh")}
    assert found(searched, "/v1/locations", "baghdad") == set()


@pytest.mark.parametrize("url", ["/v1/events", "/v1/articles", "/v1/locations.ndjson"])
@pytest.mark.parametrize(
    ("params", "parameter", "says"),
    [
        ({"q": '"car bomb'}, "q", "unbalanced quote"),
        ({"q": "the of and"}, "q", "no word to search for"),
        ({"q": "-daesh"}, "q", "only excludes words"),
        ({"q": "daesh OR"}, "q", "OR stands between"),
        ({"q": "x" * 501}, "q", "at most 500"),
        ({"q": "daesh", "sort": "date"}, "sort", "not one of"),
        ({"q": "daesh", "cursor": "bm90LWEtY3Vyc29y"}, "cursor", "not one this service issued"),
    ],
)
def test_a_query_that_cannot_be_searched_is_a_400_naming_the_parameter(
    searched: TestClient, url: str, params: dict[str, str], parameter: str, says: str
) -> None:
    if url.endswith(".ndjson") and "cursor" in params:
        return  # (a stream has no cursor: another 400)
    body = problem(searched.get(url, params=params), 400, says)
    assert [error["path"] for error in body["errors"]] == [parameter]


def test_a_cursor_of_one_order_is_refused_in_the_other(searched: TestClient) -> None:
    ranked = searched.get("/v1/events", params={"q": "daesh", "limit": "1"}).json()["next"]
    assert ranked is not None
    cursor = ranked.split("cursor=")[1].split("&")[0]
    problem(searched.get("/v1/events", params={"q": "daesh", "sort": "id", "cursor": cursor}), 400, "cursor")


@pytest.mark.parametrize("sort", ["relevance", "id"])
def test_without_a_query_every_sort_is_the_order_of_ids(searched: TestClient, sort: str) -> None:
    plain = searched.get("/v1/events", params={"limit": 1000}).json()["items"]
    sorted_ = searched.get("/v1/events", params={"limit": 1000, "sort": sort}).json()["items"]
    assert [(e["article_id"], e["id"]) for e in sorted_] == [(e["article_id"], e["id"]) for e in plain]
    assert plain == sorted(plain, key=lambda e: (e["article_id"], e["id"]))
