"""A draft: an article's text with the facts the service proposes for it, for a person to confirm.

Nothing in a draft is stored. Its `article` is a complete v1 document (`POST /v1/articles` takes it as it is);
each proposal says which fact of it is proposed, where the proposal came from, and how sure it is.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from msgspec import Meta, field

from schemas._base import Base, LanguageTag, NonEmptyText, ShortText, Uri
from schemas.v1.article import Article, AwareDateTime

ProposalSource = Annotated[
    Literal["corpus", "gazetteer", "rules", "model"],
    Meta(
        description=(
            "What proposed it: a fact already stored in the corpus (its id reused), the offline GeoNames"
            " gazetteer, the rules (lexicons and patterns), or a trained model."
        )
    ),
]
Confidence = Annotated[float, Meta(ge=0.0, le=1.0, description="How sure the draft is, from 0 to 1.")]
JsonPath = Annotated[
    str,
    Meta(
        pattern=r"^\$(\.[a-z_]+(\[[0-9]+\])?)*$",
        max_length=200,
        description="The proposed fact in `article`, as a JSON path.",
        examples=["$.locations[3]", "$.date_published"],
    ),
]


class DraftImage(Base, frozen=True, kw_only=True):
    """The lead image's words, if the text has one: they are searched for facts as the body is."""

    description: ShortText | None = None
    caption: ShortText | None = None


class DraftRequest(Base, frozen=True, kw_only=True):
    """An article's text to draft facts from (the JSON form of `POST /v1/drafts`; text/plain is the headline on
    the first line, then the body)."""

    headline: NonEmptyText
    body: NonEmptyText
    language: LanguageTag = "en"
    url: Uri | None = None
    date_published: AwareDateTime | None = None
    image: DraftImage | None = None


class Alternative(Base, frozen=True, kw_only=True):
    """Another reading of the same words: another place of that name, another kind or event type."""

    label: Annotated[ShortText, Meta(description="What it is, in words (with its country).")]
    value: Annotated[
        dict[str, Any],
        Meta(description="The fields the fact would have instead (for a place: its coordinates, same_as, ...)."),
    ]
    source: ProposalSource
    confidence: Confidence


class Proposal(Base, frozen=True, kw_only=True):
    """One fact of the draft's article, as proposed."""

    path: JsonPath
    source: ProposalSource
    confidence: Confidence
    reason: ShortText | None = None
    """Why, in a few words ("GeoNames 170063, in SY as the text names Syria")."""
    alternatives: list[Alternative] = field(default_factory=list)


class Draft(Base, frozen=True, kw_only=True):
    """The answer to `POST /v1/drafts`: an article the service would accept, and what it proposes in it."""

    article: Article
    proposals: list[Proposal] = field(default_factory=list)
    notes: list[ShortText] = field(default_factory=list)
    """What the draft could not do (a language it does not handle, ...), in words."""
