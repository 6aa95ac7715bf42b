"""A read's deadline on the event loop: the store stops a read that passes it (the HTTP layer's read scheduler,
service/http/reads.py, sets it and runs a stopped read again on a thread)."""

from __future__ import annotations

import time
from contextvars import ContextVar

READ_BUDGET = 0.01
"""Seconds a read may hold the event loop."""

DEADLINE: ContextVar[float | None] = ContextVar("read_deadline", default=None)
"""When (time.monotonic) the read on the loop must give up; None on a thread, where reads take their time."""


class OverBudget(Exception):
    """A read on the event loop passed its deadline and was stopped: run it on a thread instead."""


def past_deadline() -> bool:
    deadline = DEADLINE.get()
    return deadline is not None and time.monotonic() > deadline
