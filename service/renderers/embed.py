"""An HTML snippet to paste into a page: the JSON-LD in one <script type="application/ld+json"> element.

`<`, `>` and `&` are written as JSON escapes, so no text in the data can end the element (`</script`) or open
a comment (`<!--`); JSON parsers read the same values back.
"""

from __future__ import annotations

from collections.abc import Iterator

from service.renderers import jsonld
from service.renderers.base import Rendered, Renderer, Resource, View

HTML_ESCAPES = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"))
OPEN, CLOSE = b'<script type="application/ld+json">', b"</script>\n"


def escape(data: bytes) -> bytes:
    for char, replacement in HTML_ESCAPES:
        data = data.replace(char, replacement)
    return data


def render(resource: Resource) -> Rendered:
    rendered = jsonld.render(resource)
    if isinstance(rendered, bytes):
        return OPEN + escape(rendered) + CLOSE
    return _stream(rendered)


def _stream(chunks: Iterator[bytes]) -> Iterator[bytes]:
    yield OPEN
    yield from map(escape, chunks)  # each escaped character is one byte: chunk borders cannot split it
    yield CLOSE


RENDERER = Renderer(
    name="embed",
    suffix="embed.html",
    media_type="text/html; charset=utf-8",
    views=frozenset({View.ARTICLE, View.COLLECTION, View.ITEM}),
    render=render,
)
