"""A deterministic synthetic corpus: invented articles shaped like the seed, for load tests and benchmarks.

Each article comes from its own `random.Random(f"{seed}:{index}")`, so any one can be rebuilt alone, and
its text is written piece by piece, so every evidence span is known as it is written, never searched for.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import string
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import Literal, NamedTuple

from schemas import Article
from schemas.v1 import (
    Actor,
    Attribution,
    Coordinates,
    DateRange,
    Event,
    Evidence,
    Fatalities,
    Location,
    Participant,
    Relation,
    Section,
)
from schemas.v1.actors import RelationType
from schemas.v1.events import EventType, ParticipantRole, SubEventType

Entity = Actor | Location
Mentions = dict[str, Sequence[Entity]]

ONSETS: tuple[str, ...] = ("Al", "Bar", "Cor", "Dar", "Esk", "Fal", "Gor", "Hal", "Ist", "Jor", "Kel", "Lor")
ONSETS += ("Mer", "Nev", "Orm", "Pel", "Quar", "Ros", "Sel", "Tav", "Ul", "Var", "Wen", "Yor", "Zan")
VOWELS = ("a", "e", "i", "o", "u", "ai", "ei")
PLACE_ENDINGS = ("bad", "dor", "gan", "lan", "mir", "nor", "pur", "rin", "tov", "vik", "zar", "esh", "ul", "ova")
COUNTRY_ENDINGS = ("ria", "nia", "land", "stan", "dova", "thia")
SURNAME_ENDINGS = ("ri", "vel", "dane", "mont", "ski", "lin", "sson", "ez")
GIVEN_NAMES: tuple[str, ...] = ("Arin", "Bexa", "Corvin", "Dalis", "Elna", "Feyra", "Galen", "Hesper", "Ilvan")
GIVEN_NAMES += ("Jessa", "Kael", "Liora", "Mavel", "Nerys", "Oskan", "Perrin", "Quilla", "Riven", "Tamsin")
COLOURS = ("Crimson", "Ashen", "Silver", "Amber", "Cobalt", "Scarlet", "Obsidian", "Ivory", "Jade", "Copper")
EMBLEMS = ("Falcon", "Banner", "Lantern", "Oath", "Wolf", "Harvest", "Horizon", "Anvil", "Compass", "Spear")
UNITS = ("Brigade", "Front", "Movement", "Legion", "Battalion", "Guard")
NEWSPAPERS = ("Herald", "Courier", "Gazette", "Observer", "Dispatch", "Chronicle")
PARTIES = ("Popular Party", "Reform Council", "Civic Union", "Renewal Movement")
CIVILIANS = ("local residents", "displaced families", "market traders", "university students", "farmers")
USER_ASSIGNED_COUNTRY_CODES = tuple(f"Q{letter}" for letter in "MNOPQRSTUVWXYZ")
"""ISO 3166 keeps QM to QZ for private use, so no synthetic country is mistaken for a real one."""

MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July", "August")
MONTHS += ("September", "October", "November", "December")
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six")
TIME_ZONES = tuple(dt.timezone(dt.timedelta(minutes=m)) for m in (0, 60, 120, 180, 330, -300))
FIRST_SECOND = int(dt.datetime(2010, 1, 1, tzinfo=dt.UTC).timestamp())
LAST_SECOND = int(dt.datetime(2024, 12, 31, tzinfo=dt.UTC).timestamp())

HEADLINE = "Synthetic report: {group} and {forces} clash in {province}"
RELATION_LEADS = ("Meanwhile,", "For months,", "Since last year,", "By then,", "At the same time,", "Locally,")
UNDATED_LEADS = ("Separately,", "Elsewhere,", "In another incident,")
RELATION_CLAUSES: dict[tuple[RelationType, str], str] = {
    ("works_for", "current"): "{subject} reported for {object}",
    ("part_of", "current"): "{subject} took orders from {object}",
    ("spokesperson_for", "current"): "{subject} spoke for {object}",
    ("leader_of", "current"): "{subject} commanded {object}",
    ("member_of", "current"): "{subject} fought as part of {object}",
    ("fighting", "current"): "{subject} fought {object}",
    ("allied_with", "current"): "{subject} joined forces with {object}",
    ("allied_with", "former"): "{subject} had once been allied with {object}",
    ("split_from", "current"): "{subject} broke away from {object}",
    ("affiliated_with", "current"): "{subject} pledged allegiance to {object}",
    ("supports", "current"): "{subject} backed {object}",
    ("opposes", "current"): "{subject} spoke out against {object}",
}
RIVALRIES: tuple[RelationType, ...] = ("allied_with", "split_from", "fighting", "affiliated_with", "supports")
PARTY_STANCES: tuple[RelationType, ...] = ("opposes", "supports")


class EventPattern(NamedTuple):
    """An ACLED sub-event type as a clause: {role:pool} placeholders say who takes part, {place} where."""

    sub_event_type: SubEventType
    clause: str
    cameo_code: str | None = None
    lethal: bool = False
    """Whether the sentence may go on to give a death toll."""


EVENT_PATTERNS: dict[EventType, tuple[EventPattern, ...]] = {
    "Battles": (
        EventPattern("Armed clash", "{actor1:group} clashed with {actor2:armed} in {place}", "193", lethal=True),
        EventPattern(
            "Government regains territory", "{actor1:forces} retook {place} from {actor2:group}", "192", lethal=True
        ),
        EventPattern(
            "Non-state actor overtakes territory",
            "{actor1:group} drove {actor2:forces} out of {place}",
            "192",
            lethal=True,
        ),
    ),
    "Violence against civilians": (
        EventPattern("Sexual violence", "{actor1:armed} fighters raped {target:civilians} in {place}", "1821"),
        EventPattern("Attack", "{actor1:armed} gunmen fired on {target:civilians} in {place}", "180", lethal=True),
        EventPattern("Abduction/forced disappearance", "{actor1:armed} abducted {target:civilians} in {place}", "181"),
    ),
    "Explosions/Remote violence": (
        EventPattern("Chemical weapon", "{actor1:armed} gassed {actor2:armed} in {place}", "2041", lethal=True),
        EventPattern("Air/drone strike", "{actor1:forces} bombed {actor2:group} in {place}", "195", lethal=True),
        EventPattern(
            "Suicide bomb", "a bomber from {actor1:group} hit {actor2:forces} in {place}", "1831", lethal=True
        ),
        EventPattern(
            "Shelling/artillery/missile attack", "{actor1:armed} shelled {actor2:armed} in {place}", "194", lethal=True
        ),
        EventPattern(
            "Remote explosive/landmine/IED",
            "an IED by {actor1:group} hit {actor2:forces} in {place}",
            "1833",
            lethal=True,
        ),
        EventPattern("Grenade", "{actor1:armed} threw a grenade at {actor2:armed} in {place}", "183", lethal=True),
    ),
    "Protests": (
        EventPattern("Peaceful protest", "{actor1:civilians} held a peaceful protest in {place}", "141"),
        EventPattern(
            "Protest with intervention",
            "{actor1:civilians} protested in {place} until {actor2:forces} broke it up",
            "141",
        ),
        EventPattern(
            "Excessive force against protesters",
            "{actor1:forces} fired on {target:civilians} in {place}",
            "175",
            lethal=True,
        ),
    ),
    "Riots": (
        EventPattern("Violent demonstration", "{actor1:civilians} rioted in {place}", "145", lethal=True),
        EventPattern(
            "Mob violence", "a mob of {actor1:civilians} attacked {actor2:civilians} in {place}", "145", lethal=True
        ),
    ),
    "Strategic developments": (
        EventPattern("Agreement", "{actor1:armed} and {actor2:armed} agreed a ceasefire in {place}", "057"),
        EventPattern("Arrests", "{actor1:forces} arrested dozens of {target:civilians} in {place}", "173"),
        EventPattern("Change to group/activity", "{actor1:group} announced a new command structure in {place}"),
        EventPattern("Disrupted weapons use", "{actor1:forces} defused explosives laid by {actor2:group} in {place}"),
        EventPattern("Headquarters or base established", "{actor1:group} set up a new headquarters in {place}"),
        EventPattern("Looting/property destruction", "{actor1:armed} looted shops in {place}", "171"),
        EventPattern("Non-violent transfer of territory", "{actor1:armed} handed {place} over to {actor2:armed}"),
        EventPattern("Other", "{actor1:group} issued an ultimatum to {actor2:armed} over {place}"),
    ),
}
EVENT_TYPES = tuple(EVENT_PATTERNS)
NOT_SLUG = re.compile(r"[^a-z0-9]+")
PARTICIPANT_ROLES: dict[str, ParticipantRole] = {"actor1": "actor1", "actor2": "actor2", "target": "target"}


def synth_corpus(count: int, seed: int) -> Iterator[Article]:
    """Articles 0 … count-1 of the corpus named by `seed`."""
    for index in range(count):
        yield synth_article(index, seed)


def synth_article(index: int, seed: int) -> Article:
    """Article `index` of corpus `seed`: the same pair always gives the same document."""
    if index < 0 or seed < 0:
        raise ValueError("index and seed must be >= 0 (they become part of the article id)")
    return _ArticleWriter(random.Random(f"{seed}:{index}")).article(f"synth-{seed}-{index}")


@cache
def _pieces(template: str) -> tuple[tuple[str, str | None, str], ...]:
    """A template split once into (literal, placeholder, format spec) triples."""
    return tuple((literal, key, spec or "") for literal, key, spec, _ in string.Formatter().parse(template))


def _fill(template: str, mentions: Mentions) -> tuple[str, list[tuple[Entity, int, int]]]:
    """The template's text, and where in it each entity is named ("A, B and C" for several).

    A placeholder shows the entity's name, or its first alias when written {key:alias}.
    """
    parts: list[str] = []
    spans: list[tuple[Entity, int, int]] = []
    length = 0
    for literal, key, spec in _pieces(template):
        parts.append(literal)
        length += len(literal)
        if key is None:
            continue
        entities = mentions[key]
        for position, entity in enumerate(entities):
            if position:
                joiner = " and " if position == len(entities) - 1 else ", "
                parts.append(joiner)
                length += len(joiner)
            surface = entity.aliases[0] if spec == "alias" else entity.name
            spans.append((entity, length, length + len(surface)))
            parts.append(surface)
            length += len(surface)
    return "".join(parts), spans


class _TextWriter:
    """One text field, appended to piece by piece so the offsets of each piece are known as it is written.

    Entities are created with an empty evidence list, which grows here each time the text names them.
    """

    def __init__(self, field: str):
        self.field = field
        self.parts: list[str] = []
        self.length = 0
        self.separator = ""

    def write(self, text: str, spans: Sequence[tuple[Entity, int, int]] = ()) -> Evidence:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        for entity, begin, end in spans:
            quote = text[begin:end]
            entity.evidence.append(Evidence(field=self.field, start=start + begin, end=start + end, quote=quote))
        return Evidence(field=self.field, start=start, end=self.length, quote=text)

    def sentence(self, lead: str, clause: str, mentions: Mentions, *, suffix: str = "", tail: str = "") -> Evidence:
        """Write "Lead clause+suffix tail." and return the evidence of the clause, the part that states the fact."""
        self.write(f"{self.separator}{lead} " if lead else self.separator)
        text, spans = _fill(clause, mentions)
        evidence = self.write(text + suffix, spans)
        self.write(*_fill(tail + ".", mentions))
        self.separator = " "
        return evidence

    def new_paragraph(self) -> None:
        if self.length:
            self.separator = "\n\n"

    def heading(self, text: str) -> Section:
        self.new_paragraph()
        self.write(self.separator)
        written = self.write(text)
        self.separator = "\n\n"
        return Section(kind="heading", start=written.start, end=written.end, text=text)

    def text(self) -> str:
        return "".join(self.parts)


class _ArticleWriter:
    """Invents one article's places, actors, relations and events, writing the sentences that evidence them."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used_names: set[str] = set()
        self.headline = _TextWriter("headline")
        self.body = _TextWriter("body")
        self.related: set[frozenset[str]] = set()
        self.relations: list[Relation] = []
        self.events: list[Event] = []

    def article(self, article_id: str) -> Article:
        rng = self.rng
        published = dt.datetime.fromtimestamp(rng.randrange(FIRST_SECOND, LAST_SECOND), rng.choice(TIME_ZONES))
        modified = published + dt.timedelta(minutes=rng.randint(5, 4320)) if rng.random() < 0.5 else None
        self.published = published.date()
        self._invent_places()
        self._invent_actors()
        headline: Mentions = {"group": [self.groups[0]], "forces": [self.forces], "province": [self.provinces[0]]}
        self.headline.write(*_fill(HEADLINE, headline))
        self._describe_places()
        self._describe_actors()
        self._relate_actors()
        sections = [self.body.heading("Timeline")]
        self._report_events()
        return Article(
            id=article_id,
            headline=self.headline.text(),
            url=f"https://example.org/synth/{article_id}",
            language="en",
            publisher=self.publisher.id,
            authors=[self.correspondent.id],
            date_published=published,
            date_modified=modified,
            body=self.body.text(),
            sections=sections,
            actors=self.actors,
            locations=self.locations,
            events=self.events,
            relations=self.relations,
        )

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
            id=_slug(name),
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
        self.country = self._place(self._fresh_name(_country_name), "country", None, centre, 0)
        for _ in range(rng.randint(2, 3)):
            province_centre = _near(rng, centre, 2.0)
            province = self._place(self._fresh_name(_place_name), "province", self.country, province_centre, 0)
            self.provinces.append(province)
            for _ in range(rng.randint(1, 2)):
                city_centre = _near(rng, province_centre, 0.5)
                city = self._place(self._fresh_name(_place_name), "city", province, city_centre, 0.6)
                districts = [
                    self._place(self._fresh_name(_place_name), "district", city, _near(rng, city_centre, 0.05), 0.4)
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
            name=f"The {self._fresh_name(_place_name)} {rng.choice(NEWSPAPERS)}",
            evidence=[],
        )
        self.correspondent = self._person("correspondent")
        self.government = Actor(
            id=_slug(f"{country} government"), kind="government", name=f"Government of {country}", evidence=[]
        )
        self.forces = Actor(
            id=_slug(f"{country} armed forces"), kind="state_forces", name=f"{country} Armed Forces", evidence=[]
        )
        self.groups = [self._armed_group() for _ in range(rng.randint(3, 5))]
        coalition_name = self._fresh_name(lambda r: f"{r.choice(EMBLEMS)} Alliance")
        self.coalition = Actor(id=_slug(coalition_name), kind="coalition", name=coalition_name, evidence=[])
        self.spokesperson = self._person("spokesperson")
        self.commander = self._person("commander") if rng.random() < 0.5 else None
        self.party = None
        if rng.random() < 0.5:
            party_name = f"{self._fresh_name(_place_name)} {rng.choice(PARTIES)}"
            self.party = Actor(id=_slug(party_name), kind="political_organization", name=party_name, evidence=[])
        self.civilians = [
            Actor(id=_slug(name), kind="civilians", name=name, evidence=[]) for name in rng.sample(CIVILIANS, 2)
        ]
        people = [self.correspondent, self.spokesperson, *([self.commander] if self.commander else [])]
        self.pools = {
            "group": self.groups,
            "forces": [self.forces],
            "armed": [self.forces, *self.groups],
            "civilians": self.civilians,
        }
        self.actors = [self.publisher, self.government, self.forces, *self.groups, self.coalition]
        self.actors += [*([self.party] if self.party else []), *people, *self.civilians]

    def _person(self, role: str) -> Actor:
        name = self._fresh_name(lambda r: f"{r.choice(GIVEN_NAMES)} {_surname(r)}")
        return Actor(id=_slug(name), kind="person", name=name, role=role, evidence=[])

    def _armed_group(self) -> Actor:
        name = self._fresh_name(lambda r: f"{r.choice(COLOURS)} {r.choice(EMBLEMS)} {r.choice(UNITS)}")
        acronym = "".join(word[0] for word in name.split())
        return Actor(id=_slug(name), kind="armed_group", name=name, aliases=[acronym], evidence=[])

    def _describe_places(self) -> None:
        body = self.body
        body.sentence(
            "",
            "Violence has spread across the {provinces} provinces of {country}",
            {"provinces": self.provinces, "country": [self.country]},
        )
        body.new_paragraph()
        for province in self.provinces:
            cities = [city for city, _ in self.cities_with_districts if city.parent == province.id]
            body.sentence("", "{province} province is home to {cities}", {"province": [province], "cities": cities})
        for city, districts in self.cities_with_districts:
            if districts:
                body.sentence(
                    "",
                    "{city} includes {districts}, among other neighbourhoods",
                    {"city": [city], "districts": districts},
                )

    def _describe_actors(self) -> None:
        self.body.new_paragraph()
        for group in self.groups:
            self.body.sentence(
                "",
                "The {group} ({group:alias}) operates mainly in {province}",
                {"group": [group], "province": [self.rng.choice(self.provinces)]},
            )

    def _relate_actors(self) -> None:
        """About 15 relations: the fixed ties of who works for and fights whom, then a few random rivalries."""
        rng = self.rng
        self._relate(self.correspondent, "works_for", self.publisher)
        self._relate(self.forces, "part_of", self.government)
        self._relate(self.spokesperson, "spokesperson_for", self.groups[0])
        if self.commander:
            self._relate(self.commander, "leader_of", rng.choice(self.groups))
        for group in rng.sample(self.groups, 2):
            self._relate(group, "member_of", self.coalition)
        for group in self.groups:
            self._relate(group, "fighting", self.forces)
        for civilians in self.civilians:
            self._relate(civilians, "opposes", rng.choice(self.groups))
        if self.party:
            self._relate(self.party, rng.choice(PARTY_STANCES), self.government)
        for _ in range(rng.randint(3, 6)):
            relation_type = rng.choice(RIVALRIES)
            subject, object_ = rng.sample([*self.groups, self.coalition], 2)
            if frozenset((subject.id, object_.id)) in self.related:
                continue
            status: Literal["current", "former"] = (
                "former" if relation_type == "allied_with" and rng.random() < 0.3 else "current"
            )
            alleged = relation_type == "supports" and rng.random() < 0.5
            self._relate(subject, relation_type, object_, status=status, alleged=alleged)

    def _relate(
        self,
        subject: Actor,
        relation_type: RelationType,
        object_: Actor,
        *,
        status: Literal["current", "former"] = "current",
        alleged: bool = False,
    ) -> None:
        if len(self.relations) % 4 == 0:
            self.body.new_paragraph()
        lead = "Critics alleged that" if alleged else self.rng.choice(RELATION_LEADS)
        clause = RELATION_CLAUSES[(relation_type, status)]
        evidence = self.body.sentence(lead, clause, {"subject": [subject], "object": [object_]})
        self.related.add(frozenset((subject.id, object_.id)))
        self.relations.append(
            Relation(
                id=f"{subject.id}-{relation_type.replace('_', '-')}-{object_.id}",
                type=relation_type,
                subject=subject.id,
                object=object_.id,
                status=status,
                attribution=[Attribution(text="Critics alleged")] if alleged else [],
                certainty="alleged" if alleged else "stated",
                evidence=[evidence],
            )
        )

    def _report_events(self) -> None:
        """About 12 events of every ACLED type, three to a paragraph; some Battles gather later clashes."""
        rng = self.rng
        battles: list[Event] = []
        for number in range(1, rng.randint(9, 15) + 1):
            if number % 3 == 1:
                self.body.new_paragraph()
            event_type = rng.choice(EVENT_TYPES)
            part_of = None
            if event_type in ("Battles", "Explosions/Remote violence") and battles and rng.random() < 0.4:
                part_of = rng.choice(battles).id
            event = self._event(number, event_type, rng.choice(EVENT_PATTERNS[event_type]), part_of)
            if event_type == "Battles" and part_of is None:
                battles.append(event)
            self.events.append(event)

    def _event(self, number: int, event_type: EventType, pattern: EventPattern, part_of: str | None) -> Event:
        rng = self.rng
        mentions: Mentions = {}
        participants: list[Participant] = []
        for _, key, pool in _pieces(pattern.clause):
            if key in PARTICIPANT_ROLES:
                taken = [participant.actor for participant in participants]
                actor = rng.choice([a for a in self.pools[pool] if a.id not in taken])
                mentions[key] = [actor]
                participants.append(Participant(actor=actor.id, role=PARTICIPANT_ROLES[key]))
        if rng.random() < 0.15:
            places: list[Location] = [rng.choice(self.provinces)]
        else:
            places = rng.sample(self.settlements, min(rng.choice((1, 1, 2, 3)), len(self.settlements)))
        mentions["place"] = places

        fatalities, suffix = _fatalities(rng) if pattern.lethal else (Fatalities(), "")
        certainty, tail, attribution = self._attribution(participants, mentions)
        lead, date = self._event_date()
        evidence = self.body.sentence(lead, pattern.clause, mentions, suffix=suffix, tail=tail)
        return Event(
            id=f"{places[0].id}-{_slug(pattern.sub_event_type)}-{number}",
            event_type=event_type,
            sub_event_type=pattern.sub_event_type,
            cameo_code=pattern.cameo_code,
            summary=f"{evidence.quote[0].upper()}{evidence.quote[1:]}.",
            date=date,
            participants=participants,
            locations=[place.id for place in places],
            geo_precision=3 if places[0].kind == "province" else 1,
            fatalities=fatalities,
            attribution=attribution,
            certainty=certainty,
            part_of=part_of,
            evidence=[evidence],
        )

    def _attribution(
        self, participants: list[Participant], mentions: Mentions
    ) -> tuple[Literal["stated", "reported", "claimed", "alleged"], str, list[Attribution]]:
        """Who vouches for an event: the article itself, reports, our correspondent, or a party to it."""
        roll = self.rng.random()
        if roll < 0.5:
            return "stated", "", []
        if roll < 0.75:
            return "reported", ", reports said", [Attribution(text="reports said")]
        if roll < 0.9:
            mentions["source"] = [self.correspondent]
            text = f"{self.correspondent.name} reported"
            return "reported", ", {source} reported", [Attribution(text=text, source=self.correspondent.id)]
        if any(participant.actor == self.groups[0].id for participant in participants):
            mentions["source"] = [self.spokesperson]
            text = f"{self.spokesperson.name} claimed"
            return "claimed", ", {source} claimed", [Attribution(text=text, source=self.spokesperson.id)]
        return "alleged", ", witnesses alleged", [Attribution(text="witnesses alleged")]

    def _event_date(self) -> tuple[str, DateRange | None]:
        """The sentence's lead-in and the date range it states: a day, a week, a month, an inferred day or none."""
        rng = self.rng
        published = self.published
        roll = rng.random()
        if roll < 0.4:
            day = published - dt.timedelta(days=rng.randint(1, 60))
            return f"On {_day_text(day)},", DateRange(start=day, end=day, precision="day", basis="stated")
        if roll < 0.6:
            day = published - dt.timedelta(days=rng.randint(8, 60))
            monday = day - dt.timedelta(days=day.weekday())
            sunday = monday + dt.timedelta(days=6)
            return f"In the week of {_day_text(monday)},", DateRange(
                start=monday, end=sunday, precision="week", basis="stated"
            )
        if roll < 0.75:
            first = (published - dt.timedelta(days=rng.randint(1, 90))).replace(day=1)
            last = min((first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1), published)
            return f"In {MONTHS[first.month - 1]} {first.year},", DateRange(
                start=first, end=last, precision="month", basis="stated"
            )
        if roll < 0.9:
            days_ago = rng.randint(2, 6)
            day = published - dt.timedelta(days=days_ago)
            words = f"{NUMBER_WORDS[days_ago]} days ago"
            return f"{words.capitalize()},", DateRange(
                start=day,
                end=day,
                precision="day",
                basis="inferred",
                inferred_from=f"'{words.capitalize()}', counted back from the publication date",
            )
        return rng.choice(UNDATED_LEADS), None


def _fatalities(rng: random.Random) -> tuple[Fatalities, str]:
    """UCDP-style bounds and the words that state them: unknown, an exact count, or a range with a best guess."""
    roll = rng.random()
    if roll < 0.4:
        return Fatalities(), ""
    if roll < 0.7:
        count = rng.randint(2, 12)
        return Fatalities(low=count, best=count, high=count), f", killing {count} people"
    low = rng.randint(1, 10)
    high = low + rng.randint(2, 20)
    return Fatalities(low=low, best=rng.randint(low, high), high=high), f", leaving between {low} and {high} dead"


def _place_name(rng: random.Random) -> str:
    return f"{rng.choice(ONSETS)}{rng.choice(VOWELS)}{rng.choice(PLACE_ENDINGS)}"


def _country_name(rng: random.Random) -> str:
    return f"{rng.choice(ONSETS)}{rng.choice(VOWELS)}{rng.choice(COUNTRY_ENDINGS)}"


def _surname(rng: random.Random) -> str:
    return f"{rng.choice(ONSETS)}{rng.choice(VOWELS)}{rng.choice(SURNAME_ENDINGS)}"


def _near(rng: random.Random, centre: tuple[float, float], spread: float) -> tuple[float, float]:
    return centre[0] + rng.uniform(-spread, spread), centre[1] + rng.uniform(-spread, spread)


def _day_text(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _slug(name: str) -> str:
    return NOT_SLUG.sub("-", name.lower()).strip("-")


__all__ = ["synth_article", "synth_corpus"]
