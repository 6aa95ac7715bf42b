"""HEAD (service/http/head.py): answered like GET, without a body."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.conftest import SEED_ID

ARTICLE = f"/v1/articles/{SEED_ID}"


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    get = client.get(f"{ARTICLE}/events.csv")
    head = client.head(f"{ARTICLE}/events.csv")
    assert head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "etag", "link", "content-length"):
        assert head.headers[name] == get.headers[name], name
    assert client.head("/v1/articles/nope").status_code == 404
