"""Acknowledged means stored: a server killed (SIGKILL) mid-write loses nothing it acknowledged and
leaves nothing half-written — on SQLite and on PostgreSQL."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import httpx
import msgspec

from synth import synth_article
from tests.conftest import AUTH, WRITE_TOKEN, RunningServer

KILLS = 4


def write_until_refused(base: str, seed: int, acknowledged: dict[str, str], stop: threading.Event) -> None:
    """POST synthetic articles one after another; record the ETag of each one the server acknowledged."""
    with httpx.Client(base_url=base, timeout=5) as client:
        index = 0
        while not stop.is_set():
            article = synth_article(index, seed)
            index += 1
            try:
                response = client.post(
                    "/v1/articles",
                    content=msgspec.json.encode(article),
                    headers={**AUTH, "Content-Type": "application/json"},
                )
            except httpx.HTTPError:
                return  # the server is gone: whatever was in flight was not acknowledged
            if response.status_code == 201:
                acknowledged[article.id] = response.headers["etag"]


def assert_complete(base: str, acknowledged: dict[str, str]) -> int:
    """Every acknowledged article is there, unchanged; every stored article has all its records."""
    with httpx.Client(base_url=base, timeout=10) as client:
        for article_id, etag in acknowledged.items():
            assert client.get(f"/v1/articles/{article_id}").headers.get("etag") == etag, article_id
        stored = client.get("/v1/articles", params={"limit": "1000"}).json()["items"]
        for summary in stored:
            for collection, count in (("events", "event_count"), ("actors", "actor_count")):
                records = client.get(f"/v1/{collection}", params={"article": summary["id"], "limit": "1000"})
                assert len(records.json()["items"]) == summary[count], (summary["id"], collection)
        return len(stored)


def test_killed_writers_lose_no_acknowledged_write(database_url: str, tmp_path: Path) -> None:
    env = {"API_TOKENS": WRITE_TOKEN}
    acknowledged: dict[str, str] = {}
    chance = random.Random(20141004)
    for kill in range(KILLS):
        server = RunningServer(database_url, tmp_path / "server.log", **env)
        stop = threading.Event()
        writer = threading.Thread(target=write_until_refused, args=(server.base, kill, acknowledged, stop))
        writer.start()
        time.sleep(chance.uniform(0.3, 1.2))  # a random moment, most likely in the middle of a write
        server.kill()
        stop.set()
        writer.join(timeout=10)
    server = RunningServer(database_url, tmp_path / "server.log", **env)
    try:
        assert len(acknowledged) > KILLS * 3  # the writers really wrote between the kills
        stored = assert_complete(server.base, acknowledged)
        assert stored >= len(acknowledged) + 1  # the seed, every acknowledged article, maybe one in flight
    finally:
        server.stop()
