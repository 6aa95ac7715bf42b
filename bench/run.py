"""What every benchmark row is given: how long to load, the corpora, the engines, where profiles go, the report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.report import Report, Row


@dataclass(frozen=True)
class Run:
    quick: bool
    seconds: float
    """How long a load lasts (a round of it, where a row is measured in rounds)."""
    files: list[Path]
    """The synthetic corpora, the main one first."""
    articles: int
    """How many articles the main corpus has."""
    engines: list[str]
    profiles: Path
    """Where a row that misses its target writes its profile's summary."""
    report: Report

    def record(self, row: Row) -> None:
        self.report.record(row)
