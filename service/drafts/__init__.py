"""Drafts: an article's text in, its facts proposed, each tied to its words and its places to the gazetteer.

    draft(request, known) -> Draft     the article the text makes, with a proposal for each fact
    read_text(text) -> DraftRequest    the text/plain form: the headline on the first line, then the body
    Known                              what the corpus already knows (Known(store.known), Known.of(articles))

Rules only (spaCy's blank English pipeline, its matchers, lexicons, the GeoNames gazetteer): nothing trained,
nothing downloaded. What the rules need is read once per process, on the first draft.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import msgspec

from schemas import DocumentInvalid, validate_article
from schemas.v1 import TEXT_FIELDS, Actor, Article, Attribution, Event, Image, Location, Participant, Relation
from schemas.v1.drafts import Draft, DraftRequest, Proposal
from schemas.v1.validation import Problem
from service.drafts import anaphora, dates, gazetteer, sites, text
from service.drafts.actors import Actors
from service.drafts.events import Happening, happenings
from service.drafts.known import Known
from service.drafts.mentions import Claims, Fact
from service.drafts.names import slug, unique
from service.drafts.places import Places
from service.drafts.relations import Link, links

if TYPE_CHECKING:
    from spacy.tokens import Span

__all__ = ["Known", "draft", "read_text"]

LANGUAGES = ("en",)
"""The languages the rules read (by a BCP 47 tag's primary subtag)."""
MAX_CANDIDATES = 2_000
"""Names a draft asks the corpus about at most."""
_POINT_KINDS = frozenset({"city", "town", "village", "district"})
_NEAR = frozenset({"near", "outside", "around", "nearby", "close"})
"""ACLED's geo precision 2: near a named place, or in part of a region."""


def read_text(body: str) -> DraftRequest:
    """The text/plain form of a draft request: the headline on the first line, the body after it (blank lines
    between them dropped). Raises DocumentInvalid where either is missing."""
    headline, _, rest = body.lstrip("\ufeff").lstrip().partition("\n")
    request = DraftRequest(headline=headline.strip() or " ", body=rest.strip("\n") or " ")
    _check(request)
    return request


def draft(request: DraftRequest, known: Known) -> Draft:
    """The article the text makes and a proposal for each fact of it. Raises DocumentInvalid for a text that
    is empty, blank or holds NUL characters; never writes anything."""
    _check(request)
    fields = {
        "headline": request.headline,
        "image.description": request.image.description if request.image else None,
        "image.caption": request.image.caption if request.image else None,
        "body": request.body,
    }
    read = text.read({name: value for name in TEXT_FIELDS if (value := fields.get(name))})
    sentences = text.sentences(read)
    notes: list[str] = []
    english = request.language.split("-")[0].lower() in LANGUAGES
    if not english:
        notes.append(
            f"The rules read English; this text is in {request.language!r}: only places the gazetteer knows are"
            " proposed, and no actors, events or relations."
        )
    names = list(dict.fromkeys(s.text for f in read for run in text.name_runs(f.doc) for s in text.sub_spans(run)))
    found = known.find(names[:MAX_CANDIDATES])
    claims = Claims()
    actor_ids: set[str] = set()
    place_ids: set[str] = set()
    places_found = Places(gazetteer.loaded(), found, claims, place_ids)
    actors = Actors(gazetteer.loaded(), found, claims, actor_ids)
    if english:
        actors.named(read)
    places_found.find(read)
    if english:
        places_found.facts.extend(sites.sites(read, places_found.facts, claims, place_ids))
    places = places_found.facts if english else _gazetteer_places(places_found.facts)
    published = request.date_published
    stated_published = dates.published(request.body) if published is None else None
    reference = published.date() if published else stated_published
    basis = f"an article published on {reference.isoformat()}" if reference else ""
    events: list[Happening] = []
    relations: list[Link] = []
    if english:
        actors.people_and_groups(read, places_found.main_country)
        standing_for = anaphora.anaphors(read, list(actors.facts.values()), actors.anaphors)
        events = happenings(sentences, list(actors.facts.values()), places, reference, basis, standing_for)
        relations = links(sentences, list(actors.facts.values()), events)
    return _assemble(request, list(actors.facts.values()), places, events, relations, stated_published, notes)


def _gazetteer_places(facts: list[Fact]) -> list[Fact]:
    """The places a text the rules do not read keeps: those a gazetteer knows, or offers candidates for. A
    parent left out is no parent: the draft names only places it holds."""
    kept = [fact for fact in facts if fact.source != "rules" or fact.alternatives]
    ids = {fact.id for fact in kept}
    for fact in kept:
        if fact.extra.get("parent") not in ids:
            fact.extra.pop("parent", None)
    return kept


def _check(request: DraftRequest) -> None:
    problems = []
    for path, value in (("$.headline", request.headline), ("$.body", request.body)):
        if not value.strip():
            problems.append(Problem(path, "is empty: a draft needs the article's headline and its text"))
        elif "\x00" in value:
            problems.append(Problem(path, "NUL characters (U+0000) are not allowed"))
    if request.image is not None:
        for name in ("description", "caption"):
            value = getattr(request.image, name)
            if value is not None and "\x00" in value:
                problems.append(Problem(f"$.image.{name}", "NUL characters (U+0000) are not allowed"))
    if problems:
        raise DocumentInvalid(problems)


def _evidence(fact: Fact) -> list[Any]:
    return [text.evidence(span) for span in _in_reading_order(fact.mentions)]


def _in_reading_order(spans: list[Span]) -> list[Span]:
    order = {name: i for i, name in enumerate(TEXT_FIELDS)}
    return sorted(spans, key=lambda s: (order[s.doc.user_data["field"]], s.start_char, s.end_char))


def _assemble(
    request: DraftRequest,
    actor_facts: list[Fact],
    place_facts: list[Fact],
    events: list[Happening],
    relations: list[Link],
    stated_published: dt.date | None,
    notes: list[str],
) -> Draft:
    proposals: list[Proposal] = []
    actor_facts = [f for f in actor_facts if f.mentions]
    actors = []
    for i, fact in enumerate(actor_facts):
        actors.append(
            Actor(
                id=fact.id,
                kind=fact.kind,  # type: ignore[arg-type]
                name=fact.name[:1000],
                aliases=[a[:1000] for a in fact.aliases],
                role=(fact.extra.get("role") or None),
                same_as=list(fact.extra.get("same_as", [])),
                evidence=_evidence(fact),
            )
        )
        proposals.append(_proposal(f"$.actors[{i}]", fact))
    locations = []
    for i, fact in enumerate(place_facts):
        locations.append(
            Location(
                id=fact.id,
                name=fact.name[:1000],
                kind=fact.kind,  # type: ignore[arg-type]
                aliases=[a[:1000] for a in fact.aliases],
                parent=fact.extra.get("parent"),
                country=fact.extra.get("country"),
                coordinates=fact.extra.get("coordinates"),
                same_as=list(fact.extra.get("same_as", [])),
                evidence=_evidence(fact),
            )
        )
        proposals.append(_proposal(f"$.locations[{i}]", fact))
    event_ids: set[str] = set()
    drafted_events: list[Event] = []
    for happening in events:
        index = len(drafted_events)
        event = _event(happening, event_ids)
        drafted_events.append(event)
        proposals.append(
            Proposal(
                path=f"$.events[{index}]",
                source="rules",
                confidence=happening.confidence,
                reason=f"'{happening.trigger.text}': {happening.event_type}, {happening.sub_event_type}"[:1000],
            )
        )
    relation_ids: set[str] = set()
    drafted_relations: list[Relation] = []
    for link in relations:
        index = len(drafted_relations)
        drafted_relations.append(
            Relation(
                id=unique(slug(f"{link.subject.id} {link.type} {link.object.id}", "relation")[:100], relation_ids),
                type=link.type,  # type: ignore[arg-type]
                subject=link.subject.id,
                object=link.object.id,
                certainty=link.certainty,  # type: ignore[arg-type]
                evidence=[text.evidence(link.evidence)],
            )
        )
        proposals.append(Proposal(path=f"$.relations[{index}]", source="rules", confidence=link.confidence))
    date_published = request.date_published
    if date_published is None and stated_published is not None:
        date_published = dt.datetime.combine(stated_published, dt.time(), dt.UTC)
        proposals.append(
            Proposal(
                path="$.date_published",
                source="rules",
                confidence=0.5,
                reason="the date the text says it was published on (no time given: midnight UTC)",
            )
        )
    image = request.image
    article = Article(
        id=slug(request.headline, "draft"),
        headline=request.headline,
        url=request.url,
        language=request.language,
        date_published=date_published,
        image=Image(description=image.description, caption=image.caption) if image else None,
        body=request.body,
        actors=actors,
        locations=locations,
        events=drafted_events,
        relations=drafted_relations,
    )
    return _accepted(Draft(article=article, proposals=proposals, notes=notes))


def _proposal(path: str, fact: Fact) -> Proposal:
    return Proposal(
        path=path,
        source=fact.source,  # type: ignore[arg-type]
        confidence=round(fact.confidence, 2),
        reason=(fact.reason or None) and fact.reason[:1000],  # type: ignore[index]
        alternatives=fact.alternatives,
    )


def _event(happening: Happening, taken: set[str]) -> Event:
    actors = [fact for fact, _ in happening.participants]
    names = [fact.name for fact in actors]
    places = [fact.name for fact in happening.places]
    where = f" in {', '.join(places)}" if places else ""
    who = f": {' and '.join(names[:3])}" if names else ""
    summary = f"{happening.sub_event_type} ({happening.event_type}){who}{where}."
    label = places[0] if places else (names[0] if names else "")
    precision = None
    if happening.places:
        kinds = {fact.kind for fact in happening.places}
        precision = 1 if kinds & _POINT_KINDS else (2 if kinds & {"area", "border_area"} else 3)
        near = any(
            m.start > 0 and m.doc[m.start - 1].lower_ in _NEAR
            for fact in happening.places
            for m in fact.mentions
            if m.doc is happening.sentence.span.doc
            and happening.sentence.span.start <= m.start < happening.sentence.span.end
        )
        if precision == 1 and near:
            precision = 2
    participant_ids = {fact.id for fact in actors}
    certainty = happening.certainty
    if any(a.source in participant_ids for a in happening.attribution if a.source):
        certainty = "claimed"
    return Event(
        id=unique(slug(f"{happening.sub_event_type} {label}", "event")[:100], taken),
        event_type=happening.event_type,  # type: ignore[arg-type]
        sub_event_type=happening.sub_event_type,  # type: ignore[arg-type]
        summary=summary[:200_000],
        date=happening.date,
        participants=[Participant(actor=fact.id, role=role) for fact, role in happening.participants],  # type: ignore[arg-type]
        locations=[fact.id for fact in [*happening.places, *happening.sites]],
        geo_precision=precision,
        fatalities=happening.deaths,
        attribution=[Attribution(text=a.text[:1000], source=a.source) for a in happening.attribution],
        certainty=certainty,  # type: ignore[arg-type]
        evidence=[text.evidence(span) for span in _in_reading_order([*happening.also, happening.sentence.span])],
    )


def _accepted(draft: Draft) -> Draft:
    """The draft as POST /v1/articles takes it: checked by the same validation, so a rule's slip shows here
    and not in the client's write."""
    validate_article(msgspec.to_builtins(draft.article))
    return draft
