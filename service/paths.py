"""Where each resource lives: the one place that spells the API's URL paths (the version prefix included).

A fact's URL is its stable id: the routes serve these paths, and the renderers link and name facts by them.
"""

from __future__ import annotations

from schemas import API_VERSION

PREFIX = f"/{API_VERSION}"
"""The version prefix every API path starts with."""


def articles() -> str:
    return f"{PREFIX}/articles"


def article(article_id: str) -> str:
    return f"{PREFIX}/articles/{article_id}"


def collection(article_id: str, name: str) -> str:
    """One collection of one article: /v1/articles/{id}/events."""
    return f"{article(article_id)}/{name}"


def item(article_id: str, name: str, item_id: str) -> str:
    return f"{collection(article_id, name)}/{item_id}"


def corpus(name: str) -> str:
    """A collection across the corpus (or the corpus's Data Package): /v1/events."""
    return f"{PREFIX}/{name}"


def schema(name: str) -> str:
    return f"{PREFIX}/schemas/{name}"
