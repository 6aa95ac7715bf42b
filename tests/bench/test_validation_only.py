"""The bench's ceiling of validation and indexing (bench/validation_only.py) times real validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import validation_only
from schemas import DocumentInvalid
from tests.conftest import SEED_PATH


def test_post_rate_validates_and_indexes_copies_of_the_article_under_ids_of_their_own() -> None:
    # the seed under the ids it is given must pass: a rate, not a refusal
    assert validation_only.post_rate(SEED_PATH, 0.2) > 0


def test_post_rate_refuses_what_the_service_refuses(tmp_path: Path) -> None:
    document = json.loads(SEED_PATH.read_bytes())
    document["actors"][0]["nickname"] = "an unknown field"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(DocumentInvalid, match="nickname: unknown field"):
        validation_only.post_rate(bad, 0.2)


def test_import_rate_goes_through_the_import_pipeline_rejected_lines_included(tmp_path: Path) -> None:
    document = json.loads(SEED_PATH.read_bytes())
    lines = []
    for n in range(3):
        document["id"] = f"copy-{n}"
        lines.append(json.dumps(document))
    lines.append('{"id": "bad"}')
    corpus = tmp_path / "corpus.ndjson"
    corpus.write_text("\n".join(lines) + "\n")
    assert validation_only.import_rate(corpus, workers=2) > 0


def test_split_times_each_stage_of_an_article_and_decode_is_parse_without_the_checks() -> None:
    times = validation_only.split(SEED_PATH)
    assert sorted(times) == sorted(validation_only.STAGES)
    assert all(value > 0 for key, value in times.items() if key != "decode")
    assert times["decode"] == times["parse"] - times["checks"]
