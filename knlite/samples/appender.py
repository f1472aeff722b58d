"""Knative's appender sample (``ikubernetes/appender``, KE ``cmd/appender``), spec §12.2.

The Sequence/Parallel step of the docs and the seed: it reads the event's data as
``{"id": <int>, "message": <string>}``, appends ``$MESSAGE`` to the message and replies
(binary mode, 200) with a clone of the input event — same id, source, time and extensions —
whose data is Go's ``json.Marshal`` of that struct (``{"id":<id>,"message":"..."}``, keys in
that order) with ``datacontenttype: application/json``, and whose type is ``$TYPE`` when
set. Data that does not decode gets 400 ``got error while unmarshalling data: ...`` and no
event; the decoding follows Go's ``json.Unmarshal`` into that struct (case-insensitive keys,
unknown keys ignored, missing ones zero, wrong types an error). It logs the received and the
transformed event as the Go sample does.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

from knlite.eventing.cloudevents import EventError, decode, encode_binary
from knlite.samples import _go
from knlite.samples._http import Request, Response, log, port, serve, text

MESSAGE = os.environ.get("MESSAGE", "boring default msg, change me with env[MESSAGE]")
TYPE = os.environ.get("TYPE", "")

_INT64 = (-(2**63), 2**63 - 1)
_JSON_TYPES = frozenset({"", "application/json", "text/json"})


class DecodeError(Exception):
    pass


def unmarshal(data: bytes | None, content_type: str | None) -> tuple[int, str]:
    """sdk-go's ``event.DataAs(&payload)`` for ``payload{Sequence int "id"; Message string "message"}``."""
    if not data:
        return 0, ""
    mt = (content_type or "").partition(";")[0].strip().lower()
    if mt not in _JSON_TYPES and not mt.endswith("+json"):
        raise DecodeError(f"[decode] unsupported content type: {_go.quote(mt)}")
    try:
        value = json.loads(data)
    except (ValueError, RecursionError) as e:
        raise DecodeError(_json_failure(data, _go_syntax_error(data, e))) from None
    if value is None:
        return 0, ""
    if not isinstance(value, dict):
        raise DecodeError(_json_failure(data, f"json: cannot unmarshal {_go_kind(value)} into Go value of type "
                                              "main.payload"))
    seq, message = 0, ""
    error: str | None = None
    for key, field in value.items():
        name = key.lower()
        if name == "id":
            if field is None:
                continue
            if isinstance(field, int) and not isinstance(field, bool) and _INT64[0] <= field <= _INT64[1]:
                seq = field
            elif error is None:
                number = isinstance(field, int | float) and not isinstance(field, bool)
                detail = f"number {field}" if number else _go_kind(field)
                error = f"json: cannot unmarshal {detail} into Go struct field payload.id of type int"
        elif name == "message":
            if field is None:
                continue
            if isinstance(field, str):
                message = field
            elif error is None:
                error = f"json: cannot unmarshal {_go_kind(field)} into Go struct field payload.message of type string"
    if error is not None:
        raise DecodeError(_json_failure(data, error))
    return seq, message


def _json_failure(data: bytes, error: str) -> str:
    return f'[json] found bytes "{data.decode("utf-8", "replace")}", but failed to unmarshal: {error}'


def _go_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _go_syntax_error(data: bytes, e: Exception) -> str:
    """An approximation of Go's ``*json.SyntaxError`` text."""
    pos = getattr(e, "pos", None)
    text = data.decode("utf-8", "replace")
    if pos is None or pos >= len(text.rstrip()):
        return "unexpected end of JSON input"
    return f"invalid character '{text[pos]}' looking for beginning of value"


def handle(req: Request) -> Response:
    if req.method in ("GET", "OPTIONS", "DELETE"):
        return 405, [], b""
    try:
        attrs, data = decode(req.headers, req.body)
    except EventError as e:
        return text(e.message, e.status)
    try:
        seq, message = unmarshal(data, attrs.get("datacontenttype"))
    except DecodeError as e:
        log(f"Got error while unmarshalling data: {e}")
        return text(f"got error while unmarshalling data: {e}", 400)
    log("Received a new event: ")
    log(f"[{_go.time_string(attrs.get('time'))}] {attrs['source']} {attrs['type']}: "
        f"&{{Sequence:{seq} Message:{message}}}")
    message += MESSAGE
    out = dict(attrs)
    out["datacontenttype"] = "application/json"
    if TYPE:
        out["type"] = TYPE
    log("Transform the event to: ")
    log(f"[{_go.time_string(out.get('time'))}] {out['source']} {out['type']}: "
        f"&{{Sequence:{seq} Message:{message}}}")
    body = f'{{"id":{seq},"message":{_go.json_string(message)}}}'.encode()
    headers, body = encode_binary(out, body)
    return 200, list(headers.items()), body


def main() -> None:
    log(f"listening on 8080, appending {_go.quote(MESSAGE)} to events")
    asyncio.run(serve(handle, port()))


if __name__ == "__main__":
    main()
