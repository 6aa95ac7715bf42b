"""An article's text as the rules read it: each field tokenized and split into sentences by spaCy's blank
English pipeline (its tokenizer and sentencizer, and a line break ends a sentence too), and the runs of
capitalised words that may be names.

Every span here keeps its field and character offsets, so whatever is found is evidence as it stands.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from schemas.v1 import Evidence
from service.drafts.lexicon import words

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span, Token

MAX_NAME_TOKENS = 9
CONNECTORS = frozenset(
    {"of", "the", "and", "for", "in", "de", "du", "des", "del", "la", "le", "van", "von", "bin", "ibn"}
    | {"da", "do", "dos", "das"}  # (Mocimboa da Praia, Cabo Verde's and Brazil's names)
)
"""Lower-case words a name may hold between capitalised ones (Islamic State in Iraq and the Levant)."""
ARTICLE_PREFIXES = frozenset({"al", "el", "ash", "as", "ad", "an", "ar", "at", "az", "ed", "es", "et", "wal"})
"""The Arabic article, written lower case and joined by a hyphen (al-Qaeda, Jisr al-Hajj), and 'and the' (Jama'at
Nusrat al-Islam wal-Muslimin)."""
QUOTE_MARKS = frozenset({'"', "\u201c", "\u201d"})
"""The marks a nickname stands between ('Ismael "El Mayo" Zambada')."""
COMMON = frozenset(
    words(
        """a an the this that these those his her its their our my your he she it they we you i me him them us who
        whom whose which what when where why how all any both each few more most other some such no nor not only
        own same so than too very can will just but and or if then else as at by for from in into of off on onto
        out over to up with about above across after against along among around before behind below beneath
        beside between beyond during except inside near outside since through throughout toward towards under
        until upon within without there here yes also even still yet however meanwhile although though while
        monday tuesday wednesday thursday friday saturday sunday january february march april may june july
        august september october november december today yesterday tomorrow last next early late earlier later
        mr mrs ms dr sir president minister prime general colonel captain major lieutenant sergeant commander
        chief king queen prince princess sheikh imam pope bishop senator governor mayor judge officer spokesman
        spokeswoman spokesperson police army military government forces troops rebels fighting fighters people
        many several one two three four five six seven eight nine ten dozens hundreds thousands north south east
        west northern southern eastern western central new old great good bad big small high low long short
        first second third former after despite following according amid asked added said says told reports
        report reported update breaking read more watch live video photo image picture caption"""
    )
)
"""Words that begin a sentence in capitals without being names: a capitalised word among them starts no name
unless it is part of a longer one."""


@dataclass(frozen=True, slots=True)
class Field:
    """One of the article's text fields (schemas.v1.TEXT_FIELDS), read."""

    name: str
    text: str
    doc: Doc


@dataclass(frozen=True, slots=True)
class Sentence:
    field: Field
    span: Span
    index: int
    """Its place in the reading order (headline, image description, caption, body)."""

    @property
    def text(self) -> str:
        return self.span.text


@functools.cache
def pipeline() -> Language:
    """spaCy's blank English pipeline with its sentencizer: no trained model; built once per process, on the
    first draft (spaCy is imported then too: a service that drafts nothing never loads it)."""
    import spacy
    from spacy.language import Language

    Language.component("line_breaks", func=line_breaks)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("line_breaks", after="sentencizer")
    return nlp


def phrase_matcher(attr: str = "ORTH") -> PhraseMatcher:
    """A matcher of phrases on the pipeline's vocabulary, by their words' text (ORTH) or lower case (LOWER)."""
    from spacy.matcher import PhraseMatcher

    return PhraseMatcher(pipeline().vocab, attr=attr)


def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: list items and headings carry no full stop."""
    for token in doc[:-1]:
        if "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


def patterns(phrases: Iterable[str]) -> list[Doc]:
    """Phrases as a matcher takes them: tokenized as the text is."""
    nlp = pipeline()
    return [nlp.make_doc(phrase) for phrase in phrases]


def read(fields: dict[str, str]) -> list[Field]:
    """Each non-empty field tokenized, in the order given."""
    names = [name for name, text in fields.items() if text]
    docs = pipeline().pipe(fields[name] for name in names)
    read_fields = []
    for name, doc in zip(names, docs, strict=True):
        doc.user_data["field"] = name
        read_fields.append(Field(name, doc.text, doc))
    return read_fields


def sentences(fields: list[Field]) -> list[Sentence]:
    """Every sentence of every field, trimmed of the white space around it."""
    found: list[Sentence] = []
    for field in fields:
        for span in field.doc.sents:
            trimmed = trim(span)
            if trimmed is not None:
                found.append(Sentence(field, trimmed, len(found)))
    return found


def trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end] if end > start else None


def evidence(span: Span) -> Evidence:
    """The span as evidence: its field, offsets and quote, exactly as the text has them."""
    return Evidence(field=span.doc.user_data["field"], start=span.start_char, end=span.end_char, quote=span.text)


def is_capitalised(token: Token) -> bool:
    text = token.text
    return text[:1].isupper() and any(c.isalpha() for c in text)


def starts_name(token: Token) -> bool:
    """A capitalised word that may begin a name (not a common word written in capitals at a sentence start)."""
    if not is_capitalised(token):
        return _article_prefix(token)
    return token.lower_ not in COMMON or not (token.is_sent_start or _after_quote(token))


def _article_prefix(token: Token) -> bool:
    doc = token.doc
    return (
        token.lower_ in ARTICLE_PREFIXES
        and token.i + 2 < len(doc)
        and doc[token.i + 1].text == "-"
        and is_capitalised(doc[token.i + 2])
    )


def _after_quote(token: Token) -> bool:
    return token.i > 0 and token.doc[token.i - 1].text in {'"', "\u201c", "'", "\u2018", "(", "-", "\u2013", "\u2014"}


def name_runs(doc: Doc) -> Iterator[Span]:
    """Maximal runs of capitalised words (with the connectors and hyphens names hold between them)."""
    i, n = 0, len(doc)
    while i < n:
        if not starts_name(doc[i]):
            i += 1
            continue
        end = i + 1
        while end < n:
            token = doc[end]
            if doc[end - 1].whitespace_ and "\n" in doc[end - 1].whitespace_:
                break
            if (
                is_capitalised(token)
                or _article_prefix(token)
                or (token.text == "-" and not doc[end - 1].whitespace_ and end + 1 < n and is_capitalised(doc[end + 1]))
            ):
                end += 1
            elif _hyphened_word(doc, end):
                end += 3  # 'Port-au-Prince', 'Stratford-upon-Avon': a lower-case word inside a hyphened name
            elif token.lower_ in CONNECTORS and (resumed := _name_resumes(doc, end)) is not None:
                end = resumed
            else:
                break
        yield doc[i:end]
        i = end


def _hyphened_word(doc: Doc, i: int) -> bool:
    """Tokens i to i+2 are '-', a lower-case word and '-' written with no space, before a capitalised word."""
    if i + 3 >= len(doc) or doc[i].text != "-" or doc[i + 2].text != "-":
        return False
    return (
        not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i + 1].is_lower
        and doc[i + 1].is_alpha
        and not doc[i + 1].whitespace_
        and not doc[i + 2].whitespace_
        and is_capitalised(doc[i + 3])
    )


def _name_resumes(doc: Doc, i: int) -> int | None:
    """Where a name goes on after the connectors from token i ('and the' in '… in Iraq and the Levant')."""
    j = i
    while j < len(doc) and j - i < 2 and doc[j].lower_ in CONNECTORS and not doc[j].whitespace_.count("\n"):
        j += 1
    return j if j < len(doc) and j > i and (is_capitalised(doc[j]) or _article_prefix(doc[j])) else None


def is_dateline(span: Span) -> bool:
    """A name in capitals that opens the body ('MEXICO CITY -', 'KHULNA, Bangladesh -'): where the story was
    written, which need not be where what it tells happened."""
    doc = span.doc
    return (
        doc.user_data.get("field") == "body"
        and span.start <= 2
        and span.text.isupper()
        and span.end < len(doc)
        and doc[span.end].text in {",", "-", "\u2013", "\u2014", "(", ":"}
    )


def named_only_as(span: Span) -> bool:
    """'a fisherman who gave his name only as Adoum', 'a woman identified only as Maria': a person's name, the
    only one the text gives."""
    doc, i = span.doc, span.start
    if i < 2 or doc[i - 1].lower_ != "as" or doc[i - 2].lower_ not in ("only", "name", "simply"):
        return False
    return any(t.lower_ in ("name", "identified", "known", "named") for t in doc[max(0, i - 5) : i - 1])


def sub_spans(run: Span) -> Iterator[Span]:
    """The spans of a run that begin and end with a name's word, longest first."""
    doc = run.doc
    length = len(run)
    for size in range(min(length, MAX_NAME_TOKENS), 0, -1):
        for start in range(run.start, run.end - size + 1):
            first, last = doc[start], doc[start + size - 1]
            if (starts_name(first) or (start > run.start and is_capitalised(first))) and is_capitalised(last):
                yield doc[start : start + size]
