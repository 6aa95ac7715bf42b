"""The corpora and stores the rows run against: synthetic corpora built once, SQLite files and PostgreSQL databases.

Corpora and the big stores are kept in bench/.cache between runs (delete it to rebuild them).
"""

from __future__ import annotations

import os
from pathlib import Path

import psycopg

from bench.harness import CACHE, newsfacts

SEED = "isis-under-attack-northern-syria"
"""The bundled article: every format of it is read, and the POST row sends copies of it."""
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def corpus_file(articles: int, seed: int) -> Path:
    path = CACHE / f"synth-{articles}-{seed}.ndjson"
    if not path.exists():
        print(f"  building {path.name} …", flush=True)
        newsfacts("synth", "--articles", str(articles), "--seed", str(seed), "-o", str(path), "--quiet", env={})
    return path


def pg_database(name: str) -> str:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


def drop_pg(name: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_sqlite(name: str) -> str:
    """A SQLite store in the cache, deleted (with its WAL files) if it was there: its URL."""
    path = CACHE / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def new_store(engine: str, name: str) -> str:
    """An empty store of that engine, named `name` (a file in the cache, or a database): its URL."""
    if engine == "SQLite":
        return fresh_sqlite(f"{name}.sqlite3")
    database = "newsfacts_bench_" + name.replace("-", "_")
    drop_pg(database)
    return pg_database(database)


def stored_articles(database_url: str) -> int:
    from service.store.engines import open_store

    store = open_store(database_url)
    try:
        return store.count()
    finally:
        store.close()


def big_store(database_url: str, files: list[Path]) -> None:
    """Import the corpus files into the store once (kept between runs)."""
    wanted = sum(1 for f in files for _ in f.open("rb"))
    have = stored_articles(database_url)
    if have < wanted:
        print(f"  importing {wanted:,} articles into {database_url.rsplit('/', 1)[-1]} …", flush=True)
        newsfacts("import", *map(str, files), "--quiet", env={"DATABASE_URL": database_url})
