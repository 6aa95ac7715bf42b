"""What a sentence's words say of an actor's kind and of an event, on the articles of tests/drafts/rules:
an armed group known by its fighters and its deeds; a clash of a crowd with police, arrests within a protest
and a promise of more attacks coding no event of their own."""

from __future__ import annotations

import pytest

from schemas.v1.drafts import Draft
from service.drafts import Known, draft, read_text
from tests.drafts.helpers import actor, events_quoting
from tests.drafts.test_places import RULES


@pytest.fixture(scope="module")
def rules() -> dict[str, Draft]:
    return {path.stem: draft(read_text(path.read_text(encoding="utf-8")), Known()) for path in RULES.glob("*.txt")}


def test_a_name_whose_fighters_the_text_counts_is_an_armed_group(rules: dict[str, Draft]) -> None:
    article = rules["mopti"].article  # 'Fighters of Katiba Serma attacked an army post near Boni'
    serma = actor(article, "Katiba Serma")
    assert (serma.kind, [span.quote for span in serma.evidence]) == ("armed_group", ["Katiba Serma"])
    assert "Fighters" not in {a.name for a in article.actors}
    (attack,) = events_quoting(article, "Fighters of Katiba Serma attacked")
    assert ("katiba-serma", "actor1") in {(p.actor, p.role) for p in attack.participants}


def test_a_name_that_fights_is_an_armed_group_whatever_its_word(rules: dict[str, Draft]) -> None:
    article = rules["saraqib"].article  # 'Fighters of Hayat Tahrir al-Sham (HTS) and the Turkistan Islamic Party'
    assert actor(article, "HTS").kind == "armed_group"
    assert actor(article, "Turkistan Islamic Party").kind == "armed_group"  # 'Party', yet it clashed and shelled


def test_a_party_that_does_not_fight_stays_a_political_party() -> None:
    text = "Vote in Lahore\nThe Pakistan Peoples Party won the seat in Lahore, Pakistan, and the Awami Party conceded."
    article = draft(read_text(text), Known()).article
    assert actor(article, "Pakistan Peoples Party").kind == "political_organization"
    assert actor(article, "Awami Party").kind == "political_organization"
