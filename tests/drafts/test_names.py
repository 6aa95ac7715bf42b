"""How names are compared: transliteration variants share a key; ids are slugs."""

from __future__ import annotations

import pytest

from service.drafts.fatalities import deaths
from service.drafts.names import bare, key, skeleton, slug


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Kafr Takhārīm", "Kafr Takharim"),
        ("Kfar Takharim", "Kafr Takharim"),
        ("Tall Abyaḑ", "Tel Abyad"),
        ("Tell Abyad", "Tel Abyad"),
        ("Deir ez-Zor", "Deir al-Zor"),
        ("Dayr az Zawr", "Deir al Zawr"),
        ("ash-Sham", "al-Sham"),
        ("Ma\u2018arrat", "Maarrat"),
    ],
)
def test_variants_share_a_key(one: str, other: str) -> None:
    assert key(one) == key(other)


def test_a_key_without_its_article_and_the_consonants_transliterations_share() -> None:
    assert bare(key("Al Atārib")) == "atarib"
    assert skeleton(key("Atareb")) == skeleton(key("Al Atārib")) == "atrb"
    assert skeleton(key("Saraqeb")) == skeleton(key("Saraqib"))
    assert skeleton(key("Paris")) != skeleton(key("Peru"))


def test_ids_are_slugs_of_names() -> None:
    assert slug("Kafr Takhārīm") == "kafr-takharim"
    assert slug("Al-Qaeda-linked Isis under attack") == "al-qaeda-linked-isis-under-attack"
    assert slug("!!!") == "item"


@pytest.mark.parametrize(
    ("sentence", "low", "best", "high"),
    [
        ("At least nine civilians were killed in the attack.", 9, None, None),
        ("Nine people were killed.", 9, 9, 9),
        ("The blast killed 12 soldiers.", 12, 12, 12),
        ("Up to 20 people died in the fighting.", None, None, 20),
        ("More than 1,000 people have been killed since March.", 1001, None, None),
        ("Dozens of fighters were killed.", 24, None, None),
        ("No one was killed.", 0, 0, 0),
    ],
)
def test_deaths_as_low_best_high(sentence: str, low: int | None, best: int | None, high: int | None) -> None:
    found = deaths(sentence)
    assert found is not None and (found.low, found.best, found.high) == (low, best, high)


@pytest.mark.parametrize(
    "sentence", ["Dozens were killed or captured.", "Five people were wounded.", "The army said nothing."]
)
def test_no_deaths_where_none_are_counted(sentence: str) -> None:
    assert deaths(sentence) is None
