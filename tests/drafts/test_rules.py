"""Rules across words and sentences, on the articles of tests/drafts/rules: anaphors as participants, people
named by what they do, relations stated between actors."""

from __future__ import annotations

import pytest

from schemas.v1.drafts import Draft
from service.drafts import Known, draft, read_text
from tests.drafts.helpers import actor, events_quoting, proposal
from tests.drafts.test_places import RULES


@pytest.fixture(scope="module")
def rules() -> dict[str, Draft]:
    return {path.stem: draft(read_text(path.read_text(encoding="utf-8")), Known()) for path in RULES.glob("*.txt")}


def roles(event: object) -> set[tuple[str, str]]:
    return {(p.actor, p.role) for p in event.participants}  # type: ignore[attr-defined]


def test_the_group_and_the_insurgents_stand_for_the_one_group_named_before(rules: dict[str, Draft]) -> None:
    article = rules["borno"].article
    (abduction,) = events_quoting(article, "the group abducted 14 women")
    assert roles(abduction) == {("boko-haram", "actor1"), ("women", "target")}  # residents only say so
    (clash,) = events_quoting(article, "clashed with the insurgents")
    assert roles(clash) == {("nigerian-soldiers", "actor1"), ("boko-haram", "actor2")}  # troops: those soldiers
    assert not {"Militants", "Insurgents"} & {a.name for a in article.actors}  # no actor of their own
    assert [span.quote for span in actor(article, "Boko Haram").evidence] == ["Boko Haram"]  # nor its evidence


def test_an_anaphor_that_two_actors_fit_stands_for_neither(rules: dict[str, Draft]) -> None:
    article = rules["idlib"].article  # 'HTS split from al-Qaeda and is allied with the TIP. Its fighters shelled'
    (shelling,) = events_quoting(article, "Its fighters shelled")
    assert not {a for a, _ in roles(shelling)} & {"hayat-tahrir-al-sham", "al-qaeda", "turkistan-islamic-party"}


def test_an_anaphor_is_no_side_of_a_relation(rules: dict[str, Draft]) -> None:
    article = rules["conflict"].article  # 'The group split from Ansar Dine'
    assert [r for r in article.relations if r.type == "split_from"] == []


def test_a_pronoun_stands_for_the_actor_before_it_unless_it_is_impersonal() -> None:
    text = (
        "Raid in Konduga\nBoko Haram fighters raided Konduga, Nigeria, on Monday. It abducted 20 farmers,"
        " residents said. It was unclear who attacked Bama."
    )
    article = draft(read_text(text), Known()).article
    (abduction,) = events_quoting(article, "It abducted 20 farmers")
    assert ("boko-haram", "actor1") in roles(abduction)
    assert all("boko-haram" not in {a for a, _ in roles(e)} for e in events_quoting(article, "who attacked Bama"))


def test_two_capitalised_words_that_act_as_people_do_are_a_person(rules: dict[str, Draft]) -> None:
    santos = actor(rules["disaster"].article, "Maria Santos")  # 'Maria Santos lost her house'
    assert (santos.kind, proposal(rules["disaster"], santos).confidence) == ("person", 0.55)
    assert actor(rules["crime"].article, "Jan Jarab").kind == "person"  # 'condemned … by Jan Jarab of the UN'
    names = {a.name for a in rules["crime"].article.actors}
    assert "Article 19" not in names or actor(rules["crime"].article, "Article 19").kind != "person"
    assert "Human Rights" not in {a.name for a in rules["idlib"].article.actors}  # the Observatory's name's end


def test_relations_stated_between_actors(rules: dict[str, Draft]) -> None:
    relations = {(r.subject, r.type, r.object) for r in rules["politics"].article.relations}
    assert relations == {
        ("ahmed-qureshi", "leader_of", "movement"),  # 'Ahmed Qureshi, leader of the … (SPM),'
        ("movement", "split_from", "pakistan-peoples-party"),
        ("movement", "allied_with", "muttahida-qaumi-movement"),
        ("bilal-shah", "member_of", "movement"),
        ("farah-naz", "spokesperson_for", "pakistan-peoples-party"),  # 'Farah Naz, spokeswoman for the PPP,'
    }
    idlib = {(r.subject, r.type, r.object) for r in rules["idlib"].article.relations}
    assert ("hayat-tahrir-al-sham", "allied_with", "turkistan-islamic-party") in idlib  # '… and is allied with'
    assert not [r for r in idlib if r[0] == "al-qaeda" and r[1] == "allied_with"]


def test_a_sentence_that_goes_on_with_a_protest_tells_more_of_it(rules: dict[str, Draft]) -> None:
    article = rules["protest"].article  # 'students marched … The protest turned violent … Police fired tear gas'
    (protest,) = [e for e in article.events if e.event_type == "Protests"]
    assert (protest.sub_event_type, [span.quote[:22] for span in protest.evidence]) == (
        "Protest with intervention",
        ["Students clash with po", "Thousands of students ", "The protest turned vio", "Police fired tear gas "],
    )  # the headline's clash of students with police is this protest told short, no battle
    assert {("students", "actor1"), ("police", "actor2")} <= roles(protest)
    assert events_quoting(article, "arrested at least 30 people") == [protest]  # the arrests are its intervention
