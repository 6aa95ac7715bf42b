"""CSV lines: RFC 4180 (CRLF, minimal quoting), UTF-8, cells from `columns`; and a record's stored line.

The store renders each record's line when its article is written and the CSV renderer copies it, so both
take it from here.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from schemas import COLLECTIONS
from service.records import Record
from service.tables.columns import columns_for, row


def _cell(text: str) -> str:
    """Quoted where it holds a quote, a comma or a line break (RFC 4180; what csv.writer quotes)."""
    if '"' in text or "," in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells: list[str]) -> str:
    """One CSV line, CRLF-ended, byte for byte what csv.writer's default dialect writes (tests/tables/test_csv_lines.py
    checks it), and faster: every stored record's line is rendered when its article is written."""
    if len(cells) == 1 and not cells[0]:
        return '""\r\n'  # (an empty line would read as no row at all)
    return ",".join(map(_cell, cells)) + "\r\n"


def encode_rows(rows: Iterable[list[str]]) -> bytes:
    return "".join(map(csv_line, rows)).encode("utf-8")


def picked(lines: bytes, indices: Sequence[int]) -> bytes:
    """Some cells of whole CSV lines, in the order of `indices`, written again as `csv_line` writes them: a
    choice of columns (`?fields=`) taken from the lines stored for every column."""
    rows = csv.reader(io.StringIO(lines.decode("utf-8"), newline=""))
    return "".join([csv_line([cells[i] for i in indices]) for cells in rows]).encode("utf-8")


@cache
def layout(struct_type: type) -> str:
    """Names the columns of a table: a CSV line rendered under another layout is rendered again."""
    names = ",".join(c.name for c in columns_for(struct_type))
    return hashlib.blake2b(names.encode(), digest_size=8).hexdigest()


def csv_row(record: Record, item: Any | None = None) -> tuple[bytes, str]:
    """A record's CSV line and its layout: rendered when the article is stored, so exports only copy bytes."""
    struct_type = COLLECTIONS[record.collection]
    return csv_line(row(columns_for(struct_type), item or record.item(), record)).encode("utf-8"), layout(struct_type)
