"""Who may write: bearer tokens from API_TOKENS / API_TOKENS_FILE, kept only as SHA-256 digests.

Every configured digest is compared, in constant time, whatever the token, so timing tells nothing;
tokens are never logged or echoed. With no token configured, writes are refused, never open.
"""

from __future__ import annotations

import hmac

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from service.http.errors import ProblemError, problem
from service.settings import digest

__all__ = ["digest", "require_write_token"]


def _unauthorized(detail: str, error: str) -> ProblemError:
    return problem("unauthorized", detail, headers={"WWW-Authenticate": f'Bearer realm="newsfacts", error="{error}"'})


def require_write_token(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """A Litestar guard for every write route."""
    allowed: frozenset[bytes] = connection.app.state.settings.token_digests
    if not allowed:
        raise problem("writes-disabled", "no API token is configured (API_TOKENS or API_TOKENS_FILE)")
    scheme, _, token = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("send Authorization: Bearer <token>", "invalid_request")
    presented = digest(token.strip())
    matched = False
    for candidate in allowed:
        matched |= hmac.compare_digest(presented, candidate)
    if not matched:
        raise _unauthorized("the token is not valid", "invalid_token")
