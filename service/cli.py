"""The command line: `newsfacts serve | migrate | import | export | synth | draft` (also `python -m service`).

Every command reads DATABASE_URL like the service; bad input is reported in one line per problem,
and the exit status says whether everything went through (0), something was rejected (1), or the
command itself could not run (2).
"""

from __future__ import annotations

import argparse
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING

import msgspec

from schemas import COLLECTIONS, DocumentInvalid, decode_json, parse_input
from service.renderers import BY_NAME, Renderer, View, renderers_for
from service.settings import Settings, cores
from service.store import Unavailable

if TYPE_CHECKING:
    from service.store.index import Prepared

IMPORT_BATCH = 500
DEFAULT_ORIGIN = "http://127.0.0.1:8000"
"""Where `export` says the facts live when neither --base-url nor PUBLIC_URL says."""
PREPARE_CHUNK = 50
"""Documents a worker process validates and indexes per task."""


def serve(args: argparse.Namespace) -> int:
    """Run the service on granian (the ASGI server we measured fastest), settings from the environment."""
    from granian import Granian
    from granian.constants import Interfaces

    settings = Settings.from_env()
    Granian(
        target="service.app:create_app",
        factory=True,
        interface=Interfaces.ASGI,
        address=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
        log_access=args.access_log,
    ).serve()
    return 0


def migrate(args: argparse.Namespace) -> int:
    """Apply the database migrations and load the bundled articles into an empty store, once."""
    from service.store import load_bundled
    from service.store.engines import open_store

    settings = Settings.from_env()
    store = open_store(settings.database_url, migrate=False)
    try:
        applied = store.migrate()
        if applied:  # (PostgreSQL: without it, a table written again is read row by row until autovacuum)
            store.after_bulk_load()
        loaded = load_bundled(store, settings.data_dir)
        print(
            f"migrated {settings.database_url.split('@')[-1]}; migrations applied: "
            f"{', '.join(map(str, applied)) or 'none'}; bundled articles loaded: {loaded}"
        )
    finally:
        store.close()
    return 0


def _documents(paths: list[str]) -> Iterator[tuple[str, bytes]]:
    """(where, JSON text) of each document: a .json file holds one article, an .ndjson file one a line."""
    for name in paths:
        with ExitStack() as stack:
            stream: IO[bytes] = sys.stdin.buffer if name == "-" else stack.enter_context(Path(name).open("rb"))
            if name.endswith(".json"):
                yield name, stream.read()
            else:
                for number, line in enumerate(stream, 1):
                    if line.strip():
                        yield f"{name}:{number}", line


def _prepare_lines(documents: list[tuple[str, bytes]]) -> list[tuple[str, Prepared | list[str]]]:
    """Anchor, validate and index documents (in a worker process): each becomes what is written, or its problems."""
    from service.store.index import prepare

    done: list[tuple[str, Prepared | list[str]]] = []
    for where, text in documents:
        try:
            done.append((where, prepare(parse_input(text))))
        except DocumentInvalid as exc:  # (malformed JSON included)
            done.append((where, [str(problem) for problem in exc.problems]))
    return done


def _prepared(
    paths: list[str], pool: ProcessPoolExecutor | None, read_ahead: int
) -> Iterator[tuple[str, Prepared | list[str]]]:
    """Each document validated and indexed, in input order, by the pool's processes (or this one)."""
    from service.records import batched

    chunks = batched(_documents(paths), PREPARE_CHUNK)
    if pool is None:
        for chunk in chunks:
            yield from _prepare_lines(chunk)
        return
    pending: deque[Future[list[tuple[str, Prepared | list[str]]]]] = deque()
    for chunk in chunks:
        pending.append(pool.submit(_prepare_lines, chunk))
        if len(pending) > read_ahead:  # bounded: never the whole input in memory
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def import_(args: argparse.Namespace) -> int:
    """Validate and store articles; an article already stored identically is left alone (idempotent).

    Validating and indexing take most of the time and need no database: worker processes do them, while
    this one writes batches in order (so the result is the same as one process's, and as repeatable)."""
    from tqdm import tqdm

    from service.store.engines import open_store

    for name in args.paths:
        if name != "-" and not Path(name).is_file():
            print(f"newsfacts import: no such file: {name}", file=sys.stderr)
            return 2
    pool = None
    if args.workers > 1:
        pool = ProcessPoolExecutor(args.workers)
        pool.submit(int).result()  # the workers start now, before this process opens a database
    store = open_store(Settings.from_env().database_url)
    created = replaced = unchanged = 0
    rejected: list[str] = []
    batch: list[Prepared] = []

    def flush() -> None:
        nonlocal created, replaced, unchanged
        for result in store.put_many(batch):
            created += result.created
            replaced += result.changed and not result.created
            unchanged += not result.changed
        batch.clear()

    try:
        with tqdm(unit=" articles", disable=args.quiet or None, file=sys.stderr) as progress:
            for where, outcome in _prepared(args.paths, pool, 2 * args.workers):
                if isinstance(outcome, list):
                    rejected.extend(f"{where}: {problem}" for problem in outcome)
                else:
                    batch.append(outcome)
                if len(batch) >= IMPORT_BATCH:
                    flush()
                progress.update()
            if batch:
                flush()
        if created or replaced:
            store.after_bulk_load()
    finally:
        store.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    print(f"imported: {created} created, {replaced} replaced, {unchanged} unchanged; rejected: {len(rejected)}")
    for line in rejected:
        print(f"  rejected {line}", file=sys.stderr)
    return 1 if rejected else 0


def export(args: argparse.Namespace) -> int:
    """Stream a collection, filtered like the API (`--where type=Battles`), in any format, never all in memory."""
    from service.http import query
    from service.http.errors import ProblemError
    from service.http.listing import corpus_collection
    from service.store.engines import open_store

    params: dict[str, list[str]] = {}
    for condition in args.where:
        name, equals, value = condition.partition("=")
        if not equals:
            print(f"newsfacts export: --where {condition!r}: expected name=value", file=sys.stderr)
            return 2
        params.setdefault(name, []).append(value)
    try:
        filters = query.filters(args.collection, params)
    except ProblemError as exc:
        print(f"newsfacts export: {exc.detail}", file=sys.stderr)
        return 2
    renderer = BY_NAME[args.format]
    if not renderer.serves(View.COLLECTION, args.collection):
        served = ", ".join(r.name for r in exportable(args.collection))
        print(
            f"newsfacts export: {args.collection} are not served as {args.format}; they are as {served}",
            file=sys.stderr,
        )
        return 2
    settings = Settings.from_env()
    store = open_store(settings.database_url, migrate=False)
    if pending := store.pending_migrations():
        store.close()
        print(f"newsfacts export: {_not_migrated(pending)}: run `newsfacts migrate` first", file=sys.stderr)
        return 2
    try:
        base_url = (args.base_url or settings.public_url or DEFAULT_ORIGIN).rstrip("/")
        resource = corpus_collection(store, args.collection, filters, renderer, base_url)
        count = resource.count
        with ExitStack() as stack:
            out: IO[bytes] = sys.stdout.buffer if args.output == "-" else stack.enter_context(open(args.output, "wb"))
            rendered = renderer.render(resource)
            for chunk in [rendered] if isinstance(rendered, bytes) else rendered:
                out.write(chunk)
    finally:
        store.close()
    print(f"exported {count} {args.collection}", file=sys.stderr)
    return 0


def synth(args: argparse.Namespace) -> int:
    """Write a deterministic synthetic corpus as NDJSON, one article a line (for benchmarks and load tests)."""
    from tqdm import tqdm

    from synth import synth_corpus

    if args.articles < 0 or args.seed < 0:
        print("newsfacts synth: --articles and --seed must not be negative", file=sys.stderr)
        return 2
    encoder = msgspec.json.Encoder()
    with ExitStack() as stack:
        out: IO[bytes] = sys.stdout.buffer if args.output == "-" else stack.enter_context(open(args.output, "wb"))
        for article in tqdm(
            synth_corpus(args.articles, args.seed),
            total=args.articles,
            disable=args.quiet or None,
            unit=" articles",
            file=sys.stderr,
        ):
            out.write(encoder.encode(article) + b"\n")
    return 0


def draft(args: argparse.Namespace) -> int:
    """Draft an article's facts from its text, as POST /v1/drafts does: a .json file is a DraftRequest, any other
    (or '-', stdin) the text itself, its headline on the first line. The draft is written to stdout as JSON;
    nothing is stored. What the corpus knows (DATABASE_URL) is reused, unless --no-corpus."""
    from service import drafts
    from service.http.drafts import draft_request
    from service.store.engines import open_store

    with ExitStack() as stack:
        stream: IO[bytes] = sys.stdin.buffer if args.path == "-" else stack.enter_context(Path(args.path).open("rb"))
        data = stream.read()
    try:
        asked = draft_request(decode_json(data)) if args.path.endswith(".json") else drafts.read_text(data.decode())
    except UnicodeDecodeError as exc:
        print(f"newsfacts draft: {args.path}: not UTF-8 ({exc})", file=sys.stderr)
        return 1
    except msgspec.DecodeError as exc:
        print(f"newsfacts draft: {args.path}: not valid JSON ({exc})", file=sys.stderr)
        return 1
    except DocumentInvalid as invalid:
        for found in invalid.problems:
            print(f"newsfacts draft: {args.path}: {found}", file=sys.stderr)
        return 1
    store = None if args.no_corpus else open_store(Settings.from_env().database_url, migrate=False)
    if store is not None and (pending := store.pending_migrations()):
        print(f"newsfacts draft: {_not_migrated(pending)}; drafting with no corpus known", file=sys.stderr)
        store.close()
        store = None
    try:
        drafted = drafts.draft(asked, drafts.Known(store.known) if store else drafts.Known())
    finally:
        if store is not None:
            store.close()
    sys.stdout.buffer.write(msgspec.json.format(msgspec.json.encode(drafted), indent=2) + b"\n")
    return 0


def _not_migrated(pending: list[int]) -> str:
    """What a command that only reads says of a store that lacks migrations (it never applies them itself)."""
    if pending[0] == 1:
        return "the store (DATABASE_URL) has no tables yet"
    return f"the store (DATABASE_URL) lacks migration{'s' * (len(pending) > 1)} {', '.join(map(str, pending))}"


def exportable(collection: str | None = None) -> list[Renderer]:
    """The formats `export` writes: every representation of a collection the renderer table has (not metadata)."""
    return [r for r in renderers_for(View.COLLECTION, collection) if r.negotiable]


def _at_least_one(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: at least 1 (1: all in this process)")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsfacts", description="A news article's facts as standard data.")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("serve", help="start the HTTP service (HOST, PORT, DATABASE_URL from the environment)")
    run.add_argument("--host", help="address to bind (default: HOST or 127.0.0.1)")
    run.add_argument("--port", type=int, help="port (default: PORT or 8000)")
    run.add_argument("--workers", type=_at_least_one, help="worker processes (default: WORKERS or 1)")
    run.add_argument("--access-log", action="store_true", help="log every request")
    run.set_defaults(handler=serve)

    mig = commands.add_parser("migrate", help="apply database migrations and load the bundled data, then exit")
    mig.set_defaults(handler=migrate)

    imp = commands.add_parser("import", help="validate and store articles from .json files or NDJSON ('-': stdin)")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    imp.add_argument("--quiet", action="store_true", help="no progress bar")
    imp.add_argument(
        "--workers",
        type=_at_least_one,
        default=cores(),
        help="processes that validate and index (default: one per core; 1: all in this process)",
    )
    imp.set_defaults(handler=import_)

    formats = [r.name for r in exportable()]
    exp = commands.add_parser("export", help=f"stream a collection in any format ({', '.join(formats)})")
    exp.add_argument("collection", choices=list(COLLECTIONS))
    exp.add_argument("--format", choices=formats, default="csv", help="a format (default: csv)")
    exp.add_argument("--output", "-o", default="-", help="file to write (default: stdout)")
    exp.add_argument("--where", action="append", default=[], metavar="NAME=VALUE", help="a filter, as in the API")
    exp.add_argument(
        "--base-url",
        help=f"the service origin JSON-LD @ids are built on (default: PUBLIC_URL or {DEFAULT_ORIGIN})",
    )
    exp.set_defaults(handler=export)

    syn = commands.add_parser("synth", help="write a deterministic synthetic corpus as NDJSON")
    syn.add_argument("--articles", type=int, required=True)
    syn.add_argument("--seed", type=int, default=0)
    syn.add_argument("--output", "-o", default="-")
    syn.add_argument("--quiet", action="store_true", help="no progress bar")
    syn.set_defaults(handler=synth)

    dra = commands.add_parser("draft", help="draft an article's facts from its text, as JSON on stdout ('-': stdin)")
    dra.add_argument("path", metavar="FILE", help="the text (headline on the first line), or a .json DraftRequest")
    dra.add_argument("--no-corpus", action="store_true", help="reuse nothing the corpus (DATABASE_URL) knows")
    dra.set_defaults(handler=draft)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except (OSError, Unavailable) as exc:
        print(f"newsfacts {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
