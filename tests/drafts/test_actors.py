"""Actors on the short articles of tests/drafts/actors: a people's name before what its members are, a state's
forces and its junta, multiword titles, and one generic actor per class with evidence on every mention."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.v1.drafts import Draft
from service.drafts import Known, draft, read_text
from tests.drafts.helpers import actor, place, quotes

ACTORS = Path(__file__).parent / "actors"


@pytest.fixture(scope="module")
def drafted() -> dict[str, Draft]:
    return {path.stem: draft(read_text(path.read_text(encoding="utf-8")), Known()) for path in ACTORS.glob("*.txt")}


def kinds(draft_: Draft) -> set[tuple[str, str]]:
    return {(a.name, a.kind) for a in draft_.article.actors}


def test_a_peoples_name_before_what_its_members_are_is_the_actor(drafted: dict[str, Draft]) -> None:
    benue = drafted["benue"].article  # 'Fulani herders attacked farmers', then 'the herders', headline 'Herders'
    herders = actor(benue, "Fulani herders")
    assert herders.kind == "civilians"
    assert quotes(herders) == ["Herders", "Fulani herders", "herders"]
    assert "Herders" not in {a.name for a in benue.actors}
    gao = kinds(drafted["gao"])  # 'Kurdish forces', 'Tuareg rebels': no state's forces, each its own group
    assert {("Kurdish forces", "armed_group"), ("Tuareg rebels", "armed_group")} <= gao
    assert "Rebels" not in {name for name, _ in gao}


def test_a_demonym_of_a_country_still_makes_a_states_forces(drafted: dict[str, Draft]) -> None:
    army = actor(drafted["gao"].article, "Malian army")  # 'The Malian army said its troops … Soldiers killed'
    assert army.kind == "state_forces"
    assert quotes(army) == ["Army", "Malian army", "troops", "Soldiers", "the army"]
    assert [a.name for a in drafted["gao"].article.actors if a.kind == "state_forces"] == ["Malian army"]


def test_the_junta_is_the_state_of_the_texts_country(drafted: dict[str, Draft]) -> None:
    sagaing = drafted["sagaing"].article
    junta = actor(sagaing, "Burmese junta")
    assert junta.kind == "state_forces"
    assert [a.name for a in sagaing.actors if a.kind in ("state_forces", "government")] == ["Burmese junta"]
    assert quotes(junta) == ["Junta", "The junta", "troops", "soldiers", "the military government", "The junta"]


def test_a_title_keeps_all_its_words(drafted: dict[str, Draft]) -> None:
    article = drafted["islamabad"].article
    assert actor(article, "Shehbaz Sharif").role == "Prime Minister"  # at a sentence's start
    assert actor(article, "Ishaq Dar").role == "Foreign Minister"  # '… Ishaq Dar in Islamabad'
    assert actor(article, "Antonio Guterres").role == "Secretary-General"
    assert quotes(actor(article, "Ishaq Dar")) == ["Ishaq Dar"]


def test_the_generic_actors_acled_codes_one_per_class(drafted: dict[str, Draft]) -> None:
    nairobi = drafted["nairobi"]
    assert kinds(nairobi) == {
        ("Protesters", "civilians"),
        ("Kenyan police", "state_forces"),
        ("Rioters", "civilians"),
        ("Students", "civilians"),
        ("Gunmen", "armed_group"),
        ("Farmers", "civilians"),
        ("Unidentified armed group", "armed_group"),
    }
    assert quotes(actor(nairobi.article, "Protesters")) == ["Protesters", "Protesters", "protesters"]
    assert quotes(actor(nairobi.article, "Kenyan police")) == ["police", "police", "Police"]


def test_names_cut_at_no_possessive_and_a_single_foreign_word(drafted: dict[str, Draft]) -> None:
    article = drafted["antioquia"].article
    assert kinds(drafted["antioquia"]) >= {
        ("People's Defence Force", "armed_group"),  # not 'Defence Force', a state's
        ("Tatmadaw", "state_forces"),
        ("Clan del Golfo", "armed_group"),
        ("National Liberation Army", "armed_group"),
    }
    assert quotes(actor(article, "National Liberation Army")) == ["ELN"]


def test_both_subjects_of_a_clash_are_its_sides(drafted: dict[str, Draft]) -> None:
    (clash,) = [e for e in drafted["antioquia"].article.events if e.event_type == "Battles"]
    assert {(p.actor, p.role) for p in clash.participants} == {
        ("clan-del-golfo", "actor1"),
        ("national-liberation-army", "actor2"),
    }


def test_a_states_bodies_are_government_actors_each_its_own(drafted: dict[str, Draft]) -> None:
    lahore = drafted["lahore"].article
    governments = {a.name for a in lahore.actors if a.kind == "government"}
    assert {
        "Punjab government",  # a province's name before 'government': that province's
        "Pakistani provincial government",  # (Pakistan: the dateline's, and Lahore's, the text's country)
        "Pakistani federal cabinet",
        "Pakistani energy ministry",  # a ministry by its portfolio
        "India's foreign ministry",  # another country's, possessed: not the text's own country's
        "National Electric Power Regulatory Authority",  # a national authority is a state's body
    } == governments
    assert actor(lahore, "Lahore Electric Supply Company").kind == "organization"  # a company: no state's body
    assert quotes(actor(lahore, "Punjab government")) == ["Punjab government"]


def test_a_role_and_whose_it_is_before_a_comma_name_a_person(drafted: dict[str, Draft]) -> None:
    lahore = drafted["lahore"].article  # 'The mayor of Lahore, Rukhsana Qadir, said …'
    mayor = actor(lahore, "Rukhsana Qadir")
    assert (mayor.kind, mayor.role) == ("person", "mayor")
    assert "Rukhsana Qadir" not in {place.name for place in lahore.locations}  # after 'Lahore,': no place
    punjab = place(lahore, "Punjab")  # a province of Pakistan's (and of India's: the text's country is Pakistan)
    assert (punjab.kind, punjab.country, punjab.coordinates) == ("province", "PK", None)
    assert actor(lahore, "Shopkeepers").kind == "civilians"


def test_people_named_as_the_press_names_them(drafted: dict[str, Draft]) -> None:
    sylhet = drafted["sylhet"].article
    people = {a.name for a in sylhet.actors if a.kind == "person"}
    assert {
        "Rahima Begum",  # 'Rahima Begum, 42, said' (after a dateline's dash: 'SYLHET, Bangladesh - Rahima …')
        "Fatema Khatun",  # 'according to Fatema Khatun of the Red Crescent'
        "Hasina Akter",  # 'Hasina Akter, whose house was destroyed,'
        "Mohammad Ali",  # 'The district commissioner, Mohammad Ali, ordered'
        "Abdul Karim",
        "Nurul Islam",
        "Anwar Hossain",
    } <= people
    assert actor(sylhet, "Red Crescent").kind == "organization"  # the organisation on its own
    assert actor(sylhet, "Daily Star").kind == "media_organization"
    assert actor(sylhet, "Witnesses").kind == "civilians"
    assert not [a.name for a in sylhet.actors if "Bangladesh" in a.name and a.kind == "person"]


def test_media_coalitions_armies_and_states_named_as_the_press_names_them(drafted: dict[str, Draft]) -> None:
    marib = drafted["marib"].article
    for name in ("Saba", "SONNA", "Radio Kiskeya"):  # 'the state news agency Saba', 'SONNA news agency'
        assert actor(marib, name).kind == "media_organization", name
    coalition = actor(marib, "Saudi-led coalition")  # and 'coalition' in the headline: the same coalition
    assert (coalition.kind, quotes(coalition)) == ("coalition", ["coalition", "Saudi-led coalition"])
    assert actor(marib, "Nepal Army").kind == "state_forces"  # 'Soldiers of the Nepal Army'
    for country, named, said in (
        ("Saudi Arabia", "Saudi Arabia", ["Saudi", "Saudi Arabia"]),  # (the 'Saudi-led' coalition: its state too)
        ("United States", "the United States", ["United States"]),
        ("Kenya", "Kenya", ["Kenya"]),
    ):
        government = actor(marib, f"Government of {named}")  # 'Saudi Arabia denied', 'Kenya has sent
        assert (government.kind, quotes(government)) == ("government", said)
        assert place(marib, country).kind == "country"  # the place keeps its words


def test_what_the_text_says_an_actor_is_sets_its_kind(drafted: dict[str, Draft]) -> None:
    tbilisi = drafted["tbilisi"].article
    assert {
        ("Central Election Commission", "government"),  # (its 'Central' kept, a state's word)
        ("Volunteers for the Defence of the Homeland", "armed_group"),  # '(VDP), a civilian auxiliary force'
        ("Counter Terrorism Department", "state_forces"),  # a state's body for terrorism: its forces
        ("Jama'at Nusrat al-Islam wal-Muslimin", "armed_group"),  # one name across 'wal-'; a well-known group
        ("Georgian Dream", "political_organization"),  # 'the ruling Georgian Dream party'
        ("RTB", "media_organization"),  # 'state television, RTB,'
        ("MONUSCO", "organization"),  # 'the UN peacekeeping mission, MONUSCO,'
        ("Government of Rwanda", "government"),  # 'Kigali denies it': a capital that speaks
    } <= kinds(drafted["tbilisi"])
    assert quotes(actor(tbilisi, "Government of Rwanda")) == ["Kigali"]
    assert "Government" in actor(tbilisi, "Georgian government").aliases  # 'Government spokesman X'
    assert "Federal" not in {place.name for place in tbilisi.locations}  # 'Federal police and …' opens a sentence


def test_titled_people_nicknames_and_two_names_joined(drafted: dict[str, Draft]) -> None:
    article = drafted["nairobi-kyiv"].article
    people = {a.name for a in article.actors if a.kind == "person"}
    assert {
        "Daniel Mwangi",  # 'President Daniel Mwangi of the United Progress Party': a person, and the party
        "Volodymyr Zelensky",  # 'In Kyiv, President Volodymyr Zelensky': no place listed after Kyiv
        "Abdel Fattah al-Burhan",  # a title's name goes on across 'al-'
        "Mohamed Hamdan Dagalo",  # 'commanded by' three names
        'Ismael "El Mayo" Zambada',  # names and a nickname in quotes: one person, no place 'El Mayo'
    } <= people
    assert {
        ("United Progress Party", "political_organization"),
        ("Myanmar National Democratic Alliance Army", "armed_group"),  # '… Army and the Ta'ang … Army': two
        ("Ta'ang National Liberation Army", "armed_group"),
        ("Government of Russia", "government"),  # 'a ceasefire brokered by Russia and Turkey'
        ("Government of Turkey", "government"),
        ("Sinaloa state prosecutor's office", "government"),
    } <= kinds(drafted["nairobi-kyiv"])
    assert actor(article, "the ombudsman's office").kind == "government"
    assert not {"President Volodymyr Zelensky", "El Mayo", "El"} & {loc.name for loc in article.locations}


def test_forces_courts_councils_and_media_by_their_words(drafted: dict[str, Draft]) -> None:
    found = kinds(drafted["el-fasher"])
    assert {
        ("Rapid Support Forces", "armed_group"),  # forces no state's word qualifies
        ("Armed Forces", "state_forces"),  # … but for what every state's forces are called
        ("Supreme Court", "government"),
        ("Independent Electoral and Boundaries Commission", "government"),
        ("Transitional Presidential Council", "government"),
        ("Sudan Doctors Network", "organization"),
        ("OCHA", "organization"),  # 'the UN humanitarian agency, OCHA,': an agency, no medium
        ("Local media", "media_organization"),
        ("Revolutionary Armed Forces of Colombia", "armed_group"),  # 'the FARC'
    } <= found
    assert actor(drafted["el-fasher"].article, "Warplanes").kind == "state_forces"


def test_people_known_by_a_role_alone(drafted: dict[str, Draft]) -> None:
    article = drafted["port-au-prince"].article
    people = {a.name: a for a in article.actors if a.kind == "person"}
    for name in ("Police spokesperson", "Senior military official", "Lawyer", "Driver", "India's defence minister"):
        assert name in people, name
    assert quotes(people["Police spokesperson"]) == ["police spokesperson"]
    assert quotes(actor(article, "Ana Lopez")) == ["Ana Lopez", "minister"]  # 'the minister': the one named
    assert "Rukhsana Qadir" in people and "Mayor" not in people  # a named person's role is no one else
    assert place(article, "PORT-AU-PRINCE").coordinates is not None  # one word: no 'AU' (African Union) in it
    assert "African Union" not in {a.name for a in article.actors}


def test_people_the_text_counts_are_civilians_each_group_its_own(drafted: dict[str, Draft]) -> None:
    article = drafted["oicha"].article
    counted = {a.name for a in article.actors if a.kind == "civilians"}
    assert {
        "18 people",
        "Five others",
        "Some 15,000 people",
        "At least nine people",
        "47 people",
        "12 men",
        "Strikers",
        "Relatives",
        "A group of young men",
    } <= counted
    assert actor(article, "Rebels").kind == "armed_group"  # after a dateline's dash: 'OICHA, Congo - Rebels …'
    assert place(article, "Congo").kind == "country" and place(article, "Congo").country == "CD"


def test_names_as_wire_copy_writes_them(drafted: dict[str, Draft]) -> None:
    samar, niamey = drafted["samar"].article, drafted["niamey"].article
    assert {
        ("New People's Army", "armed_group"),  # its acronym spells it all: 'New' is the name's
        ("Armed Forces of the Philippines", "state_forces"),
        ("National Disaster Risk Reduction and Management Council", "government"),  # a national council
        ("Department of Social Welfare and Development", "government"),  # a department for a portfolio
        ("Government of the Philippines", "government"),  # 'Manila says …'
    } <= kinds(drafted["samar"])
    assert quotes(actor(samar, "New People's Army"))[:2] == ["NPA", "New People's Army"]
    assert "Typhoon Kristine" not in {loc.name for loc in samar.locations}  # a storm, no place
    assert {
        ("National Council for the Safeguard of the Homeland", "government"),
        ("M62", "political_organization"),  # 'The M62 movement'
        ("Economic Community of West African States", "organization"),  # 'Ecowas, the West African bloc'
    } <= kinds(drafted["niamey"])
    assert actor(niamey, "Economic Community of West African States").aliases == ["Ecowas"]  # no 'African'
    junta = [a for a in niamey.actors if "junta" in a.name.lower() or "junta" in " ".join(a.aliases).lower()]
    assert len(junta) == 1  # 'Niger junta', 'the junta': one, Niger's
    places = {loc.name: loc for loc in drafted["cabo-delgado"].article.locations}
    assert "Mocimboa da Praia" in places and "Praia" not in places  # one name across 'da'


def test_groups_described_and_named_by_their_nouns(drafted: dict[str, Draft]) -> None:
    ethiopia = drafted["bahir-dar"].article
    fano = actor(ethiopia, "Fano")  # 'fighting Fano, an ethnic Amhara militia,' then 'Fano fighters'
    assert (fano.kind, len(quotes(fano))) == ("armed_group", 3)
    assert not {"Amhara", "Militia", "Amhara militia"} & {a.name for a in ethiopia.actors}  # a description
    assert "Fano" not in {loc.name for loc in ethiopia.locations}  # (a town in Italy)
    assert {("Operation Dudula", "organization"), ("African Diaspora Forum", "organization")} <= kinds(
        drafted["alexandra"]
    )
    governments = [a for a in drafted["puno"].article.actors if a.name.endswith("government")]
    assert [quotes(a) for a in governments] == [["Peru's government", "the government"]]  # one, Peru's
    assert actor(drafted["guayaquil"].article, "Inmates").kind == "civilians"


def test_units_bodies_and_groups_holding_a_well_known_name(drafted: dict[str, Draft]) -> None:
    assert {
        ("Government of National Unity", "government"),  # its acronym spells its first word too
        ("Radaa Special Deterrence Force", "armed_group"),  # a force no state's word qualifies
        ("444 Brigade", "armed_group"),  # a numbered unit
    } <= kinds(drafted["tripoli"])
    basra = drafted["basra"].article
    assert actor(basra, "Kataib Hezbollah").kind == "armed_group"  # not Hezbollah
    assert "Hezbollah" not in {a.name for a in basra.actors}
    bamenda = drafted["bamenda"].article
    assert quotes(actor(bamenda, "Armed separatists")) == ["Separatists", "Armed separatists"]  # one group
    assert "English" not in {loc.name for loc in bamenda.locations}  # 'English-speaking'
    assert actor(bamenda, "Motorcyclists").kind == "civilians"


def test_more_of_the_actors_acled_codes(drafted: dict[str, Draft]) -> None:
    found = kinds(drafted["ouaga"])
    assert {("Vigilantes", "armed_group"), ("Looters", "armed_group")} <= found
    assert any(name.lower().endswith("prison guards") and kind == "state_forces" for name, kind in found)
    people = {name for name, kind in found if kind == "person"}
    assert {"Priest", "Village chief", "Doctor"} <= people  # known by their roles alone


def test_groups_the_press_describes_rather_than_names(drafted: dict[str, Draft]) -> None:
    assert {
        ("Men in military uniform", "armed_group"),
        ("Masked men", "armed_group"),
        ("Security personnel", "state_forces"),
        ("Suspected thieves", "civilians"),  # lynched by a mob
        ("Families of the victims", "civilians"),
        ("Local councillor", "person"),
    } <= kinds(drafted["worshippers"])


def test_states_named_as_objects_or_in_a_list_are_their_governments(drafted: dict[str, Draft]) -> None:
    article = drafted["sahel"].article
    for government, quote in (
        ("Government of Libya", "Tripoli"),  # 'accused Tripoli of failing'
        ("Government of Niger", "Niger"),  # 'Niger and Mali agreed'
        ("Government of Mali", "Mali"),
        ("Government of Ethiopia", "Ethiopia"),  # 'called on Ethiopia to'
    ):
        assert quotes(actor(article, government)) == [quote]
    assert not [a for a in article.actors if "Residents" in a.name and a.kind == "government"]  # 'urged residents'


def test_states_that_make_deals_are_their_governments_one_each(drafted: dict[str, Draft]) -> None:
    article = drafted["kivu-talks"].article
    governments = {a.name: quotes(a) for a in article.actors if a.kind == "government"}
    assert governments == {
        "Government of Rwanda": ["Rwanda", "Kigali"],  # 'Rwanda has deployed', 'talks between Kinshasa and Kigali'
        "Government of Mozambique": ["Maputo"],  # 'a deal with Maputo'
        "Government of the Democratic Republic of the Congo": ["Kinshasa"],
    }  # ('flights from Kigali': the city, no government)


def test_aid_and_rights_groups_joint_forces_and_a_coalition_of_groups(drafted: dict[str, Draft]) -> None:
    found = kinds(drafted["convoy"])
    assert {
        ("Rights group", "organization"),
        ("Aid groups", "organization"),
        ("Humanitarian organisations", "organization"),
        ("Aid agency", "organization"),
        ("Mozambican forces", "state_forces"),
        ("Rwandan forces", "state_forces"),  # 'Rwandan and Mozambican forces': two states' forces
        ("Coalition", "coalition"),
    } <= found
    assert "Armed groups" not in {name for name, _ in found}  # 'a coalition of armed groups': the coalition
