"""Sites and the state's words, on the short articles of tests/drafts/sites: the places no gazetteer names where
things happen, a capital named by what it is, and countries and capitals that act as their governments."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.v1.drafts import Draft
from service.drafts import Known, draft, read_text
from service.review import TICKED_FROM
from tests.drafts.helpers import actor, place, proposal, quotes

SITES = Path(__file__).parent / "sites"


@pytest.fixture(scope="module")
def drafted() -> dict[str, Draft]:
    return {path.stem: draft(read_text(path.read_text(encoding="utf-8")), Known()) for path in SITES.glob("*.txt")}


def test_a_site_is_in_the_named_place_after_it_and_is_named_again_by_its_noun(drafted: dict[str, Draft]) -> None:
    made = drafted["kapoeta"]  # 'Gunmen storm station in South Sudan's Kapoeta', 'stormed a police station in Kapoeta'
    station = place(made.article, "Police station in Kapoeta")
    assert (station.kind, station.parent, station.country, station.coordinates) == ("area", "kapoeta", "SS", None)
    assert quotes(station) == ["station", "a police station"]  # the headline's bare noun is the body's site
    assert station.same_as == [] and proposal(made, station).confidence < TICKED_FROM  # for a person to confirm
    (attack,) = made.article.events
    assert attack.locations[-1] == "police-station-in-kapoeta"  # after the named places, which come first
    assert attack.id.startswith("attack-south-sudan")


def test_words_that_only_look_like_sites_are_none(drafted: dict[str, Draft]) -> None:
    names = {loc.name for loc in drafted["kapoeta"].article.locations}
    assert "Nearby hills" in names  # 'fled into nearby hills'
    # 'The station chief', 'taken to hospital in Torit', 'searched the town house to house': no site
    assert not {n for n in names if n.lower().startswith(("hospital", "house", "station chief"))}
    assert [a.name for a in drafted["kapoeta"].article.actors if a.kind == "person"] == ["Peter Lokuta"]
    names = {loc.name for loc in drafted["tonle-sap"].article.locations}
    assert not {n for n in names if "home" in n.lower()}  # 'fled their homes'


def test_several_sites_are_an_area_and_one_village_a_village(drafted: dict[str, Draft]) -> None:
    article = drafted["tonle-sap"].article
    villages = place(article, "Dozens of villages around Siem Reap")
    assert (villages.kind, villages.parent, quotes(villages)) == ("area", "siem-reap", ["dozens of villages"])
    village = place(article, "Village near Moung Ruessei")  # 'a school in a village near Moung Ruessei'
    assert (village.kind, village.parent, village.coordinates) == ("village", "moung-ruessei", None)
    road = place(article, "Road to Pailin")  # 'farmers blocked the road to Pailin'
    assert (road.kind, road.parent) == ("area", "pailin")
    (looting,) = [e for e in article.events if e.sub_event_type == "Looting/property destruction"]
    assert "warehouse" in looting.locations  # 'a crowd looted a warehouse'


def test_a_capital_named_by_what_it_is_is_the_countrys_capital(drafted: dict[str, Draft]) -> None:
    tunis = place(drafted["tunis"].article, "TUNIS")  # 'in the Tunisian capital', 'In the capital, shops …'
    assert {"the Tunisian capital", "the capital"} <= set(quotes(tunis))
    assert tunis.coordinates is not None and tunis.coordinates.source == "https://www.geonames.org/2464470"
    ndjamena = place(drafted["n-djamena"].article, "N'DJAMENA")
    assert "the Chadian capital" in quotes(ndjamena)
    text = "Clashes in Libya\nArmed groups clashed in the capital of Libya on Monday. Kenya's capital was calm."
    made = draft(read_text(text), Known()).article
    assert quotes(place(made, "Tripoli")) == ["the capital"]
    assert quotes(place(made, "Nairobi")) == ["capital"]
    assert place(made, "Nairobi").coordinates is not None


def test_a_sites_words_that_say_who_speaks_are_an_actor_and_a_place_in_an_organisations_name_a_place(
    drafted: dict[str, Draft],
) -> None:
    article = drafted["pretoria"].article  # 'outside the Department of Home Affairs in Pretoria'
    department = actor(article, "Department of Home Affairs")
    assert department.kind == "government"
    assert "Pretoria" in quotes(place(article, "PRETORIA"))
    text = "Deaths in Bogota\nSix died, according to the ombudsman's office. Women marched to the governor's office."
    made = draft(read_text(text), Known()).article
    assert actor(made, "Ombudsman's office").kind == "government"
    assert [loc.name for loc in made.locations if "office" in loc.name.lower()] == ["Governor's office"]


def test_countries_and_capitals_that_act_are_their_governments(drafted: dict[str, Draft]) -> None:
    article = drafted["n-djamena"].article
    assert quotes(actor(article, "Government of France")) == ["France", "Paris"]  # 'rallied against France',
    # 'no immediate comment from Paris'; 'turned to Moscow for military support', 'a Russia-brokered truce'
    assert quotes(actor(article, "Government of Russia")) == ["Moscow", "Russia"]
    for country in ("Niger", "Mali", "Burkina Faso"):  # 'Niger, Mali and Burkina Faso signed': a list plays one part
        assert actor(article, f"Government of {country}").kind == "government"
        assert place(article, country).kind == "country"  # the place keeps its words
    pretoria = drafted["pretoria"].article  # 'called on Pretoria to speed up', 'no immediate comment from Pretoria'
    assert quotes(actor(pretoria, "Government of South Africa")) == ["Pretoria", "Pretoria"]


def test_a_role_in_apposition_makes_a_person_and_peoples_civilians_are_civilians(drafted: dict[str, Draft]) -> None:
    article = drafted["n-djamena"].article
    saleh = actor(article, "Amina Saleh")  # 'Amina Saleh, a spokeswoman for the aid group': no aid group
    assert (saleh.kind, quotes(saleh)) == ("person", ["Amina Saleh", "a spokeswoman for the aid group"])
    assert actor(article, "Rohingya Muslims").kind == "civilians"
    assert actor(article, "Kuki-Zo women").kind == "civilians"
    assert actor(article, "Armed Police Force").kind == "state_forces"  # a police force is a state's


def test_people_named_only_so_an_organisations_people_and_its_forces(drafted: dict[str, Draft]) -> None:
    article = drafted["san-pedro-sula"].article
    assert actor(article, "Wilmer").kind == "person"  # 'a shopkeeper who gave his name only as Wilmer': no place
    assert "Wilmer" not in {loc.name for loc in article.locations}
    assert "Street" not in {loc.name for loc in article.locations}  # 'the 18th Street gang'
    gang = actor(article, "Mara Salvatrucha")  # 'the rival Mara Salvatrucha (MS-13)': its number with its letters
    assert (gang.kind, quotes(gang)) == ("armed_group", ["Mara Salvatrucha", "MS-13"])
    staff = actor(article, "Staff at a nearby clinic")  # a site's staff, who say what they saw
    assert staff.kind == "organization" and "a nearby clinic" in quotes(place(article, "Nearby clinic"))
    assert actor(article, "United Nations experts").kind == "organization"  # the UN's people, not the UN
    assert actor(article, "UN source").kind == "person"
    assert actor(article, "National News Agency").kind == "media_organization"  # 'the state-run National News Agency'
    assert quotes(actor(article, "Government of Guatemala")) == ["Guatemala"]  # 'Guatemala would deploy police'
    assert "Georgian Dream" not in {a.name for a in article.actors if a.kind == "person"}  # a people's word first
    made = draft(read_text("Attack in Beledweyne\nMilitants attacked African Union forces near Beledweyne."), Known())
    assert actor(made.article, "African Union forces").kind == "state_forces"


def test_a_gangs_name_before_its_noun_is_the_gang_and_an_alliance_of_gangs_a_coalition() -> None:
    text = (
        "Gangs fight in Port-au-Prince\nPORT-AU-PRINCE, Haiti - The Viv Ansanm gang alliance said it would fight on."
        " The Grand Ravine gang denied it. The opposition candidate, Ana Tsiklauri, said she won."
    )
    article = draft(read_text(text), Known()).article
    assert actor(article, "Viv Ansanm").kind == "coalition"
    assert quotes(actor(article, "Grand Ravine")) == ["Grand Ravine"]  # and no generic 'gang' beside it
    assert "Gang" not in {a.name for a in article.actors}
    assert quotes(actor(article, "Ana Tsiklauri")) == ["The opposition candidate", "Ana Tsiklauri"]


def test_a_nickname_between_names_a_name_known_as_and_people_who_held_something() -> None:
    text = (
        "Cartel feud in Culiacan\nCULIACAN, Mexico - Cartel gunmen clashed again. His supporters, known as"
        ' "La Mayiza", blame the sons of the jailed drug lord Joaquín "El Chapo" Guzmán. According to the Syria'
        " Civil Defence, a volunteer rescue group known as the White Helmets, two died. In Culiacan, hundreds of"
        " Kuki-Zo women held a vigil."
    )
    article = draft(read_text(text), Known()).article
    assert actor(article, 'Joaquín "El Chapo" Guzmán').kind == "person"  # and no village 'Joaquín' or 'Guzmán'
    assert not {"Joaquín", "Guzmán"} & {loc.name for loc in article.locations}
    assert actor(article, "La Mayiza").kind == "armed_group"  # 'Cartel gunmen' in the text: an armed group's name
    defence = actor(article, "Syria Civil Defence")  # 'a volunteer rescue group': what it is, no person
    assert (defence.kind, quotes(defence)) == ("organization", ["Syria Civil Defence", "White Helmets"])
    assert "Volunteer" not in {a.name for a in article.actors}
    assert actor(article, "Kuki-Zo women").kind == "civilians"  # 'women held a vigil': 'held' is what they did


def test_relations_of_belonging_branches_and_spokespeople(drafted: dict[str, Draft]) -> None:
    relations = {(r.subject, r.type, r.object) for r in drafted["relations"].article.relations}
    assert {
        ("march-23-movement", "member_of", "congo-river-alliance"),  # 'The M23, which belongs to the … (AFC)'
        ("daniel-mwangi", "member_of", "united-progress-party"),  # 'President Daniel Mwangi of the … Party'
        ("ocha", "part_of", "united-nations"),  # 'The UN humanitarian agency, OCHA'
        ("jamaat-nusrat-al-islam-wal-muslimin", "part_of", "al-qaeda"),  # '(JNIM), al-Qaeda's branch in the Sahel'
        ("sylvain-ekenge", "spokesperson_for", "congolese-troops"),  # 'An army spokesman, Major Sylvain Ekenge'
        ("musa-kabila", "spokesperson_for", "allied-democratic-forces"),  # 'Its spokesman, Musa Kabila'
    } <= relations


def test_roles_kin_and_bodies_of_wire_copy(drafted: dict[str, Draft]) -> None:
    article = drafted["pattani"].article
    headman = actor(article, "Village headman")  # 'killed a village headman', the headline's 'Village headman'
    assert headman.kind == "person" and len(headman.evidence) >= 2
    assert actor(article, "Nephew").kind == "person"  # 'His nephew said'
    brn = actor(article, "Barisan Revolusi Nasional")  # 'the Barisan Revolusi Nasional, or BRN,'
    assert quotes(brn)[:2] == ["Barisan Revolusi Nasional", "BRN"]
    party = actor(article, "People's Party")  # 'the opposition People's Party': a party, its 'opposition' a mention
    assert (party.kind, quotes(party)) == ("political_organization", ["opposition", "People's Party"])
    assert "Opposition" not in {a.name for a in article.actors}
    assert actor(article, "Thai government delegation").kind == "government"  # 'a government delegation'
    assert actor(article, "Government of Malaysia").kind == "government"  # 'where Malaysia has hosted the talks'
    assert actor(article, "Thai paramilitary rangers").kind == "state_forces"
    assert actor(article, "Local television").kind == "media_organization"
    assert actor(article, "Student union").kind == "organization"
