"""The bundled seed article, checked against the source text: complete, exact, and never invented."""

from __future__ import annotations

import datetime as dt
import re

from schemas import Article
from tests.conftest import SOURCE_TEXT


def source_lines() -> list[str]:
    return SOURCE_TEXT.read_text(encoding="utf-8").splitlines()


def texts(article: Article) -> dict[str, str]:
    assert article.image is not None
    return {
        "headline": article.headline,
        "body": article.body,
        "image.description": article.image.description or "",
        "image.caption": article.image.caption or "",
    }


def test_text_fields_are_the_source_without_page_furniture(seed: Article) -> None:
    lines = source_lines()
    assert seed.headline == lines[0] == "Al-Qaeda-linked Isis under attack in northern Syria"
    assert lines[2].strip() == "• Published" and lines[4] == "Image caption,"  # furniture, dropped
    assert seed.image is not None
    assert seed.image.description == lines[3]
    assert seed.image.caption == lines[5]
    body_lines = [line.strip().removeprefix("• ") for line in lines[7:] if line.strip()]
    assert seed.body.replace("\n\n", "\n").split("\n") == body_lines
    assert "Image caption" not in seed.body and "Published" not in seed.body


def test_paragraphs_are_separated_by_a_blank_line_and_list_items_by_a_newline(seed: Article) -> None:
    paragraphs = seed.body.split("\n\n")
    assert paragraphs[0] == (
        "A powerful al-Qaeda affiliate in Syria has issued an ultimatum to other rebel factions "
        "that have been fighting it."
    )
    assert paragraphs[-1].startswith("For all the groups involved")
    [bullets] = [p for p in paragraphs if "\n" in p]
    assert len(bullets.split("\n")) == 5


def test_sections_mark_the_heading_and_the_bulleted_list(seed: Article) -> None:
    kinds = [(s.kind, s.text.split("\n")[0][:21]) for s in seed.sections]
    assert kinds == [
        ("heading", "'Helping Assad'"),
        ("list", "Atareb, Aleppo provin"),
        ("list_item", "Atareb, Aleppo provin"),
        ("list_item", "The eastern districts"),
        ("list_item", "Qabtan al-Jabal and s"),
        ("list_item", "Hazzano and Maarat Mi"),
        ("list_item", "But in Saraqeb and Ka"),
    ]
    for section in seed.sections:
        assert seed.body[section.start : section.end] == section.text


def test_the_publication_date_is_not_invented(seed: Article) -> None:
    assert seed.date_published is None and seed.date_modified is None and seed.url is None
    assert seed.date_inferred is not None
    assert seed.date_inferred.basis == "inferred"
    assert "2 January 2014" in (seed.date_inferred.inferred_from or "")


def test_every_evidence_span_quotes_the_text(seed: Article) -> None:
    fields = texts(seed)
    spans = 0
    for collection in (seed.actors, seed.locations, seed.events, seed.relations):
        for item in collection:
            assert item.evidence, item.id
            for evidence in item.evidence:
                assert fields[evidence.field][evidence.start : evidence.end] == evidence.quote
                spans += 1
    assert spans > 150


def test_every_named_actor_and_place_is_annotated(seed: Article) -> None:
    actors = {a.name for a in seed.actors} | {alias for a in seed.actors for alias in a.aliases}
    for name in (
        "Isis",
        "Islamic State in Iraq and the Levant",
        "Islamic State of Iraq and the Levant",
        "al-Qaeda",
        "Free Syrian Army",
        "FSA",
        "Islamic Front",
        "Nusra Front",
        "Nusra",
        "Mujahideen Army",
        "National Coalition of Syrian Revolution and Opposition Forces",
        "Assad",
        "Assad regime",
        "BBC",
        "AFP",
        "Rami Ruhayem",
        "Abu Leyla",
        "Munzer Akbik",
    ):
        assert name in actors, name
    places = {loc.name for loc in seed.locations} | {a for loc in seed.locations for a in loc.aliases}
    for name in (
        "Syria",
        "northern Syria",
        "Turkey",
        "Lebanon",
        "Tel Abyad",
        "Aleppo",
        "Aleppo province",
        "Idlib",
        "Kafr Takharim",
        "Atareb",
        "Kallassah",
        "Ansari",
        "Jisr al-Hajj",
        "Qabtan al-Jabal",
        "Hazzano",
        "Maarat Misreen",
        "Saraqeb",
        "Kafranbel",
    ):
        assert name in places, name


def test_every_mention_of_a_name_is_covered_by_evidence(seed: Article) -> None:
    """GDELT-style completeness: each occurrence of a name is a span of an entity that goes by that name.

    ('Aleppo' is the city in one sentence and the province in another: either may claim it.)
    """
    fields = texts(seed)
    entities = [*seed.actors, *seed.locations]
    forms = {form for entity in entities for form in (entity.name, *entity.aliases)}
    mentions = 0
    for form in forms:
        claimants = [e for e in entities if form in (e.name, *e.aliases)]
        for field, text in fields.items():
            for match in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text):
                covered = any(
                    ev.field == field and ev.start <= match.start() < ev.end
                    for entity in claimants
                    for ev in entity.evidence
                )
                assert covered, (form, field, match.start(), text[match.start() - 20 : match.end() + 20])
                mentions += 1
    assert mentions > 60


def test_places_nest_as_the_article_says(seed: Article) -> None:
    parent = {loc.id: loc.parent for loc in seed.locations}

    def chain(place: str) -> list[str]:
        out = [place]
        while parent[out[-1]] is not None:
            out.append(parent[out[-1]])  # type: ignore[arg-type]
        return out

    assert chain("ansari") == ["ansari", "aleppo-city", "aleppo-province", "syria"]
    assert chain("atareb") == ["atareb", "aleppo-province", "syria"]
    for town in ("hazzano", "maarat-misreen", "saraqeb", "kafranbel", "kafr-takharim"):
        assert chain(town)[1:] == ["idlib-province", "syria"], town
    assert {loc.country for loc in seed.locations if loc.id not in ("turkey", "lebanon")} == {"SY"}


def test_coordinates_only_from_a_gazetteer(seed: Article) -> None:
    located = {loc.id: loc.coordinates for loc in seed.locations if loc.coordinates}
    assert set(located) == {
        "tel-abyad",
        "aleppo-city",
        "kafr-takharim",
        "atareb",
        "maarat-misreen",
        "saraqeb",
        "kafranbel",
    }
    for place, coordinates in located.items():
        assert coordinates.source.startswith("https://www.geonames.org/"), place
        assert 35 < coordinates.latitude < 37 and 36 < coordinates.longitude < 39, place
    aleppo = located["aleppo-city"]
    assert (aleppo.latitude, aleppo.longitude, aleppo.source) == (
        36.20124,
        37.16117,
        "https://www.geonames.org/170063",
    )


def test_events_follow_the_article(seed: Article) -> None:
    events = {e.id: e for e in seed.events}
    parade = events["tel-abyad-parade"]
    assert parade.date is not None
    assert (parade.date.start, parade.date.basis, parade.date.precision) == (dt.date(2014, 1, 2), "stated", "day")
    assert parade.locations == ["tel-abyad"]
    assert parade.evidence[0].field == "image.description"
    split = events["nusra-isis-split"]
    assert split.date is not None and (split.date.start, split.date.end, split.date.precision) == (
        dt.date(2013, 1, 1),
        dt.date(2013, 12, 31),
        "year",
    )
    shooting = events["kafr-takharim-shooting"]
    assert (shooting.event_type, shooting.sub_event_type) == ("Protests", "Excessive force against protesters")
    assert [a.text for a in shooting.attribution] == ["reports said"]
    assert shooting.certainty == "reported"
    eastern = events["aleppo-eastern-districts-clash"]
    assert eastern.locations == ["kallassah", "ansari", "jisr-al-hajj"]
    assert {(p.actor, p.role) for p in eastern.participants} == {("isis", "actor1"), ("mujahideen-army", "actor2")}
    place_level = {e.id for e in seed.events if e.part_of == "fighting-aleppo-idlib"}
    assert place_level == {
        "atareb-clash",
        "atareb-shelling",
        "aleppo-eastern-districts-clash",
        "qabtan-al-jabal-clash",
        "hazzano-maarat-misreen-clash",
    }


def test_unknown_fatalities_are_null_never_zero(seed: Article) -> None:
    for event in seed.events:
        for value in (event.fatalities.low, event.fatalities.best, event.fatalities.high):
            assert value != 0, event.id
    assert events_with_counts(seed) == {"doctor-death-in-isis-custody": (1, 1, 1)}


def events_with_counts(seed: Article) -> dict[str, tuple[int | None, ...]]:
    return {
        e.id: (e.fatalities.low, e.fatalities.best, e.fatalities.high)
        for e in seed.events
        if any(v is not None for v in (e.fatalities.low, e.fatalities.best, e.fatalities.high))
    }


def test_relations_the_article_states(seed: Article) -> None:
    triples = {(r.subject, r.type, r.object, r.status) for r in seed.relations}
    for triple in (
        ("isis", "affiliated_with", "al-qaeda", "current"),
        ("nusra-front", "affiliated_with", "al-qaeda", "former"),
        ("nusra-front", "split_from", "isis", "current"),
        ("nusra-front", "allied_with", "islamic-front", "current"),
        ("isis", "fighting", "free-syrian-army", "current"),
        ("isis", "fighting", "islamic-front", "current"),
        ("isis", "fighting", "mujahideen-army", "current"),
        ("isis-spokesman", "spokesperson_for", "isis", "current"),
        ("munzer-akbik", "member_of", "national-coalition", "current"),
        ("rami-ruhayem", "works_for", "bbc", "current"),
    ):
        assert triple in triples, triple
