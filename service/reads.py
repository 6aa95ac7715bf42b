"""Where a request's reads run: on the event loop when the engine is in-process and the read is quick.

Handing a read to a worker thread costs about as much as a small SQLite query itself (a future, a wake-up
of the loop, the GIL passed twice), and with several threads reading, sqlite3 passes the GIL on every row.
So with SQLite a read runs on the loop, within READ_BUDGET seconds: SQLite's progress handler stops one
that takes longer, and it runs again on a thread, where a slow query holds nobody else up. A read that
goes over budget is only ever a read, so running it again changes nothing. PostgreSQL reads wait on the
network: they always run on a thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from litestar.concurrency import sync_to_thread

READ_BUDGET = 0.01
"""Seconds a read may hold the event loop."""

DEADLINE: ContextVar[float | None] = ContextVar("read_deadline", default=None)
"""When (time.monotonic) the read on the loop must give up; None on a thread, where reads take their time."""

P = ParamSpec("P")
R = TypeVar("R")


class OverBudget(Exception):
    """A read on the event loop passed its deadline and was stopped: run it on a thread instead."""


def past_deadline() -> bool:
    deadline = DEADLINE.get()
    return deadline is not None and time.monotonic() > deadline


async def run_read(inline: bool, read: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run `read` (which must only read) on the loop within the budget if `inline`, else on a thread."""
    if inline:
        token = DEADLINE.set(time.monotonic() + READ_BUDGET)
        try:
            return read(*args, **kwargs)
        except OverBudget:
            pass
        finally:
            DEADLINE.reset(token)
    return await sync_to_thread(read, *args, **kwargs)
