"""A gazetteer record the text does not bear out gives a place no coordinates: it is only an alternative."""

from __future__ import annotations

from schemas.v1.drafts import Draft
from service.drafts import Known, draft, read_text
from tests.drafts.helpers import place, proposal


def drafted(text: str) -> Draft:
    return draft(read_text(text), Known())


def test_a_place_the_text_puts_in_a_province_its_record_is_not_in_gets_no_coordinates() -> None:
    made = drafted("Fighting in Ariha\nFighting was reported in Ariha, Aleppo province, Syria.")
    ariha = place(made.article, "Ariha")  # GeoNames' Ariha is in Idlib province
    assert (ariha.coordinates, ariha.same_as, ariha.parent) == (None, [], "aleppo-province")
    assert proposal(made, ariha).alternatives[0].value["same_as"] == ["https://www.geonames.org/172994"]
    agreeing = drafted("Fighting in Ariha\nFighting was reported in Ariha, Idlib province, Syria.")
    assert place(agreeing.article, "Ariha").same_as == ["https://www.geonames.org/172994"]


def test_a_spelling_found_by_its_consonants_needs_a_place_of_its_province_beside_it() -> None:
    alone = drafted("Shelling in Selqeen\nShelling hit Selqeen, Syria, on Monday.")
    selqeen = place(alone.article, "Selqeen")  # Salqīn's consonants, and nothing else to bear it out
    assert (selqeen.coordinates, selqeen.same_as) == (None, [])
    assert [a.label for a in proposal(alone, selqeen).alternatives] == ["Salqīn, Syria (population 31,608)"]
    beside = drafted("Shelling in Selqeen\nShelling hit Selqeen and Harem, in Idlib province, Syria, on Monday.")
    assert place(beside.article, "Selqeen").same_as == ["https://www.geonames.org/164898"]  # Harem: Idlib's too


def test_a_spelling_has_as_many_words_as_the_name_it_spells() -> None:
    made = drafted("Shelling in Ansari\nShelling hit Ansari, in Aleppo, Syria.")
    ansari = place(made.article, "Ansari")  # not 'Ayn an Nasr, whose consonants are Ansari's
    assert (ansari.coordinates, ansari.same_as) == (None, [])


def test_a_hyphened_name_with_a_lower_case_word_inside_is_one_place() -> None:
    made = drafted("Market attacked in Haiti\nOn Monday, gunmen attacked a market in Port-au-Prince, Haiti.")
    names = [loc.name for loc in made.article.locations]
    assert names == ["Haiti", "Port-au-Prince", "Market in Port-au-Prince"]  # no 'Port', no 'Market': the site
    assert place(made.article, "Port-au-Prince").coordinates is not None


def test_a_sentences_first_word_the_text_writes_in_lower_case_or_a_generic_actor_begins_is_no_place() -> None:
    made = drafted("Market attacked in Haiti\nGang members attacked a market in Port-au-Prince, Haiti, on Monday.")
    names = {loc.name for loc in made.article.locations}
    assert names == {"Haiti", "Port-au-Prince", "Market in Port-au-Prince"}  # 'Market' and 'Gang' are
    assert [(a.name, a.kind) for a in made.article.actors] == [("Gang members", "armed_group")]  # places somewhere
