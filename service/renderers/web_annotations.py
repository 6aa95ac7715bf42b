"""W3C Web Annotations: one Annotation per evidence span, tying a fact to the words of the article it rests on.

Each annotation's body is the fact's URL (its @id in our schema.org JSON-LD); its target is the text field the
span is in (`{article URL}#{field}`: `#body`, `#headline`, `#image.caption`), narrowed by a TextQuoteSelector
(the quote, with some context either side) and a TextPositionSelector (the span's offsets, which count code
points of the field's text, as the standard's do). Actors and places are `identifying`: the words name them;
events and relations are `describing`: the fact is a structured description of what the words report.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from schemas import COLLECTIONS, Article
from schemas.v1 import Evidence
from schemas.v1 import text_of as model_text_of
from service import paths
from service.records import batched
from service.renderers.base import Rendered, Renderer, Resource, View

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SUFFIX = "annotations.jsonld"
MOTIVATIONS: dict[str, str] = {
    "actors": "identifying",
    "locations": "identifying",
    "events": "describing",
    "relations": "describing",
}
"""Each collection's motivation (Web Annotation §3.3.5); the keys are the model's collections."""
CONTEXT_LENGTH = 30
"""How many characters of the text before and after a quote its TextQuoteSelector carries (fewer at an end)."""


def text_of(article: Article, field: str) -> str:
    """The text an evidence span's `field` names: a dotted path into the article ('image.caption')."""
    text = model_text_of(article, field)
    assert text is not None, f"evidence on {field!r}, which the article does not have"
    return text


def annotation(article: Article, base_url: str, collection: str, fact: Any, index: int) -> dict[str, Any]:
    """The annotation of the fact's evidence span `index`: its id is the fact's URL and `#evidence-{index}`."""
    evidence: Evidence = fact.evidence[index]
    text = text_of(article, evidence.field)
    quote = {"type": "TextQuoteSelector", "exact": evidence.quote}
    if prefix := text[max(0, evidence.start - CONTEXT_LENGTH) : evidence.start]:
        quote["prefix"] = prefix
    if suffix := text[evidence.end : evidence.end + CONTEXT_LENGTH]:
        quote["suffix"] = suffix
    fact_url = base_url + paths.item(article.id, collection, fact.id)
    return {
        "id": f"{fact_url}#evidence-{index}",
        "type": "Annotation",
        "motivation": MOTIVATIONS[collection],
        "body": fact_url,
        "target": {
            "type": "SpecificResource",
            "source": f"{base_url}{paths.article(article.id)}#{evidence.field}",
            "selector": [quote, {"type": "TextPositionSelector", "start": evidence.start, "end": evidence.end}],
        },
    }


def _facts(resource: Resource) -> Iterator[tuple[Article, str, Any]]:
    """(article, collection, fact) of every fact the resource holds, in the order it holds them."""
    if resource.view is View.ARTICLE:
        article = resource.article
        assert article is not None
        for collection in COLLECTIONS:
            yield from ((article, collection, fact) for fact in getattr(article, collection))
        return
    for record in resource.records:
        found = resource.articles.get(record.article_id)
        if found is not None:  # (else deleted since the records were read)
            yield found, record.collection, record.item()


def items(resource: Resource) -> Iterator[dict[str, Any]]:
    for article, collection, fact in _facts(resource):
        for index in range(len(fact.evidence)):
            yield annotation(article, resource.base_url, collection, fact, index)


def page(resource: Resource) -> dict[str, Any]:
    """The AnnotationPage (without its items): named by the URL it is served at; linked to the next page."""
    query = f"?{resource.query}" if resource.query else ""
    head: dict[str, Any] = {"@context": CONTEXT, "id": f"{resource.url}.{SUFFIX}{query}", "type": "AnnotationPage"}
    return head | ({"next": resource.next_url} if resource.next_url else {})


def render(resource: Resource) -> Rendered:
    if not resource.streamed:
        return orjson.dumps(page(resource) | {"items": list(items(resource))})
    return _stream(resource)


def _stream(resource: Resource) -> Iterator[bytes]:
    yield orjson.dumps(page(resource))[:-1] + b',"items":['
    yield from _joined(batched(items(resource), 1_000))
    yield b"]}"


def _joined(chunks: Iterable[list[dict[str, Any]]]) -> Iterator[bytes]:
    first = True
    for chunk in chunks:
        yield (b"" if first else b",") + b",".join(map(orjson.dumps, chunk))
        first = False


RENDERER = Renderer(
    name="annotations",
    suffix=SUFFIX,
    media_type=f'application/ld+json; profile="{CONTEXT}"',
    views=frozenset({View.ARTICLE, View.COLLECTION, View.ITEM}),
    render=render,
)
