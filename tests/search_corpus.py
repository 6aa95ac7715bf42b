"""A small corpus of three articles of different kinds for the full-text search tests (words the seed has not)."""

from __future__ import annotations

from typing import Any

KOBANI_BODY = (
    "Daesh withdrew from Kobani on Monday, and Kurdish YPG units advanced with tanks. A ceasefire held in the south."
)
HAMA_BODY = "Thousands marched in Ḥamā against the regime. Tanks blocked the road to the city."
BAGHDAD_BODY = "A car bomb hit a police convoy in Baghdad. Daesh claimed the attack; Daesh struck Mosul last week."


def span(text: str, quote: str, field: str = "body") -> dict[str, Any]:
    start = text.index(quote)
    return {"field": field, "start": start, "end": start + len(quote), "quote": quote}


def kobani(body: str = KOBANI_BODY) -> dict[str, Any]:
    return {
        "id": "kobani-advance",
        "headline": "Kurds advance in Kobani",
        "language": "en",
        "image": {"caption": "YPG militiamen in Kobani"},
        "body": body,
        "actors": [
            {"id": "daesh", "kind": "armed_group", "name": "Daesh", "evidence": [span(body, "Daesh")]},
            {
                "id": "ypg",
                "kind": "armed_group",
                "name": "YPG",
                "description": "Kurdish militia",
                "evidence": [span(body, "YPG")],
            },
        ],
        "locations": [
            {"id": "kobani", "name": "Kobani", "kind": "town", "country": "SY", "evidence": [span(body, "Kobani")]}
        ],
        "events": [
            {
                "id": "take-kobani",
                "event_type": "Battles",
                "sub_event_type": "Non-state actor overtakes territory",
                "summary": "Kurdish YPG units took the town as the jihadists withdrew.",
                "participants": [{"actor": "ypg", "role": "actor1"}, {"actor": "daesh", "role": "actor2"}],
                "locations": ["kobani"],
                "certainty": "stated",
                "evidence": [span(body, "Daesh withdrew from Kobani")],
            }
        ],
        "relations": [
            {
                "id": "ypg-fights-daesh",
                "type": "fighting",
                "subject": "ypg",
                "object": "daesh",
                "description": "The YPG pushed the jihadists out",
                "evidence": [span(body, "Kurdish YPG units advanced")],
            }
        ],
    }


def hama() -> dict[str, Any]:
    body = HAMA_BODY
    return {
        "id": "hama-protest",
        "headline": "Protesters march in Ḥamā",
        "language": "en",
        "body": body,
        "actors": [
            {"id": "protesters", "kind": "civilians", "name": "Thousands", "evidence": [span(body, "Thousands")]}
        ],
        "locations": [
            {"id": "hama", "name": "Ḥamā", "kind": "city", "country": "SY", "evidence": [span(body, "Ḥamā")]}
        ],
        "events": [
            {
                "id": "hama-march",
                "event_type": "Protests",
                "sub_event_type": "Peaceful protest",
                "summary": "Thousands marched against the regime.",
                "participants": [{"actor": "protesters", "role": "actor1"}],
                "locations": ["hama"],
                "certainty": "stated",
                "evidence": [span(body, "Thousands marched in Ḥamā")],
            }
        ],
    }


def baghdad() -> dict[str, Any]:
    body = BAGHDAD_BODY
    return {
        "id": "baghdad-bomb",
        "headline": "Car bomb in Baghdad",
        "language": "en",
        "body": body,
        "actors": [
            {"id": "daesh", "kind": "armed_group", "name": "Daesh", "evidence": [span(body, "Daesh")]},
            {"id": "police", "kind": "state_forces", "name": "police", "evidence": [span(body, "police")]},
        ],
        "locations": [
            {"id": "baghdad", "name": "Baghdad", "kind": "city", "country": "IQ", "evidence": [span(body, "Baghdad")]},
            {"id": "mosul", "name": "Mosul", "kind": "city", "country": "IQ", "evidence": [span(body, "Mosul")]},
        ],
        "events": [
            {
                "id": "baghdad-car-bomb",
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Remote explosive/landmine/IED",
                "summary": "A car bomb hit a police convoy; Daesh claimed it.",
                "participants": [{"actor": "daesh", "role": "actor1"}, {"actor": "police", "role": "actor2"}],
                "locations": ["baghdad"],
                "certainty": "claimed",
                "evidence": [span(body, "A car bomb hit a police convoy in Baghdad"), span(body, "Daesh claimed")],
            }
        ],
        "relations": [
            {
                "id": "daesh-opposes-police",
                "type": "opposes",
                "subject": "daesh",
                "object": "police",
                "description": "Daesh attacked the convoy",
                "evidence": [span(body, "Daesh claimed the attack")],
            }
        ],
    }


CORPUS = (kobani, hama, baghdad)
