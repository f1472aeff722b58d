"""appender as a real process: the reply event (spec §12.2) and its errors."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.samples.appender import DecodeError, unmarshal

EVENT = {
    "Ce-Id": "evt-7", "Ce-Specversion": "1.0", "Ce-Type": "dev.knative.sources.ping",
    "Ce-Source": "/apis/v1/namespaces/default/pingsources/ping", "Ce-Time": "2024-03-01T10:00:00.000123Z",
    "Ce-Knativearrivaltime": "2024-03-01T10:00:00.2Z", "Content-Type": "application/json",
}


def test_appender_replies_with_the_cloned_event(sample: Any) -> None:
    app = sample("appender", env={"MESSAGE": " - Handled by 0", "TYPE": "samples.http.mode3"})
    reply = app.post(EVENT, b'{"message": "Hello world!", "extra": [1], "ID": 3}')
    assert reply.status == 200
    assert reply.body == b'{"id":3,"message":"Hello world! - Handled by 0"}'
    headers = {k.lower(): v for k, v in reply.headers}
    assert headers["ce-id"] == "evt-7" and headers["ce-source"] == "/apis/v1/namespaces/default/pingsources/ping"
    assert headers["ce-time"] == "2024-03-01T10:00:00.000123Z"
    assert headers["ce-knativearrivaltime"] == "2024-03-01T10:00:00.2Z"
    assert headers["ce-type"] == "samples.http.mode3" and headers["ce-specversion"] == "1.0"
    assert headers["content-type"] == "application/json"

    err = app.stderr()
    assert 'listening on 8080, appending " - Handled by 0" to events' in err
    assert "Received a new event: \n" in err
    assert ("[2024-03-01 10:00:00.000123 +0000 UTC] /apis/v1/namespaces/default/pingsources/ping "
            "dev.knative.sources.ping: &{Sequence:3 Message:Hello world!}") in err
    assert "Transform the event to: \n" in err
    assert "samples.http.mode3: &{Sequence:3 Message:Hello world! - Handled by 0}" in err


def test_appender_defaults_and_html_escaping(sample: Any) -> None:
    app = sample("appender")
    reply = app.post({**EVENT, "Content-Type": "text/json"}, b'{"message": "<b>&"}')
    assert reply.status == 200
    assert reply.body == b'{"id":0,"message":"\\u003cb\\u003e\\u0026boring default msg, change me with env[MESSAGE]"}'
    assert {k.lower(): v for k, v in reply.headers}["ce-type"] == "dev.knative.sources.ping"
    # no data at all: zero values, as Go's DataAs leaves the struct
    reply = app.post({k: v for k, v in EVENT.items() if k != "Content-Type"})
    assert reply.body == b'{"id":0,"message":"boring default msg, change me with env[MESSAGE]"}'


def test_appender_rejects_undecodable_data(sample: Any) -> None:
    app = sample("appender", env={"MESSAGE": "!"})
    reply = app.post(EVENT, b'{"id": "seven"}')
    assert reply.status == 400
    assert reply.body == (b'got error while unmarshalling data: [json] found bytes "{"id": "seven"}", but failed to '
                          b"unmarshal: json: cannot unmarshal string into Go struct field payload.id of type int")
    assert app.post(EVENT, b"not json").status == 400
    reply = app.post({**EVENT, "Content-Type": "text/plain"}, b"hello")
    assert (reply.status, reply.body) == (400, b'got error while unmarshalling data: [decode] unsupported content type:'
                                               b' "text/plain"')
    reply = app.post({k: v for k, v in EVENT.items() if k != "Ce-Id"}, b"{}")
    assert (reply.status, reply.body) == (400, b"missing required attribute: id")
    assert app.request("GET", "/").status == 405


@pytest.mark.parametrize(("data", "content_type", "expected"), [
    (b'{"id": 5, "message": "m"}', "application/json", (5, "m")),
    (b'{"Id": 5, "MESSAGE": "m", "other": {}}', "application/json; charset=utf-8", (5, "m")),
    (b'{"id": null, "message": null}', "", (0, "")),
    (b"null", "application/json", (0, "")),
    (b'{"message": "x"}', "application/cloudevents-x+json", (0, "x")),
    (b"", "text/plain", (0, "")),
])
def test_unmarshal(data: bytes, content_type: str, expected: tuple[int, str]) -> None:
    assert unmarshal(data, content_type) == expected


@pytest.mark.parametrize(("data", "error"), [
    (b'{"id": 1.5}', "json: cannot unmarshal number 1.5 into Go struct field payload.id of type int"),
    (b'{"message": 1}', "json: cannot unmarshal number into Go struct field payload.message of type string"),
    (b"[1]", "json: cannot unmarshal array into Go value of type main.payload"),
    (b'{"id": 1', "unexpected end of JSON input"),
    (b"x", "invalid character 'x' looking for beginning of value"),
])
def test_unmarshal_errors(data: bytes, error: str) -> None:
    with pytest.raises(DecodeError) as err:
        unmarshal(data, "application/json")
    assert str(err.value).endswith(error)
