"""Actors (people, organisations, armed groups …) and the typed relations between them."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, field

from schemas._base import Base, Id, ShortText, Uri
from schemas.v1.evidence import Attribution, Certainty, EvidenceList

ActorKind = Annotated[
    Literal[
        "person",
        "armed_group",
        "coalition",
        "government",
        "state_forces",
        "political_organization",
        "media_organization",
        "civilians",
        "organization",
    ],
    Meta(
        description=(
            "person; armed_group (a non-state armed organisation); coalition (an alliance of groups); "
            "government; state_forces (a state's military or police); political_organization; "
            "media_organization; civilians (unarmed people as a group: residents, activists); "
            "organization (any other)."
        )
    ),
]

RelationType = Annotated[
    Literal[
        "affiliated_with",
        "allied_with",
        "member_of",
        "part_of",
        "split_from",
        "fighting",
        "supports",
        "opposes",
        "spokesperson_for",
        "leader_of",
        "works_for",
        "source_for",
        "detained_by",
    ],
    Meta(description="How the subject actor stands to the object actor, read as 'subject <type> object'."),
]


class Actor(Base, frozen=True, kw_only=True):
    """Someone or something that acts or is acted upon in the article."""

    id: Id
    kind: ActorKind
    name: Annotated[ShortText, Meta(extra={"jsonld": "name"})]
    aliases: Annotated[list[ShortText], Meta(extra={"jsonld": "alternateName"})] = field(default_factory=list)
    """Every other surface form the text uses for this actor, verbatim."""
    description: Annotated[ShortText | None, Meta(extra={"jsonld": "description"})] = None
    role: Annotated[ShortText | None, Meta(extra={"jsonld": "jobTitle"})] = None
    """A title or role the article states (spokesman, correspondent, activist)."""
    same_as: Annotated[list[Uri], Meta(extra={"jsonld": "sameAs"})] = field(default_factory=list)
    """URIs of the same actor in a reference dataset (e.g. Wikidata), verified."""
    evidence: EvidenceList


class Relation(Base, frozen=True, kw_only=True):
    """A typed, evidenced link between two actors: 'subject type object'."""

    id: Id
    type: Annotated[RelationType, Meta(extra={"jsonld": "roleName"})]
    subject: Annotated[Id, Meta(extra={"ref": "actors"})]
    object: Annotated[Id, Meta(extra={"ref": "actors"})]
    status: Literal["current", "former"] = "current"
    description: Annotated[ShortText | None, Meta(extra={"jsonld": "description"})] = None
    attribution: list[Attribution] = field(default_factory=list)
    certainty: Certainty = "stated"
    """How the article vouches for it: an accusation is 'alleged', never stated as fact."""
    evidence: EvidenceList
