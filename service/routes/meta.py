"""Service-level routes: health, problem type pages, and the suffixed article list (/v1/articles.csv)."""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from service.errors import not_found, problem_type_page
from service.renderers import View
from service.routes.articles import list_articles, split_ref
from service.settings import Settings
from service.store import ArticleStore


@get("/health", summary="The process is alive", sync_to_thread=False, tags=["service"])
def health() -> dict[str, str]:
    return {"status": "ok"}


@get(
    "/problems/{slug:str}",
    summary="What a problem type means",
    sync_to_thread=False,
    tags=["service"],
    opt={"media_type": "text/html"},
)
def problem_type(slug: FromPath[str]) -> Response[str]:
    return problem_type_page(slug)


@get(
    "/{listing:str}",
    summary="The list of articles in a named format: articles.csv, articles.ndjson, …",
    sync_to_thread=False,
    tags=["articles"],
    opt={"view": View.ARTICLES},
)
def articles_in_format(
    request: Request, store: NamedDependency[ArticleStore], settings: NamedDependency[Settings], listing: FromPath[str]
) -> Response:
    name, suffix = split_ref(listing)
    if name != "articles" or suffix is None:
        raise not_found(f"/v1/{listing}")
    return list_articles(request, store, settings, suffix)
