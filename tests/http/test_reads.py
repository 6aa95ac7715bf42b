"""Where reads run (service/http/reads.py): on the settings' own threads, or on the event loop within a budget."""

from __future__ import annotations

import dataclasses
import time

import pytest
from litestar.testing import TestClient

from service.app import create_app
from tests.conftest import AUTH, new_document


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
