"""Apache Parquet: a collection's records as one typed, columnar file, for DuckDB, polars, pandas and Spark.

The Arrow schema is derived from the model: `article_id` first, then each field of the item in order. A nested
Struct is flattened into `{field}_{subfield}` columns, named as CSV names them (`date_start`, `fatalities_best`,
`coordinates_latitude`): plain typed columns every reader filters on without struct syntax. Lists stay lists, of
strings (`locations`) or of structs (`participants`, `evidence`, `attribution`), where CSV has to join them or
write JSON text. Dates are DATE, counts int64, enumerations strings.

The stored JSON documents are parsed by Arrow itself, thousands at a time, against that schema (no Python per
cell); each such block is one row group, two blocks parsed at once on threads of their own and written in order
as they are done, so an export streams with flat memory. The footer comes last: a stream cut short is not a
readable file.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from msgspec import inspect as mi

from schemas import COLLECTIONS
from service.records import Record, record_batches
from service.renderers.base import Rendered, Renderer, Resource, View

if TYPE_CHECKING:
    import pyarrow as pa

ROW_GROUP_BYTES = 4 << 20
"""The JSON a row group is parsed from: rows enough for its columns to compress, few enough to keep memory flat
while PARSERS of them are parsed at once."""
PARSERS = 2
"""Row groups parsed at once, each on a thread: Arrow's JSON reader is most of an export's time."""
WRITE_BUFFER_BYTES = 1 << 20
"""What the writer gathers before Python takes it: about a row group's compressed pages, in one call."""


# The schema, from the model (pyarrow imported on first use: start-up need not pay for it)


def _unwrapped(info: mi.Type) -> tuple[mi.Type, bool]:
    """The type within Metadata and Optional (every Arrow column is nullable), and whether it is a reference."""
    ref = False
    while isinstance(info, mi.Metadata | mi.UnionType):
        if isinstance(info, mi.Metadata):
            ref = ref or "ref" in (info.extra or {})
            info = info.type
        else:
            [info] = [t for t in info.types if not isinstance(t, mi.NoneType)]
    return info, ref


def _arrow_type(info: mi.Type, *, parsed: bool) -> pa.DataType:
    """The Arrow type of a field. `parsed`: as Arrow's JSON reader reads it (dates as text: it reads no DATE)."""
    import pyarrow as pa

    info, _ = _unwrapped(info)
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
    """What each stored document is read as: the item's fields, nested as in its JSON."""
    import pyarrow as pa

    info = mi.type_info(COLLECTIONS[collection])
    assert isinstance(info, mi.StructType)
    return pa.schema([(f.encode_name, _arrow_type(f.type, parsed=True)) for f in info.fields])


@cache
def schema(collection: str) -> pa.Schema:
    """The file's columns: the item's fields, nested Structs flattened as CSV flattens them, `article_id` first."""
    import pyarrow as pa

    info = mi.type_info(COLLECTIONS[collection])
    assert isinstance(info, mi.StructType)
    columns = [c for f in info.fields for c in _flat(f.encode_name, _arrow_type(f.type, parsed=False))]
    return pa.schema([pa.field("article_id", pa.string(), nullable=False), *columns])


def _repeating(info: mi.Type, path: str, *, flattened: bool, ref: bool = False) -> Iterator[str]:
    """The columns (as Parquet paths) whose values repeat: enumerations, and ids that name other items."""
    info, marked = _unwrapped(info)
    ref = ref or marked
    if isinstance(info, mi.StructType):
        for f in info.fields:
            child = f"{path}_{f.encode_name}" if flattened else f"{path}.{f.encode_name}"
            yield from _repeating(f.type, child, flattened=flattened)
    elif isinstance(info, mi.ListType):
        yield from _repeating(info.item_type, f"{path}.list.element", flattened=False, ref=ref)
    elif ref or isinstance(info, mi.LiteralType):
        yield path


@cache
def dictionary_columns(collection: str) -> list[str]:
    """What Parquet dictionary-encodes: `article_id`, enumerations and references, whose few values repeat. (Not
    every column, as it would by default: a dictionary of unique texts costs time and saves nothing.)"""
    info = mi.type_info(COLLECTIONS[collection])
    assert isinstance(info, mi.StructType)
    return ["article_id", *(c for f in info.fields for c in _repeating(f.type, f.encode_name, flattened=True))]


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


def table(collection: str, documents: bytes, article_ids: list[str]) -> pa.Table:
    """One row group: the stored documents (a line each) parsed against the collection's schema, flattened and
    typed, with their articles' ids (given beside the documents, not spliced into each: Arrow reads less JSON).

    On the calling thread alone: an export parses several row groups at once instead, which costs less than
    Arrow splitting each among its threads."""
    import pyarrow as pa
    import pyarrow.json

    target = schema(collection)
    if not documents:
        return target.empty_table()
    parsed = pyarrow.json.read_json(
        pa.py_buffer(documents),
        parse_options=pyarrow.json.ParseOptions(
            explicit_schema=parsed_schema(collection), unexpected_field_behavior="ignore"
        ),
        read_options=pyarrow.json.ReadOptions(use_threads=False),
    )
    while any(pa.types.is_struct(kind) for kind in parsed.schema.types):
        parsed = parsed.flatten()
    parsed = parsed.add_column(0, "article_id", pa.array(article_ids, pa.string()))
    return parsed.rename_columns(target.names).cast(target)


_document = attrgetter("document")
_article_id = attrgetter("article_id")


def _groups(records: Iterable[Record]) -> Iterator[tuple[bytes, list[str]]]:
    """The records' documents, a line each, and their article ids, about ROW_GROUP_BYTES of JSON at a time.

    Only the documents are kept from each batch the store reads (its records go as they came, as a CSV
    export's do), and joined once a row group."""
    documents: list[bytes] = []
    article_ids: list[str] = []
    size = 0
    for batch in record_batches(records):
        read = list(map(_document, batch))
        documents += read
        article_ids += map(_article_id, batch)
        size += sum(map(len, read))
        if size >= ROW_GROUP_BYTES:
            yield b"\n".join(documents), article_ids
            documents, article_ids, size = [], [], 0
    if documents:
        yield b"\n".join(documents), article_ids


def _file(collection: str, records: Iterable[Record]) -> Iterator[bytes]:
    """The file, a row group at a time: PARSERS row groups parsed at once, each on a thread of its own (Arrow,
    without the GIL), and written in order on another, while the store reads the next."""
    import pyarrow as pa
    import pyarrow.parquet

    # the C library's allocator, not mimalloc (pyarrow's default), whose per-thread heaps keep several times
    # what a row group needs after it is written: an export's memory would not stay flat
    pa.set_memory_pool(pa.system_memory_pool())
    sink = _Sink()
    # the writer's many small writes gathered by Arrow (no GIL), handed to Python once a row group
    buffered = pa.BufferedOutputStream(pa.PythonFile(sink, mode="w"), buffer_size=WRITE_BUFFER_BYTES)
    with (
        pyarrow.parquet.ParquetWriter(
            buffered, schema(collection), use_dictionary=dictionary_columns(collection)
        ) as writer,
        ThreadPoolExecutor(max_workers=PARSERS) as parsers,
        ThreadPoolExecutor(max_workers=1) as writes,  # (one thread: row groups written in the order submitted)
    ):

        def write(parsed: Future[pa.Table]) -> bytes:
            group = parsed.result()
            writer.write_table(group, row_group_size=len(group))
            buffered.flush()
            return sink.take()

        written: deque[Future[bytes]] = deque()
        for documents, article_ids in _groups(records):
            written.append(writes.submit(write, parsers.submit(table, collection, documents, article_ids)))
            while written and (len(written) >= PARSERS or written[0].done()):
                yield written.popleft().result()
        while written:
            yield written.popleft().result()
    buffered.close()
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
