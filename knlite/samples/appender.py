"""PLACEHOLDER for ``ikubernetes/appender``: echoes the request body back.

The real sample appends ``$MESSAGE`` to the CloudEvent's ``message`` and replies with the
event; that comes with the eventing issues. For now it listens on ``$PORT``, logs the
request and replies with the same body and content type.
"""

from __future__ import annotations

import asyncio

from knlite.samples._http import Request, Response, log, port, serve


def handle(req: Request) -> Response:
    log(f"appender (placeholder): {req.method} {req.path} {len(req.body)} bytes")
    return 200, [("Content-Type", req.header("content-type", "application/octet-stream"))], req.body


if __name__ == "__main__":
    asyncio.run(serve(handle, port()))
