"""The representation cache answers exactly as the app would, and never hides a write — not even another
process's (two apps on one database stand for two replicas)."""

from __future__ import annotations

import dataclasses
import time

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.http.cache import RepresentationCache
from service.settings import Settings
from tests.conftest import AUTH, new_document

ARTICLE = "/v1/articles/isis-under-attack-northern-syria"


def cache_of(client: TestClient) -> RepresentationCache:
    layer = client.app.asgi_handler  # type: ignore[attr-defined]
    while not isinstance(layer, RepresentationCache):  # the cache sits under the outer layers
        layer = layer.app
    return layer


def test_a_repeated_get_is_answered_from_the_cache_byte_for_byte(client: TestClient) -> None:
    cache = cache_of(client)
    first = client.get(f"{ARTICLE}/events.csv")
    deadline = time.monotonic() + 5  # PostgreSQL's listener must be listening before anything is kept
    while cache.hits == 0 and time.monotonic() < deadline:
        second = client.get(f"{ARTICLE}/events.csv")
        time.sleep(0.02)
    assert cache.hits >= 1
    assert second.content == first.content
    same = {k: v for k, v in second.headers.items() if k != "x-request-id"}  # each request has its own id
    assert same == {k: v for k, v in first.headers.items() if k != "x-request-id"}


def test_negotiation_conditional_requests_and_head_through_the_cache(client: TestClient) -> None:
    as_csv = client.get(ARTICLE, headers={"Accept": "text/csv"})
    as_json = client.get(ARTICLE, headers={"Accept": "application/json"})
    assert client.get(ARTICLE, headers={"Accept": "text/csv"}).content == as_csv.content
    assert client.get(ARTICLE, headers={"Accept": "application/json"}).content == as_json.content
    assert as_csv.content != as_json.content
    not_modified = client.get(ARTICLE, headers={"Accept": "text/csv", "If-None-Match": as_csv.headers["etag"]})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == as_csv.headers["etag"]
    head = client.head(ARTICLE, headers={"Accept": "text/csv"})
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == as_csv.headers["etag"]


def test_a_write_is_seen_at_once_by_the_process_that_made_it(client: TestClient) -> None:
    before = client.get("/v1/events.csv").text
    client.get("/v1/events.csv")
    client.post("/v1/articles", json=new_document(), headers=AUTH)
    assert "second-article" in client.get("/v1/events.csv").text and "second-article" not in before
    client.delete("/v1/articles/second-article", headers=AUTH)
    assert "second-article" not in client.get("/v1/events.csv").text


@pytest.mark.parametrize("response_cache", [True, False])
def test_a_write_through_another_replica_is_seen(settings: Settings, response_cache: bool) -> None:
    """Through the response cache, and without it: the store version in a corpus tag is kept too, by the same
    change token."""
    settings = dataclasses.replace(settings, response_cache=response_cache)
    with (
        TestClient(create_app(settings), base_url="http://testserver.local") as reader,
        TestClient(create_app(settings), base_url="http://testserver.local") as writer,
    ):
        assert reader.get("/v1/articles/second-article").status_code == 404
        assert reader.get("/v1/events?article=second-article").json()["items"] == []
        tag_before = reader.get("/v1/events.csv").headers["etag"]
        assert reader.get("/v1/events.csv").headers["etag"] == tag_before  # (nothing written: the same tag)
        writer.post("/v1/articles", json=new_document(), headers=AUTH)
        deadline = time.monotonic() + 5  # PostgreSQL's notification arrives asynchronously
        while reader.get("/v1/events?article=second-article").json()["items"] == [] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [e["id"] for e in reader.get("/v1/events?article=second-article").json()["items"]] == ["clash"]
        while reader.get("/v1/events.csv").headers["etag"] == tag_before and time.monotonic() < deadline:
            time.sleep(0.02)
        assert reader.get("/v1/events.csv").headers["etag"] != tag_before  # the corpus tag follows the write
