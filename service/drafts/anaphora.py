"""Anaphors: 'the group', 'the militants', 'the movement' and pronouns, read as the actor they stand for.

An anaphor stands for the last actor it can be: the nearest words before it (in its own sentence, else the
sentence before, else the one before that) that name an actor of a kind it fits; where those words name two
such actors, it stands for neither. What it stands for serves an event's participants only: it is no alias,
no evidence of the actor and no side of a relation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from service.drafts.lexicon import MEMBER_NOUNS
from service.drafts.mentions import Fact
from service.drafts.text import Field, is_capitalised

if TYPE_CHECKING:
    from spacy.tokens import Span

ARMED = frozenset({"armed_group", "coalition"})
GROUPS = frozenset({"armed_group", "coalition", "organization", "political_organization"})
NOUNS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("group", "organisation", "organization"), GROUPS),
    **dict.fromkeys(("movement", "faction"), frozenset({"armed_group", "coalition", "political_organization"})),
    **dict.fromkeys(("party",), frozenset({"political_organization"})),
    **dict.fromkeys(("militants", "insurgents", "jihadists", "rebels", "fighters", "attackers", "militia"), ARMED),
}
"""'the group', 'the militants': the kinds of named actor each can stand for."""
PEOPLE = frozenset({"person"})
BODIES = frozenset(
    {"armed_group", "coalition", "organization", "political_organization", "government", "state_forces"}
    | {"media_organization"}
)
PRONOUNS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("he", "she", "him", "his", "her"), PEOPLE),
    **dict.fromkeys(("it", "its"), BODIES),
    **dict.fromkeys(("they", "them", "their"), BODIES | {"civilians"}),
}
POSSESSIVES = frozenset({"its", "their", "his", "her"})
_IMPERSONAL = frozenset({"is", "was", "'s", "seems", "seemed", "appears", "appeared", "remains", "remained"})
"""After 'it': 'it was unclear', 'it seems': no actor."""
SENTENCES_BACK = 2


def anaphor_nouns() -> frozenset[str]:
    return frozenset(NOUNS)


def kinds_for(span: Span) -> frozenset[str] | None:
    """The kinds of actor an anaphor's words can stand for; None for words that are no anaphor."""
    first = span[0].lower_
    if first in PRONOUNS and len(span) == 1:
        after = span.doc[span.end] if span.end < len(span.doc) else None
        if first == "it" and after is not None and after.lower_ in _IMPERSONAL:
            return None
        return PRONOUNS[first]
    if first in POSSESSIVES and len(span) == 2 and span[1].lower_ in MEMBER_NOUNS:
        return PRONOUNS[first] - PEOPLE or PRONOUNS[first]  # 'its fighters': the group acting through them
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if first == "the" and len(span) == 2 and span[1].lower_ in NOUNS and not (after and is_capitalised(after)):
        return NOUNS[span[1].lower_]  # (not 'the group Ansar Dine', which names it)
    return None


def referent(span: Span, kinds: frozenset[str], mentions: Iterable[tuple[Fact, Span]], *, named: bool) -> Fact | None:
    """The one actor of these kinds the nearest words before the anaphor name (`named`: a named actor, not a
    generic one), or None where none or several do."""
    doc = span.doc
    before = [(fact, m) for fact, m in mentions if m.doc is doc and m.end <= span.start and fact.kind in kinds]
    if named:
        before = [(fact, m) for fact, m in before if not fact.extra.get("generic")]
    sentence = span.sent
    for _ in range(SENTENCES_BACK + 1):
        inside = {fact.id: fact for fact, m in before if sentence.start <= m.start < sentence.end}
        if len(inside) == 1:
            return next(iter(inside.values()))
        previous = sentence.start - 1
        while previous >= 0 and doc[previous].is_space:
            previous -= 1
        if inside or previous < 0:
            return None  # two actors fit: it stands for neither
        sentence = doc[previous].sent
    return None


def anaphors(fields: list[Field], facts: list[Fact], claimed: list[tuple[Fact, Span]]) -> list[tuple[Fact, Span]]:
    """Every anaphor of the body that stands for one actor, in reading order, with those already read
    (`claimed`: 'the militants' read while the generic actors were, so that no actor of that name is made)."""
    resolved = list(claimed)
    taken = {(id(span.doc), span.start) for _, span in claimed}
    for text_field in fields:
        if text_field.name != "body":
            continue
        doc = text_field.doc
        owned = {(id(m.doc), i) for fact in facts for m in fact.mentions for i in range(m.start, m.end)}
        for token in doc:
            if (id(doc), token.i) in taken or (id(doc), token.i) in owned:
                continue
            for length in (2, 1):
                span = doc[token.i : token.i + length]
                kinds = kinds_for(span) if len(span) == length else None
                if kinds is None or any((id(doc), i) in owned for i in range(span.start, span.end)):
                    continue
                mentions = [(f, m) for f in facts for m in f.mentions] + resolved
                fact = referent(span, kinds, mentions, named=span[0].lower_ == "the")
                if fact is not None:
                    resolved.append((fact, span))
                    taken.add((id(doc), span.start))
                break
    return sorted(resolved, key=lambda pair: (pair[1].doc.user_data["field"], pair[1].start))
