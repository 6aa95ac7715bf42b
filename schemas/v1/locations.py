"""Places, their containment hierarchy and their gazetteer-sourced coordinates."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, field

from schemas._base import Base, CountryCode, Id, ShortText, Uri
from schemas.v1.evidence import EvidenceList

LocationKind = Literal[
    "country",
    "province",
    "region",
    "city",
    "district",
    "town",
    "village",
    "border_area",
    "area",
]

GeoPrecision = Annotated[
    int,
    Meta(
        ge=1,
        le=3,
        description=(
            "ACLED geo precision: 1 = the named place itself; 2 = part of a region or near a place; "
            "3 = a larger region (the coordinates are those of the region or its capital)."
        ),
    ),
]


class Coordinates(Base, frozen=True, kw_only=True):
    """A WGS84 point taken from a citable gazetteer record, never estimated."""

    latitude: Annotated[float, Meta(ge=-90, le=90, extra={"jsonld": "latitude"})]
    longitude: Annotated[float, Meta(ge=-180, le=180, extra={"jsonld": "longitude"})]
    geo_precision: GeoPrecision
    source: Uri
    """The gazetteer record the point was taken from (GeoNames, Wikidata)."""


class Location(Base, frozen=True, kw_only=True):
    """A place the article mentions."""

    id: Id
    name: Annotated[ShortText, Meta(extra={"jsonld": "name"})]
    kind: Annotated[LocationKind, Meta(description="What sort of place this is.")]
    aliases: Annotated[list[ShortText], Meta(extra={"jsonld": "alternateName"})] = field(default_factory=list)
    parent: Annotated[Id | None, Meta(extra={"jsonld": "containedInPlace", "ref": "locations"})] = None
    """The id of the location that contains this one (Ansari → Aleppo city → Aleppo province → Syria)."""
    country: CountryCode | None = None
    coordinates: Coordinates | None = None
    same_as: Annotated[list[Uri], Meta(extra={"jsonld": "sameAs"})] = field(default_factory=list)
    description: Annotated[ShortText | None, Meta(extra={"jsonld": "description"})] = None
    evidence: EvidenceList
