"""Each ACLED sub-event type of the model as a sentence pattern; the taxonomy itself is the model's.

Which sub-event types an event type has, and their order (which the random draws follow), come from
`schemas.SUB_EVENT_TYPES`; this table only says how each one is written.
"""

from __future__ import annotations

from typing import NamedTuple, cast

from schemas import SUB_EVENT_TYPES
from schemas.v1.events import EventType, SubEventType

TAXONOMY = cast("dict[EventType, tuple[SubEventType, ...]]", SUB_EVENT_TYPES)
"""The model's taxonomy, typed by its Literals (a schemas test holds the table to them)."""
EVENT_TYPES = tuple(TAXONOMY)


class EventPattern(NamedTuple):
    """A sub-event type as a clause: {role:pool} placeholders say who takes part, {place} where."""

    clause: str
    cameo_code: str | None = None
    lethal: bool = False
    """Whether the sentence may go on to give a death toll."""


EVENT_PATTERNS: dict[SubEventType, EventPattern] = {
    "Armed clash": EventPattern("{actor1:group} clashed with {actor2:armed} in {place}", "193", lethal=True),
    "Government regains territory": EventPattern(
        "{actor1:forces} retook {place} from {actor2:group}", "192", lethal=True
    ),
    "Non-state actor overtakes territory": EventPattern(
        "{actor1:group} drove {actor2:forces} out of {place}", "192", lethal=True
    ),
    "Sexual violence": EventPattern("{actor1:armed} fighters raped {target:civilians} in {place}", "1821"),
    "Attack": EventPattern("{actor1:armed} gunmen fired on {target:civilians} in {place}", "180", lethal=True),
    "Abduction/forced disappearance": EventPattern("{actor1:armed} abducted {target:civilians} in {place}", "181"),
    "Chemical weapon": EventPattern("{actor1:armed} gassed {actor2:armed} in {place}", "2041", lethal=True),
    "Air/drone strike": EventPattern("{actor1:forces} bombed {actor2:group} in {place}", "195", lethal=True),
    "Suicide bomb": EventPattern("a bomber from {actor1:group} hit {actor2:forces} in {place}", "1831", lethal=True),
    "Shelling/artillery/missile attack": EventPattern(
        "{actor1:armed} shelled {actor2:armed} in {place}", "194", lethal=True
    ),
    "Remote explosive/landmine/IED": EventPattern(
        "an IED by {actor1:group} hit {actor2:forces} in {place}", "1833", lethal=True
    ),
    "Grenade": EventPattern("{actor1:armed} threw a grenade at {actor2:armed} in {place}", "183", lethal=True),
    "Peaceful protest": EventPattern("{actor1:civilians} held a peaceful protest in {place}", "141"),
    "Protest with intervention": EventPattern(
        "{actor1:civilians} protested in {place} until {actor2:forces} broke it up", "141"
    ),
    "Excessive force against protesters": EventPattern(
        "{actor1:forces} fired on {target:civilians} in {place}", "175", lethal=True
    ),
    "Violent demonstration": EventPattern("{actor1:civilians} rioted in {place}", "145", lethal=True),
    "Mob violence": EventPattern(
        "a mob of {actor1:civilians} attacked {actor2:civilians} in {place}", "145", lethal=True
    ),
    "Agreement": EventPattern("{actor1:armed} and {actor2:armed} agreed a ceasefire in {place}", "057"),
    "Arrests": EventPattern("{actor1:forces} arrested dozens of {target:civilians} in {place}", "173"),
    "Change to group/activity": EventPattern("{actor1:group} announced a new command structure in {place}"),
    "Disrupted weapons use": EventPattern("{actor1:forces} defused explosives laid by {actor2:group} in {place}"),
    "Headquarters or base established": EventPattern("{actor1:group} set up a new headquarters in {place}"),
    "Looting/property destruction": EventPattern("{actor1:armed} looted shops in {place}", "171"),
    "Non-violent transfer of territory": EventPattern("{actor1:armed} handed {place} over to {actor2:armed}"),
    "Other": EventPattern("{actor1:group} issued an ultimatum to {actor2:armed} over {place}"),
}
