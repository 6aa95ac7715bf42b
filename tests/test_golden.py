"""Golden files: every rendering of the seed article, byte for byte, as read and checked against the article.

After an intended change, `UPDATE_GOLDEN=1 pytest tests/test_golden.py` rewrites them; review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from litestar.testing import TestClient

from tests.conftest import SEED_ID

GOLDEN = Path(__file__).parent / "golden"
ARTICLE = f"/v1/articles/{SEED_ID}"

RENDERINGS = {
    "article.json": f"{ARTICLE}.json",
    "article.jsonld": f"{ARTICLE}.jsonld",
    "article.csv": f"{ARTICLE}.csv",
    "article.csv-metadata.json": f"{ARTICLE}.csv-metadata.json",
    "article.embed.html": f"{ARTICLE}.embed.html",
    "actors.csv": f"{ARTICLE}/actors.csv",
    "locations.csv": f"{ARTICLE}/locations.csv",
    "events.csv": f"{ARTICLE}/events.csv",
    "events.csv-metadata.json": f"{ARTICLE}/events.csv-metadata.json",
    "relations.csv": f"{ARTICLE}/relations.csv",
    "events.ndjson": f"{ARTICLE}/events.ndjson",
    "events.jsonld": f"{ARTICLE}/events.jsonld",
    "actor-isis.jsonld": f"{ARTICLE}/actors/isis.jsonld",
}


@pytest.mark.parametrize("name", list(RENDERINGS))
def test_rendering_matches_its_golden_file(client: TestClient, name: str) -> None:
    response = client.get(RENDERINGS[name])
    assert response.status_code == 200
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(response.content)
    assert response.content == path.read_bytes()


def test_no_golden_file_is_left_unchecked() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(RENDERINGS)
