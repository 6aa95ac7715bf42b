"""Relations the text states between two actors: the words between their names in a sentence ('is closely
allied to', 'split from', 'a spokesman for'), a name joined to another ('al-Qaeda-linked Isis'), a person of an
organisation ('the BBC's Rami Ruhayem', 'the authority's chief engineer, Imogen Tarrant'), a country's forces
and its government, and the sides of each battle."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from service.drafts import lexicon
from service.drafts.events import B, Happening
from service.drafts.mentions import Fact
from service.drafts.text import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Span

BETWEEN: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(r"\b(?:allied (?:to|with)|an ally of|allies of|in alliance with)\b"), "allied_with", False),
    (re.compile(r"\b(?:split from|split with|broke away from|a splinter (?:group|faction) of)\b"), "split_from", False),
    (re.compile(r"\b(?:part of|a unit of|a faction of|a wing of|a branch of|a brigade of)\b"), "part_of", False),
    (re.compile(r"\b(?:a member of|members of|member of|belongs to|belong to|which joined)\b"), "member_of", False),
    (re.compile(r"\b(?:which groups|that groups|brings together|grouping)\b"), "member_of", True),
    (
        re.compile(r"^(?:'s)?\s*(?:[a-z-]+\s+){0,3}(?:agency|mission|branch|wing|affiliate|arm|office)\s*,\s*$"),
        "part_of",
        True,
    ),
    (
        re.compile(r"\b(?:affiliated (?:to|with)|an affiliate of|linked to|loyal to|aligned with)\b"),
        "affiliated_with",
        False,
    ),
    (re.compile(r"\b(?:backed by|supported by|armed by|funded by)\b"), "supports", True),
    (
        re.compile(r"\b(?:backs|backed|supports|supported|arms|armed|funds|funded|applauded|praised)\b"),
        "supports",
        False,
    ),
    (re.compile(r"\b(?:opposes|opposed|condemned|denounced|protested against|protesting against)\b"), "opposes", False),
    (re.compile(r"\b(?:the )?(?:leader|head|chief|commander|founder) of\b"), "leader_of", False),
    (re.compile(r"\b(?:led by|headed by|commanded by)\b"), "leader_of", True),
    (re.compile(r"\b(?:a )?(?:spokesman|spokeswoman|spokesperson) (?:for|of)\b"), "spokesperson_for", False),
    (
        re.compile(
            r"\b(?:is fighting|are fighting|fought|fights|clashed with|at war with|battling|taking on|took on)\b"
        ),
        "fighting",
        False,
    ),
    (re.compile(r"\b(?:arrested|detained|abducted|kidnapped|captured)\b"), "detained_by", True),
    (re.compile(r"\b(?:held by|in the custody of|detained by|arrested by)\b"), "detained_by", False),
    (re.compile(r"^\W*(?:told|tells|said to|spoke to|speaking to)\W*(?:the)?\W*$"), "source_for", False),
]
"""Words between a subject's name and an object's (or, where the flag is set, an object's and a subject's)."""
JOINED = {"linked": "affiliated_with", "affiliated": "affiliated_with", "backed": "supports", "allied": "allied_with"}
"""'al-Qaeda-linked Isis': the second is affiliated with the first; 'Iran-backed X': the first supports it."""
MAX_BETWEEN = 10
_COORDINATED = re.compile(r"\band (?:is|are|was|were|has been|have been|had been|is now|remains)\b")
"""A second predicate of the sentence's subject, not of the name just before it."""


@dataclass(eq=False)
class Link:
    type: str
    subject: Fact
    object: Fact
    evidence: Span
    certainty: str = "stated"
    confidence: float = 0.55


def links(sentences: list[Sentence], actors: list[Fact], events: list[Happening]) -> list[Link]:
    found: list[Link] = []
    for sentence in sentences:
        mentioned = sorted(
            ((fact, m) for fact in actors for m in fact.mentions if _within(m, sentence.span)),
            key=lambda pair: pair[1].start,
        )
        found.extend(_between(sentence, mentioned))
        found.extend(_joined(sentence, mentioned))
    found.extend(_people(actors))
    found.extend(_forces(actors))
    found.extend(_sides(events))
    return _distinct(found)


def _between(sentence: Sentence, mentioned: list[tuple[Fact, Span]]) -> list[Link]:
    found = []
    doc = sentence.span.doc
    for index, ((first, one), (second, other)) in enumerate(itertools.pairwise(mentioned)):
        if first is second or other.start - one.end > MAX_BETWEEN:
            continue
        between = doc[one.end : other.start].text.lower()
        relation = _person_of(first, second, between) or _branch_of(doc, between, other)
        if relation is not None:  # 'Daniel Mwangi of the United Progress Party', 'JNIM, al-Qaeda's branch'
            found.append(Link(relation, first, second, doc[one.start : other.end]))
            continue
        for pattern, relation, reversed_ in BETWEEN:
            if found_at := pattern.search(between):
                subject, obj = (second, first) if reversed_ else (first, second)
                if not reversed_ and _COORDINATED.search(between[: found_at.start()]):
                    subject = mentioned[0][0]  # 'HTS split from al-Qaeda and is allied with …': HTS is
                if relation == "detained_by":
                    subject, obj = obj, subject
                if relation in ("leader_of", "spokesperson_for") and subject.kind != "person":
                    continue
                if relation == "source_for" and obj.kind != "media_organization":
                    continue
                certainty = (
                    "alleged" if re.search(r"\b(?:accused|alleged|allegedly)\b", sentence.text.lower()) else "stated"
                )
                found.append(Link(relation, subject, obj, doc[one.start : other.end], certainty))
                for listed, span in _listed_after(doc, mentioned[index + 2 :], other):  # 'the 400 Mawozo, Grand Ravine'
                    pair = (listed, first) if reversed_ else (first, listed)
                    found.append(Link(relation, *pair, doc[one.start : span.end], certainty))
                break
    return found


def _person_of(first: Fact, second: Fact, between: str) -> str | None:
    """'President Daniel Mwangi of the United Progress Party': a person of an organisation, its member (a party,
    a group) or its employee (any other)."""
    if first.kind != "person" or second.kind == "person" or between.strip() not in ("of", "of the"):
        return None
    return "member_of" if second.kind in ("political_organization", "armed_group", "coalition") else "works_for"


_BRANCHES = frozenset(lexicon.words("branch wing affiliate arm faction franchise"))


def _branch_of(doc: Any, between: str, other: Span) -> str | None:
    """'Jama'at Nusrat al-Islam wal-Muslimin (JNIM), al-Qaeda's branch in the Sahel': the first is part of the
    second."""
    after = doc[other.end : other.end + 2]
    if between.strip() not in (",", "),") or len(after) < 2 or after[0].text not in ("'s", "\u2019s"):
        return None
    return "part_of" if after[1].lower_ in _BRANCHES else None


def _listed_after(doc: Any, rest: list[tuple[Fact, Span]], last: Span) -> list[tuple[Fact, Span]]:
    """The actors listed right after a relation's object ('… groups the 400 Mawozo, Grand Ravine and others')."""
    listed = []
    for fact, span in rest:
        if doc[last.end : span.start].text.strip().lower() not in (",", "and", ", and"):
            break
        listed.append((fact, span))
        last = span
    return listed


def _joined(sentence: Sentence, mentioned: list[tuple[Fact, Span]]) -> list[Link]:
    found = []
    doc = sentence.span.doc
    for (first, one), (second, other) in itertools.pairwise(mentioned):
        between = [t.lower_ for t in doc[one.end : other.start]]
        if len(between) == 2 and between[0] == "-" and between[1] in JOINED and first is not second:
            relation = JOINED[between[1]]
            subject, obj = (first, second) if relation == "supports" else (second, first)
            found.append(Link(relation, subject, obj, doc[one.start : other.end], confidence=0.7))
    return found


def _people(actors: list[Fact]) -> list[Link]:
    """A person of an organisation: its spokesperson, leader or member as the role says, else works for it."""
    by_id = {fact.id: fact for fact in actors}
    found = []
    for person in actors:
        of = person.extra.get("of")
        if person.kind == "person" and of is None and person.extra.get("of_words") is not None:
            of = _organisation_said(person.extra["of_words"], actors)
        if person.kind != "person" or of is None or of[0] not in by_id:
            continue
        organisation, span = by_id[of[0]], of[1]
        role = (person.extra.get("role") or "").lower().split()
        relation = lexicon.ROLE_RELATIONS.get(role[-1]) if role else None  # the role's noun: a chief engineer
        if relation is None:
            relation = (
                "member_of"
                if organisation.kind in ("political_organization", "armed_group", "coalition")
                else "works_for"
            )
        found.append(Link(relation, person, organisation, span, confidence=0.7))
    return found


_STATE_WORDS = {"army": "state_forces", "military": "state_forces", "police": "state_forces"}
_STATE_WORDS |= dict.fromkeys(("government", "presidential", "presidency"), "government")


def _organisation_said(phrase: Span, actors: list[Fact]) -> tuple[str, Span] | None:
    """The organisation a role phrase names without its name: a state's body by its word ('an army spokesman',
    'Presidential spokesman': the text's generic actor of that word), or 'its' ('Its spokesman': the nearest
    organisation named before it)."""
    doc = phrase.doc
    for token in phrase:
        kind = _STATE_WORDS.get(token.lower_)
        if kind is None:
            continue
        police = token.lower_ == "police"  # (a state's army and its police are two actors: 'Nigerian troops')
        bodies = [
            a
            for a in actors
            if a.kind == kind
            and a.extra.get("generic")
            and (kind == "government" or ("police" in a.name.lower()) == police)
        ]
        if bodies:
            return bodies[0].id, phrase
    if phrase[0].lower_ not in ("its", "their"):
        return None
    before = [
        (m.end, fact)
        for fact in actors
        if fact.kind != "person"
        for m in fact.mentions
        if m.doc is doc and m.end <= phrase.start and phrase.start - m.end <= 40
    ]
    return (max(before, key=lambda b: b[0])[1].id, phrase) if before else None


def _forces(actors: list[Fact]) -> list[Link]:
    """A country's forces are part of its government ('government forces' and 'the Syrian government')."""
    governments: dict[str, Fact] = {}
    for fact in sorted(actors, key=_as_national_government):  # the government itself before its bodies
        if fact.kind == "government" and fact.extra.get("country"):
            governments.setdefault(fact.extra["country"], fact)
    found = []
    for forces in actors:
        government = governments.get(str(forces.extra.get("country")))
        if forces.kind == "state_forces" and forces.extra.get("generic") and government is not None:
            found.append(Link("part_of", forces, government, forces.mentions[0], confidence=0.5))
    return found


def _as_national_government(fact: Fact) -> int:
    """How surely an actor is a country's government itself: 'the Syrian government' (0), 'the provincial
    government' (1), any other state body, 'the interior ministry' (2)."""
    words = fact.name.lower().split()
    if words[-1:] != ["government"]:
        return 2
    return 1 if lexicon.ACTOR_MODIFIERS & set(words[:-1]) - {"national", "central", "federal"} else 0


def _sides(events: list[Happening]) -> list[Link]:
    """The two sides of a battle are fighting each other."""
    found = []
    for event in events:
        if event.event_type != B:
            continue
        ones = [f for f, role in event.participants if role == "actor1"]
        twos = [f for f, role in event.participants if role in ("actor2", "associated_actor2")]
        for one in ones:
            for two in twos:
                found.append(Link("fighting", one, two, event.sentence.span, event.certainty, 0.6))
    return found


def _distinct(found: list[Link]) -> list[Link]:
    kept: dict[tuple[str, str, str], Link] = {}
    for link in found:
        if link.subject is link.object:
            continue
        kept.setdefault((link.type, link.subject.id, link.object.id), link)
    return list(kept.values())


def _within(inner: Span, outer: Span) -> bool:
    return inner.doc is outer.doc and outer.start <= inner.start and inner.end <= outer.end
