"""What every benchmark needs: servers in processes of their own, wrk over loopback, RSS from /proc."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
ROUNDS = 3
"""Reads, corpus queries, exports and start-up are the median of three rounds: this shared machine's speed
changes from minute to minute. (Import and POST, minutes long, are one run each.)"""

T = TypeVar("T")


def middle(rounds: Iterable[T], by: Callable[[T], float]) -> T:
    """The median round by `by` (the whole round: a throughput's latencies come with it)."""
    ordered = sorted(rounds, key=by)
    return ordered[len(ordered) // 2]


def newsfacts(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """The service's command line, run to its end."""
    return subprocess.run(
        [sys.executable, "-m", "service", *args], cwd=ROOT, env={**os.environ, **env}, capture_output=True, check=True
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Process:
    """A server started with its own process group; `rss_mb` sums the group (granian's main and workers)."""

    def __init__(self, argv: Sequence[str], env: dict[str, str], ready_path: str = "/health", port: int | None = None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = (CACHE / f"server-{self.port}.log").open("wb")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [arg.replace("{port}", str(self.port)) for arg in argv],
            cwd=ROOT,
            env={**os.environ, "PORT": str(self.port), **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.ready_after = self.wait(ready_path)

    def wait(self, path: str, timeout: float = 120) -> float:
        """Seconds from the start of the process to its first answer on `path`."""
        deadline = time.perf_counter() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.base + path, timeout=2) as response:
                    response.read()
                    return time.perf_counter() - self.started
            except OSError:
                if self.process.poll() is not None or time.perf_counter() > deadline:
                    self.stop()
                    raise RuntimeError(f"{self.process.args!r} did not start; see {self.log.name}") from None
                time.sleep(0.01)

    def pids(self) -> list[int]:
        return processes(lambda pid: os.getpgid(pid) == self.process.pid)

    def rss_mb(self) -> float:
        total = 0
        for pid in self.pids():
            with suppress(OSError):
                status = Path(f"/proc/{pid}/status").read_text()
                total += int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]
        return total / 1024

    def worker_rss_mb(self) -> float:
        """The largest process of the group: a worker (granian's main process only supervises)."""
        sizes = []
        for pid in self.pids():
            with suppress(OSError, AttributeError):
                status = Path(f"/proc/{pid}/status").read_text()
                sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)  # type: ignore[union-attr]
        return max(sizes, default=0.0)

    def stop(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.log.close()


_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: Iterable[int]) -> dict[int, float]:
    """The CPU (user and system) each of these processes has used so far, by /proc: a figure the scheduling
    noise of a shared machine leaves nearly alone, where a latency's tail is mostly that noise."""
    used = {}
    for pid in pids:
        with suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            used[pid] = (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime (fields 14 and 15 in proc(5))
    return used


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two readings: a process started in between counts whole, one gone counts nothing."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def processes(matching: Callable[[int], bool]) -> list[int]:
    """The ids of this machine's processes that match (one that ends while it is looked at does not)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError):
                if matching(int(entry.name)):
                    found.append(int(entry.name))
    return found


def postgres_pids() -> list[int]:
    """This machine's PostgreSQL processes (its backends among them): none if the server is elsewhere."""
    return processes(lambda pid: Path(f"/proc/{pid}/comm").read_text().strip() == "postgres")


def service(database_url: str, workers: int = 1, **env: str) -> Process:
    return Process(
        [sys.executable, "-m", "service", "serve", "--workers", str(workers)],
        {"DATABASE_URL": database_url, **env},
    )


def granian_app(target: str, env: dict[str, str]) -> Process:
    """Another ASGI app on the same server and worker count as ours (the limit, the peer)."""
    return Process(
        [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            "{port}",
            "--workers",
            "1",
            "--no-ws",
            "--log-level",
            "warning",
            target,
        ],
        env,
        ready_path="/",
    )


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, *, connections: int, seconds: float, headers: Sequence[str] = (), script: Path | None = None) -> Load:
    """One wrk run (one thread: the server gets the other core)."""
    argv = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{round(seconds)}s",
        "--timeout",
        "30s",  # (wrk's 2 s would drop the slowest answers from the latencies, as timeouts)
        "--latency",
        *(a for h in headers for a in ("-H", h)),
    ]
    if script is not None:
        argv += ["-s", str(script)]
    out = subprocess.run([*argv, url], capture_output=True, text=True, check=True).stdout

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()  # type: ignore[union-attr]
        return float(value) * _UNITS[unit]

    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non2xx.group(1)) if non2xx else 0
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return Load(rps, latency("50"), latency("99"), requests, errors)


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}
