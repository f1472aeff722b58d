"""NatsJetStreamChannel through a real daemon against Debian's ``nats-server -js``.

One NATS server per module (free loopback port, store in a temporary directory, stopped by
PID); ``config-nats`` is pointed at it as a user would. Subscribers are HTTP servers in the
test process, which stay up while a daemon is killed and restarted. Events go in through the
internal gateway with the channel's cluster-local host, as a client pod would send them.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.engines import NatsServer, Receiver, apply, kill_and_restart, nats_available, post_event, ready
from tests.harness import Knlite, free_port

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not nats_available(), reason="nats-server is not installed (make system-deps)")]

NATS = {"apiVersion": "messaging.knative.dev/v1alpha1", "kind": "NatsJetStreamChannel"}


@pytest.fixture(scope="module")
def nats_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NatsServer]:
    server = NatsServer(Path(tmp_path_factory.mktemp("nats"))).start()
    try:
        yield server
    finally:
        server.stop()


def point_at(k: Knlite, url: str) -> None:
    """``config-nats`` → ``url``, as a user points knlite at an existing NATS cluster."""
    cfg = {"url": url, "connOpts": {"retryOnFailedConnect": True, "maxReconnects": 5,
                                    "reconnectWaitMilliseconds": 2000}}
    k.kubectl("-n", "knative-eventing", "patch", "configmap", "config-nats", "--type=merge", "-p",
              json.dumps({"data": {"eventing-nats": yaml.safe_dump(cfg)}})).check()


@pytest.fixture(scope="module")
def knlite(tmp_path_factory: pytest.TempPathFactory, nats_server: NatsServer) -> Iterator[Knlite]:
    k = Knlite(Path(tmp_path_factory.mktemp("knlite"))).start()
    try:
        point_at(k, nats_server.url)
        yield k
    finally:
        k.stop()





def get(k: Knlite, *what: str) -> Any:
    return json.loads(k.kubectl("get", *what, "-o", "json").check().out)


def channel(name: str, spec: dict[str, Any] | None = None, ns: str = "default") -> dict[str, Any]:
    return {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "metadata": {"name": name, "namespace": ns},
            "spec": {"channelTemplate": {**NATS, **({"spec": spec} if spec else {})}}}


def subscription(name: str, channel_name: str, uri: str, delivery: dict[str, Any] | None = None,
                 ns: str = "default", reply: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"channel": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel",
                                        "name": channel_name},
                            "subscriber": {"uri": uri}}
    if delivery:
        spec["delivery"] = delivery
    if reply:
        spec["reply"] = {"uri": reply}
    return {"apiVersion": "messaging.knative.dev/v1", "kind": "Subscription",
            "metadata": {"name": name, "namespace": ns}, "spec": spec}


def host(name: str, ns: str = "default") -> str:
    return f"{name}-kn-channel.{ns}.svc.cluster.local"


def jetstream(url: str, stream: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The stream's config and its consumers' configs, as the NATS server has them."""
    async def read() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        import nats

        nc = await nats.connect(url)
        try:
            js = nc.jetstream()
            info = await js.stream_info(stream)
            consumers = await js.consumers_info(stream)
            return info.config.as_dict(), [c.config.as_dict() for c in consumers]
        finally:
            await nc.close()

    return asyncio.run(read())


def test_channel_over_natsjetstreamchannel(knlite: Knlite, tmp_path: Path, nats_server: NatsServer,
                                           receiver: Receiver) -> None:
    spec = {"stream": {"config": {"maxAge": "1h", "storage": "File", "duplicateWindow": "30s"}},
            "consumerConfigTemplate": {"deliverPolicy": "All", "ackWait": "10s", "maxAckPending": 64}}
    apply(knlite, tmp_path, channel("nch1", spec), subscription("nch1-sub", "nch1", receiver.url + "/nch1"))
    ready(knlite, "channel/nch1", "subscription/nch1-sub")
    ch = get(knlite, "channels.messaging.knative.dev", "nch1")
    assert ch["status"]["channel"]["kind"] == "NatsJetStreamChannel"
    assert ch["status"]["address"]["url"] == "http://nch1-kn-channel.default.svc.cluster.local"
    backing = get(knlite, "natsjetstreamchannels", "nch1")
    conditions = {c["type"]: c["status"] for c in backing["status"]["conditions"]}
    assert conditions["StreamReady"] == conditions["Ready"] == "True", backing["status"]
    uid = knlite.kubectl("get", "subscription", "nch1-sub", "-o", "jsonpath={.metadata.uid}").check().out
    assert backing["status"]["subscribers"] == [{"uid": uid, "observedGeneration": 1, "ready": "True"}]
    rows = knlite.kubectl("get", "natsjsmc").check().out.splitlines()
    assert rows[1].split()[:2] == ["nch1", "True"], rows
    ids = [f"n{i}" for i in range(10)]
    for eid in ids:
        status, body = post_event(knlite.internal_port, host("nch1"), eid,
                                  extra={"x-request-id": f"req-{eid}", "knative-test": "yes"})
        assert status == 202, body
    assert not receiver.wait_for(set(ids), 15)
    assert sorted(receiver.ids) == sorted(ids)  # each once
    first = receiver.headers[receiver.ids.index("n0")]
    assert first["ce-type"] == "engine.test" and first["x-request-id"] == "req-n0" and first["knative-test"] == "yes"
    assert first["kn-namespace"] == "default" and first["prefer"] == "reply"
    # what JetStream has: the stream and a durable consumer named after eventing-natss
    stream, consumers = jetstream(nats_server.url, "KN_DEFAULT__NCH1")
    assert stream["subjects"] == ["default.nch1._knative"] and stream["max_age"] == 3600 * 10**9
    assert stream["storage"] == "file" and stream["duplicate_window"] == 30 * 10**9
    assert [c["durable_name"] for c in consumers] == ["KN_SUB_" + uid.replace("-", "").upper()]
    assert consumers[0]["ack_wait"] == 10 * 10**9 and consumers[0]["max_ack_pending"] == 64
    assert consumers[0]["deliver_subject"] == "default.nch1._knative_consumer." + uid.replace("-", "")
    # an event re-sent with the same id within the duplicate window is stored once
    assert post_event(knlite.internal_port, host("nch1"), "n0")[0] == 202
    time.sleep(1.0)
    assert receiver.ids.count("n0") == 1
    # the subscription goes: its consumer goes; the channel goes: its stream goes
    knlite.kubectl("delete", "subscription", "nch1-sub").check()
    deadline = time.monotonic() + 15
    while jetstream(nats_server.url, "KN_DEFAULT__NCH1")[1] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert jetstream(nats_server.url, "KN_DEFAULT__NCH1")[1] == []
    knlite.kubectl("delete", "channels.messaging.knative.dev", "nch1").check()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            jetstream(nats_server.url, "KN_DEFAULT__NCH1")
        except Exception:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the stream outlived its channel")


def test_a_delivery_longer_than_ack_wait_is_kept_in_progress(knlite: Knlite, tmp_path: Path) -> None:
    # each delivery takes 3.5 ackWaits: without "in progress" reports JetStream would hand the
    # messages out again after 1 s, and the subscriber would see second attempts
    slow = Receiver(delay=3.5)
    try:
        apply(knlite, tmp_path, channel("nslow", {"consumerConfigTemplate": {"ackWait": "1s"}}),
              subscription("nslow-sub", "nslow", slow.url + "/"))
        ready(knlite, "channel/nslow", "subscription/nslow-sub")
        ids = {f"slow{i}" for i in range(3)}
        for eid in sorted(ids):
            assert post_event(knlite.internal_port, host("nslow"), eid)[0] == 202
        assert not slow.wait_for(ids, 20)
        time.sleep(1.5)  # a redelivery would have come by now
        assert sorted(slow.ids) == sorted(ids) and set(slow.attempts.values()) == {1}, slow.attempts
    finally:
        knlite.kubectl("delete", "subscription", "nslow-sub", "--ignore-not-found").check()
        knlite.kubectl("delete", "channels.messaging.knative.dev", "nslow", "--ignore-not-found").check()
        slow.close()


def test_delivery_policy_retries_dead_letter_and_reply(knlite: Knlite, tmp_path: Path, receiver: Receiver) -> None:
    receiver.statuses["/fail"] = 500
    reply_event = ({"ce-specversion": "1.0", "ce-id": "the-reply", "ce-source": "replier", "ce-type": "reply",
                    "content-type": "text/plain"}, b"hi")
    receiver.replies["/replier"] = reply_event
    apply(knlite, tmp_path,
          channel("nch2", {"consumerConfigTemplate": {"consumerType": "Pull", "fetchBatchSize": 8}}),
          subscription("nch2-fail", "nch2", receiver.url + "/fail",
                       {"retry": 2, "backoffPolicy": "linear", "backoffDelay": "PT0.05S",
                        "deadLetterSink": {"uri": receiver.url + "/dls"}}),
          subscription("nch2-reply", "nch2", receiver.url + "/replier", reply=receiver.url + "/replies"))
    ready(knlite, "channel/nch2", "subscription/nch2-fail", "subscription/nch2-reply")
    assert post_event(knlite.internal_port, host("nch2"), "p1")[0] == 202
    assert not receiver.wait_for({"p1", "the-reply"}, 15)
    deadline = time.monotonic() + 10
    while "/dls" not in receiver.paths and time.monotonic() < deadline:
        time.sleep(0.05)
    assert receiver.attempts["p1"] == 3 + 1 + 1  # /fail: 1 + 2 retries; /replier; the dead letter sink
    dead = receiver.headers[receiver.paths.index("/dls")]
    assert dead["ce-id"] == "p1" and dead["ce-knativeerrorcode"] == "500"
    assert dead["ce-knativeerrordest"] == receiver.url + "/fail"
    assert receiver.received("/replies") == ["the-reply"]


def test_default_channel_and_broker_over_nats(knlite: Knlite, tmp_path: Path, receiver: Receiver) -> None:
    knlite.kubectl("create", "namespace", "natsns").check()
    ch_default = {"clusterDefault": {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel"},
                  "namespaceDefaults": {"natsns": NATS}}
    knlite.kubectl("-n", "knative-eventing", "patch", "configmap", "default-ch-webhook", "--type=merge", "-p",
                   json.dumps({"data": {"default-ch-config": yaml.safe_dump(ch_default)}})).check()
    apply(knlite, tmp_path, {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel",
                             "metadata": {"name": "plain", "namespace": "natsns"}})
    ready(knlite, "-n", "natsns", "channel/plain")
    assert get(knlite, "-n", "natsns", "channels.messaging.knative.dev", "plain")["spec"]["channelTemplate"] == NATS
    # a broker whose trigger channel comes from config-natjsm-channel, through config-br-defaults
    br_defaults = yaml.safe_load(knlite.kubectl("-n", "knative-eventing", "get", "configmap", "config-br-defaults",
                                                "-o", "jsonpath={.data.default-br-config}").check().out)
    br_defaults.setdefault("namespaceDefaults", {})["natsns"] = {
        "brokerClass": "MTChannelBasedBroker", "apiVersion": "v1", "kind": "ConfigMap",
        "name": "config-natjsm-channel", "namespace": "knative-eventing"}
    knlite.kubectl("-n", "knative-eventing", "patch", "configmap", "config-br-defaults", "--type=merge", "-p",
                   json.dumps({"data": {"default-br-config": yaml.safe_dump(br_defaults)}})).check()
    apply(knlite, tmp_path,
          {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "metadata": {"name": "nb", "namespace": "natsns"}},
          {"apiVersion": "eventing.knative.dev/v1", "kind": "Trigger", "metadata": {"name": "nt", "namespace": "natsns"},
           "spec": {"broker": "nb", "filter": {"attributes": {"type": "wanted"}},
                    "subscriber": {"uri": receiver.url + "/trigger"}}})
    ready(knlite, "-n", "natsns", "broker/nb", "trigger/nt")
    ann = get(knlite, "-n", "natsns", "broker", "nb")["status"]["annotations"]
    assert ann["knative.dev/channelKind"] == "NatsJetStreamChannel"
    assert ann["knative.dev/channelAPIVersion"] == "messaging.knative.dev/v1alpha1"
    ingress = "broker-ingress.knative-eventing.svc.cluster.local"
    assert post_event(knlite.internal_port, ingress, "b1", "/natsns/nb", etype="wanted")[0] == 202
    assert post_event(knlite.internal_port, ingress, "b2", "/natsns/nb", etype="unwanted")[0] == 202
    assert not receiver.wait_for({"b1"}, 15)
    time.sleep(0.5)
    assert receiver.ids == ["b1"] and receiver.paths == ["/trigger"]
    assert "knativearrivaltime" in "".join(receiver.headers[0])


def test_unreachable_server_is_reported_and_answered_503(knlite: Knlite, tmp_path: Path, nats_server: NatsServer,
                                                         receiver: Receiver) -> None:
    closed = free_port()
    point_at(knlite, f"nats://127.0.0.1:{closed}")
    apply(knlite, tmp_path, channel("nbad"), subscription("nbad-sub", "nbad", receiver.url + "/nbad"))
    deadline = time.monotonic() + 20
    cond: dict[str, Any] = {}
    while time.monotonic() < deadline:
        backing = knlite.request("GET", "/apis/messaging.knative.dev/v1alpha1/namespaces/default/"
                                        "natsjetstreamchannels/nbad")[1]
        conds = {c["type"]: c for c in (backing.get("status") or {}).get("conditions") or []} \
            if isinstance(backing, dict) else {}
        cond = conds.get("StreamReady") or {}
        if cond.get("status") == "False":
            break
        time.sleep(0.2)
    assert cond.get("reason") == "DispatcherCreateStreamFailed", cond
    assert f"cannot connect to NATS at nats://127.0.0.1:{closed}" in cond["message"]
    status, body = post_event(knlite.internal_port, host("nbad"), "x1")
    assert status == 503 and f"cannot connect to NATS at nats://127.0.0.1:{closed}" in body, body
    assert knlite.request("GET", "/readyz", token=None)[0] == 200  # the daemon is fine
    # a spec JetStream cannot take is reported, not crashed on
    bad = knlite.kubectl("patch", "natsjetstreamchannel", "nbad", "--type=merge", "-p",
                         '{"spec":{"stream":{"config":{"maxAge":"an hour"}}}}')
    assert bad.returncode == 0, bad.stderr
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        backing = get(knlite, "natsjetstreamchannel", "nbad")
        cond = next(c for c in backing["status"]["conditions"] if c["type"] == "StreamReady")
        if cond.get("reason") == "InvalidStreamConfig":
            break
        time.sleep(0.2)
    assert cond.get("reason") == "InvalidStreamConfig" and "maxAge" in cond["message"], cond
    # back to the real server: the channel heals
    knlite.kubectl("patch", "natsjetstreamchannel", "nbad", "--type=json", "-p",
                   '[{"op":"remove","path":"/spec/stream"}]').check()
    point_at(knlite, nats_server.url)
    ready(knlite, "channel/nbad", "subscription/nbad-sub", timeout=30)
    assert post_event(knlite.internal_port, host("nbad"), "x3")[0] == 202
    assert not receiver.wait_for({"x3"}, 15)


def test_nats_server_restart_and_outage(knlite: Knlite, tmp_path: Path, nats_server: NatsServer,
                                        receiver: Receiver) -> None:
    apply(knlite, tmp_path, channel("nch4"), subscription("nch4-sub", "nch4", receiver.url + "/nch4"))
    ready(knlite, "channel/nch4", "subscription/nch4-sub")
    assert post_event(knlite.internal_port, host("nch4"), "before")[0] == 202
    assert not receiver.wait_for({"before"}, 15)
    nats_server.stop()
    try:
        t0 = time.monotonic()
        status, body = post_event(knlite.internal_port, host("nch4"), "during")
        assert status == 503, body
        assert time.monotonic() - t0 < 8  # the reason comes back, not a hang
    finally:
        nats_server.start()  # same port, same store: the stream and consumer are still there
    deadline = time.monotonic() + 30
    status = 0
    while time.monotonic() < deadline:
        status, _ = post_event(knlite.internal_port, host("nch4"), "after")
        if status == 202:
            break
        time.sleep(0.5)
    assert status == 202
    assert not receiver.wait_for({"after"}, 30)


def test_kill_9_loses_no_acknowledged_event(tmp_path: Path, nats_server: NatsServer,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    n = int(os.environ.get("KNLITE_CRASH_EVENTS", "300"))
    seed = random.randrange(1 << 30)
    # a slow subscriber, so that a backlog builds up, which refuses the first attempt of every
    # seventh event, so that some wait for their retry at any moment
    sub = Receiver(delay=0.005, refuse=lambda eid: int(eid.rpartition("-")[2]) % 7 == 3)
    k = Knlite(tmp_path / "state").start()
    try:
        point_at(k, nats_server.url)
        apply(k, tmp_path, channel("crash", {"consumerConfigTemplate": {"ackWait": "3s", "maxAckPending": 16}}),
              subscription("crash-sub", "crash", sub.url + "/",
                           {"retry": 5, "backoffPolicy": "exponential", "backoffDelay": "PT0.1S"}))
        ready(k, "channel/crash", "subscription/crash-sub")
        report = kill_and_restart(k, host("crash"), sub, n, seed)
        with capsys.disabled():
            print("\n" + report.line("NatsJetStreamChannel"))
        assert not report.lost, f"{report.line('NATS')}; lost: {report.lost[:10]}"
        assert report.acked == n, report.line("NATS")
        assert report.delivered_before_kill < report.acked_before_kill, "nothing was pending at the kill"
    finally:
        k.stop()
        sub.close()
