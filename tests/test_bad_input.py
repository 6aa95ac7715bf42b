"""The catalogue of bad input: each case answered with a clear RFC 9457 problem, never a 500, and the store
left exactly as it was. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from litestar.testing import TestClient

from tests.conftest import SEED_PATH
from tests.test_writes import AUTH, new_document

PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance"}
JSON = {**AUTH, "Content-Type": "application/json"}


def snapshot(client: TestClient) -> tuple[Any, ...]:
    """Everything a bad request could have changed."""
    return (
        [(a["id"], a["revision"], a["updated_at"]) for a in client.get("/v1/articles").json()["items"]],
        client.get("/v1/deletions").json()["items"],
        client.get("/v1/events.ndjson").content,
    )


def seed() -> dict[str, Any]:
    return json.loads(SEED_PATH.read_bytes())


def edited(change: Callable[[dict[str, Any]], Any]) -> bytes:
    document = copy.deepcopy(new_document("catalogue"))
    change(document)
    return json.dumps(document).encode()


def huge_id() -> str:
    return "a" * 10_240


WRITES: list[tuple[str, bytes, dict[str, str], int, str | None]] = [
    # (case, body, headers, status, JSON path of the first problem or None)
    ("malformed JSON", b'{"id": "x", ', JSON, 400, None),
    ("JSON that is not an object", b'["an", "array"]', JSON, 422, "$"),
    ("invalid UTF-8", b'{"id": "\xff\xfe"}', JSON, 400, None),
    ("a wrong Content-Type", json.dumps(new_document()).encode(), {**AUTH, "Content-Type": "text/csv"}, 415, None),
    ("an empty body", b"", JSON, 400, None),
    ("nesting 10,000 levels deep", b'{"id": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", JSON, 400, None),
    ("a 1 MB string in a field", edited(lambda d: d.update(headline="x" * 1_000_000)), JSON, 422, "$.headline"),
    ("unknown fields", edited(lambda d: d["actors"][0].update(colour="red")), JSON, 422, "$.actors[0].colour"),
    ("a wrong type", edited(lambda d: d["events"][0].update(certainty=3)), JSON, 422, "$.events[0].certainty"),
    ("a missing required field", edited(lambda d: d.pop("headline")), JSON, 422, "$"),
    ("duplicate ids", edited(lambda d: d["actors"][1].update(id="isis")), JSON, 422, "$.actors[1].id"),
    (
        "a reference to an unknown id",
        edited(lambda d: d["events"][0]["locations"].append("atlantis")),
        JSON,
        422,
        "$.events[0].locations[1]",
    ),
    (
        "an evidence offset out of range",
        edited(lambda d: d["actors"][0]["evidence"][0].update(start=5000, end=5004)),
        JSON,
        422,
        "$.actors[0].evidence[0]",
    ),
    (
        "a quote that does not match",
        edited(lambda d: d["actors"][0]["evidence"][0].update(quote="ISIS")),
        JSON,
        422,
        "$.actors[0].evidence[0].quote",
    ),
    (
        "a date that does not parse",
        edited(lambda d: d["events"][0].update(date={"start": "3 Jan 2014", "precision": "day", "basis": "stated"})),
        JSON,
        422,
        "$.events[0].date.start",
    ),
    (
        "a start after its end",
        edited(
            lambda d: d["events"][0].update(
                date={"start": "2014-01-05", "end": "2014-01-03", "precision": "day", "basis": "stated"}
            )
        ),
        JSON,
        422,
        "$.events[0].date.start",
    ),
    (
        "coordinates out of range",
        edited(
            lambda d: d["locations"][0].update(
                coordinates={"latitude": 36.1, "longitude": 237.2, "geo_precision": 1, "source": "https://x.org/1"}
            )
        ),
        JSON,
        422,
        "$.locations[0].coordinates.longitude",
    ),
    *(
        (f"an id with {name}", edited(lambda d, v=value: d.update(id=v)), JSON, 422, "$.id")
        for name, value in (
            ("a slash", "a/b"),
            ("dots", ".."),
            ("a NUL", "a\x00b"),
            ("a percent-encoded NUL", "a%00b"),
            ("spaces", "a b"),
            ("SQL", "x'; DROP TABLE articles; --"),
            ("shell metacharacters", "$(rm -rf /)"),
            ("10 KB", huge_id()),
        )
    ),
]


@pytest.mark.parametrize(("case", "body", "headers", "status", "path"), WRITES, ids=[w[0] for w in WRITES])
def test_a_bad_write_is_a_clear_problem_and_changes_nothing(
    client: TestClient, case: str, body: bytes, headers: dict[str, str], status: int, path: str | None
) -> None:
    before = snapshot(client)
    response = client.post("/v1/articles", content=body, headers=headers)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem.keys() >= PROBLEM_FIELDS and problem["status"] == status and problem["detail"]
    if path is not None:
        assert problem["errors"][0]["path"] == path, problem["errors"]
    assert "Traceback" not in response.text
    assert snapshot(client) == before


READS: list[tuple[str, str, dict[str, str], int]] = [
    ("an id with a slash", "/v1/articles/a%2Fb", {}, 404),
    ("dots", "/v1/articles/..%2F..%2Fetc%2Fpasswd", {}, 404),
    ("a percent-encoded NUL", "/v1/articles/a%00b", {}, 404),
    ("spaces", "/v1/articles/a%20b", {}, 404),
    ("SQL", "/v1/articles/x'%20OR%201=1--", {}, 404),
    ("a 10 KB id", f"/v1/articles/{huge_id()}", {}, 404),
    ("an unknown query parameter", "/v1/events?colour=red", {}, 400),
    ("an unknown filter value", "/v1/events?type=Skirmish", {}, 400),
    ("a negative page size", "/v1/events?limit=-5", {}, 400),
    ("a huge page size", "/v1/events?limit=99999999999999999999", {}, 400),
    ("a forged cursor", "/v1/events?cursor=eyJhcnRpY2xlIjoxfQ", {}, 400),
    ("a garbage cursor", "/v1/events?cursor=%%%", {}, 400),
    ("an Accept nothing satisfies", "/v1/events", {"Accept": "image/png"}, 406),
    ("a malformed Accept", "/v1/events", {"Accept": "text/csv;q=abc"}, 400),
    ("a malformed If-None-Match", "/v1/articles/isis-under-attack-northern-syria", {"If-None-Match": "nope"}, 400),
    ("a query parameter on an article", "/v1/articles/isis-under-attack-northern-syria?x=1", {}, 400),
]


@pytest.mark.parametrize(("case", "url", "headers", "status"), READS, ids=[r[0] for r in READS])
def test_a_bad_read_is_a_clear_problem(client: TestClient, case: str, url: str, headers: dict, status: int) -> None:
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json().keys() >= PROBLEM_FIELDS


def test_a_malformed_if_match_is_refused_before_anything_is_written(client: TestClient) -> None:
    before = snapshot(client)
    url = "/v1/articles/isis-under-attack-northern-syria"
    response = client.put(url, content=SEED_PATH.read_bytes(), headers={**JSON, "If-Match": "no-quotes"})
    assert response.status_code == 400 and "If-Match" in response.json()["detail"]
    assert snapshot(client) == before


def test_a_deletions_cursor_of_the_wrong_shape_is_400(client: TestClient) -> None:
    response = client.get("/v1/deletions", params={"cursor": "WyJhYmMiLCJkZWYiXQ"})  # ["abc", "def"]
    assert response.status_code == 400 and response.json()["errors"][0]["path"] == "cursor"
