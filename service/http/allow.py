"""OPTIONS answered with every method of the route (RFC 9110 §10.2.1).

Litestar 2 answers OPTIONS on a path served by several handlers with the methods of the first one it was
given (litestar#4169, fixed in Litestar 3): `PUT` and `DELETE` of /v1/articles/{ref} went unlisted. Its
answer goes out with the Allow of the route the router matched.
"""

from __future__ import annotations

from collections.abc import Iterable

from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, Message, Receive, Scope, Send


def allow_every_method(app: ASGIApp, routes: Iterable[object]) -> ASGIApp:
    allowed = {
        route.path_format: ", ".join(sorted(route.methods)).encode() for route in routes if isinstance(route, HTTPRoute)
    }

    async def handle(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "OPTIONS":
            await app(scope, receive, send)
            return

        async def send_allow(message: Message) -> None:
            methods = allowed.get(scope.get("path_template", ""))  # (set by the router, in this scope)
            if message["type"] == "http.response.start" and methods is not None:
                sent = list(message.get("headers", ()))
                headers = [(k, v) for k, v in sent if bytes(k).lower() != b"allow"]
                if len(headers) < len(sent):  # (only where the app answered with an Allow)
                    message = {**message, "headers": [*headers, (b"allow", methods)]}  # type: ignore[typeddict-item]
            await send(message)

        await app(scope, receive, send_allow)

    return handle
