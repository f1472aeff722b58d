"""villardl/filter-nodejs and villardl/transformer-nodejs as real processes (spec §12.3)."""

from __future__ import annotations

import json
import math
from typing import Any

EVENT = {
    "Ce-Id": "0", "Ce-Specversion": "1.0", "Ce-Type": "com.icloud2native.file.image", "Ce-Source": "Curl",
    "Content-Type": "application/json",
}
BODY = b'{"message": "A uploaded file by a user"}'
EVEN = "Math.round(Date.parse(event.time) / 60000) % 2 === 0"


def headers_of(reply: Any) -> dict[str, str]:
    return {k.lower(): v for k, v in reply.headers}


def test_filter_passes_and_drops_by_type(sample: Any) -> None:
    # the seed's manifest: a YAML block scalar, so the value ends with a newline (SEED-EXAMPLES note 13)
    app = sample("filter", env={"FILTER": 'event.type == "com.icloud2native.file.image"\n'})
    reply = app.post({**EVENT, "Prefer": "reply", "Traceparent": "00-abc-def-01"}, BODY)
    assert reply.status == 200
    assert reply.body == b'{"message":"A uploaded file by a user"}'  # JSON.stringify of the parsed body
    headers = headers_of(reply)
    assert headers["ce-id"] == "0" and headers["ce-type"] == "com.icloud2native.file.image"
    assert headers["ce-source"] == "Curl" and headers["ce-specversion"] == "1.0"
    assert headers["prefer"] == "reply" and headers["traceparent"] == "00-abc-def-01"
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert headers["content-length"] == str(len(reply.body))

    dropped = app.post({**EVENT, "Ce-Type": "com.icloud2native.file.text"}, BODY)
    assert (dropped.status, dropped.body) == (200, b"")
    assert "ce-id" not in headers_of(dropped)

    out = app.wait_stdout(lambda s: s.count("receiving Cloud Event") == 2)
    assert out.startswith("receiving Cloud Event\n{\n  \"data\": {\n    \"message\": \"A uploaded file by a user\"\n"
                          "  },\n  \"id\": \"0\",\n")


def test_filter_even_minutes(sample: Any) -> None:
    app = sample("filter", env={"FILTER": EVEN})
    for minute in range(4):
        time = f"2024-03-01T10:{minute:02d}:10Z"
        reply = app.post({**EVENT, "Ce-Time": time}, BODY)
        even = math.floor(((1709287200 + minute * 60 + 10) * 1000) / 60000 + 0.5) % 2 == 0
        assert reply.status == 200
        assert (reply.body != b"") == even, time
    # minutes round: 10:01:40 is 10:02 after Math.round
    assert app.post({**EVENT, "Ce-Time": "2024-03-01T10:01:40Z"}, BODY).body != b""


def test_filter_error_passes_an_error_body(sample: Any) -> None:
    app = sample("filter", env={"FILTER": "event.data.missing.field"})
    reply = app.post(EVENT, BODY)
    assert reply.status == 200
    assert reply.body == b'{"error":"Cannot read property \'field\' of undefined"}'
    assert headers_of(reply)["ce-id"] == "0"
    # no ce-time header: Date.parse(undefined) is NaN, and NaN % 2 === 0 is false: dropped
    odd_even = sample("filter", env={"FILTER": EVEN})
    assert odd_even.post(EVENT, BODY).body == b""


def test_filter_body_parser(sample: Any) -> None:
    app = sample("filter", env={"FILTER": "true"})
    reply = app.post({**EVENT, "Content-Type": "text/plain"}, b"plain text")
    assert reply.body == b"{}"  # body-parser leaves {} for what is not application/json
    assert headers_of(reply)["content-type"] == "text/plain; charset=utf-8"
    assert app.post({**EVENT}, b'"a string"').status == 400  # strict: objects and arrays only
    assert app.post({**EVENT}, b'{"broken": ').status == 400
    assert app.request("GET", "/").status == 404
    assert app.request("POST", "/other", EVENT, BODY).body.count(b"Cannot POST /other") == 1


def test_filter_start_up_errors(sample: Any) -> None:
    missing = sample("filter", listen=False)
    assert missing.proc.wait(10) == 1
    assert missing.stderr() == "environment variable FILTER is missing.\n"
    invalid = sample("filter", env={"FILTER": "event.type = 'x'"}, listen=False)
    assert invalid.proc.wait(10) == 1
    assert invalid.stderr().startswith("invalid code\n")
    assert invalid.stdout() == "(event.type = 'x')\n"


def test_transformer(sample: Any) -> None:
    app = sample("transformer", env={"TRANSFORMER": '({"message": "we are even!"})'})
    reply = app.post({**EVENT, "Ce-Type": "dev.knative.sources.ping", "Prefer": "reply"},
                     b'{"message": "Even or odd?"}')
    assert reply.status == 200
    assert reply.body == b'{"message":"we are even!"}'
    headers = headers_of(reply)
    assert headers["ce-type"] == "dev.knative.sources.ping" and headers["ce-id"] == "0"
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert "prefer" not in headers  # only the ce- headers are echoed
    out = app.wait_stdout(lambda s: s.endswith("}\n"))
    assert out == 'receiving Cloud Event\n{\n  "message": "Even or odd?"\n}\n'


def test_transformer_function_and_errors(sample: Any) -> None:
    code = ("event => ({sequence: event.data.Sequence, message: `${event.data.Message} - Handled by ${env.STEP}`,"
            " type: event.type})")
    app = sample("transformer", env={"TRANSFORMER": code, "STEP": "step1"})
    reply = app.post(EVENT, b'{"Sequence": 1, "Message": "hi"}')
    assert json.loads(reply.body) == {"sequence": 1, "message": "hi - Handled by step1",
                                      "type": "com.icloud2native.file.image"}
    broken = sample("transformer", env={"TRANSFORMER": "nothing.here"})
    assert broken.post(EVENT, BODY).body == b'{"error":"nothing is not defined"}'
    missing = sample("transformer", listen=False)
    assert missing.proc.wait(10) == 1
    assert missing.stderr() == "environment variable TRANSFORMER is missing.\n"
