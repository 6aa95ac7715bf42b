"""The results table: a benchmark row, printed as it is measured, then merged into latest.json and latest.md.

The docs page is generated from those two files, so their shape is the contract of this module.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.harness import ROOT
from service.settings import cores

RESULTS = ROOT / "bench" / "results"


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


class Report:
    """The rows of this run, in the order they were measured."""

    def __init__(self) -> None:
        self.rows: list[Row] = []

    def header(self) -> None:
        print(f"{'':2}{'what':<58} {'ours':>12} {'unit':<8} {'baseline':<22} {'baseline':>12} {'ratio':>7}", flush=True)

    def record(self, row: Row) -> None:
        self.rows.append(row)
        verdict = {True: "met", False: "NOT MET", None: ""}[row.met]
        base = f"{row.base:,.1f}" if row.base is not None else "—"
        print(
            f"  {row.what:<58} {row.ours:>12,.1f} {row.unit:<8} {row.baseline:<22} {base:>12} {row.ratio:>7}  "
            f"{verdict}  {row.note}",
            flush=True,
        )

    def write(self, quick: bool) -> None:
        """bench/results/latest.{json,md} (quick.* for a quick run), this run's rows over those of earlier runs."""
        machine = f"{cores()} cores, {platform.machine()}, Python {platform.python_version()}"
        speed = round(python_speed(), 2)
        meta = {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine,
            "quick": quick,
            "python_loop_seconds": speed,
        }
        for row in self.rows:
            row.python_loop_seconds = speed
        name = "quick" if quick else "latest"
        rows = merged(RESULTS / f"{name}.json", self.rows)
        (RESULTS / f"{name}.json").write_text(json.dumps({**meta, "rows": [asdict(r) for r in rows]}, indent=2) + "\n")
        (RESULTS / f"{name}.md").write_text(table(rows, machine, quick))
        print(f"\nwritten: {RESULTS / (name + '.json')}, {RESULTS / (name + '.md')}")


def table(rows: list[Row], machine: str, quick: bool) -> str:
    """latest.md: a line on how the figures were taken, then a Markdown row a benchmark row."""
    lines = [
        f"Measured {span(rows)} on {machine}{' (quick run)' if quick else ''}; one server worker "
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
    return "\n".join(lines) + "\n"


def merged(path: Path, measured: list[Row]) -> list[Row]:
    """This run's rows, over those of earlier runs of other rows (a partial run updates only its own rows),
    in the order the table had: a partial run changes its rows' figures, not where they stand."""
    before = json.loads(path.read_text()) if path.exists() else {"rows": []}
    fresh = {row.what: row for row in measured}
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
