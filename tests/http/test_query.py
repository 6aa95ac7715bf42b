"""Query parameters (service/http/query.py): each parsed strictly, a bad or unknown one a 400 problem naming it."""

from __future__ import annotations

import datetime as dt

import pytest
from litestar.testing import TestClient

from service.http import query
from service.http.errors import ProblemError, ProblemItem
from service.store import Filters
from tests.conftest import PROBLEM_FIELDS, problem


@pytest.mark.parametrize(
    ("url", "params", "detail"),
    [
        ("/v1/events", {"colour": "red"}, "unknown query parameter(s): colour"),
        ("/v1/events", {"type": "Skirmish"}, "type='Skirmish' is not one of"),
        ("/v1/events", {"kind": "Battles"}, "unknown query parameter(s): kind"),
        ("/v1/actors", {"kind": "wizard"}, "kind='wizard' is not one of"),
        ("/v1/events", {"date_from": "January"}, "not a date"),
        ("/v1/events", {"updated_since": "2024-01-01"}, "time zone"),
        ("/v1/events", {"country": "Syria"}, "ISO 3166-1"),
        ("/v1/events", {"article": "../etc/passwd"}, "not an id"),
        ("/v1/events", {"limit": "0"}, "from 1 to 1000"),
        ("/v1/events", {"limit": "5000"}, "from 1 to 1000"),
        ("/v1/events", {"limit": "-1"}, "from 1 to 1000"),
        ("/v1/events", {"cursor": "not-a-cursor"}, "cursor"),
        ("/v1/events", {"cursor": "WyJhIl0"}, "cursor"),  # a valid encoding of the wrong shape
        ("/v1/events.csv", {"limit": "10"}, "drop limit and cursor"),
    ],
)
def test_bad_query_parameters_are_400_problems(corpus: TestClient, url: str, params: dict, detail: str) -> None:
    body = problem(corpus.get(url, params=params), 400, detail)
    assert body["errors"][0]["path"] in params


def test_a_deletions_cursor_of_the_wrong_shape_is_400(client: TestClient) -> None:
    response = client.get("/v1/deletions", params={"cursor": "WyJhYmMiLCJkZWYiXQ"})  # ["abc", "def"]
    assert response.status_code == 400 and response.json()["errors"][0]["path"] == "cursor"


BAD_QUERIES: list[tuple[str, str]] = [
    ("an unknown query parameter", "/v1/events?colour=red"),
    ("an unknown filter value", "/v1/events?type=Skirmish"),
    ("a negative page size", "/v1/events?limit=-5"),
    ("a huge page size", "/v1/events?limit=99999999999999999999"),
    ("a forged cursor", "/v1/events?cursor=eyJhcnRpY2xlIjoxfQ"),
    ("a garbage cursor", "/v1/events?cursor=%%%"),
    ("a query parameter on an article", "/v1/articles/isis-under-attack-northern-syria?x=1"),
]


@pytest.mark.parametrize(("case", "url"), BAD_QUERIES, ids=[r[0] for r in BAD_QUERIES])
def test_a_bad_query_is_a_400_problem(client: TestClient, case: str, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text[:500]
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json().keys() >= PROBLEM_FIELDS


def test_filters_refuse_an_unknown_parameter_naming_it_and_what_is_allowed() -> None:
    with pytest.raises(ProblemError) as caught:
        query.filters("events", {"colour": ["red"]})
    detail = (
        "unknown query parameter(s): colour; allowed: article, type, sub_type, actor, location, country, date_from,"
        " date_to, bbox, near, updated_since, q, sort, limit, cursor, dialect, fields"
    )
    assert (caught.value.status, caught.value.slug, caught.value.detail) == (400, "invalid-query", detail)
    assert caught.value.extensions == {"errors": [ProblemItem("colour", detail)]}


def test_filters_parse_each_value_into_the_stores_terms() -> None:
    parsed = query.filters(
        "events",
        {
            "country": ["sy"],
            "date_from": ["2014-01-02"],
            "updated_since": ["2014-01-02T03:00:00+03:00"],
            "actor": ["FSA"],
        },
    )
    assert parsed == Filters(
        actor="FSA",
        country="SY",
        date_from=dt.date(2014, 1, 2),
        updated_since=dt.datetime(2014, 1, 2, 0, 0, tzinfo=dt.UTC),
    )


def test_a_parameter_given_twice_is_refused() -> None:
    with pytest.raises(ProblemError) as caught:
        query.filters("events", {"type": ["Battles", "Riots"]})
    assert caught.value.detail == "type is given 2 times; give it once"


def test_limit_defaults_to_100_and_takes_1_to_1000() -> None:
    assert [query.limit({}), query.limit({"limit": ["1"]}), query.limit({"limit": ["1000"]})] == [100, 1, 1000]
    for raw in ("0", "1001", "²", "ten"):
        with pytest.raises(ProblemError) as caught:
            query.limit({"limit": [raw]})
        assert caught.value.detail == f"limit={raw!r} must be a whole number from 1 to 1000"


def test_a_cursor_this_service_issued_reads_back_and_one_of_another_size_does_not() -> None:
    cursor = query.encode_cursor("isis-under-attack-northern-syria", "atareb-clash")
    assert query.decode_cursor({"cursor": [cursor]}, 2) == ("isis-under-attack-northern-syria", "atareb-clash")
    assert query.decode_cursor({}, 2) is None
    with pytest.raises(ProblemError) as caught:
        query.decode_cursor({"cursor": [cursor]}, 3)
    assert caught.value.detail == "cursor is not one this service issued; start again without it"
