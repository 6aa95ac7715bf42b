"""The fields a client may choose of a collection's items (`fields=id,date.start`), and each item cut down to them.

Names are the documents' own, a dot leading into a nested struct (`date.start`, `fatalities.best`); a struct's
name chooses all of it. They come from the table columns' model paths, so they cannot drift from the model, and
a choice picks its CSV columns by the same paths. Whatever order they are given in, items and tables keep the
model's order: one choice is one representation.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import msgspec

from schemas import COLLECTIONS, RECORDS
from service.tables.columns import Column, columns_for

Path = tuple[str, ...]


class FieldsError(ValueError):
    """A choice of fields that names nothing, or names something twice."""


@cache
def field_names(collection: str) -> tuple[str, ...]:
    """Every name a collection's `fields` takes, in the model's order: each column's field and the structs
    it is within (`date`, then `date.start`…), `article_id` first."""
    names: dict[str, None] = {}
    for column in columns_for(COLLECTIONS[collection]):
        for depth in range(1, len(column.path) + 1):
            names[".".join(column.path[:depth])] = None
    return tuple(names)


@dataclass(frozen=True, slots=True)
class Fields:
    """A checked choice of fields of one collection: the names as given (for links that carry it), its table
    columns, and how to cut a record's JSON down to it (both worked out once per choice)."""

    collection: str
    names: tuple[str, ...]
    columns: tuple[Column, ...]
    """The table columns of the chosen fields, in the table's order."""
    indices: tuple[int, ...]
    """Where those columns are in the whole table's row."""
    projection: msgspec.json.Decoder[Any] = field(repr=False, compare=False)

    def cut(self, record_json: bytes) -> bytes:
        """A record's JSON object with only the chosen fields, nested as in the document, their bytes as stored;
        a search hit's highlights and snippet stay (they say where the query matched, not what the item is)."""
        return _encoder.encode(self.projection.decode(record_json))


def choose(collection: str, raw: str) -> Fields:
    """The fields a comma-separated list names, each known and none twice (FieldsError); one within another
    (`date,date.start`) adds nothing to it."""
    allowed = field_names(collection)
    if not raw:
        raise FieldsError("fields is empty: name one field or more, e.g. fields=id")
    names = raw.split(",")
    if "" in names:
        raise FieldsError("fields has an empty entry: name fields separated by single commas")
    for name in names:
        if name not in allowed:
            raise FieldsError(_unknown(collection, name))
    if len(set(names)) < len(names):
        twice = next(name for name in names if names.count(name) > 1)
        raise FieldsError(f"fields names {twice} twice; name each field once")
    within = {name for name in names for other in names if name.startswith(other + ".")}  # (`date` has them)
    paths = frozenset(tuple(name.split(".")) for name in names if name not in within)
    return Fields(
        collection,
        tuple(names),
        _columns(collection, paths),
        _indices(collection, paths),
        _projection(collection, paths),
    )


def _unknown(collection: str, name: str) -> str:
    """Why a name is not a field, with the names it was likely meant to be: the field of a CSV column so named,
    the fields of the struct it dots into, or names spelt alike."""
    allowed = field_names(collection)
    detail = f"fields: {name!r} is not a field of {collection}"
    outer = name.rsplit(".", 1)[0]
    column = next((c for c in columns_for(COLLECTIONS[collection]) if c.name == name != ".".join(c.path)), None)
    if column is not None:
        close = [".".join(column.path)]
    elif outer != name and outer in allowed:
        close = [other for other in allowed if other.startswith(outer + ".")]
        if not close:
            detail += f" ({outer} is chosen whole: a dot leads only into a nested struct, not into a list or a value)"
    else:
        close = difflib.get_close_matches(name, allowed, n=3)
    if close:
        detail += f" (did you mean {' or '.join(close)}?)"
    return f"{detail}; the fields are: {', '.join(allowed)}"


def _chosen(column: Column, paths: frozenset[Path]) -> bool:
    return any(column.path[: len(path)] == path for path in paths)


@cache
def _columns(collection: str, paths: frozenset[Path]) -> tuple[Column, ...]:
    return tuple(c for c in columns_for(COLLECTIONS[collection]) if _chosen(c, paths))


@cache
def _indices(collection: str, paths: frozenset[Path]) -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(columns_for(COLLECTIONS[collection])) if _chosen(c, paths))


Tree = dict[str, "Tree | None"]
"""The chosen fields as the document nests them: a field taken whole is None."""


def _tree(collection: str, paths: frozenset[Path]) -> Tree:
    """The chosen fields nested as in the document, in the model's order."""
    tree: Tree = {}
    for column in _columns(collection, paths):
        chosen = next(path for path in paths if column.path[: len(path)] == path)
        node = tree
        for key in chosen[:-1]:
            node = node.setdefault(key, {})  # type: ignore[assignment]
        node[chosen[-1]] = None
    return tree


@cache
def _projection(collection: str, paths: frozenset[Path]) -> msgspec.json.Decoder[Any]:
    """A decoder of a record's JSON that keeps the chosen fields' bytes as they are and skips the rest (its
    Structs made once per choice: a Struct type is costly to make, and a choice is asked for again and again)."""
    own = {column.path[0] for column in columns_for(COLLECTIONS[collection])}
    hit = [f.encode_name for f in msgspec.structs.fields(RECORDS[collection]) if f.encode_name not in own]
    return msgspec.json.Decoder(_raw_struct(f"{collection}_fields", _tree(collection, paths), hit))


def _raw_struct(name: str, tree: Tree, extra: Sequence[str] = ()) -> type:
    """A Struct of the tree's fields, each absent unless the document has it (UNSET is not encoded)."""
    fields: list[tuple[str, Any, Any]] = []
    for key, below in tree.items():
        kind: Any = msgspec.Raw if below is None else _raw_struct(f"{name}_{key}", below) | None
        fields.append((key, kind | msgspec.UnsetType, msgspec.UNSET))
    fields.extend((key, msgspec.Raw | msgspec.UnsetType, msgspec.UNSET) for key in extra)
    return msgspec.defstruct(name, fields, kw_only=True)


_encoder = msgspec.json.Encoder()
