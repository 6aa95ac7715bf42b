"""Shared fixtures and helpers: the seed article, an app on a throwaway store of each engine, a real server, a
small article of our own to write, the problem+json check, and `articles()`, any valid article hypothesis builds."""

from __future__ import annotations

import csv
import datetime as dt
import io
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
from typing import Annotated, Any, get_args, get_origin

import hypothesis
import lxml.html
import msgspec
import psycopg
import pytest
from hypothesis import HealthCheck
from hypothesis import strategies as st
from litestar.testing import TestClient

from schemas import SUB_EVENT_TYPES, Article, parse_article
from schemas.v1.actors import ActorKind, RelationType
from schemas.v1.events import ParticipantRole
from schemas.v1.evidence import Certainty
from schemas.v1.locations import LocationKind
from service.app import create_app
from service.http.auth import digest
from service.records import article_records
from service.renderers import BY_SUFFIX, Resource, View
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
TOKEN_DIGESTS = frozenset({digest(WRITE_TOKEN)})


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
    return Settings(database_url=database_url, data_dir=DATA_DIR, token_digests=TOKEN_DIGESTS)


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


def new_document(article_id: str = "second-article") -> dict[str, Any]:
    """A small valid article of our own."""
    body = "Fighting in Atareb between Isis and the FSA."
    return {
        "id": article_id,
        "headline": "Clashes in Atareb",
        "language": "en",
        "body": body,
        "actors": [
            {"id": "isis", "kind": "armed_group", "name": "Isis", "evidence": [span(body, "Isis")]},
            {"id": "fsa", "kind": "armed_group", "name": "FSA", "evidence": [span(body, "FSA")]},
        ],
        "locations": [{"id": "atareb", "name": "Atareb", "kind": "town", "evidence": [span(body, "Atareb")]}],
        "events": [
            {
                "id": "clash",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "summary": "Isis and the FSA fought in Atareb.",
                "participants": [{"actor": "isis", "role": "actor1"}, {"actor": "fsa", "role": "actor2"}],
                "locations": ["atareb"],
                "certainty": "stated",
                "evidence": [span(body, "Fighting in Atareb between Isis and the FSA")],
            }
        ],
    }


def span(text: str, quote: str) -> dict[str, Any]:
    start = text.index(quote)
    return {"field": "body", "start": start, "end": start + len(quote), "quote": quote}


PROBLEM = "application/problem+json"
PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance"}


def problem(response: Any, status: int, detail_part: str = "") -> dict[str, Any]:
    """The response is an RFC 9457 problem of this status whose detail says `detail_part`: its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status and detail_part in body["detail"], body
    assert body.keys() >= PROBLEM_FIELDS
    assert "Traceback" not in response.text
    return body


def article_ids(client: TestClient) -> list[str]:
    return [a["id"] for a in client.get("/v1/articles").json()["items"]]


def snapshot(client: TestClient) -> tuple[Any, ...]:
    """Everything a bad request could have changed."""
    return (
        [(a["id"], a["revision"], a["updated_at"]) for a in client.get("/v1/articles").json()["items"]],
        client.get("/v1/deletions").json()["items"],
        client.get("/v1/events.ndjson").content,
    )


@pytest.fixture
def corpus(client: TestClient) -> TestClient:
    """The seed and a second article ('second-article': one clash in Atareb between Isis and the FSA)."""
    assert client.post("/v1/articles", json=new_document(), headers=AUTH).status_code == 201
    return client


def record_ids(client: TestClient, url: str, **params: str) -> list[tuple[str, str]]:
    """(article_id, id) of each record a corpus collection lists."""
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return [(item["article_id"], item["id"]) for item in response.json()["items"]]


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


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


# ---- any valid article, for property tests ---------------------------------------------------------------------

PROPERTY = hypothesis.settings(
    max_examples=50, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

ADVERSARIAL = ["</script>", "</SCRIPT ", "<!--", "-->", "&amp;", "&", '"', "'", "\n", "\r\n", "\r", "\t", ";", ","]
ADVERSARIAL += ["حلب", "الدولة الإسلامية", "🙂", "👩‍👩‍👧", "\u200f", "é", " "]


def values_of(vocabulary: Any) -> list[str]:
    """The strings a Literal of the model allows (also inside Annotated[Literal[...], Meta(...)])."""
    while get_origin(vocabulary) is Annotated:
        vocabulary = get_args(vocabulary)[0]
    return list(get_args(vocabulary))


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


text_pieces = st.one_of(
    st.sampled_from(["</script>", "<!--"]),
    st.sampled_from(ADVERSARIAL),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=10),
)


texts = st.lists(text_pieces, min_size=1, max_size=8).map("".join)


short_texts = st.lists(text_pieces, min_size=1, max_size=3).map("".join)


slugs = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8), min_size=1, max_size=3).map(
    "-".join
)


countries = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)


cameo_codes = st.text("0123456789", min_size=2, max_size=4)


uris = st.one_of(
    slugs.map(lambda s: f"https://www.wikidata.org/wiki/{s}"),
    st.sampled_from(["https://example.org/a?b=1&c=</script>", "http://example.org/<!--x-->", 'https://e.org/"q"']),
)


languages = st.sampled_from(["en", "ar", "en-GB", "fr", "ar-SY"])


dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


zones = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=3)), dt.timezone(dt.timedelta(hours=-5, minutes=-30))])


datetimes = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=zones)


@st.composite
def spans(draw: st.DrawFn, text: str) -> tuple[int, int]:
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, min(len(text), start + 40)))
    return start, end


@st.composite
def evidence(draw: st.DrawFn, fields: dict[str, str]) -> list[dict[str, Any]]:
    """One or two spans, each cut from one of the article's text fields: quote == text[start:end]."""
    found = []
    for _ in range(draw(st.integers(1, 2))):
        field = draw(st.sampled_from(sorted(fields)))
        start, end = draw(spans(fields[field]))
        found.append({"field": field, "start": start, "end": end, "quote": fields[field][start:end]})
    return found


@st.composite
def date_ranges(draw: st.DrawFn) -> dict[str, Any]:
    start, end = sorted([draw(dates), draw(dates)])
    basis = draw(st.sampled_from(["stated", "inferred"]))
    return {
        "start": draw(st.sampled_from([start, None])),
        "end": draw(st.sampled_from([end, None])),
        "precision": draw(st.sampled_from(["day", "week", "month", "year"])),
        "basis": basis,
        "inferred_from": draw(short_texts) if basis == "inferred" else None,
    }


@st.composite
def attributions(draw: st.DrawFn, actor_ids: list[str]) -> list[dict[str, Any]]:
    sources = optional(st.sampled_from(actor_ids))
    return draw(st.lists(st.fixed_dictionaries({"text": short_texts, "source": sources}), max_size=2))


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """A valid v1 article, built as JSON-like data (references only to earlier items: no cycles), read by the model."""
    body = draw(texts)
    headline = draw(texts)
    image = draw(
        optional(st.fixed_dictionaries({"description": optional(short_texts), "caption": optional(short_texts)}))
    )
    fields = {"body": body, "headline": headline}
    for name in ("description", "caption"):
        if image and image[name]:
            fields[f"image.{name}"] = image[name]

    actor_ids = draw(st.lists(slugs, min_size=1, max_size=4, unique=True))
    actors = [
        {
            "id": actor_id,
            "kind": draw(st.sampled_from(values_of(ActorKind))),
            "name": draw(short_texts),
            "aliases": draw(st.lists(short_texts, max_size=2)),
            "description": draw(optional(short_texts)),
            "role": draw(optional(short_texts)),
            "same_as": draw(st.lists(uris, max_size=2)),
            "evidence": draw(evidence(fields)),
        }
        for actor_id in actor_ids
    ]

    location_ids = draw(st.lists(slugs, max_size=3, unique=True))
    locations = []
    for index, location_id in enumerate(location_ids):
        coordinates = {
            "latitude": draw(st.floats(-90, 90)),
            "longitude": draw(st.floats(-180, 180)),
            "geo_precision": draw(st.integers(1, 3)),
            "source": draw(uris),
        }
        locations.append(
            {
                "id": location_id,
                "name": draw(short_texts),
                "kind": draw(st.sampled_from(values_of(LocationKind))),
                "aliases": draw(st.lists(short_texts, max_size=2)),
                "parent": draw(optional(st.sampled_from(location_ids[:index]))) if index else None,
                "country": draw(optional(countries)),
                "coordinates": draw(st.sampled_from([coordinates, None])),
                "same_as": draw(st.lists(uris, max_size=1)),
                "description": draw(optional(short_texts)),
                "evidence": draw(evidence(fields)),
            }
        )

    event_ids = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    events = []
    for index, event_id in enumerate(event_ids):
        event_type = draw(st.sampled_from(list(SUB_EVENT_TYPES)))
        low, best, high = sorted(draw(st.lists(st.integers(0, 10_000), min_size=3, max_size=3)))
        participants = st.fixed_dictionaries(
            {"actor": st.sampled_from(actor_ids), "role": st.sampled_from(values_of(ParticipantRole))}
        )
        events.append(
            {
                "id": event_id,
                "event_type": event_type,
                "sub_event_type": draw(st.sampled_from(SUB_EVENT_TYPES[event_type])),
                "cameo_code": draw(optional(cameo_codes)),
                "summary": draw(texts),
                "date": draw(optional(date_ranges())),
                "participants": draw(st.lists(participants, min_size=1, max_size=3)),
                "locations": draw(st.lists(st.sampled_from(location_ids), max_size=2)) if location_ids else [],
                "geo_precision": draw(optional(st.integers(1, 3))),
                "fatalities": {
                    "low": draw(st.sampled_from([low, None])),
                    "best": draw(st.sampled_from([best, None])),
                    "high": draw(st.sampled_from([high, None])),
                },
                "attribution": draw(attributions(actor_ids)),
                "certainty": draw(st.sampled_from(values_of(Certainty))),
                "part_of": draw(optional(st.sampled_from(event_ids[:index]))) if index else None,
                "evidence": draw(evidence(fields)),
            }
        )

    relations = []
    if len(actor_ids) >= 2:
        for relation_id in draw(st.lists(slugs, max_size=3, unique=True)):
            subject, object_ = draw(st.permutations(actor_ids))[:2]
            relations.append(
                {
                    "id": relation_id,
                    "type": draw(st.sampled_from(values_of(RelationType))),
                    "subject": subject,
                    "object": object_,
                    "status": draw(st.sampled_from(["current", "former"])),
                    "description": draw(optional(short_texts)),
                    "attribution": draw(attributions(actor_ids)),
                    "certainty": draw(st.sampled_from(values_of(Certainty))),
                    "evidence": draw(evidence(fields)),
                }
            )

    published = draw(optional(datetimes))
    modified = draw(optional(datetimes))
    if published and modified and modified < published:
        published, modified = modified, published
    section_start, section_end = draw(spans(body))
    document = {
        "id": draw(slugs),
        "headline": headline,
        "url": draw(optional(uris)),
        "language": draw(languages),
        "publisher": draw(optional(st.sampled_from(actor_ids))),
        "authors": draw(st.lists(st.sampled_from(actor_ids), max_size=2, unique=True)),
        "date_published": published,
        "date_modified": modified,
        "date_inferred": draw(optional(date_ranges())),
        "image": image,
        "body": body,
        "sections": [
            {
                "kind": draw(st.sampled_from(["heading", "list", "list_item"])),
                "start": section_start,
                "end": section_end,
                "text": body[section_start:section_end],
            }
        ],
        "actors": actors,
        "locations": locations,
        "events": events,
        "relations": relations,
    }
    return msgspec.convert(document, Article)


def render(suffix: str, article: Article, collection: str | None = None) -> bytes:
    """One format of the article (or of one of its collections), from the renderer table the app serves from."""
    base = "http://testserver"
    if collection is None:
        resource = Resource(view=View.ARTICLE, base_url=base, path=f"/v1/articles/{article.id}", article=article)
    else:
        resource = Resource(
            view=View.COLLECTION,
            base_url=base,
            path=f"/v1/articles/{article.id}/{collection}",
            collection=collection,
            records=article_records(article, collection),
            articles={article.id: article},
        )
    rendered = BY_SUFFIX[suffix].render(resource)
    return rendered if isinstance(rendered, bytes) else b"".join(rendered)
