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


def kinds(article: object) -> list[tuple[str, str]]:
    return [(e.event_type, e.sub_event_type) for e in article.events]  # type: ignore[attr-defined]


def test_a_headline_clash_of_students_with_police_is_the_bodys_protest(rules: dict[str, Draft]) -> None:
    article = rules["dhaka"].article  # 'Students clash with police in Dhaka …' then the protest told
    assert kinds(article) == [("Protests", "Protest with intervention")]
    assert article.events[0].evidence[0].quote == "Students clash with police in Dhaka over job quotas"


def test_arrests_within_a_protest_sentence_are_its_intervention(rules: dict[str, Draft]) -> None:
    article = rules["lima"].article  # 'teachers marched through Lima … and police detained six union leaders'
    (protest,) = article.events  # nor 'the detained leaders were released' an arrest of its own
    assert (protest.event_type, protest.sub_event_type) == ("Protests", "Protest with intervention")
    assert {(p.actor, p.role) for p in protest.participants} == {("teachers", "actor1"), ("peruvian-police", "actor2")}


def test_what_someone_says_is_to_come_is_no_event(rules: dict[str, Draft]) -> None:
    assert events_quoting(rules["mopti"].article, "said the attacks would continue") == []
    assert events_quoting(rules["lima"].article, "the protests would go on") == []
    assert events_quoting(rules["culiacan"].article, "the attacks would not stop") == []


def test_fire_on_customers_by_one_armed_side_is_an_attack_not_a_battle(rules: dict[str, Draft]) -> None:
    article = rules["culiacan"].article  # 'Gunmen opened fire on customers at a bar'
    (attack,) = events_quoting(article, "Gunmen opened fire on customers")
    assert (attack.event_type, attack.sub_event_type) == ("Violence against civilians", "Attack")
    (fire,) = events_quoting(article, "set fire to a car")  # gunmen, no crowd: no riot; the damage done as they
    assert fire is attack  # fled is part of the attack told just before (one event, as ACLED codes it)
    assert not [e for e in article.events if e.event_type == "Riots"]


def test_an_event_told_again_is_one_event(rules: dict[str, Draft]) -> None:
    culiacan = rules["culiacan"].article  # 'The attack was the third on a bar in the city this month.'
    assert kinds(culiacan).count(("Violence against civilians", "Attack")) == 1
    mopti = rules["mopti"].article  # 'The Malian army said its troops repelled the assault.'
    (battle,) = [e for e in mopti.events if e.event_type == "Battles"]
    assert [span.quote[:24] for span in battle.evidence] == [
        "Jihadists kill four sold",  # the headline's killing: the body's battle told short
        "Fighters of Katiba Serma",
        "The Malian army said its",
    ]
    assert "Violence against civilians" not in {e.event_type for e in mopti.events}


def test_supporters_youths_gangs_and_prosecutors_are_generic_actors(rules: dict[str, Draft]) -> None:
    nakuru = rules["nakuru"].article  # 'Hundreds of opposition supporters protested in Nakuru'
    assert actor(nakuru, "Opposition supporters").kind == "civilians"
    assert actor(nakuru, "Youths").kind == "civilians"
    (protest,) = [e for e in nakuru.events if e.event_type == "Protests"]
    assert ("opposition-supporters", "actor1") in {(p.actor, p.role) for p in protest.participants}
    assert actor(nakuru, "the ruling party").kind == "political_organization"  # 'Lawmakers from the ruling party'
    assert actor(rules["culiacan"].article, "prosecutors").kind == "government"  # 'prosecutors said'
    text = "Market attacked in Port-au-Prince\nOn Monday, gang members attacked a market in Port-au-Prince, Haiti."
    assert actor(draft(read_text(text), Known()).article, "Gang members").kind == "armed_group"


def test_an_evacuation_with_no_armed_side_is_no_transfer_of_territory(rules: dict[str, Draft]) -> None:
    assert rules["albay"].article.events == []  # 'Rescuers and firefighters evacuated more than 2,000 families'
    text = "Withdrawal from Kidal\nMalian troops withdrew from Kidal, Mali, on Sunday, handing the town to rebels."
    (withdrawal,) = draft(read_text(text), Known()).article.events
    assert withdrawal.sub_event_type == "Non-violent transfer of territory"


def test_violence_told_in_one_sentence_is_one_event() -> None:
    text = (
        "Attack near Gao\nGunmen ambushed an army convoy near Gao, Mali, on Friday and killed two soldiers with"
        " roadside bombs, and arrested a driver."
    )
    article = draft(read_text(text), Known()).article
    assert kinds(article) == [("Battles", "Armed clash")]  # not also an IED strike, nor arrests beside it


def test_an_organisation_named_for_its_purpose_keeps_its_whole_name(rules: dict[str, Draft]) -> None:
    article = rules["saraqib"].article  # '… the Syrian Observatory for Human Rights said'
    observatory = actor(article, "Syrian Observatory for Human Rights")
    assert (observatory.kind, observatory.aliases) == ("organization", [])  # 'Syrian' shortens no organisation
    assert actor(article, "government forces").name == "Syrian government forces"


def test_a_group_named_with_its_acronym_in_brackets_is_a_side_with_the_group_after_it(rules: dict[str, Draft]) -> None:
    article = rules[
        "saraqib"
    ].article  # 'Fighters of Hayat Tahrir al-Sham (HTS) and the Turkistan Islamic Party clashed'
    (clash,) = [e for e in article.events if e.event_type == "Battles"]
    sides = {(p.actor, p.role) for p in clash.participants}
    assert sides == {
        ("turkistan-islamic-party", "actor1"),
        ("hayat-tahrir-al-sham", "associated_actor1"),
        ("syrian-government-forces", "actor2"),
    }


def test_a_sentence_of_what_went_before_codes_no_event() -> None:
    text = (
        "Market attacked in Gao\nGunmen attacked a market in Gao, Mali, on Monday, killing three traders. Since 2012,"
        " jihadists have killed thousands of civilians in Mali. Two years ago, rebels attacked the same market."
    )
    article = draft(read_text(text), Known()).article
    assert [e.evidence[-1].quote[:20] for e in article.events] == ["Gunmen attacked a ma"]
    ongoing = "Fighting near Gao\nFighting since Monday between troops and rebels near Gao, Mali, has killed 20."
    assert kinds(draft(read_text(ongoing), Known()).article) == [("Battles", "Armed clash")]


def test_cartels_rifles_and_a_title_with_its_qualifier_name_their_actors() -> None:
    text = (
        "Clashes in Culiacan\nOn Monday, fighters of the Sinaloa Cartel and the Jalisco New Generation Cartel (CJNG)"
        " clashed in Culiacan, Mexico. Interior Minister Ana Diaz condemned the violence. In Manipur, India, the"
        " Assam Rifles intervened."
    )
    article = draft(read_text(text), Known()).article
    cjng = actor(article, "CJNG")  # the acronym spells the words after 'and the', in any order
    assert (cjng.name, cjng.kind) == ("Jalisco New Generation Cartel", "armed_group")
    assert actor(article, "Sinaloa Cartel").kind == "armed_group"
    diaz = actor(article, "Ana Diaz")
    assert (diaz.kind, diaz.role) == ("person", "Interior Minister")
    assert actor(article, "Assam Rifles").kind == "state_forces"


def test_rebel_soldiers_and_opposition_forces_are_armed_groups_not_a_states() -> None:
    text = (
        "Fighting near Aleppo\nOn Monday, rebel soldiers clashed with government troops near Aleppo, Syria. On"
        " Tuesday, opposition forces attacked Syrian soldiers near Atareb."
    )
    article = draft(read_text(text), Known()).article
    assert actor(article, "Rebel soldiers").kind == "armed_group"
    assert actor(article, "Opposition forces").kind == "armed_group"
    assert kinds(article) == [("Battles", "Armed clash"), ("Battles", "Armed clash")]


def test_wire_words_for_mobs_clashes_bombs_defused_blockades_and_bans(rules: dict[str, Draft]) -> None:
    article = rules["ihosy"].article
    told = {(e.event_type, e.sub_event_type, e.evidence[-1].quote.split()[0]) for e in article.events}
    assert ("Riots", "Mob violence", "IHOSY,") in told  # 'Villagers beat to death a young man'
    assert ("Battles", "Armed clash", "On") in told  # 'gendarmes and the raiders exchanged gunfire'
    assert ("Explosions/Remote violence", "Remote explosive/landmine/IED", "A") in told  # 'A bomb … exploded'
    assert ("Strategic developments", "Disrupted weapons use", "Soldiers") in told  # 'found and destroyed a … bomb'
    assert ("Protests", "Peaceful protest", "Hundreds") in told  # 'blocked the road … to demand compensation'
    assert not [e for e in article.events if e.sub_event_type == "Arrests"]  # 'Nobody had been arrested'
    assert not [e for e in article.events if "banned" in e.evidence[-1].quote]  # a ban on demonstrations is none
