"""NatsJetStreamChannel's pure parts: names, stream and consumer configuration, connection, messages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from knlite.eventing import cloudevents as ce
from knlite.eventing.nats import messages, names, specs

UID = "4a0fa8d5-53a4-4a43-a4f9-7d2a1a0a0a01"
SEC = 10**9


@pytest.mark.parametrize(("ns", "name", "spec", "want"), [
    ("default", "ch", {}, "KN_DEFAULT__CH"),
    ("my-ns", "my-channel", {}, "KN_MY_NS__MY_CHANNEL"),
    ("default", "ch", {"stream": {"overrideName": "orders"}}, "orders"),
    ("default", "ch", {"stream": {"overrideName": ""}}, "KN_DEFAULT__CH"),
])
def test_stream_name(ns: str, name: str, spec: dict[str, Any], want: str) -> None:
    assert names.stream_name(ns, name, spec) == want


def test_subject_and_consumer_names() -> None:
    assert names.publish_subject("default", "ch") == "default.ch._knative"
    assert names.consumer_name(UID) == "KN_SUB_4A0FA8D553A44A43A4F97D2A1A0A0A01"
    assert names.consumer_subject("default", "ch", UID) == "default.ch._knative_consumer.4a0fa8d553a44a43a4f97d2a1a0a0a01"


@pytest.mark.parametrize(("config", "want"), [
    # no stream.config: name and subject only, the server's defaults for the rest
    (None, {"name": "KN_DEFAULT__CH", "subjects": ["default.ch._knative"]}),
    ({}, {"name": "KN_DEFAULT__CH", "subjects": ["default.ch._knative"], "retention": "limits", "discard": "old",
          "storage": "file"}),
    ({"additionalSubjects": ["extra.>"], "retention": "Work", "discard": "New", "storage": "Memory",
      "maxConsumers": 3, "maxMsgs": 1000, "maxBytes": 1 << 20, "maxMsgSize": 4096, "replicas": 3,
      "maxAge": "24h", "duplicateWindow": "1m30s", "placement": {"cluster": "east", "tags": ["ssd"]}},
     {"name": "KN_DEFAULT__CH", "subjects": ["default.ch._knative", "extra.>"], "retention": "workqueue",
      "discard": "new", "storage": "memory", "max_consumers": 3, "max_msgs": 1000, "max_bytes": 1 << 20,
      "max_msg_size": 4096, "num_replicas": 3, "max_age": 24 * 3600 * SEC,
      "duplicate_window": 90 * SEC, "placement": {"cluster": "east", "tags": ["ssd"]}}),
    ({"retention": "Interest", "maxMsgs": 0, "sources": [{"name": "other", "optStartSeq": 5, "filterSubject": "a.b"}]},
     {"name": "KN_DEFAULT__CH", "subjects": ["default.ch._knative"], "retention": "interest", "discard": "old",
      "storage": "file", "sources": [{"name": "other", "opt_start_seq": 5, "filter_subject": "a.b"}]}),
])
def test_stream_spec(config: dict[str, Any] | None, want: dict[str, Any]) -> None:
    spec = {"stream": {"config": config}} if config is not None else {}
    s = specs.stream_spec("default", "ch", spec)
    assert s.config() == want
    assert s.name == "KN_DEFAULT__CH" and s.subject == "default.ch._knative"
    assert s == specs.stream_spec("default", "ch", json.loads(json.dumps(spec)))  # equal specs: nothing to do


@pytest.mark.parametrize(("config", "error"), [
    ({"maxAge": "an hour"}, "spec.stream.config.maxAge"),
    ({"duplicateWindow": "5"}, "spec.stream.config.duplicateWindow"),
    ({"mirror": {"optStartSeq": 1}}, "spec.stream.config.mirror.name"),
    ({"noAck": True}, "spec.stream.config.noAck"),
])
def test_stream_spec_errors(config: dict[str, Any], error: str) -> None:
    with pytest.raises(specs.SpecError, match=error.replace(".", r"\.")):
        specs.stream_spec("default", "ch", {"stream": {"config": config}})


STREAM = specs.stream_spec("default", "ch", {})


@pytest.mark.parametrize(("template", "want", "pull", "ack_wait", "batch", "max_wait", "in_flight"), [
    (None, {"durable_name": "KN_SUB_X", "ack_policy": "explicit", "ack_wait": 30 * SEC, "max_deliver": -1,
            "deliver_policy": "all", "replay_policy": "instant", "deliver_subject": "default.ch._knative_consumer.x",
            "deliver_group": "KN_SUB_X"}, False, 30.0, 32, 0.2, 256),
    ({"consumerType": "Pull", "ackWait": "5s", "maxDeliver": 10, "deliverPolicy": "New", "replayPolicy": "Original",
      "maxAckPending": 50, "fetchBatchSize": 8, "fetchMaxWait": "1s", "filterSubject": "default.ch._knative",
      "rateLimitBPS": 1000, "sampleFrequency": "50%"},
     {"durable_name": "KN_SUB_X", "ack_policy": "explicit", "ack_wait": 5 * SEC, "max_deliver": 10,
      "deliver_policy": "new", "replay_policy": "original", "max_ack_pending": 50,
      "filter_subject": "default.ch._knative", "rate_limit_bps": 1000, "sample_freq": "50%"}, True, 5.0, 8, 1.0, 50),
    ({"deliverPolicy": "ByStartSequence", "optStartSeq": 42, "consumerType": "Push"},
     {"durable_name": "KN_SUB_X", "ack_policy": "explicit", "ack_wait": 30 * SEC, "max_deliver": -1,
      "deliver_policy": "by_start_sequence", "opt_start_seq": 42, "replay_policy": "instant",
      "deliver_subject": "default.ch._knative_consumer.x", "deliver_group": "KN_SUB_X"}, False, 30.0, 32, 0.2, 256),
    ({"deliverPolicy": "ByStartTime", "optStartTime": "2024-01-02T03:04:05Z", "maxDeliver": 0},
     {"durable_name": "KN_SUB_X", "ack_policy": "explicit", "ack_wait": 30 * SEC, "max_deliver": -1,
      "deliver_policy": "by_start_time", "opt_start_time": "2024-01-02T03:04:05Z", "replay_policy": "instant",
      "deliver_subject": "default.ch._knative_consumer.x", "deliver_group": "KN_SUB_X"}, False, 30.0, 32, 0.2, 256),
])
def test_consumer_spec(template: dict[str, Any] | None, want: dict[str, Any], pull: bool, ack_wait: float,
                       batch: int, max_wait: float, in_flight: int) -> None:
    c = specs.consumer_spec(STREAM, "default", "ch", "x", template)
    assert c.config() == want
    assert (c.stream, c.name, c.pull, c.ack_wait) == ("KN_DEFAULT__CH", "KN_SUB_X", pull, ack_wait)
    assert (c.fetch_batch, c.fetch_max_wait, c.max_in_flight) == (batch, max_wait, in_flight)
    assert c.deliver_subject == want.get("deliver_subject")


@pytest.mark.parametrize(("template", "error"), [
    ({"ackWait": "soon"}, "ackWait"),
    ({"ackWait": "0s"}, "ackWait: must be positive"),
    ({"fetchMaxWait": "x"}, "fetchMaxWait"),
])
def test_consumer_spec_errors(template: dict[str, Any], error: str) -> None:
    with pytest.raises(specs.SpecError, match=error):
        specs.consumer_spec(STREAM, "default", "ch", "x", template)


@pytest.mark.parametrize(("url", "opts", "want"), [
    ("nats://127.0.0.1:4222", None, specs.Connection(("nats://127.0.0.1:4222",))),
    ("nats://a:4222, nats://b:4222", {"maxReconnects": -1, "reconnectWaitMilliseconds": 500},
     specs.Connection(("nats://a:4222", "nats://b:4222"), max_reconnects=-1, reconnect_wait=0.5)),
    ("nats://a:4222", {"retryOnFailedConnect": True, "reconnectWaitMilliseconds": 0},
     specs.Connection(("nats://a:4222",))),
])
def test_connection(url: str, opts: dict[str, Any] | None, want: specs.Connection) -> None:
    assert specs.connection(url, opts) == want


def test_connection_needs_a_url_and_hides_credentials() -> None:
    with pytest.raises(specs.SpecError, match="no url"):
        specs.connection(" , ")
    c = specs.connection("nats://user:secret@nats.example:4222,tls://token@other:4443")
    assert c.describe() == "nats://nats.example:4222,tls://other:4443"


def test_messages_round_trip() -> None:
    event = ce.parse({"ce-specversion": "1.0", "ce-id": "e-1", "ce-source": "/src", "ce-type": "t",
                      "ce-myext": "v", "content-type": "application/json"}, b'{"a": 1}')
    headers, payload = messages.to_message(event, {"x-request-id": "r1", "Knative-Foo": "bar"})
    assert headers["Nats-Msg-Id"] == "/src e-1" and headers["content-type"] == "application/cloudevents+json"
    assert headers["x-request-id"] == "r1"
    assert json.loads(payload)["myext"] == "v"
    back, passthrough = messages.from_message({**headers, "Nats-Sequence": "9"}, payload)
    assert ce.attributes(back) == ce.attributes(event)
    assert json.loads(back.get_data()) == {"a": 1}
    assert passthrough == {"x-request-id": "r1", "Knative-Foo": "bar"}
    with pytest.raises(ce.EventError):
        messages.from_message(None, b"not json")
