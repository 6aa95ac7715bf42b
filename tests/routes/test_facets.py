"""Counts by a field's values (GET /v1/{collection}/facets), on SQLite and PostgreSQL: each field, every filter and
`q` honoured, the top values and the rest as `other`, dates by interval, and the requests that are refused."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from litestar.testing import TestClient

from tests.conftest import AUTH, SEED_ID, new_document, problem, seed_document
from tests.search_corpus import CORPUS


def counted(client: TestClient, collection: str, **params: str) -> dict[str, Any]:
    response = client.get(f"/v1/{collection}/facets", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    return body


def without_deaths(body: dict[str, Any]) -> dict[str, Any]:
    """The counts alone (the fatality sums have tests of their own)."""
    body = {key: value for key, value in body.items() if key != "fatalities"}
    body["buckets"] = [{k: v for k, v in b.items() if k != "fatalities"} for b in body["buckets"]]
    body["other"] = {k: v for k, v in body["other"].items() if k != "fatalities"}
    return body


def deaths(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The expected sums of a list of events' deaths: each estimate over the events that give it, the rest counted."""
    figures = {name: [(e.get("fatalities") or {}).get(name) for e in events] for name in ("low", "best", "high")}
    return {
        name: {"sum": sum(f for f in values if f is not None), "unknown": sum(f is None for f in values)}
        for name, values in figures.items()
    }


def buckets(counts: Counter[str], top: int = 10) -> list[dict[str, Any]]:
    """The expected buckets: the most items first, ties by value."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"value": value, "count": count} for value, count in ranked[:top]]


def seed_events() -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = seed_document()["events"]
    return events


def test_events_by_type_are_the_seed_events_counted_by_their_event_type(client: TestClient) -> None:
    by_type = Counter(e["event_type"] for e in seed_events())
    assert without_deaths(counted(client, "events", facet="event_type")) == {
        "facet": "event_type",
        "total": len(seed_events()),
        "buckets": buckets(by_type),
        "other": {"count": 0},
        "missing": 0,
        "multivalued": False,
    }


def test_top_shows_that_many_values_and_counts_the_rest_as_other(client: TestClient) -> None:
    by_sub_type = Counter(e["sub_event_type"] for e in seed_events())
    body = without_deaths(counted(client, "events", facet="sub_event_type", top="2"))
    assert body["buckets"] == buckets(by_sub_type, 2)
    assert body["other"] == {"count": len(seed_events()) - sum(b["count"] for b in buckets(by_sub_type, 2))}
    assert body["total"] == len(seed_events())


@pytest.mark.parametrize(
    ("collection", "facet", "field"),
    [("actors", "kind", "kind"), ("locations", "kind", "kind"), ("relations", "type", "type")],
)
def test_each_collection_counts_by_its_kind(client: TestClient, collection: str, facet: str, field: str) -> None:
    items = seed_document()[collection]
    body = counted(client, collection, facet=facet, top="100")
    assert body == {
        "facet": facet,
        "total": len(items),
        "buckets": buckets(Counter(item[field] for item in items), 100),
        "other": {"count": 0},
        "missing": 0,
        "multivalued": False,
    }


def test_counts_honour_the_filters_of_the_list(corpus: TestClient) -> None:
    battles = [e for e in seed_events() if e["event_type"] == "Battles"]
    by_sub_type = without_deaths(counted(corpus, "events", facet="sub_event_type", type="Battles", article=SEED_ID))
    assert by_sub_type["buckets"] == buckets(Counter(e["sub_event_type"] for e in battles))
    listed = corpus.get("/v1/events", params={"actor": "isis", "limit": "1000"}).json()["items"]
    assert without_deaths(counted(corpus, "events", facet="event_type", actor="isis"))["buckets"] == buckets(
        Counter(e["event_type"] for e in listed)
    )
    assert without_deaths(counted(corpus, "events", facet="event_type", article="second-article"))["buckets"] == [
        {"value": new_document()["events"][0]["event_type"], "count": 1}
    ]


def test_counts_honour_a_full_text_search(client: TestClient) -> None:
    for document in CORPUS:
        assert client.post("/v1/articles", json=document(), headers=AUTH).status_code == 201
    found = client.get("/v1/events", params={"q": "daesh", "limit": "1000"}).json()["items"]
    assert found  # (the search finds some, and the counts are of those alone)
    body = without_deaths(counted(client, "events", facet="event_type", q="daesh"))
    assert body["total"] == len(found)
    assert body["buckets"] == buckets(Counter(e["event_type"] for e in found))


def monday(day: str) -> str:
    date = dt.date.fromisoformat(day)
    return (date - dt.timedelta(days=date.weekday())).isoformat()


@pytest.mark.parametrize(
    ("interval", "bucket"),
    [("day", lambda d: d), ("week", monday), ("month", lambda d: d[:7]), ("year", lambda d: d[:4])],
)
def test_events_by_date_are_bucketed_by_the_start_of_their_date_range(
    client: TestClient, interval: str, bucket: Any
) -> None:
    starts = [(e.get("date") or {}).get("start") for e in seed_events()]
    body = without_deaths(counted(client, "events", facet="date", interval=interval, top="100"))
    assert body == {
        "facet": "date",
        "interval": interval,
        "total": len(starts),
        "buckets": buckets(Counter(bucket(start) for start in starts if start), 100),
        "other": {"count": 0},
        "missing": sum(start is None for start in starts),
        "multivalued": False,
    }


def test_a_date_is_counted_by_day_unless_an_interval_is_given(client: TestClient) -> None:
    assert counted(client, "events", facet="date")["interval"] == "day"


def test_a_week_starts_on_monday_across_a_year_end(client: TestClient) -> None:
    document = new_document()
    document["events"][0]["date"] = {"start": "2015-01-01", "end": "2015-01-01", "precision": "day", "basis": "stated"}
    assert client.post("/v1/articles", json=document, headers=AUTH).status_code == 201
    body = without_deaths(counted(client, "events", facet="date", interval="week", article="second-article"))
    assert body["buckets"] == [{"value": "2014-12-29", "count": 1}]


def test_an_empty_selection_has_no_buckets(client: TestClient) -> None:
    none = deaths([])
    assert counted(client, "events", facet="event_type", article="no-such-article") == {
        "facet": "event_type",
        "total": 0,
        "buckets": [],
        "other": {"count": 0, "fatalities": none},
        "missing": 0,
        "multivalued": False,
        "fatalities": none,
    }


def with_deaths(article_id: str, *fatalities: dict[str, int | None]) -> dict[str, Any]:
    """An article of events of one type, each with these fatality figures."""
    document = new_document(article_id)
    event = document["events"][0]
    document["events"] = [{**event, "id": f"clash-{n}", "fatalities": f} for n, f in enumerate(fatalities)]
    return document


FIGURES = [
    {"low": 2, "best": 3, "high": 5},
    {"low": None, "best": 10, "high": None},
    {"low": None, "best": None, "high": None},
    {"low": 0, "best": 0, "high": 1},
]


def test_each_bucket_sums_its_events_deaths_and_counts_the_unknown_apart(client: TestClient) -> None:
    assert client.post("/v1/articles", json=with_deaths("deaths", *FIGURES), headers=AUTH).status_code == 201
    body = counted(client, "events", facet="sub_event_type", article="deaths")
    events = with_deaths("deaths", *FIGURES)["events"]
    assert body["buckets"] == [{"value": "Armed clash", "count": len(FIGURES), "fatalities": deaths(events)}]
    assert (
        body["fatalities"]
        == deaths(events)
        == {
            "low": {"sum": 2, "unknown": 2},
            "best": {"sum": 13, "unknown": 1},
            "high": {"sum": 6, "unknown": 2},
        }
    )


def test_the_deaths_of_every_bucket_other_and_the_whole_set_are_the_documents(client: TestClient) -> None:
    assert client.post("/v1/articles", json=with_deaths("deaths", *FIGURES), headers=AUTH).status_code == 201
    events = seed_events() + with_deaths("deaths", *FIGURES)["events"]
    body = counted(client, "events", facet="event_type", top="2")
    by_type = {b["value"]: b for b in body["buckets"]}
    for value, bucket in by_type.items():
        assert bucket["fatalities"] == deaths([e for e in events if e["event_type"] == value])
    assert body["other"]["fatalities"] == deaths([e for e in events if e["event_type"] not in by_type])
    assert body["fatalities"] == deaths(events)


def test_undated_events_deaths_are_in_the_whole_sets(client: TestClient) -> None:
    body = counted(client, "events", facet="date", interval="year")
    assert body["fatalities"] == deaths(seed_events())
    dated = [e for e in seed_events() if (e.get("date") or {}).get("start")]
    assert [b["fatalities"] for b in body["buckets"]] == [
        deaths([e for e in dated if e["date"]["start"][:4] == b["value"]]) for b in body["buckets"]
    ]


def test_other_collections_have_no_deaths(client: TestClient) -> None:
    body = counted(client, "actors", facet="kind")
    assert "fatalities" not in body and all("fatalities" not in b for b in body["buckets"])


@pytest.mark.parametrize(
    ("params", "parameter", "detail"),
    [
        ({}, "facet", "facet is required"),
        (
            {"facet": "colour"},
            "facet",
            "facet='colour' is not a facet of events; they are: event_type, sub_event_type, date",
        ),
        ({"facet": "event_type", "top": "0"}, "top", "from 1 to 100"),
        ({"facet": "event_type", "top": "101"}, "top", "from 1 to 100"),
        ({"facet": "event_type", "top": "ten"}, "top", "from 1 to 100"),
        ({"facet": "date", "interval": "fortnight"}, "interval", "not one of: day, week, month, year"),
        ({"facet": "event_type", "interval": "week"}, "interval", "facet=date only"),
        ({"facet": "event_type", "type": "Picnics"}, "type", "is not one of"),
        ({"facet": "event_type", "limit": "5"}, "limit", "unknown query parameter"),
        ({"facet": "event_type", "q": "airstrike", "sort": "relevance"}, "sort", "sort does not apply to counts"),
    ],
)
def test_bad_requests_are_400_naming_the_parameter(
    client: TestClient, params: dict[str, str], parameter: str, detail: str
) -> None:
    body = problem(client.get("/v1/events/facets", params=params), 400, detail)
    assert [error["path"] for error in body["errors"]] == [parameter]


def test_a_collection_that_cannot_be_counted_is_404(client: TestClient) -> None:
    problem(client.get("/v1/widgets/facets", params={"facet": "kind"}), 404)


def test_a_facet_of_another_collection_is_400(client: TestClient) -> None:
    problem(
        client.get("/v1/actors/facets", params={"facet": "event_type"}), 400, "not a facet of actors; they are: kind"
    )


def test_the_counts_are_tagged_and_a_client_that_has_them_gets_304(client: TestClient) -> None:
    first = client.get("/v1/events/facets", params={"facet": "event_type"})
    again = client.get(
        "/v1/events/facets", params={"facet": "event_type"}, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


def test_the_api_document_describes_the_counts_their_parameters_and_body(client: TestClient) -> None:
    operation = client.get("/schema/openapi.json").json()["paths"]["/v1/{collection}/facets"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert params["facet"]["required"] is True and params["facet"]["example"] == "event_type"
    assert params["top"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100}
    assert params["interval"]["schema"]["enum"] == ["day", "week", "month", "year"]
    assert {"article", "type", "sub_type", "kind", "country", "date_from", "q"} <= params.keys()
    assert "sort" not in params and "limit" not in params
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Facets"}
    assert client.get("/v1/schemas/facets").status_code == 200
