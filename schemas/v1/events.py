"""Events, coded with ACLED's taxonomy and UCDP's date ranges and fatality bounds."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, get_args

from msgspec import Meta, field

from schemas._base import Base, Count, Id, NonEmptyText, ShortText
from schemas.v1.evidence import Attribution, Certainty, EvidenceList
from schemas.v1.locations import GeoPrecision

EventType = Literal[
    "Battles",
    "Violence against civilians",
    "Explosions/Remote violence",
    "Protests",
    "Riots",
    "Strategic developments",
]
_BattleSubTypes = Literal["Armed clash", "Government regains territory", "Non-state actor overtakes territory"]
_ViolenceAgainstCiviliansSubTypes = Literal["Sexual violence", "Attack", "Abduction/forced disappearance"]
_ExplosionSubTypes = Literal[
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
]
_ProtestSubTypes = Literal["Peaceful protest", "Protest with intervention", "Excessive force against protesters"]
_RiotSubTypes = Literal["Violent demonstration", "Mob violence"]
_StrategicDevelopmentSubTypes = Literal[
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
]
_SUB_TYPES_IN_ORDER = (
    _BattleSubTypes,
    _ViolenceAgainstCiviliansSubTypes,
    _ExplosionSubTypes,
    _ProtestSubTypes,
    _RiotSubTypes,
    _StrategicDevelopmentSubTypes,
)
SubEventType = Literal[
    _BattleSubTypes,
    _ViolenceAgainstCiviliansSubTypes,
    _ExplosionSubTypes,
    _ProtestSubTypes,
    _RiotSubTypes,
    _StrategicDevelopmentSubTypes,
]

SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = dict(
    zip(get_args(EventType), map(get_args, _SUB_TYPES_IN_ORDER), strict=True)
)
"""ACLED's taxonomy: which sub-event types belong to each event type, in the order EventType lists them.
Each name is written once, in the Literals above; the validator checks an event's pair against this."""

ParticipantRole = Annotated[
    Literal["actor1", "associated_actor1", "actor2", "associated_actor2", "target"],
    Meta(
        description=(
            "ACLED roles: actor1 and actor2 are the two sides (not who attacked whom); associated_actorN "
            "fought alongside actorN; target is who was harmed or acted upon without fighting (civilians, detainees)."
        )
    ),
]


class DateRange(Base, frozen=True, kw_only=True):
    """When, as a range with its precision (UCDP's date_start/date_end, ACLED's time_precision)."""

    start: Annotated[dt.date | None, Meta(extra={"jsonld": "startDate"})] = None
    end: Annotated[dt.date | None, Meta(extra={"jsonld": "endDate"})] = None
    precision: Literal["day", "week", "month", "year"]
    basis: Literal["stated", "inferred"]
    inferred_from: ShortText | None = None
    """Required when basis is 'inferred': what in the text the date was worked out from."""


class Fatalities(Base, frozen=True, kw_only=True):
    """Deaths as UCDP's low / best / high estimates; null means unknown, never 0."""

    low: Count | None = None
    best: Count | None = None
    high: Count | None = None


class Participant(Base, frozen=True, kw_only=True):
    actor: Annotated[Id, Meta(extra={"jsonld": "attendee", "ref": "actors"})]
    role: Annotated[ParticipantRole, Meta(extra={"jsonld": "roleName"})]


class Event(Base, frozen=True, kw_only=True):
    """Something that happened (or was threatened) at a place and time, coded like ACLED."""

    id: Id
    event_type: EventType
    sub_event_type: SubEventType
    cameo_code: Annotated[str, Meta(pattern=r"^[0-9]{2,4}$", description="GDELT CAMEO event code.")] | None = None
    summary: Annotated[NonEmptyText, Meta(extra={"jsonld": "description"})]
    date: DateRange | None = None
    participants: list[Participant] = field(default_factory=list)
    locations: Annotated[list[Id], Meta(extra={"jsonld": "location", "ref": "locations"})] = field(default_factory=list)
    geo_precision: GeoPrecision | None = None
    fatalities: Fatalities = field(default_factory=Fatalities)
    attribution: list[Attribution] = field(default_factory=list)
    certainty: Certainty
    part_of: Annotated[Id | None, Meta(extra={"jsonld": "superEvent", "ref": "events"})] = None
    """The id of a broader event this one is a place-level part of."""
    evidence: EvidenceList
