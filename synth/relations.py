"""How the actors stand to each other: the fixed ties of who works for and fights whom, then a few rivalries."""

from __future__ import annotations

import random
from typing import Literal

from schemas.v1 import Actor, Attribution, Relation
from schemas.v1.actors import RelationType
from synth.cast import Cast
from synth.text import TextWriter

RELATION_LEADS = ("Meanwhile,", "For months,", "Since last year,", "By then,", "At the same time,", "Locally,")
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


def relate_actors(rng: random.Random, body: TextWriter, cast: Cast) -> list[Relation]:
    """About 15 relations, each stated by a sentence of the body, four to a paragraph."""
    writer = _RelationWriter(rng, body)
    writer.relate(cast.correspondent, "works_for", cast.publisher)
    writer.relate(cast.forces, "part_of", cast.government)
    writer.relate(cast.spokesperson, "spokesperson_for", cast.groups[0])
    if cast.commander:
        writer.relate(cast.commander, "leader_of", rng.choice(cast.groups))
    for group in rng.sample(cast.groups, 2):
        writer.relate(group, "member_of", cast.coalition)
    for group in cast.groups:
        writer.relate(group, "fighting", cast.forces)
    for civilians in cast.civilians:
        writer.relate(civilians, "opposes", rng.choice(cast.groups))
    if cast.party:
        writer.relate(cast.party, rng.choice(PARTY_STANCES), cast.government)
    for _ in range(rng.randint(3, 6)):
        relation_type = rng.choice(RIVALRIES)
        subject, object_ = rng.sample([*cast.groups, cast.coalition], 2)
        if frozenset((subject.id, object_.id)) in writer.related:
            continue
        status: Literal["current", "former"] = (
            "former" if relation_type == "allied_with" and rng.random() < 0.3 else "current"
        )
        alleged = relation_type == "supports" and rng.random() < 0.5
        writer.relate(subject, relation_type, object_, status=status, alleged=alleged)
    return writer.relations


class _RelationWriter:
    """The relations stated so far, and which pairs of actors they already relate (one relation a pair)."""

    def __init__(self, rng: random.Random, body: TextWriter):
        self.rng = rng
        self.body = body
        self.related: set[frozenset[str]] = set()
        self.relations: list[Relation] = []

    def relate(
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
