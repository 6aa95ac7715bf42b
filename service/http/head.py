"""HEAD for every GET resource (RFC 9110 §9.3.2): the same status and headers, no body.

Litestar routes HEAD only to handlers declared for it; CSVW processors and caches ask HEAD
first, so the app answers it by running GET and dropping the body.
"""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send


def head_as_get(app: ASGIApp) -> ASGIApp:
    async def handle(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await app({**scope, "method": "GET"}, receive, send_without_body)  # type: ignore[arg-type]

    return handle
