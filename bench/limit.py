"""The limit: a bare ASGI app that answers every request with the very same bytes our service sends.

BENCH_BODY (a file) and BENCH_CONTENT_TYPE say what to send; nothing is parsed, routed or rendered.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

BODY = Path(os.environ.get("BENCH_BODY", "/dev/null")).read_bytes()
HEADERS = [
    (b"content-type", os.environ.get("BENCH_CONTENT_TYPE", "application/json").encode()),
    (b"content-length", str(len(BODY)).encode()),
    (b"etag", b'"limit"'),
]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
