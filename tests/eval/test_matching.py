"""The scorer's matching rules on drafts and annotations small enough to count by hand."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from eval.matching import Count, Scores, Share, distance_km, name_spans, overlap, pair, score
from schemas import Actor, Article

HEADLINE = "Rebels shell Atareb"
BODY = "The Free Syrian Army (FSA) shelled Atareb on Monday. Residents fled. The FSA fought Isis in Idlib."
ATAREB = {"latitude": 36.13907, "longitude": 36.82504, "geo_precision": 1, "source": "https://www.geonames.org/174030"}


def at(quote: str, occurrence: int = 1, field: str = "body") -> dict[str, Any]:
    """Evidence for the nth occurrence of `quote` in the headline or the body."""
    text = HEADLINE if field == "headline" else BODY
    start = -1
    for _ in range(occurrence):
        start = text.index(quote, start + 1)
    return {"field": field, "start": start, "end": start + len(quote), "quote": quote}


def quote_at(text: str, quote: str) -> dict[str, Any]:
    start = text.index(quote)
    return {"field": "body", "start": start, "end": start + len(quote), "quote": quote}


def article(**fields: Any) -> Article:
    return msgspec.convert({"id": "a", "headline": HEADLINE, "body": BODY, "language": "en", **fields}, Article)


def actor(id: str, kind: str, name: str, *evidence: dict[str, Any], aliases: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"id": id, "kind": kind, "name": name, "aliases": list(aliases), "evidence": list(evidence)}


def place(id: str, name: str, kind: str, *evidence: dict[str, Any], coordinates: Any = None) -> dict[str, Any]:
    return {"id": id, "name": name, "kind": kind, "coordinates": coordinates, "evidence": list(evidence)}


def event(id: str, type_: str, sub_type: str, *evidence: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": id,
        "event_type": type_,
        "sub_event_type": sub_type,
        "summary": id,
        "certainty": "stated",
        "evidence": list(evidence),
    }


def relation(type_: str, subject: str, object_: str, *evidence: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"{subject}-{object_}",
        "type": type_,
        "subject": subject,
        "object": object_,
        "evidence": list(evidence),
    }


ANNOTATED = article(
    actors=[
        actor(
            "fsa", "armed_group", "Free Syrian Army", at("Free Syrian Army"), at("FSA"), at("FSA", 2), aliases=("FSA",)
        ),
        actor("isis", "armed_group", "Isis", at("Isis")),
        actor("residents", "civilians", "Residents of Atareb", at("Residents")),
    ],
    locations=[
        place("atareb", "Atareb", "town", at("Atareb", field="headline"), at("Atareb"), coordinates=ATAREB),
        place("idlib", "Idlib", "province", at("Idlib")),
    ],
    events=[
        event("shelling", "Explosions/Remote violence", "Shelling/artillery/missile attack", at("shelled Atareb")),
        event("clash", "Battles", "Armed clash", at("The FSA fought Isis in Idlib")),
    ],
    relations=[relation("fighting", "fsa", "isis", at("The FSA fought Isis"))],
)


def test_a_draft_is_counted_fact_by_fact() -> None:
    near_atareb = ATAREB | {"latitude": 36.2, "source": "https://www.geonames.org/1"}  # 6.8 km north
    proposed = article(
        actors=[
            actor("fsa", "armed_group", "FSA", at("FSA"), at("FSA", 2)),  # 2 of the 3 spans naming the FSA
            actor("free-syrian-army", "armed_group", "Free Syrian Army", at("Free Syrian Army")),  # the FSA again
            actor("isis", "person", "Isis", at("Isis")),  # found, with the wrong kind
            actor("rebels", "armed_group", "Rebels", at("Rebels", field="headline")),  # not annotated
        ],
        locations=[
            place("atareb", "Atareb", "town", at("Atareb"), coordinates=near_atareb),
            place("idlib", "Idlib", "province", at("Idlib"), coordinates=near_atareb),  # a guess
            place("monday", "Monday", "town", at("Monday")),
        ],
        events=[
            event(
                "e1", "Battles", "Armed clash", at("The Free Syrian Army (FSA) shelled Atareb on Monday")
            ),  # wrong type
            event("e2", "Battles", "Armed clash", at("fought Isis")),
        ],
        relations=[
            relation("fighting", "isis", "fsa", at("fought Isis")),  # the annotated one, the other way round
            relation("allied_with", "fsa", "isis", at("fought Isis")),
        ],
    )
    scores = score(proposed, ANNOTATED)
    assert scores.actors == Count(proposed=4, annotated=3, matched=1)
    assert scores.actors_any_kind == Count(proposed=4, annotated=3, matched=2)
    assert (scores.actors.precision, scores.actors.recall) == (0.25, 1 / 3)
    assert scores.places == Count(proposed=3, annotated=2, matched=2)
    assert scores.coordinates_right == Share(passed=1, of=1)
    assert scores.coordinates_invented == Share(passed=1, of=1)
    assert scores.events == Count(proposed=2, annotated=2, matched=1)
    assert scores.events_sub_type == Count(proposed=2, annotated=2, matched=1)
    assert scores.relations == Count(proposed=2, annotated=1, matched=1)
    assert scores.spans_exact == Share(passed=12, of=12)
    assert scores.left_out == 0
    # the facts the text names: the FSA and Isis ('Residents', opening a sentence, names nobody), both places
    assert scores.actor_names == Count(proposed=4, annotated=2, matched=1)  # (Isis found, as a person)
    assert scores.place_names == Count(proposed=3, annotated=2, matched=2)


def test_a_place_the_text_describes_is_not_one_it_names() -> None:
    body = "Police cleared a main avenue and Rustaveli Avenue. Protesters fled."
    annotated = msgspec.convert(
        {
            "id": "a",
            "headline": "Police clear avenue",
            "body": body,
            "language": "en",
            "locations": [
                place("main", "Main avenue", "area", quote_at(body, "a main avenue")),
                place("rustaveli", "Rustaveli Avenue", "area", quote_at(body, "Rustaveli Avenue")),
            ],
            "actors": [actor("protesters", "civilians", "Protesters", quote_at(body, "Protesters"))],
        },
        Article,
    )
    scores = score(msgspec.structs.replace(annotated, locations=[], actors=[]), annotated)
    assert (scores.places.annotated, scores.place_names.annotated, scores.actor_names.annotated) == (2, 1, 0)


def test_coordinates_more_than_15_km_away_are_wrong_and_none_are_missing() -> None:
    forty_km_north = ATAREB | {"latitude": 36.5}
    for coordinates, right in ((forty_km_north, 0), (None, 0), (ATAREB, 1)):
        proposed = article(locations=[place("atareb", "Atareb", "town", at("Atareb"), coordinates=coordinates)])
        scores = score(proposed, ANNOTATED)
        assert scores.coordinates_right == Share(passed=right, of=1)
        assert scores.places == Count(proposed=1, annotated=2, matched=1)


def test_a_span_whose_quote_is_not_the_text_there_is_not_exact() -> None:
    wrong = at("Isis") | {"start": at("Isis")["start"] + 1}
    proposed = article(
        actors=[actor("isis", "armed_group", "Isis", wrong), actor("fsa", "armed_group", "FSA", at("FSA"))]
    )
    assert score(proposed, ANNOTATED).spans_exact == Share(passed=1, of=2)
    beyond = at("Idlib") | {"start": len(BODY) - 2, "end": len(BODY) + 3}
    proposed = article(locations=[place("idlib", "Idlib", "province", beyond)])
    assert score(proposed, ANNOTATED).spans_exact == Share(passed=0, of=1)


def test_facts_with_words_only_outside_the_drafted_fields_are_left_out() -> None:
    caption = {"field": "image.caption", "start": 12, "end": 21, "quote": "Tel Abyad"}
    annotated = article(
        image={"caption": "Fighters in Tel Abyad"},
        locations=[*msgspec.to_builtins(ANNOTATED.locations), place("tel-abyad", "Tel Abyad", "town", caption)],
    )
    scores = score(article(), annotated)
    assert scores.left_out == 1
    assert scores.places == Count(proposed=0, annotated=2, matched=0)


def test_a_draft_with_nothing_has_no_precision_and_no_recall() -> None:
    scores = score(article(), ANNOTATED)
    assert (scores.actors.precision, scores.actors.recall) == (None, 0.0)
    assert (scores.spans_exact.ratio, Count().recall) == (None, None)


def test_scores_add_up_field_by_field() -> None:
    one = Scores(actors=Count(2, 3, 1), spans_exact=Share(4, 4), left_out=1)
    two = Scores(actors=Count(1, 1, 1), spans_exact=Share(1, 2))
    assert one + two == Scores(actors=Count(3, 4, 2), spans_exact=Share(5, 6), left_out=1)


def test_the_spans_that_name_an_actor_are_those_holding_its_name_or_an_alias() -> None:
    fsa = msgspec.convert(
        actor("fsa", "armed_group", "Free Syrian Army", at("The Free Syrian Army (FSA)"), at("The FSA"), at("Isis")),
        Actor,
    )
    assert name_spans(fsa) == [("body", 0, 26)]
    with_alias = msgspec.structs.replace(fsa, aliases=["fsa"])  # (compared case-folded)
    assert name_spans(with_alias) == [("body", 0, 26), ("body", 69, 76)]
    residents = msgspec.structs.replace(fsa, name="Residents of Atareb", aliases=[])
    assert len(name_spans(residents)) == 3  # none names it: all of them


def test_overlap_is_shared_characters_over_all_characters() -> None:
    assert overlap(("body", 0, 10), ("body", 5, 15)) == pytest.approx(1 / 3)
    assert overlap(("body", 0, 10), ("body", 0, 10)) == 1.0
    assert overlap(("body", 0, 10), ("body", 10, 15)) == 0.0
    assert overlap(("body", 0, 10), ("headline", 0, 10)) == 0.0


def test_pairs_are_one_to_one_preferred_first_then_closest() -> None:
    annotated = ["a"]
    closeness = {("x", "a"): 0.9, ("y", "a"): 0.2}
    assert pair(["x", "y"], annotated, lambda p, a: closeness[(p, a)]) == {0: 0}
    assert pair(["x", "y"], annotated, lambda p, a: closeness[(p, a)], lambda p, a: p == "y") == {1: 0}
    assert pair(["x", "y"], ["a", "b"], lambda p, a: 1.0) == {0: 0, 1: 1}  # ties: in the order listed
    assert pair(["x"], ["a"], lambda p, a: 0.0) == {}


def test_distance_is_great_circle_kilometres() -> None:
    assert distance_km(0, 0, 1, 0) == pytest.approx(111.195, abs=0.001)
    assert distance_km(36.20124, 37.16117, 36.13907, 36.82504) == pytest.approx(31.0, abs=0.5)  # Aleppo to Atareb
