"""Each ACLED sub-event type as a sentence pattern, by event type."""

from __future__ import annotations

from typing import NamedTuple

from schemas.v1.events import EventType, SubEventType


class EventPattern(NamedTuple):
    """An ACLED sub-event type as a clause: {role:pool} placeholders say who takes part, {place} where."""

    sub_event_type: SubEventType
    clause: str
    cameo_code: str | None = None
    lethal: bool = False
    """Whether the sentence may go on to give a death toll."""


EVENT_PATTERNS: dict[EventType, tuple[EventPattern, ...]] = {
    "Battles": (
        EventPattern("Armed clash", "{actor1:group} clashed with {actor2:armed} in {place}", "193", lethal=True),
        EventPattern(
            "Government regains territory", "{actor1:forces} retook {place} from {actor2:group}", "192", lethal=True
        ),
        EventPattern(
            "Non-state actor overtakes territory",
            "{actor1:group} drove {actor2:forces} out of {place}",
            "192",
            lethal=True,
        ),
    ),
    "Violence against civilians": (
        EventPattern("Sexual violence", "{actor1:armed} fighters raped {target:civilians} in {place}", "1821"),
        EventPattern("Attack", "{actor1:armed} gunmen fired on {target:civilians} in {place}", "180", lethal=True),
        EventPattern("Abduction/forced disappearance", "{actor1:armed} abducted {target:civilians} in {place}", "181"),
    ),
    "Explosions/Remote violence": (
        EventPattern("Chemical weapon", "{actor1:armed} gassed {actor2:armed} in {place}", "2041", lethal=True),
        EventPattern("Air/drone strike", "{actor1:forces} bombed {actor2:group} in {place}", "195", lethal=True),
        EventPattern(
            "Suicide bomb", "a bomber from {actor1:group} hit {actor2:forces} in {place}", "1831", lethal=True
        ),
        EventPattern(
            "Shelling/artillery/missile attack", "{actor1:armed} shelled {actor2:armed} in {place}", "194", lethal=True
        ),
        EventPattern(
            "Remote explosive/landmine/IED",
            "an IED by {actor1:group} hit {actor2:forces} in {place}",
            "1833",
            lethal=True,
        ),
        EventPattern("Grenade", "{actor1:armed} threw a grenade at {actor2:armed} in {place}", "183", lethal=True),
    ),
    "Protests": (
        EventPattern("Peaceful protest", "{actor1:civilians} held a peaceful protest in {place}", "141"),
        EventPattern(
            "Protest with intervention",
            "{actor1:civilians} protested in {place} until {actor2:forces} broke it up",
            "141",
        ),
        EventPattern(
            "Excessive force against protesters",
            "{actor1:forces} fired on {target:civilians} in {place}",
            "175",
            lethal=True,
        ),
    ),
    "Riots": (
        EventPattern("Violent demonstration", "{actor1:civilians} rioted in {place}", "145", lethal=True),
        EventPattern(
            "Mob violence", "a mob of {actor1:civilians} attacked {actor2:civilians} in {place}", "145", lethal=True
        ),
    ),
    "Strategic developments": (
        EventPattern("Agreement", "{actor1:armed} and {actor2:armed} agreed a ceasefire in {place}", "057"),
        EventPattern("Arrests", "{actor1:forces} arrested dozens of {target:civilians} in {place}", "173"),
        EventPattern("Change to group/activity", "{actor1:group} announced a new command structure in {place}"),
        EventPattern("Disrupted weapons use", "{actor1:forces} defused explosives laid by {actor2:group} in {place}"),
        EventPattern("Headquarters or base established", "{actor1:group} set up a new headquarters in {place}"),
        EventPattern("Looting/property destruction", "{actor1:armed} looted shops in {place}", "171"),
        EventPattern("Non-violent transfer of territory", "{actor1:armed} handed {place} over to {actor2:armed}"),
        EventPattern("Other", "{actor1:group} issued an ultimatum to {actor2:armed} over {place}"),
    ),
}
EVENT_TYPES = tuple(EVENT_PATTERNS)
