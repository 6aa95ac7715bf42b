"""Strict input (schemas/v1/validation.py): every rule the model states is enforced, and each error names its
JSON path, for hand-made documents and for any article hypothesis builds; the fast path a valid document takes
passes exactly what the reporting path passes."""

from __future__ import annotations

import copy
import functools
import json
import operator
import re
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import (
    COLLECTIONS,
    SUB_EVENT_TYPES,
    Article,
    DocumentInvalid,
    decode_json,
    parse_article,
    parse_input,
    validate_article,
    validate_input,
)
from schemas.v1 import anchoring, validation
from schemas.v1.validation import check_consistency, checked, consistent, validate_reporting
from tests.conftest import PROPERTY, SEED_PATH, articles


@PROPERTY
@given(articles())
def test_a_valid_article_passes_the_input_gate(article: Article) -> None:
    assert validate_article(msgspec.to_builtins(article)) == article


@PROPERTY
@given(articles())
def test_every_evidence_span_is_its_quote(article: Article) -> None:
    image = article.image
    texts = {
        "headline": article.headline,
        "body": article.body,
        "image.description": image.description if image else None,
        "image.caption": image.caption if image else None,
    }
    for collection in COLLECTIONS:
        for item in getattr(article, collection):
            for span in item.evidence:
                text = texts[span.field]
                assert text is not None and text[span.start : span.end] == span.quote


def refused(document: dict[str, Any]) -> list[str]:
    """The JSON paths of the problems validate_article reports (it must refuse the document)."""
    with pytest.raises(DocumentInvalid) as caught:
        validate_article(document)
    paths = [problem.path for problem in caught.value.problems]
    assert paths and all(path.startswith("$") for path in paths), paths
    return paths


def items_with_evidence(document: dict[str, Any]) -> list[tuple[str, int]]:
    return [(name, i) for name in COLLECTIONS for i in range(len(document[name]))]


@PROPERTY
@given(articles(), st.data())
def test_a_changed_quote_is_refused_at_its_path(article: Article, data: st.DataObject) -> None:
    document = msgspec.to_builtins(article)
    name, index = data.draw(st.sampled_from(items_with_evidence(document)))
    document[name][index]["evidence"][0]["quote"] += "x"
    assert refused(document) == [f"$.{name}[{index}].evidence[0].quote"]


@PROPERTY
@given(articles(), st.data())
def test_a_span_past_the_end_of_its_text_is_refused(article: Article, data: st.DataObject) -> None:
    document = msgspec.to_builtins(article)
    name, index = data.draw(st.sampled_from(items_with_evidence(document)))
    document[name][index]["evidence"][0]["end"] = 10_000_000  # the largest offset there is, past any text
    assert refused(document) == [f"$.{name}[{index}].evidence[0]"]


@PROPERTY
@given(articles())
def test_a_section_past_the_end_of_the_body_is_refused(article: Article) -> None:
    document = msgspec.to_builtins(article)
    section = document["sections"][0]
    section["text"] = document["body"][section["start"] :]  # what a slice to the end would give
    section["end"] = len(document["body"]) + 1
    assert refused(document) == ["$.sections[0]"]


@PROPERTY
@given(articles(), st.data())
def test_a_reversed_span_is_refused(article: Article, data: st.DataObject) -> None:
    document = msgspec.to_builtins(article)
    name, index = data.draw(st.sampled_from(items_with_evidence(document)))
    span = document[name][index]["evidence"][0]
    span["start"], span["end"] = span["end"], span["start"]
    assert refused(document) == [f"$.{name}[{index}].evidence[0]"]


Place = tuple[str, Any, str | int]
"""Where a value sits in a document: its JSON path, its container and its key there."""


def references(document: dict[str, Any]) -> list[Place]:
    """Every place that holds the id of another item."""
    found: list[Place] = [("$.publisher", document, "publisher")]
    found += [(f"$.authors[{i}]", document["authors"], i) for i in range(len(document["authors"]))]
    for i, location in enumerate(document["locations"]):
        found.append((f"$.locations[{i}].parent", location, "parent"))
    for i, event in enumerate(document["events"]):
        found.append((f"$.events[{i}].part_of", event, "part_of"))
        for j, participant in enumerate(event["participants"]):
            found.append((f"$.events[{i}].participants[{j}].actor", participant, "actor"))
        found += [(f"$.events[{i}].locations[{j}]", event["locations"], j) for j in range(len(event["locations"]))]
    for i, relation in enumerate(document["relations"]):
        found += [(f"$.relations[{i}].{end}", relation, end) for end in ("subject", "object")]
    return found


def strings(value: Any, path: str = "$") -> list[Place]:
    """Every place that holds a string."""
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    found: list[Place] = []
    for key, child in children:
        child_path = f"{path}.{key}" if isinstance(value, dict) else f"{path}[{key}]"
        found += [(child_path, value, key)] if isinstance(child, str) else strings(child, child_path)
    return found


@PROPERTY
@given(articles(), st.data())
def test_a_reference_to_a_missing_item_is_refused_at_its_path(article: Article, data: st.DataObject) -> None:
    document = msgspec.to_builtins(article)
    path, container, key = data.draw(st.sampled_from(references(document)))
    container[key] = "no-such-item"
    assert refused(document) == [path]


@PROPERTY
@given(articles(), st.data())
def test_an_id_ending_in_a_line_feed_is_refused_at_its_path(article: Article, data: st.DataObject) -> None:
    """Python's `$` matches before a final line feed; the model's patterns must not (JSON Schema's do not)."""
    document = msgspec.to_builtins(article)
    ids: list[Place] = [("$.id", document, "id")]
    ids += [(f"$.{name}[{i}].id", document[name][i], "id") for name, i in items_with_evidence(document)]
    ids += [place for place in references(document) if place[1][place[2]] is not None]
    path, container, key = data.draw(st.sampled_from(ids))
    container[key] += "\n"
    assert refused(document) == [path]


@PROPERTY
@given(articles(), st.data())
def test_a_nul_character_in_any_string_is_refused_at_its_path(article: Article, data: st.DataObject) -> None:
    """JSON allows U+0000, PostgreSQL's JSONB does not: the input gate refuses it on every engine alike."""
    document = msgspec.to_builtins(article)
    path, container, key = data.draw(st.sampled_from(strings(document)))
    at = data.draw(st.integers(0, len(container[key])))
    container[key] = container[key][:at] + "\x00" + container[key][at:]
    assert refused(document) == [path]


@PROPERTY
@given(articles(), st.data())
def test_an_unknown_field_is_refused_at_its_path(article: Article, data: st.DataObject) -> None:
    document = msgspec.to_builtins(article)
    name, index = data.draw(st.sampled_from(items_with_evidence(document)))
    document[name][index]["surprise"] = 1
    assert refused(document) == [f"$.{name}[{index}].surprise"]


@PROPERTY
@given(articles())
def test_a_sub_event_type_of_another_event_type_is_refused(article: Article) -> None:
    document = msgspec.to_builtins(article)
    event = document["events"][0]
    event["sub_event_type"] = next(
        sub for kind, subs in SUB_EVENT_TYPES.items() if kind != event["event_type"] for sub in subs
    )
    assert refused(document) == ["$.events[0].sub_event_type"]


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


def test_strict_input_still_rejects_the_unknown_field() -> None:
    document = json.loads(SEED_PATH.read_bytes())
    document["actors"][2]["nickname"] = "x"
    with pytest.raises(DocumentInvalid) as caught:
        parse_article(json.dumps(document))
    assert [(p.path, p.message) for p in caught.value.problems] == [("$.actors[2].nickname", "unknown field")]


def test_unknown_fields_deep_in_a_document_are_each_reported_with_their_path() -> None:
    """A clean document is passed by a walk that builds no paths: one that is not is walked again for them."""
    document = json.loads(SEED_PATH.read_bytes())
    document["events"][3]["evidence"][0]["page"] = 2
    document["events"][1]["date"]["timezone"] = "UTC"
    document["relations"][0]["attribution"] = [{"source": "isis", "said": "x"}]
    with pytest.raises(DocumentInvalid) as caught:
        parse_article(json.dumps(document))
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("$.events[1].date.timezone", "unknown field"),
        ("$.events[3].evidence[0].page", "unknown field"),
        ("$.relations[0].attribution[0].said", "unknown field"),
    ]


Edit = tuple[str, tuple[str | int, ...], Any]
"""A change to a document: what it does, the keys that lead to the value changed, the value put there."""


def keys_of(path: str) -> tuple[str | int, ...]:
    """The keys a JSON path ('$.events[0].locations[1]') names, in order."""
    return tuple(int(index) if index else key for key, index in re.findall(r"\.(\w+)|\[(\d+)\]", path))


def edits(document: dict[str, Any]) -> list[Edit]:
    """Changes that leave a document of the model's types, each breaking a rule across fields or keeping them all."""
    found: list[Edit] = [("nothing", (), None)]
    found += [(f"{path} names nothing", keys_of(path), "no-such-item") for path, _, _ in references(document)]
    for name, i in items_with_evidence(document):
        last = len(document[name][i]["evidence"]) - 1
        span = document[name][i]["evidence"][last]
        at = (name, i, "evidence", last)
        found += [
            (f"{name}[{i}] has the id of the first", (name, i, "id"), document[name][0]["id"]),
            (f"{name}[{i}] quote changed", (*at, "quote"), span["quote"] + "x"),
            (f"{name}[{i}] quote cut", (*at, "quote"), span["quote"][:-1] or "x"),
            (f"{name}[{i}] span ends past its text", (*at, "end"), 10_000_000),
            (f"{name}[{i}] span one later", (*at, "start"), span["start"] + 1),
            (f"{name}[{i}] span reversed", at, {**span, "start": span["end"], "end": span["start"]}),
            (f"{name}[{i}] span in the caption", (*at, "field"), "image.caption"),
        ]
    for i, section in enumerate(document["sections"]):
        found += [
            (f"sections[{i}] ends past the body", ("sections", i, "end"), len(document["body"]) + 1),
            (f"sections[{i}] text changed", ("sections", i, "text"), section["text"] + "x"),
        ]
    for i, location in enumerate(document["locations"]):
        found += [
            (f"locations[{i}] in itself", ("locations", i, "parent"), location["id"]),
            (f"locations[{i}] in the last", ("locations", i, "parent"), document["locations"][-1]["id"]),
        ]
    dated = [("date_inferred",)] + [("events", i, "date") for i in range(len(document["events"]))]
    for at in dated:
        found += [
            (f"{at} reversed", at, {"start": "2014-02-02", "end": "2014-02-01", "precision": "day", "basis": "stated"}),
            (f"{at} inferred from nothing", at, {"precision": "day", "basis": "inferred"}),
        ]
    found += [
        ("modified before published", ("date_modified",), "2000-01-01T00:00:00+00:00"),
        ("modified long after", ("date_modified",), "2100-01-01T00:00:00+00:00"),
    ]
    for i, event in enumerate(document["events"]):
        for low, best, high in [(3, 2, None), (None, 3, 2), (3, None, 2), (1, 2, 3), (2, 2, None), (None, None, 5)]:
            deaths = {"low": low, "best": best, "high": high}
            found += [(f"events[{i}] deaths {low} {best} {high}", ("events", i, "fatalities"), deaths)]
        other = next(sub for kind, subs in SUB_EVENT_TYPES.items() if kind != event["event_type"] for sub in subs)
        found += [
            (f"events[{i}] part of itself", ("events", i, "part_of"), event["id"]),
            (f"events[{i}] of another type's sub-type", ("events", i, "sub_event_type"), other),
        ]
    for i, relation in enumerate(document["relations"]):
        found += [(f"relations[{i}] to its subject", ("relations", i, "object"), relation["subject"])]
    return found


def edited(document: dict[str, Any], keys: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A copy of the document with the value at `keys` replaced (none: the document as it is)."""
    copied = copy.deepcopy(document)
    if keys:
        *parents, last = keys
        functools.reduce(operator.getitem, parents, copied)[last] = value
    return copied


def slowly(document: dict[str, Any]) -> Article | None:
    """The Article the reporting path reads, or None where it refuses the document."""
    try:
        return validate_reporting(document)
    except DocumentInvalid:
        return None


@PROPERTY
@given(articles())
def test_the_one_pass_check_finds_a_rule_broken_exactly_where_the_reporting_one_does(article: Article) -> None:
    """Every edit of every generated article: the fast path passes what the reporting path passes, and only that
    (but for a string ending in a line feed, which it leaves to the reporting path)."""
    for what, keys, value in edits(msgspec.to_builtins(article)):
        document = edited(msgspec.to_builtins(article), keys, value)
        article_edited = msgspec.convert(document, Article, strict=True)
        assert consistent(article_edited) == (list(check_consistency(article_edited)) == []), what
        ends_in_line_feed = any(container[key].endswith("\n") for _, container, key in strings(document))
        expected = slowly(document) if consistent(article_edited) and not ends_in_line_feed else None
        assert checked(document) == expected, what


@PROPERTY
@given(articles())
def test_a_valid_article_is_passed_by_the_fast_path_unless_a_string_ends_in_a_line_feed(article: Article) -> None:
    """Only where the document's JSON holds a string ending in `\\n` (an id ending so is refused, a text may)
    is it read again, slowly, to tell which."""
    document = msgspec.to_builtins(article)
    ends_in_line_feed = any(container[key].endswith("\n") for _, container, key in strings(document))
    fast = checked(document, json.dumps(document))
    assert checked(document) == fast
    assert (fast is None) == ends_in_line_feed
    assert fast is None or fast == article


def test_a_valid_document_is_read_without_building_a_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed, as a write sends it, never reaches what reports problems with their paths."""

    def reporting(*args: Any) -> Any:
        raise AssertionError("a valid document went the reporting way")

    for name in ("validate_reporting", "check_consistency", "_unknown_fields", "_nul_characters", "check_evidence"):
        monkeypatch.setattr(validation, name, reporting)
    monkeypatch.setattr(anchoring, "validate_reporting", reporting)
    monkeypatch.setattr(anchoring, "anchor", reporting)
    text = SEED_PATH.read_bytes()
    assert parse_article(text) == parse_input(text) == validate_input(json.loads(text))


def test_a_body_ending_in_a_line_feed_is_read_slowly_and_accepted() -> None:
    document = changed(lambda d: d.update(body=BODY + "\n"))
    assert parse_article(json.dumps(document)).body == BODY + "\n"
    assert checked(document) is None


def test_a_line_feed_or_nul_written_as_a_unicode_escape_is_still_found() -> None:
    text = json.dumps(changed(lambda d: d["actors"][0].update(id="isis\n"))).replace('isis\\n"', 'isis\\u000A"')
    assert 'isis\\u000A"' in text
    assert [path for path, _ in problems_of(text.encode())] == ["$.actors[0].id"]
    text = json.dumps(changed(lambda d: d["locations"][1].update(name="Alep\x00po")))
    assert problems_of(text.encode()) == [("$.locations[1].name", "NUL characters (U+0000) are not allowed")]


def test_an_integer_written_with_a_fraction_passes_either_way() -> None:
    """JSON Schema counts 5.0 as an integer: decode_json reads it so before either path looks at it."""
    text = json.dumps(valid()).replace('"start": 16, "end": 19', '"start": 16.0, "end": 1.9e1')
    assert '"start": 16.0' in text
    assert parse_article(text) == parse_article(json.dumps(valid()))
    assert checked(decode_json(text), text) is not None
