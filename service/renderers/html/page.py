"""The article as a page for people: its text with every evidence span marked, its facts in panels, a map, a timeline.

Server-rendered with Jinja2 and autoescaped, so every value from the data is escaped (SVG text included); the page
runs no script and loads nothing from elsewhere. The sibling modules shape the data; the markup is in
service/templates/.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from markupsafe import Markup

import schemas
from schemas import Article, ArticleSummary
from schemas.v1 import TEXT_FIELDS, text_of
from service.renderers import embed
from service.renderers.base import Rendered, Renderer, Resource, View
from service.renderers.html.chart import EventsChart
from service.renderers.html.entities import Index, date_text, words
from service.renderers.html.map import map_view
from service.renderers.html.marks import KINDS, Block, Segment, body_blocks, segments
from service.renderers.html.timeline import timeline_view

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
MEDIA_TYPE = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class FormatLink:
    label: str
    href: str
    media_type: str
    current: bool = False


@dataclass(frozen=True, slots=True)
class FormatRow:
    title: str
    links: tuple[FormatLink, ...]


def format_links(
    formats: Sequence[Renderer], path: str, view: View, collection: str | None = None, current: str | None = None
) -> tuple[FormatLink, ...]:
    """The resource at `path` in each of the formats (the renderer table) that serves it."""
    return tuple(
        FormatLink(f".{r.suffix}", f"{path}.{r.suffix}", r.media_type, r.name == current)
        for r in formats
        if r.serves(view, collection)
    )


def format_rows(article: Article, formats: Sequence[Renderer]) -> list[FormatRow]:
    path = f"/{schemas.API_VERSION}/articles/{article.id}"
    rows = [FormatRow("This article", format_links(formats, path, View.ARTICLE, current=RENDERER.name))]
    rows += (
        FormatRow(f"Its {name}", format_links(formats, f"{path}/{name}", View.COLLECTION, name))
        for name in schemas.COLLECTIONS
    )
    return rows


def _item_links(article: Article, formats: Sequence[Renderer]) -> dict[str, tuple[FormatLink, ...]]:
    base = f"/{schemas.API_VERSION}/articles/{article.id}"
    return {
        f"{KINDS[name]}-{item.id}": format_links(formats, f"{base}/{name}/{item.id}", View.ITEM, name)
        for name in schemas.COLLECTIONS
        for item in getattr(article, name)
    }


@dataclass(frozen=True, slots=True)
class Stylesheet:
    text: str
    source: str
    """Its CSP source expression, 'sha256-…': the one inline style a page may apply."""


@cache
def stylesheet() -> Stylesheet:
    text = (TEMPLATES / "page.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return Stylesheet(text, f"sha256-{digest}")


@cache
def security_headers(form_action: str = "'none'") -> Mapping[str, str]:
    """What every HTML response carries: no scripts, no frames elsewhere, nothing loaded from other origins; forms
    sent nowhere, but where a page with a form says (`form_action`: the review pages send theirs to 'self')."""
    policy = (
        "default-src 'none'",
        f"style-src '{stylesheet().source}'",
        "img-src 'self' data:",
        "frame-ancestors 'self'",
        "base-uri 'none'",
        f"form-action {form_action}",
    )
    return MappingProxyType(
        {
            "Content-Security-Policy": "; ".join(policy),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        }
    )


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # on the first page rendered, not at start-up

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals |= {"words": words, "date_text": date_text, "api": f"/{schemas.API_VERSION}"}
    return environment


def render_template(template: str, **context: object) -> bytes:
    """One of the pages' templates, with the stylesheet its policy allows."""
    page = _environment().get_template(template).render(style=Markup(stylesheet().text), **context)
    return page.encode()


def marked_text(index: Index) -> tuple[dict[str, tuple[Segment, ...]], list[Block]]:
    """The article's text cut at every evidence span: its headline and image's words by field, its body in blocks."""
    article = index.article
    spans = index.spans()
    texts = {name: text_of(article, name) for name in TEXT_FIELDS}
    marked = {
        name: segments(text, spans[name], 0, len(text)) for name, text in texts.items() if text and name != "body"
    }
    return marked, body_blocks(article.body, article.sections, spans["body"])


def render(resource: Resource) -> Rendered:
    article = resource.article
    assert article is not None
    index = Index(article)
    marked, body = marked_text(index)
    json_ld = embed.render(resource)
    assert isinstance(json_ld, bytes)
    return render_template(
        "article.html.j2",
        article=article,
        index=index,
        marked=marked,
        body=body,
        places=index.places,
        map=map_view(index),
        timeline=timeline_view(index),
        formats=format_rows(article, resource.formats),
        item_links=_item_links(article, resource.formats),
        schema_names=list(schemas.TOP_LEVEL_TYPES),
        json_ld=Markup(json_ld.decode()),
        actors=article.actors,
        locations=article.locations,
        events=article.events,
        relations=article.relations,
        kinds=KINDS,
    )


def home(
    summaries: Sequence[ArticleSummary], more: bool, formats: Sequence[Renderer], events: EventsChart | None
) -> bytes:
    """The home page: the corpus's events over time (`events`; None where counting them took too long), the
    articles, and the API in a few lines (`formats`: the renderer table)."""
    return render_template(
        "home.html.j2",
        summaries=summaries,
        more=more,
        events=events,
        suffixes=[(r.suffix, r.media_type) for r in formats],
        page_suffix=RENDERER.suffix,
    )


RENDERER = Renderer(
    name="html",
    suffix="html",
    media_type=MEDIA_TYPE,
    views=frozenset({View.ARTICLE}),
    render=render,
)
