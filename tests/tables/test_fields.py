"""The fields a client may choose (service/tables/fields.py): named from the model, checked, and cut out of a
record's JSON and its CSV line exactly as the whole would have them."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import msgspec
import pytest

from schemas import COLLECTIONS, Article
from service.records import article_records
from service.renderers.base import record_json
from service.tables.columns import columns_for
from service.tables.csv_lines import csv_line, csv_row, picked
from service.tables.fields import FieldsError, choose, field_names


def test_the_names_are_the_models_fields_with_a_dot_into_each_nested_struct() -> None:
    assert field_names("events") == (
        *("article_id", "id", "event_type", "sub_event_type", "cameo_code", "summary"),
        *("date", "date.start", "date.end", "date.precision", "date.basis", "date.inferred_from"),
        *("participants", "locations", "geo_precision"),
        *("fatalities", "fatalities.low", "fatalities.best", "fatalities.high"),
        *("attribution", "certainty", "part_of", "evidence"),
    )
    assert "coordinates.latitude" in field_names("locations")


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_every_field_of_the_model_can_be_chosen(collection: str) -> None:
    top = [f.encode_name for f in msgspec.structs.fields(COLLECTIONS[collection])]
    assert [name for name in field_names(collection) if "." not in name] == ["article_id", *top]


def test_a_choice_keeps_the_models_order_whatever_order_it_is_given_in() -> None:
    given = choose("events", "fatalities.best,date.start,id")
    assert given.names == ("fatalities.best", "date.start", "id")
    assert [c.name for c in given.columns] == ["id", "date_start", "fatalities_best"]
    assert given.columns == choose("events", "id,date.start,fatalities.best").columns


def test_a_struct_chooses_all_of_it_and_a_field_within_it_adds_nothing() -> None:
    date = [c.name for c in choose("events", "date").columns]
    assert date == ["date_start", "date_end", "date_precision", "date_basis", "date_inferred_from"]
    assert choose("events", "date,date.start").columns == choose("events", "date").columns
    participants = [c.name for c in choose("events", "participants").columns]
    assert participants[:2] == ["actor1_id", "actor1_name"] and participants[-1] == "target_name"


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        ("", "fields is empty"),
        ("id,,summary", "empty entry"),
        ("id,", "empty entry"),
        ("id,id", "names id twice"),
        ("colour", "'colour' is not a field of events; the fields are: article_id, id,"),
        ("summry", "(did you mean summary?)"),
        ("date_start", "(did you mean date.start?)"),  # a CSV column's name
        ("actor1_id", "(did you mean participants?)"),
        ("date.colour", "(did you mean date.start or date.end or date.precision or date.basis or date.inferred_from?)"),
        ("participants.actor", "(participants is chosen whole: a dot leads only into a nested struct"),
        ("kind", "is not a field of events"),  # an actor's
        (" id", "did you mean id?"),
        ("ID", "is not a field of events"),
    ],
)
def test_a_bad_choice_says_what_is_wrong(raw: str, detail: str) -> None:
    with pytest.raises(FieldsError) as refused:
        choose("events", raw)
    assert detail in str(refused.value)


def test_a_cut_record_holds_the_chosen_fields_their_bytes_as_stored(seed: Article) -> None:
    fields = choose("events", "article_id,id,date.start,fatalities")
    for record in article_records(seed, "events"):
        whole = msgspec.json.decode(record_json(record))
        cut = fields.cut(record_json(record))
        assert msgspec.json.decode(cut) == {
            "article_id": whole["article_id"],
            "id": whole["id"],
            "date": None if whole["date"] is None else {"start": whole["date"]["start"]},
            "fatalities": whole["fatalities"],
        }
        assert list(msgspec.json.decode(cut)) == ["article_id", "id", "date", "fatalities"]


def test_a_struct_that_is_null_stays_null_and_a_hits_highlights_stay() -> None:
    fields = choose("events", "id,date.start")
    hit = b'{"article_id":"a","id":"e","date":null,"summary":"x","highlights":[],"snippet":"\\u00abx\\u00bb"}'
    assert fields.cut(hit) == b'{"id":"e","date":null,"highlights":[],"snippet":"\\u00abx\\u00bb"}'


def test_the_chosen_cells_of_a_stored_line_are_those_of_the_whole_row(seed: Article) -> None:
    names = field_names("events")
    everything = [c.name for c in columns_for(COLLECTIONS["events"])]
    for choice in ("id", "summary,evidence", "participants,date", ",".join(names)):
        fields = choose("events", choice)
        for record in article_records(seed, "events"):
            line = csv_row(record)[0]
            whole = dict(zip(everything, _cells(line), strict=True))
            assert _cells(picked(line, fields.indices)) == [whole[c.name] for c in fields.columns]


def test_picked_cells_are_quoted_again_as_csv_line_quotes_them() -> None:
    cells = ["plain", 'a "quote"', "a, comma", "two\r\nlines", "", "'=1+1"]
    lines = (csv_line(cells) + csv_line(["", "x", "", "", "", ""])).encode()
    assert picked(lines, (1, 3)) == (csv_line(['a "quote"', "two\r\nlines"]) + csv_line(["x", ""])).encode()
    assert picked(lines, (4,)) == b'""\r\n""\r\n'  # a lone empty cell is "", not a blank line (no row at all)


def _cells(line: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(line.decode(), newline="")))


def test_every_choice_the_corpus_page_shows_is_one_the_service_takes() -> None:
    page = (Path(__file__).parents[2] / "docs" / "corpus.md").read_text(encoding="utf-8")
    shown = re.findall(r"/v1/(\w+)[.\w]*\?fields=([\w.,]+)", page)
    assert len(shown) >= 3
    for collection, names in shown:
        choose(collection, names)
