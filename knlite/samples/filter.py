"""``villardl/filter-nodejs:0.1``: pass or drop an event by a JavaScript expression (spec §12.3).

The Parallel sample's filter (``lionelvillard/knative-functions`` ``filter/nodejs/main.js``,
commit c083dc9, the version the Knative docs' output fits). ``$FILTER`` is a JavaScript
expression, run as Node runs ``(${FILTER})`` with two variables:

- ``event``: ``{data: <JSON body>, <attr>: <value>, ...}``, one entry per ``ce-<attr>``
  request header (so ``event.type``, ``event.time`` are the binary-mode attributes);
- ``env``: all environment variables.

POST ``/`` answers 200 in every case: truthy → all request headers echoed and the body
(``JSON.stringify`` of the parsed body) — the same event, *passed*; falsy → an empty body,
*dropped*; an exception → the request headers and ``{"error":"<message>"}``. It logs
``receiving Cloud Event`` and the event as indented JSON to stdout, as the Node app does.
Without ``$FILTER`` it exits 1 (``environment variable FILTER is missing.``); code it
cannot parse exits 1 with ``invalid code``. The expression runs in knlite's own evaluator
(:mod:`knlite.samples._js`), never in Python's ``eval``.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from knlite.samples import _express, _js
from knlite.samples._http import Request, Response, port, serve


class Filter:
    def __init__(self, code: str, env: dict[str, str]) -> None:
        self.script = _js.compile_expression(code)
        self.env = env

    def handle(self, req: Request) -> Response:
        if req.method != "POST" or req.path != "/":
            return _express.not_found(req)
        try:
            body = _express.json_body(req)
        except _express.HTTPError as e:
            return e.response()
        _express.console_log("receiving Cloud Event")
        event = _express.cloud_event(req, body)
        _express.console_log(_js.json_stringify(event, "  ") or "undefined")
        try:
            passed = _js.to_boolean(self.script.evaluate({"event": event, "env": self.env}))
        except _js.JSError as e:
            return self._reply(req, {"error": e.message})
        if not passed:
            return 200, [("X-Powered-By", "Express")], b""
        return self._reply(req, body)

    @staticmethod
    def _reply(req: Request, value: Any) -> Response:
        text = _js.json_stringify(value) or ""
        return 200, _express.echoed_headers(req, req.header("content-type") or None), text.encode("utf-8", "replace")


def main() -> None:
    code = os.environ.get("FILTER")
    if not code:
        print("environment variable FILTER is missing.", file=sys.stderr)
        sys.exit(1)
    try:
        app = Filter(code, dict(os.environ))
    except _js.JSSyntaxError as e:
        print("invalid code", file=sys.stderr)
        print(f"({code})")
        print(f"knlite: {e} (the filter sample supports JavaScript expressions only)", file=sys.stderr)
        sys.exit(1)
    asyncio.run(serve(app.handle, port()))


if __name__ == "__main__":
    main()
