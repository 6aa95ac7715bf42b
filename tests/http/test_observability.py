"""Request ids, JSON logs, metrics and CORS (service/http/observability.py), as a client and an operator see them."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.http.observability import route_of
from service.settings import Settings
from tests.conftest import AUTH, new_document

ARTICLE = "/v1/articles/isis-under-attack-northern-syria"


def test_every_response_has_a_request_id_even_from_the_cache(client: TestClient) -> None:
    first, second = client.get(ARTICLE), client.get(ARTICLE)
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    assert len(first.headers["x-request-id"]) == 32
    given = client.get(ARTICLE, headers={"X-Request-ID": "pipeline-run-42"})
    assert given.headers["x-request-id"] == "pipeline-run-42"
    odd = client.get(ARTICLE, headers={"X-Request-ID": "<script>"})
    assert odd.headers["x-request-id"] != "<script>"


def test_a_problem_quotes_its_request_id(client: TestClient) -> None:
    response = client.get("/v1/articles/nope", headers={"X-Request-ID": "abc-123"})
    assert response.json()["request_id"] == "abc-123" == response.headers["x-request-id"]


def test_one_json_log_line_a_request(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    with TestClient(create_app(replace(settings, access_log=True)), base_url="http://testserver.local") as client:
        capsys.readouterr()
        client.get(f"{ARTICLE}/events.csv", headers={"X-Request-ID": "log-check"})
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    [access] = [line for line in lines if line["logger"] == "service.access"]
    assert access["request_id"] == "log-check"
    assert access["method"] == "GET" and access["status"] == 200 and access["bytes"] > 1000
    assert access["path"] == f"{ARTICLE}/events.csv"
    assert "authorization" not in json.dumps(lines).lower()


def test_no_token_ever_reaches_the_logs(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    with TestClient(create_app(replace(settings, access_log=True)), base_url="http://testserver.local") as client:
        client.post("/v1/articles", json=new_document(), headers=AUTH)
        client.post("/v1/articles", json=new_document("x"), headers={"Authorization": "Bearer not-the-token"})
    logged = capsys.readouterr().err
    assert AUTH["Authorization"].split()[1] not in logged and "not-the-token" not in logged


def test_metrics_count_requests_by_route_and_status_and_exported_rows(client: TestClient) -> None:
    client.get(ARTICLE)
    client.get("/v1/articles/nope")
    client.get("/v1/events.csv")
    text = client.get("/metrics").text
    assert 'newsfacts_requests_total{method="GET",route="/v1/articles/{id}",status="200"} 1.0' in text
    assert 'newsfacts_requests_total{method="GET",route="/v1/articles/{id}",status="404"} 1.0' in text
    assert 'newsfacts_export_rows_total{format="text/csv",route="/v1/{collection}"} 12.0' in text
    assert "newsfacts_request_seconds_bucket" in text


def test_route_labels_stay_few() -> None:
    assert route_of("/v1/articles/a/events/b.csv") == "/v1/articles/{id}/{collection}/{item}"
    assert route_of("/v1/events.ndjson") == "/v1/{collection}"
    assert route_of("/v1/events/facets") == "/v1/{collection}/facets"
    assert route_of("/../../etc/passwd") == "other"


def test_cors_is_open_for_reads_and_closed_for_writes(client: TestClient) -> None:
    read = client.get(ARTICLE, headers={"Origin": "https://newsroom.example"})
    assert read.headers["access-control-allow-origin"] == "*"
    assert "ETag" in read.headers["access-control-expose-headers"]
    preflight = client.options(
        ARTICLE,
        headers={
            "Origin": "https://x.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 204 and preflight.headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"
    write = client.options(
        "/v1/articles", headers={"Origin": "https://x.example", "Access-Control-Request-Method": "POST"}
    )
    assert write.status_code == 403 and "access-control-allow-origin" not in write.headers
    posted = client.post("/v1/articles", json=new_document(), headers={**AUTH, "Origin": "https://x.example"})
    assert posted.status_code == 201 and "access-control-allow-origin" not in posted.headers
