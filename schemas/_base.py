"""The base Struct and the constrained types every v1 module shares.

Structs are tolerant readers (unknown fields are ignored on decode, as msgspec's
schema-evolution rules ask); strictness on *input* is a policy applied by
`schemas.validation`, so an old reader never breaks on a newer document.
"""

from __future__ import annotations

import re
from typing import Annotated

import msgspec
from msgspec import Meta


class Base(msgspec.Struct, frozen=True, kw_only=True):
    """Immutable (a document is a value, built once and shared); subclasses repeat frozen and kw_only."""


Id = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        min_length=1,
        max_length=120,
        description="A stable, URL-safe slug: lower-case ASCII letters and digits joined by single hyphens.",
        examples=["isis", "aleppo-city"],
    ),
]
_ID_RULE: Meta = Id.__metadata__[0]  # type: ignore[attr-defined]
_ID_PATTERN = re.compile(_ID_RULE.pattern or "")


def is_id(value: str) -> bool:
    """Whether a string obeys the id rule (`Id`): checked before an id is looked up or parsed from a URL."""
    return len(value) <= (_ID_RULE.max_length or 0) and _ID_PATTERN.fullmatch(value) is not None


NonEmptyText = Annotated[str, Meta(min_length=1, max_length=200_000)]
ShortText = Annotated[str, Meta(min_length=1, max_length=1_000)]
Uri = Annotated[
    str,
    Meta(
        pattern=r"^https?://[^\s]+$",
        max_length=2_000,
        description="An absolute http(s) URI.",
    ),
]
LanguageTag = Annotated[
    str,
    Meta(
        pattern=r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$",
        description="A BCP 47 language tag.",
        examples=["en", "en-GB"],
    ),
]
CountryCode = Annotated[
    str,
    Meta(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code.", examples=["SY"]),
]
Offset = Annotated[int, Meta(ge=0, le=10_000_000)]
Count = Annotated[int, Meta(ge=0, le=100_000_000)]
