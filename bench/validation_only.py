"""Validation and indexing alone: what the import and POST rows could reach with a store that cost nothing.

Every article written is first validated (`parse_input`) and made into its index rows (`prepare`), in
Python: the import does it in one worker process a core, and a server worker does it on the GIL it serves
with. This times that work and nothing else, on the same articles, so a row's note can say how far its
target is from what the machine does before the store is even called.

- import: the CLI import's own pipeline (its worker processes, one a core, and the hand-over of what they
  make to the process that would write), with nothing written;
- post: one process validating and indexing copies of an article under new ids, as one server worker does;
- split: the CPU an article costs in each stage, in one process: `parse` (JSON text to a verified Article,
  as a write reads it), `checks` (the rules across fields, part of parse), `decode` (parse without the
  checks), `prepare` (index rows), and `floor` (msgspec decoding the text into Article with no rule of ours);
- compare: split run in turns on the code of a git revision and on this checkout, medians and their ratio.

    python -m bench.validation_only import FILE
    python -m bench.validation_only post ARTICLE_JSON SECONDS
    python -m bench.validation_only split FILE...
    python -m bench.validation_only compare REVISION RUNS FILE...

import and post print the rate in articles a second; split prints JSON; compare a table.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from io import BytesIO
from pathlib import Path
from typing import Any

import msgspec

from schemas import Article, parse_input
from service.cli import _prepared
from service.settings import cores
from service.store.index import prepare

STAGES = ("parse", "checks", "decode", "prepare", "floor")
MIN_CPU_SECONDS = 0.3
"""Each stage is repeated over a file's articles until it has used this much CPU: one article is timed whole."""
PACKAGES = ("schemas", "service", "synth")
"""What a revision's code is read from: the packages the stages import."""


def import_rate(path: Path, workers: int | None = None) -> float:
    """Articles a second through `newsfacts import`'s validation and indexing, its workers and read-ahead."""
    workers = workers or cores()
    with ProcessPoolExecutor(workers) as pool:
        pool.submit(int).result()  # (started off the clock, as the import starts them before it opens the store)
        started = time.perf_counter()
        articles = sum(1 for _ in _prepared([str(path)], pool, 2 * workers))
        return articles / (time.perf_counter() - started)


def post_rate(article: Path, seconds: float) -> float:
    """Articles a second validated and indexed by one thread, each a copy of `article` under an id of its own
    (the bytes a POST sends, parsed as the service parses them)."""
    document = msgspec.json.decode(article.read_bytes())
    document["id"] = "__ID__"
    template = msgspec.json.encode(document)  # (the id swapped in as bench/rows/post.py's wrk script does)
    done, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        prepare(parse_input(template.replace(b"__ID__", b"validation-only-%d" % done)))
        done += 1
    return done / elapsed


def documents(path: Path) -> list[bytes]:
    """The JSON text of each article in a file: a .json file holds one, an .ndjson file one a line."""
    data = path.read_bytes()
    return [data] if path.suffix == ".json" else [line for line in data.splitlines() if line.strip()]


def _consistency_check() -> Callable[[Article], object]:
    """The rules across fields of a decoded Article, as the code under test asks them of a valid one."""
    from schemas.v1 import validation

    consistent = getattr(validation, "consistent", None)
    if consistent is not None:
        return consistent  # type: ignore[no-any-return]
    return lambda article: not any(validation.check_consistency(article))  # (code from before `consistent`)


def cpu_per_item(work: Callable[[Any], object], items: Sequence[Any]) -> float:
    """CPU microseconds `work` takes an item, over passes on all of them until MIN_CPU_SECONDS are used."""
    done, started = 0, time.process_time()
    while (used := time.process_time() - started) < MIN_CPU_SECONDS:
        for item in items:
            work(item)
        done += len(items)
    return used / done * 1e6


def split(path: Path) -> dict[str, float]:
    """CPU microseconds an article of the file costs in each of STAGES."""
    texts = documents(path)
    articles = [parse_input(text) for text in texts]
    floor = msgspec.json.Decoder(Article).decode
    times = {
        "parse": cpu_per_item(parse_input, texts),
        "checks": cpu_per_item(_consistency_check(), articles),
        "prepare": cpu_per_item(prepare, articles),
        "floor": cpu_per_item(floor, texts),
    }
    return {**times, "decode": times["parse"] - times["checks"]}


def _revision_tree(revision: str, into: Path) -> Path:
    """The packages of a git revision, written under `into`."""
    archive = subprocess.run(["git", "archive", revision, *PACKAGES], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def _split_in(tree: Path | None, paths: Sequence[Path]) -> dict[str, dict[str, float]]:
    """split of each file in a process of its own, on the code of `tree` (None: this checkout)."""
    env = {**os.environ, "PYTHONPATH": str(tree)} if tree else dict(os.environ)
    argv = [sys.executable, __file__, "split", *map(str, paths)]
    return json.loads(subprocess.run(argv, env=env, capture_output=True, check=True, text=True).stdout)  # type: ignore[no-any-return]


def compare(revision: str, runs: int, paths: Sequence[Path]) -> str:
    """A table of each file's stages, before (the revision) and after (this checkout): the median of `runs`
    runs each, taken in turns, and the median of the runs' ratios, after / before."""
    with tempfile.TemporaryDirectory() as folder:
        before_tree = _revision_tree(revision, Path(folder))
        pairs = [(_split_in(before_tree, paths), _split_in(None, paths)) for _ in range(runs)]
    lines = ["| file | stage | before µs | after µs | after / before |", "|---|---|---:|---:|---:|"]
    for path in map(str, paths):
        for stage in STAGES:
            before = [b[path][stage] for b, _ in pairs]
            after = [a[path][stage] for _, a in pairs]
            ratio = statistics.median(a / b for a, b in zip(after, before, strict=True))
            lines.append(
                f"| {Path(path).name} | {stage} | {statistics.median(before):.0f} | {statistics.median(after):.0f} "
                f"| {ratio:.2f} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "split":
        print(json.dumps({path: split(Path(path)) for path in args}))
    elif mode == "compare":
        print(compare(args[0], int(args[1]), [Path(path) for path in args[2:]]))
    else:
        rate = import_rate(Path(args[0])) if mode == "import" else post_rate(Path(args[0]), float(args[1]))
        print(f"{rate:.1f}")
