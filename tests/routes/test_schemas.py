"""The JSON Schema routes (service/routes/schemas.py): the index links every schema the model publishes."""

from __future__ import annotations

from litestar.testing import TestClient

import schemas


def test_the_schema_index_links_every_schema(client: TestClient) -> None:
    index = client.get("/v1/schemas").json()
    for entry in index["schemas"]:
        response = client.get(entry["url"].removeprefix("http://testserver.local"))
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/schema+json"
        assert response.json()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert [e["name"] for e in index["schemas"]] == list(schemas.TOP_LEVEL_TYPES)
