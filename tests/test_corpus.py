"""Corpus-wide collections, on SQLite and PostgreSQL: filters, paging, streaming exports, caching."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import subprocess
import sys
import time

import pytest
from litestar.testing import TestClient

from service.app import create_app
from tests.conftest import JSONLD_CHECK, SEED_ID
from tests.test_writes import AUTH, new_document, problem

SEED_EVENTS = [
    "aleppo-eastern-districts-clash",
    "atareb-clash",
    "atareb-shelling",
    "doctor-death-in-isis-custody",
    "fighting-aleppo-idlib",
    "hazzano-maarat-misreen-clash",
    "isis-ultimatum",
    "kafr-takharim-shooting",
    "nusra-isis-split",
    "qabtan-al-jabal-clash",
    "saraqeb-kafranbel-round-up",
    "tel-abyad-parade",
]


@pytest.fixture
def corpus(client: TestClient) -> TestClient:
    """The seed and a second article ('second-article': one clash in Atareb between Isis and the FSA)."""
    assert client.post("/v1/articles", json=new_document(), headers=AUTH).status_code == 201
    return client


def ids(client: TestClient, url: str, **params: str) -> list[tuple[str, str]]:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return [(item["article_id"], item["id"]) for item in response.json()["items"]]


def seed(*event_ids: str) -> list[tuple[str, str]]:
    return [(SEED_ID, e) for e in event_ids]


def test_events_across_the_corpus_in_a_stable_order(corpus: TestClient) -> None:
    assert ids(corpus, "/v1/events") == [*seed(*SEED_EVENTS), ("second-article", "clash")]


def test_filter_by_article_and_type(corpus: TestClient) -> None:
    assert ids(corpus, "/v1/events", article="second-article") == [("second-article", "clash")]
    assert ids(corpus, "/v1/events", type="Protests") == seed("kafr-takharim-shooting")
    assert ids(corpus, "/v1/events", sub_type="Shelling/artillery/missile attack") == seed("atareb-shelling")
    assert ids(corpus, "/v1/actors", kind="media_organization") == [(SEED_ID, "afp"), (SEED_ID, "bbc")]
    assert ids(corpus, "/v1/relations", type="split_from") == [(SEED_ID, "nusra-front-split-from-isis")]


def test_filter_by_actor_id_name_or_alias_in_any_case(corpus: TestClient) -> None:
    mujahideen = seed("aleppo-eastern-districts-clash", "fighting-aleppo-idlib")
    assert ids(corpus, "/v1/events", actor="mujahideen-army") == mujahideen
    assert ids(corpus, "/v1/events", actor="Mujahideen Army") == mujahideen
    fsa = ids(corpus, "/v1/events", actor="fsa")
    assert fsa == [*seed("atareb-clash", "fighting-aleppo-idlib"), ("second-article", "clash")]
    assert ids(corpus, "/v1/events", actor="free syrian army") == seed("atareb-clash", "fighting-aleppo-idlib")
    assert ids(corpus, "/v1/relations", actor="Munzer Akbik") == [
        (SEED_ID, "munzer-akbik-member-of-national-coalition")
    ]
    assert ids(corpus, "/v1/events", actor="nobody at all") == []


def test_a_location_filter_includes_every_place_inside_it(corpus: TestClient) -> None:
    in_province = ids(corpus, "/v1/events", location="aleppo-province")
    assert in_province == seed(
        "aleppo-eastern-districts-clash",
        "atareb-clash",
        "atareb-shelling",
        "fighting-aleppo-idlib",
        "isis-ultimatum",
        "qabtan-al-jabal-clash",
    )
    assert ids(corpus, "/v1/events", location="Aleppo city") == seed("aleppo-eastern-districts-clash", "isis-ultimatum")
    assert ids(corpus, "/v1/locations", location="aleppo-city") == seed(
        "aleppo-city", "ansari", "jisr-al-hajj", "kallassah"
    )
    assert ids(corpus, "/v1/events", location="atareb") == [
        *seed("atareb-clash", "atareb-shelling"),
        ("second-article", "clash"),
    ]


def test_filter_by_country(corpus: TestClient) -> None:
    assert len(ids(corpus, "/v1/events", country="SY")) == 10  # all but the split and the death, which have no place
    assert ids(corpus, "/v1/locations", country="tr") == [(SEED_ID, "turkey")]
    assert ids(corpus, "/v1/events", country="FR") == []


def test_a_place_or_an_actor_with_a_type_and_the_type_follows_a_replacement(corpus: TestClient) -> None:
    """A type with a place or an actor is answered from the keys, which carry their item's type: a
    replacement that changes an event's type changes what its keys answer."""
    battles = seed("fighting-aleppo-idlib", "hazzano-maarat-misreen-clash")
    assert ids(corpus, "/v1/events", location="idlib-province", type="Battles") == battles
    assert ids(corpus, "/v1/events", location="idlib-province", type="Protests") == seed("kafr-takharim-shooting")
    assert ids(corpus, "/v1/events", location="atareb", type="Riots") == []
    fsa_battles = [*seed("atareb-clash", "fighting-aleppo-idlib"), ("second-article", "clash")]
    assert ids(corpus, "/v1/events", actor="fsa", type="Battles") == fsa_battles
    assert ids(corpus, "/v1/events", actor="fsa", location="atareb", type="Battles", article="second-article") == [
        ("second-article", "clash")
    ]
    assert ids(corpus, "/v1/actors", actor="afp", kind="media_organization") == [(SEED_ID, "afp")]
    assert ids(corpus, "/v1/relations", actor="nusra front", type="split_from") == [
        (SEED_ID, "nusra-front-split-from-isis")
    ]

    url = "/v1/articles/second-article"
    changed = new_document()
    changed["events"][0]["event_type"], changed["events"][0]["sub_event_type"] = "Riots", "Violent demonstration"
    etag = corpus.get(url).headers["etag"]
    assert corpus.put(url, json=changed, headers={**AUTH, "If-Match": etag}).status_code == 200
    assert ids(corpus, "/v1/events", location="atareb", type="Riots") == [("second-article", "clash")]
    assert ids(corpus, "/v1/events", actor="fsa", type="Battles") == seed("atareb-clash", "fighting-aleppo-idlib")


def test_date_filters_select_overlapping_ranges(corpus: TestClient) -> None:
    # the shooting's range is open at its start (on or before 3 January 2014), so it may overlap anything earlier
    assert ids(corpus, "/v1/events", date_to="2013-12-31") == seed("kafr-takharim-shooting", "nusra-isis-split")
    assert ids(corpus, "/v1/events", date_from="2014-01-02", date_to="2014-01-02") == seed(
        "kafr-takharim-shooting", "tel-abyad-parade"
    )
    assert ids(corpus, "/v1/events", date_from="2014-01-05") == seed("isis-ultimatum", "saraqeb-kafranbel-round-up")
    problem(corpus.get("/v1/events", params={"date_from": "2014-02-01", "date_to": "2014-01-01"}), 400, "after")


def test_updated_since_finds_what_changed(corpus: TestClient) -> None:
    stamp = next(a for a in corpus.get("/v1/articles").json()["items"] if a["id"] == "second-article")["updated_at"]
    assert ids(corpus, "/v1/events", updated_since=stamp) == [("second-article", "clash")]
    assert len(ids(corpus, "/v1/events", updated_since="2000-01-01T00:00:00Z")) == 13


@pytest.mark.parametrize(
    ("url", "params", "detail"),
    [
        ("/v1/events", {"colour": "red"}, "unknown query parameter(s): colour"),
        ("/v1/events", {"type": "Skirmish"}, "type='Skirmish' is not one of"),
        ("/v1/events", {"kind": "Battles"}, "unknown query parameter(s): kind"),
        ("/v1/actors", {"kind": "wizard"}, "kind='wizard' is not one of"),
        ("/v1/events", {"date_from": "January"}, "not a date"),
        ("/v1/events", {"updated_since": "2024-01-01"}, "time zone"),
        ("/v1/events", {"country": "Syria"}, "ISO 3166-1"),
        ("/v1/events", {"article": "../etc/passwd"}, "not an id"),
        ("/v1/events", {"limit": "0"}, "from 1 to 1000"),
        ("/v1/events", {"limit": "5000"}, "from 1 to 1000"),
        ("/v1/events", {"limit": "-1"}, "from 1 to 1000"),
        ("/v1/events", {"cursor": "not-a-cursor"}, "cursor"),
        ("/v1/events", {"cursor": "WyJhIl0"}, "cursor"),  # a valid encoding of the wrong shape
        ("/v1/events.csv", {"limit": "10"}, "drop limit and cursor"),
    ],
)
def test_bad_query_parameters_are_400_problems(corpus: TestClient, url: str, params: dict, detail: str) -> None:
    body = problem(corpus.get(url, params=params), 400, detail)
    assert body["errors"][0]["path"] in params


def test_pages_cover_everything_once(corpus: TestClient) -> None:
    everything = ids(corpus, "/v1/events")
    seen, url, pages = [], "/v1/events?limit=5", 0
    while url:
        response = corpus.get(url)
        page = response.json()
        seen += [(i["article_id"], i["id"]) for i in page["items"]]
        url = page["next"]
        if url:
            assert response.headers["link"] == f'<{url}>; rel="next"'
            url = url.removeprefix("http://testserver.local")
        pages += 1
    assert seen == everything and pages == 3


def test_pages_neither_skip_nor_repeat_while_writes_happen(corpus: TestClient) -> None:
    first = corpus.get("/v1/actors", params={"limit": "10"}).json()
    corpus.post("/v1/articles", json=new_document("aaa-early"), headers=AUTH)  # sorts before the cursor
    corpus.post("/v1/articles", json=new_document("zzz-late"), headers=AUTH)  # sorts after it
    rest, url = [], first["next"].removeprefix("http://testserver.local")
    while url:
        page = corpus.get(url).json()
        rest += [(i["article_id"], i["id"]) for i in page["items"]]
        url = (page["next"] or "").removeprefix("http://testserver.local")
    seen = [(i["article_id"], i["id"]) for i in first["items"]] + rest
    assert len(seen) == len(set(seen))
    assert ("aaa-early", "isis") not in seen
    assert [x for x in seen if x[0] == "zzz-late"] == [("zzz-late", "fsa"), ("zzz-late", "isis")]
    before = [x for x in ids(corpus, "/v1/actors", limit="1000") if x[0] not in ("aaa-early", "zzz-late")]
    assert [x for x in seen if x[0] != "zzz-late"] == before


def test_csv_export_streams_every_row_with_its_count(corpus: TestClient) -> None:
    response = corpus.get("/v1/events.csv", params={"location": "aleppo-province"})
    rows = list(csv.DictReader(io.StringIO(response.text, newline="")))
    assert response.headers["x-row-count"] == str(len(rows)) == "6"
    assert response.headers["content-type"] == "text/csv; charset=utf-8; header=present"
    assert [r["id"] for r in rows][:2] == ["aleppo-eastern-districts-clash", "atareb-clash"]
    assert rows[1]["actor2_name"] == "Free Syrian Army"


def test_ndjson_export_ends_with_a_trailer_that_counts(corpus: TestClient) -> None:
    lines = [json.loads(line) for line in corpus.get("/v1/events.ndjson").text.splitlines()]
    assert lines[-1] == {"end_of_stream": True, "count": 13}
    assert lines[:-1] == corpus.get("/v1/events", params={"limit": "100"}).json()["items"]


def test_corpus_lists_are_tagged_by_store_version(corpus: TestClient) -> None:
    first = corpus.get("/v1/events.csv")
    assert corpus.get("/v1/events.csv", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    assert corpus.get("/v1/events.json").headers["etag"] != first.headers["etag"]
    corpus.delete("/v1/articles/second-article", headers=AUTH)
    assert corpus.get("/v1/events.csv", headers={"If-None-Match": first.headers["etag"]}).status_code == 200


def test_a_corpus_page_of_json_ld_passes_the_checker(corpus: TestClient, tmp_path) -> None:
    body = corpus.get("/v1/events.jsonld").content
    path = tmp_path / "events.jsonld"
    path.write_bytes(body)
    result = subprocess.run([sys.executable, str(JSONLD_CHECK), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("0 errors")
    iris = [node["@id"] for node in json.loads(body)["@graph"]]
    assert iris[-1] == "http://testserver.local/v1/articles/second-article/events/clash"


def test_a_csv_line_of_an_old_layout_is_rendered_again(settings) -> None:
    from service.app import create_app
    from service.store import open_store

    store = open_store(settings.database_url)
    with TestClient(create_app(settings, store=store), base_url="http://testserver.local") as client:
        fresh = client.get("/v1/events.csv").text
        with store._write() as cur:  # type: ignore[attr-defined]
            cur.execute(
                "UPDATE items SET csv_row = ?, csv_layout = 'an-old-layout' WHERE collection = 'events'",
                (b"stale\r\n",),
            )
        again = client.get("/v1/events.csv", params={"article": "isis-under-attack-northern-syria"})  # not cached
        assert again.text == fresh and "stale" not in again.text
    store.close()


@pytest.mark.parametrize("threads", [2, 3])
def test_reads_off_the_loop_share_the_threads_the_settings_give_them(threads: int) -> None:
    """Twenty reads at once, each waiting a little: they run on `read_threads` threads of their own, in the
    caller's context (a log line's request id), never on asyncio's default executor."""
    import asyncio
    import contextvars
    import threading

    from service.http import reads

    asked: contextvars.ContextVar[str] = contextvars.ContextVar("asked", default="")

    def read(n: int) -> tuple[int, str, str]:
        time.sleep(0.02)
        return n, threading.current_thread().name, asked.get()

    async def twenty() -> list[tuple[int, str, str]]:
        asked.set("request-7")
        return await asyncio.gather(*(reads.run_read(False, read, n) for n in range(20)))

    reads.use_threads(threads)
    answers = asyncio.run(twenty())
    assert [n for n, _, _ in answers] == list(range(20))
    names = {name for _, name, _ in answers}
    assert all(name.startswith("newsfacts-read") for name in names), names
    assert len(names) == threads  # (each read waits 20 ms: every thread takes some)
    assert {context for _, _, context in answers} == {"request-7"}


def test_a_read_over_its_budget_on_the_event_loop_runs_again_on_a_thread(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite pages are read on the event loop within a budget; one that takes longer is stopped and read
    again on a thread, with the same answer. PostgreSQL reads always go to a thread."""
    from service.http import reads
    from service.store import sqlite

    on_threads: list[str] = []
    original = reads.on_a_thread

    async def counted(read, *args, **kwargs):
        on_threads.append(read.__name__)
        return await original(read, *args, **kwargs)

    monkeypatch.setattr(reads, "on_a_thread", counted)
    monkeypatch.setattr(sqlite, "PROGRESS_STEPS", 1)  # the deadline is looked at every step, even in tiny reads
    uncached = dataclasses.replace(settings, response_cache=False)
    queries = [
        ("/v1/events", {"date_from": "2014-01-02"}),
        ("/v1/events.csv", {"location": "aleppo-province"}),
        ("/v1/deletions", {}),
    ]
    with TestClient(create_app(uncached), base_url="http://testserver.local") as client:
        assert client.post("/v1/articles", json=new_document(), headers=AUTH).status_code == 201
        quick = [client.get(url, params=params) for url, params in queries]
        inline = settings.database_url.startswith("sqlite")
        assert on_threads == ([] if inline else ["list_corpus", "list_corpus", "list_deletions"])

        on_threads.clear()
        monkeypatch.setattr(reads, "READ_BUDGET", -1.0)  # every read on the loop is past its deadline at once
        slow = [client.get(url, params=params) for url, params in queries]
        assert on_threads == ["list_corpus", "list_corpus", "list_deletions"]
    for before, after in zip(quick, slow, strict=True):
        assert before.status_code == after.status_code == 200
        assert before.content == after.content


def test_a_stream_read_ahead_keeps_every_chunk_and_closes_its_source_when_left() -> None:
    """Streamed bodies are rendered a chunk ahead on a thread (service.http.representation.read_ahead): every
    chunk arrives in order, an empty one does not end the stream, and a client that leaves closes the
    source (an export's snapshot is released then, not when the iterator happens to be collected)."""
    import asyncio

    from service.http.representation import read_ahead

    closed: list[str] = []

    def source(name: str):
        try:
            yield from (b"a", b"", b"b", b"c")
        finally:
            closed.append(name)

    async def scenario() -> tuple[list[bytes], list[bytes], list[str]]:
        whole = [chunk async for chunk in read_ahead(source("whole"))]
        left = read_ahead(source("left"))
        first = [await anext(left)]
        await left.aclose()
        return whole, first, list(closed)  # (as aclose returns, not at some later collection)

    whole, first, closed_by_then = asyncio.run(scenario())
    assert whole == [b"a", b"", b"b", b"c"]
    assert first == [b"a"]
    assert closed_by_then == ["whole", "left"]
