"""Where the time goes in a row that misses its target: a py-spy profile taken in a pass of its own, after the
timed one (sampling pauses the process, so no figure of the table is measured under it).

py-spy samples every thread's stack, native frames included (SQLite's and libc's), in the process started
and its children. The summary gives, for each of the two, the share of samples by the innermost Python
frame (the code a change would touch: ours, or the library we call) and by the frame the sample ended in
(what the machine was doing: writing pages, binding parameters, collecting garbage). The raw stacks stay
beside it in the collapsed format flamegraph.pl and speedscope read.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import CACHE, ROOT

RATE = 100
"""Samples a second: py-spy's default."""
TOP = 12
WAITING = (
    "_worker (concurrent/futures/thread.py",  # (innermost only while it waits for a task: a task has frames below)
    "Condition.wait (threading.py",
    "Event.wait (threading.py",
    ".select (selectors.py",
    "Queue.get (queue.py",
)
"""Standard-library frames a thread sits in while it waits for work: py-spy counts such a thread as busy when it
blocks in C (a pool's queue), so a sample whose innermost Python frame is one of these is counted apart."""
PY_SPY = Path(sys.executable).with_name("py-spy")
"""Installed beside the interpreter (a bench dependency), whether or not the venv is on PATH."""
_LINE = re.compile(r":\d+\)$")
_ADDRESS = re.compile(r"^0x[0-9a-f]+ \((.+)\)$")


@dataclass
class Part:
    """The samples of one kind of process: the one started, or its children (import's workers, a server's worker)."""

    samples: int = 0
    """Busy ones: `waiting` are apart."""
    waiting: int = 0
    python: Counter[str] = field(default_factory=Counter)
    leaves: Counter[str] = field(default_factory=Counter)


@dataclass
class Profile:
    raw: Path
    parts: dict[str, Part]

    def top(self, count: int = 3) -> str:
        """The busiest process's heaviest Python functions, as a row's note names them."""
        if not self.parts:
            return "no samples"
        name, part = max(self.parts.items(), key=lambda item: item[1].samples)
        heaviest = part.python.most_common(count)
        shares = ", ".join(f"{function} {100 * n / part.samples:.0f}%" for function, n in heaviest)
        return f"{name}: {shares}"


def frame_name(frame: str) -> str:
    """`function (file)` without its line, or a native frame without a symbol named by its library."""
    address = _ADDRESS.match(frame)
    if address:
        return f"({address.group(1)}, no symbol)"
    return _LINE.sub(")", frame)


def parse(raw: Path) -> dict[str, Part]:
    """Collapsed stacks ('process …;frame;frame count' a line) by process kind."""
    parts: dict[str, Part] = {}
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        depth = sum(1 for f in frames if f.startswith("process "))
        frames = [f for f in frames if not f.startswith("process ")]
        if not frames:
            continue
        part = parts.setdefault("the process started" if depth <= 1 else "its child processes", Part())
        n = int(count)
        python = [f for f in frames if ".py:" in f]
        if python and any(wait in python[-1] for wait in WAITING):
            part.waiting += n
            continue
        part.samples += n
        part.python[frame_name(python[-1]) if python else f"no Python frame: {frame_name(frames[-1])}"] += n
        part.leaves[frame_name(frames[-1])] += n
    return parts


class Recording:
    """py-spy recording a command to its end, or a running process (and its children) for some seconds."""

    def __init__(self, name: str, target: Sequence[str], env: dict[str, str] | None = None):
        self.raw = CACHE / "profiles" / f"{name}.txt"
        self.raw.parent.mkdir(parents=True, exist_ok=True)
        options = ["--format", "raw", "--rate", str(RATE), "--native", "--subprocesses", "-o", str(self.raw)]
        try:
            self.process = subprocess.Popen(
                [str(PY_SPY), "record", *options, *target],
                cwd=ROOT,
                env={**os.environ, **(env or {})},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise RuntimeError(f"py-spy could not start: {exc}") from exc

    @classmethod
    def of_process(cls, pid: int, seconds: float, name: str) -> Recording:
        return cls(name, ["--pid", str(pid), "--duration", str(round(seconds))])

    @classmethod
    def of_command(cls, argv: Sequence[str], name: str, env: dict[str, str]) -> Recording:
        return cls(name, ["--", *argv], env)

    def finish(self) -> Profile:
        _, errors = self.process.communicate()
        if self.process.returncode != 0:
            raise RuntimeError(f"py-spy failed: {errors.decode(errors='replace').strip()[-300:]}")
        return Profile(self.raw, parse(self.raw))


def write_summary(profile: Profile, path: Path, title: str, how: str) -> None:
    """The summary the README and a row's note point to (Markdown, beside the results)."""
    lines = [f"# {title}", "", how, "", f"Raw stacks: `{profile.raw.relative_to(ROOT)}` (collapsed format).", ""]
    for name, part in profile.parts.items():
        seconds = part.samples / RATE
        lines += [
            f"## {name}: {part.samples:,} samples ({seconds:,.1f} s of a thread's time)",
            "",
            f"Left out: {part.waiting:,} samples of threads waiting for work (see `WAITING` in bench/profile.py).",
            "",
        ]
        tables = (("innermost Python frame", part.python), ("frame the sample ended in", part.leaves))
        for heading, counter in tables:
            lines += [f"| {heading} | share |", "| --- | --- |"]
            lines += [f"| `{frame}` | {100 * n / part.samples:.1f}% |" for frame, n in counter.most_common(TOP)]
            lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))
