"""Full-text search: the query syntax, the one tokenizer both engines index with, and where a query's words are.

Both engines index the same token string, made here (`index_text`): words are runs of letters and digits,
case-folded, their diacritics removed. SQLite's FTS5 and PostgreSQL's `simple` text search then only split it
on spaces, so a query finds the same items on either engine. The syntax is the one news APIs use:

    aleppo rebels        every word (in any order, anywhere in the item's text)
    "free syrian army"   the words, in this order, side by side
    isis OR daesh        either
    -regime              not this word
    kurd*                a word starting so

A word that writes several tokens (`al-Nusra`, `Deir ez-Zor`) is searched as the phrase of its tokens.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

MAX_QUERY = 500
"""Characters a query may have."""
_TOKEN = re.compile(r"[^\W_]+")
STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "were",
        "which",
        "who",
        "will",
        "with",
    }
)
"""Words too common to search for alone (a phrase may hold them)."""


class QueryError(ValueError):
    """A query that cannot be searched: the message says what is wrong, in the user's terms."""


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    """Offsets in the text it was read from (Python str offsets, as evidence spans count)."""
    word: str
    """Case-folded, without diacritics: what is indexed and matched."""


def fold(word: str) -> str:
    """A word as it is indexed: case-folded, its diacritics removed ('Ḥamā' → 'hama')."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> Iterator[Token]:
    for match in _TOKEN.finditer(text):
        for word in _TOKEN.findall(fold(match.group())):  # (folding can split a word: 'ﬁ' stays one, '½' not)
            yield Token(match.start(), match.end(), word)


def index_text(texts: Iterable[str | None]) -> str:
    """The token string an item is indexed by: its texts' words, folded, space-separated."""
    return " ".join(_words(text) for text in texts if text)


def _words(text: str) -> str:
    """`tokens(text)`'s words, space-separated: for ASCII text (most of it), folding is lowering, done at once."""
    if text.isascii():
        return " ".join(_TOKEN.findall(text.lower()))
    return " ".join(token.word for token in tokens(text))


# The query


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]
    """One word, or the words of a phrase in order."""
    prefix: bool = False
    """The last word matches any word it starts."""


@dataclass(frozen=True, slots=True)
class Query:
    """Every group must match (a group: terms of which one must match), and no excluded term may."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()
    text: str = ""

    @property
    def terms(self) -> list[Term]:
        """The terms that match, in query order: what a hit's highlights mark."""
        return [term for group in self.groups for term in group]


_PIECE = re.compile(r'(-?)"([^"]*)"|(\S+)')


def parse(text: str) -> Query:
    """The query a `q` parameter says, or QueryError saying why it cannot be searched."""
    if len(text) > MAX_QUERY:
        raise QueryError(f"the query has {len(text)} characters; at most {MAX_QUERY}")
    if text.count('"') % 2:
        raise QueryError('the query has an unbalanced quote (")')
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for match in _PIECE.finditer(text):
        negated, phrase, word = match.group(1) == "-", match.group(2), match.group(3)
        if word == "OR":
            if not groups or join_next:
                raise QueryError("OR stands between two words or phrases")
            join_next = True
            continue
        if word is not None:
            negated, word = word.startswith("-") and len(word) > 1, word
            term = _term(word[1:] if negated else word, quoted=False)
        else:
            term = _term(phrase, quoted=True)
        if term is None:
            continue  # (punctuation alone, or a stop word)
        if negated:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if join_next:
        raise QueryError("OR stands between two words or phrases")
    if not groups:
        if excluded:
            raise QueryError("the query only excludes words: give at least one word to find")
        raise QueryError("the query has no word to search for (stop words such as 'the' and 'of' alone find nothing)")
    return Query(tuple(tuple(group) for group in groups), tuple(excluded), text)


def _term(raw: str, *, quoted: bool) -> Term | None:
    prefix = not quoted and raw.endswith("*")
    words = tuple(token.word for token in tokens(raw))
    if not words or (not quoted and len(words) == 1 and words[0] in STOP_WORDS and not prefix):
        return None
    return Term(words, prefix)


# What an engine is asked


def fts5_match(query: Query) -> str:
    """The query as an FTS5 MATCH expression over the token string."""

    def term(t: Term) -> str:
        return '"' + " ".join(t.words) + '"' + ("*" if t.prefix else "")

    found = " AND ".join("(" + " OR ".join(map(term, group)) + ")" for group in query.groups)
    return "".join([found, *(f" NOT {term(t)}" for t in query.excluded)])


def tsquery(query: Query) -> str:
    """The query as a PostgreSQL tsquery (for `to_tsquery('simple', …)`) over the same token string."""

    def term(t: Term) -> str:
        words = [f"'{w}'" for w in t.words]
        if t.prefix:
            words[-1] += ":*"
        return "(" + " <-> ".join(words) + ")"

    found = " & ".join("(" + " | ".join(map(term, group)) + ")" for group in query.groups)
    return "".join([found, *(f" & !{term(t)}" for t in query.excluded)])


# Where its words are


def matches(query: Query, text: str) -> list[tuple[int, int]]:
    """The spans of `text` the query's terms match (each term's words, side by side), in text order."""
    if text.isascii():  # (most text: folding is lowering, and a pattern finds the terms at C speed)
        lowered = text.lower()
        patterns = _patterns(tuple(query.terms))
        return sorted({match.span(1) for pattern in patterns for match in pattern.finditer(lowered)})
    return token_matches(query, text)


def token_matches(query: Query, text: str) -> list[tuple[int, int]]:
    """`matches`, token by token: for any text (folding may change a word's length)."""
    found = list(tokens(text))
    spans: set[tuple[int, int]] = set()
    for term in query.terms:
        size = len(term.words)
        for i in range(len(found) - size + 1):
            window = found[i : i + size]
            if all(t.word == w for t, w in zip(window[:-1], term.words[:-1], strict=True)) and (
                window[-1].word.startswith(term.words[-1]) if term.prefix else window[-1].word == term.words[-1]
            ):
                spans.add((window[0].start, window[-1].end))
    return sorted(spans)


_GAP, _REST, _WORD_BEFORE, _WORD_AFTER = r"[\W_]+", r"[^\W_]*", r"(?<![^\W_])", r"(?![^\W_])"


@functools.lru_cache(maxsize=256)
def _patterns(terms: tuple[Term, ...]) -> list[re.Pattern[str]]:
    """Each term as a pattern over lowered ASCII text: its words as whole tokens with only non-word characters
    between them (the last a token's start, for a prefix); at every token it starts (matches may overlap)."""
    patterns = []
    for term in terms:
        words = _GAP.join(map(re.escape, term.words)) + (_REST if term.prefix else "")
        patterns.append(re.compile(f"{_WORD_BEFORE}(?=({words}{_WORD_AFTER}))"))
    return patterns


def snippet(text: str, span: tuple[int, int], *, around: int = 60, mark: tuple[str, str] = ("«", "»")) -> str:
    """A few words either side of a match, the match marked, cut at word boundaries."""
    start, end = span
    left = text.rfind(" ", 0, max(0, start - around)) + 1 if start > around else 0
    right = text.find(" ", min(len(text), end + around))
    right = len(text) if right == -1 else right
    before, hit, after = text[left:start], text[start:end], text[end:right]
    return f"{'…' if left else ''}{before}{mark[0]}{hit}{mark[1]}{after}{'…' if right < len(text) else ''}".strip()
