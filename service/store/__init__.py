"""The persistence port: what the service needs from storage, whatever the engine.

Two adapters implement it on one SQL core (`sql.py`, its reads in `reads.py`): SQLite, the embedded
default, and PostgreSQL, for several stateless replicas sharing one database.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from schemas import Article, ArticleSummary, parse_article
from schemas.v1 import Actor, ArticleText, Location
from service.records import Record
from service.search import Query


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored: the validated document and its bookkeeping."""

    article: Article
    revision: int
    etag: str
    """The strong entity tag of the article's JSON representation (a hash of the stored document)."""
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class WriteResult:
    revision: int
    etag: str
    created: bool
    changed: bool = True
    """False when the document was identical to the stored one (nothing written, same revision)."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article ready to be written: its document, entity tag, summary and index rows, all computed outside
    the write transaction (and, for a bulk import, in other processes: so rows are plain tuples, which
    cross a process boundary ten times faster than named ones, and the article itself does not cross)."""

    id: str
    document: bytes
    etag: str
    summary: ArticleSummary
    """Its revision and update time are set when it is written."""
    items: list[tuple[Any, ...]]
    """ItemRow fields, in order, its ItemFacts' fields in place of the last."""
    keys: list[tuple[str, ...]]
    """KeyRow fields, in order."""
    search: list[tuple[str, str, str]]
    """SearchRow fields, in order: the article's own first, then its items in `item_rows` order."""


@dataclass(frozen=True, slots=True)
class Put:
    """One write of a batch: the article, prepared (service.store.index.prepare), and what it is conditional on."""

    ready: Prepared
    if_match: str | None = None
    """Replace only the version with this ETag ('*': any); None: only create."""
    create_only: bool = False
    """Refuse an id that is taken (POST)."""


@dataclass(frozen=True, slots=True)
class Filters:
    """Corpus-wide filters, already validated; None means 'not filtered'."""

    article: str | None = None
    kind: str | None = None
    sub_kind: str | None = None
    actor: str | None = None
    location: str | None = None
    country: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    updated_since: dt.datetime | None = None
    q: Query | None = None
    """Only the items a full-text query matches (service.search)."""
    bbox: tuple[float, float, float, float] | None = None
    """(min_lon, min_lat, max_lon, max_lat): items with a point inside (min_lon > max_lon crosses 180°)."""
    near: tuple[float, float, float] | None = None
    """(lat, lon, km): items with a point within km of it, on a sphere of the Earth's mean radius."""
    sort: str | None = None
    """'relevance' (the default with `q`: the best matches first) or 'id' (article id, then item id)."""

    @property
    def ranked(self) -> bool:
        """Whether the set comes in order of relevance: pages then go by (rank, article_id, id)."""
        return self.q is not None and self.sort != "id"


@dataclass(frozen=True, slots=True)
class Tally:
    """The items of one value (or of several: `other`, the whole set), and for events their deaths."""

    count: int
    deaths: tuple[int, int, int, int, int, int] | None = None
    """Events': the sums of low, best and high, each followed by how many events' figure is unknown."""


@dataclass(frozen=True, slots=True)
class Counts:
    """A filtered set counted by a field's values: the `top` values with the most items (ties by value)."""

    total: Tally
    buckets: list[tuple[str, Tally]]
    other: Tally
    """The items whose value is none of the buckets'."""
    missing: Tally
    """The items without a value (events without a date)."""


FACET_FIELDS = ("kind", "sub_kind", "certainty", "date", "country", "location", "actor")
"""What a set can be counted by: an item column (`date`: the start of an event's date range, by an interval), or
values an item may have several of (MULTIVALUED)."""
MULTIVALUED = ("country", "location", "actor")
"""The countries around an item's places; the places of a `level` containing them; the actors taking part."""
INTERVALS = ("day", "week", "month", "year")


class PreconditionFailed(Exception):
    """If-Match named a version that is not the current one (HTTP 412)."""


class PreconditionRequired(Exception):
    """Replacing or deleting an existing article needs If-Match (HTTP 428)."""


class AlreadyExists(Exception):
    """POST of an id that is taken (HTTP 409)."""


class Unavailable(Exception):
    """The database cannot be reached (HTTP 503)."""


@runtime_checkable
class ArticleStore(Protocol):
    reads_inline: bool
    """Reads may run on the event loop, within service.store.budget.READ_BUDGET (in-process engines)."""

    def get(self, article_id: str) -> StoredArticle | None: ...

    def summaries(self, after: str | None = None, limit: int | None = None) -> list[ArticleSummary]: ...

    def texts(self, article_ids: Collection[str]) -> dict[str, ArticleText]:
        """The text fields of those articles that are stored (by id): what search hits are highlighted in."""
        ...

    def put(self, article: Article, *, if_match: str | None = None, create_only: bool = False) -> WriteResult:
        """Create or replace atomically. Replacing needs if_match (the current etag, or '*')."""
        ...

    def put_batch(self, puts: Sequence[Put]) -> list[WriteResult | Exception]:
        """Each write checked on its own, in order, all committed in one transaction: the outcome of each, a
        refusal (AlreadyExists, PreconditionFailed, PreconditionRequired) in place of a result. Any other
        error fails the whole batch, and nothing of it is written."""
        ...

    def put_many(self, articles: Sequence[Article | Prepared]) -> list[WriteResult]:
        """Create or replace each article unconditionally, all in one transaction (bulk import).

        An article may come prepared (service.store.index.prepare), in another process."""
        ...

    def delete(self, article_id: str, *, if_match: str | None = None) -> bool:
        """Delete an article and everything in it; False if there was none."""
        ...

    def records(self, collection: str, filters: Filters, after: tuple[str, str] | None, limit: int) -> list[Record]: ...

    def hits(
        self, collection: str, filters: Filters, after: tuple[float, str, str] | None, limit: int
    ) -> list[tuple[float, Record]]:
        """A page of a full-text search in order of relevance (`filters.q`): each record with its rank, lower
        first, which with the record's (article_id, id) is the position the next page starts after."""
        ...

    def found_articles(
        self, query: Query, after: tuple[float, str] | None, limit: int, *, ranked: bool = True
    ) -> list[tuple[float, ArticleSummary]]:
        """The articles a full-text query matches, with their rank: in order of relevance (rank, id), or by id."""
        ...

    def export(
        self, collection: str, filters: Filters, csv_layout: str | None = None, *, names: bool = True
    ) -> tuple[int, Iterator[list[Record]]]:
        """The row count and batches of the whole filtered set, read from one consistent snapshot.

        With the current CSV layout given, records carry their stored CSV lines and no JSON (where the line
        is current): what a CSV export needs and nothing more. Without `names`, records carry no names."""
        ...

    def facet(
        self, collection: str, filters: Filters, field: str, top: int, interval: str = "day", level: str = "country"
    ) -> Counts:
        """The filtered set counted by one of FACET_FIELDS (a date by one of INTERVALS, a location at a `level`,
        a location kind)."""
        ...

    def deletions(self, since: dt.datetime | None, after: tuple[str, str] | None, limit: int) -> list[tuple[str, str]]:
        """(deleted_at, article_id) pairs in order of deletion."""
        ...

    def known(self, names: Collection[str]) -> tuple[list[Actor], list[Location]]:
        """The stored actors and places whose name or alias is one of `names` (case-folded), and the places
        containing those places: what the next draft knows (service.drafts.Known)."""
        ...

    def version(self) -> int:
        """A number that changes with every write: corpus-wide representations are tagged by it."""
        ...

    def count(self) -> int: ...

    def changes(self) -> int:
        """A token that differs whenever the store may have changed, from any process: cheap enough for
        every request (response caches compare it). May change more often than the data, never less."""
        ...

    def ping(self) -> None:
        """Raise Unavailable if the database cannot answer."""
        ...

    def after_bulk_load(self) -> None:
        """Bring the planner up to date after many writes at once (`newsfacts import` calls it, and
        `newsfacts migrate` when a migration ran: one may write a table again)."""
        ...

    def migrate(self, until: int | None = None) -> list[int]:
        """Apply the migrations the store has not had (up to version `until` if given): the versions applied."""
        ...

    def pending_migrations(self) -> list[int]:
        """The migrations the store has not had: a command that only reads says so rather than fail on a table
        that is not there yet."""
        ...

    def close(self) -> None: ...


class ArticleLookup(Mapping[str, Article]):
    """Articles by id, read from the store on demand: what a streamed JSON-LD export needs per record.

    Records come grouped by article, so remembering the last few articles is enough.
    """

    def __init__(self, store: ArticleStore, remember: int = 8):
        self._store = store
        self._recent: OrderedDict[str, Article | None] = OrderedDict()
        self._remember = remember

    def __getitem__(self, article_id: str) -> Article:
        if article_id not in self._recent:
            stored = self._store.get(article_id)
            self._recent[article_id] = stored.article if stored else None
            if len(self._recent) > self._remember:
                self._recent.popitem(last=False)
        article = self._recent[article_id]
        if article is None:
            raise KeyError(article_id)
        return article

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, v in self._recent.items() if v is not None)

    def __len__(self) -> int:
        return sum(v is not None for v in self._recent.values())


def load_bundled(store: ArticleStore, data_dir: Path) -> int:
    """Load the bundled articles into a store never written to; any other store is left as it is.

    (A store whose articles were all deleted is not refilled: its version counts the deletions.)
    """
    if store.version() != 0:
        return 0
    loaded = 0
    for path in sorted(data_dir.glob("*.json")):
        try:
            store.put(parse_article(path.read_bytes()), create_only=True)
            loaded += 1
        except AlreadyExists:  # another replica loaded it first
            pass
    return loaded


def stored_articles(store: ArticleStore, wanted: Filters, page: int = 500) -> Iterator[StoredArticle]:
    """The stored articles the filters select (`article`, `updated_since`), in id order, each read whole."""
    if wanted.article is not None:
        ids: Iterable[str] = [wanted.article]
    else:
        ids = _ids(store, wanted.updated_since, page)
    for article_id in ids:
        stored = store.get(article_id)
        if stored is not None and (wanted.updated_since is None or stored.updated_at >= wanted.updated_since):
            yield stored


def _ids(store: ArticleStore, since: dt.datetime | None, page: int) -> Iterator[str]:
    after = None
    while summaries := store.summaries(after=after, limit=page):
        yield from (s.id for s in summaries if since is None or s.updated_at >= since)
        after = summaries[-1].id


def summarize(article: Article, revision: int, updated_at: dt.datetime) -> ArticleSummary:
    return ArticleSummary(
        id=article.id,
        headline=article.headline,
        url=article.url,
        language=article.language,
        date_published=article.date_published,
        date_modified=article.date_modified,
        actor_count=len(article.actors),
        location_count=len(article.locations),
        event_count=len(article.events),
        relation_count=len(article.relations),
        revision=revision,
        updated_at=updated_at,
    )
