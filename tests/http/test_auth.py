"""Who may write (service/http/auth.py): a bearer token whose digest is configured, else 401 or 403 and nothing
stored."""

from __future__ import annotations

from litestar.testing import TestClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import AUTH, DATA_DIR, article_ids, new_document, problem


def test_a_write_without_a_token_is_401_and_stores_nothing(client: TestClient) -> None:
    response = client.post("/v1/articles", json=new_document())
    problem(response, 401, "Bearer")
    assert response.headers["www-authenticate"].startswith("Bearer")
    problem(client.post("/v1/articles", json=new_document(), headers={"Authorization": "Bearer wrong"}), 401)
    problem(client.post("/v1/articles", json=new_document(), headers={"Authorization": "Basic eDp5"}), 401)
    assert article_ids(client) == ["isis-under-attack-northern-syria"]


def test_with_no_token_configured_writes_are_refused(database_url: str) -> None:
    settings = Settings(database_url=database_url, data_dir=DATA_DIR)  # no tokens
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        problem(client.post("/v1/articles", json=new_document(), headers=AUTH), 403, "no API token is configured")
        problem(client.delete("/v1/articles/isis-under-attack-northern-syria", headers=AUTH), 403)
        assert article_ids(client) == ["isis-under-attack-northern-syria"]
