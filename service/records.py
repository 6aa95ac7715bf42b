"""Records: the members of an article's collections as the store keeps them and the renderers serve them.

A record carries its item's stored JSON (decoded only when a format needs the item), and for corpus
exports the CSV line rendered when its article was written. Below the store and the renderers, which both
read records; so is the entity-tag rule they share.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

import msgspec

from schemas import COLLECTIONS, Article

T = TypeVar("T")
_encoder = msgspec.json.Encoder()


class Record(msgspec.Struct, frozen=True):
    """One collection member as stored for corpus-wide reads: its JSON, its CSV row, the names its row needs.

    A Struct, not a dataclass: an export makes one per row, and a Struct is much cheaper to make."""

    collection: str
    article_id: str
    id: str
    document: bytes
    names: bytes | None = None
    """JSON {actor id: name} of an event's participants (CSV shows names beside ids); decoded when asked."""
    csv_row: bytes | None = None
    """The CSV line rendered when the article was stored, valid while its layout is the current one."""
    csv_layout: str | None = None

    def item(self) -> msgspec.Struct:
        return _DECODERS[self.collection].decode(self.document)

    def actor_name(self, actor_id: str) -> str:
        names = _NAMES.decode(self.names) if self.names else {}
        return names.get(actor_id, actor_id)


_DECODERS = {name: msgspec.json.Decoder(struct) for name, struct in COLLECTIONS.items()}
_NAMES = msgspec.json.Decoder(dict[str, str])


class RecordStream:
    """A whole-corpus export: its records, one by one or in the batches the store reads them in.

    Formats that copy stored bytes (CSV lines, JSON documents) work a batch at a time; the rest iterate."""

    def __init__(self, batches: Iterator[list[Record]]):
        self.batches = batches

    def __iter__(self) -> Iterator[Record]:
        return (record for batch in self.batches for record in batch)


def record_batches(records: Iterable[Record], size: int = 1_000) -> Iterator[list[Record]]:
    if isinstance(records, RecordStream):
        return records.batches
    return batched(records, size)


def article_records(article: Article, collection: str, ids: Iterable[str] | None = None) -> list[Record]:
    """The records of one article's collection (or of the given item ids in it)."""
    names = {a.id: a.name for a in article.actors}
    wanted = None if ids is None else set(ids)
    records = []
    for item in getattr(article, collection):
        if wanted is None or item.id in wanted:
            taking_part = {p.actor: names[p.actor] for p in getattr(item, "participants", ())}
            encoded_names = _encoder.encode(taking_part) if taking_part else None
            records.append(Record(collection, article.id, item.id, _encoder.encode(item), encoded_names))
    return records


def entity_tag(body: bytes) -> str:
    """The strong ETag of a representation's bytes. An article's is that of its stored document, which is exactly
    its JSON representation: the store tags it when it is written, the HTTP layer every other body."""
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


ENTITY_TAG = r'(?:W/)?"[\x21\x23-\x7e\x80-\xff]*"'
"""An entity tag (RFC 9110 §8.8.3): weak or strong, its opaque part any visible character but a quote."""
_LIST_ELEMENT = re.compile(rf"[ \t]*(\*|{ENTITY_TAG})?[ \t]*(,|$)")


def entity_tags(header: str) -> list[str] | None:
    """The entity tags an If-Match or If-None-Match list names, '*' among them; None if it is not such a list.

    A tag may hold commas (RFC 9110 §8.8.3), so the list is read tag by tag, not split; empty elements are
    allowed, as §5.6.1 asks of a recipient."""
    tags: list[str] = []
    position = 0
    while position < len(header):
        element = _LIST_ELEMENT.match(header, position)
        if element is None:
            return None
        if element.group(1):
            tags.append(element.group(1))
        if element.end() == position:  # (the end of the header, after blanks)
            break
        position = element.end()
    return tags


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` items (itertools.batched arrives in Python 3.12)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
