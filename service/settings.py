"""Configuration, read from the environment once and passed in (nothing is read at import time)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def cores() -> int:
    """The cores this process may run on (its CPU affinity, which a container's cpuset narrows too)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def digest(token: str) -> bytes:
    """What is kept of a bearer token: its SHA-256 digest (service/auth.py compares digests)."""
    return hashlib.sha256(token.encode()).digest()


@dataclass(frozen=True, slots=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'newsfacts.sqlite3'}"
    data_dir: Path = PROJECT_ROOT / "data" / "articles"
    """Bundled articles, loaded into an empty store on first start."""
    public_url: str | None = None
    """The service's public origin for absolute links and JSON-LD @ids; else taken from each request."""
    migrate_on_start: bool = True
    """Apply migrations and load the bundled data at start; off for replicas when `newsfacts migrate` does it."""
    token_digests: frozenset[bytes] = field(default_factory=frozenset, repr=False)
    """SHA-256 digests of the bearer tokens allowed to write; the tokens themselves are not kept."""
    max_body_bytes: int = 4 * 1024 * 1024
    response_cache: bool = True
    """Keep rendered GET responses per process (see service/cache.py); off only to measure without it."""
    write_rate_limit: tuple[str, int] | None = ("minute", 600)
    """Writes allowed per client address per period (WRITE_RATE_LIMIT=600/minute, or off); bulk loads use the CLI."""
    read_threads: int = field(default_factory=lambda: max(2, cores()))
    """Threads for the reads that leave the event loop (PostgreSQL's; SQLite's over budget): as many as the
    cores, for a database on this machine. asyncio's default of cores + 4 only had more threads taking turns
    for the GIL: the PostgreSQL corpus mix at 8 connections on 2 cores had a p99 of 16.7-21.2 ms on 2 threads
    against 23.6-31.0 ms on 6 (alternating rounds), at 9% fewer requests a second. Where PostgreSQL is on
    another machine and reads mostly wait on the network, more (READ_THREADS)."""
    access_log: bool = False
    """A JSON line per request (ACCESS_LOG=true); off by default: on hot reads it costs more than half the
    throughput (see README, Performance). Errors and warnings are logged, with their request id, either way."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the environment; a bad value stops the service with a message that names it."""
        env = os.environ if env is None else env
        defaults = cls()
        return cls(
            host=env.get("HOST", defaults.host),
            port=_number(env, "PORT", defaults.port),
            database_url=env.get("DATABASE_URL", defaults.database_url),
            data_dir=Path(env.get("DATA_DIR", defaults.data_dir)),
            public_url=(env.get("PUBLIC_URL") or "").rstrip("/") or None,
            migrate_on_start=_flag(env, "MIGRATE_ON_START", defaults.migrate_on_start),
            token_digests=frozenset(digest(t) for t in _tokens(env)),
            max_body_bytes=_number(env, "MAX_BODY_BYTES", defaults.max_body_bytes),
            response_cache=_flag(env, "RESPONSE_CACHE", defaults.response_cache),
            write_rate_limit=_rate(env, "WRITE_RATE_LIMIT", defaults.write_rate_limit),
            access_log=_flag(env, "ACCESS_LOG", defaults.access_log),
            read_threads=_number(env, "READ_THREADS", defaults.read_threads, least=1),
        )


def _number(env: Mapping[str, str], name: str, default: int, *, least: int = 0) -> int:
    raw = env.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < least:
        raise SystemExit(f"{name} must be a whole number{f' of at least {least}' if least else ''}, got {raw!r}")
    return int(raw)


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    if raw.lower() not in TRUE | FALSE:
        raise SystemExit(f"{name} must be true or false, got {raw!r}")
    return raw.lower() in TRUE


PERIODS = ("second", "minute", "hour", "day")


def _rate(env: Mapping[str, str], name: str, default: tuple[str, int] | None) -> tuple[str, int] | None:
    raw = env.get(name)
    if raw is None:
        return default
    if raw.lower() == "off":
        return None
    count, _, period = raw.partition("/")
    if not (count.isascii() and count.isdigit()) or int(count) < 1 or period not in PERIODS:
        raise SystemExit(f"{name} must be N/second, N/minute, N/hour, N/day or off, got {raw!r}")
    return period, int(count)


def _tokens(env: Mapping[str, str]) -> list[str]:
    """API_TOKENS (comma-separated) and the lines of API_TOKENS_FILE; blank entries ignored."""
    tokens = [t.strip() for t in env.get("API_TOKENS", "").split(",")]
    path = env.get("API_TOKENS_FILE")
    if path:
        try:
            tokens += [line.strip() for line in Path(path).read_text().splitlines()]
        except OSError as exc:
            raise SystemExit(f"API_TOKENS_FILE {path!r} cannot be read: {exc.strerror}") from None
    return [t for t in tokens if t and not t.startswith("#")]
