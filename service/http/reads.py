"""Where a request's reads run: on the event loop when the engine is in-process and the read is quick.

Handing a read to a worker thread costs about as much as a small SQLite query itself (a future, a wake-up
of the loop, the GIL passed twice), and with several threads reading, sqlite3 passes the GIL on every row.
So with SQLite a read runs on the loop, within READ_BUDGET seconds: SQLite's progress handler stops one
that takes longer, and it runs again on a thread, where a slow query holds nobody else up. A read that
goes over budget is only ever a read, so running it again changes nothing. PostgreSQL reads wait on the
network: they always run on a thread, of a pool of their own (Settings.read_threads: by default as many as
the cores, where asyncio's default executor has four more, which only took turns for the GIL).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from service.store.budget import DEADLINE, READ_BUDGET, OverBudget

P = ParamSpec("P")
R = TypeVar("R")


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
    return await on_a_thread(read, *args, **kwargs)


class CutShort(Exception):
    """A bounded read (`bounded`) took longer than it may."""


def bounded(milliseconds: int, read: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`read`, stopped after `milliseconds` on a thread (CutShort): a count over the whole corpus must not hold
    a thread for as long as it takes. On the loop the read's budget holds, and over it, `run_read` runs it again
    on a thread, where this limit applies."""
    if DEADLINE.get() is not None:
        return read(*args, **kwargs)
    token = DEADLINE.set(time.monotonic() + milliseconds / 1000)
    try:
        return read(*args, **kwargs)
    except OverBudget as stopped:
        raise CutShort(f"{milliseconds:,} ms") from stopped
    finally:
        DEADLINE.reset(token)


_threads: ThreadPoolExecutor | None = None
_thread_count = 2


def use_threads(count: int) -> None:
    """How many threads reads off the loop get (Settings.read_threads). A new count makes a new pool at the
    next read; reads already running finish where they are."""
    global _thread_count, _threads
    if count != _thread_count:
        _thread_count = count
        if _threads is not None:
            _threads.shutdown(wait=False)
            _threads = None


def _forget_threads() -> None:
    global _threads
    _threads = None


os.register_at_fork(after_in_child=_forget_threads)  # (a pool's threads do not cross a fork: a child makes its own)


async def on_a_thread(read: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`read` on one of this process's threads for reads (made at first use), in the request's context."""
    global _threads
    if _threads is None:
        _threads = ThreadPoolExecutor(_thread_count, thread_name_prefix="newsfacts-read")
    call = functools.partial(contextvars.copy_context().run, read, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_threads, call)
