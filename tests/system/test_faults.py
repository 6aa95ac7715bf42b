"""Faults and concurrency: the database going away and coming back, rivals saving at once, shutting down
in the middle of a stream."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from pathlib import Path

import httpx
import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.settings import Settings
from tests.conftest import (
    AUTH,
    DATA_DIR,
    PG_ADMIN_URL,
    TOKEN_DIGESTS,
    WRITE_TOKEN,
    RunningServer,
    new_document,
    problem,
    throwaway_postgres,
)

ARTICLE = "/v1/articles/isis-under-attack-northern-syria"


class Relay:
    """A TCP relay to PostgreSQL that can be cut and restored: the database 'going away' for one app only."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.links: list[socket.socket] = []
        self.up = threading.Event()
        self.up.set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up.is_set():
                client.close()
                continue
            server = socket.create_connection(self.target)
            self.links += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for end in (source, sink):
            with suppress(OSError):
                end.close()

    def cut(self) -> None:
        self.up.clear()
        for link in self.links:
            with suppress(OSError):
                link.shutdown(socket.SHUT_RDWR)
        self.links.clear()

    def restore(self) -> None:
        self.up.set()


@pytest.fixture
def relayed_postgres() -> Iterator[tuple[str, Relay]]:
    with throwaway_postgres() as url:
        relay = Relay(("127.0.0.1", 5432))
        host_part = PG_ADMIN_URL.split("@", 1)[1].split("/", 1)[0]
        yield url.replace(host_part, f"127.0.0.1:{relay.port}"), relay
        relay.listener.close()


def wait_for(check, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_the_database_going_away_is_503_quickly_and_the_service_recovers(relayed_postgres) -> None:
    url, relay = relayed_postgres
    settings = Settings(database_url=url, data_dir=DATA_DIR, token_digests=TOKEN_DIGESTS)
    with TestClient(create_app(settings), base_url="http://testserver.local") as client:
        assert client.get("/ready").status_code == 200
        assert client.get(ARTICLE).status_code == 200
        relay.cut()
        started = time.monotonic()
        body = problem(client.get("/ready"), 503)
        assert body["type"].endswith("/problems/unavailable")
        assert time.monotonic() - started < 5
        assert client.get("/health").status_code == 200  # the process is alive; only readiness is lost
        assert client.get(f"{ARTICLE}/events").status_code == 503
        response = client.post("/v1/articles", json=new_document(), headers=AUTH)
        problem(response, 503)
        assert response.headers["retry-after"] == "5"
        relay.restore()
        assert wait_for(lambda: client.get("/ready").status_code == 200)
        assert client.get(f"{ARTICLE}/events").status_code == 200
        assert client.post("/v1/articles", json=new_document(), headers=AUTH).status_code == 201


def test_concurrent_replacements_with_the_same_if_match_have_one_winner(database_url: str, tmp_path: Path) -> None:
    """N editors save the article they all read; exactly one wins, the others are told (412), nothing is lost."""
    server = RunningServer(database_url, tmp_path / "server.log", API_TOKENS=WRITE_TOKEN, WORKERS="2")
    try:
        read = httpx.get(server.base + ARTICLE)
        etag, original = read.headers["etag"], read.json()

        def save(editor: int) -> tuple[int, str, dict]:
            document = json.loads(json.dumps(original))
            document["actors"][0]["description"] = f"Edited by editor {editor}."
            response = httpx.put(server.base + ARTICLE, json=document, headers={**AUTH, "If-Match": etag}, timeout=30)
            return response.status_code, response.headers.get("etag", ""), document

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(save, range(8)))
        statuses = sorted(status for status, _, _ in results)
        assert statuses == [200] + [412] * 7
        [(_, winner_etag, winner)] = [r for r in results if r[0] == 200]
        stored = httpx.get(server.base + ARTICLE)
        assert stored.headers["etag"] == winner_etag and stored.json() == winner
    finally:
        server.stop()


def test_sigterm_lets_a_stream_in_flight_finish(tmp_path: Path) -> None:
    """A graceful stop: the export already being sent is completed, trailer and all, then the server exits."""
    from synth import synth_article

    database = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    lines = b"".join(json.dumps(json.loads(_encode(synth_article(i, 5)))).encode() + b"\n" for i in range(300))
    (tmp_path / "corpus.ndjson").write_bytes(lines)
    subprocess.run(
        [sys.executable, "-m", "service", "import", str(tmp_path / "corpus.ndjson"), "--quiet"],
        env={**os.environ, "DATABASE_URL": database},
        check=True,
        capture_output=True,
    )
    server = RunningServer(database, tmp_path / "server.log", RESPONSE_CACHE="false")
    with urllib.request.urlopen(server.base + "/v1/events.ndjson", timeout=30) as response:
        first = response.read(1024)  # the stream has started
        os.killpg(server.process.pid, signal.SIGTERM)
        rest = response.read()
    body = (first + rest).splitlines()
    trailer = json.loads(body[-1])
    assert trailer["end_of_stream"] is True and trailer["count"] == len(body) - 1 > 3000
    assert server.process.wait(timeout=30) == 0
    server.stop()


def _encode(article) -> bytes:
    import msgspec

    return msgspec.json.encode(article)


class UnwritableFile:
    """Stands for a SQLite file that cannot be written (full disk, read-only mount): every write fails."""

    def __init__(self, connection):
        self.connection = connection
        self.broken = True

    def cursor(self):
        if self.broken:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return self.connection.cursor()

    def execute(self, *args):
        return self.connection.execute(*args)

    @property
    def in_transaction(self) -> bool:
        return self.connection.in_transaction

    def close(self) -> None:
        self.connection.close()


def test_an_unwritable_sqlite_file_is_503_and_the_service_recovers(tmp_path: Path) -> None:
    from service.store.sqlite import SqliteStore

    store = SqliteStore(tmp_path / "store.sqlite3")
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'store.sqlite3'}", data_dir=DATA_DIR, token_digests=TOKEN_DIGESTS
    )
    with TestClient(create_app(settings, store=store), base_url="http://testserver.local") as client:
        healthy = store._writer
        store._writer = UnwritableFile(healthy)  # type: ignore[assignment]
        problem(client.post("/v1/articles", json=new_document(), headers=AUTH), 503)
        problem(client.get("/ready"), 503)
        assert client.get(ARTICLE).status_code == 200  # what is stored can still be read
        store._writer = healthy
        assert client.get("/ready").status_code == 200
        assert client.post("/v1/articles", json=new_document(), headers=AUTH).status_code == 201
    store.close()


def test_a_pooled_connection_closed_while_idle_is_replaced_not_used(relayed_postgres, monkeypatch) -> None:
    """The pool checks each connection it hands out: by a poll of its socket, and by an empty query only where
    something arrived there while it sat idle. One the server closed while it sat in the pool (a restart, here
    a cut) is noticed and replaced, so the read after it succeeds; a quiet one costs no round trip."""
    from psycopg_pool import ConnectionPool

    from service.store import Filters
    from service.store.engines import open_store

    queried: list[object] = []
    empty_query = ConnectionPool.check_connection
    monkeypatch.setattr(ConnectionPool, "check_connection", lambda conn: (queried.append(conn), empty_query(conn)))
    url, relay = relayed_postgres
    store = open_store(url)
    try:
        assert store.count() == 0  # a connection now waits in the pool
        assert store.count() == 0
        assert queried == []  # its socket was quiet: handed out without a query
        relay.cut()  # the server's side of it is gone
        relay.restore()
        time.sleep(0.2)  # (the close reaches our end of the socket)
        assert store.count() == 0
        assert queried  # the closed one was tried by a query, failed it, and was replaced
        assert store.records("events", Filters(), None, 10) == []
    finally:
        store.close()
