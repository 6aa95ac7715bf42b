"""Divisions (provinces, states, governorates, regions): found where the text names them, placed in their
country, and the parents of the places in them; never given a town's coordinates."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.v1.drafts import Draft
from service.drafts import Known, draft, read_text
from tests.drafts.helpers import actor, place, proposal, quotes

RULES = Path(__file__).parent / "rules"


@pytest.fixture(scope="module")
def rules() -> dict[str, Draft]:
    """The articles of tests/drafts/rules (several kinds, written for these rules), each drafted once."""
    return {path.stem: draft(read_text(path.read_text(encoding="utf-8")), Known()) for path in RULES.glob("*.txt")}


def test_a_state_the_gazetteer_lacks_is_the_parent_of_the_towns_of_its_code(rules: dict[str, Draft]) -> None:
    article = rules["borno"].article
    borno = place(article, "Borno State")
    assert (borno.kind, borno.country, borno.coordinates, borno.same_as) == ("province", "NG", None, [])
    assert quotes(borno) == ["Borno State", "Borno State"]
    assert "admin1 27 of NG, as the places in it" in (proposal(rules["borno"], borno).reason or "")
    for town in ("Monguno", "Marte", "Dikwa", "Maiduguri"):  # only Monguno is said to be in it
        assert place(article, town).parent == "borno-state", town


def test_a_place_and_its_state_agreeing_in_the_gazetteer_sign_their_country(rules: dict[str, Draft]) -> None:
    article = rules["crime"].article
    culiacan, sinaloa = place(article, "Culiacan"), place(article, "Sinaloa state")
    assert culiacan.coordinates is not None and culiacan.coordinates.source == "https://www.geonames.org/4012176"
    assert (culiacan.country, culiacan.parent) == ("MX", "sinaloa-state")
    assert (sinaloa.kind, sinaloa.country, sinaloa.coordinates) == ("province", "MX", None)


def test_a_region_named_after_its_city_is_not_the_city(rules: dict[str, Draft]) -> None:
    article = rules["conflict"].article
    mopti = place(article, "Mopti region")
    assert (mopti.kind, mopti.country, mopti.parent, mopti.coordinates, mopti.same_as) == (
        "region",
        "ML",
        "mali",
        None,
        [],
    )
    assert "Mopti" not in {loc.name for loc in article.locations}


def test_a_province_named_again_without_its_word_is_the_same_place(rules: dict[str, Draft]) -> None:
    article = rules["politics"].article
    sindh = place(article, "Sindh province")
    assert [span.field for span in sindh.evidence] == ["headline", "body"]
    assert (sindh.country, sindh.parent) == ("PK", "pakistan")
    assert {place(article, city).parent for city in ("Karachi", "Hyderabad")} == {"sindh-province"}


def test_a_province_a_country_follows_is_in_it(rules: dict[str, Draft]) -> None:
    albay = place(rules["disaster"].article, "Albay province")  # 'in Albay province, the Philippines'
    assert (albay.country, albay.parent, albay.coordinates) == ("PH", "philippines", None)


def test_a_capitalised_province_word_names_the_province_its_seat_gives_a_code() -> None:
    made = draft(read_text("Shelling in Idlib\nArmy shells hit Ariha in Idlib Province, Syria, on Monday."), Known())
    idlib = place(made.article, "Idlib Province")
    assert (idlib.kind, idlib.country, idlib.coordinates) == ("province", "SY", None)
    assert place(made.article, "Ariha").parent == "idlib-province"


def test_a_state_ending_a_name_is_no_place_unless_the_text_puts_it_as_one() -> None:
    text = "Statement\nThe Islamic State said on Monday that its envoys had met officials in Kano State, Nigeria."
    article = draft(read_text(text), Known()).article
    assert {loc.name for loc in article.locations} == {"Kano State", "Nigeria"}
    kano = place(article, "Kano State")  # its seat, Kano, gives its code
    assert (kano.kind, kano.country, kano.parent, kano.coordinates) == ("province", "NG", "nigeria", None)


def test_a_divisions_bare_name_is_the_division_unless_a_town_has_that_very_name(rules: dict[str, Draft]) -> None:
    article = rules["durango"].article  # 'MEXICO CITY - … in Durango … beyond Sinaloa … In Homa Bay, Kenya'
    for name in ("Sinaloa", "Durango"):  # states of Mexico (ISO 3166-2); their namesake towns are other records
        state = place(article, name)
        assert (state.kind, state.country, state.coordinates, state.same_as) == ("province", "MX", None, []), name
    homa_bay = place(article, "Homa Bay")  # a county of Kenya too, but a town of 10,000 people or more bears it
    assert homa_bay.coordinates is not None and homa_bay.coordinates.source == "https://www.geonames.org/196742"


def test_a_datelines_city_signs_its_country_and_contains_nothing_after_it(rules: dict[str, Draft]) -> None:
    article = rules["durango"].article
    city = place(article, "MEXICO CITY")  # Mexico is never named: the dateline says where the text is from
    assert city.coordinates is not None and city.coordinates.source == "https://www.geonames.org/3530597"
    assert city.parent is None  # '… killed five men at a ranch in Durango' does not put Mexico City in Durango


def test_a_natural_features_name_is_one_area_with_no_coordinates(rules: dict[str, Draft]) -> None:
    article = rules["durango"].article
    for name in ("Gulf of Aden", "Bay of Bengal"):
        feature = place(article, name)
        assert (feature.kind, feature.coordinates, quotes(feature)) == ("area", None, [name])
    assert not {"Bay", "Gulf", "Bengal", "Aden"} & {loc.name for loc in article.locations}


def test_a_place_is_read_in_the_country_its_neighbours_are_in_not_its_attackers(rules: dict[str, Draft]) -> None:
    article = rules["pokrovsk"].article  # Russia named more often than Ukraine, but as who attacks: Russian troops
    pokrovsk = place(article, "Pokrovsk")  # the one in Ukraine, not the Russian town of that name, nor Engels
    assert (pokrovsk.country, pokrovsk.coordinates.source if pokrovsk.coordinates else None) == (
        "UA",
        "https://www.geonames.org/704422",
    )
    assert {place(article, name).country for name in ("Kharkiv", "Kramatorsk")} == {"UA"}


def test_features_roads_camps_borders_and_sectors_by_their_words(rules: dict[str, Draft]) -> None:
    article = rules["mongla"].article
    areas = {loc.name: loc for loc in article.locations if loc.kind == "area"}
    sites = ("Litoral Penitentiary", "Al-Asad Air Base", "Zamzam Camp")  # a site's name, every word capitalised
    for name in ("Lake Victoria", "Red Sea", "Rustaveli Avenue", "East-West Highway", "Abu Shouk", "Ramree", *sites):
        assert name in areas and areas[name].coordinates is None, name  # (a displacement camp, an island)
    assert place(article, "Mongla").kind == "town"  # 'the port of Mongla'
    for crossing in ("Rafah border crossing", "Kerem Shalom crossing"):  # a crossing, not the town of Rafah
        assert (place(article, crossing).kind, place(article, crossing).coordinates) == ("border_area", None)
    assert "Aid" not in {loc.name for loc in article.locations}  # 'Aid trucks waited …'
    border = place(article, "Russian border")
    assert (border.kind, border.coordinates) == ("border_area", None)
    sector, town = place(article, "Poonch sector"), place(article, "Poonch")  # two places, as the text has them
    assert sector.coordinates is None and town.coordinates is not None
    myanmar, rakhine = place(article, "Myanmar"), place(article, "Rakhine State")  # 'Myanmar' is no people only
    assert (myanmar.kind, rakhine.kind, rakhine.country, rakhine.parent) == ("country", "province", "MM", "myanmar")


def test_a_divisions_spellings_a_citys_bare_name_and_a_groups_name(rules: dict[str, Draft]) -> None:
    article = rules["amhara"].article
    amhara = place(article, "Amhara region")  # ISO 3166-2 spells it 'Amara': its consonants agree
    assert (amhara.kind, amhara.country, amhara.coordinates) == ("region", "ET", None)
    basra = place(article, "Basra")  # a city of two million: the city, though Al Basrah is a province too
    assert (basra.kind, basra.country) == ("city", "IQ") and basra.coordinates is not None
    names = {loc.name for loc in article.locations}
    assert not {"Drone", "Fano"} & names  # a sentence's first English word; a group's name before 'fighters'
    assert actor(article, "Fano fighters").kind == "armed_group"


def test_a_datelines_city_is_where_the_story_was_filed_not_where_it_happened(rules: dict[str, Draft]) -> None:
    article = rules["durango"].article  # 'MEXICO CITY - Gunmen killed five men at a ranch in Durango …'
    (killing,) = [e for e in article.events if any("Gunmen killed five men" in s.quote for s in e.evidence)]
    assert "durango" in killing.locations and place(article, "MEXICO CITY").id not in killing.locations


def test_a_river_a_department_a_towns_exact_name_and_two_towns_a_road_joins(rules: dict[str, Draft]) -> None:
    article = rules["isfara"].article
    river = place(article, "Isfara river")  # 'on the Isfara river': the river, not the town of Isfara
    assert (river.kind, river.coordinates) == ("area", None)
    assert "Isfara" not in {loc.name for loc in article.locations}
    bignona = place(article, "Bignona department")  # a division, not the town's coordinates
    assert (bignona.kind, bignona.coordinates) == ("region", None)
    berd = place(article, "Berd")  # Armenia's town by its own name, not Azerbaijan's Bərdə by its consonants
    assert (berd.kind, berd.country) == ("town", "AM") and berd.coordinates is not None
    for town in ("Colombo", "Kandy"):  # 'the Colombo-Kandy road': each town, and the road between them
        assert place(article, town).coordinates is not None
    assert place(article, "Colombo-Kandy road").coordinates is None
