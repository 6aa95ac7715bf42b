"""The search syntax, the tokenizer both engines index with, and where a query's words are in a text."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service import search
from tests.conftest import PG_ADMIN_URL

TEXTS = {
    "fsa": "Rebels of the Free Syrian Army attacked al-Nusra positions near Aleppo.",
    "ypg": "Isis fighters and Kurdish YPG units clashed; the regime shelled Daesh.",
    "kobani": "Daesh withdrew from Kobani, and Kurds advanced.",
    "hama": "Protesters in Ḥamā marched.",
    "army": "The army held the town.",
}
QUERIES = {
    "aleppo rebels": ["fsa"],
    "REBELS aleppo": ["fsa"],
    '"free syrian army"': ["fsa"],
    '"army free"': [],
    "syrian army": ["fsa"],
    "army": ["army", "fsa"],
    "isis OR daesh": ["kobani", "ypg"],
    "isis OR daesh -regime": ["kobani"],
    "kurd*": ["kobani", "ypg"],
    "al-Nusra": ["fsa"],
    "nusra": ["fsa"],
    "hama": ["hama"],
    "Ḥamā": ["hama"],
    '"the army"': ["army"],
}


def test_words_are_folded_and_split_on_anything_but_letters_and_digits() -> None:
    assert search.index_text(["Ḥamā's al-Nusra, 2014!", None, "YPG_units"]) == "hama s al nusra 2014 ypg units"


def test_each_token_keeps_its_offsets_in_the_text() -> None:
    text = "near Ḥamā, al-Nusra"
    assert [(text[t.start : t.end], t.word) for t in search.tokens(text)] == [
        ("near", "near"),
        ("Ḥamā", "hama"),
        ("al", "al"),
        ("Nusra", "nusra"),
    ]


def test_the_syntax_reads_words_phrases_or_exclusions_and_prefixes() -> None:
    query = search.parse('aleppo "free syrian army" isis OR daesh -regime kurd*')
    assert [[(t.words, t.prefix) for t in group] for group in query.groups] == [
        [(("aleppo",), False)],
        [(("free", "syrian", "army"), False)],
        [(("isis",), False), (("daesh",), False)],
        [(("kurd",), True)],
    ]
    assert [t.words for t in query.excluded] == [("regime",)]


def test_a_word_of_several_tokens_is_searched_as_their_phrase() -> None:
    assert search.parse("Deir ez-Zor").groups == ((search.Term(("deir",)),), (search.Term(("ez", "zor")),))


def test_stop_words_are_dropped_outside_phrases() -> None:
    assert search.parse("the battle of aleppo").groups == ((search.Term(("battle",)),), (search.Term(("aleppo",)),))
    assert search.parse('"battle of aleppo"').groups == ((search.Term(("battle", "of", "aleppo")),),)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('"free syrian army', "unbalanced quote"),
        ("the of and", "no word to search for"),
        ("   ", "no word to search for"),
        ("-regime -army", "only excludes words"),
        ("OR isis", "OR stands between two words"),
        ("isis OR", "OR stands between two words"),
        ("isis OR OR daesh", "OR stands between two words"),
        ("x" * 501, "at most 500"),
    ],
)
def test_a_query_that_cannot_be_searched_says_why(text: str, says: str) -> None:
    with pytest.raises(search.QueryError, match=says):
        search.parse(text)


@pytest.fixture(scope="module")
def engines() -> Iterator[tuple[sqlite3.Connection, psycopg.Connection]]:
    lite = sqlite3.connect(":memory:")
    lite.execute("CREATE VIRTUAL TABLE t USING fts5(text, id UNINDEXED, tokenize='unicode61 remove_diacritics 0')")
    pg = psycopg.connect(PG_ADMIN_URL, autocommit=True)
    pg.execute("CREATE TEMPORARY TABLE t (id text, text tsvector)")
    for key, text in TEXTS.items():
        lite.execute("INSERT INTO t VALUES (?, ?)", (search.index_text([text]), key))
        pg.execute("INSERT INTO t VALUES (%s, to_tsvector('simple', %s))", (key, search.index_text([text])))
    yield lite, pg
    lite.close()
    pg.close()


@pytest.mark.parametrize(("text", "found"), QUERIES.items())
def test_both_engines_find_the_same_texts(engines: tuple[sqlite3.Connection, psycopg.Connection], text, found) -> None:
    lite, pg = engines
    query = search.parse(text)
    by_sqlite = sorted(row[0] for row in lite.execute("SELECT id FROM t WHERE t MATCH ?", (search.fts5_match(query),)))
    by_pg = pg.execute("SELECT id FROM t WHERE text @@ to_tsquery('simple', %s) ORDER BY id", (search.tsquery(query),))
    assert by_sqlite == [row[0] for row in by_pg] == found


def test_matches_are_the_spans_of_each_term_in_the_text() -> None:
    text = TEXTS["fsa"]
    spans = search.matches(search.parse('"free syrian army" al-nusra alep*'), text)
    assert [text[start:end] for start, end in spans] == ["Free Syrian Army", "al-Nusra", "Aleppo"]


def test_excluded_words_are_not_marked() -> None:
    text = TEXTS["ypg"]
    assert [text[a:b] for a, b in search.matches(search.parse("daesh -regime"), text)] == ["Daesh"]


PIECES = ("a", "ab", "abc", "b", "kel", "kelilan", "x1", "9", "scarlet", "wolf", "shell", "shelled", "Air", "STRIKE")
PATTERN_QUERIES = ("ab", "ab*", '"scarlet wolf"', "kel*", "wolf OR air", '"a a"', "x1", "a*", "air-strike", "9", "b9*")


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(
    st.lists(st.sampled_from(PIECES) | st.sampled_from(" -_.'\n"), max_size=30).map("".join),
    st.lists(st.sampled_from(PATTERN_QUERIES), min_size=1, max_size=3).map(" ".join),
)
def test_ascii_text_is_matched_by_pattern_as_token_by_token(text: str, q: str) -> None:
    query = search.parse(q)
    assert search.matches(query, text) == search.token_matches(query, text)


def test_text_with_diacritics_is_matched_token_by_token() -> None:
    query = search.parse("hama")
    assert search.matches(query, "Fighting in Ḥamā and HAMA.") == [(12, 16), (21, 25)]


def test_a_snippet_marks_the_match_among_a_few_words() -> None:
    text = "On Monday, after weeks of fighting in the north, rebels of the Free Syrian Army attacked the town at dawn."
    span = search.matches(search.parse('"free syrian army"'), text)[0]
    assert search.snippet(text, span, around=20) == "…north, rebels of the «Free Syrian Army» attacked the town at…"
