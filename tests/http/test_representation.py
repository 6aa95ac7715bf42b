"""Building a response (service/http/representation.py): strong entity tags, 304 to a matching If-None-Match,
the caching and linking headers, corpus reads tagged by the store's version, streams read ahead."""

from __future__ import annotations

import pytest
from litestar import Litestar, Request, Response, get
from litestar.testing import TestClient

from service.http.representation import tagged
from service.records import entity_tag
from tests.conftest import AUTH, SEED_ID, problem

ARTICLE = f"/v1/articles/{SEED_ID}"


def test_etag_and_if_none_match(client: TestClient) -> None:
    first = client.get(f"{ARTICLE}.csv")
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert first.headers["cache-control"] == "public, max-age=60, must-revalidate"
    again = client.get(f"{ARTICLE}.csv", headers={"If-None-Match": f'"other", {etag}'})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(f"{ARTICLE}.json").headers["etag"] != etag  # one tag per representation
    assert client.get(f"{ARTICLE}.csv", headers={"If-None-Match": '"stale"'}).status_code == 200
    problem(client.get(ARTICLE, headers={"If-None-Match": "no-quotes"}), 400, "not an entity tag")


def test_csv_links_its_csvw_metadata(client: TestClient) -> None:
    response = client.get(f"{ARTICLE}/events.csv")
    assert response.headers["link"] == (
        f'<http://testserver.local{ARTICLE}/events.csv-metadata.json>; rel="describedby"; type="application/csvm+json"'
    )


@pytest.mark.parametrize(
    "path",
    [
        "/v1/articles",
        "/v1/articles.ndjson",
        ARTICLE,
        f"{ARTICLE}/events",
        f"{ARTICLE}/events/atareb-clash.jsonld",
        "/v1/events",
        "/v1/events.csv",
        "/v1/deletions",
        "/v1/schemas",
        "/v1/schemas/event",
    ],
)
def test_every_get_carries_a_strong_etag_and_answers_304(client: TestClient, path: str) -> None:
    response = client.get(path)
    etag = response.headers["etag"]
    assert etag.startswith('"') and response.headers["cache-control"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304


def test_corpus_lists_are_tagged_by_store_version(corpus: TestClient) -> None:
    first = corpus.get("/v1/events.csv")
    assert corpus.get("/v1/events.csv", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    assert corpus.get("/v1/events.json").headers["etag"] != first.headers["etag"]
    corpus.delete("/v1/articles/second-article", headers=AUTH)
    assert corpus.get("/v1/events.csv", headers={"If-None-Match": first.headers["etag"]}).status_code == 200


def test_a_stream_read_ahead_keeps_every_chunk_and_closes_its_source_when_left() -> None:
    """Streamed bodies are rendered a chunk ahead on a thread (service.http.representation.read_ahead): every
    chunk arrives in order, an empty one does not end the stream, and a client that leaves closes the
    source (an export's snapshot is released then, not when the iterator happens to be collected)."""
    import asyncio

    from service.http.representation import read_ahead

    closed: list[str] = []

    def source(name: str):
        try:
            yield from (b"a", b"", b"b", b"c")
        finally:
            closed.append(name)

    async def scenario() -> tuple[list[bytes], list[bytes], list[str]]:
        whole = [chunk async for chunk in read_ahead(source("whole"))]
        left = read_ahead(source("left"))
        first = [await anext(left)]
        await left.aclose()
        return whole, first, list(closed)  # (as aclose returns, not at some later collection)

    whole, first, closed_by_then = asyncio.run(scenario())
    assert whole == [b"a", b"", b"b", b"c"]
    assert first == [b"a"]
    assert closed_by_then == ["whole", "left"]


@get("/greeting", sync_to_thread=False)
def greeting(request: Request) -> Response[bytes]:
    return tagged(request, b"hello", "text/plain")


def test_a_finished_body_is_tagged_by_its_bytes_and_answered_304_when_the_client_has_it() -> None:
    with TestClient(Litestar([greeting])) as client:
        first = client.get("/greeting")
        assert (first.status_code, first.content) == (200, b"hello")
        assert first.headers["etag"] == entity_tag(b"hello")
        assert first.headers["cache-control"] == "public, max-age=60, must-revalidate"
        for asked in (first.headers["etag"], f'"other", {first.headers["etag"]}', "W/" + first.headers["etag"], "*"):
            again = client.get("/greeting", headers={"If-None-Match": asked})
            assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", first.headers["etag"]), asked
        assert client.get("/greeting", headers={"If-None-Match": '"other"'}).status_code == 200
