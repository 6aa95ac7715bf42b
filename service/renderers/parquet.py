"""Apache Parquet: a collection's records as one typed, columnar file, for DuckDB, polars, pandas and Spark.

The Arrow schema is derived from the model: `article_id` first, then each field of the item in order. A nested
Struct is flattened into `{field}_{subfield}` columns, named as CSV names them (`date_start`, `fatalities_best`,
`coordinates_latitude`): plain typed columns every reader filters on without struct syntax. Lists stay lists, of
strings (`locations`) or of structs (`participants`, `evidence`, `attribution`), where CSV has to join them or
write JSON text. Dates are DATE, counts int64, enumerations strings.

The stored JSON documents are parsed by Arrow itself, many thousand at a time, against that schema (no Python
per cell); each such block is one row group, written as soon as it is parsed, so an export streams with flat
memory. The footer comes last: a stream cut short is not a readable file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import TYPE_CHECKING, Any

from msgspec import inspect as mi

from schemas import COLLECTIONS
from service.records import Record, record_batches
from service.renderers.base import Rendered, Renderer, Resource, View, json_lines

if TYPE_CHECKING:
    import pyarrow as pa

ROW_GROUP_BYTES = 16 << 20
"""The JSON a row group is parsed from: rows enough for its columns to compress, few enough to keep memory flat."""


# The schema, from the model (pyarrow imported on first use: start-up need not pay for it)


def _arrow_type(info: mi.Type, *, parsed: bool) -> pa.DataType:
    """The Arrow type of a field. `parsed`: as Arrow's JSON reader reads it (dates as text: it reads no DATE)."""
    import pyarrow as pa

    if isinstance(info, mi.Metadata):
        return _arrow_type(info.type, parsed=parsed)
    if isinstance(info, mi.UnionType):
        [inner] = [t for t in info.types if not isinstance(t, mi.NoneType)]  # Optional: nullable, as all are
        return _arrow_type(inner, parsed=parsed)
    if isinstance(info, mi.LiteralType):
        return pa.int64() if all(isinstance(v, int) for v in info.values) else pa.string()
    if isinstance(info, mi.ListType):
        return pa.list_(_arrow_type(info.item_type, parsed=parsed))
    if isinstance(info, mi.StructType):
        return pa.struct([(f.encode_name, _arrow_type(f.type, parsed=parsed)) for f in info.fields])
    scalars = {
        mi.StrType: pa.string(),
        mi.IntType: pa.int64(),
        mi.FloatType: pa.float64(),
        mi.BoolType: pa.bool_(),
        mi.DateType: pa.string() if parsed else pa.date32(),
        mi.DateTimeType: pa.timestamp("us", tz="UTC"),
    }
    return scalars[type(info)]


def _flat(name: str, kind: pa.DataType) -> list[pa.Field]:
    """A column, or for a struct its fields' columns, `{name}_{field}`, as `Table.flatten` orders them."""
    import pyarrow as pa

    if not pa.types.is_struct(kind):
        return [pa.field(name, kind)]
    return [column for child in kind.fields for column in _flat(f"{name}_{child.name}", child.type)]


@cache
def parsed_schema(collection: str) -> pa.Schema:
    """What each stored document is read as: the item's fields nested as in its JSON, `article_id` first."""
    import pyarrow as pa

    info = mi.type_info(COLLECTIONS[collection])
    assert isinstance(info, mi.StructType)
    fields = [(f.encode_name, _arrow_type(f.type, parsed=True)) for f in info.fields]
    return pa.schema([("article_id", pa.string()), *fields])


@cache
def schema(collection: str) -> pa.Schema:
    """The file's columns: the item's fields, nested Structs flattened as CSV flattens them, `article_id` first."""
    import pyarrow as pa

    info = mi.type_info(COLLECTIONS[collection])
    assert isinstance(info, mi.StructType)
    columns = [c for f in info.fields for c in _flat(f.encode_name, _arrow_type(f.type, parsed=False))]
    return pa.schema([pa.field("article_id", pa.string(), nullable=False), *columns])


# The file


class _Sink:
    """Where the writer writes: it only appends (the footer last), so what is written so far can be sent."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.position = 0
        self.closed = False

    def write(self, data: Any, /) -> int:
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def take(self) -> bytes:
        taken = b"".join(self.chunks)
        self.chunks.clear()
        return taken


def table(collection: str, lines: bytes) -> pa.Table:
    """One row group: the records' JSON lines parsed against the collection's schema, then flattened and typed."""
    import pyarrow as pa
    import pyarrow.json

    target = schema(collection)
    if not lines:
        return target.empty_table()
    options = pyarrow.json.ParseOptions(explicit_schema=parsed_schema(collection), unexpected_field_behavior="ignore")
    parsed = pyarrow.json.read_json(pa.py_buffer(lines), parse_options=options)
    while any(pa.types.is_struct(kind) for kind in parsed.schema.types):
        parsed = parsed.flatten()
    return parsed.rename_columns(target.names).cast(target)


def _groups(records: Iterable[Record]) -> Iterator[bytes]:
    """The records as JSON lines, about ROW_GROUP_BYTES at a time."""
    pending: list[bytes] = []
    size = 0
    for batch in record_batches(records):
        lines = json_lines(batch)
        pending.append(lines)
        size += len(lines)
        if size >= ROW_GROUP_BYTES:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


def _file(collection: str, records: Iterable[Record]) -> Iterator[bytes]:
    """The file, a row group at a time: Arrow parses and writes one on a thread of its own (without the GIL)
    while the store reads the next."""
    import pyarrow as pa
    import pyarrow.parquet

    sink = _Sink()
    with (
        pyarrow.parquet.ParquetWriter(pa.PythonFile(sink, mode="w"), schema(collection)) as writer,
        ThreadPoolExecutor(max_workers=1) as parser,
    ):

        def write(lines: bytes) -> bytes:
            group = table(collection, lines)
            writer.write_table(group, row_group_size=len(group))
            return sink.take()

        written: Future[bytes] | None = None
        for lines in _groups(records):
            upcoming = parser.submit(write, lines)
            if written is not None:
                yield written.result()
            written = upcoming
        if written is not None:
            yield written.result()
    yield sink.take()  # the footer: an empty selection is a file with its schema and no row groups


def render(resource: Resource) -> Rendered:
    assert resource.collection is not None
    chunks = _file(resource.collection, resource.records)
    return chunks if resource.streamed else b"".join(chunks)


RENDERER = Renderer(
    name="parquet",
    suffix="parquet",
    media_type="application/vnd.apache.parquet",
    views=frozenset({View.COLLECTION, View.ITEM}),
    render=render,
    binary=True,
    streams=True,
)
