"""The review pages (HTML, for people): paste an article's text, review the draft of its facts, save what is kept.

Thin: the forms are read by service/review.py, the pages rendered by service/renderers/html/draft.py; the token is
checked as a bearer token is, and what is kept is validated and stored as `POST /v1/articles` stores a document.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from litestar import Request, Response, get, post
from litestar.response import Redirect

from schemas import DocumentInvalid, Problem, validate_input
from service import drafts, paths
from service.http.auth import check_token
from service.http.drafts import known_to
from service.http.errors import ProblemError
from service.http.forms import read_form
from service.renderers.html import MEDIA_TYPE, RENDERER
from service.renderers.html.draft import draft_page, form_headers, paste_page
from service.review import TOKEN, Pasted, Refused, Review, carried, reviewed
from service.routes import StoreDependency, settings_of, writes_of
from service.store import AlreadyExists

NEW = "/drafts/new"
SAVE = "/drafts/save"


def _page(body: bytes, status: int = 200) -> Response[bytes]:
    return Response(body, status_code=status, headers={"content-type": MEDIA_TYPE, **form_headers()})


def _paste_again(pasted: Pasted, refused: Refused) -> Response[bytes]:
    """The paste form as it was sent, each problem beside its field, with the refusal's status."""
    return _page(paste_page(pasted, action=NEW, problems=refused.problems), refused.status)


@get(NEW, summary="The form to paste an article's text into", include_in_schema=False, sync_to_thread=False)
def new_draft() -> Response[bytes]:
    return _page(paste_page(Pasted(), action=NEW))


@post(NEW, summary="The draft of the pasted text, to review", include_in_schema=False, status_code=200)
async def drafted(request: Request, store: StoreDependency) -> Response[bytes]:
    pasted = Pasted()
    try:
        pasted = Pasted.from_form(await read_form(request))
        asked = pasted.request()
    except Refused as refused:
        return _paste_again(pasted, refused)
    try:
        draft = await anyio.to_thread.run_sync(drafts.draft, asked, known_to(store))
    except DocumentInvalid as invalid:
        return _paste_again(pasted, Refused.undrafted(invalid))
    return _page(draft_page(draft, Review.proposed(draft), action=SAVE))


@post(SAVE, summary="Store the facts kept as an article", include_in_schema=False, status_code=303)
async def save(request: Request) -> Response[Any]:
    try:
        form = await read_form(request)
        draft = carried(form)
    except Refused as refused:
        return _paste_again(Pasted(), refused)
    review = Review.from_form(form, draft)
    token = (form.get(TOKEN) or [""])[-1]
    try:
        check_token(settings_of(request).token_digests, token)
    except ProblemError as refused:
        typed = token.strip() or refused.status != 401
        said = f"{refused.detail[:1].upper()}{refused.detail[1:]}." if typed else "Type the write token."
        return _page(draft_page(draft, review, action=SAVE, token_problem=said), refused.status)
    result = reviewed(draft, review)
    try:
        article = validate_input(result.document)  # as POST /v1/articles reads a document
        await writes_of(request).put(article, create_only=True)
    except DocumentInvalid as invalid:
        problems = [Problem(result.draft_path(p.path), p.message) for p in invalid.problems]
        return _page(draft_page(draft, review, action=SAVE, problems=problems), 422)
    except AlreadyExists:
        taken = Problem("$.id", f"an article {article.id!r} is stored already: give this one another id.")
        return _page(draft_page(draft, review, action=SAVE, problems=[taken]), 409)
    return Redirect(f"{paths.article(article.id)}.{RENDERER.suffix}", status_code=303)
