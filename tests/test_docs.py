"""The docs say what the service does: a format, route, problem type or filter missing from them fails here,
and so does a generated page (CLI, settings, JSON-LD mapping, bench figures) that differs from its code."""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from service.app import create_app
from service.renderers import RENDERERS
from service.settings import Settings
from tests.conftest import ROOT

DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = {path.name: path.read_text(encoding="utf-8") for path in sorted(DOCS.glob("*.md"))}
DIARY = re.compile(r"[0-2][0-9]:[0-5][0-9]|tried on|November|December")
"""Clock times and dated trials belong in commit messages and bench/results/, not in the docs."""


def _build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_build", DOCS / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build()


def _module(*names: str) -> ModuleType:
    """The first of these modules that exists (service/http/ is where the HTTP layer's modules are moving)."""
    for name in names:
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError:
            continue
    raise ModuleNotFoundError(names[0])


def _paths(text: str) -> set[str]:
    """Every `/path` the text quotes, its parameters written `{}`."""
    return {re.sub(r"\{[^}]*\}", "{}", path) for path in re.findall(r"`(/[^`\s]*)`", text)}


def test_every_format_is_in_the_readme_table() -> None:
    for renderer in RENDERERS:
        assert f"| `.{renderer.suffix}` | `{renderer.media_type}` |" in README, renderer.name


def test_every_format_is_in_the_api_page() -> None:
    for renderer in RENDERERS:
        assert f"| `.{renderer.suffix}` | `{renderer.media_type}` |" in PAGES["api.md"], renderer.name


def test_the_quick_start_has_exactly_the_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line.split()[0:2] for line in quick_start.split("```sh", 1)[1].split("```", 1)[0].splitlines() if line]
    assert commands == [["make", "run"], ["make", "test"]]


def test_the_readme_stays_short_and_links_every_page() -> None:
    assert len(README.splitlines()) <= 150
    for name in PAGES:
        assert f"docs/{name}" in README or name == "index.md", name


def test_every_route_is_in_the_api_page(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'docs.sqlite3'}", migrate_on_start=False))
    documented = _paths(PAGES["api.md"])
    routes = {re.sub(r"\{[^}]*\}", "{}", route.path) for route in app.routes}
    served = {path for path in routes if not path.startswith(("/schema/", "/static/"))}  # (API docs, assets)
    assert served - documented == set()
    assert {"/schema", "/schema/openapi.json", "/metrics"} <= documented


def test_every_problem_type_is_in_the_api_page() -> None:
    errors = _module("service.http.errors", "service.errors")
    for slug, kind in errors.PROBLEM_TYPES.items():
        if not kind.generic:  # (about:blank: no slug of ours)
            assert f"| `{slug}` | {kind.status} |" in PAGES["api.md"], slug


def test_every_corpus_filter_is_in_the_corpus_page() -> None:
    query = _module("service.http.query", "service.query")
    rows = {line.split("|")[1].strip(" `"): line for line in PAGES["corpus.md"].splitlines() if line.startswith("| `/")}
    for collection, params in query.PARAMS.items():
        for name in params:
            assert f"`{name}`" in rows[f"/v1/{collection}"], (collection, name)


@pytest.mark.parametrize("name", sorted(build.REGIONS))
def test_each_generated_region_is_what_the_code_says_now(name: str) -> None:
    page, generate = build.REGIONS[name]
    assert build.region(page.read_text(encoding="utf-8"), name) == generate().strip("\n") + "\n", (
        f"{page.name} is stale: run make docs"
    )


def test_the_performance_chart_is_drawn_from_the_latest_results() -> None:
    for path, generate in build.FILES.items():
        assert path.read_text(encoding="utf-8") == generate(), f"{path.name} is stale: run make docs"


def test_the_performance_table_is_the_latest_bench_table() -> None:
    table = [line for line in (ROOT / "bench" / "results" / "latest.md").read_text().splitlines() if line[:1] == "|"]
    assert "\n".join(table) in PAGES["performance.md"]


def test_every_page_is_in_the_index_and_every_link_resolves() -> None:
    for name in PAGES:
        assert name == "index.md" or f"]({name})" in PAGES["index.md"], name
    for where, text in [*((DOCS / name, text) for name, text in PAGES.items()), (ROOT / "README.md", README)]:
        for target in re.findall(r"\]\(([^)#\s]+)", text):
            if not target.startswith(("http://", "https://")):
                assert (where.parent / target).exists(), (where.name, target)


def test_the_docs_keep_no_diary() -> None:
    for name, text in {**PAGES, "README.md": README}.items():
        assert not DIARY.search(text), (name, DIARY.search(text))
