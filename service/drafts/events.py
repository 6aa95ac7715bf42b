"""Events: what a sentence says happened, coded with ACLED's types from a lexicon of triggers covering its 25
sub-event types; its participants with ACLED's roles, its places, its date, its deaths, who says so.

A trigger negated ('denied attacking', 'no one was killed'), threatened ('threatened to attack') or under a
condition ('if the attacks did not stop', 'would', 'could') codes no event of its type: a threat is at most a
strategic development ('issued an ultimatum'). A sentence of a natural disaster codes no violence from its
deaths alone. What is to come after a trigger ('the attacks would continue') codes nothing; an event told
again (by a headline, a later sentence, 'the attack') is one event with more evidence.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from schemas.v1 import SUB_EVENT_TYPES, Attribution, DateRange, Fatalities
from service.drafts import dates, fatalities, lexicon
from service.drafts.lexicon import words
from service.drafts.mentions import Fact
from service.drafts.text import Sentence, is_capitalised, is_dateline, patterns, phrase_matcher, pipeline

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span

B, V, E, P, R, S = SUB_EVENT_TYPES  # ACLED's six event types, in the model's order
TRIGGERS: dict[tuple[str, str], str] = {
    (B, "Armed clash"): "clash|clashes|clashed|clashing|fighting|fought|battle|battles|battled|battling|firefight"
    "|firefights|gun battle|gun battles|gunbattle|exchange of fire|exchanged fire|skirmish|skirmishes|combat"
    "|offensive|counter-attack|counterattack|taking on|took on|ambush|ambushed|exchanged gunfire|traded fire"
    "|trade fire|trading fire|exchanged shots|shootout|shoot-out|gunfight|gunfights",
    (B, "Government regains territory"): "recaptured|retook|regained control|regained|took back|retaken|recapture",
    (B, "Non-state actor overtakes territory"): "overran|overrun|seized control|took control|captured the town"
    "|captured the city|captured the village|seized the town|seized the city|seized the village|fell to",
    (V, "Sexual violence"): "raped|rape|rapes|sexual violence|sexually assaulted|sexual assault",
    (
        V,
        "Attack",
    ): "massacre|massacred|executed|execution|executions|beheaded|murdered|shot dead|killed|killing|kill|kills"
    "|stabbed|opened fire|fired at|fired on|shot at|attack|attacks|attacked|attacking|raid|raided|assault"
    "|assaulted|stormed|hacked to death|stabbed to death|shot and killed|gunned down",
    (V, "Abduction/forced disappearance"): "abducted|abduction|abductions|kidnapped|kidnapping|kidnappings"
    "|taken hostage|held hostage|rounding up|rounded up|round up|forcibly disappeared|disappeared",
    (E, "Chemical weapon"): "chemical attack|chemical weapons|chemical weapon|sarin|chlorine gas|nerve agent"
    "|poison gas|mustard gas",
    (E, "Air/drone strike"): "air strike|air strikes|airstrike|airstrikes|air raid|air raids|drone strike"
    "|drone strikes|drone attack|warplanes|warplane|fighter jets|helicopter gunships|barrel bomb|barrel bombs"
    "|bombing raid|bombed|aircraft struck|aircraft had struck|jets struck|aircraft hit|jets bombed",
    (E, "Suicide bomb"): "suicide bomber|suicide bombers|suicide bombing|suicide attack|suicide car bomb"
    "|blew himself up|blew herself up|suicide blast",
    (E, "Shelling/artillery/missile attack"): "shelling|shelled|shells|artillery|mortar|mortars|mortar fire"
    "|rocket attack|rockets|rocket fire|missile|missiles|missile strike",
    (E, "Remote explosive/landmine/IED"): "roadside bomb|ied|ieds|landmine|landmines|land mine|car bomb"
    "|car bombs|explosive device|bomb exploded|bomb blast|explosion|explosions|blast|bomb|bombs|detonated",
    (E, "Grenade"): "grenade|grenades|hand grenade",
    (P, "Peaceful protest"): "protest|protests|protested|protesting|demonstration|demonstrations|demonstrated"
    "|rally|rallies|rallied|sit-in|took to the streets|marched|procession|vigil|placards|blockade|blockades"
    "|blocked the road|blocked roads|blocked a road|blocked the highway|to demand|waving flags|chanting",
    (P, "Protest with intervention"): "dispersed|tear gas|teargas|water cannon|rubber bullets|broke up",
    (P, "Excessive force against protesters"): "fired on protesters|opened fire on protesters|shot protesters"
    "|fired on demonstrators|opened fire on demonstrators|live ammunition|killed protesters",
    (R, "Violent demonstration"): "riot|riots|rioted|rioting|rioters|threw stones|hurled stones|threw rocks"
    "|burned tyres|burning tyres|set fire to",
    (R, "Mob violence"): "mob|mobs|lynched|lynching|vigilantes|vigilante|beat to death|beaten to death"
    "|stoned to death|burned alive",
    (S, "Agreement"): "ceasefire|cease-fire|truce|peace deal|peace agreement|signed an agreement|signed a deal"
    "|prisoner exchange|prisoner swap|accord|agreed to pull|agreed to withdraw|reached an agreement"
    "|reached a deal|signed a peace|peace accord",
    (S, "Arrests"): "arrested|arrest|arrests|detained|detention|taken into custody|apprehended|picked up"
    "|for questioning",
    (S, "Change to group/activity"): "split|splits|merged|merger|defected|defection|pledged allegiance"
    "|broke away|dissolved|disbanded|formed a new|joined forces",
    (S, "Disrupted weapons use"): "defused|weapons cache|arms cache|intercepted|shot down|seized weapons"
    "|dismantled a bomb|found and destroyed|controlled explosion|destroyed the mine|cleared the mine",
    (S, "Headquarters or base established"): "set up a base|established a base|set up headquarters"
    "|established headquarters|new base",
    (S, "Looting/property destruction"): "looted|looting|ransacked|torched|burned houses|burned homes"
    "|destroyed homes|demolished|vandalised|vandalized|pillaged|set alight|sets alight|set ablaze|on fire",
    (S, "Non-violent transfer of territory"): "withdrew|withdrawal|pulled out|handed over|retreated"
    "|evacuated|pulled back",
    (S, "Other"): "ultimatum|parade|curfew|state of emergency",
}
"""Each of ACLED's 25 sub-event types and the words that say one happened."""
GENERAL = frozenset(
    {"attack", "attacks", "attacked", "attacking", "killed", "killing", "kill", "kills", "fighting", "raid", "assault"}
)
"""Triggers that say less than another in the same sentence: 'killed in an air strike' is an air strike."""
NEGATIONS = frozenset(
    {"not", "no", "never", "n't", "denied", "deny", "denies", "denying", "without", "nor", "nobody", "none"}
)
THREATS = frozenset({"threatened", "threatens", "threaten", "threatening", "vowed", "vows", "warned", "warns"})
CONDITIONS = frozenset(
    words(
        """if unless would could might may will shall plans planned planning plan intends intend intended aims aim
        wants want seeks seek ready prepared possible possibly potential ban banned bans banning prohibited
        outlawed whenever"""
    )
)
FUTURE = frozenset(words("would will could might may shall 'll"))
"""After a trigger, what is to come ('the attacks would continue'), not what happened."""
DISASTERS = frozenset(
    words(
        """flood floods flooding earthquake earthquakes quake storm storms cyclone hurricane typhoon tornado
        landslide landslides mudslide drought wildfire wildfires avalanche tsunami eruption heatwave outbreak
        epidemic crash collision accident derailment"""
    )
)
_DEVICES = frozenset(
    (
        "bomb",
        "bombs",
        "roadside bomb",
        "car bomb",
        "car bombs",
        "explosive device",
        "ied",
        "ieds",
        "landmine",
        "landmines",
    )
)
"""Triggers that name a device, not its going off: beside a device defused or destroyed, no explosion."""
STATE_KINDS = frozenset({"state_forces", "government"})
ARMED_KINDS = frozenset({"armed_group", "state_forces", "coalition"})
VICTIM_KINDS = frozenset({"civilians", "person"})
WINDOW = 6
"""Words before a trigger in which a negation, threat or condition governs it."""


@dataclass(eq=False)
class Happening:
    """An event being drafted."""

    event_type: str
    sub_event_type: str
    sentence: Sentence
    trigger: Span
    participants: list[tuple[Fact, str]] = field(default_factory=list)
    places: list[Fact] = field(default_factory=list)
    """The named places of its sentence: what tells one event from another."""
    sites: list[Fact] = field(default_factory=list)
    """The sites of its sentence (sites.py), listed after its places: they tell no event apart."""
    date: DateRange | None = None
    deaths: Fatalities = field(default_factory=Fatalities)
    attribution: list[Attribution] = field(default_factory=list)
    certainty: str = "stated"
    confidence: float = 0.6
    also: list[Span] = field(default_factory=list)
    """Other sentences that tell of it (a headline, the sentences that go on with it)."""
    told: list[int] = field(default_factory=list)
    """The reading-order indices of the sentences that go on with it."""


def happenings(
    sentences: list[Sentence],
    actors: list[Fact],
    places: list[Fact],
    reference: dt.date | None,
    basis: str,
    anaphors: list[tuple[Fact, Span]] = [],  # noqa: B006  (read, never changed)
) -> list[Happening]:
    """Every event the sentences state; an anaphor ('the group', 'it') is a participant as the actor it
    stands for (service.drafts.anaphora)."""
    found: list[Happening] = []
    for sentence in sentences:
        found.extend(_continued(found, _in_sentence(sentence, actors, places, reference, basis, anaphors)))
    body = [h for h in found if h.sentence.field.name == "body"]
    kept: list[Happening] = []
    for happening in found:
        same = next(
            (h for h in body if (h.event_type, h.sub_event_type) == (happening.event_type, happening.sub_event_type)),
            None,
        ) or next((h for h in body if _family(h) == _family(happening) is not None), None)
        if happening.sentence.field.name != "body" and same is not None:
            same.also.append(happening.sentence.span)  # a headline restating the body's event is its evidence
            continue
        told_before = (
            next((h for h in kept if _tells_again(happening, h)), None)
            or _referred_to(happening, kept)
            or _damage_of(happening, kept)
        )
        if told_before is not None:
            told_before.also.append(happening.sentence.span)
            if told_before.deaths == Fatalities() and happening.deaths != Fatalities():
                told_before.deaths = happening.deaths
            continue
        kept.append(happening)
    return kept


def _damage_of(later: Happening, kept: list[Happening]) -> Happening | None:
    """'Gunmen stormed a police station … The building had been set on fire.': damage told just after the
    violence, at no other place or date and by no other party, is part of it (ACLED codes one event)."""
    if (later.event_type, later.sub_event_type) != (S, "Looting/property destruction") or later.places or later.date:
        return None
    last = next((h for h in reversed(kept) if h.sentence.field.name == "body"), None)
    if last is None or _family(last) != 1 or later.sentence.field is not last.sentence.field:
        return None
    if later.sentence.index - max(_told(last)) > 2:
        return None
    if not {f.id for f, _ in later.participants} <= {f.id for f, _ in last.participants}:
        return None
    return last


def _referred_to(later: Happening, kept: list[Happening]) -> Happening | None:
    """'The attack was the third this month', 'its troops repelled the assault': a trigger the text makes
    definite names the violence last told, where it gives it no other place or date."""
    doc, start = later.trigger.doc, later.trigger.start
    if start == 0 or doc[start - 1].lower_ not in {"the", "this", "that"} or later.sentence.field.name != "body":
        return None
    last = next((h for h in reversed(kept) if h.sentence.field.name == "body"), None)
    if last is None or _family(last) != _family(later) or _family(later) != 1:
        return None
    if (later.date is not None and later.date != last.date) or not {f.id for f in later.places} <= {
        f.id for f in last.places
    }:
        return None
    return last


def _tells_again(later: Happening, earlier: Happening) -> bool:
    """A later sentence of the body telling of an event already told ('The attack was the deadliest …'): of
    its type and sub-type, at no other place or date, with no party the first telling lacks."""
    if later.sentence.field.name != "body" or earlier.sentence.field.name != "body":
        return False
    if (later.event_type, later.sub_event_type) != (earlier.event_type, earlier.sub_event_type):
        return False
    if later.date is not None and later.date != earlier.date:
        return False
    if not {f.id for f in later.places} <= {f.id for f in earlier.places}:
        return False
    return {f.id for f, _ in later.participants} <= {f.id for f, _ in earlier.participants}


FAMILIES = ({P, R}, {B, V, E})
"""A headline's protest or riot is the body's protest or riot told short, whichever of the two it is coded; so
is its fighting the body's battle, attack or strike."""


def _family(happening: Happening) -> int | None:
    return next((i for i, types in enumerate(FAMILIES) if happening.event_type in types), None)


PROTEST_STEPS = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters")
"""A protest's sub-types, each saying more than the one before."""
INTERVENTION = frozenset({("Strategic developments", "Arrests"), *((P, sub) for sub in PROTEST_STEPS[:2])})
"""What may go on with a protest; fire on protesters is told as an event of its own (its sides differ)."""


def _continued(before: list[Happening], new: list[Happening]) -> list[Happening]:
    """A sentence that goes on with the protest of the sentence before it ('The protest turned violent.
    Police fired tear gas and arrested 30 people.') tells more of that protest, not of another: its
    intervention and arrests join it (the sub-type the more telling of the two, the forces a side of it),
    where it names no place or other day. The new events left to add."""
    if not new:
        return new
    sentence = new[0].sentence
    last = next((h for h in reversed(before) if h.event_type == P), None)
    if last is None or sentence.field is not last.sentence.field or sentence.index - 1 not in _told(last):
        return new
    if any(h.places for h in new):
        return new  # a place named again: maybe another protest
    if any(h.date is not None and h.date != last.date for h in new):
        return new  # another day
    left = []
    for happening in new:
        if (happening.event_type, happening.sub_event_type) not in INTERVENTION:
            left.append(happening)
            continue
        if happening.event_type == P and PROTEST_STEPS.index(happening.sub_event_type) > PROTEST_STEPS.index(
            last.sub_event_type
        ):
            last.sub_event_type = happening.sub_event_type
        _join_forces(last, happening)
        if sentence.span not in last.also:
            last.also.append(sentence.span)
            last.told.append(sentence.index)
    return left


def _join_forces(protest: Happening, intervention: Happening) -> None:
    """The forces of an intervention in a protest (tear gas, arrests) become the protest's other side."""
    sides = {fact.id for fact, _ in protest.participants}
    for fact, _ in intervention.participants:
        if fact.id not in sides and fact.kind in STATE_KINDS:
            role = "actor2" if "actor2" not in {r for _, r in protest.participants} else "associated_actor2"
            protest.participants.append((fact, role))
            sides.add(fact.id)


def _crowd_against_forces(mentioned: list[tuple[Fact, Span]]) -> bool:
    """A sentence whose only armed side is a state's forces, and that names a crowd (students, protesters)."""
    kinds = {fact.kind for fact, _ in mentioned}
    return "civilians" in kinds and bool(kinds & STATE_KINDS) and not kinds & {"armed_group", "coalition"}


def _told(happening: Happening) -> list[int]:
    """The sentences that tell of an event, by their place in the reading order."""
    return [happening.sentence.index, *happening.told]


def _in_sentence(
    sentence: Sentence,
    actors: list[Fact],
    places: list[Fact],
    reference: dt.date | None,
    basis: str,
    anaphors: list[tuple[Fact, Span]],
) -> list[Happening]:
    span = sentence.span
    lower = {t.lower_ for t in span}
    triggers = []
    for match_id, start, end in _matcher()(span.doc, as_spans=False):
        if start < span.start or end > span.end:
            continue
        trigger = span.doc[start:end]
        if trigger.text == "March" or _inside_name(trigger, actors, places) or _quoted(trigger):
            continue
        if _qualifies_a_noun(trigger):
            continue  # 'the detained leaders', 'the abducted girls': people an event told before made so
        if (
            trigger.text.lower() in ("fighting", "fight")
            and end < len(span.doc)
            and span.doc[end].is_lower
            and (
                span.doc[end].is_alpha
                and span.doc[end].lower_ not in {"in", "at", "on", "between", "with", "against", "for"}
            )
            and not any(m.start == end for f in actors for m in f.mentions)
        ):
            continue  # 'fighting extremism': a gerund with its object, no battle
        triggers.append((pipeline().vocab.strings[match_id], trigger))
    if any(label == f"{S}::Disrupted weapons use" for label, _ in triggers):  # 'found and destroyed a bomb'
        triggers = [(label, t) for label, t in triggers if t.text.lower() not in _DEVICES]  # the bomb is defused
    if not triggers:
        return []
    if _background(span):
        return []
    standing = [(f, m) for f, m in anaphors if _within(m, span)]
    mentioned = sorted(
        ((f, m) for f, m in [*_mentions_in(span, actors), *standing] if not _speaks(m)), key=lambda p: p[1].start
    )
    where = [fact for fact in places if any(_within(m, span) for m in fact.mentions)]
    sites = [fact for fact in where if fact.extra.get("site")]
    where = [fact for fact in where if not fact.extra.get("site")]
    told = [f for f in where if any(_within(m, span) and not is_dateline(m) for m in f.mentions)]
    if told:  # 'PEMBA, Mozambique (Reuters) - Insurgents raided a village near Macomia': Pemba is where it was filed
        where = told
    found: dict[tuple[str, str], Happening] = {}
    threatened = False
    specific = any(t.text.lower() not in GENERAL for _, t in triggers)
    for label, trigger in sorted(triggers, key=lambda t: t[1].start):
        event_type, sub_type = label.split("::")
        modality = _modality(trigger)
        if modality == "threat":
            threatened = True
            continue
        if modality is not None:
            continue
        if specific and trigger.text.lower() in GENERAL and len(trigger) == 1:
            continue
        if lower & DISASTERS and event_type in (V, B) and not (lower & {"gunmen", "attackers", "troops", "rebels"}):
            continue
        event_type, sub_type = _refined(event_type, sub_type, trigger, mentioned, lower)
        if event_type == B and sub_type == "Armed clash" and _crowd_against_forces(mentioned):
            event_type, sub_type = R, "Violent demonstration"  # students clashing with police: a riot
        if (event_type, sub_type) in found:
            continue
        happening = Happening(event_type, sub_type, sentence, trigger)
        happening.participants = _roles(event_type, sub_type, trigger, mentioned)
        armed = [f for f, _ in happening.participants if f.kind in ARMED_KINDS | STATE_KINDS]
        if event_type == B and (not armed or (len(happening.participants) < 2 and not where)):
            continue
        if event_type in (V, R) and not happening.participants:
            continue
        if sub_type == "Non-violent transfer of territory" and not armed:
            continue  # 'rescuers evacuated 2,000 families': no armed side hands over ground
        found[event_type, sub_type] = happening
    protest = next((h for h in found.values() if h.event_type == P), None)
    arrests = found.get((S, "Arrests"))
    if protest is not None and arrests is not None:  # 'students marched …; police detained 12 activists'
        del found[S, "Arrests"]
        _join_forces(protest, arrests)
        if protest.sub_event_type == "Peaceful protest":
            protest.sub_event_type = "Protest with intervention"
    if threatened and not found:
        trigger = next(t for _, t in triggers)
        happening = Happening(S, "Other", sentence, trigger, confidence=0.4)
        happening.participants = [(fact, "actor1") for fact, m in mentioned[:1] if m.start < trigger.start]
        if happening.participants:
            found[S, "Other"] = happening
    if any(k[0] != S for k in found):
        found = {k: h for k, h in found.items() if k[0] != S}
    violent = [k for k in found if k[0] in (B, V, E)]
    for k in violent[1:]:
        del found[k]
    deaths = fatalities.deaths(sentence.text)
    date = dates.stated(sentence.text)
    when = date[0] if date else dates.relative(sentence.text, reference, basis)
    attribution, certainty = _attribution(span, _mentions_in(span, actors))
    for index, happening in enumerate(found.values()):
        happening.places, happening.sites = where, sites
        happening.date = when
        if deaths is not None and index == 0:
            happening.deaths = deaths
        happening.attribution, happening.certainty = attribution, certainty
    return list(found.values())


@functools.cache
def _matcher() -> PhraseMatcher:
    """The triggers, by their words in lower case, each labelled 'type::sub-type': built once per process."""
    matcher = phrase_matcher("LOWER")
    for (event_type, sub_type), phrases in TRIGGERS.items():
        matcher.add(f"{event_type}::{sub_type}", patterns(phrases.split("|")))
    return matcher


def _speaks(mention: Span) -> bool:
    """The name is the sentence's source ('…, residents said', 'Amnesty International said …'), not a party."""
    doc = mention.doc
    end = mention.end
    if end + 1 < len(doc) and doc[end].lower_ == "of" and is_capitalised(doc[end + 1]):
        end += 1  # 'Residents of Monguno said'
        while end < len(doc) and is_capitalised(doc[end]):
            end += 1
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in _SAYS:
        return True  # 'Peter Lokuta, said' (after an apposition)
    if end + 1 < len(doc) and doc[end].text == ",":  # 'The station chief, Peter Lokuta, said'
        close = next((t.i for t in doc[end + 1 : end + 8] if t.text == ","), None)
        end = close + 1 if close is not None else end
    return end < len(doc) and doc[end].lower_ in _SAYS


_SAYS = frozenset({"said", "says", "told", "tells", "reported", "reports", "added", "claimed", "claims"})


def _background(span: Span) -> bool:
    """A sentence of what went before, not of the news: 'since 2012', 'since the war began', 'two years ago',
    'the anniversary of'. ('Fighting since Monday' is today's news.)"""
    doc = span.doc
    for token in span:
        if token.lower_ in {"ago", "anniversary"}:
            return True
        if token.lower_ == "since" and token.i + 1 < span.end:
            after = doc[token.i + 1]
            if (after.like_num and len(after.text) == 4) or (
                after.lower_ == "the" and token.i + 2 < span.end and doc[token.i + 2].lower_ in _BEGINNINGS
            ):
                return True
    return False


_BEGINNINGS = frozenset(words("start beginning outbreak war conflict uprising insurgency revolution coup"))


def _qualifies_a_noun(trigger: Span) -> bool:
    """A one-word participle between a determiner and a noun ('the detained leaders', 'those abducted')."""
    doc = trigger.doc
    if len(trigger) != 1 or not trigger[0].lower_.endswith("ed") or trigger.start == 0:
        return False
    if doc[trigger.start - 1].lower_ not in {"the", "those", "these", "all", "its", "their"}:
        return False
    return trigger.end < len(doc) and doc[trigger.end].is_alpha and doc[trigger.end].lower_ not in _NOT_NOUNS


_NOT_NOUNS = frozenset(words("by in on at and or was were had have has"))


def _quoted(trigger: Span) -> bool:
    """Inside quotation marks: someone's words, often figurative ('stabbed in the back')."""
    before = trigger.doc[trigger.sent.start : trigger.start].text
    return (before.count('"') + before.count("“") + before.count("”")) % 2 == 1


def _inside_name(trigger: Span, actors: list[Fact], places: list[Fact]) -> bool:
    return any(
        m.doc is trigger.doc and m.start <= trigger.start and trigger.end <= m.end and m[0].is_title
        for fact in (*actors, *places)
        for m in fact.mentions
    )


def _mentions_in(span: Span, actors: list[Fact]) -> list[tuple[Fact, Span]]:
    """The actors the sentence names, in order; not one that only qualifies another ('al-Qaeda-linked Isis')."""
    doc = span.doc
    found = [
        (fact, m)
        for fact in actors
        for m in fact.mentions
        if _within(m, span)
        and not (m.end + 1 < len(doc) and doc[m.end].text == "-" and doc[m.end + 1].lower_ in _QUALIFYING)
        and not (m.end < len(doc) and doc[m.end].lower_ in _MODIFIED)
    ]
    return sorted(found, key=lambda pair: pair[1].start)


_QUALIFYING = frozenset({"linked", "affiliated", "backed", "allied", "led", "held", "controlled", "aligned"})
_MODIFIED = lexicon.NOUNS_AFTER_ACTOR | {"affiliate", "affiliates", "offshoot", "linked"}
"""After an actor's name, a noun it qualifies ('al-Qaeda leadership', 'Isis custody'): the actor is not there."""


def _within(inner: Span, outer: Span) -> bool:
    return inner.doc is outer.doc and outer.start <= inner.start and inner.end <= outer.end


def _modality(trigger: Span) -> str | None:
    """'negated', 'threat' or 'condition' where the words just before the trigger (in its clause) say so."""
    doc = trigger.doc
    start = max(trigger.sent.start, trigger.start - WINDOW)
    before = [t.lower_ for t in doc[start : trigger.start]]
    clause = []
    for token in reversed(doc[trigger.sent.start : trigger.start]):
        if token.text in {";", "."}:
            break
        clause.append(token.lower_)
        if token.lower_ in {"if", "unless"}:
            return "condition"
        if token.text == "," and len(clause) > WINDOW:
            break
    if set(before) & THREATS or "ultimatum" in before:
        return "threat"
    if set(before) & NEGATIONS:
        return "negated"
    if set(before) & CONDITIONS:
        return "condition"
    after = [t.lower_ for t in doc[trigger.end : min(trigger.end + 2, trigger.sent.end)]]
    if after[:1] and after[0] in FUTURE:
        return "condition"  # 'said the attacks would continue': what someone says is to come
    if after[:1] == ["or"] and any(t in {"captured", "wounded", "injured", "arrested"} for t in after[1:]):
        return "condition"
    return None


def _refined(
    event_type: str, sub_type: str, trigger: Span, mentioned: list[tuple[Fact, Span]], lower: set[str]
) -> tuple[str, str]:
    """The sub-type the sentence's actors and words make of a trigger: an attack between armed sides is a
    battle; fire on protesters is excessive force; protesters dispersed is a protest with intervention."""
    kinds = {fact.kind for fact, _ in mentioned}
    protest = bool(lower & {"protesters", "demonstrators", "protest", "protesting", "protests", "demonstration"})
    if (event_type, sub_type) == (V, "Attack"):
        if protest and kinds & ARMED_KINDS:
            return P, "Excessive force against protesters"
        armed = {fact.id for fact, _ in mentioned if fact.kind in ARMED_KINDS | STATE_KINDS}
        if not kinds & VICTIM_KINDS and len(armed) >= 2:
            return B, "Armed clash"  # an attack on an armed side is a battle
    if event_type == P and sub_type == "Peaceful protest" and lower & {"dispersed", "tear", "arrested", "detained"}:
        return P, "Protest with intervention"
    if (
        (event_type, sub_type) == (R, "Violent demonstration")
        and not protest
        and not kinds & VICTIM_KINDS
        and kinds & ARMED_KINDS
    ):
        return S, "Looting/property destruction"  # gunmen who set fire to a car: no crowd, no riot
    if (event_type, sub_type) == (S, "Arrests") and not kinds & STATE_KINDS and kinds & {"armed_group"}:
        return V, "Abduction/forced disappearance"
    if (
        (event_type, sub_type) == (B, "Non-state actor overtakes territory")
        and kinds & STATE_KINDS
        and not kinds & {"armed_group"}
    ):
        return B, "Government regains territory"
    return event_type, sub_type


def _roles(event_type: str, sub_type: str, trigger: Span, mentioned: list[tuple[Fact, Span]]) -> list[tuple[Fact, str]]:
    """ACLED roles from the sentence: the side before the trigger is actor1, the side after it actor2 (for a
    battle, an agreement) or the target (the harmed or acted upon: civilians, the arrested); 'by X' is actor1;
    an actor named with another ('X and Y', 'X, backed by Y') is its associated actor."""
    doc = trigger.doc
    by = [(f, m) for f, m in mentioned if m.start >= trigger.end and m.start > 0 and doc[m.start - 1].lower_ == "by"]
    before = [(f, m) for f, m in mentioned if m.end <= trigger.start and (f, m) not in by]
    after = [(f, m) for f, m in mentioned if m.start >= trigger.end and (f, m) not in by]
    if by:
        before = by + before
    harms = event_type in (V, E) or sub_type in ("Excessive force against protesters", "Arrests")
    if event_type in (P, R) and not harms:
        crowd = [f for f, _ in before + after if f.kind in VICTIM_KINDS]
        forces = [f for f, _ in before + after if f.kind in STATE_KINDS]
        return _distinct(_side(crowd, "actor1", "associated_actor1") + _side(forces, "actor2", "associated_actor2"))
    if event_type == B:
        before = [(f, m) for f, m in before if f.kind in ARMED_KINDS | STATE_KINDS]
        after = [(f, m) for f, m in after if f.kind in ARMED_KINDS | STATE_KINDS]
    agents = _together([(f, m) for f, m in before if not (harms and f.kind in VICTIM_KINDS)], trigger, nearest=True)
    if harms:
        if not agents:
            agents = [f for f, _ in after if f.kind not in VICTIM_KINDS][:1]
        victims = [f for f, _ in before + after if f.kind in VICTIM_KINDS and f not in agents]
        armed_after = [f for f, _ in after if f.kind in ARMED_KINDS and f not in agents]
        return _distinct(
            _side(agents, "actor1", "associated_actor1")
            + [(f, "target") for f in victims]
            + _side(armed_after, "actor2", "associated_actor2")
        )
    if event_type == B and len(agents) >= 2 and not after and trigger[0].lower_ in _MUTUAL:
        first = {f: min(m.start for g, m in before if g is f) for f in agents}
        one, other, *rest = sorted(agents, key=first.__getitem__)  # 'X and Y clashed': both are sides
        return _distinct([(one, "actor1"), (other, "actor2"), *((f, "associated_actor1") for f in rest)])
    if not agents and event_type != S:
        agents = [f for f, _ in after[:1]]
        after = after[1:]
    others = _together([(f, m) for f, m in after if f not in agents], trigger, nearest=False)
    return _distinct(_side(agents, "actor1", "associated_actor1") + _side(others, "actor2", "associated_actor2"))


_MUTUAL = frozenset(("clash", "clashes", "clashed", "clashing", "fought", "battled", "battling", "fighting"))
"""Triggers whose subjects are both sides: 'X and Y clashed' (X actor1, Y actor2)."""


def _side(facts: list[Fact], first: str, rest: str) -> list[tuple[Fact, str]]:
    return [(fact, first if i == 0 else rest) for i, fact in enumerate(facts)]


def _together(mentions: list[tuple[Fact, Span]], trigger: Span, *, nearest: bool) -> list[Fact]:
    """The actor nearest the trigger and those named with it ('X and Y', 'X as well as Y', 'X, backed by Y')."""
    if not mentions:
        return []
    ordered = list(reversed(mentions)) if nearest else list(mentions)
    side = [ordered[0]]
    doc = trigger.doc
    for fact, mention in ordered[1:]:
        last = side[-1][1]
        lo, hi = (mention.end, last.start) if nearest else (last.end, mention.start)
        between = " ".join(
            w for w in doc[lo:hi].text.lower().replace("(", " ").replace(")", " ").split() if w not in _NOT_BETWEEN
        )  # 'Hayat Tahrir al-Sham (HTS) and the TIP': the acronym's brackets part no sides
        if between in _JOINED_SIDES:
            side.append((fact, mention))
        else:
            break
    return [fact for fact, _ in side]


_NOT_BETWEEN = lexicon.MEMBER_NOUNS | {"groups"}
_JOINED_SIDES = frozenset(
    {"and", ",", ", and", "as well as", "along with", "alongside", "with", "and the", "as well as the", "backed by"}
)


def _distinct(roles: list[tuple[Fact, str]]) -> list[tuple[Fact, str]]:
    seen: set[str] = set()
    kept = []
    for fact, role in roles:
        if fact.id not in seen:
            seen.add(fact.id)
            kept.append((fact, role))
    return kept


def _source_before(doc: Doc, verb: int, start: int) -> int | None:
    """Where ', a monitoring group said' or 'reports said' begins: a short phrase of common words before the
    verb, after a comma or dash."""
    i = verb
    while i > start and verb - i < 6 and doc[i - 1].text not in {",", "-", "\u2013", "\u2014", "."}:
        if doc[i - 1].is_title and doc[i - 1].i != start:
            return None
        i -= 1
    if i == verb or (i > start and doc[i - 1].text not in {",", "-", "\u2013", "\u2014"}):
        return None
    return i


def _attribution(span: Span, mentioned: list[tuple[Fact, Span]]) -> tuple[list[Attribution], str]:
    """Who the sentence says it comes from, in its words, and how it vouches: 'reports said' → reported, a
    party's own word → claimed, an accusation → alleged."""
    doc = span.doc
    words = [t.lower_ for t in span]
    if {"accused", "alleged", "allegedly", "accuses", "accusing"} & set(words):
        certainty = "alleged"
    elif lexicon.REPORTING & set(words):
        certainty = "reported"
    else:
        certainty = "stated"
    attributions = []
    for token in span:
        if token.lower_ == "according" and token.i + 1 < span.end and doc[token.i + 1].lower_ == "to":
            source = next((f for f, m in mentioned if m.start in (token.i + 2, token.i + 3)), None)
            end = min(span.end, token.i + 7)
            words_end = next((j for j in range(token.i + 2, end) if doc[j].text in {",", ".", ";"}), end)
            attributions.append(Attribution(text=doc[token.i : words_end].text, source=source.id if source else None))
        elif token.lower_ in {"said", "says", "told", "reported", "claimed", "added"}:
            speaker = next(((f, m) for f, m in reversed(mentioned) if m.end <= token.i and token.i - m.end <= 3), None)
            passive = token.i > 0 and doc[token.i - 1].lower_ in {"is", "are", "was", "were", "been", "be"}
            if passive:
                attributions.append(Attribution(text=doc[token.i - 1 : token.i + 1].text))
            elif speaker is not None:
                fact, mention = speaker
                attributions.append(Attribution(text=doc[mention.start : token.i + 1].text, source=fact.id))
            elif (said_by := _source_before(doc, token.i, span.start)) is not None:
                attributions.append(Attribution(text=doc[said_by : token.i + 1].text))
        elif token.lower_ in {"reportedly", "allegedly"}:
            attributions.append(Attribution(text=token.text))
    if attributions and certainty == "stated":
        certainty = "reported"
    return attributions[:5], certainty
