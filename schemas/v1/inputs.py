"""The article as a write sends it: every Struct of the model derived again, closed to unknown fields, where an
evidence item may leave its offsets out and give what finds its quote instead (TextQuote).

Derived, not written a second time: a field added to the model is in its input the moment it exists. These types
are what the published input schema (`article-input`) and the OpenAPI request bodies say; documents are still
read as builtin data, anchored (schemas.v1.anchoring) and validated as an Article.
"""

from __future__ import annotations

import functools
import typing
from types import UnionType
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from schemas._base import Base
from schemas.v1.article import Article
from schemas.v1.evidence import OFFSETS, Evidence, TextQuote

INPUT = "Input"
"""The suffix of a derived type's name: ArticleInput is Article as a write accepts it."""


def _input_type(hint: Any) -> Any:
    """The type hint with each Struct in it replaced by its input variant (lists, unions and Annotated kept)."""
    origin = typing.get_origin(hint)
    if origin is Annotated:
        return Annotated[(_input_type(hint.__origin__), *hint.__metadata__)]  # type: ignore[valid-type]
    if origin is list:
        return list[_input_type(typing.get_args(hint)[0])]  # type: ignore[misc]
    if origin is typing.Union or origin is UnionType:
        return functools.reduce(lambda left, right: left | right, map(_input_type, typing.get_args(hint)))
    if isinstance(hint, type) and issubclass(hint, msgspec.Struct):
        return input_variant(hint)
    return hint


@functools.cache
def input_variant(struct: type[msgspec.Struct]) -> type[msgspec.Struct]:
    """`struct` as a write sends it: the same fields, defaults and docs, unknown fields forbidden; Evidence with
    its offsets optional and TextQuote's fields after them."""
    optional = OFFSETS if struct is Evidence else ()
    added = msgspec.structs.fields(TextQuote) if struct is Evidence else ()
    fields: list[tuple[str, Any, Any]] = []
    for info in (*msgspec.structs.fields(struct), *added):
        kept: dict[str, Any] = {"default": info.default, "default_factory": info.default_factory}
        default = msgspec.field(**kept, name=info.encode_name if info.encode_name != info.name else None)
        hint = _input_type(info.type)
        if info.name in optional:
            hint, default = hint | UnsetType, UNSET
        fields.append((info.name, hint, default))
    derived = msgspec.defstruct(
        f"{struct.__name__}{INPUT}",
        fields,
        bases=(Base,),
        module=__name__,
        frozen=True,
        kw_only=True,
        forbid_unknown_fields=True,
    )
    derived.__doc__ = struct.__doc__
    return derived


EvidenceInput = input_variant(Evidence)
EvidenceInput.__doc__ = (
    "A span of an article text field as a write gives it: with its offsets, or with its quote alone (and a prefix, "
    "suffix or occurrence where the quote recurs), from which the service finds them."
)
ArticleInput = input_variant(Article)
ArticleInput.__doc__ = (
    "One news article as a write sends it: the v1 document, where an evidence item may leave start and end out."
)

__all__ = ["INPUT", "ArticleInput", "EvidenceInput", "input_variant"]
