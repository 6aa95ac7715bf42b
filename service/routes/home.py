"""The home page: the articles, linked to their pages, and the API in three lines."""

from __future__ import annotations

from litestar import Request, Response, get

from service.http.representation import tagged
from service.renderers import RENDERERS, html
from service.routes import StoreDependency

LISTED = 100
"""Articles listed on the home page; the rest are a link away (/v1/articles pages through them all)."""


@get(
    "/",
    summary="The home page (HTML): the articles and how to use the API",
    sync_to_thread=True,
    tags=["service"],
    opt={"media_type": "text/html", "tagged": True},
)
def home(request: Request, store: StoreDependency) -> Response[bytes]:
    summaries = store.summaries(limit=LISTED + 1)
    body = html.home(summaries[:LISTED], more=len(summaries) > LISTED, formats=RENDERERS)
    return tagged(request, body, html.MEDIA_TYPE)
