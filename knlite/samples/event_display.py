"""PLACEHOLDER for ``ikubernetes/event_display``: logs each request it receives.

The real sample prints each CloudEvent in the SDK's readable form; that comes with the
eventing issues. For now it listens on ``$PORT``, logs method, path, headers and body, and
answers 202 with no body.
"""

from __future__ import annotations

import asyncio

from knlite.samples._http import Request, Response, log, port, serve


def handle(req: Request) -> Response:
    headers = " ".join(f"{k}={v}" for k, v in req.headers)
    log(f"event_display (placeholder): {req.method} {req.path} {headers} body={req.body.decode(errors='replace')}")
    return 202, [], b""


if __name__ == "__main__":
    asyncio.run(serve(handle, port()))
