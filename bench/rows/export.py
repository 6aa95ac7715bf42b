"""Export: the whole events table over HTTP to a client on loopback, with the server's RSS watched.

CSV is compared with Python's csv.writer (and polars' write_csv, for the note) writing the same rows; Parquet
with the CSV export of the same rows in the same round, in rows a second (its bytes are far fewer).
"""

from __future__ import annotations

import csv
import io
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.harness import CACHE, ROUNDS, Process, middle, service
from bench.report import Row
from bench.run import Run
from bench.stores import big_store

FIRST_ARTICLE = "synth-1-0"
"""An article of every corpus the row runs on (`newsfacts synth --seed 1` names them synth-1-0, synth-1-1, …)."""


@dataclass
class Export:
    rows: int
    size: int
    mbps: float
    growth: float
    peak: float
    writer_mbps: float = 0.0
    polars_mbps: float = 0.0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def measure(run: Run) -> None:
    url = f"sqlite:///{CACHE / 'corpus.sqlite3'}"
    big_store(url, run.files)
    server = service(url, RESPONSE_CACHE="false")
    try:
        # once untimed: the store's pages come into the OS cache (a cold first pass measures the disk)
        subprocess.run(["curl", "-sS", "-o", "/dev/null", f"{server.base}/v1/events.ndjson"], check=True)
        loaded = server.rss_mb()  # pyarrow is imported by the first Parquet request, not by an export's rows
        first = f"{server.base}/v1/articles/{FIRST_ARTICLE}/events.parquet"
        subprocess.run(["curl", "-sSf", "-o", "/dev/null", first], check=True)
        pyarrow_mb = server.rss_mb() - loaded
        runs: dict[str, list[Export]] = {"ndjson": [], "csv": [], "parquet": []}
        for _ in range(ROUNDS):
            for fmt in runs:
                runs[fmt].append(timed_export(server, fmt))
    finally:
        server.stop()
    ndjson = middle(runs["ndjson"], by=lambda r: r.mbps)
    run.record(
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
    run.record(
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
    rounds = list(zip(runs["parquet"], runs["csv"], strict=True))
    parquet, csv_of_round = middle(rounds, by=lambda pair: pair[0].rows_per_second / pair[1].rows_per_second)
    ratio = parquet.rows_per_second / csv_of_round.rows_per_second
    each = ", ".join(
        f"{p.rows_per_second:,.0f} rows/s ({p.rows_per_second / c.rows_per_second:.2f}×)" for p, c in rounds
    )
    run.record(
        Row(
            f"export {parquet.rows:,} events as Parquet ({parquet.size / 1e6:,.0f} MB)",
            parquet.rows_per_second,
            "rows/s",
            "CSV export, same rows",
            csv_of_round.rows_per_second,
            "≥1.0× CSV, RSS +≤100 MB",
            ratio >= 1.0 and max(r.growth for r in runs["parquet"]) <= 100,
            f"RSS +{parquet.growth:.0f} MB (peak {parquet.peak:.0f} MB; pyarrow's code, loaded before by a small"
            f" Parquet request: +{pyarrow_mb:.0f} MB); each round: {each}",
            measured_ratio=ratio,
        )
    )


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
    result = Export(exported_rows(out, fmt), size, size / elapsed / 1e6, peak[0] - before, peak[0], seconds=elapsed)
    if fmt == "csv":
        result.writer_mbps, result.polars_mbps = csv_baselines(out)
    out.unlink()
    return result


def exported_rows(path: Path, fmt: str) -> int:
    """The rows of an export: a Parquet file's footer counts them; a text export has a line each, and one more."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    return int(subprocess.run(["wc", "-l", str(path)], capture_output=True, text=True).stdout.split()[0]) - 1


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
