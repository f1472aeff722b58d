"""knlite's CloudEvents codec: parsing, validation rules and their messages, header decoding,
binary/structured/batched modes, writing, and the data-plane helpers."""

from __future__ import annotations

import base64
import datetime
import json
from typing import Any

import pytest

from knlite.eventing import cloudevents as ce

BINARY = {
    "ce-specversion": "1.0",
    "ce-id": "evt-1",
    "ce-source": "/test/source",
    "ce-type": "com.example.sayhi",
}
STRUCTURED = {"content-type": "application/cloudevents+json"}


def binary(**extra: str) -> dict[str, str]:
    headers = dict(BINARY)
    for key, value in extra.items():
        headers[key.replace("_", "-")] = value
    return headers


def structured(**members: Any) -> bytes:
    event: dict[str, Any] = {"specversion": "1.0", "id": "evt-1", "source": "/test/source",
                             "type": "com.example.sayhi"}
    for key, value in members.items():
        if value is ...:
            event.pop(key, None)
        else:
            event[key] = value
    return json.dumps(event, ensure_ascii=False).encode()


# -- binary mode ------------------------------------------------------------------------------------------


def test_binary_event_keeps_body_and_attributes() -> None:
    body = b'{"msg": "hi"}'
    event = ce.parse(binary(ce_time="2024-01-02T03:04:05Z", ce_myext="v", content_type="application/json",
                            user_agent="curl/8"), body)
    assert type(event).__name__ == "CloudEvent"
    assert ce.attributes(event) == {
        "specversion": "1.0", "id": "evt-1", "source": "/test/source", "type": "com.example.sayhi",
        "time": "2024-01-02T03:04:05Z", "myext": "v", "datacontenttype": "application/json"}
    assert event.data == body  # byte for byte, never re-encoded
    assert event["type"] == "com.example.sayhi" and event.get("subject") is None


def test_binary_event_without_body_or_content_type() -> None:
    event = ce.parse(BINARY, b"")
    assert event.data is None and "datacontenttype" not in ce.attributes(event)


def test_header_names_are_case_insensitive_and_the_first_duplicate_wins() -> None:
    headers = [("Ce-Specversion", "1.0"), ("CE-ID", "a"), ("ce-id", "b"), ("Ce-Source", "s"), ("Ce-Type", "t"),
               ("Content-Type", "text/plain")]
    attrs, data = ce.decode(headers, b"x")
    assert attrs["id"] == "a" and attrs["datacontenttype"] == "text/plain" and data == b"x"


@pytest.mark.parametrize(("raw", "decoded"), [
    ("plain value", "plain value"),                                  # un-encoded spaces tolerated
    ("Euro%20%E2%82%AC%20%F0%9F%98%80", "Euro € 😀"),                # the spec's example
    ("euro%e2%82%ac", "euro€"),                                      # lower-case hex accepted
    ("%41%42C", "ABC"),                                              # needlessly encoded characters accepted
    ('"quoted value"', "quoted value"),                              # RFC 7230 quoted-string unquoted
    ('"a \\"b\\" c"', 'a "b" c'),                                    # with backslash escapes
    ('"50%25"', "50%"),                                              # unquote, then one round of decoding
    ("%2541", "%41"),                                                # exactly one round
    ("100%", "100%"),                                                # a lone % is literal
    ("%zz", "%zz"),
    ('{"othervalue": 5}', '{"othervalue": 5}'),                      # the conformance suite's raw value
    ('"a"b"', '"a"b"'),                                              # not a quoted-string: unchanged
    ("caf\xc3\xa9", "café"),                                         # raw UTF-8 as a Latin-1 server decodes it
    ("café", "café"),                                                # already text
    ("\u20ac", "\u20ac"),                                            # as aiohttp decodes UTF-8
])
def test_header_value_decoding(raw: str, decoded: str) -> None:
    attrs, _ = ce.decode(binary(ce_myext=raw), b"")
    assert attrs["myext"] == decoded


@pytest.mark.parametrize("raw", ["%C0%A0", "%FF", "%E2%82", "bad\udcff"])
def test_invalid_utf8_in_a_header_is_rejected(raw: str) -> None:
    with pytest.raises(ce.EventError) as err:
        ce.decode(binary(ce_myext=raw), b"")
    assert err.value.status == 400 and err.value.attribute == "myext"
    assert "not valid UTF-8" in str(err.value)


# -- validation rules (sdk-go's) and their messages ---------------------------------------------------------

INVALID_BINARY: list[tuple[dict[str, str], str, str | None]] = [
    ({"ce-id": ""}, "invalid id: must be a non-empty string", "id"),
    ({"ce-id": "   "}, "invalid id: must be a non-empty string", "id"),
    ({"ce-source": " "}, "invalid source: must be a non-empty string", "source"),
    ({"ce-type": ""}, "invalid type: must be a non-empty string", "type"),
    ({"ce-source": "a%zzb"}, 'invalid source "a%zzb": invalid URL escape', "source"),
    ({"ce-source": ":nope"}, 'invalid source ":nope": missing protocol scheme', "source"),
    ({"ce-source": "1a:b"}, 'invalid source "1a:b": first path segment in URL cannot contain colon', "source"),
    ({"content-type": "application json"},
     'datacontenttype: invalid media type "application json": mime: expected slash after first token',
     "datacontenttype"),
    ({"content-type": "/json"}, 'datacontenttype: invalid media type "/json": mime: no media type',
     "datacontenttype"),
    ({"content-type": "text/"}, 'datacontenttype: invalid media type "text/": mime: expected token after slash',
     "datacontenttype"),
    ({"content-type": "text/plain; charset"},
     'datacontenttype: invalid media type "text/plain; charset": mime: invalid media parameter', "datacontenttype"),
    ({"content-type": "text/plain; a=1; a=2"},
     'datacontenttype: invalid media type "text/plain; a=1; a=2": mime: duplicate parameter name',
     "datacontenttype"),
    ({"ce-dataschema": "/relative/schema"}, 'dataschema must be an absolute URI, got "/relative/schema"',
     "dataschema"),
    ({"ce-dataschema": ""}, 'dataschema must be an absolute URI, got ""', "dataschema"),
    ({"ce-subject": " "}, "invalid subject: must be a non-empty string when present", "subject"),
    ({"ce-time": "yesterday"}, 'invalid time "yesterday": not in RFC 3339 format', "time"),
    ({"ce-time": "2023-02-29T00:00:00Z"}, 'invalid time "2023-02-29T00:00:00Z": not in RFC 3339 format', "time"),
    ({"ce-my_ext": "v"}, 'invalid extension name "my_ext": extension names must contain only [a-zA-Z0-9]', "my_ext"),
    ({"ce-": "v"}, 'invalid extension name "": extension names must contain only [a-zA-Z0-9]', ""),
    ({"ce-ünï": "v"}, 'invalid extension name "ünï": extension names must contain only [a-zA-Z0-9]', "ünï"),
]


@pytest.mark.parametrize(("change", "message", "attribute"), INVALID_BINARY)
def test_binary_validation(change: dict[str, str], message: str, attribute: str | None) -> None:
    with pytest.raises(ce.EventError) as err:
        ce.parse({**BINARY, **change}, b"")
    assert str(err.value) == message
    assert err.value.reason == ce.REASON_INVALID and err.value.status == 400
    assert err.value.attribute == attribute


@pytest.mark.parametrize("missing", ["id", "source", "type"])
def test_missing_required_attribute(missing: str) -> None:
    headers = {k: v for k, v in BINARY.items() if k != f"ce-{missing}"}
    with pytest.raises(ce.EventError, match=f"^missing required attribute: {missing}$"):
        ce.parse(headers, b"")
    with pytest.raises(ce.EventError, match=f"^missing required attribute: {missing}$"):
        ce.parse(STRUCTURED, structured(**{missing: ...}))


@pytest.mark.parametrize("content_type", [
    "application/json", "application/json; charset=utf-8", "text/plain;charset=us-ascii", "TEXT/Plain",
    "application/xml; charset=utf-8", 'multipart/mixed; boundary="a b"', "text/plain;", "application",
    "application/vnd.example+json; v=1",
])
def test_valid_media_types(content_type: str) -> None:
    assert ce.parse(binary(content_type=content_type), b"x")["datacontenttype"] == content_type


def test_unknown_specversion_and_unknown_encoding() -> None:
    with pytest.raises(ce.EventError) as err:
        ce.parse(binary(ce_specversion="2.0"), b"")
    assert str(err.value) == 'invalid specversion "2.0"'
    assert err.value.reason == ce.REASON_UNKNOWN_ENCODING and err.value.status == 415

    with pytest.raises(ce.EventError) as err:
        ce.parse({"content-type": "application/json"}, b"{}")
    assert err.value.reason == ce.REASON_UNKNOWN_ENCODING and err.value.status == 415
    assert "not a CloudEvent" in str(err.value)

    with pytest.raises(ce.EventError) as err:  # ce- headers but no ce-specversion
        ce.parse({k: v for k, v in BINARY.items() if k != "ce-specversion"}, b"")
    assert str(err.value).startswith("missing required attribute: specversion")
    assert err.value.status == 415


def test_specversion_03_is_accepted() -> None:
    event = ce.parse(binary(ce_specversion="0.3", ce_schemaurl="/schema"), b"")
    assert event["specversion"] == "0.3" and event["schemaurl"] == "/schema"
    _, data = ce.decode(STRUCTURED, structured(specversion="0.3", datacontentencoding="base64",
                                               datacontenttype="text/plain", data="aGk="))
    assert data == b"hi" and isinstance(data, ce.Base64Data)


@pytest.mark.parametrize(("value", "canonical"), [
    ("2018-04-05T03:56:24Z", "2018-04-05T03:56:24Z"),
    ("2018-04-05T03:56:24.500Z", "2018-04-05T03:56:24.5Z"),
    ("2018-04-05T03:56:24.000Z", "2018-04-05T03:56:24Z"),
    ("2018-04-05T05:56:24+02:00", "2018-04-05T03:56:24Z"),
    ("2018-04-05T00:30:00.25-01:00", "2018-04-05T01:30:00.25Z"),
    ("2020-03-02T20:52:00.000495700Z", "2020-03-02T20:52:00.0004957Z"),
    ("2024-12-31T23:30:00.1234567891-00:45", "2025-01-01T00:15:00.123456789Z"),
    ("2018-04-05T03:56:24+00:00", "2018-04-05T03:56:24Z"),
])
def test_time_is_canonicalised_as_sdk_go_writes_it(value: str, canonical: str) -> None:
    assert ce.parse(binary(ce_time=value), b"")["time"] == canonical
    assert ce.normalize_time(value) == canonical


# -- structured mode --------------------------------------------------------------------------------------------


def test_structured_event_keeps_the_exact_json_data() -> None:
    body = (b'{"id": "say-hello", "specversion": "1.0", "type": "com.icloud2native.sayhi", "source": "sendoff", '
            b'"data": {"msg":"Hello Knative imc01 Channel", "n": 1.0}}')
    event = ce.parse(STRUCTURED, body)
    assert ce.attributes(event) == {"id": "say-hello", "specversion": "1.0", "type": "com.icloud2native.sayhi",
                                    "source": "sendoff"}
    assert event.data == b'{"msg":"Hello Knative imc01 Channel", "n": 1.0}'
    # re-sent in binary mode as Knative does: no datacontenttype invented (seed E142)
    headers, out = ce.to_binary(event)
    assert out == event.data and "content-type" not in headers


@pytest.mark.parametrize(("members", "data"), [
    ({"datacontenttype": "application/json", "data": {"a": [1, 2]}}, b'{"a": [1, 2]}'),
    ({"datacontenttype": "application/json", "data": "I'm just a string"}, b'"I\'m just a string"'),
    ({"datacontenttype": "application/json", "data": None}, b"null"),
    ({"data": "\u00e9t\u00e9"}, '"\u00e9t\u00e9"'.encode()),
    ({"datacontenttype": "text/plain", "data": "Hello, \U0001f30e!"}, "Hello, \U0001f30e!".encode()),
    ({"datacontenttype": "text/plain", "data": None}, None),
    ({"datacontenttype": "application/xml", "data": "<a/>"}, b"<a/>"),
    ({"datacontenttype": "image/png", "data_base64": base64.b64encode(b"\x89PNG").decode()}, b"\x89PNG"),
    ({"data": {"a": 1}, "data_base64": None}, b'{"a": 1}'),                        # null: no data_base64
    ({}, None),
])
def test_structured_data(members: dict[str, Any], data: bytes | None) -> None:
    _, got = ce.decode(STRUCTURED, structured(**members))
    assert got == data
    assert isinstance(got, ce.Base64Data) == (members.get("data_base64") is not None)


def test_structured_content_type_parameters_and_case() -> None:
    event = ce.parse({"Content-Type": "Application/CloudEvents+JSON; charset=UTF-8"}, structured())
    assert event["id"] == "evt-1"


def test_structured_wins_over_ce_headers() -> None:
    event = ce.parse({**STRUCTURED, "ce-specversion": "1.0", "ce-id": "from-header"}, structured(id="from-body"))
    assert event["id"] == "from-body"


@pytest.mark.parametrize(("value", "normalised"), [
    ("text", "text"), (True, True), (False, False), (42, 42), (42.0, 42), (1.9, 1), (-1.9, -1),
    (2147483647, 2147483647), (-2147483648, -2147483648),
])
def test_structured_extension_values_are_normalised(value: Any, normalised: Any) -> None:
    event = ce.parse(STRUCTURED, structured(myext=value))
    assert event["myext"] == normalised and type(event["myext"]) is type(normalised)


def test_structured_null_means_unset_and_uppercase_extensions_are_lowered() -> None:
    attrs, _ = ce.decode(STRUCTURED, structured(subject=None, MyExt="v"))
    assert "subject" not in attrs and attrs["myext"] == "v"


INVALID_STRUCTURED: list[tuple[bytes, str]] = [
    (b'{"specversion": "1.0", "id": ', "invalid JSON in structured event: Expecting value: line 1 column 30 (char 29)"),
    (b"not json", "invalid JSON in structured event: Expecting '{': line 1 column 1 (char 0)"),
    (b"[]", "invalid JSON in structured event: Expecting '{': line 1 column 1 (char 0)"),
    (structured() + b"x", "invalid JSON in structured event: Extra data: line 1 column 93 (char 92)"),
    (b"\xff{}", "invalid JSON in structured event: not valid UTF-8 at byte 0"),
    (structured(myext=float("nan")).replace(b"NaN", b"NaN"), "invalid JSON in structured event: invalid literal NaN"),
    (structured(specversion=...), "missing required attribute: specversion"),
    (structured(specversion="2.0"), 'invalid specversion "2.0"'),
    (structured(specversion=1.0), 'invalid specversion 1.0: must be the string "1.0"'),
    (structured(id=5), "invalid id: must be a JSON string, not 5"),
    (structured(my_ext="v"), 'invalid extension name "my_ext": extension names must contain only [a-zA-Z0-9]'),
    (structured(myext={"a": 1}),
     'invalid value for extension "myext": must be a string, number or boolean, not {"a": 1}'),
    (structured(myext=[1]), 'invalid value for extension "myext": must be a string, number or boolean, not [1]'),
    (structured(myext=2**31), 'invalid value for extension "myext": 2147483648 is out of the int32 range'),
    (structured(ID="x"), 'invalid attribute name "ID": context attribute names are lower-case'),
    (structured(datacontenttype="text/plain", data={"a": 1}),
     'invalid data: a JSON string was expected for media type "text/plain"'),
    (structured(data="x", data_base64="eA=="), "data and data_base64 must not both be present"),
    (structured(data_base64="not base64!"), "invalid data_base64: Only base64 data is allowed"),
    (structured(data_base64=5), "invalid data_base64: must be a base64 string"),
    (b'{"specversion": "1.0", "specversion": "1.0"}', 'duplicate attribute "specversion" in structured event'),
    (structured(dataschema="schema.json"), 'dataschema must be an absolute URI, got "schema.json"'),
    (structured(time="2018-04-05 03:56:24Z"), 'invalid time "2018-04-05 03:56:24Z": not in RFC 3339 format'),
]


@pytest.mark.parametrize(("body", "message"), INVALID_STRUCTURED)
def test_structured_validation(body: bytes, message: str) -> None:
    with pytest.raises(ce.EventError) as err:
        ce.parse(STRUCTURED, body)
    assert str(err.value).startswith(message), str(err.value)
    assert err.value.status == 400


# -- batched mode --------------------------------------------------------------------------------------------------

BATCH = {"content-type": "application/cloudevents-batch+json"}


def test_batch() -> None:
    body = b"[" + structured(id="a") + b", " + structured(id="b", data={"x": 1}) + b"]"
    events = ce.parse_batch(BATCH, body)
    assert [e["id"] for e in events] == ["a", "b"] and events[1].data == b'{"x": 1}'
    assert ce.parse_batch(BATCH, b" [ ] ") == []
    assert [e["id"] for e in ce.parse_any(BATCH, body)] == ["a", "b"]
    assert [e["id"] for e in ce.parse_any(BINARY, b"")] == ["evt-1"]


@pytest.mark.parametrize(("body", "message"), [
    (b"{}", "invalid JSON in structured event: Expecting '['"),
    (b"[" + structured(id="a") + b",]", "invalid JSON in structured event: Expecting '{'"),
    (b"[" + structured(id="") + b"]", "batch event 0: invalid id: must be a non-empty string"),
    (b"[" + structured() + b"," + structured(specversion="0.3") + b"]",
     "events of a batch must share one specversion, got ['0.3', '1.0']"),
])
def test_batch_errors(body: bytes, message: str) -> None:
    with pytest.raises(ce.EventError, match="^" + message.replace("[", r"\[").replace("]", r"\]")):
        ce.parse_batch(BATCH, body)


def test_batch_where_one_event_is_expected() -> None:
    with pytest.raises(ce.EventError) as err:
        ce.parse(BATCH, b"[]")
    assert err.value.reason == ce.REASON_BATCH and err.value.status == 400
    with pytest.raises(ce.EventError) as err:
        ce.parse_batch(BINARY, b"")
    assert err.value.reason == ce.REASON_UNKNOWN_ENCODING


# -- writing -----------------------------------------------------------------------------------------------------------


def new_event(data: Any = None, **attrs: Any) -> Any:
    return ce.CloudEvent({"specversion": "1.0", "id": "1", "source": "/s", "type": "t",
                          "time": "2024-01-02T03:04:05Z", **attrs}, data)


@pytest.mark.parametrize(("data", "attrs", "body", "content_type"), [
    ({"a": 1, "b": "é"}, {}, '{"a":1,"b":"é"}'.encode(), "application/json"),                 # JSON gets a type
    ([1, 2], {"datacontenttype": "application/cloudevents-x+json"}, b"[1,2]", "application/cloudevents-x+json"),
    ("I'm just a string", {}, b'"I\'m just a string"', "application/json"),                   # spec §1.4
    ("I'm just a string", {"datacontenttype": "application/json"}, b'"I\'m just a string"', "application/json"),
    ("plain text", {"datacontenttype": "text/plain"}, b"plain text", "text/plain"),
    (b"\x00\x01", {}, b"\x00\x01", None),                                                       # bytes as they are
    (b"<a/>", {"datacontenttype": "application/xml"}, b"<a/>", "application/xml"),
    (None, {}, b"", None),
    (True, {}, b"true", "application/json"),
])
def test_to_binary_data(data: Any, attrs: dict[str, Any], body: bytes, content_type: str | None) -> None:
    headers, out = ce.to_binary(new_event(data, **attrs))
    assert out == body
    assert headers.get("content-type") == content_type
    assert headers["ce-id"] == "1" and headers["ce-specversion"] == "1.0" and "ce-datacontenttype" not in headers


def test_to_binary_attribute_values() -> None:
    event = new_event(b"", subject="a b", quote='"x"', pct="50%41", euro="€", nl="a\nb", flag=True, count=7,
                      when=datetime.datetime(2024, 1, 2, 3, 4, 5, 120000, tzinfo=datetime.UTC),
                      raw=b"\x01\x02")
    headers, _ = ce.to_binary(event)
    assert headers["ce-subject"] == "a b"             # verbatim, as Knative sends
    assert headers["ce-quote"] == '%22x"'             # a leading quote would be unquoted by a receiver
    assert headers["ce-pct"] == "50%2541"             # %XX would be decoded by a receiver
    assert headers["ce-euro"] == "%E2%82%AC"          # a header cannot carry it raw
    assert headers["ce-nl"] == "a%0Ab"
    assert headers["ce-flag"] == "true" and headers["ce-count"] == "7"
    assert headers["ce-when"] == "2024-01-02T03:04:05.12Z"
    assert headers["ce-raw"] == "AQI="
    back = ce.attributes(ce.parse(headers, b""))       # and everything round-trips through our decoder
    assert back["subject"] == "a b" and back["quote"] == '"x"' and back["pct"] == "50%41" and back["euro"] == "€"
    assert back["nl"] == "a\nb"


def test_to_binary_time_from_the_sdk_constructor() -> None:
    event = ce.CloudEvent({"type": "t", "source": "/s"}, None)  # the SDK fills id and an isoformat time
    headers, _ = ce.to_binary(event)
    assert headers["ce-time"].endswith("Z") and "+00:00" not in headers["ce-time"]
    assert ce.parse(headers, b"")["id"] == event["id"]


@pytest.mark.parametrize(("event", "expected"), [
    (new_event({"a": 1}), {"data": {"a": 1}}),
    (new_event("hi", datacontenttype="text/plain"), {"data": "hi"}),
    (new_event(b'{"a": 1}', datacontenttype="application/json"), {"data": {"a": 1}}),
    (new_event(b"hi", datacontenttype="text/plain"), {"data": "hi"}),
    (new_event(b"\xff\x00", datacontenttype="application/octet-stream"), {"data_base64": "/wA="}),
    (new_event(ce.Base64Data(b"hi"), datacontenttype="text/plain"), {"data_base64": "aGk="}),
    (new_event(None), {}),
])
def test_to_structured(event: Any, expected: dict[str, Any]) -> None:
    headers, body = ce.to_structured(event)
    assert headers == {"content-type": "application/cloudevents+json"}
    doc = json.loads(body)
    assert {k: v for k, v in doc.items() if k in ("data", "data_base64")} == expected
    assert doc["id"] == "1" and doc["specversion"] == "1.0" and doc["time"] == "2024-01-02T03:04:05Z"
    back = ce.parse(headers, body)  # and it reads back as the same event
    assert ce.attributes(back) == ce.attributes(event)


def test_binary_structured_binary_round_trip() -> None:
    original = ce.parse(binary(ce_time="2024-01-02T03:04:05.5Z", ce_ext="x", content_type="application/json"),
                        b'{"k":[1,2,3]}')
    again = ce.parse(*ce.to_structured(original))
    assert ce.attributes(again) == ce.attributes(original)
    assert json.loads(again.data) == json.loads(original.data)
    assert ce.to_binary(again)[0] == ce.to_binary(original)[0]


# -- helpers ---------------------------------------------------------------------------------------------------------------


def test_get_attr_attributes_set_extension_clone() -> None:
    event = ce.parse(binary(ce_myext="v"), b"body")
    assert ce.get_attr(event, "type") == "com.example.sayhi" and ce.get_attr(event, "nope") is None
    copy = ce.clone(event)
    ce.set_extension(copy, "KnativeErrorCode", 500)
    ce.set_extension(copy, "flag", True)
    ce.set_extension(copy, "myext", None)
    assert ce.attributes(copy)["knativeerrorcode"] == 500 and ce.attributes(copy)["flag"] is True
    assert "myext" not in ce.attributes(copy) and ce.attributes(event)["myext"] == "v"  # the original untouched
    assert copy.data == event.data
    headers, _ = ce.to_binary(copy)
    assert headers["ce-knativeerrorcode"] == "500" and headers["ce-flag"] == "true"
    attrs = ce.attributes(event)
    attrs["type"] = "changed"
    assert event["type"] == "com.example.sayhi"  # attributes() is a copy


@pytest.mark.parametrize(("name", "value", "message"), [
    ("bad-name", "v", 'invalid extension name "bad-name"'),
    ("id", "v", '"id" is a context attribute, not an extension'),
    ("big", 2**40, 'invalid value for extension "big": 1099511627776 is out of the int32 range'),
])
def test_set_extension_errors(name: str, value: Any, message: str) -> None:
    with pytest.raises(ce.EventError, match="^" + message):
        ce.set_extension(ce.parse(BINARY, b""), name, value)


def test_clone_deep_copies_json_data() -> None:
    event = new_event({"a": [1]})
    copy = ce.clone(event)
    copy.data["a"].append(2)
    assert event.data == {"a": [1]}


@pytest.mark.parametrize(("headers", "body", "expected"), [
    (BINARY, b"", True),
    ({**BINARY, "ce-specversion": "0.3"}, b"x", True),
    ({**BINARY, "ce-specversion": "9.9"}, b"x", False),
    (STRUCTURED, structured(), True),
    (STRUCTURED, b"", False),
    ({"Content-Type": "application/cloudevents+json; charset=utf-8"}, b"{}", True),
    ({"content-type": "application/json"}, b'{"a": 1}', False),
    ({}, b"", False),
    (BATCH, b"[]", False),
])
def test_is_event_response(headers: dict[str, str], body: bytes, expected: bool) -> None:
    assert ce.is_event_response(headers, body) is expected


def test_decode_does_not_import_the_sdk() -> None:
    import subprocess
    import sys

    code = ("import sys; from knlite.eventing import cloudevents as ce; "
            "ce.decode({'ce-specversion': '1.0', 'ce-id': '1', 'ce-source': 's', 'ce-type': 't'}, b'x'); "
            "ce.encode_binary({'specversion': '1.0', 'id': '1'}, b'x'); "
            "print(any(m == 'cloudevents' or m.startswith('cloudevents.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
