"""The entity index: an entry for every item, labelled and dated as people write it."""

from __future__ import annotations

import msgspec
import pytest
from litestar.testing import TestClient

from schemas import Article
from schemas.v1 import DateRange
from service.renderers.html.entities import date_text
from service.renderers.html.marks import KINDS
from tests.conftest import SEED_PAGE, parse_page, text_of


def test_the_panels_have_an_entry_for_every_item(client: TestClient, seed: Article) -> None:
    page = parse_page(client.get(SEED_PAGE))
    for collection, kind in KINDS.items():
        for item in getattr(seed, collection):
            assert page.xpath(f"//li[@class='entry' and @id='{kind}-{item.id}']"), (collection, item.id)
    atareb = text_of(page.xpath("//*[@id='event-atareb-clash']")[0])
    assert "3\u20134 January 2014 · precision: day · inferred" in atareb
    assert "Free Syrian Army actor2" in atareb
    kafranbel = text_of(page.xpath("//*[@id='place-kafranbel']")[0])
    assert "35.6138, 36.5645" in kafranbel and "https://www.geonames.org/168661" in kafranbel


@pytest.mark.parametrize(
    ("start", "end", "precision", "written"),
    [
        ("2014-01-03", "2014-01-04", "day", "3\u20134 January 2014"),
        ("2014-01-02", "2014-01-02", "day", "2 January 2014"),
        ("2013-12-30", "2014-01-02", "day", "30 December 2013 \u2013 2 January 2014"),
        (None, "2014-01-03", "day", "on or before 3 January 2014"),
        ("2014-01-03", None, "day", "from 3 January 2014"),
        ("2014-01-06", "2014-01-12", "week", "week of 6\u201312 January 2014"),
        ("2014-01-01", "2014-01-31", "month", "January 2014"),
        ("2013-01-01", "2013-12-31", "year", "2013"),
        (None, None, "year", "unknown"),
    ],
)
def test_dates_read_as_people_write_them(start: str | None, end: str | None, precision: str, written: str) -> None:
    date = msgspec.convert({"start": start, "end": end, "precision": precision, "basis": "stated"}, DateRange)
    assert date_text(date) == written
