"""Configuration, read from the environment once and passed in (nothing is read at import time)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'newsfacts.sqlite3'}"
    data_dir: Path = PROJECT_ROOT / "data" / "articles"
    """Bundled articles, loaded into an empty store on first start."""
    public_url: str | None = None
    """The service's public origin for absolute links and JSON-LD @ids; else taken from each request."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        defaults = cls()
        try:
            port = int(env.get("PORT", defaults.port))
        except ValueError:
            raise SystemExit(f"PORT must be a number, got {env['PORT']!r}") from None
        return cls(
            host=env.get("HOST", defaults.host),
            port=port,
            database_url=env.get("DATABASE_URL", defaults.database_url),
            data_dir=Path(env.get("DATA_DIR", defaults.data_dir)),
            public_url=(env.get("PUBLIC_URL") or None),
        )
