"""NDJSON (service/renderers/ndjson.py): an export ends with a trailer that counts its records."""

from __future__ import annotations

import json

from litestar.testing import TestClient


def test_ndjson_export_ends_with_a_trailer_that_counts(corpus: TestClient) -> None:
    lines = [json.loads(line) for line in corpus.get("/v1/events.ndjson").text.splitlines()]
    assert lines[-1] == {"end_of_stream": True, "count": 13}
    assert lines[:-1] == corpus.get("/v1/events", params={"limit": "100"}).json()["items"]
