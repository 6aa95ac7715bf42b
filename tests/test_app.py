"""The app as create_app builds it (service/app.py): the body size limit, the write rate limit, the store kept
across restarts and the bundled data loaded once."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import TestClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import AUTH, DATA_DIR, SEED_PATH, TOKEN_DIGESTS, WRITE_TOKEN, article_ids, new_document, problem


def test_a_body_over_the_limit_is_413(database_url: str) -> None:
    settings = Settings(database_url=database_url, data_dir=DATA_DIR, token_digests=TOKEN_DIGESTS, max_body_bytes=2_000)
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        response = client.post(
            "/v1/articles", content=SEED_PATH.read_bytes(), headers={**AUTH, "Content-Type": "application/json"}
        )
        problem(response, 413)
        assert article_ids(client) == ["isis-under-attack-northern-syria"]


def test_the_store_survives_a_restart(settings: Settings, tmp_path: Path) -> None:
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        etag = client.post("/v1/articles", json=new_document(), headers=AUTH).headers["etag"]
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        assert client.get("/v1/articles/second-article").headers["etag"] == etag
        assert sorted(article_ids(client)) == ["isis-under-attack-northern-syria", "second-article"]


def test_the_bundled_data_is_loaded_once_not_after_it_was_deleted(settings: Settings) -> None:
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        assert client.delete("/v1/articles/isis-under-attack-northern-syria", headers=AUTH).status_code == 204
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        assert article_ids(client) == []


ARTICLE = "/v1/articles/isis-under-attack-northern-syria"


def test_writes_are_rate_limited_per_client(database_url: str) -> None:
    from service.http.auth import digest

    settings = Settings(
        database_url=database_url,
        data_dir=DATA_DIR,
        token_digests=frozenset({digest(WRITE_TOKEN)}),
        write_rate_limit=("minute", 2),
    )
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        assert client.post("/v1/articles", json=new_document("one"), headers=AUTH).status_code == 201
        assert client.post("/v1/articles", json=new_document("two"), headers=AUTH).status_code == 201
        problem(client.post("/v1/articles", json=new_document("three"), headers=AUTH), 429)
        assert client.get(ARTICLE).status_code == 200  # reads are not limited
        assert [a["id"] for a in client.get("/v1/articles").json()["items"]] == [
            "isis-under-attack-northern-syria",
            "one",
            "two",
        ]
