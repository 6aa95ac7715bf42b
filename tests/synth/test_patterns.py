"""The sentence patterns (synth/patterns.py): one for each sub-event type of the model, and no other."""

from __future__ import annotations

from typing import get_args

from schemas import SUB_EVENT_TYPES
from schemas.v1.events import SubEventType
from synth.patterns import EVENT_PATTERNS, EVENT_TYPES, TAXONOMY


def test_every_sub_event_type_of_the_model_has_a_pattern() -> None:
    assert set(EVENT_PATTERNS) == set(get_args(SubEventType))
    assert set(EVENT_PATTERNS) == {sub for subs in SUB_EVENT_TYPES.values() for sub in subs}


def test_the_event_types_and_their_order_are_the_models() -> None:
    assert TAXONOMY is SUB_EVENT_TYPES
    assert tuple(SUB_EVENT_TYPES) == EVENT_TYPES


def test_every_pattern_names_a_place_and_a_first_actor() -> None:
    for pattern in EVENT_PATTERNS.values():
        assert "{place}" in pattern.clause and "{actor1:" in pattern.clause
