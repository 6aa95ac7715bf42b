"""The gazetteer's index: built once from the installed package's file, then opened read-only by every process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from service.drafts import gazetteer
from service.drafts.gazetteer import Gazetteer, index, index_path


def test_the_index_is_built_once_into_its_directory_and_stale_ones_removed(tmp_path: Path) -> None:
    stale = tmp_path / "gazetteer-0123456789abcdef.sqlite3"
    stale.write_bytes(b"an index of other rules")
    built = Gazetteer(index(tmp_path))
    path = index_path(tmp_path)
    assert sorted(tmp_path.iterdir()) == [path]  # the stale one gone, no partial file left
    (saraqib,) = built.find("Saraqeb")  # GeoNames lists Saraqeb among Saraqib's alternate names
    assert (saraqib.geonameid, saraqib.name, saraqib.country, saraqib.admin1) == (164816, "Saraqib", "SY", "12")
    assert (saraqib.latitude, saraqib.longitude, saraqib.population) == (35.86447, 36.80591, 34231)
    assert built.find("Kisumu") == gazetteer.loaded().find("Kisumu")
    assert built.find_in("Atareb", {"SY"}) == gazetteer.loaded().find_in("Atareb", {"SY"})
    written = path.stat().st_mtime_ns
    again = index(tmp_path)
    assert path.stat().st_mtime_ns == written  # read, not built again
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        again.execute("DELETE FROM places")


def test_a_directory_that_cannot_be_written_gets_an_index_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    built = Gazetteer(index(blocker / "cache"))
    assert built.find("Nairobi") == gazetteer.loaded().find("Nairobi")
    assert sorted(tmp_path.iterdir()) == [blocker]


def test_a_name_finds_its_records_the_most_populous_first() -> None:
    found = gazetteer.loaded().find("Paris")
    assert [(p.geonameid, p.country) for p in found[:3]] == [(2988507, "FR"), (966166, "ZA"), (4717560, "US")]
    assert [p.population for p in found] == sorted((p.population for p in found), reverse=True)
    assert gazetteer.loaded().find("Syria")[0].feature == "country"
    assert gazetteer.loaded().find("Zzyzx Qwrt") == []
