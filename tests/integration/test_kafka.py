"""Section 4.7.4–4.7.6 of the seed and the Kafka backends' guarantees, against a real Kafka-protocol broker.

A Tansu broker (:mod:`tests.kafka`) stands in for the seed's Strimzi cluster: wherever the
seed points ``bootstrap.servers`` at ``my-cluster-kafka-bootstrap.kafka:9092``, the test
points it at Tansu on loopback. The seed's manifests are applied verbatim and its ``kn``
lines run verbatim (knlite's kn, as :mod:`tests.integration.test_kn` runs them); its client
pod becomes curl through the internal gateway. Beyond the seed:

- the KafkaChannel, MT-broker-over-KafkaChannel and Kafka-broker paths carry real events,
  the Kafka broker's replies come back through its ingress, and its ingress answers bad
  requests as eventing-kafka-broker's receiver does;
- KafkaSource: plain records wrapped per spec §7.6 (int key, headers, content type),
  CloudEvent records forwarded as they are, ``initialOffset: earliest``, ``ceOverrides``;
- ordered delivery: with ``kafka.eventing.knative.dev/delivery.order: ordered`` a slow
  subscriber sees each ``partitionkey``'s events in order, one at a time per partition,
  while an unordered trigger on the same broker gets them concurrently;
- a crash: a producer sends N numbered events, the daemon is SIGKILLed at a random point
  and restarted, and every event answered 202 reaches the subscriber at least once.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import random
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import seed
from tests.harness import Knlite
from tests.integration.test_eventing_seed import curl, event_display_service, wait_logs, wait_ready
from tests.integration.test_kn import seed_kn, table
from tests.kafka import KNLITE_ENV, Sink, TestKafka

pytestmark = pytest.mark.integration

KAFKA_INGRESS = "kafka-broker-ingress.knative-eventing.svc.cluster.local"


@pytest.fixture(scope="module")
def kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestKafka]:
    k = TestKafka(tmp_path_factory.mktemp("kafka") / "broker.log").start()
    try:
        yield k
    finally:
        k.stop()


@pytest.fixture(scope="module")
def kn(tmp_path_factory: pytest.TempPathFactory, kafka: TestKafka) -> Iterator[Knlite]:
    k = Knlite(tmp_path_factory.mktemp("knlite"), extra_env=dict(KNLITE_ENV))
    k.start()
    try:
        yield k
    finally:
        k.stop()


@pytest.fixture(scope="module")
def sink() -> Iterator[Sink]:
    s = Sink()
    try:
        yield s
    finally:
        s.close()


def apply(k: Knlite, *docs: dict[str, Any]) -> None:
    k.kubectl("apply", "-f", "-", input=yaml.safe_dump_all(docs)).check()


def get(k: Knlite, *what: str) -> Any:
    return json.loads(k.kubectl("get", *what, "-o", "json").check().out)


def post(k: Knlite, url: str, headers: dict[str, str], body: str = "") -> int:
    args = ["-X", "POST", url]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    if body:
        args += ["-d", body]
    return int(curl(k, *args).stdout.rsplit("\n", 1)[1])


def event_headers(event_id: str, event_type: str, **extensions: str) -> dict[str, str]:
    return {"ce-specversion": "1.0", "ce-id": event_id, "ce-type": event_type, "ce-source": "test",
            **{f"ce-{k}": v for k, v in extensions.items()}, "Content-Type": "text/plain"}


def kafka_broker(name: str, config: str, ns: str = "default", **annotations: str) -> dict[str, Any]:
    return {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker",
            "metadata": {"name": name, "namespace": ns,
                         "annotations": {"eventing.knative.dev/broker.class": "Kafka", **annotations}},
            "spec": {"config": {"apiVersion": "v1", "kind": "ConfigMap", "name": config,
                                "namespace": "knative-eventing"}}}


def broker_config(name: str, bootstrap: str, partitions: int) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "knative-eventing"},
            "data": {"bootstrap.servers": bootstrap, "default.topic.partitions": str(partitions),
                     "default.topic.replication.factor": "1"}}


def trigger(name: str, broker: str, uri: str, ns: str = "default", event_type: str | None = None,
            **annotations: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"broker": broker, "subscriber": {"uri": uri}}
    if event_type:
        spec["filter"] = {"attributes": {"type": event_type}}
    return {"apiVersion": "eventing.knative.dev/v1", "kind": "Trigger",
            "metadata": {"name": name, "namespace": ns, "annotations": annotations}, "spec": spec}


# -- seed 4.7.4: KafkaChannel ------------------------------------------------------------------------


def test_e135_e136_e137_e139_e141_e142_kafkachannel_to_event_display(kn: Knlite, kafka: TestKafka) -> None:
    # E135: with an external Kafka cluster, kafka-channel-config gets its bootstrap servers
    kn.kubectl("patch", "cm", "kafka-channel-config", "-n", "knative-eventing", "--type", "merge",
               "-p", json.dumps({"data": {"bootstrap.servers": kafka.bootstrap}})).check()
    kn.kubectl("apply", "-f", str(seed.path("e136-configmap-default-ch-webhook"))).check()
    assert seed_kn(kn, "E137").check().out == "Channel 'kc01' created in namespace 'default'.\n"
    # E139's precondition: an event-display Knative Service
    apply(kn, event_display_service("event-display"))
    assert seed_kn(kn, "E139").check().out == "Subscription 'sub-to-kc01' created in namespace 'default'.\n"
    wait_ready(kn, "channels.messaging.knative.dev/kc01", "ksvc/event-display", "subscription/sub-to-kc01")
    header, rows = table(seed_kn(kn, "E138").check().out)
    assert header == ["NAME", "TYPE", "URL", "AGE", "READY", "REASON"]
    name, kind, url, _age, ready = rows["kc01"]
    assert (name, kind, url, ready) == ("kc01", "KafkaChannel", "http://kc01-kn-channel.default.svc.cluster.local",
                                        "True")
    kc = get(kn, "kafkachannel", "kc01")
    assert kc["status"]["annotations"]["default.topic"] == "knative-messaging-kafka.default.kc01"
    assert (kc["spec"]["numPartitions"], kc["spec"]["replicationFactor"], kc["spec"]["retentionDuration"]) == \
        (1, 1, "PT168H")
    assert [s["ready"] for s in kc["status"]["subscribers"]] == ["True"]
    # E141
    p = curl(kn, "-v", "http://kc01-kn-channel.default.svc.cluster.local", "-X", "POST",
             "-H", "Content-Type: application/cloudevents+json",
             "-d", '{"id": "100001", "specversion": "1.0", "type": "com.icloud2native.flow.seq", "source": "Curl", '
                   '"data": {"message":"Hello from Knative Eventing KafkaChannel"}}')
    assert p.stdout.rsplit("\n", 1)[1] == "202"
    # E142 (event_display writes two spaces before the data, not the seed's three)
    log = wait_logs(kn, "event-display", "id: 100001")
    assert ("☁️  cloudevents.Event\n"
            "Context Attributes,\n"
            "  specversion: 1.0\n"
            "  type: com.icloud2native.flow.seq\n"
            "  source: Curl\n"
            "  id: 100001\n"
            "Data,\n"
            '  {"message":"Hello from Knative Eventing KafkaChannel"}\n') in log


# -- seed 4.7.5: the MT broker over KafkaChannel -------------------------------------------------


def test_e144_e145_e146_e147_e148_e149_e150_mt_broker_over_kafkachannel(kn: Knlite, sink: Sink) -> None:
    for name in ("e144-configmap-config-br-defaults", "e145-configmap-config-br-default-channel",
                 "e146-configmap-kafka-channel"):
        kn.kubectl("apply", "-f", str(seed.path(name))).check()
    kn.kubectl("create", "namespace", "event-demo").check()
    # E147, E149 are typed `kubectl broker create ...`; kn is meant (SEED-EXAMPLES note 1)
    seed_kn(kn, "E147").check()
    seed_kn(kn, "E149").check()
    wait_ready(kn, "broker/broker01")
    wait_ready(kn, "broker/broker01", "-n", "event-demo")
    # E148
    ann = get(kn, "broker", "broker01")["status"]["annotations"]
    assert ann == {"knative.dev/channelAPIVersion": "messaging.knative.dev/v1",
                   "knative.dev/channelAddress": "http://broker01-kne-trigger-kn-channel.default.svc.cluster.local",
                   "knative.dev/channelKind": "InMemoryChannel", "knative.dev/channelName": "broker01-kne-trigger"}
    # E150
    ann = get(kn, "broker", "broker01", "-n", "event-demo")["status"]["annotations"]
    assert ann == {"knative.dev/channelAPIVersion": "messaging.knative.dev/v1beta1",
                   "knative.dev/channelAddress": "http://broker01-kne-trigger-kn-channel.event-demo.svc.cluster.local",
                   "knative.dev/channelKind": "KafkaChannel", "knative.dev/channelName": "broker01-kne-trigger"}
    kc = get(kn, "kafkachannel", "broker01-kne-trigger", "-n", "event-demo")
    assert kc["spec"]["numPartitions"] == 5 and kc["spec"]["replicationFactor"] == 1
    # beyond the seed: an event through that broker travels its KafkaChannel to a trigger
    apply(kn, trigger("mt-over-kafka", "broker01", sink.url("/mt"), ns="event-demo"))
    wait_ready(kn, "trigger/mt-over-kafka", "-n", "event-demo")
    assert post(kn, "http://broker-ingress.knative-eventing.svc.cluster.local/event-demo/broker01",
                event_headers("mt-1", "demo.mt"), "over kafka") == 202
    [got] = sink.wait("/mt", 1)
    assert (got.id, got.headers["ce-type"], got.body) == ("mt-1", "demo.mt", b"over kafka")
    assert "ce-knativearrivaltime" in got.headers


# -- seed 4.7.6: the Kafka broker --------------------------------------------------------------------


def test_e154_e155_e156_e157_kafka_broker(kn: Knlite, kafka: TestKafka, sink: Sink) -> None:
    manifest = seed.text("e154-configmap-kafka-broker-config")
    kn.kubectl("apply", "-f", "-",
               input=manifest.replace("my-cluster-kafka-bootstrap.kafka:9092", kafka.bootstrap)).check()
    kn.kubectl("apply", "-f", str(seed.path("e155-configmap-config-br-defaults-dev"))).check()
    kn.kubectl("create", "namespace", "dev").check()
    assert seed_kn(kn, "E156").check().out == "Broker 'kbroker01' successfully created in namespace 'dev'.\n"
    wait_ready(kn, "broker/kbroker01", "-n", "dev")
    header, rows = table(seed_kn(kn, "E157").check().out)
    assert header == ["NAME", "URL", "AGE", "CONDITIONS", "READY", "REASON"]
    name, url, _age, conditions, ready = rows["kbroker01"]
    assert (name, url, conditions, ready) == ("kbroker01", f"http://{KAFKA_INGRESS}/dev/kbroker01", "7 OK / 7", "True")
    b = get(kn, "broker", "kbroker01", "-n", "dev")
    assert b["metadata"]["annotations"]["eventing.knative.dev/broker.class"] == "Kafka"
    assert b["spec"]["config"]["name"] == "kafka-broker-config"
    assert b["status"]["address"]["url"] == f"http://{KAFKA_INGRESS}/dev/kbroker01"
    conditions = b["status"]["conditions"]
    assert len(conditions) == 7 and all(c["status"] == "True" for c in conditions), conditions
    assert b["status"]["annotations"] == {"default.topic": "knative-broker-dev-kbroker01",
                                          "bootstrap.servers": kafka.bootstrap, "default.topic.partitions": "5",
                                          "default.topic.replication.factor": "1"}
    # beyond the seed: a trigger whose subscriber replies; the reply comes back through the broker
    sink.replies["/kb-request"] = ({"ce-specversion": "1.0", "ce-id": "reply-1", "ce-type": "kb.reply",
                                    "ce-source": "sink", "Content-Type": "text/plain"}, b"pong")
    apply(kn, trigger("requests", "kbroker01", sink.url("/kb-request"), ns="dev", event_type="kb.request"),
          trigger("replies", "kbroker01", sink.url("/kb-reply"), ns="dev", event_type="kb.reply"))
    wait_ready(kn, "trigger/requests", "trigger/replies", "-n", "dev")
    t = get(kn, "trigger", "requests", "-n", "dev")
    assert t["status"]["annotations"]["group.id"] == "knative-trigger-dev-requests"
    assert post(kn, f"http://{KAFKA_INGRESS}/dev/kbroker01", event_headers("req-1", "kb.request"), "ping") == 202
    [request] = sink.wait("/kb-request", 1)
    [reply] = sink.wait("/kb-reply", 1)
    assert (request.id, request.body) == ("req-1", b"ping")
    assert (reply.id, reply.headers["ce-type"], reply.body) == ("reply-1", "kb.reply", b"pong")
    time.sleep(0.5)
    assert len(sink.received("/kb-request")) == 1, "the reply must not match the request trigger"
    # the receiver's answers (IngressRequestHandlerImpl)
    url = f"http://{KAFKA_INGRESS}/dev/kbroker01"
    assert int(curl(kn, url).stdout.rsplit("\n", 1)[1]) == 405
    assert post(kn, url, {"Content-Type": "text/plain"}, "not an event") == 400
    assert post(kn, f"http://{KAFKA_INGRESS}/dev/nobroker", event_headers("x", "t")) == 404
    assert post(kn, f"http://{KAFKA_INGRESS}/", event_headers("x", "t")) == 404


def test_kafka_broker_external_topic_and_bad_delivery_order(kn: Knlite, kafka: TestKafka, sink: Sink) -> None:
    apply(kn, broker_config("kafka-external-config", kafka.bootstrap, 2),
          kafka_broker("missing-topic", "kafka-external-config",
                       **{"kafka.eventing.knative.dev/external.topic": "no-such-topic"}),
          trigger("sideways", "kbroker-order", sink.url("/never"),
                  **{"kafka.eventing.knative.dev/delivery.order": "sideways"}),
          kafka_broker("kbroker-order", "kafka-external-config"))
    wait_ready(kn, "broker/kbroker-order")
    deadline = time.monotonic() + 30
    broker_topic = trigger_resolved = None
    while time.monotonic() < deadline:
        conditions = {c["type"]: c for c in get(kn, "broker", "missing-topic")["status"].get("conditions", [])}
        broker_topic = conditions.get("TopicReady")
        conditions = {c["type"]: c for c in get(kn, "trigger", "sideways")["status"].get("conditions", [])}
        trigger_resolved = conditions.get("SubscriberResolved")
        if broker_topic and broker_topic["status"] == "False" and trigger_resolved and \
                trigger_resolved["status"] == "False":
            break
        time.sleep(0.2)
    assert broker_topic is not None and broker_topic["status"] == "False", broker_topic
    assert broker_topic["reason"] == "Topic is not present or invalid"
    assert trigger_resolved is not None and trigger_resolved["status"] == "False", trigger_resolved
    assert 'invalid annotation kafka.eventing.knative.dev/delivery.order value: sideways' in \
        trigger_resolved["message"]


# -- KafkaSource ---------------------------------------------------------------------------------------


def produce(kafka: TestKafka, topic: str, partitions: int, records: list[dict[str, Any]]) -> None:
    from aiokafka import AIOKafkaProducer
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    async def run() -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=kafka.bootstrap)
        await admin.start()
        try:
            await admin.create_topics([NewTopic(topic, partitions, 1)])
        finally:
            await admin.close()
        producer = AIOKafkaProducer(bootstrap_servers=kafka.bootstrap)
        await producer.start()
        try:
            for r in records:
                await producer.send_and_wait(topic, **r)
        finally:
            await producer.stop()

    asyncio.run(run())


def test_kafkasource_wraps_plain_records_and_forwards_cloudevents(kn: Knlite, kafka: TestKafka, sink: Sink) -> None:
    # a record written before the source exists: initialOffset earliest picks it up
    produce(kafka, "orders", 2, [{"value": b"early", "key": b"\x00\x00\x00\x01", "partition": 0}])
    apply(kn, {"apiVersion": "sources.knative.dev/v1beta1", "kind": "KafkaSource",
               "metadata": {"name": "orders-source", "labels": {"kafkasources.sources.knative.dev/key-type": "int"}},
               "spec": {"bootstrapServers": [kafka.bootstrap], "topics": ["orders"], "initialOffset": "earliest",
                        "ceOverrides": {"extensions": {"origin": "kafka"}},
                        "sink": {"uri": sink.url("/source")}}})
    wait_ready(kn, "kafkasource/orders-source")
    src = get(kn, "kafkasource", "orders-source")
    assert src["status"]["ceAttributes"] == [{"type": "dev.knative.kafka.event",
                                              "source": "/apis/v1/namespaces/default/kafkasources/orders-source#orders"}]
    produce(kafka, "orders", 2, [
        {"value": b"plain text", "key": (7).to_bytes(4, "big"), "partition": 1,
         "headers": [("Content-Type", b"Text/Plain"), ("X-Request_ID", b"r-1")]},
        {"value": b'{"n":1}', "partition": 1,
         "headers": [("ce_specversion", b"1.0"), ("ce_id", b"binary-1"), ("ce_source", b"producer"),
                     ("ce_type", b"order.created"), ("content-type", b"application/json")]},
        {"value": b'{"specversion":"1.0","id":"structured-1","source":"producer","type":"order.paid","data":{"n":2}}',
         "partition": 1, "headers": [("content-type", b"application/cloudevents+json")]},
    ])
    got = {e.id: e for e in sink.wait("/source", 4)}
    assert set(got) == {"partition:0/offset:0", "partition:1/offset:0", "binary-1", "structured-1"}, list(got)
    early = got["partition:0/offset:0"]
    assert (early.body, early.headers["ce-key"], early.headers["ce-partitionkey"]) == (b"early", "1", "1")
    plain = got["partition:1/offset:0"].headers
    assert plain["ce-type"] == "dev.knative.kafka.event"
    assert plain["ce-source"] == "/apis/v1/namespaces/default/kafkasources/orders-source#orders"
    assert plain["ce-subject"] == "partition:1#0"
    assert (plain["ce-key"], plain["ce-partitionkey"]) == ("7", "7")
    assert plain["ce-kafkaheaderxrequestid"] == "r-1" and plain["content-type"] == "text/plain"
    assert plain["ce-time"].endswith("Z") and plain["ce-origin"] == "kafka"
    binary = got["binary-1"]
    assert (binary.headers["ce-type"], binary.headers["ce-source"], binary.body) == \
        ("order.created", "producer", b'{"n":1}')
    assert binary.headers["content-type"] == "application/json" and binary.headers["ce-origin"] == "kafka"
    assert "ce-kafkaheadercespecversion" not in binary.headers
    structured = got["structured-1"]
    assert structured.headers["ce-type"] == "order.paid" and json.loads(structured.body) == {"n": 2}


# -- ordered delivery ------------------------------------------------------------------------------------


def test_ordered_delivery_keeps_each_partitionkey_in_order(kn: Knlite, kafka: TestKafka, sink: Sink) -> None:
    # slow subscribers; the unordered one so slow that events overlap however fast they are fetched
    sink.delays["/ordered"], sink.delays["/unordered"] = 0.04, 0.3
    apply(kn, broker_config("kafka-order-config", kafka.bootstrap, 4), kafka_broker("orders", "kafka-order-config"),
          trigger("in-order", "orders", sink.url("/ordered"), **{"kafka.eventing.knative.dev/delivery.order": "ordered"}),
          trigger("any-order", "orders", sink.url("/unordered")))
    wait_ready(kn, "broker/orders", "trigger/in-order", "trigger/any-order")
    keys, per_key = ("alpha", "beta", "gamma"), 10
    sent = [f"{key}-{i}" for i in range(per_key) for key in keys]
    for event_id in sent:  # one at a time: each is in Kafka before the next is sent
        key = event_id.split("-")[0]
        assert post(kn, f"http://{KAFKA_INGRESS}/default/orders",
                    event_headers(event_id, "order.step", partitionkey=key), event_id) == 202
    ordered = sink.wait("/ordered", len(sent), timeout=60)
    unordered = sink.wait("/unordered", len(sent), timeout=60)
    assert sorted(e.id for e in ordered) == sorted(sent)
    assert sorted(e.id for e in unordered) == sorted(sent)
    for key in keys:
        assert [e.id for e in ordered if e.id.startswith(key)] == [f"{key}-{i}" for i in range(per_key)]
    # ordered: at most one event in flight per partition (three keys, so at most three)
    assert sink.max_in_flight["/ordered"] <= len(keys), sink.max_in_flight
    assert sink.max_in_flight["/unordered"] > len(keys), sink.max_in_flight
    print(f"\nordered delivery: {len(sent)} events, max in flight ordered={sink.max_in_flight['/ordered']} "
          f"unordered={sink.max_in_flight['/unordered']}")


# -- crash -----------------------------------------------------------------------------------------------


class Producer(threading.Thread):
    """Sends numbered events one at a time over a kept-alive connection; remembers what got a 202."""

    def __init__(self, port: int, host: str, path: str, ids: list[int], prefix: str) -> None:
        super().__init__(daemon=True)
        self.port, self.host, self.path, self.ids, self.prefix = port, host, path, ids, prefix
        self.acked: set[int] = set()
        self.stop = threading.Event()

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        for i in self.ids:
            if self.stop.is_set():
                return
            try:
                conn.request("POST", self.path, body=f"event {i}", headers={
                    "Host": self.host, **event_headers(f"{self.prefix}-{i}", "crash.test")})
                resp = conn.getresponse()
                resp.read()
            except (OSError, http.client.HTTPException):
                return  # the daemon is gone: this one and the rest are not acknowledged
            if resp.status == 202:
                self.acked.add(i)


def resend(port: int, host: str, path: str, ids: list[int], prefix: str, timeout: float = 60) -> set[int]:
    """After the restart: send each event until it is acknowledged (a client retrying)."""
    acked: set[int] = set()
    deadline = time.monotonic() + timeout
    pending = list(ids)
    while pending and time.monotonic() < deadline:
        p = Producer(port, host, path, pending, prefix)
        p.run()
        acked |= p.acked
        pending = [i for i in pending if i not in acked]
        if pending:
            time.sleep(0.2)
    return acked


@pytest.mark.parametrize("backend", ["broker", "channel"])
def test_kill_9_loses_no_acknowledged_event(tmp_path: Path, kafka: TestKafka, sink: Sink, backend: str) -> None:
    n = 1000
    rng = random.Random()
    kill_after = rng.randint(n // 5, n * 3 // 5)
    path, prefix = f"/crash-{backend}", f"crash-{backend}"
    k = Knlite(tmp_path / "state", extra_env=dict(KNLITE_ENV))
    k.start()
    try:
        if backend == "broker":
            apply(k, broker_config("kafka-broker-config", kafka.bootstrap, 3),
                  kafka_broker("crash", "kafka-broker-config"), trigger("crash", "crash", sink.url(path)))
            wait_ready(k, "broker/crash", "trigger/crash")
            host, target = KAFKA_INGRESS, "/default/crash"
        else:
            k.kubectl("patch", "cm", "kafka-channel-config", "-n", "knative-eventing", "--type", "merge",
                      "-p", json.dumps({"data": {"bootstrap.servers": kafka.bootstrap}})).check()
            apply(k, {"apiVersion": "messaging.knative.dev/v1beta1", "kind": "KafkaChannel",
                      "metadata": {"name": "crash"}, "spec": {"numPartitions": 3}},
                  {"apiVersion": "messaging.knative.dev/v1", "kind": "Subscription", "metadata": {"name": "crash"},
                   "spec": {"channel": {"apiVersion": "messaging.knative.dev/v1beta1", "kind": "KafkaChannel",
                                        "name": "crash"}, "subscriber": {"uri": sink.url(path)}}})
            wait_ready(k, "kafkachannel/crash", "subscription/crash")
            host, target = "crash-kn-channel.default.svc.cluster.local", "/"
        # a first event through, so the consumer group is delivering when the stream starts
        warm = Producer(k.internal_port, host, target, [-1], prefix)
        warm.run()
        assert warm.acked == {-1} and sink.wait(path, 1), "the warm-up event did not get through"
        producer = Producer(k.internal_port, host, target, list(range(n)), prefix)
        producer.start()
        deadline = time.monotonic() + 60
        while len(producer.acked) < kill_after and producer.is_alive() and time.monotonic() < deadline:
            time.sleep(0.001)
        k.kill()
        killed_at = time.time()
        producer.stop.set()
        producer.join(15)
        before = set(producer.acked)
        assert len(before) >= kill_after, f"only {len(before)} events were acknowledged before the kill"
        k.start()
        after = resend(k.internal_port, host, target, [i for i in range(n) if i not in before], prefix)
        acked = before | after
        assert len(acked) == n, f"{n - len(acked)} events never got a 202 after the restart"
        want = {f"{prefix}-{i}" for i in acked}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ids = [e.id for e in sink.received(path)]
            if want <= set(ids):
                break
            time.sleep(0.2)
        ids = [e.id for e in sink.received(path) if e.id != f"{prefix}--1"]
        lost = sorted(want - set(ids), key=lambda s: int(s.rsplit("-", 1)[1]))
        duplicates = len(ids) - len(set(ids))
        delivered_before = len({e.id for e in sink.received(path) if e.at <= killed_at})
        print(f"\nkafka {backend} crash: N={n}, killed after {len(before)} acknowledged and {delivered_before} "
              f"delivered; received={len(ids)} duplicates={duplicates} losses={len(lost)}")
        assert not lost, f"{len(lost)} acknowledged events lost: {lost[:10]}"
    finally:
        k.stop()

