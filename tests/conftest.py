"""Shared fixtures: the seed article, an app on a throwaway SQLite store, and a real server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import lxml.html
import psycopg
import pytest
from litestar.testing import TestClient

from schemas import Article, parse_article
from service.app import create_app
from service.http.auth import digest
from service.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA_DIR = ROOT / "data" / "articles"
SEED_ID = "isis-under-attack-northern-syria"
SEED_PATH = DATA_DIR / f"{SEED_ID}.json"
SOURCE_TEXT = SHARED / "seed" / "article.txt"
JSONLD_CHECK = SHARED / "tools" / "jsonld_check.py"


@pytest.fixture(scope="session")
def seed() -> Article:
    return parse_article(SEED_PATH.read_bytes())


PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
WRITE_TOKEN = "test-token-7f3a9c"
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped after it. No server is a failure, never a skip."""
    name = f"newsfacts_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} (start it; .ci/run does): {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every test that touches storage runs on both engines."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
    else:
        with throwaway_postgres() as url:
            yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, data_dir=DATA_DIR, token_digests=frozenset({digest(WRITE_TOKEN)}))


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), base_url="http://testserver.local") as test_client:
        yield test_client


HTML = "text/html; charset=utf-8"
SEED_ARTICLE = f"/v1/articles/{SEED_ID}"
SEED_PAGE = f"{SEED_ARTICLE}.html"


def seed_document() -> dict[str, Any]:
    """The seed article as a JSON document, for a test to change and post as an article of its own."""
    return json.loads(SEED_PATH.read_bytes())


def parse_page(response: Any) -> Any:
    """A page served as HTML, as an lxml tree to query with XPath."""
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == HTML
    return lxml.html.document_fromstring(response.content)


def text_of(element: Any) -> str:
    return str(element.text_content())


def served_page(client: TestClient, document: dict[str, Any]) -> Any:
    """Stores `document` as an article through the API, and returns the response that serves its page."""
    assert client.post("/v1/articles", json=document, headers=AUTH).status_code == 201
    return client.get(f"/v1/articles/{document['id']}.html")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RunningServer:
    """The service in a process of its own (granian, as `make run` starts it), on a free loopback port."""

    def __init__(self, database_url: str, log_path: Path, **env: str):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("ab")
        environment = {**os.environ, "PORT": str(self.port), "DATABASE_URL": database_url, **env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service", "serve"],
            cwd=ROOT,
            env=environment,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a kill reaches the workers too
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/health", timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"the server did not start: {log_path.read_text()}") from None
                time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL the whole server, workers included: no shutdown code runs."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._log.close()

    def stop(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
        self._log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service on a fresh SQLite file, shared by the tests that need a real HTTP server."""
    folder = tmp_path_factory.mktemp("server")
    running = RunningServer(f"sqlite:///{folder / 'store.sqlite3'}", folder / "server.log")
    try:
        yield running.base
    finally:
        running.stop()
