"""One article: its dates, cast, headline and body, every fact in it evidenced by the sentence that states it."""

from __future__ import annotations

import datetime as dt
import random

from schemas import Article
from synth.cast import Cast
from synth.events import report_events
from synth.relations import relate_actors
from synth.text import Mentions, TextWriter, fill

TIME_ZONES = tuple(dt.timezone(dt.timedelta(minutes=m)) for m in (0, 60, 120, 180, 330, -300))
FIRST_SECOND = int(dt.datetime(2010, 1, 1, tzinfo=dt.UTC).timestamp())
LAST_SECOND = int(dt.datetime(2024, 12, 31, tzinfo=dt.UTC).timestamp())
HEADLINE = "Synthetic report: {group} and {forces} clash in {province}"


def write_article(rng: random.Random, article_id: str) -> Article:
    """Places, actors, relations and events, in that order: the order of the draws from `rng`."""
    published = dt.datetime.fromtimestamp(rng.randrange(FIRST_SECOND, LAST_SECOND), rng.choice(TIME_ZONES))
    modified = published + dt.timedelta(minutes=rng.randint(5, 4320)) if rng.random() < 0.5 else None
    cast = Cast(rng)
    headline, body = TextWriter("headline"), TextWriter("body")
    named: Mentions = {"group": [cast.groups[0]], "forces": [cast.forces], "province": [cast.provinces[0]]}
    headline.write(*fill(HEADLINE, named))
    _describe_places(body, cast)
    _describe_actors(rng, body, cast)
    relations = relate_actors(rng, body, cast)
    sections = [body.heading("Timeline")]
    events = report_events(rng, body, cast, published.date())
    return Article(
        id=article_id,
        headline=headline.text(),
        url=f"https://example.org/synth/{article_id}",
        language="en",
        publisher=cast.publisher.id,
        authors=[cast.correspondent.id],
        date_published=published,
        date_modified=modified,
        body=body.text(),
        sections=sections,
        actors=cast.actors,
        locations=cast.locations,
        events=events,
        relations=relations,
    )


def _describe_places(body: TextWriter, cast: Cast) -> None:
    body.sentence(
        "",
        "Violence has spread across the {provinces} provinces of {country}",
        {"provinces": cast.provinces, "country": [cast.country]},
    )
    body.new_paragraph()
    for province in cast.provinces:
        cities = [city for city, _ in cast.cities_with_districts if city.parent == province.id]
        body.sentence("", "{province} province is home to {cities}", {"province": [province], "cities": cities})
    for city, districts in cast.cities_with_districts:
        if districts:
            body.sentence(
                "",
                "{city} includes {districts}, among other neighbourhoods",
                {"city": [city], "districts": districts},
            )


def _describe_actors(rng: random.Random, body: TextWriter, cast: Cast) -> None:
    body.new_paragraph()
    for group in cast.groups:
        body.sentence(
            "",
            "The {group} ({group:alias}) operates mainly in {province}",
            {"group": [group], "province": [rng.choice(cast.provinces)]},
        )
