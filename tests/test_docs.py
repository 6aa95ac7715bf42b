"""The README documents what the service serves: a format or route missing from it fails here."""

from __future__ import annotations

from service.renderers import RENDERERS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_format_is_in_the_readme_table() -> None:
    for renderer in RENDERERS:
        assert f"| `.{renderer.suffix}` | `{renderer.media_type}` |" in README, renderer.name


def test_every_route_is_in_the_readme() -> None:
    for path in ("/v1/articles", "/v1/articles/{id}", "/v1/articles/{id}/{collection}", "/v1/schemas", "/health"):
        assert f"`{path}" in README, path


def test_the_quick_start_has_exactly_the_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = [line.split()[0:2] for line in quick_start.split("```sh", 1)[1].split("```", 1)[0].splitlines() if line]
    assert commands == [["make", "run"], ["make", "test"]]
