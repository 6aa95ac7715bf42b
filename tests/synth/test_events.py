"""The synthetic timeline (synth/events.py): events of every ACLED type, coded as the model's taxonomy has them."""

from __future__ import annotations

from schemas import SUB_EVENT_TYPES
from synth import synth_corpus


def test_the_corpus_covers_all_six_acled_event_types() -> None:
    event_types = {event.event_type for article in synth_corpus(200, 1) for event in article.events}
    assert event_types == set(SUB_EVENT_TYPES)


def test_every_event_has_a_sub_event_type_of_its_own_event_type() -> None:
    for article in synth_corpus(50, 1):
        for event in article.events:
            assert event.sub_event_type in SUB_EVENT_TYPES[event.event_type]
