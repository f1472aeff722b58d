"""The bits of Node's Express + body-parser that the filter and transformer samples show.

``villardl/filter-nodejs`` and ``villardl/transformer-nodejs`` are Express apps; what reaches
the next hop of a Parallel or Sequence is whatever Express wrote, so these details matter:
``bodyParser.json()`` parses only ``application/json`` bodies (strict: an object or array,
at most 100 kB, else 400/413) and leaves ``{}`` for anything else; ``res.set`` appends
``; charset=utf-8`` to a JSON or text content type and ``res.send`` of a string forces the
charset to utf-8; unmatched routes get Express's ``Cannot POST /x`` page; ``console.log``
writes to stdout.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from knlite.samples import _js
from knlite.samples._http import Request, Response

BODY_LIMIT = 100 * 1024
# framing and hop-by-hop headers: ours to write, not to echo
_NOT_ECHOED = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te",
                         "trailer", "proxy-connection"})
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+\Z")


class HTTPError(Exception):
    def __init__(self, status: int, name: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.name = name
        self.message = message

    def response(self) -> Response:
        return error_page(self.status, f"{self.name}: {self.message}")


def error_page(status: int, text: str) -> Response:
    body = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n'
            f"<body>\n<pre>{_html(text)}</pre>\n</body>\n</html>\n")
    return status, [("X-Powered-By", "Express"), ("Content-Security-Policy", "default-src 'none'"),
                    ("X-Content-Type-Options", "nosniff"), ("Content-Type", "text/html; charset=utf-8")], body.encode()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def not_found(req: Request) -> Response:
    return error_page(404, f"Cannot {req.method} {req.path}")


def media_type(ct: str | None) -> str:
    return (ct or "").partition(";")[0].strip().lower()


def json_body(req: Request) -> Any:
    """``req.body`` after ``bodyParser.json()``, as a JS value; raises :class:`HTTPError`."""
    ct = req.header("content-type")
    if media_type(ct) != "application/json":
        return {}
    charset = _params(ct or "").get("charset", "utf-8").lower()
    if not charset.startswith("utf-"):
        raise HTTPError(415, "UnsupportedMediaTypeError", f'unsupported charset "{charset.upper()}"')
    if len(req.body) > BODY_LIMIT:
        raise HTTPError(413, "PayloadTooLargeError", "request entity too large")
    try:
        text = req.body.decode("utf-8")
    except UnicodeDecodeError:
        text = req.body.decode("utf-8", "replace")
    if not text:
        return {}
    first = text.lstrip(" \t\n\r")[:1]
    if first not in ("{", "["):
        pos = len(text) - len(text.lstrip(" \t\n\r"))
        raise HTTPError(400, "SyntaxError", f"Unexpected token {first or 'end'} in JSON at position {pos}")
    try:
        return _js.from_json(json.loads(text))
    except json.JSONDecodeError as e:
        if e.pos >= len(text):
            raise HTTPError(400, "SyntaxError", "Unexpected end of JSON input") from None
        raise HTTPError(400, "SyntaxError", f"Unexpected token {text[e.pos]} in JSON at position {e.pos}") from None
    except (ValueError, RecursionError) as e:
        raise HTTPError(400, "SyntaxError", str(e)) from None


def cloud_event(req: Request, body: Any) -> dict[str, Any]:
    """``{data: req.body}`` plus one entry per ``ce-*`` request header (filter commit c083dc9)."""
    event: dict[str, Any] = {"data": body}
    for name, value in req.headers:
        key = name.lower()
        if key.startswith("ce-"):
            attr = key[3:]
            event[attr] = f"{event[attr]}, {value}" if attr in event and attr != "data" else value
    return event


def echoed_headers(req: Request, content_type: str | None) -> list[tuple[str, str]]:
    """``res.header(req.headers)`` followed by ``res.send(<object>)``: every request header
    (lower-case, as Node has them) and the content type ``res.send`` ends up with."""
    out: list[tuple[str, str]] = [("X-Powered-By", "Express")]
    seen: set[str] = set()
    for name, value in req.headers:
        key = name.lower()
        if key in _NOT_ECHOED or key == "content-type" or key in seen:
            continue
        seen.add(key)
        out.append((key, value))
    out.append(("content-type", send_content_type(content_type or "application/json")))
    return out


def send_content_type(ct: str) -> str:
    """The content type after ``res.set`` (charset added for text/JSON) and ``res.send`` of a
    string (charset forced to utf-8): the ``content-type`` module's format, parameters sorted."""
    base = media_type(ct)
    params = _params(ct)
    params["charset"] = "utf-8"
    return base + "".join(f"; {k}={v if _TOKEN.match(v) else json.dumps(v)}" for k, v in sorted(params.items()))


def _params(ct: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for part in ct.split(";")[1:]:
        key, eq, value = part.partition("=")
        if eq:
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            params[key.strip().lower()] = value
    return params


def console_log(text: str) -> None:
    out = sys.stdout.buffer
    out.write(text.encode("utf-8", "replace") + b"\n")
    out.flush()
