"""The test articles of this folder, drafted once per session (the rules load once per process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.v1.drafts import Draft
from service.drafts import Known, draft, read_text

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="session")
def drafted() -> dict[str, Draft]:
    """Each test article (conflict, disaster, politics, protest) drafted with nothing known."""
    return {path.stem: draft(read_text(path.read_text(encoding="utf-8")), Known()) for path in ARTICLES.glob("*.txt")}
