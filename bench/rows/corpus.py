"""Corpus queries across the whole corpus, the response cache off (every query runs): filtered pages of 100 events,
searches, counts and map areas."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

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


@dataclass(frozen=True)
class Mix:
    """A row's queries, rotated through by wrk's 8 connections, and its p99 target."""

    what: str
    paths: list[str]
    target_ms: float

    def script(self) -> Path:
        script = CACHE / f"rotate-{self.what.split(',')[0].replace(' ', '-')}.lua"
        script.write_text(
            "paths = {" + ",".join(f'"{p}"' for p in self.paths) + "}\ni = 0\n"
            "request = function()\n  i = i % #paths + 1\n  return wrk.format('GET', paths[i])\nend\n"
        )
        return script


def mixes(first: dict[str, Any]) -> list[Mix]:
    """The corpus rows' queries, from the corpus's first article (its country, an armed group, a place, a word)."""
    country = next(loc for loc in first["locations"] if loc["kind"] == "country")
    group = quote(next(a["name"] for a in first["actors"] if a["kind"] == "armed_group"))
    place = next(loc for loc in first["locations"] if loc.get("coordinates"))
    lat, lon = place["coordinates"]["latitude"], place["coordinates"]["longitude"]
    town = quote(place["name"])
    box = f"{lon - 5:.2f},{lat - 5:.2f},{lon + 5:.2f},{lat + 5:.2f}"
    return [
        Mix(
            "corpus query, page of 100 events",
            [
                f"/v1/events?location={country['id']}&limit=100",
                f"/v1/events?actor={group}&limit=100",
                "/v1/events?date_from=2016-01-01&date_to=2016-06-30&limit=100",
                f"/v1/events?location={country['id']}&type=Battles&limit=100",
            ],
            20,
        ),
        Mix(
            "search, page of 100 events by relevance",
            [
                f"/v1/events?q={town}&limit=100",
                f"/v1/events?q=%22{group}%22&limit=100",
                "/v1/events?q=shell*%20OR%20airstrike&type=Explosions%2FRemote%20violence&limit=100",
                f"/v1/events?q=protested%20-riot&country={country['country']}&limit=100",
            ],
            20,
        ),
        Mix(
            "counts of events by type and by month, one filter",
            [
                f"/v1/events/facets?facet=event_type&location={country['id']}",
                "/v1/events/facets?facet=date&interval=month&type=Battles",
                f"/v1/events/facets?facet=date&interval=month&actor={group}",
                "/v1/events/facets?facet=event_type&date_from=2016-01-01&date_to=2016-12-31",
            ],
            50,
        ),
        Mix(
            "map area, page of 100 events or places",
            [
                f"/v1/events?bbox={box}&limit=100",
                f"/v1/locations?bbox={box}&limit=100",
                f"/v1/events?near={lat:.3f},{lon:.3f},300&limit=100",
                f"/v1/events?bbox={box}&type=Battles&limit=100",
            ],
            20,
        ),
    ]


def measure(run: Run) -> None:
    files = run.files
    wanted = mixes(json.loads(files[0].open("rb").readline()))
    for engine in run.engines:
        url = f"sqlite:///{CACHE / 'corpus.sqlite3'}" if engine == "SQLite" else pg_database("newsfacts_bench_corpus")
        big_store(url, files if engine == "SQLite" else files[:1])  # (SQLite's also serves the 1M-event export)
        articles = stored_articles(url)
        server = service(url, RESPONSE_CACHE="false")
        try:
            for mix in wanted:
                answers = [json.loads(fetch(server.base + path)[0]) for path in mix.paths]
                sizes = [len(a["items"]) if "items" in a else a["total"] for a in answers]
                assert all(sizes), (mix.paths, sizes)
                script = mix.script()
                rounds = [costed_load(server, engine == "PostgreSQL", run.seconds, script) for _ in range(ROUNDS)]
                record(run, mix, engine, articles, rounds)
        finally:
            server.stop()


def record(run: Run, mix: Mix, engine: str, articles: int, rounds: list[tuple[Load, str]]) -> None:
    load, cost = middle(rounds, by=lambda r: r[0].p99_ms)
    run.record(
        Row(
            f"{mix.what}, {articles:,} articles ({engine})",
            load.p99_ms,
            "ms p99",
            "",
            None,
            f"p99 ≤ {mix.target_ms:g} ms at 8 conns",
            load.p99_ms <= mix.target_ms and not any(r.errors for r, _ in rounds),
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
