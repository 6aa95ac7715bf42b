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

__all__ = ["check_token", "digest", "require_write_token"]


def _unauthorized(detail: str, error: str) -> ProblemError:
    return problem("unauthorized", detail, headers={"WWW-Authenticate": f'Bearer realm="newsfacts", error="{error}"'})


def require_write_token(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """A Litestar guard for every write route."""
    scheme, _, token = connection.headers.get("authorization", "").partition(" ")
    check_token(connection.app.state.settings.token_digests, token if scheme.lower() == "bearer" else "")


def check_token(allowed: frozenset[bytes], token: str) -> None:
    """Refuses a token that may not write (none given, or not one of the `allowed` digests); a form's token
    (the review page's) is checked here as a bearer token is."""
    if not allowed:
        raise problem("writes-disabled", "no API token is configured (API_TOKENS or API_TOKENS_FILE)")
    if not token.strip():
        raise _unauthorized("send Authorization: Bearer <token>", "invalid_request")
    presented = digest(token.strip())
    matched = False
    for candidate in allowed:
        matched |= hmac.compare_digest(presented, candidate)
    if not matched:
        raise _unauthorized("the token is not valid", "invalid_token")
