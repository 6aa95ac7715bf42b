"""The draft pages: the form to paste an article's text into, and the draft to review, its text marked as the
article page marks it, its places on the article page's map and its events on its timeline, each proposal in its
panel with what a person may change of it.

No script: the review is one form, and what it sends is read by service/review.py, which names its fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

import msgspec

from schemas import Problem
from schemas.v1.drafts import Alternative, Draft, Proposal
from service.renderers.html.entities import Index, words
from service.renderers.html.map import map_view
from service.renderers.html.marks import KINDS
from service.renderers.html.page import marked_text, render_template, security_headers
from service.renderers.html.timeline import timeline_view
from service.review import (
    ARTICLE_ID,
    DRAFT,
    HINTS,
    KEPT,
    TICKED_FROM,
    TOKEN,
    TYPE_SEPARATOR,
    VOCABULARIES,
    Pasted,
    Review,
    alternative_field,
    item_of,
    kind_field,
    kind_of,
    steps,
    value_at,
)

SOURCES = {
    "corpus": "the corpus (a fact already stored)",
    "gazetteer": "the GeoNames gazetteer",
    "rules": "the rules",
    "model": "a trained model",
}
"""What proposed a fact, in words."""
KIND_LABELS = {"actors": "Kind", "locations": "Kind of place", "events": "ACLED type", "relations": "Relation"}


@cache
def form_headers() -> Mapping[str, str]:
    """The pages' security headers, but that their forms may be sent to this origin; and never cached (a draft is
    one person's, and the review page carries it)."""
    return MappingProxyType({**security_headers("'self'"), "Cache-Control": "no-store"})


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True, slots=True)
class OptionGroup:
    label: str | None
    options: tuple[Option, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One of a proposal's readings to choose from: as proposed (value ''), or an alternative (its position)."""

    value: str
    label: str
    detail: str
    checked: bool


@dataclass(frozen=True, slots=True)
class Reviewable:
    """A proposal as the page offers it: kept or not, its kind to change, its candidates, the problems it has."""

    control: str
    """The id of its checkbox; its other controls' ids start with it."""
    path: str
    proposal: Proposal
    label: str
    kept: bool
    kind_field: str
    kind_label: str
    kinds: tuple[OptionGroup, ...]
    alternative_field: str
    candidates: tuple[Candidate, ...]
    problems: tuple[str, ...]


def _kinds(collection: str, current: str) -> tuple[OptionGroup, ...]:
    values = VOCABULARIES[collection]
    if collection != "events":
        return (OptionGroup(None, tuple(Option(v, words(v), v == current) for v in values)),)
    groups: dict[str, list[Option]] = {}
    for value in values:
        kind, _, sub = value.partition(TYPE_SEPARATOR)
        groups.setdefault(kind, []).append(Option(value, sub, value == current))
    return tuple(OptionGroup(kind, tuple(options)) for kind, options in groups.items())


def _as_proposed(collection: str | None, item: Any) -> str:
    """What the fact is as proposed, in a few words: for a place, where its coordinates are from."""
    if collection == "locations" and isinstance(item, dict):
        where = [item["country"]] if item.get("country") else []
        point = item.get("coordinates")
        where.append(f"{point['latitude']:.4f}, {point['longitude']:.4f}" if point else "no coordinates")
        return " · ".join(where)
    return ""


def _candidate(index: int, alternative: Alternative, chosen: int | None) -> Candidate:
    detail = f"{SOURCES[alternative.source]} · confidence {alternative.confidence:.2f}"
    return Candidate(str(index), alternative.label, detail, chosen == index)


def _label(path: str, index: Index, document: dict[str, Any]) -> str:
    """A proposal's name on the page: its item's label, or the field it proposes and the value proposed."""
    where = item_of(path)
    if where is not None:
        collection, position = where
        item = value_at(document, f"$.{collection}[{position}]")
        entity = index.entity(collection, item["id"]) if isinstance(item, dict) else None
        rest = steps(path)[2:]
        name = entity.label if entity else path
        return f"{name}: {words(str(rest[-1]))}" if rest else name
    value = value_at(document, path)
    shown = value if isinstance(value, str) else msgspec.json.encode(value).decode()
    return f"{words(str(steps(path)[-1])).capitalize()}: {shown}"


def _whole_item(path: str) -> bool:
    return item_of(path) is not None and len(steps(path)) == 2


def reviewables(draft: Draft, review: Review, problems: Mapping[str, list[str]]) -> dict[str, Reviewable]:
    """Every proposal of the draft as the page offers it, by its path."""
    index = Index(draft.article)
    document = msgspec.to_builtins(draft.article)
    found: dict[str, Reviewable] = {}
    for number, proposal in enumerate(draft.proposals):
        path = proposal.path
        where = item_of(path)
        item = value_at(document, path)
        collection = where[0] if where else None
        kinds: tuple[OptionGroup, ...] = ()
        if collection and _whole_item(path) and isinstance(item, dict):
            kinds = _kinds(collection, review.kinds.get(path) or kind_of(collection, item))
        chosen = review.alternatives.get(path)
        candidates = tuple(_candidate(i, a, chosen) for i, a in enumerate(proposal.alternatives))
        if candidates:
            candidates = (Candidate("", "As proposed", _as_proposed(collection, item), chosen is None), *candidates)
        found[path] = Reviewable(
            control=f"proposal-{number}",
            path=path,
            proposal=proposal,
            label=_label(path, index, document),
            kept=path in review.kept,
            kind_field=kind_field(path),
            kind_label=KIND_LABELS.get(collection or "", "Kind"),
            kinds=kinds,
            alternative_field=alternative_field(path),
            candidates=candidates,
            problems=tuple(problems.get(path, ())),
        )
    return found


def _attached(problems: Sequence[Problem], paths: Sequence[str]) -> tuple[dict[str, list[str]], list[Problem]]:
    """Each problem beside the proposal it is in (the longest path it starts with); the others apart."""
    beside: dict[str, list[str]] = {}
    apart: list[Problem] = []
    for problem in problems:
        owner = max(
            (p for p in paths if problem.path == p or problem.path.startswith((p + ".", p + "["))),
            key=len,
            default=None,
        )
        if owner is None:
            apart.append(problem)
        else:
            rest = problem.path.removeprefix(owner)
            beside.setdefault(owner, []).append(
                f"{rest.removeprefix('.')}: {problem.message}" if rest else problem.message
            )
    return beside, apart


def draft_page(
    draft: Draft,
    review: Review,
    *,
    action: str,
    problems: Sequence[Problem] = (),
    token_problem: str | None = None,
) -> bytes:
    """The draft to review: `problems` (paths into the draft) beside the facts they are about, a problem of the
    write token beside it; the form is sent to `action`."""
    article = draft.article
    index = Index(article)
    marked, body = marked_text(index)
    beside, apart = _attached(problems, [p.path for p in draft.proposals])
    offered = reviewables(draft, review, beside)
    id_problems = [p.message for p in apart if p.path == "$.id"]
    return render_template(
        "draft.html.j2",
        article=article,
        index=index,
        marked=marked,
        body=body,
        map=map_view(index),
        timeline=timeline_view(index),
        draft=draft,
        draft_json=msgspec.json.encode(draft).decode(),
        offered=offered,
        others=[r for r in offered.values() if not _whole_item(r.path)],
        paths={name: [f"$.{name}[{i}]" for i in range(len(getattr(article, name)))] for name in KINDS},
        kinds=KINDS,
        problems=[p for p in apart if p.path != "$.id"],
        id_problems=id_problems,
        token_problem=token_problem,
        article_id=review.article_id or article.id,
        threshold=TICKED_FROM,
        sources=SOURCES,
        fields={"draft": DRAFT, "token": TOKEN, "id": ARTICLE_ID, "kept": KEPT},
        action=action,
    )


def paste_page(pasted: Pasted, *, action: str, problems: Mapping[str, str] | None = None) -> bytes:
    """The form to paste an article's text into, as typed (a NUL shown as U+FFFD, which HTML puts in its place), with
    each problem beside its field."""
    shown = Pasted(**{f: getattr(pasted, f).replace("\x00", "\N{REPLACEMENT CHARACTER}") for f in HINTS})
    return render_template("draft_new.html.j2", pasted=shown, problems=problems or {}, action=action)
