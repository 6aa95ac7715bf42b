"""Validation and indexing alone: what the import and POST rows could reach with a store that cost nothing.

Every article written is first validated (`parse_article`) and made into its index rows (`prepare`), in
Python: the import does it in one worker process a core, and a server worker does it on the GIL it serves
with. This times that work and nothing else, on the same articles, so a row's note can say how far its
target is from what the machine does before the store is even called.

- import: the CLI import's own pipeline (its worker processes, one a core, and the hand-over of what they
  make to the process that would write), with nothing written;
- post: one process validating and indexing copies of an article under new ids, as one server worker does.

    python -m bench.validation_only import FILE
    python -m bench.validation_only post ARTICLE_JSON SECONDS

Prints the rate in articles a second.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import msgspec

from schemas import parse_article
from service.cli import _prepared
from service.settings import cores
from service.store.index import prepare


def import_rate(path: Path, workers: int | None = None) -> float:
    """Articles a second through `newsfacts import`'s validation and indexing, its workers and read-ahead."""
    workers = workers or cores()
    with ProcessPoolExecutor(workers) as pool:
        pool.submit(int).result()  # (started off the clock, as the import starts them before it opens the store)
        started = time.perf_counter()
        articles = sum(1 for _ in _prepared([str(path)], pool, 2 * workers))
        return articles / (time.perf_counter() - started)


def post_rate(article: Path, seconds: float) -> float:
    """Articles a second validated and indexed by one thread, each a copy of `article` under an id of its own
    (the bytes a POST sends, parsed as the service parses them)."""
    document = msgspec.json.decode(article.read_bytes())
    document["id"] = "__ID__"
    template = msgspec.json.encode(document)  # (the id swapped in as bench/rows/post.py's wrk script does)
    done, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        prepare(parse_article(template.replace(b"__ID__", b"validation-only-%d" % done)))
        done += 1
    return done / elapsed


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    rate = import_rate(Path(args[0])) if mode == "import" else post_rate(Path(args[0]), float(args[1]))
    print(f"{rate:.1f}")
