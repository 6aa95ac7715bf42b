"""The event taxonomy (schemas/v1/events.py): the sub-event types are ACLED's."""

from __future__ import annotations

from typing import get_args

from schemas.v1.events import SUB_EVENT_TYPES, SubEventType


def test_sub_event_types_literal_matches_acled_taxonomy() -> None:
    from_taxonomy = [s for subs in SUB_EVENT_TYPES.values() for s in subs]
    assert sorted(from_taxonomy) == sorted(get_args(SubEventType))
    assert len(from_taxonomy) == 25
