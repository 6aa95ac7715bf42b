"""`newsfacts draft FILE|-`: the draft as JSON on stdout, a clear line per problem on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas import validate_article
from service import cli
from tests.drafts.conftest import ARTICLES


def test_a_text_file_is_drafted_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["draft", str(ARTICLES / "protest.txt"), "--no-corpus"]) == 0
    drafted = json.loads(capsys.readouterr().out)
    assert drafted["article"]["headline"] == "Police fire tear gas at protesters in Nairobi"
    validate_article(drafted["article"])


def test_a_json_file_is_a_draft_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asked = tmp_path / "request.json"
    asked.write_text(json.dumps({"headline": "Calm in Kisumu", "body": "Kisumu, Kenya, was quiet.", "language": "en"}))
    assert cli.main(["draft", str(asked), "--no-corpus"]) == 0
    places = [p["name"] for p in json.loads(capsys.readouterr().out)["article"]["locations"]]
    assert places == ["Kisumu", "Kenya"]


def test_bad_input_is_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"Only a headline\n")
    assert cli.main(["draft", str(empty), "--no-corpus"]) == 1
    said = capsys.readouterr().err
    assert said == f"newsfacts draft: {empty}: $.body: is empty: a draft needs the article's headline and its text\n"
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9\nText".encode("latin-1"))
    assert cli.main(["draft", str(latin), "--no-corpus"]) == 1
    assert "not UTF-8" in capsys.readouterr().err
