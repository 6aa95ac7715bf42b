"""The benchmark rows, one module a family, each a `measure(run)` that records its rows: run in this order."""

from __future__ import annotations

from collections.abc import Callable

from bench.rows import corpus, export, imports, post, reads, startup
from bench.run import Run

ROWS: dict[str, Callable[[Run], None]] = {
    "reads": reads.measure,
    "corpus": corpus.measure,
    "export": export.measure,
    "import": imports.measure,
    "post": post.measure,
    "startup": startup.measure,
}
"""By the name `--rows` gives them."""
