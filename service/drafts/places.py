"""Places: every place name of the text, resolved against the corpus and the GeoNames gazetteer.

A name is read as a place where the corpus or the gazetteer knows it (a single word that is also a common
English word only where the text puts it as a place: 'in', 'near', 'the town of'…), or where the text says it
is one (a province, the village of, a name listed with places). Which record a name is: the corpus's place of
that name first (its id, parent and coordinates reused); else the gazetteer's candidates in a country the text
names (by name or people: 'Syrian'), or one of the corpus's places is in, the most populous first. A candidate
elsewhere is only an alternative: many names exist on several continents. Spellings the gazetteer lacks are
looked for by their consonants (names.skeleton), in the countries the text names only. Coordinates and same_as
come only from a gazetteer record, which they cite; a name no gazetteer knows has none.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from schemas.v1 import Coordinates
from schemas.v1.drafts import Alternative
from service.drafts import lexicon
from service.drafts.gazetteer import Gazetteer, Place
from service.drafts.known import Found
from service.drafts.lexicon import words
from service.drafts.mentions import Claims, Fact
from service.drafts.names import bare, key, slug, unique
from service.drafts.text import (
    COMMON,
    QUOTE_MARKS,
    Field,
    is_capitalised,
    is_dateline,
    name_runs,
    named_only_as,
    sub_spans,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MAX_ALTERNATIVES = 5
_JOINING = frozenset({"and", "in", "of", "for", "or"})
_ENGLISH = frozenset(
    words(
        """police reading mobile hope nice bath surprise victory union liberty unity progress independence justice
        freedom peace mercy faith grace marks rugby darling drone drones gunfire fighting mortar rocket aid
        heavy fresh renewed fierce deadly"""
    )
)
"""Words that are places somewhere and begin English sentences: a place only where the text puts one."""
_RANK = {"country": 0, "province": 1, "region": 1, "border_area": 2, "area": 2, "city": 3, "town": 4, "village": 4}
_RANK |= {"district": 5}
"""How large a kind of place is: a place is contained only in a larger one."""


_ARMED_NOUNS = frozenset(
    words(
        """troops forces soldiers army military navy drone drones missile missiles jets warplanes aircraft artillery
        strike strikes assault assaults attack attacks offensive shelling units"""
    )
)
"""What a country's demonym before it says of that country's forces, not of where the text is."""
_NOT_A_TOWN = frozenset({"region", "area", "province", "border_area"})
"""Kinds the text gives a name that a populated place's record is not: the sector of a town's name has none of
its coordinates. (A district may be a city's, which GeoNames records as a populated place.)"""
DATELINE_CITY = 100_000
"""People the most populous place of a dateline's name has for the dateline to sign its country: a city that
the press names bare, as the reader knows it."""
SEAT_OF_DIVISION = 10_000
"""People a town of a division's very name has for a bare name to be the town ('in Homa Bay'): a village that
shares a state's name is not what the press means by it ('in Sinaloa')."""


@dataclass(eq=False)
class Mention:
    span: Span
    """The words that name the place ('Aleppo province', 'northern Syria', 'Aleppo')."""
    base: str
    """The name looked up ('Aleppo' for 'Aleppo province')."""
    form: str
    """'place', 'division' (a province or state), 'region' (northern Syria) or 'border'."""
    kind: str | None = None
    """What the text says it is (town, village, district…)."""
    records: list[Place] = field(default_factory=list)
    context: bool = False
    """The text puts it as a place (a preposition, a kind word, listed with places)."""


class Places:
    """The places of one draft."""

    def __init__(self, gazetteer: Gazetteer, found: Found, claims: Claims, ids: set[str]):
        self.gazetteer, self.found, self.claims, self.ids = gazetteer, found, claims, ids
        self.facts: list[Fact] = []
        self.countries: Counter[str] = Counter()
        """How often the text names each country (its name, its people, a place known in it)."""

    def find(self, fields: list[Field]) -> None:
        mentions: list[Mention] = []
        lowered = {t.text for text_field in fields for t in text_field.doc if t.is_lower}
        for text_field in fields:
            text_field.doc.user_data["lower-case words"] = lowered  # a headline's words, as the body writes them
        for text_field in fields:
            mentions.extend(self._mentions(text_field.doc))
        for mention in list(mentions):
            if mention.form in ("region", "border") and mention.records:
                inner = mention.span.doc[mention.span.end - len(mention.base.split()) : mention.span.end]
                mentions.append(Mention(inner, mention.base, "place", None, mention.records, context=True))
        self._signs(fields, mentions)
        groups: dict[tuple[str, str], list[Mention]] = {}
        for mention in mentions:
            groups.setdefault((mention.form, key(mention.base)), []).append(mention)
        for (form, name_key), group in list(groups.items()):
            division = groups.get(("division", name_key))
            if form == "place" and division and not any(m.records or self.found.place(m.base) for m in group):
                division.extend(groups.pop((form, name_key)))  # 'Sindh' said again of 'Sindh province'
                for mention in group:
                    mention.form, mention.kind = "division", division[0].kind
        for (form, _), group in groups.items():
            unread = not any(m.records or m.context or self.found.place(m.base) for m in group)
            if form == "place" and unread and not self._division_of(group[0].base):
                continue
            fact = self._resolve(form, group)
            if fact is not None:
                self.facts.append(fact)
                for mention in group:
                    fact.mention(mention.span, alias=form not in ("region", "border"))
                    if form not in ("region", "border"):
                        self.claims.take(mention.span, f"place:{fact.id}")
        self._parents(groups)
        for fact in self.facts:
            city = next(
                (f for f in self.facts if "part_of" in fact.extra and key(f.name) == fact.extra["part_of"]), None
            )
            if city is not None and city is not fact:
                fact.extra["parent"], fact.extra["country"] = city.id, city.extra.get("country")
        for text_field in fields:
            self._capitals(text_field.doc)

    @property
    def main_country(self) -> str | None:
        """The country the text names most, if it names one more than any other."""
        ranked = self.countries.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    # -- mentions -----------------------------------------------------------------------------------------

    def _mentions(self, doc: Doc) -> list[Mention]:
        found: list[Mention] = []
        listed = _listed_after_colon(doc)
        for run in name_runs(doc):
            for span in sub_spans(run):
                if not self.claims.free(span) or any(_overlaps(span, m.span) for m in found):
                    continue
                mention = self._mention(span, listed)
                if mention is not None:
                    found.append(mention)
        _coordinated(doc, found)
        return found

    def _mention(self, span: Span, listed: set[int]) -> Mention | None:
        doc, text = span.doc, span.text
        if len(span) >= 2 and span[0].lower_ in lexicon.TITLES and not self.gazetteer.find(text):
            return None  # 'President Volodymyr Zelensky' (General Santos, a city, is the gazetteer's)
        if _nickname(span) or named_only_as(span):
            return None  # 'Ismael "El Mayo" Zambada', 'who gave his name only as Adoum': what a person is called
        if len(span) == 1 and span[0].lower_ in _FEATURE_ENDS:
            return None  # 'the 18th Street gang': a feature's word, with no name of its own
        if self._two_places_joined(span):
            return None  # 'the Colombo-Kandy road': Colombo and Kandy, each read alone
        if span[0].lower_ in _STORM_WORDS:
            return None  # 'Typhoon Kristine', 'Cyclone Remal': a storm's name
        hyphened = span.end + 1 < len(doc) and doc[span.end].text == "-" and not doc[span.end - 1].whitespace_
        if hyphened and not doc[span.end].whitespace_ and doc[span.end + 1].is_lower:
            return None  # 'English-speaking', 'Turkish-backed': a word of a longer word
        after_word = doc[span.end].lower_ if span.end < len(doc) else ""
        if after_word in lexicon.GROUP_NOUNS and not _put_as_place(span):
            return None  # 'Fano fighters', 'Kuki militants': a people's or a group's name, no place
        feature = _feature_of(doc, span)
        if feature is not None:  # 'the Bay of Bengal': an area no gazetteer here has, never the town of 'Bay'
            return Mention(feature, feature.text, "place", "area", [], context=True)
        border = self._border_of_people(span)
        if border is not None:
            return border
        crossing = _crossing_after(doc, span)
        if crossing is not None:  # 'the Rafah border crossing': a crossing, not the town's coordinates
            return Mention(crossing, crossing.text, "place", "border_area", [], context=True)
        after = doc[span.end] if span.end < len(doc) else None
        before = doc[span.start - 1] if span.start > 0 else None
        people = len(span) == 1 and self.gazetteer.country_of_demonym(text)
        if people and not any(r.feature == "country" for r in self.gazetteer.find(text)):
            return None  # 'Syrian': a country's people, not a place ('Myanmar' is both: the country)
        put = _put_as_place(span)
        if (
            len(span) >= 2
            and span[-1].lower_ in lexicon.DIVISION_WORDS
            and not span[-1].lower_.endswith("s")
            and not any(t.lower_ in _JOINING for t in span[:-1])
        ):
            base, division = span[:-1].text, span[-1].lower_
            records = self.gazetteer.find(base)
            known = bool(self.gazetteer.divisions_named(base, loosely=True))  # 'Rakhine State': ISO 3166-2's
            if records or put or known or division[:4] != "stat":  # 'Borno State', 'Idlib Province'
                return Mention(span, base, "division", lexicon.PLACE_KIND_WORDS[division], records, context=True)
        if len(span) >= 2 and span[-1].lower_ in _AREA_WORDS and all(is_capitalised(t) for t in span):
            named_kind = lexicon.PLACE_KIND_WORDS.get(
                span[-1].lower_, "area"
            )  # 'the Greater Pibor Administrative Area'
            return Mention(span, text, "place", named_kind, [], context=True)
        records = self.gazetteer.find(text)
        joined = any(t.lower_ in _JOINING for t in span)
        if joined and not records and not self.found.place(text):
            return None  # 'Aleppo and Idlib', 'Ansari and Jisr al-Hajj in Aleppo': several names, each read alone
        after = _division_after(doc, span) or after
        if (
            after is not None
            and after.lower_ in lexicon.DIVISION_WORDS
            and (records or put or after.lower_[:4] != "stat")
        ):  # 'State' ends names too (Islamic State): a state the gazetteer does not know only where put as a place
            words = span if after.lower_.endswith("s") else doc[span.start : span.end + 1]
            return Mention(words, text, "division", lexicon.PLACE_KIND_WORDS[after.lower_], records, context=True)
        if before is not None and before.lower_ in lexicon.DIRECTIONS and any(r.feature != "place" for r in records):
            return Mention(doc[span.start - 1 : span.end], text, "region", "region", records, context=True)
        cities = [r for r in records if r.feature == "place" and r.population >= DATELINE_CITY]
        if before is not None and before.lower_ in lexicon.DIRECTIONS and cities:  # 'western Kabul': part of a city
            return Mention(doc[span.start - 1 : span.end], text, "region", "area", records, context=True)
        if (
            before is not None
            and before.lower_ == "with"
            and span.start >= 2
            and doc[span.start - 2].lower_ == "border"
        ):
            start = span.start - 3 if span.start >= 3 and doc[span.start - 3].lower_ == "the" else span.start - 2
            return Mention(doc[start : span.end], text, "border", "border_area", records, context=True)
        kind = _kind_word(doc, span)
        context = kind is not None or span.start in listed or put
        if after is not None and after.lower_ == "city" and records:
            return Mention(doc[span.start : span.end + 1], text, "place", "city", records, context=True)
        if len(span) == 1 and (span[0].lower_ in COMMON or span[0].lower_ in lexicon.ORGANISATION_HEADS):
            return None
        if len(span) == 1 and span[0].is_sent_start and not context and not records:
            return None
        if records and len(span) == 1 and not context and span[0].is_sent_start and span[0].lower_ in _ENGLISH:
            return None
        if len(span) == 1 and not context and span[0].is_sent_start and _common_word(span[0]):
            return None  # 'Market attacked in Haiti', 'Gang members attacked …': an English word begins it
        if (
            len(span) == 1
            and not context
            and (
                (after is not None and after.lower_ in lexicon.SPEECH_VERBS)
                or (text in _surnames(doc) and all(r.feature == "place" for r in records))
            )
        ):
            return None  # 'Tarrant said': a person's name, as 'Imogen Tarrant' elsewhere shows
        if not records and not self.found.place(text):
            records = self.gazetteer.find(text, bare_too=True)
        return Mention(span, text, "place", kind, records, context)

    def _two_places_joined(self, span: Span) -> bool:
        """Two names a hyphen joins that the gazetteer knows apart, in one country, and not as one."""
        dashes = [t.i for t in span if t.text == "-"]
        if len(dashes) != 1 or self.gazetteer.find(span.text) or self.found.place(span.text):
            return False
        first, second = span.doc[span.start : dashes[0]], span.doc[dashes[0] + 1 : span.end]
        if not (len(first) and len(second) and first[0].is_title and second[0].is_title):
            return False
        countries = [
            {r.country for r in self.gazetteer.find(part.text) if r.feature == "place"} for part in (first, second)
        ]
        return bool(countries[0] & countries[1])

    def _border_of_people(self, span: Span) -> Mention | None:
        """'the Russian border': the border with the country of that people."""
        doc = span.doc
        if len(span) != 1 or span.end >= len(doc) or doc[span.end].lower_ != "border":
            return None
        if span.end + 1 < len(doc) and doc[span.end + 1].lower_ in _GUARDING:
            return None  # 'Armenian border guards': that country's forces
        country = self.gazetteer.country_of_demonym(span.text)
        if country is None or country not in self.gazetteer.countries:
            return None
        start = span.start - 1 if span.start > 0 and doc[span.start - 1].lower_ == "the" else span.start
        record = self.gazetteer.countries[country]
        return Mention(doc[start : span.end + 1], record.name, "border", "border_area", [record], context=True)

    def _signs(self, fields: list[Field], mentions: list[Mention]) -> None:
        """The countries the text names: by name, by their people ('Syrian'), or as a known place's country."""
        for mention in mentions:
            countries = [r.country for r in mention.records if r.feature in ("country", "nation")]
            if countries:
                self.countries[countries[0]] += 2
            known = self.found.place(mention.base)
            if known is not None and known.country:
                self.countries[known.country] += 1
            states = [r for r in mention.records if r.feature == "state"]
            if mention.form == "division" and states:
                self.countries[states[0].country] += 1
        for place, division in _placed_in(mentions):  # 'Culiacan, Sinaloa state': one code of one country
            codes = {(r.country, r.admin1) for r in division.records if r.feature == "place" and r.admin1}
            agreeing = {r.country for r in place.records if (r.country, r.admin1) in codes}
            if len(agreeing) == 1:
                self.countries[agreeing.pop()] += 1
        for text_field in fields:
            for token in text_field.doc:
                country = self.gazetteer.country_of_demonym(token.text) if is_capitalised(token) else None
                if country is not None:  # 'Russian troops' shelling Kharkiv sign Russia, but as a text's own no more
                    following = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
                    self.countries[country] += 0 if following in _ARMED_NOUNS else 1
        for mention in mentions:  # 'MEXICO CITY -', 'KYIV (Reuters) -': a dateline's city signs its country
            if is_dateline(mention.span):
                cities = [r for r in mention.records if r.feature == "place" and r.population >= DATELINE_CITY]
                if cities:
                    self.countries[max(cities, key=lambda r: r.population).country] += 2
        signed = set(self.countries)  # a town only one of the countries named has is that country's sign too
        for mention in mentions:  # ('Russian forces shelled Kharkiv': a text about Ukraine)
            among = {r.country for r in mention.records if r.feature == "place"} & signed
            if mention.form == "place" and len(among) == 1:
                self.countries[among.pop()] += 1

    # -- resolution ---------------------------------------------------------------------------------------

    def _resolve(self, form: str, group: list[Mention]) -> Fact | None:
        first = group[0]
        base = first.base
        signed = set(self.countries)
        known = self.found.place(first.span.text) or (self.found.place(base) if form == "place" else None)
        if known is not None and (form != "division" or known.kind == "province"):
            return self._known(known, first)
        records = [r for m in group for r in m.records]
        records = list({r.geonameid: r for r in records}.values())
        if form == "division":
            return self._division(group, base, records, signed)
        if form == "place" and any(r.feature == "nation" for r in records):
            nation = next(r for r in records if r.feature == "nation")
            return self._made(base, "region", nation.country, 0.8, f"a nation of {nation.country}")
        if form == "region" and first.kind == "area":  # 'western Kabul': the city's part, in the city
            fact = self._made(first.span.text, "area", None, 0.6, "a part of the city it names")
            fact.extra["part_of"] = key(base)
            return fact
        if form == "region":
            country = next((r for r in records if r.feature != "place"), None)
            return self._made(
                first.span.text, "region", country.country if country else None, 0.6, "a part of a place it names"
            )
        if form == "border":
            country = next((r for r in records if r.feature == "country"), None)
            home = self.main_country if self.main_country != (country.country if country else None) else None
            home_name = self.gazetteer.countries[home].name if home else None
            name = f"{home_name}\u2013{base} border" if home_name else first.span.text.removeprefix("the ")
            fact = self._made(name, "border_area", home or (country.country if country else None), 0.5, "a border")
            fact.extra["border_of"] = country.country if country else None
            return fact
        chosen, others = self._choose(records, signed, base)
        kinds = [m.kind for m in group if m.kind]  # 'the town of Poonch' says more than 'the Poonch sector'
        kind = next((k for k in kinds if k in ("city", "town", "village")), kinds[0] if kinds else None)
        # a bare name of a division is the division, unless a town of its country has that very name (and
        # SEAT_OF_DIVISION people): 'in Sinaloa' is the state, 'in Kharkiv' the city
        division = self._division_of(base, loosely=any(m.context for m in group)) if not kind else None
        exact_town = chosen is not None and key(chosen.name) == key(base)
        if division is not None and exact_town and self._division_of(base) is None:
            division = None  # only a spelling's consonants make it a division: Armenia's Berd, not Azerbaijan's Bərdə
        if division is not None and (chosen is None or chosen.feature == "place"):
            division_country, code = division
            if (
                chosen is None
                or chosen.country != division_country
                or chosen.population < SEAT_OF_DIVISION
                or (key(chosen.name) != key(base) and chosen.population < DATELINE_CITY)
            ):  # (a city the press names bare, as Basra, whatever its record's spelling, is the city)
                reason = f"a first-level division of {division_country} ({code})"
                fact = self._made(base, "province", division_country, 0.6, reason)
                fact.alternatives = self._alternatives([r for r in records if r.feature == "place"])
                return fact
        if chosen is None and not records:
            skeletal = self.gazetteer.find_in(base, signed) if signed else []
            if skeletal:
                chosen, others = skeletal[0], skeletal[1:]
                fact = self._from_record(chosen, base, kind, 0.55)
                fact.extra["spelling"] = True
                fact.reason = (
                    f"GeoNames {chosen.geonameid} ({chosen.name}), a spelling of its name, in {chosen.country}"
                )
                fact.alternatives = self._alternatives(others)
                return fact
            return self._made(base, kind or "town", None, 0.4, "the text puts it as a place; no gazetteer knows it")
        if chosen is None:
            fact = self._made(base, kind or _kind_of_record(records[0]), None, 0.3, None)
            fact.reason = "the gazetteer knows it only in countries the text does not name: see the alternatives"
            fact.alternatives = self._alternatives(records)
            return fact
        if kind in _NOT_A_TOWN and chosen.feature == "place":  # 'Lakki Marwat district', 'the Uri sector'
            fact = self._made(base, kind, chosen.country, 0.5, None)
            fact.reason = f"a {kind} named as GeoNames {chosen.geonameid} ({chosen.name}) is, which is a town's record"
            fact.alternatives = self._alternatives(records)
            return fact
        fact = self._from_record(chosen, base, kind, 0.85 if len(records) == 1 else 0.7)
        fact.alternatives = self._alternatives(others)
        return fact

    def _division_of(self, name: str, *, loosely: bool = False) -> tuple[str, str] | None:
        """The first-level division of a country the text names that a bare name is (its country and ISO code),
        the text's main country's first; None where the name is no division's. `loosely`: by its spellings'
        consonants too, for a name the text puts as a place."""
        divisions = [d for d in self.gazetteer.divisions_named(name, loosely=loosely) if d[0] in self.countries]
        divisions.sort(key=lambda d: d[0] != self.main_country)
        return divisions[0] if divisions else None

    def _choose(self, records: list[Place], signed: set[str], name: str = "") -> tuple[Place | None, list[Place]]:
        """The best candidate in a country the text names (countries, then states, then places of the country
        it names most, then those whose own name it is rather than an alternate name — Pokrovsk, not Engels,
        once called so — then the most populous), and the others."""
        order = {"country": 0, "nation": 1, "state": 1, "place": 2}
        main = self.main_country
        named = key(name)
        ranked = sorted(
            records, key=lambda r: (order[r.feature], r.country != main, key(r.name) != named, -r.population)
        )
        inside = [r for r in ranked if r.country in signed]
        if not inside:
            return None, ranked
        return inside[0], [r for r in ranked if r is not inside[0]]

    def _division(self, group: list[Mention], base: str, records: list[Place], signed: set[str]) -> Fact:
        """'Idlib province': the gazetteer's first-level division of that name, or the division its namesake
        town is the seat of (GeoNames admin1 code), in a country the text names."""
        spans = [m.span for m in group if len(m.span) > 1]
        kind = group[0].kind or "province"
        name = spans[0].text if spans else f"{base} {kind}"
        states = [r for r in records if r.feature == "state" and r.country in signed]
        if states:
            state = states[0]
            fact = self._made(name, "province", state.country, 0.8, f"GeoNames {state.geonameid}, in {state.country}")
            fact.extra["same_as"] = [state.uri]
            fact.extra["admin1"] = (state.country, state.admin1)
            return fact
        towns = [r for r in records if r.feature == "place" and r.country in signed and _seat_of(r, base)]
        if towns:
            town = towns[0]
            fact = self._made(name, kind, town.country, 0.65, None)
            fact.reason = (
                f"the {kind} of {town.name} (GeoNames {town.geonameid}, admin1 {town.admin1} of {town.country})"
            )
            fact.extra["admin1"] = (town.country, town.admin1)
            return fact
        division = self._division_of(base, loosely=True) if kind == "province" else None
        if division is not None:  # 'Rakhine State': a first-level division of a country the text names
            country, code = division
            return self._made(name, kind, country, 0.6, f"a first-level division of {country} ({code})")
        return self._made(name, kind, None, 0.45, f"the text calls it a {kind}; no gazetteer knows it")

    def _known(self, known: object, mention: Mention) -> Fact:
        fact = Fact(
            id=known.id,  # type: ignore[attr-defined]
            name=known.name,  # type: ignore[attr-defined]
            kind=known.kind,  # type: ignore[attr-defined]
            source="corpus",
            confidence=0.9,
            reason=f"a place of the corpus ({known.id})",  # type: ignore[attr-defined]
            aliases=list(known.aliases),  # type: ignore[attr-defined]
            extra={
                "country": known.country,  # type: ignore[attr-defined]
                "coordinates": known.coordinates,  # type: ignore[attr-defined]
                "same_as": list(known.same_as),  # type: ignore[attr-defined]
                "known_parents": [p.id for p in self.found.ancestors(known)],  # type: ignore[arg-type]
            },
        )
        self.ids.add(fact.id)
        return fact

    def _made(self, name: str, kind: str, country: str | None, confidence: float, reason: str | None) -> Fact:
        return Fact(
            id=unique(slug(name, "place"), self.ids),
            name=name,
            kind=kind,
            confidence=confidence,
            reason=reason,
            extra={"country": country},
        )

    def _from_record(self, record: Place, base: str, kind: str | None, confidence: float) -> Fact:
        fact = Fact(
            id=unique(slug(base, "place"), self.ids),
            name=base,
            kind=kind if kind and record.feature == "place" else _kind_of_record(record),
            source="gazetteer",
            confidence=confidence,
            reason=f"GeoNames {record.geonameid} ({record.name}, {record.country})",
            extra={"country": record.country, "same_as": [record.uri], "record": record},
        )
        if record.latitude is not None and record.longitude is not None:
            fact.extra["coordinates"] = Coordinates(
                latitude=record.latitude, longitude=record.longitude, geo_precision=1, source=record.url
            )
        if record.feature == "place" and record.admin1:
            fact.extra["admin1"] = (record.country, record.admin1)
        return fact

    def _alternatives(self, records: list[Place]) -> list[Alternative]:
        alternatives = []
        for record in records[:MAX_ALTERNATIVES]:
            value: dict[str, object] = {"country": record.country, "same_as": [record.uri]}
            if record.latitude is not None:
                value["coordinates"] = {
                    "latitude": record.latitude,
                    "longitude": record.longitude,
                    "geo_precision": 1,
                    "source": record.url,
                }
            country = self.gazetteer.countries.get(record.country)
            label = f"{record.name}, {country.name if country else record.country}"
            if record.population:
                label += f" (population {record.population:,})"
            alternatives.append(
                Alternative(
                    label=label[:1000],
                    value=value,
                    source="gazetteer",
                    confidence=0.2 if record.population < 1000 else 0.3,
                )
            )
        return alternatives

    def _capitals(self, doc: Doc) -> None:
        """'the capital of Libya', 'Libya's capital', 'the Libyan capital', and 'the capital' of a text about one
        country: that country's capital, the place the text names so or its gazetteer record."""
        owner_of = {(span.start, fact.id): fact for fact in self.facts for span in fact.mentions if span.doc is doc}
        country_at = {start: fact for (start, _), fact in owner_of.items() if fact.kind == "country"}
        for token in doc:
            if token.lower_ != "capital" or not token.is_lower or not self.claims.free(doc[token.i : token.i + 1]):
                continue
            i, before = token.i, doc[token.i - 1] if token.i else None
            after = doc[i + 1] if i + 1 < len(doc) else None
            country, span = None, None
            if before is not None and before.lower_ == "the" and after is not None and after.lower_ == "of":
                found = country_at.get(i + 2) or (country_at.get(i + 3) if doc[i + 2 : i + 3].text == "the" else None)
                country, span = (found.extra.get("country") if found else None), doc[i - 1 : i + 1]
            elif before is not None and before.text in ("'s", "\u2019s") and i >= 2:
                found = next((f for f in country_at.values() if any(m.end == i - 1 for m in f.mentions)), None)
                country, span = (found.extra.get("country") if found else None), doc[i : i + 1]
            elif before is not None and is_capitalised(before) and self.gazetteer.country_of_demonym(before.text):
                start = i - 2 if i >= 2 and doc[i - 2].lower_ == "the" else i - 1
                country, span = self.gazetteer.country_of_demonym(before.text), doc[start : i + 1]
            elif before is not None and before.lower_ == "the" and (after is None or after.lower_ not in _NOT_A_CITY):
                country, span = self.main_country, doc[i - 1 : i + 1]  # 'in the capital'
            record = self.gazetteer.capital_of(country) if country else None
            if record is None or span is None or not self.claims.free(span):
                continue
            fact = next(
                (f for f in self.facts if getattr(f.extra.get("record"), "geonameid", None) == record.geonameid), None
            )
            if fact is None:
                fact = self._from_record(record, record.name, "city", 0.6)
                fact.reason = f"the capital of {country}: {fact.reason}"
                parent = next(
                    (f for f in self.facts if f.kind == "country" and f.extra.get("country") == country), None
                )
                if parent is not None:
                    fact.extra["parent"] = parent.id
                self.facts.append(fact)
            fact.mention(span)
            self.claims.take(span, f"place:{fact.id}")

    # -- containment -------------------------------------------------------------------------------------

    def _parents(self, groups: dict[tuple[str, str], list[Mention]]) -> None:
        """Each place's parent among the draft's places: the division and country of its gazetteer record;
        the containing place the text names ('Atareb, Aleppo province', 'in Idlib province'); a known place's
        nearest known ancestor in the draft; a province's or region's country."""
        by_id = {fact.id: fact for fact in self.facts}
        countries = {fact.extra.get("country"): fact for fact in self.facts if fact.kind == "country"}
        stated = self._stated_parents()
        for fact in self.facts:
            container = stated.get(fact.id)
            record = fact.extra.get("record")
            if (
                record is not None
                and container is not None
                and container.extra.get("country") not in (None, record.country)
            ):
                self._demote(fact, f"the text puts it in {container.name}, not in {record.country}")
            elif (
                record is not None
                and container is not None
                and record.feature == "place"
                and container.extra.get("admin1") not in (None, (record.country, record.admin1))
                and (container.kind in ("province", "region") or fact.extra.get("spelling"))
            ):  # a town's record may be in its division; a guessed spelling must agree with the town it is in
                self._demote(fact, f"the text puts it in {container.name}, whose province its record is not in")
        self._codes_from_contents(stated)
        self._spellings_corroborated()
        divisions = {
            fact.extra["admin1"]: fact
            for fact in self.facts
            if fact.kind in ("province", "region") and "admin1" in fact.extra
        }
        for fact in self.facts:
            parent: Fact | None = None
            if fact.kind == "country":
                continue
            if fact.source == "corpus":
                parent = next((by_id[p] for p in fact.extra.get("known_parents", ()) if p in by_id), None)
            if parent is None and fact.kind not in ("province", "region") and "admin1" in fact.extra:
                parent = divisions.get(fact.extra["admin1"])
            if parent is None and fact.id in stated:
                parent = stated[fact.id]
            if parent is None:
                parent = countries.get(fact.extra.get("country"))
            if parent is not None and _RANK[parent.kind] < _RANK[fact.kind]:
                fact.extra["parent"] = parent.id
                if not fact.extra.get("country") and parent.extra.get("country"):
                    fact.extra["country"] = parent.extra["country"]
        for fact in self.facts:  # a division the gazetteer lacks is in the country of the records it contains
            if fact.kind in ("province", "region") and not fact.extra.get("country"):
                inside = {
                    f.extra["record"].country
                    for f in self.facts
                    if f.extra.get("parent") == fact.id and f.extra.get("record")
                }
                if len(inside) == 1:
                    fact.extra["country"] = inside.pop()
                    country = countries.get(fact.extra["country"])
                    if country is not None and not fact.extra.get("parent"):
                        fact.extra["parent"] = country.id

    def _spellings_corroborated(self) -> None:
        """A record found by its consonants alone (names.skeleton) is a guess: it stands only where another place
        of the text, found by its name, is in the same province; else it is only an alternative."""
        codes = {
            fact.extra["admin1"] for fact in self.facts if "admin1" in fact.extra and not fact.extra.get("spelling")
        }
        for fact in self.facts:
            if fact.extra.get("spelling") and fact.extra.get("record") and fact.extra.get("admin1") not in codes:
                self._demote(fact, "a spelling of a GeoNames name, in no province the text's other places are in")

    def _codes_from_contents(self, stated: dict[str, Fact]) -> None:
        """A division the gazetteer lacks ('Borno State') takes the admin1 code of the places the text puts in
        it, where their records agree: then it is the parent of every other place of that code."""
        for division in self.facts:
            if division.kind not in ("province", "region") or "admin1" in division.extra:
                continue
            codes = {
                (record.country, record.admin1)
                for fact in self.facts
                if stated.get(fact.id) is division and (record := fact.extra.get("record")) and record.admin1
            }
            if len(codes) != 1:
                continue
            ((country, code),) = codes
            if division.extra.get("country") not in (None, country):
                continue
            division.extra["admin1"], division.extra["country"] = (country, code), country
            division.reason = f"{division.reason}; admin1 {code} of {country}, as the places in it"

    def _demote(self, fact: Fact, why: str) -> None:
        """A gazetteer record the text contradicts: only an alternative; the place keeps no coordinates."""
        record = fact.extra.pop("record")
        fact.alternatives = self._alternatives([record]) + fact.alternatives
        for name in ("coordinates", "same_as", "admin1", "country"):
            fact.extra.pop(name, None)
        fact.source, fact.confidence, fact.reason = "rules", 0.4, why

    def _stated_parents(self) -> dict[str, Fact]:
        """'X, Y province', 'X and Z in Y', 'the Y village of X': the place the text puts another in."""
        owner_of: dict[tuple[int, int], Fact] = {}
        for fact in self.facts:
            for span in fact.mentions:
                owner_of[id(span.doc), span.start] = fact
        stated: dict[str, Fact] = {}
        for fact in self.facts:
            for span in fact.mentions:
                larger = [c for c in _containers(span, owner_of) if _RANK[c.kind] < _RANK[fact.kind]]
                if larger:
                    stated.setdefault(fact.id, larger[0])
        return stated


def _containers(span: Span, owner_of: dict[tuple[int, int], Fact]) -> list[Fact]:
    """The places the words after a name put it in: 'X, Y province', 'X and Z in Y', 'the Y village of X'."""
    doc = span.doc
    found = []
    i = span.end
    after_comma = i + 2 if i + 2 < len(doc) and doc[i + 1].lower_ == "the" else i + 1
    if after_comma < len(doc) and doc[i].text == "," and (id(doc), after_comma) in owner_of:
        found.append(owner_of[id(doc), after_comma])  # 'Albay province, the Philippines'

    j = i
    while j < len(doc) and j - i < 12 and doc[j].text not in {".", ";", ":"} and "\n" not in doc[j].text:
        if not (is_capitalised(doc[j]) or doc[j].lower_ in {",", "and", "or", "in", "the", "-"}):
            break  # 'X and Z in Y', never 'MEXICO CITY - Gunmen killed five men at a ranch in Durango'
        if doc[j].lower_ == "in":
            k = j + 1
            while k < len(doc) and doc[k].lower_ == "the":
                k += 1
            if (id(doc), k) in owner_of:
                found.append(owner_of[id(doc), k])
            break
        j += 1
    if (
        span.start >= 3
        and doc[span.start - 1].lower_ == "of"
        and doc[span.start - 2].lower_ in lexicon.PLACE_KIND_WORDS
    ):
        for k in (span.start - 3, span.start - 4):
            if (id(doc), k) in owner_of:
                found.append(owner_of[id(doc), k])
    return found


SEAT_POPULATION = 10_000
"""A division takes its admin1 code from a town of its name only as large as a division's seat is: a village
of that name (Sinaloa, Coahuila; Kachyn, Ukraine) is no sign of it."""


def _seat_of(record: Place, division: str) -> bool:
    """Whether this town may be the seat a division is named after: its own name (not an alternate name:
    Shancheng is no seat of Shan State) and its size."""
    return (
        bool(record.admin1) and record.population >= SEAT_POPULATION and bare(key(record.name)) == bare(key(division))
    )


def _placed_in(mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """A place and the division the words after it put it in: 'Culiacan, Sinaloa state', 'Monguno in Borno
    State'."""
    divisions = {(id(m.span.doc), m.span.start): m for m in mentions if m.form == "division"}
    pairs = []
    for mention in mentions:
        doc, end = mention.span.doc, mention.span.end
        if mention.form == "place" and end + 1 < len(doc) and doc[end].lower_ in {",", "in"}:
            division = divisions.get((id(doc), end + 1))
            if division is not None:
                pairs.append((mention, division))
    return pairs


def _division_after(doc: Doc, span: Span) -> Token | None:
    """The plural division word after a list the name begins: 'Aleppo and Idlib provinces'."""
    i = span.end
    if i + 2 < len(doc) and doc[i].lower_ in {"and", ","} and is_capitalised(doc[i + 1]):
        j = i + 1
        while j < len(doc) and is_capitalised(doc[j]):
            j += 1
        if j < len(doc) and doc[j].lower_ in lexicon.DIVISION_WORDS and doc[j].lower_.endswith("s"):
            return doc[j]
    return None


def _kind_word(doc: Doc, span: Span) -> str | None:
    """What the words around a name say it is: 'the town of X', 'X village', 'the districts of X, Y and Z'."""
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.lower_ in lexicon.PLACE_KIND_WORDS and after.lower_ not in lexicon.DIVISION_WORDS:
        return lexicon.PLACE_KIND_WORDS[after.lower_]
    if after is not None and after.lower_ in _CAMP_WORDS and doc[span.end + 1 : span.end + 2].text.lower() == "camp":
        return "area"  # 'the Abu Shouk displacement camp'
    if (
        span.start >= 2
        and doc[span.start - 1].lower_ == "of"
        and doc[span.start - 2].lower_ in lexicon.PLACE_KIND_WORDS
        and not (span.start >= 3 and is_capitalised(doc[span.start - 3]))  # 'the Kibera area of Nairobi'
        and doc[span.start - 2].lower_ not in ("area", "areas")  # 'a residential area of Kharkiv': a part of it
    ):
        return lexicon.PLACE_KIND_WORDS[doc[span.start - 2].lower_]
    return None


def _listed_after_colon(doc: Doc) -> set[int]:
    """The first token of each line after a line ending in 'in:' ('Fighting has been reported in:')."""
    starts: set[int] = set()
    active = False
    for token in doc:
        if token.text == ":" and token.i > 0 and doc[token.i - 1].lower_ in lexicon.PLACE_PREPOSITIONS:
            active = True
        elif "\n\n" in token.text and active and starts:
            active = False
        elif "\n" in token.text and active and token.i + 1 < len(doc):
            starts.add(token.i + 1)
    return starts


def _coordinated(doc: Doc, found: list[Mention]) -> None:
    """A name listed with places ('Hazzano and Maarat Misreen', 'Kallassah, Ansari and Jisr al-Hajj') is one:
    it takes their context, and the kind a list's words give them all ('the districts of …')."""
    ordered = sorted((m for m in found if m.form == "place"), key=lambda m: m.span.start)
    for one, other in itertools.pairwise(ordered):
        between = doc[one.span.end : other.span.start].text.strip()
        if between not in {",", "and", ", and", "or"}:
            continue
        for first, second in ((one, other), (other, one)):
            if between == "," and not first.records and (_speaks(doc, first.span) or _role_of(second.span)):
                continue  # 'the mayor of Karachi, Murtaza Wahab, said': a person in apposition, no place
            if second.records or second.context:
                first.context = True
            if second.kind in ("district", "village", "town", "city") and not first.kind:
                first.kind = second.kind


def _role_of(span: Span) -> bool:
    """'the head of Chinari': a place named as whose a role is (the name after it is the person's)."""
    doc, i = span.doc, span.start
    return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in lexicon.ROLE_NOUNS


_OF_A_PLACE = frozenset(
    words(
        """mayor governor prefect sub-prefect prefecture commissioner administrator residents inhabitants villagers
        outskirts suburbs centre center streets"""
    )
)
"""Words whose 'of' is a place's ('the mayor of X', 'the outskirts of X'), as 'the leader of X' is not."""
_AREA_WORDS = frozenset(words("""area zone territory county"""))
"""Words that end a named area's name, capitalised as its other words are."""
_GUARDING = frozenset(words("""guards guard police force forces troops officials agents patrol patrols service"""))
"""After '<people> border', who guard it: the words name a force, not the border."""
_NOT_A_CITY = frozenset(words("""markets market gains flight punishment investment spending expenditure controls"""))
"""After 'the capital', words that make it money or law."""
_WATERS = frozenset(words("""river lake"""))
"""After a name and 'the' before it, in lower case, the water it names ('the Isfara river')."""
_STORM_WORDS = frozenset(words("""typhoon cyclone hurricane storm"""))
_CAMP_WORDS = frozenset(words("""displacement displaced refugee refugees idp idps"""))
_FEATURE_WORDS = frozenset(words("""bay gulf sea strait straits lake mount cape isle island islands horn"""))
"""Words that begin a name of a natural feature ('Bay of Bengal', 'Gulf of Aden', 'Lake Victoria')."""
_FEATURE_ENDS = frozenset(
    words(
        """sea ocean river desert mountains valley lake forest avenue street road highway square boulevard bridge
        prison penitentiary jail airport camp base barracks stadium market refinery mine dam crossing"""
    )
)
"""Words that end one, or a site's name ('the Red Sea', 'Rustaveli Avenue', 'the East-West Highway', 'Zamzam
Camp', 'the Litoral Penitentiary', 'Al-Asad Air Base'): every word capitalised, as a name is."""


def _feature_of(doc: Doc, span: Span) -> Span | None:
    """The whole name of a natural feature or a road ('Bay of Bengal', 'Lake Victoria', 'the Red Sea', 'Rustaveli
    Avenue', 'the East-West Highway') that `span` is or begins, or None."""
    if len(span) >= 2 and span[-1].lower_ in _FEATURE_ENDS and all(is_capitalised(t) or t.text == "-" for t in span):
        return span
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.lower_ in _WATERS and span.start > 0 and doc[span.start - 1].lower_ == "the":
        return doc[span.start : span.end + 1]  # 'the Isfara river', 'the Koshi river': the river, not the town
    if len(span) >= 2 and span[0].lower_ in ("lake", "mount") and "of" not in [t.lower_ for t in span]:
        return span  # 'Lake Victoria', 'Mount Elgon'
    if len(span) != 1 or span[0].lower_ not in _FEATURE_WORDS or span.end + 1 >= len(doc):
        return None
    if doc[span.end].lower_ != "of" or not is_capitalised(doc[span.end + 1]):
        return None
    end = span.end + 1
    while end < len(doc) and is_capitalised(doc[end]):
        end += 1
    return doc[span.start : end]


def _put_as_place(span: Span) -> bool:
    """The word before a name puts it as a place ('in Fano', 'near Aleppo'; 'of' says nothing alone, but after
    what only a place has does: 'the mayor of Ngouboua', 'residents of Bula')."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before == "of":
        return span.start >= 2 and doc[span.start - 2].lower_ in _OF_A_PLACE
    return before in lexicon.PLACE_PREPOSITIONS


def _crossing_after(doc: Doc, span: Span) -> Span | None:
    """'Rafah border crossing', 'the Torkham border post', 'the Kerem Shalom crossing': the name and its words."""
    words = [t.lower_ for t in doc[span.end : span.end + 2]]
    if words[:2] in (["border", "crossing"], ["border", "post"], ["border", "point"]):
        return doc[span.start : span.end + 2]
    if words[:1] == ["crossing"]:
        return doc[span.start : span.end + 1]
    return None


def _nickname(span: Span) -> bool:
    """A name in quotes between a person's names: 'Ismael "El Mayo" Zambada', 'Joaquín "El Chapo" Guzmán'."""
    doc = span.doc
    start, end = span.start, span.end
    while start > 0 and span.start - start < 3 and is_capitalised(doc[start - 1]):
        start -= 1  # (any part of the nickname: 'El' of "El Mayo")
    while end < len(doc) and end - span.end < 3 and is_capitalised(doc[end]):
        end += 1
    if start < 2 or end + 1 >= len(doc):
        return False
    if (
        doc[start - 1].text in QUOTE_MARKS
        and doc[end].text in QUOTE_MARKS
        and is_capitalised(doc[start - 2])
        and is_capitalised(doc[end + 1])
    ):
        return True
    return _quoted_after(doc, span.end) or _quoted_before(doc, span.start)  # 'Joaquín', 'Guzmán' of those


def _quoted_after(doc: Doc, i: int) -> bool:
    """A capitalised nickname in quotes from token i, and a capitalised word after it."""
    if i + 2 >= len(doc) or doc[i].text not in QUOTE_MARKS or not is_capitalised(doc[i + 1]):
        return False
    j = i + 1
    while j < len(doc) and j - i <= 3 and is_capitalised(doc[j]):
        j += 1
    return j + 1 < len(doc) and doc[j].text in QUOTE_MARKS and is_capitalised(doc[j + 1])


def _quoted_before(doc: Doc, i: int) -> bool:
    """A capitalised nickname in quotes ending just before token i, and a capitalised word before it."""
    if i < 3 or doc[i - 1].text not in QUOTE_MARKS or not is_capitalised(doc[i - 2]):
        return False
    j = i - 2
    while j > 0 and i - j <= 4 and is_capitalised(doc[j - 1]):
        j -= 1
    return j >= 2 and doc[j - 1].text in QUOTE_MARKS and is_capitalised(doc[j - 2])


def _speaks(doc: Doc, span: Span) -> bool:
    """A name that says something next ('X said', 'X, 54, told', 'X, who …, said' is not read this far)."""
    rest = [t for t in doc[span.end : span.end + 4] if not t.is_punct and not t.like_num]
    return bool(rest) and rest[0].lower_ in lexicon.SPEECH_VERBS


def _common_word(token: Token) -> bool:
    """A sentence's first word that the text writes in lower case too (… 'a market'), or that begins one of
    the generic actors' names ('Gang members', 'Police officers')."""
    doc = token.doc
    following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    if token.lower_ in lexicon.GENERIC_ACTORS or f"{token.lower_} {following}" in lexicon.GENERIC_ACTORS:
        return True
    if token.lower_ in lexicon.ACTOR_MODIFIERS and following in lexicon.GENERIC_ACTORS:
        return True  # 'Federal police and …
    return token.lower_ in doc.user_data.get("lower-case words", ())


def _surnames(doc: Doc) -> set[str]:
    """The last words of the text's two- and three-word capitalised names (Imogen Tarrant → Tarrant)."""
    found = doc.user_data.get("surnames")
    if found is None:
        found = {run[-1].text for run in name_runs(doc) if 2 <= len(run) <= 3 and all(t.is_title for t in run)}
        doc.user_data["surnames"] = found
    return set(found)


def _overlaps(one: Span, other: Span) -> bool:
    return one.doc is other.doc and one.start < other.end and other.start < one.end


def _kind_of_record(record: Place) -> str:
    if record.feature == "country":
        return "country"
    if record.feature == "state":
        return "province"
    if record.population >= 100_000:
        return "city"
    if 0 < record.population < 2_000:
        return "village"
    return "town"
