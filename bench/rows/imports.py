"""Import: the main corpus by `newsfacts import` into a new SQLite store, beside the store alone writing it.

(`imports`, as `import` is a keyword.) A run that misses its target is profiled in a pass of its own.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

from bench import profile
from bench.baselines import store_alone, validation_alone
from bench.harness import CACHE, newsfacts
from bench.report import Row
from bench.run import Run
from bench.stores import fresh_sqlite
from service.settings import cores

PROFILED_ARTICLES = 5_000
"""Articles of the corpus a profiled import takes (time enough for thousands of samples)."""


def measure(run: Run) -> None:
    file, articles = run.files[0], run.articles
    target = fresh_sqlite("import.sqlite3")
    started = time.perf_counter()
    newsfacts("import", str(file), "--quiet", env={"DATABASE_URL": target})
    rate = articles / (time.perf_counter() - started)
    fresh_sqlite("import.sqlite3")  # (gigabytes)
    alone = store_alone("import", str(file), fresh_sqlite("store-only.sqlite3"))
    fresh_sqlite("store-only.sqlite3")
    before_search = store_alone("import", str(file), fresh_sqlite("before-search.sqlite3"), "--before-search")
    fresh_sqlite("before-search.sqlite3")
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
        note += "; " + profiled_import(file, min(articles, PROFILED_ARTICLES), run.profiles)
    run.record(
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
    run.record(write_cost("import batches of the corpus", "SQLite", alone, before_search))


def write_cost(what: str, engine: str, alone: float, before_search: float) -> Row:
    """What the full-text index and the items' facts cost the store alone's writes, from the same run's two rates."""
    return Row(
        f"write cost of search and facets: the store alone, {what} ({engine})",
        alone,
        "art/s",
        "the store alone, writing neither",
        before_search,
        "≥0.91× (≤10% slower)",
        alone >= 0.91 * before_search,
        "the same articles and batches into a store migrated only to the version before the full-text index and"
        " the items' facts, which therefore writes neither (bench/store_only.py --before-search)",
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
