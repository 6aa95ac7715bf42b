"""Actors: named organisations and people, and the generic actors ACLED codes, each with its kind.

Named ones first (`named`, before places are read, so that Iraq in 'Islamic State in Iraq and the Levant' is
no place): an acronym in brackets after a name, what the corpus already knows, well-known groups, and names
ending in an organisation's word (Army, Front, Party, Ministry…). Then, once places are known (`people_and_
groups`): people (a title, a role in apposition, a speaker, an organisation's person), generic actors
('government forces', 'gunmen', 'protesters'), short forms used later (Nusra for Nusra Front, FSA for Free
Syrian Army), and every further mention of each actor's names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from schemas.v1 import Actor
from service.drafts import anaphora, lexicon
from service.drafts.gazetteer import Gazetteer
from service.drafts.known import Found
from service.drafts.lexicon import words
from service.drafts.mentions import Claims, Fact
from service.drafts.names import key, slug, unique
from service.drafts.text import (
    COMMON,
    CONNECTORS,
    QUOTE_MARKS,
    Field,
    is_capitalised,
    name_runs,
    named_only_as,
    patterns,
    phrase_matcher,
    pipeline,
    sub_spans,
)

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span, Token

_ACRONYM = re.compile(r"^[A-Z][A-Za-z]{1,7}(?:-\d{1,3})?$")
"""An acronym in brackets: 'ISWAP', 'MoH', and a gang's number after it ('MS-13')."""
_DESCRIBED = {
    "coalition": "coalition",
    "alliance": "coalition",
    "umbrella": "coalition",
    "armed group": "armed_group",
    "militia": "armed_group",
    "rebel group": "armed_group",
    "jihadist group": "armed_group",
    "political party": "political_organization",
    "party": "political_organization",
    "news agency": "media_organization",
    "newspaper": "media_organization",
    "broadcaster": "media_organization",
    "charity": "organization",
    "rescue group": "organization",
    "aid group": "organization",
    "relief group": "organization",
    "rights group": "organization",
    "monitoring group": "organization",
    "trade union": "organization",
    "union": "organization",
    "organisation": "organization",
    "organization": "organization",
    "association": "organization",
    "foundation": "organization",
    "separatist movement": "armed_group",
    "rebel movement": "armed_group",
    "insurgent group": "armed_group",
    "separatist group": "armed_group",
    "auxiliary force": "armed_group",
    "paramilitary force": "armed_group",
    "self-defence force": "armed_group",
    "vigilante group": "armed_group",
}
"""'X, a coalition of …': the words of an apposition that say what kind of actor X is."""
_ALL_CAPS = re.compile(r"^[A-Z]{2,6}$")
_TITLE_WORDS = lexicon.TITLES | lexicon.TITLE_QUALIFIERS


class Actors:
    """The actors of one draft, by id, as they are found."""

    def __init__(self, gazetteer: Gazetteer, found: Found, claims: Claims, ids: set[str]):
        self.gazetteer, self.found, self.claims, self.ids = gazetteer, found, claims, ids
        self.facts: dict[str, Fact] = {}
        self._by_key: dict[str, Fact] = {}
        self.anaphors: list[tuple[Fact, Span]] = []
        """The anaphors read as generic actors' words are ('the militants'): what each stands for."""
        self._generic_classes: dict[tuple[str, str, str | None], Fact] = {}
        """The generic actor of each class met so far: a state's military, its police (one actor each)."""

    def add(self, span: Span, name: str, kind: str, known: Actor | None = None, **how: object) -> Fact:
        """The actor this span names (or the corpus's `known` actor), made if new; the span is its mention."""
        fact = self._by_key.get(key(known.name if known else name))
        if fact is None:
            if known is None and (is_capitalised(span[0]) or name[:1].isupper()):
                known = self.found.actor(span.text) or self.found.actor(name)
            if known is not None:
                fact = self._by_key.get(key(known.name))
            if fact is None:
                fact = self._new(name, kind, known, **how)
        fact.mention(span, alias=bool(how.get("alias", True)))
        self.claims.take(span, fact.id)
        self._by_key.setdefault(key(span.text), fact)
        return fact

    def _new(self, name: str, kind: str, known: Actor | None, **how: object) -> Fact:
        if known is not None:
            fact = Fact(
                id=known.id,
                name=known.name,
                kind=known.kind,
                aliases=list(known.aliases),
                source="corpus",
                confidence=0.9,
                reason=f"an actor of the corpus ({known.id})",
                extra={"same_as": list(known.same_as), "role": known.role},
            )
            for alias in known.aliases:
                self._by_key.setdefault(key(alias), fact)
            self.ids.add(fact.id)
        else:
            fact = Fact(
                id=unique(slug(name, "actor"), self.ids),
                name=name,
                kind=kind,
                confidence=float(how.get("confidence", 0.6)),  # type: ignore[arg-type]
                reason=str(how.get("reason") or "") or None,
            )
        for field_name in ("role", "country", "generic"):
            if how.get(field_name) is not None:
                fact.extra[field_name] = how[field_name]
        self.facts[fact.id] = fact
        self._by_key[key(name)] = fact
        return fact

    def alias(self, fact: Fact, name: str) -> None:
        self._by_key.setdefault(key(name), fact)
        if name.casefold() not in {fact.name.casefold(), *(a.casefold() for a in fact.aliases)}:
            fact.aliases.append(name)

    def get(self, name: str) -> Fact | None:
        return self._by_key.get(key(name))

    def of_span(self, span: Span) -> Fact | None:
        owner = self.claims.owner(span)
        return self.facts.get(owner) if owner else None

    # -- named actors, before places --------------------------------------------------------------------------

    def named(self, fields: list[Field]) -> None:
        for field in sorted(fields, key=lambda f: f.name != "body"):  # the body's forms name an actor first
            self._bracketed(field.doc)
        for field in fields:
            self._possessive_names(field.doc)
            self._or_acronym(field.doc)
        for field in fields:
            for run in name_runs(field.doc):
                for span in sub_spans(run):
                    if self.claims.free(span):
                        self._named_span(span)
        for field in fields:
            self._fighters_of(field.doc)
        for field in fields:
            self._described(field.doc)

    def attach(self, fact: Fact, span: Span, *, alias: bool = True) -> None:
        """Another span naming a fact already found."""
        fact.mention(span, alias=alias)
        self.claims.take(span, fact.id)
        self._by_key.setdefault(key(span.text), fact)

    def _bracketed(self, doc: Doc) -> None:
        """'The Islamic State in Iraq and the Levant (Isis)': the long form, with the acronym as its alias (a
        long form met again with the same acronym is another name of the same actor)."""
        for token in doc[1:-2]:
            if token.text != "(" or doc[token.i + 2].text != ")":
                continue
            short = doc[token.i + 1 : token.i + 2]
            run = next((r for r in name_runs(doc) if r.end == token.i), None)
            if run is None or not _ACRONYM.match(short.text) or short.text.lower() in COMMON:
                continue
            long_form = _spelt_out(_without_leading_common(run), short.text)
            whole = _without_the(run)
            if (
                whole is not None
                and _initials(whole) == short.text
                and (long_form is None or _initials(long_form) != short.text)
            ):
                long_form = whole  # 'Government of National Unity (GNU)': its first word is the name's
            if long_form is None or self.gazetteer.find(long_form.text) or long_form.text == short.text:
                continue
            known = self.get(short.text)
            if known is not None:
                self.attach(known, long_form)
                self.attach(known, short)
                continue
            fact = self.add(long_form, long_form.text, self._kind_of(long_form) or "organization", confidence=0.8)
            fact.reason = fact.reason or f"named with its acronym in brackets ({short.text})"
            self.attach(fact, short)

    def _possessive_names(self, doc: Doc) -> None:
        """'the People's Defence Force', 'the Women's Protection Units': a name whose first word is a people's,
        possessed, and whose last is an organisation's word; never cut at the possessive."""
        for token in doc[1:-1]:
            if token.text not in ("'s", "\u2019s") or doc[token.i - 1].lower_ not in lexicon.POSSESSING_PEOPLE:
                continue
            if not is_capitalised(doc[token.i - 1]):
                continue
            run = next((r for r in name_runs(doc) if r.start == token.i + 1), None)
            if run is None or _head(run) is None:
                continue
            span = doc[token.i - 1 : run.end]
            before = next((r for r in name_runs(doc) if r.end == token.i), None)  # 'New People' of 'New People's Army'
            acronym = doc[run.end + 1] if run.end + 2 < len(doc) and doc[run.end].text == "(" else None
            if before is not None and acronym is not None and doc[run.end + 2].text == ")":
                longer = doc[before.start : run.end]
                if _initials(longer) == acronym.text:
                    span = longer  # its bracketed acronym spells it all: the New People's Army (NPA)
            if self.claims.free(span):
                kind = self._kind_of(span) or "organization"
                fact = self.add(
                    span, span.text, kind, confidence=0.75, reason=f"named as an organisation ('{_head(run)}')"
                )
                if span.start < token.i - 1 and acronym is not None:
                    self.attach(fact, doc[acronym.i : acronym.i + 1])

    def _fighters_of(self, doc: Doc) -> None:
        """'Fighters of Katiba Serma', 'militants of the Macina Liberation Front': a name whose fighters the
        text counts is an armed group's, where no gazetteer knows it as a place."""
        for token in doc[:-2]:
            if token.lower_ not in _FIGHTERS or doc[token.i + 1].lower_ != "of":
                continue
            start = token.i + 3 if doc[token.i + 2].lower_ == "the" else token.i + 2
            run = next((r for r in name_runs(doc) if r.start == start), None)
            if run is None or len(run) > 6 or not self.claims.free(run) or self.gazetteer.find(run.text):
                continue
            if any(t.lower_ in {"and", "or"} for t in run) or run[0].lower_ in COMMON:
                continue
            fact = self.get(run.text)
            if fact is None:
                self.add(run, run.text, "armed_group", confidence=0.6, reason="its fighters are named")
            elif fact.source != "corpus" and fact.kind in _NOT_YET_ARMED:
                self.attach(fact, run)
                fact.kind = "armed_group"

    def _described(self, doc: Doc) -> None:
        """'the Islamic Front, a coalition of …': what an apposition says an actor is sets its kind."""
        for token in doc[:-3]:
            if token.text != "," or doc[token.i + 1].lower_ not in {"a", "an"}:
                continue  # (', the main separatist movement': what it is, as ', a coalition' says)
            fact = self.of_span(doc[token.i - 1 : token.i]) if token.i > 0 else None
            if fact is None and doc[token.i - 1].text == ")":  # 'Volunteers for the Defence … (VDP), a …'
                fact = self.of_span(doc[token.i - 2 : token.i - 1])
            window = [t.lower_ for t in doc[token.i + 2 : token.i + 6]]
            role = next((n for n, word in enumerate(window) if word in lexicon.ROLE_NOUNS), len(window))
            window = window[:role]  # 'Sunita Rai, a spokeswoman for the charity': the charity is not what she is
            # (but 'outside Damboa, a military spokesman, Captain Musa Ibrahim,': the role is the next name's)
            described = "person" if role < 2 and not _named_later(doc, token.i + 2 + role) else None
            described = described or next(
                (
                    _DESCRIBED[phrase]
                    for n in range(len(window))
                    for phrase in (" ".join(window[n : n + 2]), window[n])
                    if phrase in _DESCRIBED
                ),
                None,
            )
            if fact is not None and described is not None and fact.source != "corpus":
                fact.kind = described
            elif fact is None and described is not None:  # 'fighting Fano, an ethnic Amhara militia,'
                name = _name_ending(doc, token.i)
                owner = self.claims.owner(name) if name is not None else None
                if name is not None and (owner is None or owner.startswith("place:")):  # ('the Syria Civil Defence')
                    self.add(name, name.text, described, confidence=0.6, reason="what the text says it is")

    def _named_span(self, span: Span) -> None:
        text = span.text
        if _in_hyphened_word(span):
            return  # 'AU' of 'PORT-AU-PRINCE'
        if self.get(text) is not None:
            self.add(span, text, self.get(text).kind)  # type: ignore[union-attr]
            return
        known = self.found.actor(text)
        if known is not None:
            self.add(span, known.name, known.kind, known)
            return
        if len(span) == 1 and _head(span) in _UNIT_HEADS and span.start > 0 and _numbered(span.doc[span.start - 1]):
            unit = span.doc[span.start - 1 : span.end]  # 'the 444 Brigade', 'the 5th Battalion'
            if self.claims.free(unit):
                self.add(
                    unit, unit.text, self._kind_of(span) or "armed_group", confidence=0.7, reason="a numbered unit"
                )
            return
        well_known = _well_known(text)
        inner_kind = self._holding_well_known(span) if well_known is None and 2 <= len(span) <= 4 else None
        if inner_kind is not None:
            self.add(
                span, text, inner_kind, confidence=0.7, reason="a name holding a well-known one's (Kataib Hezbollah)"
            )
            return
        if well_known is not None:
            name, well_known_kind = well_known
            fact = self.add(span, name, well_known_kind, confidence=0.85, reason="a well-known actor")
            if text != name:
                self.alias(fact, text)
            return
        if _person_of(span):
            return  # 'Fatema Khatun of the Red Crescent': a person and the organisation, each read alone
        if len(span) > 2 and span[0].lower_ in lexicon.MEMBER_NOUNS and span[1].lower_ == "of":
            return  # 'Soldiers of the Nepal Army': that army, read alone
        if span[0].lower_ in lexicon.TITLES and "of" in [t.lower_ for t in span]:
            return  # 'President Daniel Mwangi of the United Progress Party': a person, and the party
        if _two_names(span):
            return  # 'the Myanmar National Democratic Alliance Army and the Ta'ang National Liberation Army'
        where = [t.i for t in span[1:-1] if t.lower_ == "in"]
        if where and self.gazetteer.find(span.doc[where[-1] + 1 : span.end].text):
            return  # 'the Department of Home Affairs in Pretoria': the organisation, read alone, and a place
        if len(span) >= 2 and _head(span) is not None and not _only_places(span, self.gazetteer):
            kind = self._kind_of(span)
            if kind is not None:
                self.add(span, text, kind, confidence=0.75, reason=f"named as an organisation ('{_head(span)}')")

    def _holding_well_known(self, span: Span) -> str | None:
        """The kind of the well-known actor whose name a name holds with words of its own, no people's, place's
        or title ('Kataib Hezbollah', 'Asaib Ahl al-Haq'; not 'Lebanese Hezbollah' or 'President Assad')."""
        inner, known = next(
            ((sub, found) for sub in sub_spans(span) if sub != span and (found := _well_known(sub.text))), (None, None)
        )
        if inner is None or known is None:
            return None
        others = [t for t in span if not (inner.start <= t.i < inner.end)]
        own_words = bool(others) and all(
            is_capitalised(t)
            and t.lower_ not in COMMON
            and t.lower_ not in lexicon.TITLES
            and not self.gazetteer.country_of_demonym(t.text)
            and not self.gazetteer.find(t.text)
            for t in others
        )
        return known[1] if own_words else None

    def _kind_of(self, span: Span) -> str | None:
        """What a name says its bearer is: a well-known group within it, or its organisation word and what
        qualifies it."""
        for sub in sub_spans(span):
            known = _well_known(sub.text)
            if known is not None and known[1] != "media_organization":
                return known[1]
        head = _head(span)
        if head is None:
            return None
        kind = lexicon.ORGANISATION_HEADS[head]
        qualifiers = [t.text for t in span if t.lower_ != head and t.lower_ not in {"the", "of"}]
        national = bool(qualifiers) and all(
            self.gazetteer.country_of_demonym(q) or q.lower() == "national" or self.gazetteer.find(q)
            for q in qualifiers
        )
        qualifiers = [q.lower() for q in qualifiers]
        if head in lexicon.STATE_HEADS:
            non_state = {"free", "liberation", "democratic", "opposition", "revolutionary", "popular", "resistance"}
            non_state |= lexicon.POSSESSING_PEOPLE
            if non_state & set(qualifiers) or (head == "army" and not national):
                return "armed_group"
            if (
                head in ("forces", "force")
                and not set(qualifiers) <= _FORCES_OF_A_STATE
                and not any(self._names_a_state(t) for t in span if t.lower_ != head)
            ):
                return "armed_group"  # the Rapid Support Forces; the Kenya Defence Forces, the Armed Forces a state's
            return "state_forces"
        if kind == "coalition" and lexicon.POLITICAL_QUALIFIERS & set(qualifiers):
            return "political_organization"
        if head == "council" and _RULING & set(qualifiers):
            return "government"  # the Transitional Presidential Council, the Sovereignty Council
        demonym = any(self.gazetteer.country_of_demonym(q) for q in qualifiers)
        if head == "council" and "national" in qualifiers and not demonym and not _NOT_RULING & set(qualifiers):
            return "government"  # the National Security Council (the Syrian National Council is an opposition's)
        if head == "agency" and "news" in qualifiers:
            return "media_organization"  # the state-run National News Agency
        if head in lexicon.STATE_AGENCY_HEADS and _FORCE_WORDS & set(qualifiers):
            return "state_forces"  # the State Security Service, the Counter Terrorism Department
        if head in lexicon.STATE_AGENCY_HEADS and any(self._names_a_state(t) for t in span if t.lower_ != head):
            return "government"
        if head in ("department", "office", "bureau", "directorate") and _PORTFOLIOS & set(qualifiers):
            return "government"  # the Department of Social Welfare, the Office of the President
        return kind

    def _names_a_state(self, token: Token) -> bool:
        """'National', 'Federal', 'Kenyan', 'Pakistan', 'US': a word that makes a body a state's."""
        if token.lower_ in lexicon.STATE_QUALIFIERS:
            return True
        if not is_capitalised(token):
            return False
        if self.gazetteer.country_of_demonym(token.text):
            return True
        return any(record.feature in ("country", "nation") for record in self.gazetteer.find(token.text))

    # -- people, generic actors and every mention, once places are known ---------------------------------------

    def people_and_groups(self, fields: list[Field], main_country: str | None) -> None:
        for field in fields:
            self._short_forms(field.doc, people=False)
        for field in fields:
            self._spokespeople(field.doc)
            self._possessed_people(field.doc)
            for run in name_runs(field.doc):
                self._titled(run)
            self._appositions(field.doc)
            self._speakers(field.doc)
            self._doers(field.doc)
        for field in fields:
            self._named_by_noun(field.doc)
            self._nicknamed(field.doc)
            self._known_only_as(field.doc)
            self._known_as(field.doc)
            self._parties_qualified(field.doc)
            self._organisations_people(field.doc)
        for field in sorted(fields, key=lambda f: f.name != "body"):  # the body names what a headline shortens
            self._generic(field.doc, main_country)
        for field in fields:
            self._states_acting(field.doc)
            self._states_listed(field.doc)
        for field in fields:
            self._role_holders(field.doc)
            self._counted_people(field.doc)
        for field in fields:
            self._short_forms(field.doc)
        self._every_mention(fields)
        self._armed_by_deeds()

    def _armed_by_deeds(self) -> None:
        """A name the text does not say is armed, but whose fighters it counts ('TIP fighters', 'fighters of
        HTS') or that fights ('HTS attacked', 'the Turkistan Islamic Party shelled'): an armed group."""
        for fact in self.facts.values():
            if fact.source == "corpus" or fact.kind not in _NOT_YET_ARMED or _well_known(fact.name):
                continue
            if any(_fights(mention) for mention in fact.mentions):
                fact.kind = "armed_group"
                fact.reason = f"{fact.reason}; armed, by what the text says it does" if fact.reason else None

    def _person(self, span: Span, role: str | None, confidence: float, reason: str) -> Fact | None:
        if not self.claims.free(span) or _head(span) is not None:
            return self.of_span(span)
        doc = span.doc
        if (
            span.start >= 2
            and doc[span.start - 1].lower_ in CONNECTORS
            and self.of_span(doc[span.start - 2 : span.start - 1])
        ):
            return None  # 'the Syrian Observatory for Human Rights': the end of an organisation's name
        fact = self.add(span, span.text, "person", role=role, confidence=confidence, reason=reason)
        if role and not fact.extra.get("role"):
            fact.extra["role"] = role
        return fact

    def _spokespeople(self, doc: Doc) -> None:
        """'an unidentified Isis spokesman', 'a police spokeswoman': a person known by a role in a group."""
        for token in doc:
            if token.lower_ not in lexicon.ROLE_NOUNS or token.i == 0:
                continue
            owner = self.of_span(doc[token.i - 1 : token.i])
            if owner is None or owner.kind == "person":
                continue
            start = owner_start = next(m.start for m in owner.mentions if m.doc is doc and m.end == token.i)
            while start > 0 and doc[start - 1].lower_ in {"unidentified", "unnamed", "anonymous", "senior", "local"}:
                start -= 1
            determiner = start > 0 and doc[start - 1].lower_ in {"a", "an", "the"}
            if not determiner or (token.i + 1 < len(doc) and is_capitalised(doc[token.i + 1])):
                continue  # 'the Isis spokesman Abu X' names the person: a title (see _titled)
            phrase = doc[start - 1 : token.i + 1]
            words = doc[start : token.i + 1].text
            person = self.add(
                phrase,
                words[0].upper() + words[1:],
                "person",
                role=token.text,
                confidence=0.6,
                reason="a person the text knows by a role",
                alias=False,
            )
            person.extra.setdefault("of", (owner.id, doc[owner_start : token.i + 1]))

    def _possessed_people(self, doc: Doc) -> None:
        """'The BBC's Rami Ruhayem': a person of an organisation."""
        for token in doc[1:-1]:
            if token.text not in ("'s", "\u2019s"):
                continue
            owner = self.of_span(doc[token.i - 1 : token.i])
            name = _name_after(doc, token.i + 1)
            if owner is not None and owner.kind != "person" and name is not None:
                person = self._person(name, None, 0.7, f"a person of {owner.name}")
                if person is not None:
                    person.extra.setdefault("of", (owner.id, doc[token.i - 1 : name.end]))

    def _titled(self, run: Span) -> None:
        """'President Bashar al-Assad', 'Gen. Khalifa Haftar', 'Interior Minister Ali Smith'."""
        doc = run.doc
        start = next(  # 'Interior Minister', 'Prime Minister', 'Kenyan President': a title and what qualifies it
            (i for i in range(run.start, min(run.start + 3, run.end - 1)) if doc[i].lower_ in lexicon.TITLES),
            run.start,
        )
        if start > run.start and not self.claims.free(doc[run.start : start]):
            start = run.start  # a name the words before it are ('Hamas Leader …'): no qualifier of a title
        while start < run.end and (
            doc[start].lower_ in lexicon.TITLES
            or (doc[start].text == "-" and start + 1 < run.end and doc[start + 1].lower_ in lexicon.TITLES)
        ):
            start += 1  # 'Secretary-General'
        title_start = start
        # a role in lower case just before the run: 'spokesman Abu Mohammed'
        before = doc[run.start - 1] if run.start > 0 else None
        if start == run.start and (before is None or before.lower_ not in lexicon.ROLE_NOUNS):
            return
        if start >= run.end or not is_capitalised(doc[start]):
            return
        end = next((i for i in range(start, run.end) if not (is_capitalised(doc[i]) or _joins_name(doc, i))), run.end)
        while end > start and not is_capitalised(doc[end - 1]):
            end -= 1
        name = doc[start:end]  # 'Foreign Minister Ishaq Dar in Islamabad': the name ends before 'in'
        if sum(1 for t in name if is_capitalised(t)) > 4 or not len(name):
            return  # (al-Burhan is one of the words of 'General Abdel Fattah al-Burhan')
        role_start = run.start
        while role_start > 0 and is_capitalised(doc[role_start - 1]) and doc[role_start - 1].lower_ in _TITLE_WORDS:
            role_start -= 1  # 'Prime Minister' at a sentence's start, whose first word begins no name
        role = doc[role_start:title_start].text if title_start > run.start else before.text  # type: ignore[union-attr]
        self._person(name, role, 0.8, f"named with a title ({role})")

    def _appositions(self, doc: Doc) -> None:
        """'the authority's chief engineer, Imogen Tarrant' and 'Imogen Tarrant, a spokesman for the army,'."""
        for comma in (t for t in doc if t.text == ","):
            titled = comma.i + 1 < len(doc) and doc[comma.i + 1].lower_ in lexicon.TITLES  # ', Major Sylvain Ekenge,'
            name = _name_after(doc, comma.i + 1) or (_name_after(doc, comma.i + 2) if titled else None)
            phrase = _role_phrase_before(doc, comma.i)
            if name is not None and phrase is not None:
                self._role_person(name, phrase)
            name = _name_before(doc, comma.i)
            phrase = _role_phrase_after(doc, comma.i + 1)
            if name is not None and phrase is not None:
                self._role_person(name, phrase)

    def _role_person(self, name: Span, phrase: Span) -> None:
        role_words = [t for t in phrase if t.lower_ in lexicon.ROLE_NOUNS]
        role_start = role_words[0].i
        while (
            role_start > phrase.start
            and phrase.doc[role_start - 1].is_lower
            and phrase.doc[role_start - 1].lower_ not in {"the", "a", "an", "'s", "of", "for"}
        ):
            role_start -= 1
        role = phrase.doc[role_start : role_words[-1].i + 1].text
        person = self._person(name, role, 0.8, f"named as {role}")
        if person is None:
            return
        person.extra["role"] = role  # (a role in apposition says more than a title: 'a military spokesman')
        person.mention(phrase, alias=False)
        owner = self._organisation_in(phrase)
        if owner is not None:
            person.extra.setdefault("of", (owner.id, phrase))
        else:  # 'an army spokesman', 'its spokesman': the organisation is found once every actor is (relations)
            person.extra.setdefault("of_words", phrase)

    def _organisation_in(self, phrase: Span) -> Fact | None:
        """The organisation a role phrase names: an actor's words in it, or 'the authority' for an actor named
        '… Authority'."""
        for token in phrase:
            fact = self.of_span(phrase.doc[token.i : token.i + 1])
            if fact is not None and fact.kind != "person":
                return fact
        for token in phrase:
            if token.lower_ in lexicon.ORGANISATION_HEADS:
                matches = [f for f in self.facts.values() if f.name.lower().split()[-1:] == [token.lower_]]
                if len(matches) == 1:
                    return matches[0]
        for token in phrase:
            name = _well_known(token.text) if is_capitalised(token) else None
            fact = self.get(token.text) if is_capitalised(token) else None
            if fact is not None and fact.kind != "person":
                return fact
            if name is not None:
                return self.get(name[0])
        return None

    def _speakers(self, doc: Doc) -> None:
        """'Munzer Akbik said', 'said John Smith': a name that speaks is a person's."""
        for token in doc:
            if token.lower_ == "according" and doc[token.i + 1 : token.i + 2].text == "to":
                name = _name_after(doc, token.i + 2)  # 'according to Fatema Khatun of the Red Crescent'
            elif token.lower_ in lexicon.SPEECH_VERBS:
                name = _name_before(doc, _before_age(doc, token.i))  # 'Rahima Begum, 42, said'
                if name is None and token.i + 1 < len(doc):
                    name = _name_after(doc, token.i + 1)
            elif token.lower_ in ("who", "whose") and token.i >= 3 and doc[token.i - 1].text == ",":
                name = _name_before(doc, _before_age(doc, token.i - 1) if doc[token.i - 2].like_num else token.i - 1)
                if name is not None and (len(name) != 2 or not all(t.is_title for t in name)):
                    name = None  # 'Hasina Akter, whose house was destroyed': two words, as people's names are
            else:
                continue
            if (
                name is not None
                and 2 <= len(name) <= 4
                and self.claims.free(name)
                and not self.gazetteer.find(name.text)
                and not self._peoples_words(name)
            ):
                self._person(name, None, 0.6, "speaks in the text")

    def _peoples_words(self, name: Span) -> bool:
        """'Georgian Dream said', 'Rohingya Muslims, who': a people's name first or its members last, as no
        person's name is."""
        return bool(self.gazetteer.country_of_demonym(name[0].text)) or name[-1].lower_ in lexicon.PEOPLE_MEMBERS

    def _doers(self, doc: Doc) -> None:
        """'Maria Santos lost her house', 'condemned by Jan Jarab', 'the killing of Luis Herrera': two capitalised
        words that do what people do, or that something was done by or to, where no place or organisation
        bears them."""
        for token in doc:
            name = None
            if token.lower_ in lexicon.DOING_VERBS:
                name = _name_before(doc, token.i)
            elif token.lower_ == "by" or (
                token.lower_ == "of" and token.i > 0 and doc[token.i - 1].lower_ in lexicon.OF_PEOPLE
            ):
                name = _name_after(doc, token.i + 1)
                after = doc[name.end] if name is not None and name.end < len(doc) else None
                if after is not None and (after.is_title or after.text == "("):
                    name = None  # a longer name, or one with its acronym: an organisation's
            if (
                name is not None
                and (
                    len(name) == 2 or (len(name) == 3 and token.lower_ == "by")
                )  # 'commanded by Mohamed Hamdan Dagalo'
                and all(t.is_title for t in name)
                and self.claims.free(name)
                and not self.gazetteer.find(name.text)
                and _head(name) is None
            ):
                self._person(name, None, 0.55, "a name that acts as people do")

    def _generic(self, doc: Doc, main_country: str | None) -> None:
        """'government forces', 'unidentified gunmen', 'residents of Kafr Takharim', 'Isis fighters'."""
        for span in _generic_matches(doc):
            if not self.claims.free(span):
                continue
            kind = lexicon.GENERIC_ACTORS[span.text.lower()]
            before = doc[span.start - 1] if span.start > 0 else None
            if before is not None and before.lower_ in lexicon.MEMBER_NOUNS:
                continue
            after = doc[span.end] if span.end < len(doc) else None
            speaks_for = kind == "government" and after is not None and after.lower_ in _SPOKESPEOPLE
            held = after is not None and after.lower_ in ("held", "controlled") and _object_follows(doc, span.end)
            if (
                after is not None
                and (after.lower_ in lexicon.NOUNS_AFTER_ACTOR or after.text == "-")
                and not speaks_for
                and not held  # ('women held a vigil': what they did, as 'rebel held areas' is not)
            ):
                continue  # 'rebel commander', 'police station', 'army-held': a word about something else
                # (but 'a government spokesman' speaks for the government: it is named)
            grouped = before is not None and before.lower_ == "of" and span.start >= 2
            if grouped and self.claims.owner(doc[span.start - 2 : span.start - 1]) is not None:
                continue  # 'a coalition of armed groups': the coalition, an actor already, is the one
            if before is not None and before.text == "-" and not before.whitespace_:
                continue  # 'anti-government' (but not a dateline's dash: 'OICHA, Congo - Rebels killed')
            if (
                kind != "government"  # ('the interior ministry of the Taliban administration' is the ministry)
                and after is not None
                and after.lower_ == "of"
                and self.of_span(doc[span.end + 1 : span.end + 3]) is not None
            ):
                continue  # 'fighters of the Islamic State': that group acting
            if (
                kind != "government"
                and after is not None
                and after.lower_ == "of"
                and span.end + 2 < len(doc)
                and self.of_span(doc[span.end + 2 : span.end + 3]) is not None
            ):
                continue
            owner = (
                self.of_span(doc[_before_brackets(doc, span.start) - 1 : span.start]) if before is not None else None
            )
            if owner is None and before is not None and is_capitalised(before) and not before.is_sent_start:
                owner = self.get(before.text)  # 'Fano fighters' after 'Fano, an ethnic Amhara militia'
            if owner is not None and owner.kind == "organization" and kind == "state_forces":
                mention = doc[_owner_start(owner, span) : span.end]  # 'African Union forces', 'UN troops'
                fact = self.add(
                    mention, mention.text, "state_forces", confidence=0.6, reason="an organisation's forces"
                )
                continue
            members = span[-1].lower_ in lexicon.MEMBER_NOUNS or span[-1].lower_ in _NOUN_AFTER_NAME
            if owner is not None and members and owner.kind != "person":  # (and 'the Grand Ravine gang': itself)
                continue  # 'Isis fighters': Isis acting, its name the evidence
            if self._describes(doc, span):
                continue  # 'Fano, an ethnic Amhara militia,': what Fano is, no actor of its own
            stands_for = self._anaphor(span)
            if stands_for is not None:
                self.anaphors.append(stands_for)
                continue  # 'the militants' after Katiba Serma: that group, not an actor of its own
            start, country = span.start, None
            while start > 0:
                word = doc[start - 1]
                demonym = self.gazetteer.country_of_demonym(word.text) if is_capitalised(word) else None
                if demonym is None and word.lower_ not in lexicon.ACTOR_MODIFIERS:
                    break
                country = country or demonym
                start -= 1
            led = start >= 3 and doc[start - 1].lower_ == "led" and doc[start - 2].text == "-"
            if kind == "coalition" and led and is_capitalised(doc[start - 3]):
                start -= 3  # 'the Saudi-led coalition', 'the US-led coalition'
            people = self._people_named(doc, start, span) if start == span.start else None
            named_group = people is not None
            qualified = False  # by a name of its own: 'the Sindh government', 'Kenya's foreign ministry'
            if people is not None:
                start = people
            elif kind in ("state_forces", "government"):
                start, country, qualified = self._state_named(doc, start, country)
            mention = doc[start : span.end]
            name = mention.text[0].upper() + mention.text[1:] if mention.text[:1].islower() else mention.text
            name = re.sub(r"^(?:The|the) ", "", name)
            name = name[0].upper() + name[1:]
            if kind in ("state_forces", "government") and country is None and main_country and not named_group:
                country = None if qualified else main_country  # (a place's: the place says whose)
                demonym = lexicon_demonym(main_country)
                if demonym and not qualified and not name.lower().startswith(demonym.lower()):
                    name = f"{demonym} {name[0].lower()}{name[1:]}"
            place = _of_place(doc, span.end, self.claims)
            if place is not None and kind == "civilians":
                name = f"{name} of {place.text}"
            if named_group:
                kind = "armed_group" if kind == "state_forces" else kind  # a people's forces are no state's
                if start > 0 and doc[start - 1].lower_ == "armed":  # 'armed Fulani herders'
                    start, kind = start - 1, "armed_group"
                    mention = doc[start : span.end]
                    name = mention.text[0].upper() + mention.text[1:]
                fact = self.add(mention, name, kind, confidence=0.65, reason="a people's name and what its members are")
                self._generic_classes.setdefault(_generic_class(span, kind, None), fact)  # later, 'the herders'
                continue
            same_class = self._generic_classes.get(_generic_class(mention, kind, country, qualified))
            if same_class is not None:
                self.attach(same_class, mention)  # 'the Malian army' and later 'its troops': one state's forces
                continue
            fact = self.add(
                mention, name, kind, country=country, generic=True, confidence=0.7, reason="a generic actor"
            )
            self._generic_classes.setdefault(_generic_class(mention, kind, country, qualified), fact)
            if kind in ("state_forces", "government") and start >= 2 and doc[start - 1].lower_ == "and":
                self._joint_state(doc[start - 2 : start - 1], span, kind)  # 'Rwandan and Mozambican forces'

    def _role_holders(self, doc: Doc) -> None:
        """'a police spokesperson said', 'his lawyer', 'India's defence minister': a person the text knows only by
        a role, each its own (or the one named person who holds that role: 'the minister' after Defence
        Minister X)."""
        said = {i for f in self.facts.values() for m in f.mentions if m.doc is doc for i in range(m.start, m.end)}
        for token in doc:
            if token.lower_ not in _UNNAMED_ROLES or not self.claims.free(doc[token.i : token.i + 1]):
                continue
            if token.i in said:
                continue  # 'Zanele Mokoena, a spokeswoman for the charity': a named person's role, read already
            after_words = doc[token.i + 1 : token.i + 3].text.lower()
            if after_words in _DESCRIBED or after_words in lexicon.GENERIC_ACTORS:
                continue  # 'a volunteer rescue group': the role's word says what the group is
            after = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if after is not None and (
                is_capitalised(after) or (after.lower_ in ("of", "for") and _named_later(doc, token.i))
            ):
                continue  # 'spokesman Abu X', 'the mayor of Lahore, X,': a named person's role, read elsewhere
            if after is not None and after.lower_ in lexicon.ROLE_NOUNS:
                continue  # 'the chief engineer': the role goes on
            if after is not None and after.text == "," and _name_after(doc, token.i + 2) is not None:
                continue  # 'the district commissioner, Mohammad Ali,'
            start = token.i
            while (
                start > 0
                and token.i - start < 4
                and (
                    (doc[start - 1].is_lower and doc[start - 1].lower_ not in _DETERMINERS and doc[start - 1].is_alpha)
                    or (self.claims.owner(doc[start - 1 : start]) or "").startswith("place:")
                )
            ):
                start -= 1  # 'a senior police spokesperson'
            before = doc[start - 1] if start > 0 else None
            if before is not None and before.text in ("'s", "\u2019s", "'") and start >= 2:
                start -= 2  # 'India's defence minister', 'the Houthis' leader'
            elif before is None or before.lower_ not in _DETERMINERS:
                continue
            span = doc[start : token.i + 1]
            holders = [
                f
                for f in self.facts.values()
                if f.kind == "person" and token.lower_ in str(f.extra.get("role") or "").lower().split()
            ]
            if len(holders) == 1 and doc[start].is_lower:  # (not India's minister, another country's)
                holders[0].mention(span, alias=False)  # 'the minister', of Defence Minister X
                continue
            words = span.text
            self.add(
                span,
                words[0].upper() + words[1:],
                "person",
                role=token.text,
                confidence=0.5,
                alias=False,
                reason="a person the text knows by a role",
            )

    def _counted_people(self, doc: Doc) -> None:
        """'killing 18 people', 'at least nine people were injured', 'some 15,000 people marched', '12 men on
        board': a group of people the text counts, civilians, each group its own."""
        for token in doc:
            if token.lower_ not in _COUNTED or token.i == 0 or not self.claims.free(doc[token.i : token.i + 1]):
                continue
            start = token.i
            if doc[start - 1].like_num or doc[start - 1].lower_ in _NUMBER_WORDS:
                start -= 1
            elif start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _MANY:
                start -= 2  # 'hundreds of people'
            else:
                continue
            while start > 0 and doc[start - 1].lower_ in _ABOUT:
                start -= 1  # 'at least', 'some', 'more than'
            span = doc[start : token.i + 1]
            if not self.claims.free(span):
                continue
            words = span.text
            fact = self._new(
                words[0].upper() + words[1:], "civilians", None, confidence=0.5, reason="people the text counts"
            )
            fact.mention(span, alias=False)
            self.claims.take(span, fact.id)

    def _joint_state(self, demonym: Span, generic: Span, kind: str) -> None:
        """The other country's forces (or government) of 'Rwandan and Mozambican forces': its people's word its
        evidence."""
        country = self.gazetteer.country_of_demonym(demonym.text) if is_capitalised(demonym[0]) else None
        if country is None or not self.claims.free(demonym):
            return
        name = f"{demonym.text} {generic.text.lower().removeprefix('the ')}"
        same_class = self._generic_classes.get(_generic_class(generic, kind, country))
        if same_class is not None:
            self.attach(same_class, demonym, alias=False)
            return
        fact = self.add(
            demonym, name, kind, country=country, generic=True, confidence=0.6, reason="a generic actor", alias=False
        )
        self._generic_classes.setdefault(_generic_class(generic, kind, country), fact)

    def _describes(self, doc: Doc, span: Span) -> bool:
        """Whether a generic actor's words are an apposition saying what a named actor is: 'Fano, an ethnic
        Amhara militia', 'the VDP, a civilian auxiliary force'."""
        for i in range(span.start - 1, max(span.start - 5, 1), -1):
            if doc[i].lower_ in ("a", "an") and doc[i - 1].text == ",":
                owner = self.claims.owner(doc[i - 2 : i - 1]) if i >= 2 else None
                if owner is None and i >= 2 and doc[i - 2].text == ")":
                    owner = self.claims.owner(doc[i - 3 : i - 2])
                return owner is not None and not owner.startswith("place:")
            if doc[i].text in {",", ".", ";"}:
                return False
        return False

    def _nicknamed(self, doc: Doc) -> None:
        """'Ismael "El Mayo" Zambada': names with a nickname in quotes between them are a person's, all of it."""
        for token in doc:
            if token.text not in QUOTE_MARKS or token.i < 1 or not is_capitalised(doc[token.i - 1]):
                continue
            close = next((t.i for t in doc[token.i + 1 : token.i + 5] if t.text in QUOTE_MARKS), None)
            if close is None or close + 1 >= len(doc) or not is_capitalised(doc[close + 1]):
                continue
            start = _run_before(doc, token.i, 3)
            end = close + 1
            while end < len(doc) and end - close <= 2 and (is_capitalised(doc[end]) or _joins_name(doc, end)):
                end += 1
            span = doc[start:end]
            if self.claims.free(span):  # (a first name some village has too, Joaquín, is a first name here)
                self._person(span, None, 0.6, "names and a nickname")

    def _named_by_noun(self, doc: Doc) -> None:
        """A name the text says what it is of, by a noun before it ('the state news agency Saba', 'state
        television, RTB,', 'the UN peacekeeping mission, MONUSCO,') or after it ('SONNA news agency', 'the
        ruling Georgian Dream party')."""
        for token in doc:
            name, kind = None, None
            if token.lower_ == "agency" and doc[token.i - 1 : token.i].text != "news":
                continue  # 'the UN humanitarian agency, OCHA': no medium
            if token.lower_ in _NOUN_BEFORE_NAME and token.i + 1 < len(doc):
                kind = _NOUN_BEFORE_NAME[token.lower_]
                if token.lower_ == "group" and token.i > 0 and doc[token.i - 1].lower_ in _ARMED_WORDS:
                    kind = "armed_group"  # 'the rebel group M23', 'the armed group CODECO'
                if doc[token.i + 1].text == ",":
                    name = _apposed_name(doc, token.i + 2)
                elif kind in ("media_organization", "organization") and is_capitalised(doc[token.i + 1]):
                    name = _name_from(doc, token.i + 1, 3)
            if name is None and token.lower_ in _NOUN_AFTER_NAME and doc[token.i + 1 : token.i + 2].text in _UNITING:
                continue  # 'the Viv Ansanm gang alliance': the alliance's noun names it
            if name is None and token.lower_ in _NOUN_AFTER_NAME:
                kind = _NOUN_AFTER_NAME[token.lower_]
                end = token.i - 1 if token.lower_ == "agency" and doc[token.i - 1 : token.i].text == "news" else token.i
                if token.lower_ in _UNITING and doc[end - 1 : end].text in _MEMBERS_SORT:
                    end -= 1  # 'the Viv Ansanm gang alliance': an alliance, of gangs
                start = _run_before(doc, end, 4)
                start += 1 if start < end and doc[start].lower_ == "the" else 0  # 'The M62 movement'
                name = doc[start:end] if start < end else None
                if start > 0 and doc[start - 1].lower_ in ("a", "an", "ethnic"):
                    name = None  # 'an ethnic Amhara militia' says what someone is: it names no militia
            if (
                name is None
                or kind is None
                or name[0].lower_ in COMMON
                or any(t.lower_ in lexicon.TITLES for t in name)
            ):
                continue
            owner = self.claims.owner(name)
            if owner is not None and not owner.startswith("place:"):
                continue  # (a place's name somewhere is no objection: 'the state news agency Saba')
            if kind != "media_organization" and self.gazetteer.find(name.text):
                continue
            self.add(name, name.text, kind, confidence=0.7, reason=f"named as {token.lower_}")

    def _states_acting(self, doc: Doc) -> None:
        """'Saudi Arabia denied …', 'the United States said', 'brokered by Russia and Turkey': a country that
        speaks or acts is its government (ACLED's 'Government of …'), the country's name its evidence; the place
        keeps its words."""
        for token in doc:
            if token.lower_ == "by" and token.i > 0 and doc[token.i - 1].lower_ in _BACKED:
                for span in _names_listed(doc, token.i + 1):
                    self._state_acting(span)
            elif token.lower_ in ("with", "between") and token.i > 0 and doc[token.i - 1].lower_ in _DEALS:
                for span in _names_listed(doc, token.i + 1):  # 'a deal with Maputo', 'talks between Kigali and …'
                    self._state_acting(span)
            elif (token.lower_ in _DONE_TO_STATES or token.lower_ == "against") and token.i + 1 < len(doc):
                on = token.i + 2 if doc[token.i + 1].lower_ in ("on", "to") else token.i + 1  # 'called on Kigali to'
                for span in _names_listed(doc, on):
                    after = doc[span.end].lower_ if span.end < len(doc) else ""
                    if after in _AFTER_A_STATE:  # 'accused Tripoli of failing', 'protests against France and'
                        self._state_acting(span)
            elif (
                token.text == "-"
                and 0 < token.i < len(doc) - 1
                and not token.whitespace_
                and not doc[token.i - 1].whitespace_
                and doc[token.i + 1].lower_ in _BACKED
            ):  # 'a Russia-brokered truce', 'Rwanda-backed rebels'
                start = _run_before(doc, token.i, 3)
                start += 1 if start < token.i and doc[start].lower_ == "the" else 0
                while start < token.i and doc[start].lower_ in COMMON:
                    start += 1  # 'A Russia-brokered truce'
                named = doc[start : token.i]  # (whoever's name holds it: the coalition it leads is another actor)
                country = self.gazetteer.country_of_demonym(named.text) or next(
                    (r.country for r in self.gazetteer.find(named.text) if r.feature == "country"), None
                )  # 'the Saudi-led coalition', 'a Russia-brokered truce'
                if country in self.gazetteer.countries and len(named):
                    self._government_of(self.gazetteer.countries[country], named)
            elif token.lower_ == "from" and token.i > 0 and doc[token.i - 1].lower_ in _WORDS_FROM_STATES:
                for span in _names_listed(doc, token.i + 1):  # 'no comment from Islamabad'
                    self._state_acting(span)
            if token.lower_ in lexicon.SPEECH_VERBS or token.lower_ in _STATE_DEEDS or token.lower_ in _DONE_TO_STATES:
                self._doer_acting(doc, token)
            elif token.lower_ in _STATE_MOVES and token.i > 1 and doc[token.i - 1].lower_ in _MODALS:
                first = token.i - 1
                while first > 0 and doc[first - 1].lower_ in _MODALS:
                    first -= 1
                self._doer_acting(doc, doc[first])  # 'Israel was to leave southern Lebanon'

    def _doer_acting(self, doc: Doc, verb: Token) -> None:
        """The country or capital just before a verb of what states do, and one listed with it ('Niger and Mali
        agreed')."""
        end = verb.i - 1 if verb.i > 0 and doc[verb.i - 1].lower_ in ("has", "have", "had") else verb.i
        start = _run_before(doc, end, 3)
        start += 1 if start < end and doc[start].lower_ == "the" else 0
        before = doc[start - 1] if start > 0 else None
        if before is not None and (
            before.text in {"'s", "\u2019s", "-"} or (is_capitalised(before) and before.lower_ != "the")
        ):
            return  # a longer name's end, or a possession
        if start < end:
            self._state_acting(doc[start:end])
            if start >= 2 and doc[start - 1].lower_ == "and":
                first = _run_before(doc, start - 1, 3)
                if first < start - 1:
                    self._state_acting(doc[first : start - 1])  # (a country's or a capital's only)

    def _organisations_people(self, doc: Doc) -> None:
        """'United Nations experts', 'observers from the OSCE', 'staff at a nearby hospital': people of an
        organisation (or a site's staff), an organisation of their own, named by their words."""
        for token in doc:
            if token.lower_ not in _ORGANISATIONS_PEOPLE or not self.claims.free(doc[token.i : token.i + 1]):
                continue
            before = self.of_span(doc[token.i - 1 : token.i]) if token.i else None
            if before is not None and before.kind == "organization":
                start = _owner_start(before, doc[token.i : token.i + 1])
                span = doc[start : token.i + 1]
            elif token.i + 2 < len(doc) and doc[token.i + 1].lower_ in ("from", "of", "at", "with"):
                j = token.i + 2 + (doc[token.i + 2].lower_ in ("the", "a", "an"))
                after = self.of_span(doc[j : j + 1])
                site = (self.claims.owner(doc[j : j + 1]) or "").startswith("place:") and token.lower_ == "staff"
                if not ((after is not None and after.kind == "organization") or site):
                    continue
                end = j + 1
                while end < len(doc) and self.claims.owner(doc[end : end + 1]) == self.claims.owner(doc[j : j + 1]):
                    end += 1
                span = doc[token.i : end]
            else:
                continue
            name = span.text[0].upper() + span.text[1:]
            self.add(span, name, "organization", confidence=0.55, alias=False, reason="an organisation's people")

    def _known_as(self, doc: Doc) -> None:
        """'a volunteer rescue group known as the White Helmets': another name of the actor just named;
        'his supporters, known as "La Mayiza",': the name of the group the words before it describe."""
        for token in doc[1:-2]:
            if token.lower_ != "known" or doc[token.i + 1].lower_ != "as":
                continue
            i = token.i + 2
            i += 1 if i < len(doc) and doc[i].lower_ == "the" else 0
            quoted = i < len(doc) and doc[i].text in QUOTE_MARKS
            name = _name_from(doc, i + quoted, 4)
            if not len(name) or name[0].lower_ in COMMON or not self.claims.free(name):
                continue
            if quoted and not (name.end < len(doc) and doc[name.end].text in QUOTE_MARKS):
                continue
            comma = next((t.i for t in reversed(doc[max(0, token.i - 8) : token.i]) if t.text == ","), None)
            named = self.of_span(doc[comma - 1 : comma]) if comma else None
            if named is not None and named.kind != "person":
                self.attach(named, name)  # 'the Syria Civil Defence, a volunteer rescue group known as the …'
                continue
            window = {t.lower_ for t in doc[max(0, token.i - 8) : token.i]} | {t.lower_ for t in token.sent}
            kind = "armed_group" if window & _ARMED_WORDS else "organization"
            self.add(name, name.text, kind, confidence=0.55, reason="what the group the text describes is known as")

    def _parties_qualified(self, doc: Doc) -> None:
        """'the opposition National Unity Platform (NUP)', 'the ruling X': a name so qualified is a party's, and
        the qualifier one of its mentions (as 'the opposition rally' is)."""
        for token in doc[:-1]:
            if token.lower_ not in ("opposition", "ruling") or not is_capitalised(doc[token.i + 1]):
                continue
            fact = self.of_span(doc[token.i + 1 : token.i + 2])
            if fact is None or fact.kind not in ("organization", "person", "political_organization"):
                continue
            if fact.source != "corpus":
                fact.kind = "political_organization"
            if self.claims.free(doc[token.i : token.i + 1]):
                self.attach(fact, doc[token.i : token.i + 1], alias=False)  # (no generic 'opposition' beside it)

    def _or_acronym(self, doc: Doc) -> None:
        """'the Barisan Revolusi Nasional, or BRN,': a name and the acronym its initials make, one actor."""
        for token in doc[2:-2]:
            if token.lower_ != "or" or doc[token.i - 1].text != ",":
                continue
            short = doc[token.i + 1 : token.i + 2]
            run = next((r for r in name_runs(doc) if r.end == token.i - 1), None)
            whole = _without_the(run) if run is not None else None
            if whole is None or not _ACRONYM.match(short.text) or _initials(whole) != short.text:
                continue
            if not self.claims.free(whole) or self.gazetteer.find(whole.text):
                continue
            fact = self.add(whole, whole.text, self._kind_of(whole) or "organization", confidence=0.75)
            fact.reason = fact.reason or f"named with its acronym after 'or' ({short.text})"
            if self.claims.free(short):
                self.attach(fact, short)

    def _known_only_as(self, doc: Doc) -> None:
        """'a fisherman who gave his name only as Adoum', 'a woman identified only as Maria': a person so named."""
        for token in doc[2:-1]:
            name = _name_from(doc, token.i + 1, 3) if token.lower_ == "as" else None
            if name and named_only_as(name) and self.claims.free(name) and name[0].lower_ not in COMMON:
                self.add(name, name.text, "person", confidence=0.6, reason="named so, and only so, by the text")

    def _states_listed(self, doc: Doc) -> None:
        """'Mali, Niger and Burkina Faso agreed', 'against France and the United States': the countries listed
        with one that is its government are governments too (a list's names play one part)."""
        acting = [m for f in self.facts.values() if f.kind == "government" for m in f.mentions if m.doc is doc]
        for mention in acting:
            start = mention.start
            while start >= 2 and doc[start - 1].text in (",", "and"):
                before = _run_before(doc, start - 1, 3)
                if before == start - 1:
                    break
                start = before
            for span in _names_listed(doc, start):
                if span.start != mention.start and [
                    r for r in self.gazetteer.find(span.text) if r.feature == "country"
                ]:
                    self._state_acting(span)

    def _state_acting(self, span: Span) -> None:
        """The government of the country (or of the capital) this span names, with the span as its mention."""
        owner = self.claims.owner(span)
        if owner is not None and not owner.startswith("place:"):
            return  # another actor's words
        capital = self._capital_of(span.text)  # 'Kigali denies it': Rwanda's government
        countries = [r for r in self.gazetteer.find(span.text) if r.feature == "country"] if owner else []
        if not (countries or capital):
            return
        self._government_of((countries or capital)[0], span)

    def _government_of(self, country: Any, span: Span) -> None:
        """The country's government, found or made, with the span as its mention."""
        fact = self._generic_classes.get(("government", "government", country.country)) or next(
            (
                f
                for f in self.facts.values()
                if f.kind == "government"
                and f.extra.get("country") == country.country
                and (f.name.lower().endswith(" government") or f.name.startswith("Government of "))
            ),
            None,
        )
        if fact is None:
            fact = self._new(
                f"Government of {_as_named(country.name)}",
                "government",
                None,
                country=country.country,
                confidence=0.6,
                reason="a country that speaks or acts: its government",
            )
        fact.mention(span, alias=False)

    def _capital_of(self, name: str) -> list[Any]:
        """The country whose capital a name is (Kigali, Islamabad, Moscow), as a list of one, or none."""
        iso = self.gazetteer.country_of_capital(name)
        return [self.gazetteer.countries[iso]] if iso in self.gazetteer.countries else []

    def _state_named(self, doc: Doc, start: int, country: str | None) -> tuple[int, str | None, bool]:
        """Where a state's generic actor begins, whose state it is, and whether a place's rather than a country's,
        when a name before it says: 'Kenya's foreign ministry', 'the Niger junta' (a country's), 'the Sindh
        government', 'Borno state police' (a place's, or a name no other actor has taken, that qualifies it)."""
        if start >= 2 and doc[start - 1].text in {"'s", "\u2019s"}:
            possessor = doc[start - 2 : start - 1]
            countries = [r.country for r in self.gazetteer.find(possessor.text) if r.feature in ("country", "nation")]
            if countries and is_capitalised(possessor[0]):
                return start - 2, countries[0], False
            return start, country, False
        end = start
        while start > 0 and is_capitalised(doc[start - 1]):
            word = doc[start - 1]
            if word.lower_ in COMMON or _ALL_CAPS.match(word.text) or self.gazetteer.country_of_demonym(word.text):
                break
            owner = self.claims.owner(doc[start - 1 : start])
            if owner is not None and not owner.startswith("place:"):
                break  # another actor's name
            if word.is_sent_start and owner is None and not self.gazetteer.find(word.text):
                break  # a sentence's first word, which is capitalised anyway
            start -= 1
        if start < end and doc[start - 1 : start].text in {"'s", "\u2019s", "-"}:
            return end, country, False  # a longer name's end, or a possession
        countries = [r.country for r in self.gazetteer.find(doc[start:end].text) if r.feature == "country"]
        if start < end and countries:
            return start, countries[0], False  # 'the Niger junta': that country's
        return start, country, start < end

    def _people_named(self, doc: Doc, start: int, span: Span) -> int | None:
        """'Kuki militants', 'Fulani herders', 'Kuki-Zo women', 'Rohingya Muslims': a people's name before what its
        members are, a capitalised word (or two a hyphen joins) no other fact has taken (a place that only shares
        its spelling somewhere is none). Where that name begins, or None."""
        members = span[-1].lower_
        if start == 0 or not (members in lexicon.GROUP_NOUNS or members in lexicon.PEOPLE_MEMBERS):
            return None
        first = start - 1
        if (
            first >= 2
            and doc[first - 1].text == "-"
            and not doc[first - 1].whitespace_
            and is_capitalised(doc[first - 2])
        ):
            first -= 2  # 'Kuki-Zo'
        words_of = [t for t in doc[first:start] if t.text != "-"]
        if any(not is_capitalised(w) or w.lower_ in COMMON or _ALL_CAPS.match(w.text) for w in words_of):
            return None
        if first >= 1 and (is_capitalised(doc[first - 1]) or doc[first - 1].text in {"'s", "\u2019s", "-"}):
            return None  # a longer name, or a name's possession: someone else's
        return first if self.claims.free(doc[first:start]) else None

    def _anaphor(self, span: Span) -> tuple[Fact, Span] | None:
        """'the militants', 'its fighters' standing for one named actor before them (service.drafts.anaphora)."""
        if len(span) != 1 or span.start == 0:
            return None
        phrase = span.doc[span.start - 1 : span.end]
        kinds = anaphora.kinds_for(phrase)
        if kinds is None:
            return None
        mentions = [(fact, m) for fact in self.facts.values() for m in fact.mentions] + self.anaphors
        fact = anaphora.referent(phrase, kinds, mentions, named=True)
        return (fact, phrase) if fact is not None else None

    def _short_forms(self, doc: Doc, *, people: bool = True) -> None:
        """A later, shorter name: a word of a longer name (Nusra for Nusra Front, the Coalition) or its initials
        (FSA for Free Syrian Army)."""
        for token in doc:
            span = doc[token.i : token.i + 1]
            if not is_capitalised(token) or not self.claims.free(span) or token.lower_ in COMMON:
                continue
            if self.gazetteer.country_of_demonym(token.text):
                continue  # 'Syrian' shortens no 'Syrian Observatory': it names a country's people
            beside = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
            if any(is_capitalised(t) and not t.is_sent_start for t in beside):
                continue  # 'the West African bloc': a word of another name, shortening none
            surnames = [f for f in self.facts.values() if f.kind == "person" and f.name.split()[-1] == token.text]
            if not (surnames and people) and self.gazetteer.find(token.text) and not _ALL_CAPS.match(token.text):
                continue
            owners = [f for f in self.facts.values() if f.kind != "person" and _shortens(token.text, f.name)]
            if token.is_sent_start and not _ALL_CAPS.match(token.text):
                owners = []  # 'Water authority says …': a capital that only begins a sentence shortens nothing
            candidates = owners or (surnames if people else [])
            if len(candidates) == 1:
                fact = candidates[0]
                self.add(span, fact.name, fact.kind)
            elif people and _ALL_CAPS.match(token.text) and not candidates and not self.gazetteer.find(token.text):
                self.add(
                    span, token.text, "organization", confidence=0.4, reason="an acronym the text does not spell out"
                )

    def _every_mention(self, fields: list[Field]) -> None:
        """Each actor's name and aliases wherever else the text has them, on words no other fact has taken."""
        matcher = phrase_matcher()
        for fact in self.facts.values():
            forms = [n for n in (fact.name, *fact.aliases) if n[:1].isupper() or not fact.extra.get("generic")]
            matcher.add(fact.id, patterns(forms))
        for field in fields:
            for match_id, start, end in matcher(field.doc):
                span = field.doc[start:end]
                fact = self.facts[pipeline().vocab.strings[match_id]]
                if self.claims.free(span):
                    fact.mention(span)
                    self.claims.take(span, fact.id)


def _generic_class(
    mention: Span, kind: str, country: str | None, qualified: bool = False
) -> tuple[str, str, str | None]:
    """The class a generic actor falls in: a state's military (army, troops, soldiers) and its police are one
    each; any other generic actor, or one a name qualifies ('Borno state police'), is its own words' class."""
    if kind == "coalition":
        return (kind, "coalition", country)  # 'the Saudi-led coalition', then 'the coalition'
    if kind == "state_forces" and country is not None and not qualified:
        police = any(t.lower_.startswith(("police", "gendarm")) for t in mention)
        return (kind, "police" if police else "military", country)
    if kind in ("armed_group", "civilians") and not qualified:
        return (kind, mention[-1].lower_, country)  # 'armed separatists' and 'Separatists': one
    words = [t for t in mention if t.lower_ != "the"]
    if not qualified and len(words) > 2 and words[1].text in ("'s", "\u2019s"):
        words = words[2:]  # 'Peru's government' and 'the government': one
    return (kind, " ".join(t.lower_ for t in words), country)


def _before_brackets(doc: Doc, i: int) -> int:
    """Token i, or where a bracketed acronym just before it begins ('Free Syrian Army (FSA) fighters')."""
    if i >= 3 and doc[i - 1].text == ")" and doc[i - 3].text == "(":
        return i - 3
    return i


def lexicon_demonym(country: str) -> str | None:
    from service.drafts.gazetteer import DEMONYMS

    words = DEMONYMS.get(country)
    return words[0] if words else None


_FORCES_OF_A_STATE = frozenset(
    words(
        """armed special security defence defense military border naval air ground police presidential republican
        joint task multinational"""
    )
)
"""What qualifies a state's forces, whoever's: 'the Armed Forces', 'Special Forces'."""
_UNNAMED_ROLES = frozenset(
    words(
        """spokesman spokeswoman spokesperson official minister leader commander governor mayor lawyer driver
        cameraman photographer journalist reporter coordinator counterpart envoy ambassador negotiator doctor
        nurse priest imam pastor chief councillor councilor lawmaker legislator senator judge prosecutor warden
        source volunteer relative headman rider nephew niece cousin uncle aunt brother sister son daughter father
        mother wife husband widow"""
    )
)
"""Roles a person the text does not name is known by ('a police spokesperson', 'his lawyer')."""
_COUNTED = frozenset(words("""people men persons others"""))
_NUMBER_WORDS = frozenset(words("""two three four five six seven eight nine ten eleven twelve dozen dozens"""))
_MANY = frozenset(words("""hundreds thousands dozens scores tens"""))
_ABOUT = frozenset(words("""at least some about nearly almost around more than over up to another"""))
_DETERMINERS = frozenset(words("""a an the his her its their"""))
_UNIT_HEADS = frozenset(words("""brigade battalion regiment division corps"""))


def _numbered(token: Token) -> bool:
    """'444', '5th', '34th': a unit's number."""
    return token.like_num or bool(re.fullmatch(r"\d+(st|nd|rd|th)", token.text))


_NOT_RULING = frozenset(words("""resistance liberation opposition revolutionary democratic"""))
_PORTFOLIOS = frozenset(
    words(
        """health defence defense justice education social welfare interior foreign agriculture labour labor
        finance energy transport homeland state president presidency prime minister public works home immigration
        trade housing environment water"""
    )
)
"""What a state's department is for: 'the Department of Health', 'the Office of the President'."""
_RULING = frozenset(words("""presidential transitional sovereign sovereignty ruling military"""))
"""A council so qualified rules: a government's."""
_SPOKESPEOPLE = frozenset(role for role, relation in lexicon.ROLE_RELATIONS.items() if relation == "spokesperson_for")
_BROADCAST_WORDS = frozenset(words("""radio tv television"""))
"""Words that begin a broadcaster's name."""
_NOUN_BEFORE_NAME = {
    **dict.fromkeys(words("""agency broadcaster newspaper channel station television radio"""), "media_organization"),
    "mission": "organization",
    "group": "organization",
}
"""What the press calls an actor just before its name: 'the state news agency Saba', 'the mission, MONUSCO,'."""
_ARMED_WORDS = frozenset(
    words(
        """armed rebel rebels militant jihadist insurgent separatist vigilante militia militias gang gangs cartel
        cartels faction factions gunmen fighters hitmen"""
    )
)
_NOUN_AFTER_NAME = {
    "agency": "media_organization",
    "party": "political_organization",
    "movement": "political_organization",
    "militia": "armed_group",
    "gang": "armed_group",
    "cartel": "armed_group",
    "alliance": "coalition",
    "coalition": "coalition",
}
"""… and after it, in lower case: 'SONNA news agency', 'the ruling Georgian Dream party'."""
_UNITING = frozenset(("alliance", "coalition"))
_MEMBERS_SORT = frozenset(words("""gang rebel militia jihadist opposition armed political tribal"""))
"""Between a name and 'alliance', what its members are: 'the Viv Ansanm gang alliance'."""
_DEALS = frozenset(
    words("""deal talks agreement accord ties relations negotiations truce ceasefire treaty pact dispute""")
)
"""What states make with each other: the country or capital after 'a deal with' is its government."""
_DONE_TO_STATES = frozenset(
    words(
        """accused accuses urged urges called calls pressed condemned criticised criticized blamed sanctioned
        turned turning appealed appealing"""
    )
)
"""Verbs whose object, where a country or its capital, is its government ('accused Tripoli of failing', 'turned
to Moscow for arms'), as is what is done 'against' one."""
_ORGANISATIONS_PEOPLE = frozenset(words("""experts observers monitors investigators inspectors staff"""))
"""Who speaks for an organisation, or a site, without being it: 'UN experts', 'staff at a nearby hospital'."""
_STATE_MOVES = frozenset(
    words("""withdraw leave pull deploy hand release send sign return recognise recognize host mediate expel""")
)
"""What a state is to do, after a modal ('Israel was to leave', 'Kenya will deploy'): its name is its government."""
_MODALS = frozenset(words("""would will was is to had has agreed must should could also then not"""))
_WORDS_FROM_STATES = frozenset(words("""comment response reaction statement word confirmation"""))
"""What comes 'from' a country or its capital that is its government's ('no comment from Islamabad')."""
_AFTER_A_STATE = frozenset({"of", "to", "for", "over", "and", ",", ".", "in", "on", "after", "since"})
"""Words after such an object that end its name: not 'against Niger forces', where it qualifies another."""
_BACKED = frozenset(words("""brokered mediated backed supported sponsored funded armed led imposed allied aligned"""))
"""Past participles before 'by' whose doer, where a country, is its government ('brokered by Russia')."""
_STATE_DEEDS = frozenset(
    words(
        """sent deployed launched carried denied rejected condemned accused imposed announced pledged vowed agreed
        signed recalled expelled closed threatened responded retaliated struck hosted hosts mediated"""
    )
)
"""What a state does, after its country's name ('Kenya has sent police', 'Saudi Arabia denied')."""
_FORCE_WORDS = frozenset(
    words("""security intelligence police terrorism counter-terrorism counterterrorism border coast guard""")
)
"""A state's body so qualified is its forces: the State Security Service, a Federal Police Agency."""
_FIGHTERS = frozenset(words("fighters militants gunmen jihadists combatants insurgents rebels militiamen"))
_NOT_YET_ARMED = frozenset({"organization", "political_organization"})
"""Kinds a name's word gives by default, which what the text says its bearer does may make an armed group's."""
_FIGHTING_VERBS = frozenset(
    words(
        """attacked attack attacks clashed clash clashes fought shelled ambushed stormed overran seized captured
        bombed raided abducted kidnapped killed executed beheaded fired launched"""
    )
)


def _fights(mention: Span) -> bool:
    """The words around a name say its bearer fights: its fighters, or a fighting verb it is the subject of
    ('HTS attacked', 'the TIP and HTS clashed', 'TIP fighters shelled')."""
    doc = mention.doc
    start = mention.start - 1 if mention.start > 0 and doc[mention.start - 1].lower_ == "the" else mention.start
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _FIGHTERS:
        return True  # 'fighters of (the) X'
    i = mention.end
    if i < len(doc) and doc[i].text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")":
        i += 3  # 'Hayat Tahrir al-Sham (HTS) fighters'
    if i < len(doc) and doc[i].lower_ in _FIGHTERS:
        return True
    for token in doc[i : min(i + 3, mention.sent.end)]:
        if token.lower_ in _FIGHTING_VERBS:
            return True
        if token.lower_ not in {"had", "have", "has", "also", "then", "again", "reportedly", "allegedly"}:
            break
    return False


def _well_known(text: str) -> tuple[str, str] | None:
    """The well-known actor a name is (by its exact words, or by its key where longer than three letters)."""
    exact, keyed = _well_known_names()
    found = exact.get(text)
    if found is None and len(text) > 3:
        found = keyed.get(key(text))
    return found


@functools.cache
def _well_known_names() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """lexicon.WELL_KNOWN by every name's exact words and by its key: (name, kind) each, the first listed first."""
    exact: dict[str, tuple[str, str]] = {}
    keyed: dict[str, tuple[str, str]] = {}
    for name, (kind, others) in lexicon.WELL_KNOWN.items():
        for written in (name, *others):
            exact.setdefault(written, (name, kind))
            keyed.setdefault(key(written), (name, kind))
    return exact, keyed


def _head(span: Span) -> str | None:
    """The organisation word of a name: the last before 'of' or 'for' (Ministry of Defence, National Coalition
    of Syrian Revolution and Opposition Forces, Syrian Observatory for Human Rights), or its last word."""
    words = [t.lower_ for t in span]
    if len(words) >= 2 and words[0] in _BROADCAST_WORDS and "and" not in words:
        return words[0]  # 'Radio Kiskeya', 'TV Pirveli'
    joint = next((i for i, word in enumerate(words) if word in ("of", "for")), None)
    if joint is not None:
        before = words[:joint]
        if before and before[-1] in lexicon.ORGANISATION_HEADS:
            return before[-1]
    return words[-1] if words[-1] in lexicon.ORGANISATION_HEADS else None


def _as_named(country: str) -> str:
    """A country's name as a phrase writes it: 'the Philippines', 'the United States', 'Kenya'."""
    plural = country.endswith("s") and not country.endswith(("us", "ss"))
    return f"the {country}" if plural or country.startswith(("United ", "Republic ", "Democratic ")) else country


def _names_listed(doc: Doc, i: int) -> list[Span]:
    """The names listed from token i: 'Russia and Turkey', 'Qatar, Egypt and the United States'."""
    found: list[Span] = []
    while i < len(doc):
        i += 1 if doc[i].lower_ == "the" else 0
        end = _name_from(doc, i, 3).end
        if end == i:
            break
        found.append(doc[i:end])
        if end < len(doc) and doc[end].text == "," and end + 1 < len(doc) and doc[end + 1].lower_ == "and":
            end += 1
        if end >= len(doc) or doc[end].lower_ not in {"and", ","}:
            break
        i = end + 1
    return found


def _in_hyphened_word(span: Span) -> bool:
    """Words that are part of a longer word joined by hyphens with no space ('AU' of 'PORT-AU-PRINCE')."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    return (
        before is not None
        and before.text == "-"
        and not before.whitespace_
        and span.start >= 2
        and not doc[span.start - 2].whitespace_
    ) or (after is not None and after.text == "-" and not doc[span.end - 1].whitespace_ and not after.whitespace_)


def _two_names(span: Span) -> bool:
    """Words that are two organisations' names joined by 'and': each ends in an organisation's word."""
    words = [t.lower_ for t in span]
    if "and" not in words:
        return False
    cut = words.index("and")
    rest = span[cut + 2 :] if words[cut + 1 : cut + 2] == ["the"] else span[cut + 1 :]
    return cut > 0 and len(rest) > 0 and _head(span[:cut]) is not None and _head(rest) is not None


def _person_of(span: Span) -> bool:
    """'Fatema Khatun of the Red Crescent': two or three capitalised words with no organisation word, then 'of'
    and a name with one (an organisation's own name puts its word before 'of': Ministry of Defence)."""
    words = [t.lower_ for t in span]
    if "of" not in words or _head(span) is None:
        return False
    start = span.start  # (from the run's first word: 'Khatun of the Red Crescent' is part of one such)
    while start > 0 and span.doc[start - 1].is_title and span.doc[start - 1].lower_ not in COMMON:
        start -= 1
    before = span.doc[start : span.start + words.index("of")]
    return (
        2 <= len(before) <= 3
        and all(t.is_title and t.lower_ not in lexicon.ORGANISATION_HEADS and t.lower_ not in COMMON for t in before)
        and not any(t.lower_ in _TITLE_WORDS for t in before)
    )


def _only_places(span: Span, gazetteer: Gazetteer) -> bool:
    """'Aleppo City', 'Idlib Province': a place's name and a word that is one of its kinds."""
    return bool(gazetteer.find(span[:-1].text)) and span[-1].lower_ in lexicon.PLACE_KIND_WORDS


def _spelt_out(run: Span | None, acronym: str) -> Span | None:
    """The part of a run before brackets that the acronym spells: 'Jalisco New Generation Cartel' of
    'the Sinaloa Cartel and the Jalisco New Generation Cartel (CJNG)', where the words after an 'and' do."""
    if run is None:
        return None
    doc = run.doc
    for i in range(run.start + 1, run.end - 1):
        if doc[i].lower_ != "and":
            continue
        start = i + 2 if doc[i + 1].lower_ == "the" else i + 1
        rest = doc[start : run.end]
        initials = sorted(t.text[0] for t in rest if t.text[:1].isupper())
        if rest and initials == sorted(acronym.upper()):  # in any order: CJNG, Cártel de Jalisco Nueva Generación
            return rest
    return run


def _without_the(run: Span) -> Span | None:
    start = run.start + 1 if run[0].lower_ == "the" else run.start
    return run.doc[start : run.end] if start < run.end else None


def _initials(span: Span) -> str:
    """The capitals that begin a name's words: 'Government of National Unity' → 'GNU'."""
    return "".join(t.text[0] for t in span if t.text[:1].isupper())


def _without_leading_common(run: Span) -> Span | None:
    start = run.start
    while start < run.end and run.doc[start].lower_ in (COMMON | {"the"}) - lexicon.STATE_QUALIFIERS:
        start += 1
    return run.doc[start : run.end] if start < run.end else None


def _name_from(doc: Doc, i: int, most: int) -> Span:
    """The capitalised words from token i, `most` of them at most."""
    end = i
    while end < len(doc) and end - i < most and is_capitalised(doc[end]):
        end += 1
    return doc[i:end]


def _run_before(doc: Doc, i: int, most: int) -> int:
    """Where the capitalised words just before token i begin, `most` of them at most (i where there are none)."""
    start = i
    while start > 0 and i - start < most and is_capitalised(doc[start - 1]):
        start -= 1
    return start


def _name_ending(doc: Doc, i: int) -> Span | None:
    """The capitalised words just before token i, one to four of them, that no sentence begins with alone."""
    start = _run_before(doc, i, 4)
    if start == i or (i - start == 1 and doc[start].is_sent_start) or doc[start].lower_ in COMMON:
        return None
    return doc[start:i]


def _apposed_name(doc: Doc, i: int) -> Span | None:
    """A name of one to four capitalised words from token i, closed by a comma or a full stop: 'RTB,' in 'state
    television, RTB, said'."""
    end = _name_from(doc, i, 4).end
    if end == i or end >= len(doc) or doc[end].text not in {",", "."}:
        return None
    return doc[i:end]


def _before_age(doc: Doc, i: int) -> int:
    """Where a name would end before token i, past an age between commas: 'Rahima Begum, 42, said' → after
    'Begum'; any other token i is where it would end."""
    if i >= 4 and doc[i - 1].text == "," and doc[i - 2].like_num and doc[i - 3].text == ",":
        return i - 3
    if i >= 2 and doc[i - 1].text == ",":
        return i - 1
    return i


def _object_follows(doc: Doc, i: int) -> bool:
    """The word at i is a verb with an object after it ('held a vigil', 'controlled the town')."""
    return i + 1 < len(doc) and doc[i + 1].lower_ in _DETERMINERS


def _owner_start(owner: Fact, span: Span) -> int:
    """Where the owner's mention just before a span begins."""
    return next((m.start for m in owner.mentions if m.doc is span.doc and m.end == span.start), span.start)


def _named_later(doc: Doc, i: int) -> bool:
    """Whether the words after a role at token i end in a comma and a name ('the mayor of Lahore, X,'), or
    capitalised words ('a spokesman for the UN mission, MONUSCO,'), rather than in what the person does ('a
    commander of the militia told reporters')."""
    j = i + 1
    while j < len(doc) and j - i < 8 and doc[j].text not in {",", ".", ";", ":"}:
        j += 1
    if j + 1 >= len(doc) or doc[j].text != ",":
        return False
    return _name_after(doc, j + 1) is not None or doc[j + 1].lower_ in lexicon.TITLES  # (', Captain Musa Ibrahim,')


def _name_after(doc: Doc, i: int) -> Span | None:
    """The capitalised words from token i (a person's name: two to four of them, none an organisation word)."""
    end = i
    while end < len(doc) and end - i < 4 and (is_capitalised(doc[end]) or _joins_name(doc, end)):
        end += 1
    while end > i and not is_capitalised(doc[end - 1]):
        end -= 1
    if end - i < 2 or any(doc[j].lower_ in COMMON for j in range(i, end)):
        return None
    return doc[i:end]


def _name_before(doc: Doc, i: int) -> Span | None:
    """The capitalised words just before token i."""
    start = i
    while start > 0 and i - start < 4 and (is_capitalised(doc[start - 1]) or _joins_name(doc, start - 1)):
        start -= 1
    while start < i and not is_capitalised(doc[start]):
        start += 1
    if i - start < 2 or any(doc[j].lower_ in COMMON for j in range(start, i)):
        return None
    return doc[start:i]


def _joins_name(doc: Doc, i: int) -> bool:
    """'al', '-' inside a name (Bashar al-Assad)."""
    token = doc[i]
    if token.text == "-":  # within a word ('al-Assad'), never a dash between words ('Bangladesh - Rahima')
        return not token.whitespace_ and i > 0 and not doc[i - 1].whitespace_
    return token.lower_ in ("al", "el", "bin", "ibn") and token.whitespace_ != "\n"


def _role_phrase_before(doc: Doc, comma: int) -> Span | None:
    """'the authority's chief engineer' or 'the mayor of Karachi' before a comma: a short phrase ending in a role
    noun, or in one and whose it is."""
    if comma == 0:
        return None
    end = comma
    if doc[comma - 1].lower_ not in lexicon.ROLE_NOUNS:
        name_start = _run_before(doc, comma, 5)
        if doc[name_start - 1 : name_start].text == "the":
            name_start -= 1
        if name_start == comma or name_start < 2 or doc[name_start - 1].lower_ not in ("of", "for"):
            return None
        if doc[name_start - 2].lower_ not in lexicon.ROLE_NOUNS:
            return None
        comma = name_start - 1
    start = comma - 1
    while start > 0 and comma - start < 8 and doc[start - 1].text not in {",", ".", ";", ":", "\n"}:
        start -= 1
        if doc[start].lower_ in {"the", "a", "an"}:
            break
    return doc[start:end]


def _role_phrase_after(doc: Doc, i: int) -> Span | None:
    """', a spokesman for the army,' or ', leader of the movement,' after a name."""
    if i >= len(doc) or (doc[i].lower_ not in {"the", "a", "an"} and doc[i].lower_ not in lexicon.ROLE_NOUNS):
        return None
    end = i + 1
    while end < len(doc) and end - i < 9 and doc[end].text not in {",", ".", ";", ":", "(", ")"}:
        end += 1
    phrase = doc[i:end]
    return phrase if any(t.lower_ in lexicon.ROLE_NOUNS for t in phrase) else None


def _generic_matches(doc: Doc) -> Iterator[Span]:
    """The generic actors' phrases in a text, longest where they overlap."""
    matches = sorted(_generic_matcher()(doc), key=lambda m: (m[1], -(m[2] - m[1])))
    end = 0
    for _, start, stop in matches:
        if start >= end:
            yield doc[start:stop]
            end = stop


@functools.cache
def _generic_matcher() -> PhraseMatcher:
    """The generic actors' phrases, by their words in lower case: built once per process."""
    matcher = phrase_matcher("LOWER")
    matcher.add("generic", patterns(lexicon.GENERIC_ACTORS))
    return matcher


def _of_place(doc: Doc, i: int, claims: Claims) -> Span | None:
    """'of Kafr Takharim', 'of the Aleppo village of Kafr Takharim' after a generic actor: the place named."""
    if i + 1 >= len(doc) or doc[i].lower_ != "of":
        return None
    j = i + 1
    while j < len(doc) and doc[j].lower_ == "the":
        j += 1
    end = j
    while end < len(doc) and (is_capitalised(doc[end]) or _joins_name(doc, end)):
        end += 1
    if end + 1 < len(doc) and doc[end].lower_ in lexicon.PLACE_KIND_WORDS and doc[end + 1].lower_ == "of":
        return _of_place(doc, end + 1, claims)
    span = doc[j:end]
    owner = claims.owner(span) if len(span) else None
    return span if owner is not None and owner.startswith("place:") else None


def _shortens(word: str, name: str) -> bool:
    words = name.split()
    if len(words) < 2:
        return False
    if _ALL_CAPS.match(word):
        initials = "".join(w[0] for w in words if w[:1].isupper())
        return word == initials
    significant = [w for w in words if w[:1].isupper() and w.lower() not in lexicon.ORGANISATION_HEADS]
    heads = [w for w in words if w.lower() in lexicon.ORGANISATION_HEADS]
    return word in significant or (word in heads and heads.index(word) == 0)


def first_token(span: Span) -> Token:
    return span[0]
