"""Strict input: every rule the model states is enforced, and each error names its JSON path."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from schemas import DocumentInvalid, parse_article

BODY = "Isis fought the FSA in Aleppo.\n\nNusra stayed out."


def valid() -> dict[str, Any]:
    return {
        "id": "small",
        "headline": "Isis fights",
        "language": "en",
        "body": BODY,
        "actors": [
            {"id": "isis", "kind": "armed_group", "name": "Isis", "evidence": [ev(0, 4)]},
            {"id": "fsa", "kind": "armed_group", "name": "FSA", "evidence": [ev(16, 19)]},
        ],
        "locations": [
            {"id": "syria", "name": "Syria", "kind": "country", "country": "SY", "evidence": [ev(0, 4)]},
            {"id": "aleppo", "name": "Aleppo", "kind": "city", "parent": "syria", "evidence": [ev(23, 29)]},
        ],
        "events": [
            {
                "id": "clash",
                "event_type": "Battles",
                "sub_event_type": "Armed clash",
                "summary": "Isis fought the FSA.",
                "date": {"start": "2014-01-03", "end": "2014-01-04", "precision": "day", "basis": "stated"},
                "participants": [{"actor": "isis", "role": "actor1"}, {"actor": "fsa", "role": "actor2"}],
                "locations": ["aleppo"],
                "certainty": "stated",
                "evidence": [ev(0, 29)],
            }
        ],
        "relations": [
            {"id": "isis-fsa", "type": "fighting", "subject": "isis", "object": "fsa", "evidence": [ev(0, 19)]}
        ],
    }


def ev(start: int, end: int, field: str = "body") -> dict[str, Any]:
    return {"field": field, "start": start, "end": end, "quote": BODY[start:end]}


def problems_of(document: Any) -> list[tuple[str, str]]:
    with pytest.raises(DocumentInvalid) as caught:
        parse_article(json.dumps(document) if not isinstance(document, bytes) else document)
    return [(p.path, p.message) for p in caught.value.problems]


def changed(edit: Any) -> dict[str, Any]:
    document = copy.deepcopy(valid())
    edit(document)
    return document


def test_the_valid_document_passes() -> None:
    article = parse_article(json.dumps(valid()))
    assert [e.quote for e in article.events[0].evidence] == ["Isis fought the FSA in Aleppo"]


def test_an_event_naming_an_unknown_actor_names_the_id() -> None:
    document = changed(lambda d: d["events"][0]["participants"][0].update(actor="foo"))
    assert problems_of(document) == [("$.events[0].participants[0].actor", "unknown actor id 'foo'")]


def test_unknown_location_parent_event_and_relation_references() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["locations"][1]["parent"] = "nowhere"
        d["events"][0]["locations"] = ["atlantis"]
        d["events"][0]["part_of"] = "bigger"
        d["relations"][0]["object"] = "ghost"

    assert problems_of(changed(edit)) == [
        ("$.locations[1].parent", "unknown location id 'nowhere'"),
        ("$.events[0].locations[0]", "unknown location id 'atlantis'"),
        ("$.events[0].part_of", "unknown event id 'bigger'"),
        ("$.relations[0].object", "unknown actor id 'ghost'"),
    ]


def test_a_quote_that_does_not_match_the_text() -> None:
    document = changed(lambda d: d["actors"][0]["evidence"][0].update(quote="ISIS"))
    assert problems_of(document) == [
        ("$.actors[0].evidence[0].quote", "quote 'ISIS' does not match the text there: 'Isis'")
    ]


def test_an_evidence_span_out_of_range() -> None:
    document = changed(lambda d: d["actors"][1]["evidence"][0].update(start=40, end=4000))
    assert problems_of(document) == [
        ("$.actors[1].evidence[0]", f"span 40..4000 is not within body (length {len(BODY)})")
    ]


def test_evidence_in_a_text_field_the_article_does_not_have() -> None:
    document = changed(lambda d: d["actors"][0]["evidence"][0].update(field="image.caption"))
    assert problems_of(document) == [("$.actors[0].evidence[0].field", "the article has no text at 'image.caption'")]


def test_every_fact_needs_evidence() -> None:
    document = changed(lambda d: d["relations"][0].update(evidence=[]))
    assert problems_of(document) == [("$.relations[0].evidence", "Expected `array` of length >= 1")]


def test_duplicate_ids_within_a_collection() -> None:
    document = changed(lambda d: d["actors"][1].update(id="isis"))
    problems = problems_of(document)
    assert ("$.actors[1].id", "duplicate id 'isis'") in problems


def test_a_start_after_its_end_and_an_inferred_date_without_reason() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["events"][0]["date"] = {"start": "2014-01-05", "end": "2014-01-04", "precision": "day", "basis": "inferred"}

    assert problems_of(changed(edit)) == [
        ("$.events[0].date.start", "start 2014-01-05 is after end 2014-01-04"),
        ("$.events[0].date.inferred_from", "an inferred date must say what it was inferred from"),
    ]


def test_a_sub_event_type_of_another_event_type() -> None:
    document = changed(lambda d: d["events"][0].update(sub_event_type="Peaceful protest"))
    assert problems_of(document) == [
        ("$.events[0].sub_event_type", "'Peaceful protest' is not a sub-event type of 'Battles'")
    ]


def test_unknown_enumeration_values_are_refused_with_their_path() -> None:
    document = changed(lambda d: d["events"][0].update(event_type="Skirmish"))
    [(path, message)] = problems_of(document)
    assert path == "$.events[0].event_type"
    assert message.startswith("Invalid enum value 'Skirmish'")


def test_fatalities_must_be_ordered_and_never_negative() -> None:
    document = changed(lambda d: d["events"][0].update(fatalities={"low": 10, "best": 5, "high": None}))
    assert problems_of(document) == [("$.events[0].fatalities", "expected low <= best <= high")]
    document = changed(lambda d: d["events"][0].update(fatalities={"low": -1}))
    assert problems_of(document) == [("$.events[0].fatalities.low", "Expected `int` >= 0")]


def test_coordinates_out_of_range() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["locations"][1]["coordinates"] = {
            "latitude": 136.2,
            "longitude": 37.1,
            "geo_precision": 1,
            "source": "https://www.geonames.org/170063",
        }

    assert problems_of(changed(edit)) == [("$.locations[1].coordinates.latitude", "Expected `float` <= 90.0")]


def test_a_location_cannot_contain_itself() -> None:
    document = changed(lambda d: d["locations"][0].update(parent="aleppo"))
    assert problems_of(document) == [
        ("$.locations[0].parent", "the parents of 'syria' form a cycle"),
        ("$.locations[1].parent", "the parents of 'aleppo' form a cycle"),
    ]


def test_ids_must_be_url_safe_slugs() -> None:
    for bad in ("a/b", "..", "a b", "Isis", "a%00", "x" * 121, "a--b"):
        document = changed(lambda d, bad=bad: d["actors"][0].update(id=bad))
        assert problems_of(document)[0][0] == "$.actors[0].id", bad


def test_wrong_type_and_missing_field_name_their_path() -> None:
    assert problems_of(changed(lambda d: d.update(body=5))) == [("$.body", "Expected `str`, got `int`")]
    assert problems_of(changed(lambda d: d["actors"][0].pop("kind"))) == [
        ("$.actors[0]", "Object missing required field `kind`")
    ]


def test_a_date_without_time_zone_is_refused() -> None:
    document = changed(lambda d: d.update(date_published="2014-01-04T10:00:00"))
    [(path, message)] = problems_of(document)
    assert path == "$.date_published"
    assert "timezone" in message


def test_malformed_json_and_a_non_object() -> None:
    [(path, message)] = problems_of(b'{"id": ')
    assert path == "$" and message.startswith("malformed JSON")
    assert problems_of(b"[1, 2]") == [("$", "expected a JSON object, got an array")]
