"""The command line as an operator runs it, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import JSONLD_CHECK, ROOT, SEED_PATH, throwaway_postgres
from tests.quotes import quote_only


def newsfacts(database_url: str, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "service", *args], cwd=ROOT, env=env, input=stdin, capture_output=True, timeout=120
    )


def test_synth_is_deterministic_ndjson(tmp_path: Path) -> None:
    first = newsfacts("sqlite:///unused", "synth", "--articles", "5", "--seed", "7", "--quiet")
    again = newsfacts("sqlite:///unused", "synth", "--articles", "5", "--seed", "7", "--quiet")
    assert first.returncode == 0 and first.stdout == again.stdout
    lines = first.stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [f"synth-7-{i}" for i in range(5)]


def test_migrate_import_and_export(database_url: str, tmp_path: Path) -> None:
    migrated = newsfacts(database_url, "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert b"migrations applied: 1, 2, 3, 4, 5, 6, 7, 8; bundled articles loaded: 1" in migrated.stdout
    again = newsfacts(database_url, "migrate").stdout  # a second run changes nothing
    assert b"migrations applied: none; bundled articles loaded: 0" in again

    corpus = tmp_path / "corpus.ndjson"
    assert (
        newsfacts(database_url, "synth", "--articles", "30", "--seed", "1", "-o", str(corpus), "--quiet").returncode
        == 0
    )
    imported = newsfacts(database_url, "import", str(corpus), str(SEED_PATH), "--quiet")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.decode().strip() == "imported: 30 created, 0 replaced, 1 unchanged; rejected: 0"
    again = newsfacts(database_url, "import", str(corpus), "--quiet")
    assert again.stdout.decode().strip() == "imported: 0 created, 0 replaced, 30 unchanged; rejected: 0"

    exported = newsfacts(
        database_url, "export", "events", "--where", "type=Protests", "--where", "article=" + "synth-1-0"
    )
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout.decode(), newline="")))
    assert rows and {r["event_type"] for r in rows} == {"Protests"} and {r["article_id"] for r in rows} == {"synth-1-0"}
    assert exported.stderr.decode().strip() == f"exported {len(rows)} events"

    out = tmp_path / "events.ndjson"
    assert newsfacts(database_url, "export", "events", "--format", "ndjson", "-o", str(out)).returncode == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[-1]["end_of_stream"] is True and lines[-1]["count"] == len(lines) - 1 > 300


def test_import_by_several_processes_stores_what_one_does(database_url: str, tmp_path: Path) -> None:
    """Workers validate and index; the main process writes in input order: the outcome is the same."""
    corpus = tmp_path / "corpus.ndjson"
    newsfacts(database_url, "synth", "--articles", "120", "--seed", "3", "-o", str(corpus), "--quiet")
    lines = corpus.read_text().splitlines()
    lines.insert(70, "{not json")  # a rejection in the middle of the second worker's chunk
    corpus.write_text("\n".join(lines) + "\n")
    single = f"sqlite:///{tmp_path / 'single.sqlite3'}"
    one = newsfacts(single, "import", str(corpus), "--quiet", "--workers", "1")
    several = newsfacts(database_url, "import", str(corpus), "--quiet", "--workers", "3")
    assert one.returncode == several.returncode == 1
    assert one.stdout == several.stdout == b"imported: 120 created, 0 replaced, 0 unchanged; rejected: 1\n"
    assert one.stderr == several.stderr
    assert f"{corpus}:71: $: malformed JSON" in several.stderr.decode()
    for collection in ("events", "actors", "relations"):
        exports = [newsfacts(url, "export", collection, "--format", "ndjson").stdout for url in (single, database_url)]
        assert exports[0] == exports[1] and exports[0].count(b"\n") > 120


def test_import_reports_every_rejection_with_its_path(database_url: str, tmp_path: Path) -> None:
    document = json.loads(SEED_PATH.read_bytes())
    document["id"] = "broken-copy"
    document["events"][0]["participants"][0]["actor"] = "nobody"
    bad = tmp_path / "bad.ndjson"
    bad.write_text(json.dumps(document) + "\n{not json\n\n" + json.dumps({"id": "x", "headline": 1}) + "\n")
    result = newsfacts(database_url, "import", str(bad), "--quiet")
    assert result.returncode == 1
    assert result.stdout.decode().strip() == "imported: 0 created, 0 replaced, 0 unchanged; rejected: 3"
    assert result.stderr.decode().splitlines() == [
        f"  rejected {bad}:1: $.events[0].participants[0].actor: unknown actor id 'nobody'",
        f"  rejected {bad}:2: $: malformed JSON: JSON is malformed: object keys must be strings (byte 1)",
        f"  rejected {bad}:4: $.headline: Expected `str`, got `int`",
    ]


def test_import_finds_the_offsets_of_quotes_given_alone(database_url: str, tmp_path: Path) -> None:
    """The bundled article with every offset left out (its recurring quotes told apart by a prefix, a suffix or an
    occurrence) is stored as the file with offsets is: importing that one next changes nothing."""
    given_by_quotes = tmp_path / "by-quotes.json"
    given_by_quotes.write_text(json.dumps(quote_only(json.loads(SEED_PATH.read_bytes()))))
    imported = newsfacts(database_url, "import", str(given_by_quotes), "--quiet")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.decode().strip() == "imported: 1 created, 0 replaced, 0 unchanged; rejected: 0"
    again = newsfacts(database_url, "import", str(SEED_PATH), "--quiet")
    assert again.stdout.decode().strip() == "imported: 0 created, 0 replaced, 1 unchanged; rejected: 0"

    unfound = quote_only(json.loads(SEED_PATH.read_bytes()))
    unfound["id"] = "unfound-quote"
    unfound["actors"][0]["evidence"][0]["quote"] = "ISIS"
    bad = tmp_path / "bad.ndjson"
    bad.write_text(json.dumps(unfound) + "\n")
    refused = newsfacts(database_url, "import", str(bad), "--quiet")
    assert refused.returncode == 1
    assert refused.stderr.decode().splitlines() == [
        f"  rejected {bad}:1: $.actors[0].evidence[0]: quote 'ISIS' is not in headline"
    ]


def test_clear_messages_for_bad_command_lines(database_url: str, tmp_path: Path) -> None:
    missing = newsfacts(database_url, "import", str(tmp_path / "nope.ndjson"))
    assert (
        missing.returncode == 2
        and missing.stderr.decode().strip() == f"newsfacts import: no such file: {tmp_path / 'nope.ndjson'}"
    )
    wrong = newsfacts(database_url, "export", "events", "--where", "type=Skirmish")
    assert wrong.returncode == 2 and "type='Skirmish' is not one of" in wrong.stderr.decode()
    no_workers = newsfacts(database_url, "import", str(tmp_path / "nope.ndjson"), "--workers", "0")
    assert no_workers.returncode == 2 and b"--workers: '0': at least 1" in no_workers.stderr
    shapeless = newsfacts(database_url, "export", "events", "--where", "type")
    assert shapeless.returncode == 2 and "expected name=value" in shapeless.stderr.decode()
    unknown = newsfacts("mysql://localhost/x", "migrate")
    assert unknown.returncode != 0 and b"expected sqlite:///path or postgresql://" in unknown.stderr


def test_export_in_every_format(database_url: str, tmp_path: Path) -> None:
    assert newsfacts(database_url, "migrate").returncode == 0
    out = {}
    for fmt in ("csv", "ndjson", "json", "jsonld", "embed"):
        path = tmp_path / f"events.{fmt}"
        result = newsfacts(
            database_url, "export", "events", "--format", fmt, "-o", str(path), "--base-url", "https://x.test"
        )
        assert result.returncode == 0, result.stderr
        out[fmt] = path.read_bytes()
    assert len(json.loads(out["json"])["items"]) == 12
    assert json.loads(out["json"])["items"] == [json.loads(line) for line in out["ndjson"].splitlines()[:-1]]
    graph = json.loads(out["jsonld"])["@graph"]
    assert len(graph) == 12 and graph[0]["@id"].startswith("https://x.test/v1/articles/")
    checked = subprocess.run([sys.executable, str(JSONLD_CHECK), str(tmp_path / "events.jsonld")], capture_output=True)
    assert checked.returncode == 0 and checked.stdout.splitlines()[-1].startswith(b"0 errors")
    assert out["embed"].startswith(b'<script type="application/ld+json">{"@context"')
    assert out["embed"].count(b"</script") == 1


def test_the_app_starts_without_importing_what_it_does_not_use(tmp_path: Path) -> None:
    """Start-up time: pydantic (installed for the test tools; Litestar loads its plugin whenever it can) and
    jinja2 (the HTML pages and swagger-ui-py's own module) stay unimported until something needs them."""
    program = (
        "import sys\nfrom service.app import create_app\ncreate_app()\n"
        "print(sorted(m for m in ('pydantic', 'jinja2', 'swagger_ui') if m in sys.modules))"
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'start.sqlite3'}"}
    started = subprocess.run([sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == b"[]"
    assert importlib.util.find_spec("pydantic") is not None  # (else this test proves nothing)


def vacuumed_and_analysed(database_url: str) -> dict[str, bool]:
    """Which of the indexed tables VACUUM (ANALYZE) has been run on, by name."""
    import psycopg

    with psycopg.connect(database_url) as db:
        return dict(
            db.execute(
                "SELECT relname, last_vacuum IS NOT NULL AND last_analyze IS NOT NULL FROM pg_stat_user_tables"
                " WHERE relname IN ('articles', 'items', 'item_keys')"
            ).fetchall()
        )


def test_a_postgresql_migration_leaves_the_planner_statistics_current() -> None:
    """A migration may write a table again (0005 writes the keys anew): `newsfacts migrate` ends with VACUUM
    (ANALYZE) when it applied any, or index-only scans would read the table's rows until autovacuum ran."""
    with throwaway_postgres() as database_url:
        assert newsfacts(database_url, "migrate").returncode == 0
        vacuumed = vacuumed_and_analysed(database_url)
    assert vacuumed == {"articles": True, "items": True, "item_keys": True}


def test_a_postgresql_import_leaves_the_planner_statistics_current(tmp_path: Path) -> None:
    """After a bulk import PostgreSQL has statistics and a visibility map for the new rows (VACUUM ANALYZE),
    without waiting for autovacuum, which may not run at all (it is off on this test server). (SQLite has
    neither to bring up to date.)"""
    corpus = tmp_path / "corpus.ndjson"
    with throwaway_postgres() as database_url:
        synth = newsfacts(database_url, "synth", "--articles", "20", "--seed", "3", "-o", str(corpus), "--quiet")
        assert synth.returncode == 0
        assert newsfacts(database_url, "import", str(corpus), "--quiet").returncode == 0
        vacuumed = vacuumed_and_analysed(database_url)
    assert vacuumed == {"articles": True, "items": True, "item_keys": True}


def test_commands_that_only_read_say_when_the_store_was_never_migrated(database_url: str, tmp_path: Path) -> None:
    text = tmp_path / "article.txt"
    text.write_text(
        "Gunmen kill three in Maiduguri\nGunmen killed three farmers near Maiduguri on Monday, police said."
    )
    exported = newsfacts(database_url, "export", "events")
    assert exported.returncode == 2 and exported.stdout == b""
    assert exported.stderr.decode().strip() == (
        "newsfacts export: the store (DATABASE_URL) has no tables yet: run `newsfacts migrate` first"
    )
    drafted = newsfacts(database_url, "draft", str(text))  # a draft needs no corpus: it drafts with none known
    assert drafted.returncode == 0, drafted.stderr
    assert b"has no tables yet; drafting with no corpus known" in drafted.stderr
    assert "Maiduguri" in {place["name"] for place in json.loads(drafted.stdout)["article"]["locations"]}
    assert newsfacts(database_url, "migrate").returncode == 0  # and neither command left anything in the way
    assert newsfacts(database_url, "export", "events").returncode == 0
