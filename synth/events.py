"""The article's timeline: about 12 events of every ACLED type, each with its date, toll and who vouches for it."""

from __future__ import annotations

import datetime as dt
import random
from typing import Literal

from schemas.v1 import Attribution, DateRange, Event, Fatalities, Location, Participant
from schemas.v1.events import EventType, ParticipantRole, SubEventType
from synth.cast import Cast
from synth.patterns import EVENT_PATTERNS, EVENT_TYPES, TAXONOMY
from synth.text import Mentions, TextWriter, pieces
from synth.vocabulary import MONTHS, NUMBER_WORDS, day_text, slug

UNDATED_LEADS = ("Separately,", "Elsewhere,", "In another incident,")
PARTICIPANT_ROLES: dict[str, ParticipantRole] = {"actor1": "actor1", "actor2": "actor2", "target": "target"}


def report_events(rng: random.Random, body: TextWriter, cast: Cast, published: dt.date) -> list[Event]:
    """Three events to a paragraph; some Battles gather later clashes and strikes (`part_of`)."""
    reporter = _EventReporter(rng, body, cast, published)
    events: list[Event] = []
    battles: list[Event] = []
    for number in range(1, rng.randint(9, 15) + 1):
        if number % 3 == 1:
            body.new_paragraph()
        event_type = rng.choice(EVENT_TYPES)
        part_of = None
        if event_type in ("Battles", "Explosions/Remote violence") and battles and rng.random() < 0.4:
            part_of = rng.choice(battles).id
        event = reporter.event(number, event_type, rng.choice(TAXONOMY[event_type]), part_of)
        if event_type == "Battles" and part_of is None:
            battles.append(event)
        events.append(event)
    return events


class _EventReporter:
    def __init__(self, rng: random.Random, body: TextWriter, cast: Cast, published: dt.date):
        self.rng = rng
        self.body = body
        self.cast = cast
        self.published = published

    def event(self, number: int, event_type: EventType, sub_event_type: SubEventType, part_of: str | None) -> Event:
        rng = self.rng
        cast = self.cast
        pattern = EVENT_PATTERNS[sub_event_type]
        mentions: Mentions = {}
        participants: list[Participant] = []
        for _, key, pool in pieces(pattern.clause):
            if key in PARTICIPANT_ROLES:
                taken = [participant.actor for participant in participants]
                actor = rng.choice([a for a in cast.pools[pool] if a.id not in taken])
                mentions[key] = [actor]
                participants.append(Participant(actor=actor.id, role=PARTICIPANT_ROLES[key]))
        if rng.random() < 0.15:
            places: list[Location] = [rng.choice(cast.provinces)]
        else:
            places = rng.sample(cast.settlements, min(rng.choice((1, 1, 2, 3)), len(cast.settlements)))
        mentions["place"] = places

        fatalities, suffix = _fatalities(rng) if pattern.lethal else (Fatalities(), "")
        certainty, tail, attribution = self._attribution(participants, mentions)
        lead, date = self._event_date()
        evidence = self.body.sentence(lead, pattern.clause, mentions, suffix=suffix, tail=tail)
        return Event(
            id=f"{places[0].id}-{slug(sub_event_type)}-{number}",
            event_type=event_type,
            sub_event_type=sub_event_type,
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
        cast = self.cast
        roll = self.rng.random()
        if roll < 0.5:
            return "stated", "", []
        if roll < 0.75:
            return "reported", ", reports said", [Attribution(text="reports said")]
        if roll < 0.9:
            mentions["source"] = [cast.correspondent]
            text = f"{cast.correspondent.name} reported"
            return "reported", ", {source} reported", [Attribution(text=text, source=cast.correspondent.id)]
        if any(participant.actor == cast.groups[0].id for participant in participants):
            mentions["source"] = [cast.spokesperson]
            text = f"{cast.spokesperson.name} claimed"
            return "claimed", ", {source} claimed", [Attribution(text=text, source=cast.spokesperson.id)]
        return "alleged", ", witnesses alleged", [Attribution(text="witnesses alleged")]

    def _event_date(self) -> tuple[str, DateRange | None]:
        """The sentence's lead-in and the date range it states: a day, a week, a month, an inferred day or none."""
        rng = self.rng
        published = self.published
        roll = rng.random()
        if roll < 0.4:
            day = published - dt.timedelta(days=rng.randint(1, 60))
            return f"On {day_text(day)},", DateRange(start=day, end=day, precision="day", basis="stated")
        if roll < 0.6:
            day = published - dt.timedelta(days=rng.randint(8, 60))
            monday = day - dt.timedelta(days=day.weekday())
            sunday = monday + dt.timedelta(days=6)
            return f"In the week of {day_text(monday)},", DateRange(
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
