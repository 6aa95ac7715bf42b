"""Each engine's versioned migrations: `{engine}/NNNN_what_it_does.sql`, applied in order by its adapter."""

from __future__ import annotations

from importlib.resources import files


def migrations(engine: str, until: int | None = None) -> list[tuple[int, str]]:
    """The versioned migration files of an engine, in order: (version, SQL); those up to `until` if given."""
    folder = files(__name__) / engine
    scripts = ((int(entry.name.split("_", 1)[0]), entry) for entry in folder.iterdir() if entry.name.endswith(".sql"))
    return sorted((version, entry.read_text()) for version, entry in scripts if until is None or version <= until)


SEARCH_INDEX = 6
"""The version that adds the full-text index, which its adapter then fills from the stored documents in the same
transaction (in Python: SQL cannot tokenize as service.search does)."""
ITEM_FACTS = 7
"""The version that adds the items' facts (service.store.index.ItemFacts), which its adapter then writes from the
stored documents in the same transaction (in Python: one rule works them out, for writes and for this)."""
