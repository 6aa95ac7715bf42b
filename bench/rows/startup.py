"""Start-up: from the process's start to its first answered request, on a new store and on the corpus's."""

from __future__ import annotations

import sys
from statistics import median

from bench.harness import CACHE, ROUNDS, Process
from bench.report import Row
from bench.run import Run
from bench.stores import big_store, fresh_sqlite


def measure(run: Run) -> None:
    fresh = CACHE / "startup.sqlite3"
    for name, url, target in (
        ("bundled data, new store", f"sqlite:///{fresh}", 1.0),
        ("existing store of the corpus", f"sqlite:///{CACHE / 'corpus.sqlite3'}", 2.0),
    ):
        if "corpus" in url:
            big_store(url, run.files)
        argv = [sys.executable, "-m", "service", "serve"]
        times = []
        for _ in range(ROUNDS):
            if url.endswith(fresh.name):  # a new store each time
                fresh_sqlite(fresh.name)
            server = Process(argv, {"DATABASE_URL": url}, ready_path="/v1/articles?limit=1")
            times.append(server.ready_after)
            rss = server.worker_rss_mb()
            server.stop()
        seconds = median(times)
        run.record(
            Row(
                f"start-up to first answered request, {name}",
                seconds,
                "s",
                "",
                None,
                f"≤{target:g} s",
                seconds <= target,
                f"median of {', '.join(f'{t:.2f}' for t in times)} s; worker RSS {rss:.0f} MB",
            )
        )
