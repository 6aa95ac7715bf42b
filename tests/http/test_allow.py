"""OPTIONS lists every method of the route it asks about (Litestar 2 listed the first handler's only)."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient


@pytest.mark.parametrize(
    ("path", "allow"),
    [
        ("/v1/articles/some-article", "DELETE, GET, OPTIONS, PUT"),
        ("/v1/articles", "GET, OPTIONS, POST"),
        ("/v1/articles/some-article/events", "GET, OPTIONS"),
        ("/v1/events", "GET, OPTIONS"),
        ("/", "GET, OPTIONS"),
    ],
)
def test_options_lists_every_method_of_the_route(client: TestClient, path: str, allow: str) -> None:
    response = client.options(path)
    assert response.status_code == 204
    assert response.headers.get_list("allow") == [allow]


def test_a_405_lists_the_same_methods(client: TestClient) -> None:
    response = client.patch("/v1/articles/some-article")
    assert response.status_code == 405
    assert sorted(response.headers["allow"].split(", ")) == ["DELETE", "GET", "OPTIONS", "PUT"]


def test_a_cross_origin_preflight_still_offers_reads_only(client: TestClient) -> None:
    asked = {"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    response = client.options("/v1/articles/some-article", headers=asked)
    assert response.status_code == 204
    assert response.headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"
