"""The Kafka data plane without a cluster: receiver answers, what consumed records turn into, offset bookkeeping.

The Kafka clients are replaced by a recorder (or one that fails), the HTTP transport by one
that records requests; what is tested is the plane's own logic: the broker receiver's status
codes, the KafkaChannel receiver's 503, triggers filtering and replying, sources wrapping and
overriding, and which offsets a consumer may commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from knlite.eventing import cloudevents as ce
from knlite.eventing.dataplane import ChannelInfo, ChannelKey, Subscriber
from knlite.eventing.delivery import DeliveryOptions, Response
from knlite.eventing.handlers import ChannelUnavailable
from knlite.eventing.kafka.plane import KafkaPlane, Route, SourceTarget, TriggerTarget
from knlite.eventing.kafka.records import Record, to_record
from knlite.eventing.kafka.specs import KafkaOptions

EVENT = {"ce-specversion": "1.0", "ce-id": "1", "ce-source": "s", "ce-type": "t", "ce-partitionkey": "k"}


class FakeClients:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[str, str, bytes, bytes | None, list[tuple[str, bytes]]]] = []
        self.fail = fail

    async def send(self, bootstrap: str, topic: str, value: bytes, key: bytes | None,
                   headers: list[tuple[str, bytes]]) -> None:
        from knlite.eventing.kafka.client import KafkaUnavailable

        if self.fail:
            raise KafkaUnavailable("failed to produce to topic x: KafkaTimeoutError")
        self.sent.append((bootstrap, topic, value, key, headers))


class FakeTransport:
    def __init__(self, answers: Mapping[str, Response] | None = None) -> None:
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.answers = dict(answers or {})

    async def send(self, url: str, headers: Mapping[str, str], body: bytes, timeout: float | None) -> Response:
        self.requests.append((url, dict(headers), body))
        return self.answers.get(url, Response(202, {}, b""))


class Features:
    def enabled(self, name: str) -> bool:
        return False


def plane(clients: FakeClients | None = None, transport: FakeTransport | None = None) -> KafkaPlane:
    p = KafkaPlane(transport or FakeTransport(), Features, KafkaOptions(),  # type: ignore[arg-type]
                   clients=clients or FakeClients())  # type: ignore[arg-type]
    p.brokers[("dev", "kb")] = Route("k:9092", "knative-broker-dev-kb")
    return p


@pytest.mark.parametrize(("method", "path", "headers", "body", "status"), [
    ("POST", "/dev/kb", EVENT, b"hi", 202),
    ("POST", "/dev/kb/", EVENT, b"hi", 202),
    ("GET", "/dev/kb", EVENT, b"", 405),
    ("PUT", "/dev/kb", EVENT, b"", 405),
    ("POST", "/", EVENT, b"", 404),
    ("POST", "/dev", EVENT, b"", 404),
    ("POST", "/dev/kb/extra", EVENT, b"", 404),
    ("POST", "/dev/other", EVENT, b"", 404),
    ("POST", "/dev/kb", {"content-type": "text/plain"}, b"not an event", 400),
    ("POST", "/dev/kb", {**EVENT, "ce-specversion": "0.1"}, b"", 400),
])
async def test_broker_receiver_answers(method: str, path: str, headers: dict[str, str], body: bytes,
                                       status: int) -> None:
    clients = FakeClients()
    resp = await plane(clients).broker_ingress(method, path, headers, body)
    assert resp.status == status, resp.body
    assert len(clients.sent) == (1 if status == 202 else 0)


async def test_broker_receiver_writes_a_binary_record_keyed_by_partitionkey() -> None:
    clients = FakeClients()
    seen: list[tuple[str, str, str]] = []
    p = plane(clients)
    p.on_event = lambda kind, ns, name, event: seen.append((kind, ns, name))
    assert (await p.broker_ingress("POST", "/dev/kb", EVENT, b"hi")).status == 202
    [(bootstrap, topic, value, key, headers)] = clients.sent
    assert (bootstrap, topic, value, key) == ("k:9092", "knative-broker-dev-kb", b"hi", b"k")
    assert ("ce_type", b"t") in headers
    assert seen == [("Broker", "dev", "kb")]


async def test_failing_to_produce_is_503() -> None:
    p = plane(FakeClients(fail=True))
    resp = await p.broker_ingress("POST", "/dev/kb", EVENT, b"hi")
    assert resp.status == 503 and b"failed to produce" in resp.body
    info = ChannelInfo(ChannelKey("default", "kc", "KafkaChannel"), ("kc-kn-channel.default.svc.cluster.local",))
    p.channels[info.key] = Route("k:9092", "knative-messaging-kafka.default.kc")
    with pytest.raises(ChannelUnavailable) as e:
        await p.publish(info, ce.parse(EVENT, b"x"), {})
    assert e.value.status == 503


async def test_a_channel_without_a_topic_yet_is_503() -> None:
    info = ChannelInfo(ChannelKey("default", "kc", "KafkaChannel"), ())
    with pytest.raises(ChannelUnavailable) as e:
        await plane().publish(info, ce.parse(EVENT, b"x"), {})
    assert e.value.status == 503


def record_of(headers: dict[str, str], body: bytes = b"x", offset: int = 0) -> Record:
    out = to_record(ce.parse(headers, body))
    return Record("topic", 0, offset, 0, out.key, out.value, tuple(out.headers))


async def test_a_trigger_filters_delivers_and_sends_replies_to_its_broker() -> None:
    reply = Response(200, {"ce-specversion": "1.0", "ce-id": "r", "ce-source": "sub", "ce-type": "reply"}, b"")
    transport = FakeTransport({"http://sub/": reply})
    p = plane(transport=transport)
    target = TriggerTarget("dev", "t1", "http://sub/", "http://kafka-broker-ingress/dev/kb", DeliveryOptions(),
                           lambda attrs: attrs.get("type") == "t")
    handle = p.trigger_handler(target)
    await handle(record_of({**EVENT, "ce-type": "other"}))
    assert transport.requests == []
    await handle(record_of(EVENT, b"payload"))
    assert [u for u, _, _ in transport.requests] == ["http://sub/", "http://kafka-broker-ingress/dev/kb"]
    _, headers, body = transport.requests[0]
    assert (headers["ce-id"], headers["ce-partitionkey"], body) == ("1", "k", b"payload")
    assert transport.requests[1][1]["ce-id"] == "r"


async def test_a_channel_subscriber_gets_every_event_with_kn_namespace() -> None:
    transport = FakeTransport()
    p = plane(transport=transport)
    sub = Subscriber("u1", 1, "http://sub/", None, None, None)
    handle = p.subscriber_handler("default", sub)
    await handle(record_of(EVENT))
    await handle(Record("topic", 0, 1, 0, None, b"not an event", ()))  # skipped, not delivered
    [(url, headers, _)] = transport.requests
    assert url == "http://sub/" and headers["Kn-Namespace"] == "default"


async def test_a_source_wraps_plain_records_and_applies_overrides() -> None:
    transport = FakeTransport()
    p = plane(transport=transport)
    target = SourceTarget("ns", "src", "http://sink/", DeliveryOptions(), "string", (("origin", "kafka"),))
    handle = p.source_handler(target)
    await handle(Record("orders", 1, 9, 0, b"key-1", b"plain", (("Content-Type", b"text/plain"),)))
    await handle(record_of(EVENT))
    (_, wrapped, body), (_, forwarded, _) = transport.requests
    assert wrapped["ce-type"] == "dev.knative.kafka.event" and wrapped["ce-id"] == "partition:1/offset:9"
    assert (wrapped["ce-key"], wrapped["ce-origin"], wrapped["content-type"], body) == \
        ("key-1", "kafka", "text/plain", b"plain")
    assert (forwarded["ce-id"], forwarded["ce-type"], forwarded["ce-origin"]) == ("1", "t", "kafka")


@pytest.mark.parametrize(("offsets", "finished", "committable"), [
    ([5, 6, 7], [], None),
    ([5, 6, 7], [5], 6),
    ([5, 6, 7], [6, 7], None),  # 5 still in flight: nothing past it may be committed
    ([5, 6, 7], [6, 7, 5], 8),
    ([5, 6, 7], [5, 7], 6),
])
def test_only_the_finished_prefix_of_a_partition_is_committable(offsets: list[int], finished: list[int],
                                                                 committable: int | None) -> None:
    from aiokafka.structs import TopicPartition

    from knlite.eventing.kafka.consumer import _Partition

    part = _Partition(TopicPartition("t", 0))
    entries: dict[int, Any] = {o: part.add(o) for o in offsets}
    for o in finished:
        part.finish(entries[o])
    assert part.committable == committable
