"""The store alone: the same articles written with no validation, HTTP or worker processes on the clock.

The baseline of the import and POST rows. Articles are validated and indexed beforehand, off the clock;
only the store's writes are timed (`put_many` in the import's batches, `put_batch` in the batches group
commit makes), so ours divided by this says how much of the time is the storage itself.

    python -m bench.store_only import FILE DATABASE_URL
    python -m bench.store_only post ARTICLE_JSON DATABASE_URL SECONDS BATCH

Prints the rate in articles a second.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import msgspec

from schemas import parse_article
from service.cli import IMPORT_BATCH
from service.store import Put, open_store
from service.store.index import prepare


def import_rate(path: Path, database_url: str) -> float:
    store = open_store(database_url)
    written, timed = 0, 0.0
    try:
        with path.open("rb") as lines:
            while chunk := list(itertools.islice(lines, IMPORT_BATCH)):
                ready = [prepare(parse_article(line)) for line in chunk]
                started = time.perf_counter()
                store.put_many(ready)
                timed += time.perf_counter() - started
                written += len(ready)
    finally:
        store.close()
    return written / timed


def post_rate(article: Path, database_url: str, seconds: float, batch: int) -> float:
    template = parse_article(article.read_bytes())
    store = open_store(database_url)
    written, timed = 0, 0.0
    try:
        while timed < seconds:
            puts = [
                Put(prepare(msgspec.structs.replace(template, id=f"store-only-{written + n}")), create_only=True)
                for n in range(batch)
            ]
            started = time.perf_counter()
            store.put_batch(puts)
            timed += time.perf_counter() - started
            written += batch
    finally:
        store.close()
    return written / timed


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "import":
        rate = import_rate(Path(args[0]), args[1])
    else:
        rate = post_rate(Path(args[0]), args[1], float(args[2]), int(args[3]))
    print(f"{rate:.1f}")
