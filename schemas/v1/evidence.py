"""Evidence: the exact words of the article that support a fact.

Like GDELT's mention offsets, but every span carries its quote, and the quote is
verified against the text, so a consumer can trust and re-check it.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from msgspec import UNSET, Meta, UnsetType

from schemas._base import Base, Id, NonEmptyText, Offset, ShortText

TEXT_FIELDS = ("headline", "image.description", "image.caption", "body")
"""The article's text fields a span can be taken from, by dotted path, in the order a reader meets them."""

TextField = Annotated[
    str,
    Meta(
        pattern="^(" + "|".join(re.escape(name) for name in TEXT_FIELDS) + ")$",
        description="Dotted path of the article text field the span is taken from.",
        examples=["body", "image.caption"],
    ),
]


class Evidence(Base, frozen=True, kw_only=True):
    """A span of an article text field: `quote == article[field][start:end]` (Python str offsets)."""

    field: TextField
    start: Offset
    end: Offset
    quote: NonEmptyText


OFFSETS = ("start", "end")
"""The fields of Evidence a write may leave out: the service finds them from the quote (schemas.v1.anchoring)."""


class TextQuote(Base, frozen=True, kw_only=True):
    """On input only, where an evidence item leaves its offsets out: what tells its quote apart from the same words
    elsewhere in the field (W3C Web Annotation's TextQuoteSelector prefix and suffix, and which occurrence)."""

    prefix: (
        Annotated[
            ShortText,
            Meta(
                description="Text just before the quote: the field has it ending right where the quote starts.",
                examples=["the city of "],
            ),
        ]
        | UnsetType
    ) = UNSET
    suffix: (
        Annotated[
            ShortText,
            Meta(description="Text just after the quote: the field has it starting right where the quote ends."),
        ]
        | UnsetType
    ) = UNSET
    occurrence: (
        Annotated[
            int,
            Meta(
                ge=1,
                le=10_000_000,
                description=(
                    "Which of the places the quote occurs in the field (1: the first), counted among those that "
                    "fit the prefix and suffix when given."
                ),
            ),
        ]
        | UnsetType
    ) = UNSET


EvidenceList = Annotated[
    list[Evidence],
    Meta(min_length=1, description="At least one span of the article that supports this fact."),
]


class Attribution(Base, frozen=True, kw_only=True):
    """Who the article says the information comes from (AFP, our correspondent, "reports said")."""

    text: Annotated[ShortText, Meta(description="How the article attributes it, in its words.")]
    source: Id | None = None
    """The actor id of the source, when the article names one."""


Certainty = Annotated[
    Literal["stated", "reported", "claimed", "alleged"],
    Meta(
        description=(
            "stated: the article says it in its own voice; reported: attributed to reports or hedged "
            "('reportedly', 'reports said'); claimed: asserted by a party to it; alleged: an accusation."
        )
    ),
]
