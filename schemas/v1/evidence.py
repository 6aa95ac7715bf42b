"""Evidence: the exact words of the article that support a fact.

Like GDELT's mention offsets, but every span carries its quote, and the quote is
verified against the text, so a consumer can trust and re-check it.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from msgspec import Meta

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
