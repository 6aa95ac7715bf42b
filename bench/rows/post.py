"""POST: new articles from 8 concurrent clients, throughput and every acknowledged one stored, on each engine.

A run that misses its target is profiled in a pass of its own, the server under the same load.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench import profile
from bench.baselines import store_alone, validation_alone
from bench.harness import CACHE, ROOT, service, wrk
from bench.report import Row
from bench.rows.imports import write_cost
from bench.run import Run
from bench.stores import SEED, new_store, stored_articles

TOKEN = "bench-token"


def measure(run: Run) -> None:
    seconds = run.seconds
    seed = ROOT / "data" / "articles" / f"{SEED}.json"
    script = post_script(seed)
    for engine in run.engines:
        url, alone_url, documents_url = (new_store(engine, n) for n in ("post", "store-only", "documents-only"))
        server = service(url, API_TOKENS=TOKEN, WRITE_RATE_LIMIT="off")
        try:
            load = wrk(server.base + "/v1/articles", connections=8, seconds=seconds, script=script)
        finally:
            server.stop()
        stored = stored_articles(url) - 1  # less the bundled seed
        acknowledged = load.requests - load.errors
        alone = store_alone("post", str(seed), alone_url, str(seconds), "4")
        documents = store_alone("post", str(seed), documents_url, str(seconds), "4", "--documents")
        before_url = new_store(engine, "before-search")
        before_search = store_alone("post", str(seed), before_url, str(seconds), "4", "--before-search")
        checked = validation_alone("post", str(seed), str(seconds))
        met = load.requests_per_second >= 500 and stored >= acknowledged
        note = (
            f"{acknowledged:,} acknowledged, {stored:,} stored, p99 {load.p99_ms:.0f} ms; the store alone: "
            "put_batch of 4 at a time (as 8 clients' writes gather), validated and indexed off the clock; "
            f"the limit, the documents alone in a bare table, 4 a transaction: {documents:,.1f} art/s; "
            f"validation and indexing alone, in one process as in the server's one worker: {checked:,.1f} art/s"
        )
        if not met:
            note += "; " + profiled_posts(engine, seconds, script, run.profiles)
        run.record(
            Row(
                f"POST, 8 concurrent clients ({engine})",
                load.requests_per_second,
                "art/s",
                "the store alone, same article",
                alone,
                "≥500 art/s, none lost",
                met,
                note,
            )
        )
        run.record(write_cost("put_batch of 4 copies of the bundled article", engine, alone, before_search))


def post_script(seed: Path) -> Path:
    """wrk's Lua script: the seed article under a new id each request, sent with the bench's token."""
    document = json.loads(seed.read_bytes())
    document["id"] = "__ID__"
    template = CACHE / "post-template.json"
    template.write_text(json.dumps(document))
    script = CACHE / "post.lua"
    script.write_text(
        f'local f = io.open("{template}")\nlocal body = f:read("*a")\nf:close()\ncounter = 0\n'
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {TOKEN}"\n'
        "request = function()\n  counter = counter + 1\n"
        '  return wrk.format(nil, nil, nil, (body:gsub("__ID__", "bench-post-" .. counter)))\nend\n'
    )
    return script


def profiled_posts(engine: str, seconds: float, script: Path, profiles: Path) -> str:
    """The same load again, on a new store, with the server under py-spy: what limits the row."""
    server = service(new_store(engine, "post-profiled"), API_TOKENS=TOKEN, WRITE_RATE_LIMIT="off")
    try:
        recording = profile.Recording.of_process(server.process.pid, seconds, f"post-{engine.lower()}")
        wrk(server.base + "/v1/articles", connections=8, seconds=seconds + 1, script=script)
        found = recording.finish()
    except RuntimeError as failed:
        return f"no profile ({failed})"
    finally:
        server.stop()
    how = f"The server under the POST row's load (8 clients, {seconds:g} s), on a new {engine} store."
    if engine != "SQLite":
        how += " PostgreSQL's own processes are not sampled: its work shows as our threads waiting for it."
    return profile.write_summary(found, profiles / f"post-{engine.lower()}.md", f"Profile: POST ({engine})", how)
