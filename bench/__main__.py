"""`make bench`: every figure beside a baseline measured in the same run, on this machine, as the README runs it.

    python -m bench [--quick] [--rows reads,corpus,export,import,post,startup]

Corpora are built with `newsfacts synth` and kept in bench/.cache (delete it to rebuild). Results go to
bench/results/latest.json and bench/results/latest.md (the table the README quotes); a row that misses its
target is profiled in a pass of its own, summarized in bench/results/profiles/ (bench/profile.py).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import itertools
import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median
from typing import TypeVar

import psycopg

from bench import profile
from bench.harness import (
    CACHE,
    ROOT,
    Load,
    Process,
    cpu_seconds,
    cpu_used,
    fetch,
    granian_app,
    postgres_pids,
    service,
    wrk,
)
from service.settings import cores

SEED = "isis-under-attack-northern-syria"
RESULTS = ROOT / "bench" / "results"
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
TOKEN = "bench-token"
PROFILED_ARTICLES = 5_000
"""Articles of the corpus a profiled import takes (time enough for thousands of samples)."""


@dataclass
class Row:
    what: str
    ours: float
    unit: str
    baseline: str
    base: float | None
    target: str
    met: bool | None
    note: str = ""
    measured_ratio: float | None = None
    """The median of the rounds' own ratios, where the row was measured in rounds."""
    measured_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    """When (a partial run keeps the rows of earlier runs, each with its own time)."""
    python_loop_seconds: float | None = None
    """How fast the machine was at the end of the row's run (`python_speed`): rows of different runs may
    have been measured on a machine of different speed."""

    @property
    def ratio(self) -> str:
        if self.measured_ratio is not None:
            return f"{self.measured_ratio:.2f}×"
        return f"{self.ours / self.base:.2f}×" if self.base else "—"


ROWS: list[Row] = []
ROUNDS = 3
"""Reads, corpus queries, exports and start-up are the median of three rounds: this shared machine's speed
changes from minute to minute. (Import and POST, minutes long, are one run each.)"""


T = TypeVar("T")


def throughput(load: Load) -> float:
    return load.requests_per_second


def middle(rounds: Iterable[T], by: Callable[[T], float]) -> T:
    """The median round by `by` (the whole round: a throughput's latencies come with it)."""
    ordered = sorted(rounds, key=by)
    return ordered[len(ordered) // 2]


def rounds_text(rounds: Sequence[tuple[Load, ...]], which: int) -> str:
    return ", ".join(f"{r[which].requests_per_second / r[0].requests_per_second:.2f}×" for r in rounds)


def record(row: Row) -> None:
    ROWS.append(row)
    verdict = {True: "met", False: "NOT MET", None: ""}[row.met]
    base = f"{row.base:,.1f}" if row.base is not None else "—"
    print(
        f"  {row.what:<58} {row.ours:>12,.1f} {row.unit:<8} {row.baseline:<22} {base:>12} {row.ratio:>7}  {verdict}"
        f"  {row.note}",
        flush=True,
    )


def newsfacts(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "service", *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True, check=True
    )


# --- corpora -------------------------------------------------------------------------------------------------


def corpus_file(articles: int, seed: int) -> Path:
    path = CACHE / f"synth-{articles}-{seed}.ndjson"
    if not path.exists():
        print(f"  building {path.name} …", flush=True)
        newsfacts("synth", "--articles", str(articles), "--seed", str(seed), "-o", str(path), "--quiet", env={})
    return path


def pg_database(name: str) -> str:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


def drop_pg(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_sqlite(name: str) -> str:
    """A SQLite store in the cache, deleted (with its WAL files) if it was there: its URL."""
    path = CACHE / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def new_store(engine: str, name: str) -> str:
    """An empty store of that engine, named `name` (a file in the cache, or a database): its URL."""
    if engine == "SQLite":
        return fresh_sqlite(f"{name}.sqlite3")
    database = "newsfacts_bench_" + name.replace("-", "_")
    drop_pg(database)
    return pg_database(database)


def stored_articles(database_url: str) -> int:
    from service.store import open_store

    store = open_store(database_url)
    try:
        return store.count()
    finally:
        store.close()


def big_store(database_url: str, files: list[Path]) -> None:
    """Import the corpus files into the store once (kept between runs)."""
    wanted = sum(1 for f in files for _ in f.open("rb"))
    have = stored_articles(database_url)
    if have < wanted:
        print(f"  importing {wanted:,} articles into {database_url.rsplit('/', 1)[-1]} …", flush=True)
        newsfacts("import", *map(str, files), "--quiet", env={"DATABASE_URL": database_url})


# --- rows ----------------------------------------------------------------------------------------------------


def reads(seconds: float) -> None:
    """One article or collection in each format, warm, at 32 connections: against the limit and the peer."""
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
        record(
            Row("peer: FastAPI + Pydantic, JSON article", peer_load.requests_per_second, "req/s", "", None, "", None)
        )
        formats = {
            "JSON article": f"/v1/articles/{SEED}",
            "JSON-LD article": f"/v1/articles/{SEED}.jsonld",
            "CSV events": f"/v1/articles/{SEED}/events.csv",
            "NDJSON events": f"/v1/articles/{SEED}/events.ndjson",
            "embed article": f"/v1/articles/{SEED}.embed.html",
        }
        for name, path in formats.items():
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
            record(
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
            record(
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
        record(Row("idle memory per worker (after the reads)", ours_rss, "MB RSS", "", None, "≤80 MB", ours_rss <= 80))
    finally:
        ours.stop()
        peer.stop()


def corpus_queries(seconds: float, files: list[Path], engines: list[str]) -> None:
    """Filtered pages of 100 events across the whole corpus, the response cache off (every query runs)."""
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
    for engine in engines:
        url = f"sqlite:///{CACHE / 'corpus.sqlite3'}" if engine == "SQLite" else pg_database("newsfacts_bench_corpus")
        big_store(url, files if engine == "SQLite" else files[:1])  # (SQLite's also serves the 1M-event export)
        articles = stored_articles(url)
        server = service(url, RESPONSE_CACHE="false")
        try:
            sizes = [len(json.loads(fetch(server.base + path)[0])["items"]) for path in paths]
            assert all(sizes), (paths, sizes)
            rounds = [costed_load(server, engine == "PostgreSQL", seconds, script) for _ in range(ROUNDS)]
        finally:
            server.stop()
        load, cost = middle(rounds, by=lambda r: r[0].p99_ms)
        record(
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


def export(files: list[Path]) -> None:
    """The whole events table over HTTP to a client on loopback, with the server's RSS watched."""
    url = f"sqlite:///{CACHE / 'corpus.sqlite3'}"
    big_store(url, files)
    server = service(url, RESPONSE_CACHE="false")
    try:
        # once untimed: the store's pages come into the OS cache (a cold first pass measures the disk)
        subprocess.run(["curl", "-sS", "-o", "/dev/null", f"{server.base}/v1/events.ndjson"], check=True)
        runs: dict[str, list[Export]] = {"ndjson": [], "csv": []}
        for _ in range(ROUNDS):
            for fmt in runs:
                runs[fmt].append(timed_export(server, fmt))
    finally:
        server.stop()
    ndjson = middle(runs["ndjson"], by=lambda r: r.mbps)
    record(
        Row(
            f"export {ndjson.rows:,} events as NDJSON ({ndjson.size / 1e6:,.0f} MB)",
            ndjson.mbps,
            "MB/s",
            "",
            None,
            "≥150 MB/s, RSS +≤100 MB",
            ndjson.mbps >= 150 and max(r.growth for r in runs["ndjson"]) <= 100,
            f"RSS +{ndjson.growth:.0f} MB (peak {ndjson.peak:.0f} MB); median of "
            f"{', '.join(f'{r.mbps:.0f}' for r in runs['ndjson'])} MB/s",
        )
    )
    csv_run = middle(runs["csv"], by=lambda r: r.mbps / r.writer_mbps)
    record(
        Row(
            f"export {csv_run.rows:,} events as CSV ({csv_run.size / 1e6:,.0f} MB)",
            csv_run.mbps,
            "MB/s",
            "csv.writer, same rows",
            csv_run.writer_mbps,
            "≥100 MB/s, ≥2× csv.writer, RSS +≤100 MB",
            csv_run.mbps >= 100
            and csv_run.mbps >= 2 * csv_run.writer_mbps
            and max(r.growth for r in runs["csv"]) <= 100,
            f"polars write_csv {csv_run.polars_mbps:,.0f} MB/s; "
            f"RSS +{csv_run.growth:.0f} MB (peak {csv_run.peak:.0f} MB);"
            f" each round: {', '.join(f'{r.mbps:.0f} MB/s ({r.mbps / r.writer_mbps:.1f}×)' for r in runs['csv'])}",
        )
    )


@dataclass
class Export:
    rows: int
    size: int
    mbps: float
    growth: float
    peak: float
    writer_mbps: float = 0.0
    polars_mbps: float = 0.0


def timed_export(server: Process, fmt: str) -> Export:
    """One export over HTTP by curl, the server's RSS watched; for CSV, the baselines on the same rows."""
    before = server.rss_mb()
    peak = [before]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], server.rss_mb())

    watcher = threading.Thread(target=watch)
    watcher.start()
    out = CACHE / f"export.{fmt}"
    started = time.perf_counter()
    subprocess.run(["curl", "-sS", "-o", str(out), f"{server.base}/v1/events.{fmt}"], check=True)
    elapsed = time.perf_counter() - started
    done.set()
    watcher.join()
    size = out.stat().st_size
    rows = int(subprocess.run(["wc", "-l", str(out)], capture_output=True, text=True).stdout.split()[0]) - 1
    result = Export(rows, size, size / elapsed / 1e6, peak[0] - before, peak[0])
    if fmt == "csv":
        result.writer_mbps, result.polars_mbps = csv_baselines(out)
    out.unlink()
    return result


def csv_baselines(path: Path, sample_rows: int = 200_000) -> tuple[float, float]:
    """Python's csv.writer and polars' write_csv writing the same rows from memory (a sample of the export)."""
    import polars as pl

    with path.open(newline="", encoding="utf-8") as f:
        rows = [row for _, row in zip(range(sample_rows + 1), csv.reader(f), strict=False)]
    started = time.perf_counter()
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    writer_bytes = len(out.getvalue().encode())
    writer_mbps = writer_bytes / (time.perf_counter() - started) / 1e6
    frame = pl.DataFrame(rows[1:], schema=rows[0], orient="row")
    started = time.perf_counter()
    polars_bytes = len(frame.write_csv().encode())
    polars_mbps = polars_bytes / (time.perf_counter() - started) / 1e6
    return writer_mbps, polars_mbps


def store_alone(*args: str) -> float:
    """The store alone writing the same articles, prepared off the clock (bench/store_only.py): art/s."""
    return _rate_printed_by("bench.store_only", *args)


def validation_alone(*args: str) -> float:
    """Validation and indexing alone, with nothing stored (bench/validation_only.py): art/s."""
    return _rate_printed_by("bench.validation_only", *args)


def _rate_printed_by(module: str, *args: str) -> float:
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, check=True, text=True)
    return float(done.stdout.strip())


def import_rate(file: Path, articles: int, profiles: Path) -> None:
    target = fresh_sqlite("import.sqlite3")
    started = time.perf_counter()
    newsfacts("import", str(file), "--quiet", env={"DATABASE_URL": target})
    rate = articles / (time.perf_counter() - started)
    fresh_sqlite("import.sqlite3")  # (gigabytes)
    alone = store_alone("import", str(file), fresh_sqlite("store-only.sqlite3"))
    fresh_sqlite("store-only.sqlite3")
    documents = store_alone("import", str(file), fresh_sqlite("documents-only.sqlite3"), "--documents")
    fresh_sqlite("documents-only.sqlite3")
    checked = validation_alone("import", str(file))
    met = rate >= 2000
    note = (
        "the store alone: put_many of the same articles in the same batches, validated and indexed off the clock; "
        f"the limit, their documents alone in a bare table, same batches: {documents:,.1f} art/s; "
        f"validation and indexing alone, the import's {cores()} worker processes with nothing stored: "
        f"{checked:,.1f} art/s"
    )
    if not met:
        note += "; " + profiled_import(file, min(articles, PROFILED_ARTICLES), profiles)
    record(
        Row(
            f"import {articles:,} synthetic articles by the CLI (SQLite)",
            rate,
            "art/s",
            "the store alone, same rows",
            alone,
            "≥2,000 art/s",
            met,
            note,
        )
    )


def profiled_import(file: Path, articles: int, profiles: Path) -> str:
    """The import of the corpus's first articles again, under py-spy: what limits the row (its note says)."""
    part = CACHE / f"first-{articles}-of-{file.name}"
    with file.open("rb") as lines, part.open("wb") as out:
        out.writelines(itertools.islice(lines, articles))
    target = fresh_sqlite("import-profiled.sqlite3")
    command = [sys.executable, "-m", "service", "import", str(part), "--quiet"]
    try:
        found = profile.Recording.of_command(command, "import", {"DATABASE_URL": target}).finish()
    except RuntimeError as failed:
        return f"no profile ({failed})"
    finally:
        fresh_sqlite("import-profiled.sqlite3")
        part.unlink()
    how = f"`newsfacts import` of the first {articles:,} articles of `{file.name}`."
    return profile.write_summary(found, profiles / "import.md", "Profile: import", how)


def posts(seconds: float, engines: list[str], profiles: Path) -> None:
    """POST new articles from 8 concurrent clients: throughput, and every acknowledged one stored."""
    seed = ROOT / "data" / "articles" / f"{SEED}.json"
    document = json.loads(seed.read_bytes())
    document["id"] = "__ID__"
    template = CACHE / "post-template.json"
    template.write_text(json.dumps(document))
    script = CACHE / "post.lua"
    script.write_text(
        f'local f = io.open("{template}")\nlocal body = f:read("*a")\nf:close()\ncounter = 0\n'
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {TOKEN}"\n'
        "request = function()\n  counter = counter + 1\n"
        '  return wrk.format(nil, nil, nil, (body:gsub("__ID__", "bench-post-" .. counter)))\nend\n'
    )
    for engine in engines:
        url, alone_url, documents_url = (new_store(engine, n) for n in ("post", "store-only", "documents-only"))
        server = service(url, API_TOKENS=TOKEN, WRITE_RATE_LIMIT="off")
        try:
            load = wrk(server.base + "/v1/articles", connections=8, seconds=seconds, script=script)
        finally:
            server.stop()
        stored = stored_articles(url) - 1  # less the bundled seed
        acknowledged = load.requests - load.errors
        alone = store_alone("post", str(seed), alone_url, str(seconds), "4")
        documents = store_alone("post", str(seed), documents_url, str(seconds), "4", "--documents")
        checked = validation_alone("post", str(seed), str(seconds))
        met = load.requests_per_second >= 500 and stored >= acknowledged
        note = (
            f"{acknowledged:,} acknowledged, {stored:,} stored, p99 {load.p99_ms:.0f} ms; the store alone: "
            "put_batch of 4 at a time (as 8 clients' writes gather), validated and indexed off the clock; "
            f"the limit, the documents alone in a bare table, 4 a transaction: {documents:,.1f} art/s; "
            f"validation and indexing alone, in one process as in the server's one worker: {checked:,.1f} art/s"
        )
        if not met:
            note += "; " + profiled_posts(engine, seconds, script, profiles)
        record(
            Row(
                f"POST, 8 concurrent clients ({engine})",
                load.requests_per_second,
                "art/s",
                "the store alone, same article",
                alone,
                "≥500 art/s, none lost",
                met,
                note,
            )
        )


def profiled_posts(engine: str, seconds: float, script: Path, profiles: Path) -> str:
    """The same load again, on a new store, with the server under py-spy: what limits the row."""
    server = service(new_store(engine, "post-profiled"), API_TOKENS=TOKEN, WRITE_RATE_LIMIT="off")
    try:
        recording = profile.Recording.of_process(server.process.pid, seconds, f"post-{engine.lower()}")
        wrk(server.base + "/v1/articles", connections=8, seconds=seconds + 1, script=script)
        found = recording.finish()
    except RuntimeError as failed:
        return f"no profile ({failed})"
    finally:
        server.stop()
    how = f"The server under the POST row's load (8 clients, {seconds:g} s), on a new {engine} store."
    if engine != "SQLite":
        how += " PostgreSQL's own processes are not sampled: its work shows as our threads waiting for it."
    return profile.write_summary(found, profiles / f"post-{engine.lower()}.md", f"Profile: POST ({engine})", how)


def startup(files: list[Path]) -> None:
    fresh = CACHE / "startup.sqlite3"
    for name, url, target in (
        ("bundled data, new store", f"sqlite:///{fresh}", 1.0),
        ("existing store of the corpus", f"sqlite:///{CACHE / 'corpus.sqlite3'}", 2.0),
    ):
        if "corpus" in url:
            big_store(url, files)
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
        record(
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


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="short runs and small corpora, to try the suite")
    parser.add_argument("--rows", default="reads,corpus,export,import,post,startup")
    parser.add_argument("--engines", default="SQLite,PostgreSQL")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    seconds = 3.0 if args.quick else 10.0
    main_articles, extra = (2_000, 0) if args.quick else (50_000, 34_000)
    files = [corpus_file(main_articles, 1)] + ([corpus_file(extra, 2)] if extra else [])
    engines = args.engines.split(",")
    rows = set(args.rows.split(","))
    print(f"{'':2}{'what':<58} {'ours':>12} {'unit':<8} {'baseline':<22} {'baseline':>12} {'ratio':>7}", flush=True)
    if "reads" in rows:
        reads(seconds)
    if "corpus" in rows:
        corpus_queries(seconds, files, engines)
    if "export" in rows:
        export(files)
    profiles = RESULTS / ("quick-profiles" if args.quick else "profiles")
    if "import" in rows:
        import_rate(files[0], main_articles, profiles)
    if "post" in rows:
        posts(seconds, engines, profiles)
    if "startup" in rows:
        startup(files)
    write_results(args.quick)


def merged(path: Path) -> list[Row]:
    """This run's rows, over those of earlier runs of other rows (a partial run updates only its own rows),
    in the order the table had: a partial run changes its rows' figures, not where they stand."""
    before = json.loads(path.read_text()) if path.exists() else {"rows": []}
    fresh = {row.what: row for row in ROWS}
    earlier = {"measured_at": before.get("when"), "python_loop_seconds": before.get("python_loop_seconds")}
    rows = [fresh.pop(r["what"]) if r["what"] in fresh else Row(**{**earlier, **r}) for r in before["rows"]]
    return rows + list(fresh.values())


def python_speed() -> float:
    """Seconds for ten million additions in a Python loop: how fast this machine was during the run
    (a shared one varies threefold from day to day; ratios hold, absolute figures do not)."""
    started, total = time.perf_counter(), 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def span(rows: list[Row]) -> str:
    """When the rows shown were measured: one run's, or (after partial runs) from the first to the last."""
    times = sorted({r.measured_at for r in rows if r.measured_at})
    if not times:
        return "at an unknown time"
    return times[0] if len(times) == 1 else f"from {times[0]} to {times[-1]}"


def write_results(quick: bool) -> None:
    meta = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{cores()} cores, {platform.machine()}, Python {platform.python_version()}",
        "quick": quick,
        "python_loop_seconds": round(python_speed(), 2),
    }
    for row in ROWS:
        row.python_loop_seconds = meta["python_loop_seconds"]
    name = "quick" if quick else "latest"
    rows = merged(RESULTS / f"{name}.json")
    (RESULTS / f"{name}.json").write_text(json.dumps({**meta, "rows": [asdict(r) for r in rows]}, indent=2) + "\n")
    lines = [
        f"Measured {span(rows)} on {meta['machine']}{' (quick run)' if quick else ''}; one server worker "
        "(granian), wrk with one thread over loopback. Machine speed: the seconds ten million additions in a "
        "Python loop took at the end of the row's run (less is faster; this shared machine's speed varies).",
        "",
        "| what | ours | baseline (same run) | ratio | target | met | machine speed |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        base = f"{r.baseline}: {r.base:,.1f}" if r.base is not None else "—"
        met = {True: "yes", False: "**no**", None: ""}[r.met]
        note = f" ({r.note})" if r.note else ""
        speed = f"{r.python_loop_seconds:.2f} s" if r.python_loop_seconds is not None else "—"
        lines.append(f"| {r.what} | {r.ours:,.1f} {r.unit}{note} | {base} | {r.ratio} | {r.target} | {met} | {speed} |")
    (RESULTS / f"{name}.md").write_text("\n".join(lines) + "\n")
    print(f"\nwritten: {RESULTS / (name + '.json')}, {RESULTS / (name + '.md')}")


if __name__ == "__main__":
    main()
