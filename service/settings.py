"""Configuration, read from the environment once and passed in (nothing is read at import time)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}
Parse = Callable[[Mapping[str, str], str, Any], Any]
"""How a setting is read: (environment, variable, default) → value, or SystemExit naming the variable."""


def cores() -> int:
    """The cores this process may run on (its CPU affinity, which a container's cpuset narrows too)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def digest(token: str) -> bytes:
    """What is kept of a bearer token: its SHA-256 digest (service/auth.py compares digests)."""
    return hashlib.sha256(token.encode()).digest()


def setting(env: str, parse: Parse, help: str, **default: Any) -> Any:
    """A Settings field read from the environment variable `env` by `parse`; `help` is its line in docs/settings.md."""
    return field(metadata={"env": env, "parse": parse, "help": help}, **default)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of the service, each with the environment variable it is read from (docs/settings.md)."""

    host: str = setting(
        "HOST", lambda env, name, default: env.get(name, default), "Address to bind.", default="127.0.0.1"
    )
    port: int = setting(
        "PORT", lambda env, name, default: _number(env, name, default), "Port to serve on.", default=8000
    )
    workers: int = setting(
        "WORKERS",
        lambda env, name, default: _number(env, name, default, least=1),
        "Worker processes `newsfacts serve` starts.",
        default=1,
    )
    database_url: str = setting(
        "DATABASE_URL",
        lambda env, name, default: env.get(name, default),
        "`sqlite:///path` (the default, under var/) or `postgresql://…`.",
        default=f"sqlite:///{PROJECT_ROOT / 'var' / 'newsfacts.sqlite3'}",
    )
    data_dir: Path = setting(
        "DATA_DIR",
        lambda env, name, default: Path(env.get(name, default)),
        "Bundled articles, loaded into an empty store on first start.",
        default=PROJECT_ROOT / "data" / "articles",
    )
    public_url: str | None = setting(
        "PUBLIC_URL",
        lambda env, name, default: (env.get(name) or "").rstrip("/") or default,
        "The public origin for absolute links and JSON-LD @ids; else taken from each request.",
        default=None,
    )
    migrate_on_start: bool = setting(
        "MIGRATE_ON_START",
        lambda env, name, default: _flag(env, name, default),
        "Apply migrations and load the bundled data at start; off for replicas when `newsfacts migrate` does it.",
        default=True,
    )
    token_digests: frozenset[bytes] = setting(
        "API_TOKENS",
        lambda env, name, default: frozenset(digest(t) for t in _tokens(env)),
        "Bearer tokens allowed to write, comma-separated; more, a line each, in the file API_TOKENS_FILE names."
        " Only their SHA-256 digests are kept.",
        default_factory=frozenset,
        repr=False,
    )
    max_body_bytes: int = setting(
        "MAX_BODY_BYTES",
        lambda env, name, default: _number(env, name, default),
        "The largest request body accepted (413 above it).",
        default=4 * 1024 * 1024,
    )
    response_cache: bool = setting(
        "RESPONSE_CACHE",
        lambda env, name, default: _flag(env, name, default),
        "Keep rendered GET responses per process, dropped on every write; off only to measure without it.",
        default=True,
    )
    write_rate_limit: tuple[str, int] | None = setting(
        "WRITE_RATE_LIMIT",
        lambda env, name, default: _rate(env, name, default),
        "Writes allowed per client address: `N/second`, `N/minute`, `N/hour`, `N/day`, or `off`.",
        default=("minute", 600),
    )
    access_log: bool = setting(
        "ACCESS_LOG",
        lambda env, name, default: _flag(env, name, default),
        "A JSON line per request; errors and warnings are logged, with their request id, either way.",
        default=False,
    )
    read_threads: int = setting(
        "READ_THREADS",
        lambda env, name, default: _number(env, name, default, least=1),
        "Threads for the reads that leave the event loop; more where the database is on another machine.",
        default_factory=lambda: max(2, cores()),
    )
    """As many as the cores, for a database on this machine: more threads only take turns for the GIL."""
    count_ms: int = setting(
        "COUNT_MS",
        lambda env, name, default: _number(env, name, default, least=1),
        "Milliseconds a count may take: GET /v1/{collection}/facets answers 503 count-cut-short when cut short, the"
        " home page comes without its chart.",
        default=5_000,
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the environment; a bad value stops the service with a message that names it."""
        env = os.environ if env is None else env
        defaults = cls()
        return cls(
            **{f.name: f.metadata["parse"](env, f.metadata["env"], getattr(defaults, f.name)) for f in fields(cls)}
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
