"""An HTML snippet to paste into a page: the JSON-LD in one <script type="application/ld+json"> element.

`<`, `>` and `&` are written as JSON escapes, so no text in the data can end the element (`</script`) or open
a comment (`<!--`); JSON parsers read the same values back.
"""

from __future__ import annotations

from service.renderers import jsonld
from service.renderers.base import Renderer, Resource, View

HTML_ESCAPES = ((b"<", b"\\u003c"), (b">", b"\\u003e"), (b"&", b"\\u0026"))


def render(resource: Resource) -> bytes:
    data = jsonld.render(resource)
    for char, escape in HTML_ESCAPES:
        data = data.replace(char, escape)
    return b'<script type="application/ld+json">' + data + b"</script>\n"


RENDERER = Renderer(
    name="embed",
    suffix="embed.html",
    media_type="text/html; charset=utf-8",
    views=frozenset({View.ARTICLE, View.COLLECTION, View.ITEM}),
    render=render,
)
