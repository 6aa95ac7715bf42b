"""Sites: the places no gazetteer names where things happen ('a police checkpoint', 'farms outside Oicha', 'the
road to Afgooye'), each put in the named place the text gives it and proposed at a low confidence.

ACLED codes an event at the nearest named place, at a lower geo precision; a reader of the article also wants
the site itself, in the words the text uses. A site is a noun phrase whose head is a site noun
(lexicon.SITE_HEADS), where the text puts it as a place: after a spatial preposition ('at a market'), as the
object of what an event does to it ('stormed a police station'), or as the subject of its passive ('a school
was hit'). A site named again with 'the' ('the station') is the same site; a headline's bare noun ('militants
storm station') is the body's site of that noun. Its parent is the named place after it ('a hamlet near the
town of Poonch') or, failing that, the one named place of its sentence. A site has no coordinates, ever.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from service.drafts import lexicon
from service.drafts.mentions import Claims, Fact
from service.drafts.names import slug, unique
from service.drafts.text import COMMON, Field, is_capitalised

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CONFIDENCE = 0.35
"""Below the review page's tick: a site is proposed for a person to confirm, never saved unseen."""
MAX_MODIFIERS = 3
_KIND_WORDS = frozenset(lexicon.PLACE_KIND_WORDS)
"""Site nouns that are also what named places are called ('the village', 'the district'): said with 'the',
they are the named place again, not a site."""
_KINDS_BEFORE_A_NAME = frozenset(("town", "city", "village", "district", "province", "region"))
_POINT_KINDS = ("village", "town", "city", "district")
_NAMED_FEATURES = frozenset(lexicon.words("river lake island mountains hills valley forest frontier border"))
"""Site nouns a name before them names ('the Koshi river', 'the Kashmir frontier')."""
_TOLD_BY_THE = frozenset(lexicon.words("station stations building buildings office offices hall post posts site sites"))
_TOLD_BY_THE |= frozenset(lexicon.words("tower yard park gate entrance fields complex block zone wing estate corridor"))


@dataclass(eq=False)
class _Phrase:
    span: Span
    head: Token
    definite: bool
    """'the station', 'its base': a site named before, or one the reader knows."""
    context: bool
    """The text puts it as a place (a preposition, an event's verb before it, a passive after it)."""
    telling: bool
    """Its words tell a site on their own: not a bare noun that is mostly something else ('the station',
    which is only a site named before)."""
    parent: Fact | None
    """The named place the words after it put it in ('farms outside Oicha')."""
    tail: str
    """Those words ('outside Oicha'), for its name."""
    own_name: str | None = None
    """A feature's name, where a name before its noun is its own ('the Koshi river'), not where it is."""


def sites(fields: list[Field], places: list[Fact], claims: Claims, ids: set[str]) -> list[Fact]:
    """The sites of the text, each with every phrase that names it, in reading order of their first mention."""
    owner_of = _place_owners(places)
    body_first = sorted(fields, key=lambda f: f.name == "headline")  # a headline's bare noun is the body's site
    found: list[tuple[Fact, str]] = []
    for text_field in body_first:
        for phrase in _phrases(text_field.doc, claims, owner_of):
            head = _singular(phrase.head.lower_)
            same = next((fact for fact, h in reversed(found) if h == head), None)
            headline = text_field.name == "headline"
            here = (
                same is not None
                and phrase.own_name is None  # ('the Colombo-Kandy road' is no road named before)
                and (phrase.parent is None or phrase.parent.id == same.extra.get("parent"))
            )
            if same is not None and here and (phrase.definite or headline):
                same.mention(phrase.span, alias=False)
                claims.take(phrase.span, f"place:{same.id}")
                continue
            if not (phrase.context and phrase.telling) or (phrase.definite and phrase.head.lower_ in _KIND_WORDS):
                continue
            if text_field.name == "headline" and phrase.parent is None:
                continue  # 'storm station': a headline's noun that no body's site is
            parent = phrase.parent or _sentence_place(phrase.span, owner_of)
            fact = _made(phrase, parent, ids)
            fact.mention(phrase.span, alias=False)
            claims.take(phrase.span, f"place:{fact.id}")
            found.append((fact, head))
    facts = [fact for fact, _ in found]
    facts.sort(key=lambda f: (f.mentions[0].doc.user_data["field"] != "headline", f.mentions[0].start))
    return facts


def _made(phrase: _Phrase, parent: Fact | None, ids: set[str]) -> Fact:
    words_of = phrase.span
    hyphened = len(words_of) > 1 and words_of[1].text == "-"  # 'four-storey'
    start = 1 if words_of[0].lower_ in lexicon.SITE_DETERMINERS and not hyphened else 0
    described = phrase.own_name or words_of[start:].text
    tail = phrase.tail or (f"in {parent.name}" if parent is not None and not phrase.own_name else "")
    name = f"{described} {tail}" if tail else described
    name = name[:1].upper() + name[1:]
    plural = phrase.head.lower_ != _singular(phrase.head.lower_) or words_of[0].lower_ in lexicon.SITE_QUANTITIES
    kind = lexicon.SITE_HEADS[phrase.head.lower_]
    fact = Fact(
        id=unique(slug(name, "site"), ids),
        name=name,
        kind="area" if plural else kind,
        confidence=CONFIDENCE,
        reason="a site the text puts an event at; no gazetteer names it (no coordinates)",
        extra={"country": parent.extra.get("country") if parent else None, "site": True},
    )
    if parent is not None:
        fact.extra["parent"] = parent.id
    return fact


def _phrases(doc: Doc, claims: Claims, owner_of: dict[tuple[int, int], Fact]) -> list[_Phrase]:
    found = []
    headline = doc.user_data.get("field") == "headline"
    for token in doc:
        word = token.lower_
        if word not in lexicon.SITE_HEADS or not token.is_lower:
            continue
        if token.i + 1 < len(doc) and _compounds(doc[token.i + 1]):
            continue  # 'the station chief', 'school children': the noun describes something else
        start = _start(doc, token, owner_of, claims)
        named = [i for i in range(start, token.i) if (id(doc), i) in owner_of]
        inner = named[-1] + 1 if named else start  # 'the Mogadishu hospital', "Kenya's main airport": past the name
        inner += 1 if named and doc[inner].text in ("'s", "\u2019s") else 0
        span = doc[inner : token.i + 1]
        if not claims.free(span) or (id(doc), token.i) in owner_of:
            continue  # (a place's words: 'the border with Mali' is the border the places read)
        if _who_says(doc, start, token):
            continue  # "according to the ombudsman's office": who says so, not where
        if word in _KIND_WORDS and (id(doc), token.i - 1) in owner_of:
            continue  # 'Lakki Marwat district': the named place itself
        if doc[start].lower_ in ("their", "our") and word in ("homes", "houses"):
            continue  # 'fled their homes': where people live, no site of the story
        if _repeated(doc, token):
            continue  # 'house to house', 'from shelter to shelter'
        if not headline and start == token.i and word == _singular(word):
            continue  # 'taken to hospital', 'to store weapons': a bare singular noun is no site's name
        first = doc[start]
        definite = first.lower_ in ("the", "its", "his", "her", "their", "this", "that", "these", "those")
        if headline and start == token.i:
            definite = True  # a headline drops its articles: 'storm station'
        parent, tail = _after(doc, token.i + 1, owner_of)
        joined = len(named) > 1 and any(doc[i].text == "-" for i in range(named[0], named[-1]))  # 'Colombo-Kandy'
        own_name = doc[named[0] : token.i + 1].text if named and (word in _NAMED_FEATURES or joined) else None
        if parent is None and named and own_name is None:
            parent = owner_of[id(doc), named[-1]]
        context = (
            parent is not None  # 'a fuel depot in Hodeidah', 'its base near Kanyabayonga'
            or _put_as_place(doc, start, token.i)
            or (start > 0 and doc[start - 1].lower_ == "of" and lexicon.SITE_HEADS.get(_singular(word)) == "village")
            or _listed_with_a_place(doc, start, owner_of)
        )  # 'residents of two villages', 'from Tongomayel and nearby hamlets'
        telling = (
            word not in lexicon.SITE_NEEDS_A_MODIFIER
            or _modified(span, token)
            or (definite and word in _TOLD_BY_THE and _put_as_place(doc, start, token.i))
        )  # 'at the gate', 'stormed the building': with 'the', where the text puts a place, a site it knows
        found.append(_Phrase(span, token, definite, context, telling, parent, tail, own_name))
    return found


def _start(doc: Doc, head: Token, owner_of: dict[tuple[int, int], Fact], claims: Claims) -> int:
    """Where the phrase of a site noun begins: its determiner or quantity, after its modifiers."""
    i = head.i - 1
    modifiers = 0
    while i >= 0:
        token = doc[i]
        word = token.lower_
        if word in lexicon.SITE_DETERMINERS:
            return i
        if word == "of" and i > 0 and doc[i - 1].lower_ in lexicon.SITE_QUANTITIES:
            return i - 1  # 'dozens of villages'
        if modifiers == MAX_MODIFIERS:
            break
        if (id(doc), i) in owner_of or (is_capitalised(token) and claims.free(doc[i : i + 1])):
            modifiers += 1  # 'a Mogadishu hospital', 'the KM4 junction'
        elif token.is_lower and token.is_alpha and _modifier(word):
            modifiers += 1
        elif token.text in ("'s", "\u2019s", "'", "\u2019") and i > 0:  # "the governor's office", "a girls' school"
            i -= 1  # (the possessor, whatever word it is)
            modifiers += 1
        elif token.text == "-" and i > 0 and not token.whitespace_ and not doc[i - 1].whitespace_:
            pass  # 'open-air', 'state-run'
        else:
            break
        i -= 1
    start = i + 1
    if start == 0 or doc[start - 1].is_punct or doc[start].is_sent_start:
        while start < head.i and is_capitalised(doc[start]) and (id(doc), start) not in owner_of:
            start += 1  # a capitalised word opening a sentence or a clause may be anything: 'Police said'
    return start


def _who_says(doc: Doc, start: int, head: Token) -> bool:
    """A generic actor's words ("the governor's office") that the text does not put as a place: after
    'according to', or before what it says, or with no word of place before them."""
    if not any(doc[i : head.i + 1].text.lower() in lexicon.GENERIC_ACTORS for i in range(start, head.i + 1)):
        return False
    before = doc[start - 1].lower_ if start else ""
    after = doc[head.i + 1].lower_ if head.i + 1 < len(doc) else ""
    according = before == "to" and start >= 2 and doc[start - 2].lower_ == "according"
    return according or after in lexicon.SPEECH_VERBS or before not in _TOWARDS


_TOWARDS = frozenset(lexicon.words("at outside inside into near towards toward around to in"))
"""Words before a generic actor's words that put them as a place: 'marched to the governor's office'."""


def _repeated(doc: Doc, head: Token) -> bool:
    """'house to house': a noun said again after 'to', or before it."""
    i = head.i
    after = i + 2 < len(doc) and doc[i + 1].lower_ == "to" and doc[i + 2].lower_ == head.lower_
    return after or (i >= 2 and doc[i - 1].lower_ == "to" and doc[i - 2].lower_ == head.lower_)


def _listed_with_a_place(doc: Doc, start: int, owner_of: dict[tuple[int, int], Fact]) -> bool:
    """'from Tongomayel and nearby hamlets': after 'and' or 'or' and a named place."""
    return start >= 2 and doc[start - 1].lower_ in ("and", "or") and (id(doc), start - 2) in owner_of


def _modifier(word: str) -> bool:
    return word in lexicon.SITE_MODIFIERS or not (
        word in COMMON
        or word in lexicon.SITE_PREPOSITIONS
        or word in lexicon.SITE_VERBS
        or word in lexicon.SPEECH_VERBS
        or word in lexicon.SITE_PASSIVE
        or word in ("and", "or", "but", "as", "than", "was", "is", "are", "be")
    )


def _modified(span: Span, head: Token) -> bool:
    return any(t.i < head.i and t.lower_ not in lexicon.SITE_DETERMINERS for t in span)


def _compounds(token: Token) -> bool:
    """A word after a site noun that makes the noun a modifier ('station chief', 'market traders')."""
    return (
        token.is_lower
        and token.is_alpha
        and (
            token.lower_ in lexicon.ROLE_NOUNS
            or token.lower_ in lexicon.MEMBER_NOUNS
            or token.lower_ in lexicon.SITE_HEADS
            or token.lower_ in _COMPOUND_NOUNS
            or token.lower_ in lexicon.ORGANISATION_HEADS
        )
    )


_COMPOUND_NOUNS = frozenset(
    lexicon.words(
        """chief chiefs commander commanders director directors official officials staff workers traders vendors
        teachers students pupils children guards owner owners leaders leader committee council board fees
        attendance closure closures system systems network networks sector premises grounds gate gates"""
    )
)


def _put_as_place(doc: Doc, start: int, end: int) -> bool:
    """A preposition or an event's verb before the phrase, or its passive after it ('a school was hit')."""
    before = doc[start - 1].lower_ if start > 0 else ""
    if before in lexicon.SITE_PREPOSITIONS or before in lexicon.SITE_VERBS:
        return True
    if before == "fire" and start >= 3 and doc[start - 2].lower_ == "to":
        return True
    after = [t.lower_ for t in doc[end + 1 : end + 4]]
    return bool(after) and after[0] in lexicon.SITE_PASSIVE and any(w in lexicon.SITE_VERBS for w in after[1:])


def _after(doc: Doc, i: int, owner_of: dict[tuple[int, int], Fact]) -> tuple[Fact | None, str]:
    """The named place the words after a site put it in, and those words: 'outside Oicha', 'near the town of
    Poonch', 'in Lakki Marwat district'."""
    if i >= len(doc) or doc[i].lower_ not in lexicon.SITE_PREPOSITIONS | {"of", "between", "close"}:
        return None, ""
    j = i + 1
    if doc[i].lower_ == "close" and j < len(doc) and doc[j].lower_ == "to":
        j += 1
    if j < len(doc) and doc[j].lower_ == "the":
        j += 1
    if j + 1 < len(doc) and doc[j].lower_ in _KINDS_BEFORE_A_NAME and doc[j + 1].lower_ == "of":
        j += 2
    place = owner_of.get((id(doc), j))
    if place is None:
        return None, ""
    end = _past(doc, j, owner_of)
    while end + 1 < len(doc) and doc[end].text in ("'s", "\u2019s") and (id(doc), end + 1) in owner_of:
        place, end = owner_of[id(doc), end + 1], _past(doc, end + 1, owner_of)  # "in Pakistan's Lakki Marwat"
    if end + 1 < len(doc) and doc[end].lower_ in ("to", "and") and (id(doc), end + 1) in owner_of:
        end = _past(doc, end + 1, owner_of)  # 'the road from Bannu to Miran Shah'
    return place, doc[i:end].text


def _past(doc: Doc, i: int, owner_of: dict[tuple[int, int], Fact]) -> int:
    """The end of the place's mention that token i begins."""
    place, end = owner_of[id(doc), i], i
    while end < len(doc) and owner_of.get((id(doc), end)) is place:
        end += 1
    return end


def _sentence_place(span: Span, owner_of: dict[tuple[int, int], Fact]) -> Fact | None:
    """The one named place of the sentence a site is in, the most precise kind first."""
    sentence = span.sent
    doc = span.doc
    named: list[Fact] = []
    for i in range(sentence.start, sentence.end):
        place = owner_of.get((id(doc), i))
        if place is not None and place not in named:
            named.append(place)
    for kinds in (_POINT_KINDS, ("area", "border_area", "region", "province")):
        ranked = [p for p in named if p.kind in kinds]
        if len({p.id for p in ranked}) == 1:
            return ranked[0]
        if ranked:
            return None  # several: which one the site is in, the sentence does not say
    return None


def _place_owners(places: list[Fact]) -> dict[tuple[int, int], Fact]:
    """Each token a named place's mention covers, and the place."""
    owner_of: dict[tuple[int, int], Fact] = {}
    for fact in places:
        for span in fact.mentions:
            for i in range(span.start, span.end):
                owner_of[id(span.doc), i] = fact
    return owner_of


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "barracks", "headquarters")):
        return word[:-1]
    return word
