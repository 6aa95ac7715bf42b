"""A reviewed draft (service/review.py): what is not kept leaves with every reference to it, and what is kept is
still an article the service accepts; kinds changed and candidates chosen as the form says."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from schemas import Article, validate_article
from schemas.v1.drafts import Alternative, Draft, Proposal
from service.review import (
    ARTICLE_ID,
    KEPT,
    TICKED_FROM,
    VOCABULARIES,
    Review,
    alternative_field,
    item_of,
    kind_field,
    reviewed,
    steps,
)
from tests.conftest import PROPERTY, articles, new_document, span

COLLECTIONS = tuple(VOCABULARIES)


def draft_of(article: Article | dict[str, Any], confidence: float = 0.9, **alternatives: list[Alternative]) -> Draft:
    """A draft proposing every item of the article, each as sure as `confidence`; `alternatives` by path key
    ('locations_0' for $.locations[0])."""
    if isinstance(article, dict):
        article = msgspec.convert(article, Article)
    proposals = [
        Proposal(
            path=f"$.{name}[{index}]",
            source="rules",
            confidence=confidence,
            alternatives=alternatives.get(f"{name}_{index}", []),
        )
        for name in COLLECTIONS
        for index in range(len(getattr(article, name)))
    ]
    return Draft(article=article, proposals=proposals)


def every_path(draft: Draft) -> frozenset[str]:
    return frozenset(p.path for p in draft.proposals)


def kept_but(draft: Draft, *left_out: str) -> Review:
    return Review(kept=every_path(draft) - set(left_out))


def ids(document: dict[str, Any], name: str) -> list[str]:
    return [item["id"] for item in document[name]]


def richer_document() -> dict[str, Any]:
    """Two actors and a spokesman who speaks for one of them, three places nested, two events, a relation."""
    document = new_document("richer")
    body = document["body"] = (
        "Fighting in Atareb between Isis and the FSA, said Abu Omar, an FSA spokesman. Atareb is in Aleppo, Syria."
    )
    document["actors"] += [
        {"id": "abu-omar", "kind": "person", "name": "Abu Omar", "evidence": [span(body, "Abu Omar")]}
    ]
    document["publisher"] = "fsa"
    document["authors"] = ["abu-omar"]
    document["locations"] = [
        {"id": "syria", "name": "Syria", "kind": "country", "evidence": [span(body, "Syria")]},
        {"id": "aleppo", "name": "Aleppo", "kind": "province", "parent": "syria", "evidence": [span(body, "Aleppo")]},
        {"id": "atareb", "name": "Atareb", "kind": "town", "parent": "aleppo", "evidence": [span(body, "Atareb")]},
    ]
    clash = document["events"][0]
    clash["evidence"] = [span(body, "Fighting in Atareb between Isis and the FSA")]
    clash["locations"] = ["atareb", "aleppo"]
    clash["attribution"] = [{"text": "said Abu Omar", "source": "abu-omar"}]
    document["events"].append(
        {
            "id": "battle-for-atareb",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "summary": "The battle for Atareb.",
            "participants": [{"actor": "fsa", "role": "actor1"}],
            "locations": ["atareb"],
            "certainty": "stated",
            "evidence": [span(body, "Fighting in Atareb")],
        }
    )
    clash["part_of"] = "battle-for-atareb"
    document["events"].reverse()  # the broader event first: $.events[0]
    document["relations"] = [
        {
            "id": "abu-omar-spokesperson-for-fsa",
            "type": "spokesperson_for",
            "subject": "abu-omar",
            "object": "fsa",
            "attribution": [{"text": "said Abu Omar", "source": "abu-omar"}],
            "evidence": [span(body, "Abu Omar, an FSA spokesman")],
        }
    ]
    document["date_published"] = "2014-01-06T09:30:00+00:00"
    return document


def test_everything_kept_is_the_draft_s_article_as_it_is() -> None:
    draft = draft_of(richer_document())
    document = reviewed(draft, kept_but(draft)).document
    assert validate_article(document) == draft.article


def test_an_actor_left_out_leaves_every_event_relation_byline_and_attribution() -> None:
    draft = draft_of(richer_document())
    document = reviewed(draft, kept_but(draft, "$.actors[2]", "$.actors[1]")).document  # abu-omar and the FSA
    article = validate_article(document)
    assert ids(document, "actors") == ["isis"]
    assert article.publisher is None and article.authors == []
    assert [p.actor for e in article.events for p in e.participants] == ["isis"]
    assert [a.source for a in article.events[1].attribution] == [None]
    assert [a.text for a in article.events[1].attribution] == ["said Abu Omar"]
    assert article.relations == []  # a relation needs both its actors


def test_a_place_left_out_puts_what_it_held_in_the_next_place_up_and_leaves_the_events() -> None:
    draft = draft_of(richer_document())
    document = reviewed(draft, kept_but(draft, "$.locations[1]")).document  # Aleppo, between Syria and Atareb
    article = validate_article(document)
    assert [(p.id, p.parent) for p in article.locations] == [("syria", None), ("atareb", "syria")]
    assert [e.locations for e in article.events] == [["atareb"], ["atareb"]]
    both = reviewed(draft, kept_but(draft, "$.locations[0]", "$.locations[1]")).document
    assert [(p["id"], p["parent"]) for p in both["locations"]] == [("atareb", None)]
    validate_article(both)


def test_an_event_left_out_leaves_the_events_that_were_part_of_it() -> None:
    draft = draft_of(richer_document())
    document = reviewed(draft, kept_but(draft, "$.events[0]")).document
    article = validate_article(document)
    assert [(e.id, e.part_of) for e in article.events] == [("clash", None)]


def test_a_field_proposed_and_not_kept_takes_its_default() -> None:
    article = msgspec.convert(richer_document(), Article)
    draft = Draft(article=article, proposals=[Proposal(path="$.date_published", source="rules", confidence=0.5)])
    assert article.date_published == dt.datetime(2014, 1, 6, 9, 30, tzinfo=dt.UTC)
    assert validate_article(reviewed(draft, Review()).document).date_published is None
    kept = reviewed(draft, Review(kept=frozenset({"$.date_published"}))).document
    assert validate_article(kept).date_published == article.date_published


def test_facts_the_draft_does_not_propose_stay_whatever_the_form_says() -> None:
    article = msgspec.convert(richer_document(), Article)
    draft = Draft(article=article, proposals=[Proposal(path="$.actors[0]", source="rules", confidence=0.2)])
    document = reviewed(draft, Review()).document
    assert ids(document, "actors") == ["fsa", "abu-omar"]
    assert len(document["events"]) == 2 and len(document["locations"]) == 3


def test_kinds_and_types_change_as_chosen_and_only_where_the_choice_differs() -> None:
    atareb_elsewhere = Alternative(
        label="Atareb, a district", value={"kind": "district"}, source="gazetteer", confidence=0.3
    )
    draft = draft_of(richer_document(), locations_2=[atareb_elsewhere])
    choices = {
        "$.actors[0]": "state_forces",
        "$.events[1]": "Violence against civilians|Attack",
        "$.relations[0]": "works_for",
        "$.locations[2]": "town",  # what the draft says: the alternative's kind stands
    }
    review = Review(kept=every_path(draft), kinds=choices, alternatives={"$.locations[2]": 0})
    article = validate_article(reviewed(draft, review).document)
    assert article.actors[0].kind == "state_forces"
    assert (article.events[1].event_type, article.events[1].sub_event_type) == ("Violence against civilians", "Attack")
    assert article.relations[0].type == "works_for"
    assert article.locations[2].kind == "district"
    changed = Review(kept=every_path(draft), kinds={"$.locations[2]": "village"}, alternatives={"$.locations[2]": 0})
    assert validate_article(reviewed(draft, changed).document).locations[2].kind == "village"


def test_a_place_s_candidate_chosen_brings_its_coordinates_and_record() -> None:
    point = {"latitude": 36.1359, "longitude": 36.8369, "geo_precision": 1, "source": "https://www.geonames.org/174018"}
    other = Alternative(
        label="Atareb (SY)",
        value={"coordinates": point, "same_as": ["https://www.geonames.org/174018"], "country": "SY"},
        source="gazetteer",
        confidence=0.6,
    )
    draft = draft_of(richer_document(), locations_2=[other])
    article = validate_article(
        reviewed(draft, Review(kept=every_path(draft), alternatives={"$.locations[2]": 0})).document
    )
    atareb = article.locations[2]
    assert atareb.coordinates is not None and atareb.coordinates.source == "https://www.geonames.org/174018"
    assert (atareb.country, atareb.same_as) == ("SY", ["https://www.geonames.org/174018"])
    as_proposed = validate_article(reviewed(draft, kept_but(draft)).document).locations[2]
    assert as_proposed.coordinates is None and as_proposed.country is None


def test_a_problem_s_path_in_the_document_is_found_again_in_the_draft() -> None:
    draft = draft_of(richer_document())
    result = reviewed(draft, kept_but(draft, "$.locations[0]", "$.actors[0]"))
    assert result.draft_path("$.locations[1].parent") == "$.locations[2].parent"
    assert result.draft_path("$.actors[0]") == "$.actors[1]"
    assert result.draft_path("$.events[1].evidence[0].quote") == "$.events[1].evidence[0].quote"
    assert result.draft_path("$.id") == "$.id"


def test_the_form_is_read_for_the_draft_s_proposals_only() -> None:
    spare = Alternative(label="Atareb (district)", value={"kind": "district"}, source="gazetteer", confidence=0.3)
    draft = draft_of(richer_document(), locations_2=[spare])
    form = {
        KEPT: ["$.actors[0]", "$.locations[2]", "$.actors[9]", "$.whatever"],
        kind_field("$.actors[0]"): ["government"],
        kind_field("$.actors[9]"): ["government"],
        alternative_field("$.locations[2]"): ["0"],
        alternative_field("$.locations[1]"): ["0"],  # it has no alternatives
        ARTICLE_ID: ["  my-article "],
    }
    review = Review.from_form(form, draft)
    assert review.kept == {"$.actors[0]", "$.locations[2]"}
    assert review.kinds == {"$.actors[0]": "government"}
    assert review.alternatives == {"$.locations[2]": 0}
    assert review.article_id == "my-article"
    assert reviewed(draft, review).document["id"] == "my-article"
    assert Review.from_form({alternative_field("$.locations[2]"): ["1"]}, draft).alternatives == {}
    assert Review.from_form({alternative_field("$.locations[2]"): [""]}, draft).alternatives == {}


def test_the_page_opens_with_the_sure_proposals_ticked() -> None:
    article = msgspec.convert(richer_document(), Article)
    draft = Draft(
        article=article,
        proposals=[
            Proposal(path="$.actors[0]", source="rules", confidence=TICKED_FROM),
            Proposal(path="$.actors[1]", source="corpus", confidence=0.69),
        ],
    )
    assert Review.proposed(draft).kept == {"$.actors[0]"}


def test_paths_read_as_steps_and_items() -> None:
    assert steps("$.locations[3].parent") == ["locations", 3, "parent"]
    assert steps("$.date_published") == ["date_published"]
    assert item_of("$.events[2].date") == ("events", 2)
    assert item_of("$.date_published") is None
    assert item_of("$.sections[0]") is None


def test_every_kind_the_page_offers_is_one_the_model_takes() -> None:
    document = richer_document()
    draft = draft_of(document)
    for name, values in VOCABULARIES.items():
        for value in values:
            review = Review(kept=every_path(draft), kinds={f"$.{name}[0]": value})
            validate_article(reviewed(draft, review).document)
    assert len(VOCABULARIES["events"]) == 25


@PROPERTY
@given(st.data())
def test_whatever_is_left_out_of_any_article_what_is_kept_is_valid(data: st.DataObject) -> None:
    article = data.draw(articles())
    draft = draft_of(article)
    paths = sorted(every_path(draft))
    left_out = set(data.draw(st.lists(st.sampled_from(paths), unique=True))) if paths else set()
    document = reviewed(draft, kept_but(draft, *left_out)).document
    kept = validate_article(document)
    actors = {a.id for a in kept.actors}
    for name in COLLECTIONS:
        expected = [
            item.id
            for index, item in enumerate(getattr(article, name))
            if f"$.{name}[{index}]" not in left_out
            and (name != "relations" or {item.subject, item.object} <= {a.id for a in kept.actors})
        ]
        assert [item.id for item in getattr(kept, name)] == expected, name
    assert {p.actor for e in kept.events for p in e.participants} <= actors
