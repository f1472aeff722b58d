"""event_display as a real process: the printed blocks byte for byte (spec §12.1) and its answers."""

from __future__ import annotations

import base64
import json
from typing import Any

from knlite.samples import _go
from knlite.samples.event_display import render

BINARY_JSON = {
    "Ce-Id": "0", "Ce-Specversion": "1.0", "Ce-Type": "com.icloud2native.file.image", "Ce-Source": "Curl",
    "Content-Type": "application/json",
}

BLOCK_JSON = """\
☁️  cloudevents.Event
Context Attributes,
  specversion: 1.0
  type: com.icloud2native.file.image
  source: Curl
  id: 0
  datacontenttype: application/json
Data,
  {
    "message": "A uploaded file by a user",
    "list": [
      1,
      2.50,
      {}
    ],
    "empty": [],
    "escaped": "\\u003c\\"x\\"\\u003e"
  }
"""

BLOCK_TEXT = """\
☁️  cloudevents.Event
Context Attributes,
  specversion: 1.0
  type: dev.knative.eventing.samples.heartbeat
  source: https://knative.dev/eventing-contrib/cmd/heartbeats/#event-test/mypod
  subject: the subject
  id: 2b72d7bf-c38f-4a98-a433-608fbcdd2596
  time: 2019-10-18T15:23:20.809775386Z
  dataschema: https://example.com/schema
  datacontenttype: text/plain; charset=utf-8
Extensions,
  beats: true
  heart: yes
  knativearrivaltime: 2024-03-01T10:00:00.2Z
  the: 42
Data,
  Hello, 🌎!
"""

BLOCK_STRUCTURED = """\
☁️  cloudevents.Event
Context Attributes,
  specversion: 1.0
  type: com.icloud2native.sayhi
  source: sendoff
  id: say-hello
Data,
  {"msg":"Hello Knative imc01 Channel"}
"""

BLOCK_BASE64 = """\
☁️  cloudevents.Event
Context Attributes,
  specversion: 1.0
  type: t
  source: s
  id: b64
  time: 2024-03-01T10:00:00.000123Z
  datacontenttype: text/plain
Extensions,
  count: 5
  flag: false
Data (binary),
  hello
"""


def test_event_display_prints_events_exactly(sample: Any) -> None:
    app = sample("event_display")
    body = (b'{"message": "A uploaded file by a user", "list": [1, 2.50, { }], "empty": [ ],'
            b' "escaped": "\\u003c\\"x\\"\\u003e"}')
    reply = app.post(BINARY_JSON, body)
    assert (reply.status, reply.body) == (200, b"")

    reply = app.post({"ce-specversion": "1.0", "ce-type": "dev.knative.eventing.samples.heartbeat",
                      "ce-source": "https://knative.dev/eventing-contrib/cmd/heartbeats/#event-test/mypod",
                      "ce-subject": "the subject", "ce-id": "2b72d7bf-c38f-4a98-a433-608fbcdd2596",
                      "ce-time": "2019-10-18T17:23:20.809775386+02:00", "ce-dataschema": "https://example.com/schema",
                      "ce-the": "42", "ce-heart": "yes", "ce-beats": "true",
                      "ce-knativearrivaltime": "2024-03-01T10:00:00.2Z",
                      "content-type": "text/plain; charset=utf-8"}, "Hello, 🌎!".encode())
    assert reply.status == 200

    structured = (b'{"id": "say-hello", "specversion": "1.0", "type": "com.icloud2native.sayhi", "source": "sendoff",'
                  b' "data": {"msg":"Hello Knative imc01 Channel"}}')
    assert app.post({"Content-Type": "application/cloudevents+json"}, structured).status == 200

    b64 = json.dumps({"id": "b64", "specversion": "1.0", "type": "t", "source": "s",
                      "time": "2024-03-01T12:00:00.000123000+02:00", "flag": False, "count": 5.0,
                      "datacontenttype": "text/plain", "data_base64": base64.b64encode(b"hello").decode()})
    assert app.post({"Content-Type": "application/cloudevents+json"}, b64.encode()).status == 200

    expected = BLOCK_JSON + BLOCK_TEXT + BLOCK_STRUCTURED + BLOCK_BASE64
    assert app.wait_stdout(lambda out: len(out) >= len(expected)) == expected


def test_event_display_answers(sample: Any) -> None:
    app = sample("event_display")
    assert app.request("GET", "/healthz").status == 204
    assert app.request("GET", "/").status == 405
    assert app.request("DELETE", "/").status == 405

    missing = {k: v for k, v in BINARY_JSON.items() if k != "Ce-Id"}
    reply = app.post(missing, b"{}")
    assert (reply.status, reply.body) == (400, b"missing required attribute: id")
    assert reply.header("Content-Type") == "text/plain; charset=utf-8"

    reply = app.post({**BINARY_JSON, "Ce-Specversion": "2.0"}, b"{}")
    assert (reply.status, reply.body) == (415, b'invalid specversion "2.0"')

    reply = app.post({"Content-Type": "application/cloudevents+json"}, b'{"specversion": "1.0", "id": ')
    assert reply.status == 400 and reply.body.startswith(b"invalid JSON in structured event:")

    reply = app.post({"Content-Type": "application/json"}, b"{}")
    assert reply.status == 415

    assert app.stdout() == ""  # nothing invalid is printed


def test_event_display_request_logging(sample: Any) -> None:
    app = sample("event_display", env={"REQUEST_LOGGING_ENABLED": "true"})
    assert app.post(BINARY_JSON, b'{"a": 1}').status == 200
    app.wait_stdout(lambda out: out.endswith("}\n"))
    err = app.stderr()
    assert "Request logging enabled, request logging is not recommended for production" in err
    assert '"method": "POST"' in err and '"Ce-Type": [\n' in err and '"body": "{\\"a\\": 1}"' in err


def test_render_without_data_and_invalid_json() -> None:
    attrs = {"specversion": "1.0", "id": "1", "source": "s", "type": "t"}
    assert render(attrs, None).decode() == ("☁️  cloudevents.Event\nContext Attributes,\n  specversion: 1.0\n"
                                            "  type: t\n  source: s\n  id: 1\n")
    broken = render({**attrs, "datacontenttype": "application/json"}, b"{not json")
    assert broken.endswith(b"Data,\n  {not json\n")
    # only exactly application/json is pretty-printed
    assert render({**attrs, "datacontenttype": "application/cloudevents-x+json"}, b'{"a":1}').endswith(
        b'Data,\n  {"a":1}\n')
    assert render({**attrs, "datacontenttype": "Application/JSON; charset=utf-8"}, b'{"a":1}').endswith(
        b'Data,\n  {\n    "a": 1\n  }\n')


def test_go_json_indent() -> None:
    assert _go.json_indent(b' {"a": [1, {"b": null}], "c": {}, "d": [ ]}\n', "  ", "  ") == (
        b'{\n    "a": [\n      1,\n      {\n        "b": null\n      }\n    ],\n    "c": {},\n    "d": []\n  }\n')
    assert _go.json_indent(b'"a string, with: punctuation"', "  ", "  ") == b'"a string, with: punctuation"'
    assert _go.json_indent(b"1e3", "", "\t") == b"1e3"
    assert _go.json_indent(b"[1,", "", "  ") is None
    assert _go.json_indent(b"NaN", "", "  ") is None
