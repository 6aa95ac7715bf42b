"""Where the time goes in a row that misses its target: a py-spy profile taken in a pass of its own, after the
timed one (sampling pauses the process, so no figure of the table is measured under it).

py-spy samples every thread's Python stack in the process started and its children. The summary gives, for
each of the two, the share of samples by the innermost Python frame: the code a change would touch, ours or
the library we call. Time in C, SQLite's included, counts to the Python line that called it, and so does a
thread's wait to take the GIL back after C code let it go: a line that hashes or reads grows when the
machine is busy. The raw stacks stay beside it in the collapsed format flamegraph.pl and speedscope read.
Native frames (`--native`) would say more, but py-spy failed on one import with them here and hung, at
full CPU, on the two tries after it: a bench must finish.
"""

from __future__ import annotations

import os
import re
import signal
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
STARTED = "the process started"
_LINE = re.compile(r":\d+\)$")


@dataclass
class Part:
    """The samples of one kind of process: the one started, or its children (import's workers, a server's worker)."""

    samples: int = 0
    """Busy ones: `waiting` are apart."""
    waiting: int = 0
    python: Counter[str] = field(default_factory=Counter)


@dataclass
class Profile:
    raw: Path
    parts: dict[str, Part]

    @classmethod
    def read(cls, raw: Path) -> Profile:
        return cls(raw, parse(raw))

    def top(self, count: int = 2) -> str:
        """Each kind of process's heaviest Python functions, as a row's note names them (not those of a process
        that hardly ran: a server's supervisor)."""
        total = sum(part.samples for part in self.parts.values())
        said = []
        for name, part in self.parts.items():
            if part.samples > total / 20:
                heaviest = part.python.most_common(count)
                said.append(f"{name}: " + ", ".join(f"{f} {100 * n / part.samples:.0f}%" for f, n in heaviest))
        return "; ".join(said) or "no samples"


def frame_name(frame: str) -> str:
    """`function (file)`, without the line: a function's samples add up whatever line they were on."""
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
        part = parts.setdefault(STARTED if depth <= 1 else "its child processes", Part())
        n = int(count)
        if any(wait in frames[-1] for wait in WAITING):
            part.waiting += n
            continue
        part.samples += n
        part.python[frame_name(frames[-1])] += n
    return dict(sorted(parts.items(), key=lambda item: item[0] != STARTED))  # (the process started first)


class Recording:
    """py-spy recording a command to its end, or a running process (and its children) for some seconds."""

    def __init__(self, name: str, target: Sequence[str], env: dict[str, str] | None = None):
        self.raw = CACHE / "profiles" / f"{name}.txt"
        self.raw.parent.mkdir(parents=True, exist_ok=True)
        options = ["--format", "raw", "--rate", str(RATE), "--subprocesses", "-o", str(self.raw)]
        try:
            self.process = subprocess.Popen(
                [str(PY_SPY), "record", *options, *target],
                cwd=ROOT,
                env={**os.environ, **(env or {})},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # (so that a recording that hangs goes with what it runs)
            )
        except OSError as exc:
            raise RuntimeError(f"py-spy could not start: {exc}") from exc

    @classmethod
    def of_process(cls, pid: int, seconds: float, name: str) -> Recording:
        return cls(name, ["--pid", str(pid), "--duration", str(round(seconds))])

    @classmethod
    def of_command(cls, argv: Sequence[str], name: str, env: dict[str, str]) -> Recording:
        return cls(name, ["--", *argv], env)

    def finish(self, timeout: float = 600) -> Profile:
        try:
            said, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.communicate()
            raise RuntimeError(f"py-spy took more than {timeout:g} s and was stopped") from None
        if self.process.returncode != 0:
            said = said.decode(errors="replace").strip()[-300:]
            raise RuntimeError(f"py-spy exited with {self.process.returncode}: {said}")
        return Profile.read(self.raw)


def write_summary(profile: Profile, path: Path, title: str, how: str) -> str:
    """The summary the README and a row's note point to (Markdown, beside the results); what the note says."""
    lines = [f"# {title}", "", how, "", f"Raw stacks: `{profile.raw.relative_to(ROOT)}` (collapsed format).", ""]
    for name, part in profile.parts.items():
        seconds = part.samples / RATE
        lines += [
            f"## {name}: {part.samples:,} samples ({seconds:,.1f} s of a thread's time)",
            "",
            f"Left out: {part.waiting:,} samples of threads waiting for work (see `WAITING` in bench/profile.py).",
            "",
        ]
        lines += ["| innermost Python frame | share |", "| --- | --- |"]
        lines += [f"| `{frame}` | {100 * n / part.samples:.1f}% |" for frame, n in part.python.most_common(TOP)]
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))
    return f"profile: {path.relative_to(ROOT)} ({profile.top()})"
