"""The dispatcher: backoff schedules, retried codes, Retry-After, replies and dead-lettering.

A scripted in-memory transport answers each URL from a list (the last answer repeats) and
records every request; an injected sleep records the waits, so schedules are exact. One
test runs the real :class:`HttpTransport` against an aiohttp server on a loopback port.
"""

from __future__ import annotations

import base64
import email.utils
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web

from knlite.eventing import cloudevents as ce
from knlite.eventing.delivery import (
    DeliveryOptions,
    ErrorSource,
    HttpTransport,
    Outcome,
    Response,
    TransportError,
    backoff,
    broker_filter_error,
    dispatch,
    error_data,
    filter_error_body,
    parse_retry_after,
    passthrough_headers,
    retry_wait,
    should_retry,
)

SUB = "http://subscriber.default.svc.cluster.local/"
REPLY = "http://broker-ingress.knative-eventing.svc.cluster.local/default/default"
DLS = "http://dls.default.svc.cluster.local/"
FILTER = "http://broker-filter.knative-eventing.svc.cluster.local/triggers/default/t1/uid-1"

EVENT_HEADERS = {
    "ce-specversion": "1.0",
    "ce-id": "evt-1",
    "ce-source": "/test/source",
    "ce-type": "com.example.sayhi",
    "ce-time": "2024-01-02T03:04:05Z",
    "ce-myext": "v",
    "content-type": "application/json",
}
EVENT_BODY = b'{"msg":"hi"}'

REPLY_HEADERS = {
    "ce-specversion": "1.0",
    "ce-id": "reply-1",
    "ce-source": "/subscriber",
    "ce-type": "com.example.reply",
    "content-type": "text/plain",
}


def make_event() -> Any:
    return ce.parse(EVENT_HEADERS, EVENT_BODY)


def ok(status: int = 200, body: bytes = b"", headers: Mapping[str, str] | None = None) -> Response:
    return Response(status, dict(headers or {}), body)


@dataclass
class Call:
    url: str
    headers: dict[str, str]
    body: bytes
    timeout: float | None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)

    def attributes(self) -> dict[str, Any]:
        return dict(ce.attributes(ce.parse(self.headers, self.body)))


class FakeTransport:
    """Answers each URL from its script (the last answer repeats); records every request."""

    def __init__(self, script: Mapping[str, list[Response | Exception]]) -> None:
        self.script = {url: list(answers) for url, answers in script.items()}
        self.calls: list[Call] = []

    async def send(self, url: str, headers: Mapping[str, str], body: bytes,
                   timeout: float | None) -> Response:
        self.calls.append(Call(url, dict(headers), body, timeout))
        answers = self.script.get(url) or [ok(404)]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def to(self, url: str) -> list[Call]:
        return [c for c in self.calls if c.url == url]


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def opts(**kw: Any) -> DeliveryOptions:
    return DeliveryOptions(**kw)


def ms(waits: list[float]) -> list[int]:
    return [round(w * 1000) for w in waits]


# -- the delivery spec ---------------------------------------------------------------------------


class Features:
    def __init__(self, **flags: bool) -> None:
        self.flags = {k.replace("_", "-"): v for k, v in flags.items()}

    def enabled(self, name: str) -> bool:
        return self.flags.get(name, False)


@pytest.mark.parametrize(("delivery", "dls", "features", "expected"), [
    (None, None, None, DeliveryOptions()),
    ({}, DLS, None, DeliveryOptions(dead_letter_uri=DLS)),
    ({"retry": 3, "backoffPolicy": "exponential", "backoffDelay": "PT0.2S"}, None, None,
     DeliveryOptions(retry=3, backoff_policy="exponential", backoff_delay=0.2)),
    ({"retry": 10, "backoffPolicy": "linear", "backoffDelay": "PT1M"}, None, None,
     DeliveryOptions(retry=10, backoff_policy="linear", backoff_delay=60.0)),
    ({"backoffPolicy": "fibonacci", "backoffDelay": "PT1S"}, None, None, DeliveryOptions(backoff_delay=1.0)),
    ({"retry": -1, "backoffDelay": "not-a-duration"}, None, None, DeliveryOptions()),
    # delivery-timeout: enabled by default
    ({"timeout": "PT10S"}, None, None, DeliveryOptions(timeout=10.0)),
    ({"timeout": "PT0.5S"}, None, Features(delivery_timeout=True), DeliveryOptions(timeout=0.5)),
    ({"timeout": "PT10S"}, None, Features(delivery_timeout=False), DeliveryOptions()),
    ({"timeout": "PT0S"}, None, None, DeliveryOptions()),
    # delivery-retryafter: alpha, disabled by default
    ({"retryAfterMax": "PT30S"}, None, None, DeliveryOptions()),
    ({"retryAfterMax": "PT30S"}, None, Features(delivery_retryafter=True), DeliveryOptions(retry_after_max=30.0)),
    ({"retryAfterMax": "PT0S"}, None, Features(delivery_retryafter=True), DeliveryOptions(retry_after_max=0.0)),
])
def test_from_spec(delivery: Any, dls: str | None, features: Any, expected: DeliveryOptions) -> None:
    assert DeliveryOptions.from_spec(delivery, dls, features) == expected


@pytest.mark.parametrize(("policy", "delay", "retries", "expected_ms"), [
    ("exponential", 0.2, 4, [200, 400, 800, 1600]),
    ("linear", 0.2, 4, [0, 200, 400, 600]),
    ("exponential", 0.5, 3, [500, 1000, 2000]),
    ("linear", 1.0, 3, [0, 1000, 2000]),
    (None, 0.2, 3, [0, 0, 0]),  # no policy: immediate retries
    ("exponential", 0.0, 3, [0, 0, 0]),  # no delay
])
def test_backoff(policy: str | None, delay: float, retries: int, expected_ms: list[int]) -> None:
    options = opts(backoff_policy=policy, backoff_delay=delay)
    assert ms([backoff(options, k) for k in range(1, retries + 1)]) == expected_ms


def test_backoff_default_broker_total() -> None:
    options = opts(retry=10, backoff_policy="exponential", backoff_delay=0.2)
    waits = [backoff(options, k) for k in range(1, 11)]
    assert waits[-1] == pytest.approx(102.4)
    assert sum(waits) == pytest.approx(204.6)
    assert backoff(opts(backoff_policy="linear", backoff_delay=0.2), 4) == 0.6  # integer ns, no 0.6000000001


@pytest.mark.parametrize(("status", "retried"), [
    (None, True), (500, True), (501, True), (502, True), (503, True), (504, True), (599, True),
    (404, True), (408, True), (409, True), (429, True),
    (400, False), (401, False), (403, False), (405, False), (410, False), (413, False), (415, False),
    (422, False), (300, False), (301, False), (302, False), (307, False), (100, False),
    (200, False), (202, False), (204, False),
])
def test_should_retry(status: int | None, retried: bool) -> None:
    assert should_retry(status) is retried


# -- retry schedules, measured through dispatch ------------------------------------------------------


@pytest.mark.parametrize(("policy", "retry", "expected_ms"), [
    ("exponential", 3, [200, 400, 800]),
    ("linear", 3, [0, 200, 400]),
    ("exponential", 0, []),
    ("linear", 1, [0]),
])
async def test_schedule_always_failing(policy: str, retry: int, expected_ms: list[int]) -> None:
    transport, sleeps = FakeTransport({SUB: [ok(500)]}), Sleeps()
    result = await dispatch(make_event(), SUB, opts(retry=retry, backoff_policy=policy, backoff_delay=0.2),
                            transport, sleep=sleeps)
    assert result.outcome is Outcome.DROPPED
    assert result.attempts == retry + 1 == len(transport.calls)
    assert result.status == 500
    assert ms(sleeps.waits) == expected_ms


@pytest.mark.parametrize("failures", [0, 1, 2, 3])
async def test_subscriber_failing_n_times(failures: int) -> None:
    transport, sleeps = FakeTransport({SUB: [ok(503)] * failures + [ok(202)]}), Sleeps()
    result = await dispatch(make_event(), SUB, opts(retry=5, backoff_policy="exponential", backoff_delay=0.2),
                            transport, sleep=sleeps)
    assert result.outcome is Outcome.DELIVERED
    assert result.attempts == failures + 1
    assert result.status == 202
    assert ms(sleeps.waits) == [200, 400, 800][:failures]


@pytest.mark.parametrize(("status", "retried"), [
    (500, True), (502, True), (503, True), (404, True), (408, True), (409, True), (429, True),
    (400, False), (401, False), (403, False), (410, False), (413, False), (415, False),
    (301, False), (302, False), (304, False),
])
async def test_status_codes(status: int, retried: bool) -> None:
    transport, sleeps = FakeTransport({SUB: [ok(status)], DLS: [ok(202)]}), Sleeps()
    result = await dispatch(make_event(), SUB, opts(retry=2, dead_letter_uri=DLS), transport, sleep=sleeps)
    assert result.attempts == (3 if retried else 1)
    assert result.outcome is Outcome.DEAD_LETTERED  # 3xx is a failure too
    assert result.destination.status == status
    assert result.dead_letter is not None and result.dead_letter.attempts == 1
    assert transport.to(DLS)[0].attributes()["knativeerrorcode"] == str(status)


async def test_timeout_is_a_retried_transport_error() -> None:
    err = TransportError(f'Post "{SUB}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)')
    transport, sleeps = FakeTransport({SUB: [err, err, ok(200)]}), Sleeps()
    result = await dispatch(make_event(), SUB, opts(retry=3, timeout=0.5, backoff_policy="linear", backoff_delay=1.0),
                            transport, sleep=sleeps)
    assert result.outcome is Outcome.DELIVERED
    assert result.attempts == 3
    assert [c.timeout for c in transport.calls] == [0.5, 0.5, 0.5]
    assert ms(sleeps.waits) == [0, 1000]


# -- Retry-After -----------------------------------------------------------------------------------

NOW = 1_700_000_000.0


def http_date(ts: float, fmt: str = "rfc1123") -> str:
    if fmt == "rfc1123":
        return email.utils.formatdate(ts, usegmt=True)
    import time
    t = time.gmtime(ts)
    if fmt == "rfc850":
        return time.strftime("%A, %d-%b-%y %H:%M:%S GMT", t)
    return time.strftime("%a %b ", t) + f"{t.tm_mday:2d}" + time.strftime(" %H:%M:%S %Y", t)  # asctime


@pytest.mark.parametrize(("value", "seconds"), [
    ("3", 3.0), ("0", 0.0), ("+7", 7.0), ("-5", -5.0), ("120", 120.0),
    (None, 0.0), ("", 0.0), ("soon", 0.0), ("1.5", 0.0), ("1_0", 0.0),
    (http_date(NOW + 10), 10.0),
    (http_date(NOW + 10, "rfc850"), 10.0),
    (http_date(NOW + 10, "asctime"), 10.0),
    (http_date(NOW + 86400 * 3 + 5, "asctime"), 86400 * 3 + 5.0),  # space-padded day
    (http_date(NOW - 30), -30.0),
    ("Sun, 06 Nov 1994 08:49:37 GMT", 784111777.0 - NOW),
    ("Sunday, 06-Nov-94 08:49:37 GMT", 784111777.0 - NOW),
    ("Sun Nov  6 08:49:37 1994", 784111777.0 - NOW),
])
def test_parse_retry_after(value: str | None, seconds: float) -> None:
    assert parse_retry_after(value, now=NOW) == pytest.approx(seconds)


@pytest.mark.parametrize(("status", "retry_after", "ra_max", "retry_number", "expected"), [
    (429, "3", 10.0, 1, 3.0),  # Retry-After above the backoff wins
    (503, "3", 10.0, 1, 3.0),
    (429, "120", 5.0, 1, 5.0),  # capped by retryAfterMax
    (429, "1", 10.0, 3, 2.0),  # the backoff (0.5·2²) is longer
    (429, "3", None, 1, 0.5),  # no retryAfterMax: ignored
    (429, "3", 0.0, 1, 0.5),  # PT0S: ignored
    (500, "3", 10.0, 1, 0.5),  # only 429 and 503
    (502, "3", 10.0, 1, 0.5),
    (429, "garbage", 10.0, 1, 0.5),
    (429, http_date(NOW + 8), 10.0, 1, 8.0),
    (429, http_date(NOW + 3600), 10.0, 1, 10.0),
    (429, http_date(NOW - 3600), 10.0, 1, 0.5),  # in the past
])
def test_retry_wait(status: int, retry_after: str, ra_max: float | None, retry_number: int,
                    expected: float) -> None:
    options = opts(retry=3, backoff_policy="exponential", backoff_delay=0.5, retry_after_max=ra_max)
    response = ok(status, headers={"Retry-After": retry_after})
    assert retry_wait(options, retry_number, response, now=NOW) == pytest.approx(expected)


async def test_retry_after_through_dispatch() -> None:
    future = email.utils.formatdate(2_000_000_000, usegmt=True)  # far away: capped
    transport = FakeTransport({SUB: [
        ok(429, headers={"retry-after": "2"}),
        ok(503, headers={"Retry-After": future}),
        ok(500, headers={"Retry-After": "9"}),
        ok(200),
    ]})
    sleeps = Sleeps()
    result = await dispatch(make_event(), SUB, opts(retry=5, backoff_policy="exponential", backoff_delay=0.2,
                                                   retry_after_max=4.0), transport, sleep=sleeps)
    assert result.outcome is Outcome.DELIVERED
    assert ms(sleeps.waits) == [2000, 4000, 800]


# -- what goes on the wire -----------------------------------------------------------------------------


async def test_request_headers() -> None:
    transport = FakeTransport({SUB: [ok(202)]})
    result = await dispatch(make_event(), SUB, opts(), transport, namespace="default",
                            extra_headers={"X-Request-Id": "abc", "Knative-Foo": "bar", "prefer": "nope"})
    assert result.outcome is Outcome.DELIVERED
    (call,) = transport.calls
    assert call.header("Prefer") == "reply"
    assert call.header("Kn-Namespace") == "default"
    assert call.header("X-Request-Id") == "abc"
    assert call.header("Knative-Foo") == "bar"
    assert len([k for k in call.headers if k.lower() == "prefer"]) == 1
    attrs = call.attributes()
    assert (attrs["id"], attrs["type"], attrs["source"], attrs["myext"]) == (
        "evt-1", "com.example.sayhi", "/test/source", "v")
    assert call.header("ce-id") == "evt-1"  # binary mode
    assert json.loads(call.body) == {"msg": "hi"}


def test_passthrough_headers() -> None:
    headers = {"X-Request-Id": "1", "Retry-After": "5", "Knative-Thing": "a", "X-B3-TraceId": "t",
               "Content-Type": "text/plain", "Server": "x", "ce-id": "9", "Traceparent": "tp"}
    assert passthrough_headers(headers) == {"X-Request-Id": "1", "Retry-After": "5", "Knative-Thing": "a",
                                            "X-B3-TraceId": "t"}


# -- dead-lettering --------------------------------------------------------------------------------------


async def test_dead_letter_event() -> None:
    transport = FakeTransport({SUB: [ok(500, b"boom")], DLS: [ok(202)]})
    result = await dispatch(make_event(), SUB, opts(retry=1, dead_letter_uri=DLS), transport,
                            namespace="default", extra_headers={"X-Request-Id": "abc"}, sleep=Sleeps())
    assert result.outcome is Outcome.DEAD_LETTERED
    assert result.attempts == 2 and result.status == 500
    assert result.dead_letter is not None and result.dead_letter.status == 202
    assert result.error == f"unable to complete request to {SUB}: unexpected HTTP response, expected 2xx, got 500"
    (call,) = transport.to(DLS)
    attrs = call.attributes()
    assert attrs["id"] == "evt-1" and attrs["type"] == "com.example.sayhi" and attrs["myext"] == "v"
    assert attrs["knativeerrordest"] == SUB
    assert attrs["knativeerrorcode"] == "500"
    assert attrs["knativeerrordata"] == base64.b64encode(b"boom").decode()
    assert json.loads(call.body) == {"msg": "hi"}
    assert call.header("Kn-Namespace") == "default" and call.header("X-Request-Id") == "abc"
    assert call.header("Prefer") is None


@pytest.mark.parametrize(("body", "expected"), [
    (b"", ""),
    (b"x", "eA=="),
    (b"a" * 768, base64.b64encode(b"a" * 768).decode()),  # exactly 1024 characters
    (bytes(range(256)) * 8, base64.b64encode(bytes(range(256)) * 8).decode()[:1024]),
])
def test_error_data(body: bytes, expected: str) -> None:
    assert error_data(body) == expected
    assert len(error_data(body)) <= 1024


async def test_dead_letter_truncates_and_handles_empty_body() -> None:
    big = b"e" * 5000
    transport = FakeTransport({SUB: [ok(404, big)], DLS: [ok(200)]})
    await dispatch(make_event(), SUB, opts(dead_letter_uri=DLS), transport)
    data = transport.to(DLS)[0].attributes()["knativeerrordata"]
    assert len(data) == 1024 and data == base64.b64encode(big).decode()[:1024]

    transport = FakeTransport({SUB: [ok(400)], DLS: [ok(200)]})
    await dispatch(make_event(), SUB, opts(dead_letter_uri=DLS), transport)
    attrs = transport.to(DLS)[0].attributes()
    assert attrs["knativeerrorcode"] == "400"
    assert attrs.get("knativeerrordata", "") == ""


async def test_dead_letter_after_transport_errors() -> None:
    message = f'Post "{SUB}": dial tcp 10.0.0.1:80: connect: connection refused'
    transport = FakeTransport({SUB: [TransportError(message)], DLS: [ok(202)]})
    result = await dispatch(make_event(), SUB, opts(retry=2, dead_letter_uri=DLS), transport, sleep=Sleeps())
    assert result.outcome is Outcome.DEAD_LETTERED
    assert result.attempts == 3 and result.status is None and result.destination.error == message
    attrs = transport.to(DLS)[0].attributes()
    assert attrs["knativeerrordest"] == SUB
    assert attrs["knativeerrorcode"] == "500"
    assert base64.b64decode(attrs["knativeerrordata"]) == f"dispatch error: {message}".encode()


async def test_dead_letter_sink_uses_the_same_retries() -> None:
    transport, sleeps = FakeTransport({SUB: [ok(500)], DLS: [ok(503), ok(503), ok(202)]}), Sleeps()
    result = await dispatch(make_event(), SUB, opts(retry=2, backoff_policy="linear", backoff_delay=1.0,
                                                   dead_letter_uri=DLS), transport, sleep=sleeps)
    assert result.outcome is Outcome.DEAD_LETTERED
    assert result.dead_letter is not None and result.dead_letter.attempts == 3
    assert ms(sleeps.waits) == [0, 1000, 0, 1000]


async def test_dead_letter_sink_failing_drops() -> None:
    transport = FakeTransport({SUB: [ok(500)], DLS: [ok(500)]})
    result = await dispatch(make_event(), SUB, opts(retry=1, dead_letter_uri=DLS), transport, sleep=Sleeps())
    assert result.outcome is Outcome.DROPPED
    assert result.dead_letter is not None and result.dead_letter.attempts == 2
    assert result.error is not None and DLS in result.error and SUB in result.error


async def test_no_dead_letter_sink_drops() -> None:
    transport = FakeTransport({SUB: [ok(400)]})
    result = await dispatch(make_event(), SUB, opts(retry=3), transport)
    assert (result.outcome, result.attempts, result.dead_letter) == (Outcome.DROPPED, 1, None)


async def test_never_raises() -> None:
    transport = FakeTransport({SUB: [RuntimeError("transport bug")]})
    result = await dispatch(make_event(), SUB, opts(retry=3), transport)
    assert result.outcome is Outcome.DROPPED
    assert result.error == "transport bug"


# -- replies ---------------------------------------------------------------------------------------------


async def test_reply_forwarded() -> None:
    response = ok(200, b"pong", {**REPLY_HEADERS, "X-Request-Id": "r1", "Server": "sub", "Content-Length": "4"})
    transport = FakeTransport({SUB: [response], REPLY: [ok(202)]})
    result = await dispatch(make_event(), SUB, opts(retry=2), transport, reply=REPLY, namespace="default",
                            extra_headers={"X-Request-Id": "original"})
    assert result.outcome is Outcome.DELIVERED
    assert result.reply is not None and result.reply.attempts == 1 and result.reply.status == 202
    (call,) = transport.to(REPLY)
    attrs = call.attributes()
    assert (attrs["id"], attrs["type"], attrs["source"]) == ("reply-1", "com.example.reply", "/subscriber")
    assert call.body == b"pong"
    assert call.header("X-Request-Id") == "r1"  # the response's passthrough headers, not the request's
    assert call.header("Kn-Namespace") == "default"
    assert call.header("Server") is None and call.header("Prefer") is None


async def test_structured_reply_forwarded_as_is() -> None:
    body = json.dumps({"specversion": "1.0", "id": "r2", "source": "/s", "type": "t"}).encode()
    transport = FakeTransport({SUB: [ok(200, body, {"Content-Type": "application/cloudevents+json"})],
                               REPLY: [ok(202)]})
    result = await dispatch(make_event(), SUB, opts(), transport, reply=REPLY)
    assert result.outcome is Outcome.DELIVERED
    (call,) = transport.to(REPLY)
    assert call.body == body and call.header("Content-Type") == "application/cloudevents+json"
    assert call.attributes()["id"] == "r2"


@pytest.mark.parametrize(("response", "reply"), [
    (ok(200, b"not an event", {"Content-Type": "text/plain"}), REPLY),  # non-CE body: discarded
    (ok(200), REPLY),  # empty
    (ok(200, b"pong", REPLY_HEADERS), None),  # CE, but nowhere to send it
])
async def test_reply_not_sent(response: Response, reply: str | None) -> None:
    transport = FakeTransport({SUB: [response]})
    result = await dispatch(make_event(), SUB, opts(), transport, reply=reply)
    assert result.outcome is Outcome.DELIVERED and result.reply is None
    assert len(transport.calls) == 1


async def test_reply_retried_with_the_same_policy() -> None:
    transport, sleeps = FakeTransport({SUB: [ok(200, b"", REPLY_HEADERS)], REPLY: [ok(500), ok(202)]}), Sleeps()
    result = await dispatch(make_event(), SUB, opts(retry=3, backoff_policy="exponential", backoff_delay=0.2),
                            transport, reply=REPLY, sleep=sleeps)
    assert result.outcome is Outcome.DELIVERED
    assert result.reply is not None and result.reply.attempts == 2
    assert ms(sleeps.waits) == [200]


async def test_reply_failure_dead_letters_the_original() -> None:
    transport = FakeTransport({SUB: [ok(200, b"pong", {**REPLY_HEADERS, "X-Request-Id": "r1"})],
                               REPLY: [ok(400, b"ttl exhausted")], DLS: [ok(202)]})
    result = await dispatch(make_event(), SUB, opts(retry=2, dead_letter_uri=DLS), transport, reply=REPLY,
                            namespace="default", extra_headers={"X-Request-Id": "original"}, sleep=Sleeps())
    assert result.outcome is Outcome.DEAD_LETTERED
    assert result.attempts == 1 and result.status == 200
    assert result.reply is not None and result.reply.attempts == 1 and result.reply.status == 400
    assert result.error is not None and result.error.startswith(f"failed to forward reply to {REPLY}")
    (call,) = transport.to(DLS)
    attrs = call.attributes()
    assert attrs["id"] == "evt-1" and attrs["type"] == "com.example.sayhi"  # the original, not the reply
    assert attrs["knativeerrordest"] == REPLY
    assert attrs["knativeerrorcode"] == "400"
    assert base64.b64decode(attrs["knativeerrordata"]) == b"ttl exhausted"
    assert call.header("X-Request-Id") == "r1" and call.header("Kn-Namespace") == "default"


async def test_reply_failure_without_dead_letter_sink() -> None:
    transport = FakeTransport({SUB: [ok(200, b"", REPLY_HEADERS)], REPLY: [TransportError("refused")]})
    result = await dispatch(make_event(), SUB, opts(retry=1), transport, reply=REPLY, sleep=Sleeps())
    assert result.outcome is Outcome.DROPPED
    assert result.reply is not None and result.reply.attempts == 2 and result.reply.error == "refused"


# -- broker-filter unwrapping --------------------------------------------------------------------------------

REAL_SUB = "http://event-display.default.svc.cluster.local/"


def test_filter_error_body() -> None:
    assert filter_error_body(REAL_SUB, b"nope") == (
        b'{"errdestination":"http://event-display.default.svc.cluster.local/","errresponsebody":"bm9wZQ=="}')
    assert filter_error_body("http://x/?a=1&b=<2>", b"") == (
        b'{"errdestination":"http://x/?a=1\\u0026b=\\u003c2\\u003e","errresponsebody":null}')


@pytest.mark.parametrize(("response", "expected"), [
    (ok(500, filter_error_body(REAL_SUB, b"kaput")), ErrorSource(REAL_SUB, b"kaput")),
    (ok(404, filter_error_body(REAL_SUB, b"")), ErrorSource(REAL_SUB, b"")),
    (Response(500, {}, b"ignored", ErrorSource(REAL_SUB, b"direct")), ErrorSource(REAL_SUB, b"direct")),
    (ok(400), None),  # the filter's own 400: nothing to unwrap
    (ok(502), None),
    (ok(500, b"{not json"), None),
    (ok(500, b"[1]"), None),
    (ok(500, b"null"), ErrorSource("", b"")),
    (None, None),  # transport error
])
def test_broker_filter_error(response: Response | None, expected: ErrorSource | None) -> None:
    assert broker_filter_error(FILTER, response) == expected


@pytest.mark.parametrize(("answer", "dest", "code", "data"), [
    (ok(503, filter_error_body(REAL_SUB, b"busy"), {"Retry-After": "1"}), REAL_SUB, "503", b"busy"),
    (Response(500, {}, b"", ErrorSource(REAL_SUB, b"in-process")), REAL_SUB, "500", b"in-process"),
    (ok(400), None, None, None),  # no extensions at all, as in Knative
    (TransportError("refused"), None, None, None),
])
@pytest.mark.parametrize("explicit", [True, False])  # the broker-filter's host selects it by default
async def test_dead_letter_reports_the_subscriber(answer: Response | Exception, dest: str | None,
                                                  code: str | None, data: bytes | None, explicit: bool) -> None:
    transport = FakeTransport({FILTER: [answer], DLS: [ok(202)]})
    result = await dispatch(make_event(), FILTER, opts(retry=1, dead_letter_uri=DLS), transport,
                            subscriber_error=broker_filter_error if explicit else None, sleep=Sleeps())
    assert result.outcome is Outcome.DEAD_LETTERED
    attrs = transport.to(DLS)[0].attributes()
    assert attrs.get("knativeerrordest") == dest
    assert attrs.get("knativeerrorcode") == code
    assert (base64.b64decode(attrs["knativeerrordata"]) if "knativeerrordata" in attrs else None) == data


async def test_error_source_honoured_without_hook() -> None:
    transport = FakeTransport({SUB: [Response(500, {}, b"", ErrorSource(REAL_SUB, b"x"))], DLS: [ok(202)]})
    await dispatch(make_event(), SUB, opts(dead_letter_uri=DLS), transport)
    attrs = transport.to(DLS)[0].attributes()
    assert attrs["knativeerrordest"] == REAL_SUB and base64.b64decode(attrs["knativeerrordata"]) == b"x"


async def test_other_hosts_report_the_destination_itself() -> None:
    transport = FakeTransport({SUB: [ok(500, filter_error_body(REAL_SUB, b"x"))], DLS: [ok(202)]})
    await dispatch(make_event(), SUB, opts(dead_letter_uri=DLS), transport)
    attrs = transport.to(DLS)[0].attributes()
    assert attrs["knativeerrordest"] == SUB
    assert base64.b64decode(attrs["knativeerrordata"]) == filter_error_body(REAL_SUB, b"x")


async def test_custom_subscriber_error_hook() -> None:
    seen: list[Any] = []

    def hook(destination: str, response: Response | None) -> ErrorSource | None:
        seen.append((destination, response.status if response else None))
        return ErrorSource("http://elsewhere/", b"why")

    transport = FakeTransport({SUB: [ok(409)], DLS: [ok(202)]})
    await dispatch(make_event(), SUB, opts(retry=1, dead_letter_uri=DLS), transport, subscriber_error=hook,
                   sleep=Sleeps())
    assert seen == [(SUB, 409)]
    attrs = transport.to(DLS)[0].attributes()
    assert attrs["knativeerrordest"] == "http://elsewhere/" and attrs["knativeerrorcode"] == "409"


async def test_pre_encoded_event_is_sent_as_given() -> None:
    transport = FakeTransport({SUB: [ok(202)]})
    headers, body = ce.to_binary(make_event())
    await dispatch(make_event(), SUB, opts(), transport, encoded=({**headers, "ce-id": "shared"}, body))
    assert transport.calls[0].header("ce-id") == "shared"


# -- the real HTTP transport -------------------------------------------------------------------------------


async def test_http_transport_end_to_end() -> None:
    received: dict[str, list[web.Request]] = {"sub": [], "reply": [], "dls": [], "slow": []}
    peers: list[Any] = []

    async def sub(request: web.Request) -> web.Response:
        received["sub"].append(request)
        await request.read()
        peers.append(request.transport.get_extra_info("peername") if request.transport else None)
        if len(received["sub"]) <= 2:
            return web.Response(status=503, text="warming up")
        return web.Response(status=200, body=b"pong", headers={**REPLY_HEADERS, "X-Request-Id": "r1"})

    async def reply(request: web.Request) -> web.Response:
        received["reply"].append(request)
        await request.read()
        return web.Response(status=202)

    async def slow(request: web.Request) -> web.Response:
        import asyncio
        received["slow"].append(request)
        await asyncio.sleep(0.5)
        return web.Response(status=200)

    async def dls(request: web.Request) -> web.Response:
        received["dls"].append(request)
        await request.read()
        return web.Response(status=202)

    async def plain(request: web.Request) -> web.Response:
        return web.json_response({"content_type": request.headers.get("Content-Type"),
                                  "body": (await request.read()).decode()})

    app = web.Application()
    app.router.add_post("/sub", sub)
    app.router.add_post("/reply", reply)
    app.router.add_post("/slow", slow)
    app.router.add_post("/dls", dls)
    app.router.add_post("/plain", plain)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    base = f"http://127.0.0.1:{port}"
    transport = HttpTransport()
    try:
        # retries on 503, then a CloudEvent reply forwarded to the reply URL
        result = await dispatch(make_event(), f"{base}/sub",
                                opts(retry=3, backoff_policy="exponential", backoff_delay=0.01), transport,
                                reply=f"{base}/reply", namespace="default")
        assert result.outcome is Outcome.DELIVERED
        assert result.attempts == 3 and result.status == 200
        assert result.reply is not None and result.reply.status == 202
        first = received["sub"][0]
        assert first.headers["Prefer"] == "reply" and first.headers["Kn-Namespace"] == "default"
        assert first.headers["ce-id"] == "evt-1"
        forwarded = received["reply"][0]
        assert forwarded.headers["ce-id"] == "reply-1" and forwarded.headers["X-Request-Id"] == "r1"
        assert len(set(peers)) == 1  # one pooled keep-alive connection for all attempts

        # a timeout is a transport error, retried, then dead-lettered with its text
        result = await dispatch(make_event(), f"{base}/slow", opts(retry=1, timeout=0.1,
                                                                  dead_letter_uri=f"{base}/dls"), transport)
        assert result.outcome is Outcome.DEAD_LETTERED
        assert result.attempts == 2 and len(received["slow"]) == 2
        assert result.destination.error is not None and "context deadline exceeded" in result.destination.error
        dead = received["dls"][0]
        assert dead.headers["ce-id"] == "evt-1" and dead.headers["ce-knativeerrorcode"] == "500"

        # connection refused
        with pytest.raises(TransportError, match="connection refused"):
            await transport.send("http://127.0.0.1:1/", {}, b"", 1.0)

        # no Content-Type is invented for a body-less binary event
        response = await transport.send(f"{base}/plain", {"ce-id": "1"}, b"", None)
        assert response.status == 200 and json.loads(response.body) == {"content_type": None, "body": ""}
    finally:
        await transport.close()
        await runner.cleanup()
