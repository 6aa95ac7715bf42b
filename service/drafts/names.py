"""How a name is compared: folded to a key that spelling variants share, and turned into an id.

The same rules fold the gazetteer's names and the text's, so a variant matches only where both sides fold
alike: diacritics and apostrophes dropped, case folded, the Arabic article in all its forms (al-, el-,
ash-, ad-, …) written `al`, and the transliteration variants of common first words (Tell/Tall/Tel,
Kafr/Kfar, Deir/Dayr, Jabal/Jebel, Ain/Ayn) written one way.
"""

from __future__ import annotations

import re
import unicodedata

from schemas._base import is_id

ARTICLES = frozenset(
    {
        "al",
        "el",
        "ul",
        "as",
        "ash",
        "ad",
        "adh",
        "an",
        "ar",
        "at",
        "ath",
        "az",
        "ed",
        "es",
        "esh",
        "et",
        "en",
        "er",
        "ez",
    }
)
"""The Arabic definite article as place names transliterate it (the sun letters assimilate it: ash-Sham)."""
VARIANTS = {
    **dict.fromkeys(("tall", "tell", "til", "tal"), "tel"),
    **dict.fromkeys(("kfar", "kafar", "kafer", "kfr", "kefr", "kufr"), "kafr"),
    **dict.fromkeys(("dayr", "dair", "dier"), "deir"),
    **dict.fromkeys(("jebel", "jabel", "jbel", "djebel"), "jabal"),
    **dict.fromkeys(("ayn", "ein", "ayn"), "ain"),
    **dict.fromkeys(("shaykh", "shaikh", "sheik", "sheykh"), "sheikh"),
    **dict.fromkeys(("beni",), "bani"),
    **dict.fromkeys(("abou",), "abu"),
    **dict.fromkeys(("oum", "um"), "umm"),
    **dict.fromkeys(("ouadi",), "wadi"),
    **dict.fromkeys(("khirbet", "khirbit"), "khirbat"),
}
"""Spellings of the same first word of a place name, each written as its key writes it."""
_SEPARATORS = bytes.maketrans(b"-,/()", b"     ")
_DROPPED = b".'`\""
_UNICODE_SEPARATORS = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2013\u2014\u00b7", " ")
    | dict.fromkeys("\u2019\u2018\u00b4\u02bb\u02bc\u02bf\u02be", "")
)
"""Hyphens and dashes that separate words; apostrophes, ʿayn and hamza signs that vanish."""
_LETTERS = str.maketrans({"ø": "o", "ß": "ss", "\u0131": "i", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th"})
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLED = re.compile(r"(.)\1+")
_RUNS_OF_SPACES = re.compile(r" {2,}")
_ARTICLE = re.compile(r"(?<![^\t\n ])(?:" + "|".join(sorted(ARTICLES)) + r")(?= )")
_VARIANT = re.compile(r"(?<![^\t\n ])(?:" + "|".join(sorted(VARIANTS)) + r")(?![^\t\n ])")
_BARE = re.compile(r"(?<![^\t\n ])al (?=[^\t\n])")


def _ascii(text: str) -> str:
    """Latin letters without their diacritics; what has no ASCII form (other scripts, ʿayn and hamza) dropped."""
    if text.isascii():
        return text
    spaced = text.translate(_UNICODE_SEPARATORS)
    return unicodedata.normalize("NFKD", spaced.translate(_LETTERS)).encode("ascii", "ignore").decode()


def fold(text: str) -> str:
    """Lower case, without diacritics, apostrophes or hyphens, single-spaced: 'Kafr Takhārīm' → 'kafr takharim'.
    Names joined by tabs or line feeds are each folded on their own (see `keys`)."""
    folded = _RUNS_OF_SPACES.sub(" ", _ascii(text).lower().encode().translate(_SEPARATORS, _DROPPED).decode())
    for space, separator in ((" \t", "\t"), ("\t ", "\t"), (" \n", "\n"), ("\n ", "\n")):
        folded = folded.replace(space, separator)
    return folded.strip(" ")


def key(text: str) -> str:
    """The key a name is looked up by: folded, its article and first-word variants written one way."""
    return _keyed(fold(text))


def keys(lines: list[str]) -> list[str]:
    """`key` of each tab-separated name of many lines at once (the gazetteer's 800,000 names), and that key
    without articles where it differs (`bare`): a few passes over their joined text, where a call for each
    name took seconds."""
    joined = key("\n".join(line if line.isascii() else _ascii(line) for line in lines))
    return [k if k == b else f"{k}\t{b}" for k, b in zip(joined.split("\n"), bare(joined).split("\n"), strict=True)]


def _keyed(folded: str) -> str:
    return _VARIANT.sub(_variant, _ARTICLE.sub("al", folded))


def _variant(match: re.Match[str]) -> str:
    return VARIANTS[match.group()]


def bare(name_key: str) -> str:
    """A key without its articles: 'al atarib' → 'atarib' (a text often leaves the article out)."""
    return _BARE.sub("", name_key)


def skeleton(name_key: str) -> str:
    """The consonants of a bare key, doubled letters single: what transliterations of one Arabic name share
    ('atareb' and 'al atarib' → 'atrb'). Too loose to search the world by; used within a country the text names."""
    letters = bare(name_key).replace(" ", "").replace("q", "k")
    if not letters:
        return ""
    return _DOUBLED.sub(r"\1", letters[0] + _VOWELS.sub("", letters[1:]))


def slug(text: str, fallback: str = "item") -> str:
    """An id (schemas._base.Id) from a name: 'Kafr Takhārīm' → 'kafr-takharim'."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    made = "-".join(words)[:80].strip("-")
    return made if is_id(made) else fallback


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`…: the first not in `taken`, which it joins."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base[:110]}-{n}"
    taken.add(candidate)
    return candidate
