"""Drafts: an article's text in, the facts the service proposes for it out. Nothing is stored."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
import msgspec
from litestar import Request, Response, post

from service import drafts
from service.http.drafts import known_to, read_draft_request
from service.routes import StoreDependency

_encoder = msgspec.json.Encoder()


@post(
    "/drafts",
    summary="Draft an article's facts from its text (nothing is stored)",
    description=(
        "Send the text as text/plain (the headline on the first line, then the body) or as a JSON DraftRequest."
        " The answer's `article` is a complete v1 document that POST /v1/articles accepts as it is; each of"
        " `proposals` says which of its facts was proposed from where, how sure the draft is, and what else the"
        " words could be. Needs no token; rate-limited and size-capped as writes are."
    ),
    status_code=200,
    tags=["drafts"],
    opt={"draft": True},
)
async def create_draft(request: Request[Any, Any, Any], store: StoreDependency) -> Response[bytes]:
    asked = await read_draft_request(request)
    drafted = await anyio.to_thread.run_sync(drafts.draft, asked, known_to(store))
    return Response(_encoder.encode(drafted), media_type="application/json", headers={"Cache-Control": "no-store"})
