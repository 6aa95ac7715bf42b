"""The CSV line rules (service/tables/csv_lines.py): a line is what Python's csv.writer writes."""

from __future__ import annotations

import csv
import io

from hypothesis import example, given
from hypothesis import strategies as st

from service.tables.csv_lines import csv_line


@example([""])
@example(["a\rb", "c\nd", "e,f", 'g"h', ""])
@example(["", ""])
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(["a", "é", " ", ",", '"', "'", "\r", "\n", ";", "\t", "="]) | st.characters(),
            max_size=12,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_line_is_what_python_csv_writer_writes(cells: list[str]) -> None:
    expected = io.StringIO(newline="")
    csv.writer(expected).writerow(cells)
    assert csv_line(cells) == expected.getvalue()
    assert next(csv.reader(io.StringIO(csv_line(cells), newline=""))) == cells
