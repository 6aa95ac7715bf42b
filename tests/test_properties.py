"""Properties of the model, for any valid article hypothesis can build: accepted, lossless, and rendered faithfully.

`articles()` builds valid articles from random text, adversarial on purpose (`</script>`, `<!--`, `&`, quotes,
CR/LF, Arabic, emoji): every evidence span is cut from the generated text, every reference points at an item
that exists, every event type/sub-type pair is ACLED's. Mutating one of them must be refused with a JSON path.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from typing import Annotated, Any, get_args, get_origin

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas import COLLECTIONS, SUB_EVENT_TYPES, Article, DocumentInvalid, validate_article
from schemas.v1.actors import ActorKind, RelationType
from schemas.v1.events import ParticipantRole
from schemas.v1.evidence import Certainty
from schemas.v1.locations import LocationKind
from service.records import article_records
from service.renderers import BY_SUFFIX, Resource, View
from tests.conftest import JSONLD_CHECK
from tests.test_csv import expected_cells

BASE = "http://testserver"
PROPERTY = settings(max_examples=50, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ADVERSARIAL = ["</script>", "</SCRIPT ", "<!--", "-->", "&amp;", "&", '"', "'", "\n", "\r\n", "\r", "\t", ";", ","]
ADVERSARIAL += ["حلب", "الدولة الإسلامية", "🙂", "👩‍👩‍👧", "\u200f", "é", " "]


def values_of(vocabulary: Any) -> list[str]:
    """The strings a Literal of the model allows (also inside Annotated[Literal[...], Meta(...)])."""
    while get_origin(vocabulary) is Annotated:
        vocabulary = get_args(vocabulary)[0]
    return list(get_args(vocabulary))


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


text_pieces = st.one_of(
    st.sampled_from(["</script>", "<!--"]),
    st.sampled_from(ADVERSARIAL),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=10),
)
texts = st.lists(text_pieces, min_size=1, max_size=8).map("".join)
short_texts = st.lists(text_pieces, min_size=1, max_size=3).map("".join)
slugs = st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8), min_size=1, max_size=3).map(
    "-".join
)
countries = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)
cameo_codes = st.text("0123456789", min_size=2, max_size=4)
uris = st.one_of(
    slugs.map(lambda s: f"https://www.wikidata.org/wiki/{s}"),
    st.sampled_from(["https://example.org/a?b=1&c=</script>", "http://example.org/<!--x-->", 'https://e.org/"q"']),
)
languages = st.sampled_from(["en", "ar", "en-GB", "fr", "ar-SY"])
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
zones = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=3)), dt.timezone(dt.timedelta(hours=-5, minutes=-30))])
datetimes = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=zones)


@st.composite
def spans(draw: st.DrawFn, text: str) -> tuple[int, int]:
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, min(len(text), start + 40)))
    return start, end


@st.composite
def evidence(draw: st.DrawFn, fields: dict[str, str]) -> list[dict[str, Any]]:
    """One or two spans, each cut from one of the article's text fields: quote == text[start:end]."""
    found = []
    for _ in range(draw(st.integers(1, 2))):
        field = draw(st.sampled_from(sorted(fields)))
        start, end = draw(spans(fields[field]))
        found.append({"field": field, "start": start, "end": end, "quote": fields[field][start:end]})
    return found


@st.composite
def date_ranges(draw: st.DrawFn) -> dict[str, Any]:
    start, end = sorted([draw(dates), draw(dates)])
    basis = draw(st.sampled_from(["stated", "inferred"]))
    return {
        "start": draw(st.sampled_from([start, None])),
        "end": draw(st.sampled_from([end, None])),
        "precision": draw(st.sampled_from(["day", "week", "month", "year"])),
        "basis": basis,
        "inferred_from": draw(short_texts) if basis == "inferred" else None,
    }


@st.composite
def attributions(draw: st.DrawFn, actor_ids: list[str]) -> list[dict[str, Any]]:
    sources = optional(st.sampled_from(actor_ids))
    return draw(st.lists(st.fixed_dictionaries({"text": short_texts, "source": sources}), max_size=2))


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """A valid v1 article, built as JSON-like data (references only to earlier items: no cycles), read by the model."""
    body = draw(texts)
    headline = draw(texts)
    image = draw(
        optional(st.fixed_dictionaries({"description": optional(short_texts), "caption": optional(short_texts)}))
    )
    fields = {"body": body, "headline": headline}
    for name in ("description", "caption"):
        if image and image[name]:
            fields[f"image.{name}"] = image[name]

    actor_ids = draw(st.lists(slugs, min_size=1, max_size=4, unique=True))
    actors = [
        {
            "id": actor_id,
            "kind": draw(st.sampled_from(values_of(ActorKind))),
            "name": draw(short_texts),
            "aliases": draw(st.lists(short_texts, max_size=2)),
            "description": draw(optional(short_texts)),
            "role": draw(optional(short_texts)),
            "same_as": draw(st.lists(uris, max_size=2)),
            "evidence": draw(evidence(fields)),
        }
        for actor_id in actor_ids
    ]

    location_ids = draw(st.lists(slugs, max_size=3, unique=True))
    locations = []
    for index, location_id in enumerate(location_ids):
        coordinates = {
            "latitude": draw(st.floats(-90, 90)),
            "longitude": draw(st.floats(-180, 180)),
            "geo_precision": draw(st.integers(1, 3)),
            "source": draw(uris),
        }
        locations.append(
            {
                "id": location_id,
                "name": draw(short_texts),
                "kind": draw(st.sampled_from(values_of(LocationKind))),
                "aliases": draw(st.lists(short_texts, max_size=2)),
                "parent": draw(optional(st.sampled_from(location_ids[:index]))) if index else None,
                "country": draw(optional(countries)),
                "coordinates": draw(st.sampled_from([coordinates, None])),
                "same_as": draw(st.lists(uris, max_size=1)),
                "description": draw(optional(short_texts)),
                "evidence": draw(evidence(fields)),
            }
        )

    event_ids = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    events = []
    for index, event_id in enumerate(event_ids):
        event_type = draw(st.sampled_from(list(SUB_EVENT_TYPES)))
        low, best, high = sorted(draw(st.lists(st.integers(0, 10_000), min_size=3, max_size=3)))
        participants = st.fixed_dictionaries(
            {"actor": st.sampled_from(actor_ids), "role": st.sampled_from(values_of(ParticipantRole))}
        )
        events.append(
            {
                "id": event_id,
                "event_type": event_type,
                "sub_event_type": draw(st.sampled_from(SUB_EVENT_TYPES[event_type])),
                "cameo_code": draw(optional(cameo_codes)),
                "summary": draw(texts),
                "date": draw(optional(date_ranges())),
                "participants": draw(st.lists(participants, min_size=1, max_size=3)),
                "locations": draw(st.lists(st.sampled_from(location_ids), max_size=2)) if location_ids else [],
                "geo_precision": draw(optional(st.integers(1, 3))),
                "fatalities": {
                    "low": draw(st.sampled_from([low, None])),
                    "best": draw(st.sampled_from([best, None])),
                    "high": draw(st.sampled_from([high, None])),
                },
                "attribution": draw(attributions(actor_ids)),
                "certainty": draw(st.sampled_from(values_of(Certainty))),
                "part_of": draw(optional(st.sampled_from(event_ids[:index]))) if index else None,
                "evidence": draw(evidence(fields)),
            }
        )

    relations = []
    if len(actor_ids) >= 2:
        for relation_id in draw(st.lists(slugs, max_size=3, unique=True)):
            subject, object_ = draw(st.permutations(actor_ids))[:2]
            relations.append(
                {
                    "id": relation_id,
                    "type": draw(st.sampled_from(values_of(RelationType))),
                    "subject": subject,
                    "object": object_,
                    "status": draw(st.sampled_from(["current", "former"])),
                    "description": draw(optional(short_texts)),
                    "attribution": draw(attributions(actor_ids)),
                    "certainty": draw(st.sampled_from(values_of(Certainty))),
                    "evidence": draw(evidence(fields)),
                }
            )

    published = draw(optional(datetimes))
    modified = draw(optional(datetimes))
    if published and modified and modified < published:
        published, modified = modified, published
    section_start, section_end = draw(spans(body))
    document = {
        "id": draw(slugs),
        "headline": headline,
        "url": draw(optional(uris)),
        "language": draw(languages),
        "publisher": draw(optional(st.sampled_from(actor_ids))),
        "authors": draw(st.lists(st.sampled_from(actor_ids), max_size=2, unique=True)),
        "date_published": published,
        "date_modified": modified,
        "date_inferred": draw(optional(date_ranges())),
        "image": image,
        "body": body,
        "sections": [
            {
                "kind": draw(st.sampled_from(["heading", "list", "list_item"])),
                "start": section_start,
                "end": section_end,
                "text": body[section_start:section_end],
            }
        ],
        "actors": actors,
        "locations": locations,
        "events": events,
        "relations": relations,
    }
    return msgspec.convert(document, Article)


# ---- the model -------------------------------------------------------------------------------------------------


@PROPERTY
@given(articles())
def test_a_valid_article_passes_the_input_gate(article: Article) -> None:
    assert validate_article(msgspec.to_builtins(article)) == article


@PROPERTY
@given(articles())
def test_json_round_trips_exactly(article: Article) -> None:
    assert msgspec.json.decode(msgspec.json.encode(article), type=Article) == article


@PROPERTY
@given(articles())
def test_every_evidence_span_is_its_quote(article: Article) -> None:
    image = article.image
    texts = {
        "headline": article.headline,
        "body": article.body,
        "image.description": image.description if image else None,
        "image.caption": image.caption if image else None,
    }
    for collection in COLLECTIONS:
        for item in getattr(article, collection):
            for span in item.evidence:
                text = texts[span.field]
                assert text is not None and text[span.start : span.end] == span.quote


# ---- invalid mutations are refused with a JSON path -----------------------------------------------------------


def refused(document: dict[str, Any]) -> list[str]:
    """The JSON paths of the problems validate_article reports (it must refuse the document)."""
    with pytest.raises(DocumentInvalid) as caught:
        validate_article(document)
    paths = [problem.path for problem in caught.value.problems]
    assert paths and all(path.startswith("$") for path in paths), paths
    return paths


def items_with_evidence(document: dict[str, Any]) -> list[tuple[str, int]]:
    return [(name, i) for name in COLLECTIONS for i in range(len(document[name]))]


@PROPERTY
@given(articles(), st.data())
def test_a_changed_quote_is_refused_at_its_path(article: Article, data: st.DataObject) -> None:
    document = msgspec.to_builtins(article)
    name, index = data.draw(st.sampled_from(items_with_evidence(document)))
    document[name][index]["evidence"][0]["quote"] += "x"
    assert refused(document) == [f"$.{name}[{index}].evidence[0].quote"]


@PROPERTY
@given(articles(), st.data())
def test_a_span_past_the_end_of_its_text_is_refused(article: Article, data: st.DataObject) -> None:
    document = msgspec.to_builtins(article)
    name, index = data.draw(st.sampled_from(items_with_evidence(document)))
    document[name][index]["evidence"][0]["end"] = 10_000_000  # the largest offset there is, past any text
    assert refused(document) == [f"$.{name}[{index}].evidence[0]"]


@PROPERTY
@given(articles())
def test_a_section_past_the_end_of_the_body_is_refused(article: Article) -> None:
    document = msgspec.to_builtins(article)
    section = document["sections"][0]
    section["text"] = document["body"][section["start"] :]  # what a slice to the end would give
    section["end"] = len(document["body"]) + 1
    assert refused(document) == ["$.sections[0]"]


@PROPERTY
@given(articles(), st.data())
def test_a_reversed_span_is_refused(article: Article, data: st.DataObject) -> None:
    document = msgspec.to_builtins(article)
    name, index = data.draw(st.sampled_from(items_with_evidence(document)))
    span = document[name][index]["evidence"][0]
    span["start"], span["end"] = span["end"], span["start"]
    assert refused(document) == [f"$.{name}[{index}].evidence[0]"]


Place = tuple[str, Any, str | int]
"""Where a value sits in a document: its JSON path, its container and its key there."""


def references(document: dict[str, Any]) -> list[Place]:
    """Every place that holds the id of another item."""
    found: list[Place] = [("$.publisher", document, "publisher")]
    found += [(f"$.authors[{i}]", document["authors"], i) for i in range(len(document["authors"]))]
    for i, location in enumerate(document["locations"]):
        found.append((f"$.locations[{i}].parent", location, "parent"))
    for i, event in enumerate(document["events"]):
        found.append((f"$.events[{i}].part_of", event, "part_of"))
        for j, participant in enumerate(event["participants"]):
            found.append((f"$.events[{i}].participants[{j}].actor", participant, "actor"))
        found += [(f"$.events[{i}].locations[{j}]", event["locations"], j) for j in range(len(event["locations"]))]
    for i, relation in enumerate(document["relations"]):
        found += [(f"$.relations[{i}].{end}", relation, end) for end in ("subject", "object")]
    return found


def strings(value: Any, path: str = "$") -> list[Place]:
    """Every place that holds a string."""
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    found: list[Place] = []
    for key, child in children:
        child_path = f"{path}.{key}" if isinstance(value, dict) else f"{path}[{key}]"
        found += [(child_path, value, key)] if isinstance(child, str) else strings(child, child_path)
    return found


@PROPERTY
@given(articles(), st.data())
def test_a_reference_to_a_missing_item_is_refused_at_its_path(article: Article, data: st.DataObject) -> None:
    document = msgspec.to_builtins(article)
    path, container, key = data.draw(st.sampled_from(references(document)))
    container[key] = "no-such-item"
    assert refused(document) == [path]


@PROPERTY
@given(articles(), st.data())
def test_an_id_ending_in_a_line_feed_is_refused_at_its_path(article: Article, data: st.DataObject) -> None:
    """Python's `$` matches before a final line feed; the model's patterns must not (JSON Schema's do not)."""
    document = msgspec.to_builtins(article)
    ids: list[Place] = [("$.id", document, "id")]
    ids += [(f"$.{name}[{i}].id", document[name][i], "id") for name, i in items_with_evidence(document)]
    ids += [place for place in references(document) if place[1][place[2]] is not None]
    path, container, key = data.draw(st.sampled_from(ids))
    container[key] += "\n"
    assert refused(document) == [path]


@PROPERTY
@given(articles(), st.data())
def test_a_nul_character_in_any_string_is_refused_at_its_path(article: Article, data: st.DataObject) -> None:
    """JSON allows U+0000, PostgreSQL's JSONB does not: the input gate refuses it on every engine alike."""
    document = msgspec.to_builtins(article)
    path, container, key = data.draw(st.sampled_from(strings(document)))
    at = data.draw(st.integers(0, len(container[key])))
    container[key] = container[key][:at] + "\x00" + container[key][at:]
    assert refused(document) == [path]


@PROPERTY
@given(articles(), st.data())
def test_an_unknown_field_is_refused_at_its_path(article: Article, data: st.DataObject) -> None:
    document = msgspec.to_builtins(article)
    name, index = data.draw(st.sampled_from(items_with_evidence(document)))
    document[name][index]["surprise"] = 1
    assert refused(document) == [f"$.{name}[{index}].surprise"]


@PROPERTY
@given(articles())
def test_a_sub_event_type_of_another_event_type_is_refused(article: Article) -> None:
    document = msgspec.to_builtins(article)
    event = document["events"][0]
    event["sub_event_type"] = next(
        sub for kind, subs in SUB_EVENT_TYPES.items() if kind != event["event_type"] for sub in subs
    )
    assert refused(document) == ["$.events[0].sub_event_type"]


# ---- renderings ------------------------------------------------------------------------------------------------


def render(suffix: str, article: Article, collection: str | None = None) -> bytes:
    """One format of the article (or of one of its collections), from the renderer table the app serves from."""
    if collection is None:
        resource = Resource(view=View.ARTICLE, base_url=BASE, path=f"/v1/articles/{article.id}", article=article)
    else:
        resource = Resource(
            view=View.COLLECTION,
            base_url=BASE,
            path=f"/v1/articles/{article.id}/{collection}",
            collection=collection,
            records=article_records(article, collection),
            articles={article.id: article},
        )
    rendered = BY_SUFFIX[suffix].render(resource)
    return rendered if isinstance(rendered, bytes) else b"".join(rendered)


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@PROPERTY
@given(articles())
def test_each_collection_csv_reads_back_equal_to_its_json(article: Article) -> None:
    for collection in COLLECTIONS:
        items = json.loads(render("json", article, collection))["items"]
        rows = read_csv(render("csv", article, collection))
        assert len(rows) == len(items)
        for row, item in zip(rows, items, strict=True):
            expected = expected_cells(item, list(row))
            assert {k: row[k] for k in expected} == expected


@PROPERTY
@given(articles())
def test_the_article_csv_reads_back_equal_to_its_json(article: Article) -> None:
    [row] = read_csv(render("csv", article))
    assert row == expected_cells(json.loads(render("json", article)), list(row))


SCRIPT_OPEN, SCRIPT_CLOSE = b'<script type="application/ld+json">', b"</script>\n"


@PROPERTY
@given(articles(), st.sampled_from([None, *COLLECTIONS]))
def test_no_text_can_break_out_of_the_embed_snippet(article: Article, collection: str | None) -> None:
    snippet = render("embed.html", article, collection)
    content = snippet[snippet.index(SCRIPT_OPEN) + len(SCRIPT_OPEN) : snippet.rindex(SCRIPT_CLOSE)]
    assert b"</script" not in content.lower()
    assert b"<!--" not in content
    assert json.loads(content) == json.loads(render("jsonld", article, collection))


@settings(max_examples=5, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=articles())  # five: the checker is a process per document, and slow
def test_the_json_ld_passes_the_checker(article: Article, tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("jsonld") / "article.jsonld"
    path.write_bytes(render("jsonld", article))
    result = subprocess.run(
        [sys.executable, str(JSONLD_CHECK), str(path), "--profile", "newsarticle"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
