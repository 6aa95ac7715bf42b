"""One problem+json shape (service/http/errors.py, RFC 9457): every error a body of the same fields, its type a
served page."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.http.errors import PROBLEM_TYPES
from service.settings import Settings
from service.store import ArticleStore
from service.store.engines import open_store
from tests.conftest import SEED_ID, problem

ARTICLE = f"/v1/articles/{SEED_ID}"


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/v1/articles/no-such-article", "article 'no-such-article' does not exist"),
        ("/v1/articles/no-such-article/events", "article 'no-such-article' does not exist"),
        (f"{ARTICLE}/weapons", "collection 'weapons'"),
        (f"{ARTICLE}/events/no-such-event", "events item 'no-such-event'"),
        (f"{ARTICLE}.xml", "no format 'xml' here"),
        (f"{ARTICLE}/events/fighting-aleppo-idlib.ndjson", "no format 'ndjson' here"),
        ("/v1/schemas/weapon", "schema 'weapon'"),
        ("/v1/nothing", ""),
        ("/nothing/at/all", ""),
    ],
)
def test_unknown_things_are_404_problems(client: TestClient, path: str, detail: str) -> None:
    body = problem(client.get(path), 404, detail)
    assert body["instance"] == path


def test_a_wrong_method_is_a_405_problem(client: TestClient) -> None:
    problem(client.patch(ARTICLE, json={}), 405)


def test_a_problem_body_has_exactly_the_fields_of_its_shape(client: TestClient) -> None:
    response = client.get("/v1/articles/no-such-article")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "http://testserver.local/problems/not-found",
        "title": "Not Found",
        "status": 404,
        "detail": "article 'no-such-article' does not exist",
        "instance": "/v1/articles/no-such-article",
        "request_id": response.headers["x-request-id"],
    }


def test_a_generic_http_error_is_typed_about_blank(client: TestClient) -> None:
    body = problem(client.patch("/v1/articles/no-such-article", json={}), 405)
    assert (body["type"], body["title"], body["instance"]) == (
        "about:blank",
        "Method Not Allowed",
        "/v1/articles/no-such-article",
    )


def test_each_problem_type_of_ours_has_a_page_and_a_generic_one_has_none(client: TestClient) -> None:
    for slug, kind in PROBLEM_TYPES.items():
        assert client.get(f"/problems/{slug}").status_code == (404 if kind.generic else 200), slug
    assert [slug for slug, kind in PROBLEM_TYPES.items() if kind.generic] == [
        "body-too-large",
        "too-many-requests",
        "internal-error",
    ]
    problem(client.get("/problems/no-such-problem"), 404)


class FailingReads:
    """The store, but every read of an article fails unexpectedly, with a message that must not leak."""

    def __init__(self, store: ArticleStore):
        self.store = store

    def get(self, article_id: str) -> None:
        raise RuntimeError("secret: /var/lib/newsfacts/store.sqlite3 is corrupt")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def test_an_unexpected_error_is_a_500_problem_that_leaks_nothing(settings: Settings) -> None:
    store = open_store(settings.database_url)
    try:
        with TestClient(create_app(settings, store=FailingReads(store)), base_url="http://testserver.local") as client:
            body = problem(client.get("/v1/articles/isis-under-attack-northern-syria"), 500)
            assert (body["type"], body["title"]) == ("about:blank", "Internal Server Error")
            assert "secret" not in client.get("/v1/articles/isis-under-attack-northern-syria").text
    finally:
        store.close()
