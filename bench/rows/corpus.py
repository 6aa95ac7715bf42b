"""Corpus queries: filtered pages of 100 events across the whole corpus, the response cache off (every query runs)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.harness import (
    CACHE,
    ROUNDS,
    Load,
    Process,
    cpu_seconds,
    cpu_used,
    fetch,
    middle,
    postgres_pids,
    service,
    wrk,
)
from bench.report import Row
from bench.run import Run
from bench.stores import big_store, pg_database, stored_articles


def measure(run: Run) -> None:
    files = run.files
    first = json.loads(files[0].open("rb").readline())
    country = next(loc["id"] for loc in first["locations"] if loc["kind"] == "country")
    group = next(a["name"] for a in first["actors"] if a["kind"] == "armed_group")
    paths = [
        f"/v1/events?location={country}&limit=100",
        f"/v1/events?actor={group.replace(' ', '%20')}&limit=100",
        "/v1/events?date_from=2016-01-01&date_to=2016-06-30&limit=100",
        f"/v1/events?location={country}&type=Battles&limit=100",
    ]
    script = CACHE / "rotate.lua"
    script.write_text(
        "paths = {" + ",".join(f'"{p}"' for p in paths) + "}\ni = 0\n"
        "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
    )
    for engine in run.engines:
        url = f"sqlite:///{CACHE / 'corpus.sqlite3'}" if engine == "SQLite" else pg_database("newsfacts_bench_corpus")
        big_store(url, files if engine == "SQLite" else files[:1])  # (SQLite's also serves the 1M-event export)
        articles = stored_articles(url)
        server = service(url, RESPONSE_CACHE="false")
        try:
            sizes = [len(json.loads(fetch(server.base + path)[0])["items"]) for path in paths]
            assert all(sizes), (paths, sizes)
            rounds = [costed_load(server, engine == "PostgreSQL", run.seconds, script) for _ in range(ROUNDS)]
        finally:
            server.stop()
        load, cost = middle(rounds, by=lambda r: r[0].p99_ms)
        run.record(
            Row(
                f"corpus query, page of 100 events, {articles:,} articles ({engine})",
                load.p99_ms,
                "ms p99",
                "",
                None,
                "p99 ≤ 20 ms at 8 conns",
                load.p99_ms <= 20 and not any(r.errors for r, _ in rounds),
                f"{load.requests_per_second:,.0f} req/s, p50 {load.p50_ms:.1f} ms, CPU a request {cost}; median of "
                f"{', '.join(f'{r.p99_ms:.1f}' for r, _ in rounds)} ms",
            )
        )


def costed_load(server: Process, with_database: bool, seconds: float, script: Path) -> tuple[Load, str]:
    """A round of the corpus mix and what a request cost in CPU: the service's processes and PostgreSQL's
    (on this machine). Both share two cores with `wrk`, so this says how far the code is from a target
    while the p99 also says how busy the machine was."""

    def reading() -> tuple[dict[int, float], dict[int, float]]:
        return cpu_seconds(server.pids()), cpu_seconds(postgres_pids() if with_database else [])

    before = reading()
    load = wrk(server.base + "/", connections=8, seconds=seconds, script=script)
    after = reading()
    ours, database = (1000 * cpu_used(b, a) / load.requests for b, a in zip(before, after, strict=True))
    return load, f"{ours:.2f} ms ours" + (f" + {database:.2f} ms PostgreSQL's" if with_database else "")
