"""What a draft proposes for texts of several kinds: the articles of tests/drafts/articles, and short texts."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from schemas import DocumentInvalid, parse_article, validate_article
from schemas.v1 import SUB_EVENT_TYPES, text_of
from schemas.v1.drafts import Draft, DraftImage, DraftRequest
from service.drafts import Known, draft, read_text
from service.drafts.events import TRIGGERS
from tests.conftest import SEED_PATH
from tests.drafts.helpers import actor, events_quoting, place, proposal, quotes


def test_every_draft_is_an_article_the_service_accepts_with_every_span_exact(drafted: dict[str, Draft]) -> None:
    assert sorted(drafted) == ["conflict", "disaster", "politics", "protest"]
    for name, made in drafted.items():
        article = validate_article(msgspec.to_builtins(made.article))
        for collection in ("actors", "locations", "events", "relations"):
            for fact in getattr(article, collection):
                assert fact.evidence, (name, fact.id)
                for span in fact.evidence:
                    assert text_of(article, span.field)[span.start : span.end] == span.quote  # type: ignore[index]
        paths = {p.path for p in made.proposals}
        assert paths == {
            f"$.{collection}[{i}]"
            for collection in ("actors", "locations", "events", "relations")
            for i in range(len(getattr(article, collection)))
        }


def test_a_person_named_with_a_role_in_apposition(drafted: dict[str, Draft]) -> None:
    article = drafted["politics"].article
    engineer = actor(article, "Imogen Tarrant")
    assert (engineer.kind, engineer.role, engineer.aliases) == ("person", "chief engineer", ["Tarrant"])
    assert quotes(engineer) == ["the authority's chief engineer", "Imogen Tarrant", "Tarrant"]
    authority = actor(article, "Thames Valley Water Authority")
    assert (authority.kind, authority.aliases) == ("organization", ["TVWA"])
    relations = {(r.subject, r.type, r.object) for r in article.relations}
    assert (engineer.id, "works_for", authority.id) in relations
    assert (engineer.id, "source_for", actor(article, "BBC").id) in relations


def test_an_acronym_in_brackets_is_the_alias_of_the_name_before_it(drafted: dict[str, Draft]) -> None:
    group = actor(drafted["conflict"].article, "Islamic State West Africa Province")
    assert (group.kind, group.aliases) == ("armed_group", ["ISWAP"])
    assert quotes(group) == ["Islamic State West Africa Province", "ISWAP", "ISWAP"]  # every mention, each once


def test_generic_actors_take_their_acled_kinds(drafted: dict[str, Draft]) -> None:
    conflict, protest = drafted["conflict"].article, drafted["protest"].article
    assert actor(conflict, "Gunmen").kind == "armed_group"
    assert actor(conflict, "Civilians").kind == "civilians"
    assert actor(conflict, "Nigerian troops").kind == "state_forces"
    assert actor(protest, "Protesters").kind == "civilians"
    assert quotes(actor(protest, "Protesters")) == ["protesters", "protesters", "protesters", "Protesters"]
    police = actor(protest, "Kenyan police")  # a country's forces named after the country the text is about
    assert police.kind == "state_forces"


def test_at_least_nine_killed_is_a_lower_bound_only(drafted: dict[str, Draft]) -> None:
    (attack,) = events_quoting(drafted["conflict"].article, "killing at least nine civilians")
    assert (attack.event_type, attack.sub_event_type) == ("Violence against civilians", "Attack")
    assert (attack.fatalities.low, attack.fatalities.best, attack.fatalities.high) == (9, None, None)
    roles = {(p.actor, p.role) for p in attack.participants}
    assert roles == {("gunmen", "actor1"), ("civilians", "target")}  # residents only say so
    assert (attack.certainty, [a.text for a in attack.attribution]) == ("reported", ["residents said"])


def test_denials_threats_and_conditions_code_no_event_of_their_kind(drafted: dict[str, Draft]) -> None:
    conflict = drafted["conflict"].article
    assert events_quoting(conflict, "denied attacking") == []
    (threat,) = events_quoting(conflict, "threatened to attack")
    assert (threat.event_type, threat.sub_event_type) == ("Strategic developments", "Other")
    assert not [e for e in drafted["politics"].article.events if e.event_type == "Battles"]
    protest = drafted["protest"].article
    assert events_quoting(protest, "denied firing") == []
    assert events_quoting(protest, "would march again") == []


def test_a_battle_and_fire_on_protesters(drafted: dict[str, Draft]) -> None:
    (clash,) = events_quoting(drafted["conflict"].article, "clashed with the insurgents")
    assert (clash.event_type, clash.sub_event_type, clash.geo_precision) == ("Battles", "Armed clash", 2)
    iswap = "islamic-state-west-africa-province"  # 'the insurgents': the one group the sentences before name
    army = "nigerian-army"  # and its troops
    assert {(p.actor, p.role) for p in clash.participants} == {(army, "actor1"), (iswap, "actor2")}
    (shooting,) = events_quoting(drafted["protest"].article, "shot dead by police")
    assert shooting.sub_event_type == "Excessive force against protesters"
    assert {(p.actor, p.role) for p in shooting.participants} == {("kenyan-police", "actor1"), ("protesters", "target")}
    assert shooting.fatalities.low == 2
    (dispersal,) = events_quoting(drafted["protest"].article, "fired tear gas")
    assert dispersal.sub_event_type == "Protest with intervention"
    assert [span.field for span in dispersal.evidence] == ["headline", "body"]  # the headline says it again


def test_a_natural_disaster_codes_no_violence(drafted: dict[str, Draft]) -> None:
    article = drafted["disaster"].article
    assert article.events == []
    ruto = actor(article, "William Ruto")
    assert (ruto.kind, ruto.role) == ("person", "President")
    assert actor(article, "Kenya Red Cross Society").kind == "organization"


def test_places_take_coordinates_and_same_as_from_their_geonames_record(drafted: dict[str, Draft]) -> None:
    article = drafted["protest"].article
    nairobi = place(article, "Nairobi")
    assert nairobi.coordinates is not None
    assert (nairobi.coordinates.latitude, nairobi.coordinates.longitude) == (-1.28333, 36.81667)
    assert nairobi.coordinates.source == "https://www.geonames.org/184745"
    assert (nairobi.same_as, nairobi.country, nairobi.parent) == (["https://www.geonames.org/184745"], "KE", "kenya")
    assert quotes(place(article, "Kisumu")) == ["Kisumu", "Kisumu"]
    assert proposal(drafted["protest"], nairobi).source == "gazetteer"
    kenya = place(article, "Kenya")
    assert (kenya.kind, kenya.coordinates, kenya.same_as) == ("country", None, ["https://www.geonames.org/192950"])


def test_transliterations_find_their_geonames_records() -> None:
    seed = parse_article(SEED_PATH.read_bytes())
    article = draft(read_text(f"{seed.headline}\n{seed.body}"), Known()).article
    sources = {loc.name: loc.coordinates.source if loc.coordinates else None for loc in article.locations}
    assert sources["Saraqeb"] == "https://www.geonames.org/164816"  # GeoNames: Saraqib
    assert sources["Atareb"] == "https://www.geonames.org/174030"  # Al Atārib
    assert sources["Maarat Misreen"] == "https://www.geonames.org/167605"  # Maʿarratmişrīn
    assert sources["Kafr Takharim"] == "https://www.geonames.org/168629"  # Kafr Takhārīm
    assert sources["Kallassah"] is None and sources["Hazzano"] is None  # no gazetteer knows them: no coordinates
    parents = {loc.name: loc.parent for loc in article.locations}
    assert parents["Kafr Takharim"] == "idlib-province"  # its admin1 code, though the text calls it Aleppo's
    assert parents["Atareb"] == "aleppo-province" and parents["Hazzano"] == "idlib-province"


def test_a_place_in_a_country_the_text_does_not_name_is_only_an_alternative() -> None:
    alone = draft(read_text("Talks in Paris\nDelegates met in Paris on Monday."), Known())
    paris = place(alone.article, "Paris")
    assert (paris.coordinates, paris.same_as, paris.country) == (None, [], None)
    labels = [alternative.label for alternative in proposal(alone, paris).alternatives]
    assert labels[0] == "Paris, France (population 2,138,551)" and any("United States" in label for label in labels)
    named = draft(read_text("Talks in Paris\nDelegates met in Paris, France, on Monday."), Known())
    paris = place(named.article, "Paris")
    assert paris.coordinates is not None and paris.coordinates.source == "https://www.geonames.org/2988507"
    assert (paris.country, paris.parent) == ("FR", "france")


def test_common_words_in_capitals_never_become_places() -> None:
    text = "Police said\nPolice said on Monday that crowds had gone. Reading the report took hours."
    made = draft(read_text(text), Known())
    assert made.article.locations == []


def test_relative_days_are_inferred_from_the_publication_date() -> None:
    asked = DraftRequest(
        headline="Clashes in Idlib",
        body="Rebels clashed with government forces in Saraqeb on Friday, the group said.",
        date_published=dt.datetime(2014, 1, 5, tzinfo=dt.UTC),
    )
    (clash,) = draft(asked, Known()).article.events
    assert clash.date is not None
    friday = dt.date(2014, 1, 3)
    assert (clash.date.start, clash.date.end, clash.date.basis) == (friday, friday, "inferred")
    assert clash.date.inferred_from == "'on Friday' in an article published on 2014-01-05: Friday 3 January 2014"


def test_the_image_words_are_read_as_the_body_is() -> None:
    asked = DraftRequest(
        headline="Aid reaches Kisumu",
        body="Trucks reached the city on Monday.",
        image=DraftImage(caption="A convoy of the Kenya Red Cross Society in Kisumu, Kenya"),
    )
    article = draft(asked, Known()).article
    assert [span.field for span in place(article, "Kisumu").evidence] == ["headline", "image.caption"]
    assert actor(article, "Kenya Red Cross Society").evidence[0].field == "image.caption"


def test_what_the_corpus_knows_is_reused_with_its_id() -> None:
    seed = parse_article(SEED_PATH.read_bytes())
    made = draft(read_text("Isis attacks Aleppo\nIsis fighters shelled Aleppo on Monday."), Known.of([seed]))
    isis = actor(made.article, "Isis")
    assert (isis.id, proposal(made, isis).source) == ("isis", "corpus")
    assert isis.name == "Islamic State in Iraq and the Levant"
    aleppo = place(made.article, "Aleppo")
    assert (aleppo.id, aleppo.coordinates, proposal(made, aleppo).source) == (
        "aleppo-city",
        seed.locations[7].coordinates,
        "corpus",
    )
    assert aleppo.parent is None  # its stored parent, Aleppo province, is not in this text


def test_a_language_the_rules_do_not_read_gets_gazetteer_places_only() -> None:
    asked = DraftRequest(headline="Combats à Alep", body="Des rebelles ont attaqué Alep et Idlib lundi.", language="fr")
    made = draft(asked, Known())
    assert made.notes and "'fr'" in made.notes[0]
    assert made.article.actors == [] and made.article.events == [] and made.article.relations == []
    assert {"Alep", "Idlib"} <= {loc.name for loc in made.article.locations}
    assert all(p.alternatives or p.source == "gazetteer" for p in made.proposals)


def test_a_language_the_rules_do_not_read_drops_the_parents_it_leaves_out() -> None:
    asked = DraftRequest(headline="Atareb", body="Fighting in Atareb, in Aleppo province.", language="ar")
    made = draft(asked, Known())  # Aleppo province, known to no gazetteer, is left out: Atareb has no parent
    assert [(loc.name, loc.parent) for loc in made.article.locations] == [("Atareb", None)]


@pytest.mark.parametrize(
    ("headline", "body", "path"),
    [("", "text", "$.headline"), ("Title", " \n\t ", "$.body"), ("Title", "a\x00b", "$.body")],
)
def test_an_empty_or_nul_text_is_refused_at_its_path(headline: str, body: str, path: str) -> None:
    with pytest.raises(DocumentInvalid) as refused:
        draft(DraftRequest(headline=headline or " ", body=body), Known())
    assert [p.path for p in refused.value.problems] == [path]


def test_the_text_form_is_the_headline_then_the_body() -> None:
    asked = read_text("\ufeffHeadline here\n\nFirst paragraph.\n\nSecond paragraph.\n")
    assert (asked.headline, asked.body) == ("Headline here", "First paragraph.\n\nSecond paragraph.")
    with pytest.raises(DocumentInvalid) as refused:
        read_text("Only a headline\n")
    assert [p.path for p in refused.value.problems] == ["$.body"]


def test_the_trigger_lexicon_covers_all_25_acled_sub_types() -> None:
    assert set(TRIGGERS) == {(kind, sub) for kind, subs in SUB_EVENT_TYPES.items() for sub in subs}
    assert len(TRIGGERS) == 25
