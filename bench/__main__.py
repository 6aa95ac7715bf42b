"""`make bench`: every figure beside a baseline measured in the same run, on this machine, as the README runs it.

    python -m bench [--quick] [--rows reads,corpus,export,import,post,startup]

Corpora are built with `newsfacts synth` and kept in bench/.cache (delete it to rebuild). Results go to
bench/results/latest.json and bench/results/latest.md (the table the README quotes); a row that misses its
target is profiled in a pass of its own, summarized in bench/results/profiles/ (bench/profile.py).
Each row family is a module of bench/rows/, registered in its table.
"""

from __future__ import annotations

import argparse

from bench.harness import CACHE
from bench.report import RESULTS, Report
from bench.rows import ROWS
from bench.run import Run
from bench.stores import corpus_file


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="short runs and small corpora, to try the suite")
    parser.add_argument("--rows", default=",".join(ROWS))
    parser.add_argument("--engines", default="SQLite,PostgreSQL")
    args = parser.parse_args()
    CACHE.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    articles, extra = (2_000, 0) if args.quick else (50_000, 34_000)
    report = Report()
    run = Run(
        quick=args.quick,
        seconds=3.0 if args.quick else 10.0,
        files=[corpus_file(articles, 1)] + ([corpus_file(extra, 2)] if extra else []),
        articles=articles,
        engines=args.engines.split(","),
        profiles=RESULTS / ("quick-profiles" if args.quick else "profiles"),
        report=report,
    )
    chosen = set(args.rows.split(","))
    report.header()
    for name, measure in ROWS.items():
        if name in chosen:
            measure(run)
    report.write(args.quick)


if __name__ == "__main__":
    main()
