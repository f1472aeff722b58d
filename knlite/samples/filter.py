"""PLACEHOLDER for ``villardl/filter-nodejs``: passes every request through.

The real sample evaluates ``$FILTER`` against the CloudEvent and replies with the event
only when it matches; that comes with the eventing issues. For now it listens on
``$PORT``, logs the request and echoes the body.
"""

from __future__ import annotations

import asyncio

from knlite.samples._http import Request, Response, log, port, serve


def handle(req: Request) -> Response:
    log(f"filter (placeholder): {req.method} {req.path} {len(req.body)} bytes")
    return 200, [("Content-Type", req.header("content-type", "application/octet-stream"))], req.body


if __name__ == "__main__":
    asyncio.run(serve(handle, port()))
