"""Reads: one article or collection in each format, warm, at 32 connections, against the limit and the peer.

The limit (bench/limit.py) serves the very bytes ours does with nothing parsed or rendered; the peer
(bench/peer.py) is FastAPI + Pydantic serving the same article.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from bench.harness import CACHE, ROUNDS, Load, fetch, granian_app, middle, service, wrk
from bench.report import Row
from bench.run import Run
from bench.stores import SEED

FORMATS = {
    "JSON article": f"/v1/articles/{SEED}",
    "JSON-LD article": f"/v1/articles/{SEED}.jsonld",
    "CSV events": f"/v1/articles/{SEED}/events.csv",
    "NDJSON events": f"/v1/articles/{SEED}/events.ndjson",
    "embed article": f"/v1/articles/{SEED}.embed.html",
}


def throughput(load: Load) -> float:
    return load.requests_per_second


def rounds_text(rounds: Sequence[tuple[Load, ...]], which: int) -> str:
    return ", ".join(f"{r[which].requests_per_second / r[0].requests_per_second:.2f}×" for r in rounds)


def measure(run: Run) -> None:
    seconds = run.seconds
    CACHE.mkdir(exist_ok=True)
    database = f"sqlite:///{CACHE / 'reads.sqlite3'}"
    ours = service(database)
    peer = granian_app("bench.peer:app", {})
    try:
        peer_load = wrk(f"{peer.base}/v1/articles/{SEED}", connections=32, seconds=seconds)
        print(
            f"  peer (FastAPI + Pydantic, JSON article): {peer_load.requests_per_second:,.0f} req/s, "
            f"p99 {peer_load.p99_ms:.2f} ms",
            flush=True,
        )
        run.record(
            Row("peer: FastAPI + Pydantic, JSON article", peer_load.requests_per_second, "req/s", "", None, "", None)
        )
        for name, path in FORMATS.items():
            body, headers = fetch(ours.base + path)
            (CACHE / "limit-body").write_bytes(body)
            limit = granian_app(
                "bench.limit:app",
                {"BENCH_BODY": str(CACHE / "limit-body"), "BENCH_CONTENT_TYPE": headers["content-type"]},
            )
            rounds: list[tuple[Load, Load, Load]] = []
            try:
                for _ in range(ROUNDS):  # the limit and ours back to back, each round
                    base = wrk(limit.base + path, connections=32, seconds=seconds / 2)
                    load = wrk(ours.base + path, connections=32, seconds=seconds / 2)
                    conditional = wrk(
                        ours.base + path,
                        connections=32,
                        seconds=seconds / 2,
                        headers=[f"If-None-Match: {headers['etag']}"],
                    )
                    rounds.append((base, load, conditional))
            finally:
                limit.stop()
            base, load, conditional = (middle((r[i] for r in rounds), by=throughput) for i in range(3))
            ratio = median(r[1].requests_per_second / r[0].requests_per_second for r in rounds)
            ratio_304 = median(r[2].requests_per_second / r[0].requests_per_second for r in rounds)
            ratio_peer = load.requests_per_second / peer_load.requests_per_second
            met = ratio >= 0.5 and ratio_peer >= 3 and load.p99_ms <= 5 and not any(r[1].errors for r in rounds)
            run.record(
                Row(
                    f"{name} ({len(body):,} B)",
                    load.requests_per_second,
                    "req/s",
                    "bare ASGI, same bytes",
                    base.requests_per_second,
                    "≥0.5× limit, ≥3× peer, p99≤5ms",
                    met,
                    f"{ratio_peer:.1f}× peer; p99 {load.p99_ms:.2f} ms, the limit's {base.p99_ms:.2f} ms; "
                    f"each round: {rounds_text(rounds, 1)}",
                    ratio,
                )
            )
            run.record(
                Row(
                    f"{name}, If-None-Match → 304",
                    conditional.requests_per_second,
                    "req/s",
                    "bare ASGI, same bytes",
                    base.requests_per_second,
                    "≥0.6× limit",
                    ratio_304 >= 0.6,
                    f"p99 {conditional.p99_ms:.2f} ms; each round: {rounds_text(rounds, 2)}",
                    ratio_304,
                )
            )
        ours_rss = ours.worker_rss_mb()
        run.record(
            Row("idle memory per worker (after the reads)", ours_rss, "MB RSS", "", None, "≤80 MB", ours_rss <= 80)
        )
    finally:
        ours.stop()
        peer.stop()
