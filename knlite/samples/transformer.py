"""``villardl/transformer-nodejs:0.1``: replace an event's data by a JavaScript value (spec §12.3).

The Parallel sample's transformer (``lionelvillard/knative-functions``
``transformer/nodejs``). ``$TRANSFORMER`` is a script whose value is the new data — the
docs use ``({"message": "we are even!"})`` — or, as the project's README shows, a function
``event => ({...})`` that is then called with the event. ``event`` is ``{data: <JSON body>,
<attr>: <value>, ...}`` as for the filter sample, ``env`` all environment variables.

POST ``/`` answers 200 with the incoming ``ce-*`` headers echoed and the value as JSON
(``Content-Type: application/json; charset=utf-8``), so the reply is the same event with
new data — which is what the Knative docs show (type ``dev.knative.sources.ping``, same
source and id, that content type). The only published source (commit 14ca438) sets no
``ce-`` headers, which a Knative dispatcher would read as "no event": the documented output
implies the image echoes them (spec §13). An exception answers ``{"error":"<message>"}``
the same way. Without ``$TRANSFORMER`` it exits 1; code it cannot parse exits 1 with
``invalid code``.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from knlite.samples import _express, _js
from knlite.samples._http import Request, Response, port, serve


class Transformer:
    def __init__(self, code: str, env: dict[str, str]) -> None:
        self.script = _js.compile_script(code)
        self.env = env

    def handle(self, req: Request) -> Response:
        if req.method != "POST" or req.path != "/":
            return _express.not_found(req)
        try:
            body = _express.json_body(req)
        except _express.HTTPError as e:
            return e.response()
        _express.console_log("receiving Cloud Event")
        _express.console_log(_js.json_stringify(body, "  ") or "undefined")
        event = _express.cloud_event(req, body)
        try:
            value = self.script.evaluate({"event": event, "env": self.env})
            if isinstance(value, _js.JSFunction):
                value = value.fn(_js.UNDEFINED, [event])
        except _js.JSError as e:
            value = {"error": e.message}
        return self._reply(req, value)

    @staticmethod
    def _reply(req: Request, value: Any) -> Response:
        headers: list[tuple[str, str]] = [("X-Powered-By", "Express")]
        headers.extend((name.lower(), v) for name, v in req.headers if name.lower().startswith("ce-"))
        if value is _js.UNDEFINED or value is None:
            return 200, headers, b""  # res.send(undefined | null): an empty body
        if isinstance(value, str):  # res.send(string): HTML, as Express types it
            headers.append(("content-type", "text/html; charset=utf-8"))
            return 200, headers, value.encode("utf-8", "replace")
        headers.append(("content-type", "application/json; charset=utf-8"))
        return 200, headers, (_js.json_stringify(value) or "").encode("utf-8", "replace")


def main() -> None:
    code = os.environ.get("TRANSFORMER")
    if not code:
        print("environment variable TRANSFORMER is missing.", file=sys.stderr)
        sys.exit(1)
    try:
        app = Transformer(code, dict(os.environ))
    except _js.JSSyntaxError as e:
        print("invalid code", file=sys.stderr)
        print(code)
        print(f"knlite: {e} (the transformer sample supports JavaScript expressions only)", file=sys.stderr)
        sys.exit(1)
    asyncio.run(serve(app.handle, port()))


if __name__ == "__main__":
    main()
