"""The service's own routes (service/routes/meta.py): health."""

from __future__ import annotations

from litestar.testing import TestClient


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
