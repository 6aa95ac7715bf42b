"""Group commit: the writes that arrive while a transaction commits go together in the next one.

A commit waits for the disk (SQLite's fsync, PostgreSQL's WAL flush) and each article is hundreds of
index rows: written one request at a time, on the event loop, eight clients posting took turns at
both. Here a request validates and indexes its article on the loop, then queues it; one writer thread
at a time takes everything queued and writes it in one transaction (the store checks each write's
preconditions on its own, in order). The next batch gathers while the disk works, and a request is
answered only once its write is committed. A batch that fails is written again one article at a time,
so one article's fault does not fail the others.
"""

from __future__ import annotations

import asyncio

import anyio.to_thread

from schemas import Article
from service.store import ArticleStore, Put, Unavailable, WriteResult
from service.store.index import Prepared, prepare

MAX_BATCH = 64
"""Articles in one transaction at most: a bound on how long the first of them waits."""


class GroupCommit:
    def __init__(self, store: ArticleStore):
        self._store = store
        self._queued: list[tuple[Put, asyncio.Future[WriteResult]]] = []
        self._writing: asyncio.Task[None] | None = None

    async def put(
        self, article: Article, *, if_match: str | None = None, create_only: bool = False
    ) -> tuple[Prepared, WriteResult]:
        """Create or replace, as ArticleStore.put (its refusals raised here), once committed."""
        ready = prepare(article)
        done = asyncio.get_running_loop().create_future()
        self._queued.append((Put(ready, if_match, create_only), done))
        if self._writing is None:
            self._writing = asyncio.create_task(self._write_queued())
        return ready, await done  # (a client that leaves cancels its wait, not its write)

    async def _commit(self, puts: list[Put]) -> list[WriteResult | Exception]:
        """The outcome of each write. Should the batch's transaction fail (nothing of it is then written),
        its writes are tried again one by one, so that one write's fault is its own alone."""
        try:
            return await anyio.to_thread.run_sync(self._store.put_batch, puts)
        except Unavailable as error:  # (the database is gone: no point asking again)
            return [error] * len(puts)
        except Exception as error:
            if len(puts) == 1:
                return [error]
        return [(await self._commit([put]))[0] for put in puts]

    async def _write_queued(self) -> None:
        batch: list[tuple[Put, asyncio.Future[WriteResult]]] = []
        try:
            while self._queued:
                batch, self._queued = self._queued[:MAX_BATCH], self._queued[MAX_BATCH:]
                outcomes = await self._commit([put for put, _ in batch])
                for (_, done), outcome in zip(batch, outcomes, strict=True):
                    if done.done():  # (its request was cancelled)
                        continue
                    if isinstance(outcome, Exception):
                        done.set_exception(outcome)
                    else:
                        done.set_result(outcome)
                batch = []
        finally:
            self._writing = None
            if batch:  # this task was cancelled (the server is stopping): no request is left waiting forever
                abandoned, self._queued = [*batch, *self._queued], []
                for _, done in abandoned:
                    done.cancel()
