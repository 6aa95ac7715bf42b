"""Who and where an article is about: a country's places and the actors of its conflict, invented afresh."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Literal

from schemas.v1 import Actor, Coordinates, Location
from synth.vocabulary import (
    CIVILIANS,
    COLOURS,
    EMBLEMS,
    GIVEN_NAMES,
    NEWSPAPERS,
    PARTIES,
    UNITS,
    USER_ASSIGNED_COUNTRY_CODES,
    country_name,
    place_name,
    slug,
    surname,
)


class Cast:
    """A country, its provinces, cities and districts; the publisher, a state, armed groups, people, civilians.

    Made in that order from `rng`, so the article's later draws follow the same ones every time.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used_names: set[str] = set()
        self._invent_places()
        self._invent_actors()

    def _fresh_name(self, invent: Callable[[random.Random], str]) -> str:
        """A name not yet used in this article, so each name means one thing."""
        while True:
            name = invent(self.rng)
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def _place(
        self,
        name: str,
        kind: Literal["country", "province", "city", "district"],
        parent: Location | None,
        centre: tuple[float, float],
        coordinates_odds: float,
    ) -> Location:
        coordinates = None
        if self.rng.random() < coordinates_odds:
            coordinates = Coordinates(
                latitude=round(centre[0], 5),
                longitude=round(centre[1], 5),
                geo_precision=1,
                source=f"https://www.geonames.org/{self.rng.randint(1_000_000, 9_999_999)}",
            )
        location = Location(
            id=slug(name),
            name=name,
            kind=kind,
            parent=parent.id if parent else None,
            country=self.country_code,
            coordinates=coordinates,
            evidence=[],
        )
        self.locations.append(location)
        return location

    def _invent_places(self) -> None:
        """A country, 2-3 provinces, 1-2 cities in each and 0-2 districts in each city."""
        rng = self.rng
        self.country_code = rng.choice(USER_ASSIGNED_COUNTRY_CODES)
        self.locations: list[Location] = []
        self.provinces: list[Location] = []
        self.cities_with_districts: list[tuple[Location, list[Location]]] = []
        self.settlements: list[Location] = []
        centre = (rng.uniform(-35, 55), rng.uniform(-100, 140))
        self.country = self._place(self._fresh_name(country_name), "country", None, centre, 0)
        for _ in range(rng.randint(2, 3)):
            province_centre = _near(rng, centre, 2.0)
            province = self._place(self._fresh_name(place_name), "province", self.country, province_centre, 0)
            self.provinces.append(province)
            for _ in range(rng.randint(1, 2)):
                city_centre = _near(rng, province_centre, 0.5)
                city = self._place(self._fresh_name(place_name), "city", province, city_centre, 0.6)
                districts = [
                    self._place(self._fresh_name(place_name), "district", city, _near(rng, city_centre, 0.05), 0.4)
                    for _ in range(rng.randint(0, 2))
                ]
                self.cities_with_districts.append((city, districts))
                self.settlements += [city, *districts]

    def _invent_actors(self) -> None:
        """The publisher and its correspondent, a state, 3-5 armed groups, a coalition, spokespeople, civilians."""
        rng = self.rng
        country = self.country.name
        self.publisher = Actor(
            id="publisher",
            kind="media_organization",
            name=f"The {self._fresh_name(place_name)} {rng.choice(NEWSPAPERS)}",
            evidence=[],
        )
        self.correspondent = self._person("correspondent")
        self.government = Actor(
            id=slug(f"{country} government"), kind="government", name=f"Government of {country}", evidence=[]
        )
        self.forces = Actor(
            id=slug(f"{country} armed forces"), kind="state_forces", name=f"{country} Armed Forces", evidence=[]
        )
        self.groups = [self._armed_group() for _ in range(rng.randint(3, 5))]
        coalition_name = self._fresh_name(lambda r: f"{r.choice(EMBLEMS)} Alliance")
        self.coalition = Actor(id=slug(coalition_name), kind="coalition", name=coalition_name, evidence=[])
        self.spokesperson = self._person("spokesperson")
        self.commander = self._person("commander") if rng.random() < 0.5 else None
        self.party = None
        if rng.random() < 0.5:
            party_name = f"{self._fresh_name(place_name)} {rng.choice(PARTIES)}"
            self.party = Actor(id=slug(party_name), kind="political_organization", name=party_name, evidence=[])
        self.civilians = [
            Actor(id=slug(name), kind="civilians", name=name, evidence=[]) for name in rng.sample(CIVILIANS, 2)
        ]
        people = [self.correspondent, self.spokesperson, *([self.commander] if self.commander else [])]
        self.pools = {
            "group": self.groups,
            "forces": [self.forces],
            "armed": [self.forces, *self.groups],
            "civilians": self.civilians,
        }
        """The actors a pattern's {role:pool} placeholder is drawn from."""
        self.actors = [self.publisher, self.government, self.forces, *self.groups, self.coalition]
        self.actors += [*([self.party] if self.party else []), *people, *self.civilians]

    def _person(self, role: str) -> Actor:
        name = self._fresh_name(lambda r: f"{r.choice(GIVEN_NAMES)} {surname(r)}")
        return Actor(id=slug(name), kind="person", name=name, role=role, evidence=[])

    def _armed_group(self) -> Actor:
        name = self._fresh_name(lambda r: f"{r.choice(COLOURS)} {r.choice(EMBLEMS)} {r.choice(UNITS)}")
        acronym = "".join(word[0] for word in name.split())
        return Actor(id=slug(name), kind="armed_group", name=name, aliases=[acronym], evidence=[])


def _near(rng: random.Random, centre: tuple[float, float], spread: float) -> tuple[float, float]:
    return centre[0] + rng.uniform(-spread, spread), centre[1] + rng.uniform(-spread, spread)
