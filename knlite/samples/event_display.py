"""Knative's event_display sample (``ikubernetes/event_display``, KE ``cmd/event_display``).

A CloudEvents receiver that prints every event it gets to stdout — what ``kubectl logs``
shows for its pod, and what the seed's walk-throughs read. The printed block is sdk-go's
``Event.String()`` behind ``☁️  cloudevents.Event`` (spec ``eventing.md`` §12.1), byte for
byte: attributes in sdk-go's fixed order, extensions sorted, ``time`` in RFC3339Nano UTC,
``Data,`` (``Data (binary),`` for ``data_base64``) and the data, pretty-printed with Go's
``json.Indent(prefix "  ", indent "  ")`` when the media type is exactly
``application/json``.

Answers as the sdk-go receiver does: ``/healthz`` → 204; GET, OPTIONS and DELETE → 405;
a valid event → 200 with an empty body (no reply event); an invalid one → 400 (415 for a
request that is not a CloudEvent at all) with the reason. ``REQUEST_LOGGING_ENABLED=true``
also logs each request as indented JSON on stderr. It uses only the SDK-free half of
:mod:`knlite.eventing.cloudevents`, so it starts as fast as the other samples.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

from knlite.eventing.cloudevents import Base64Data, EventError, decode
from knlite.samples import _go
from knlite.samples._http import Request, Response, log, port, serve, text

_ORDER_V1 = ("subject", "id", "time", "dataschema", "datacontenttype")
_ORDER_V03 = ("subject", "id", "time", "schemaurl", "datacontenttype", "datacontentencoding")
_CORE = frozenset({"specversion", "type", "source", *_ORDER_V1, *_ORDER_V03})


def render(attrs: dict[str, Any], data: bytes | None) -> bytes:
    """``"☁️  cloudevents.Event\\n" + event.String()`` as sdk-go writes it."""
    lines = ["☁️  cloudevents.Event", "Context Attributes,", f"  specversion: {attrs['specversion']}",
             f"  type: {attrs['type']}", f"  source: {attrs['source']}"]
    for name in _ORDER_V1 if attrs["specversion"] == "1.0" else _ORDER_V03:
        value = attrs.get(name)
        if value is not None:
            lines.append(f"  {name}: {value}")
    extensions = sorted(name for name in attrs if name not in _CORE)
    if extensions:
        lines.append("Extensions,")
        lines.extend(f"  {name}: {_go_value(attrs[name])}" for name in extensions)
    out = "\n".join(lines).encode() + b"\n"
    if data is not None:
        out += b"Data (binary),\n  " if isinstance(data, Base64Data) else b"Data,\n  "
        pretty = None
        if _media_type(attrs.get("datacontenttype")) == "application/json":
            pretty = _go.json_indent(data, "  ", "  ")
        out += (pretty if pretty is not None else data) + b"\n"
    return out


def _go_value(value: Any) -> str:
    """``%v`` of an extension value."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _media_type(ct: str | None) -> str:
    return (ct or "").partition(";")[0].strip().lower()


def handle(req: Request) -> Response:
    if req.path == "/healthz" and not req.query:
        return 204, [], b""
    if REQUEST_LOGGING:
        _log_request(req)
    if req.method in ("GET", "OPTIONS", "DELETE"):
        return 405, [], b""
    try:
        attrs, data = decode(req.headers, req.body)
    except EventError as e:
        return text(e.message, e.status)
    out = sys.stdout.buffer
    out.write(render(attrs, data))
    out.flush()
    return 200, [], b""


def _log_request(req: Request) -> None:
    """sdk-go's ``requestLoggingMiddleware``: the request as indented JSON."""
    headers: dict[str, list[str]] = {}
    host = ""
    for name, value in req.headers:
        canonical = "-".join(part[:1].upper() + part[1:].lower() for part in name.split("-"))
        if canonical == "Host":
            host = value
            continue
        headers.setdefault(canonical, []).append(value)
    query = "&".join(f"{k}={v}" for k, v in req.query.items())
    uri = req.path + ("?" + query if query else "")
    loggable: dict[str, Any] = {
        "method": req.method,
        "URL": {"Scheme": "", "Opaque": "", "User": None, "Host": "", "Path": req.path, "RawPath": "",
                "OmitHost": False, "ForceQuery": False, "RawQuery": query, "Fragment": "", "RawFragment": ""},
        "proto": "HTTP/1.1", "protoMajor": 1, "protoMinor": 1,
        "headers": dict(sorted(headers.items())),
    }
    if req.body:
        loggable["body"] = req.body.decode("utf-8", "replace")
        loggable["contentLength"] = len(req.body)
    loggable.update(host=host, remoteAddr="", requestURI=uri)
    log(json.dumps(loggable, indent=2, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("&", "\\u0026"))


REQUEST_LOGGING = _go.parse_bool(os.environ.get("REQUEST_LOGGING_ENABLED", "")) is True


def main() -> None:
    if REQUEST_LOGGING:
        log("Request logging enabled, request logging is not recommended for production since it might log "
            "sensitive information")
    asyncio.run(serve(handle, port()))


if __name__ == "__main__":
    main()
