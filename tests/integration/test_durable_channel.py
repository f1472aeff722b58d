"""SqliteChannel through a real daemon: Channel templates, brokers, event_display, and kill -9.

Subscribers are an ``event_display`` Knative Service (the seed's way) or a small HTTP server
in the test process, which stays up while the daemon is killed and restarted, so the crash
test sees every delivery on either side of the crash. Events go in through the internal
gateway with the channel's cluster-local host, as a client pod would send them.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.engines import Receiver, apply, kill_and_restart, post_event, ready
from tests.harness import Knlite

pytestmark = pytest.mark.integration

SQLITE_TEMPLATE = {"apiVersion": "messaging.knlite.dev/v1alpha1", "kind": "SqliteChannel"}





def channel(name: str, spec: dict[str, Any] | None = None, ns: str = "default") -> dict[str, Any]:
    return {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "metadata": {"name": name, "namespace": ns},
            "spec": {"channelTemplate": {**SQLITE_TEMPLATE, **({"spec": spec} if spec else {})}}}


def subscription(name: str, channel_name: str, uri: str, delivery: dict[str, Any] | None = None,
                 ns: str = "default") -> dict[str, Any]:
    spec: dict[str, Any] = {"channel": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel",
                                        "name": channel_name},
                            "subscriber": {"uri": uri}}
    if delivery:
        spec["delivery"] = delivery
    return {"apiVersion": "messaging.knative.dev/v1", "kind": "Subscription",
            "metadata": {"name": name, "namespace": ns}, "spec": spec}


def post(k: Knlite, host: str, eid: str, path: str = "/", etype: str = "durable.test") -> int:
    """One binary-mode event to ``host`` through the internal gateway; the HTTP status."""
    return post_event(k.internal_port, host, eid, path, etype=etype)[0]


def channel_host(name: str, ns: str = "default") -> str:
    return f"{name}-kn-channel.{ns}.svc.cluster.local"


def test_channel_backed_by_sqlitechannel(knlite: Knlite, tmp_path: Path, receiver: Receiver) -> None:
    apply(knlite, tmp_path, channel("dur1", {"retentionDuration": "PT1H", "parallelism": 1}),
          subscription("dur1-sub", "dur1", receiver.url + "/dur1"))
    ready(knlite, "channel/dur1", "subscription/dur1-sub")
    ch = json.loads(knlite.kubectl("get", "channels.messaging.knative.dev", "dur1", "-o", "json").check().out)
    assert ch["status"]["channel"]["kind"] == "SqliteChannel"
    assert ch["status"]["address"]["url"] == "http://dur1-kn-channel.default.svc.cluster.local"
    backing = json.loads(knlite.kubectl("get", "sqlitechannels", "dur1", "-o", "json").check().out)
    assert backing["apiVersion"] == "messaging.knlite.dev/v1alpha1"
    assert backing["spec"]["retentionDuration"] == "PT1H" and backing["spec"]["retentionSize"] == "1Gi"
    assert [s["uid"] for s in backing["spec"]["subscribers"]] == [
        knlite.kubectl("get", "subscription", "dur1-sub", "-o", "jsonpath={.metadata.uid}").check().out]
    rows = knlite.kubectl("get", "sqlch").check().out.splitlines()
    assert rows[1].split()[:2] == ["dur1", "http://dur1-kn-channel.default.svc.cluster.local"]
    for i in range(5):
        assert post(knlite, channel_host("dur1"), f"e{i}") == 202
    assert not receiver.wait_for({f"e{i}" for i in range(5)}, 10)
    assert receiver.ids == [f"e{i}" for i in range(5)]  # parallelism 1: in order
    assert (knlite.state_dir / "channels" / "log.db").exists()
    # invalid settings are refused by the webhook
    bad = knlite.kubectl("patch", "sqlitechannel", "dur1", "--type=merge", "-p", '{"spec":{"parallelism":0}}')
    assert bad.returncode != 0 and "spec.parallelism: expected 1 <= 0 <= 1000" in bad.stderr


def test_default_channel_and_broker_templates_select_sqlitechannel(knlite: Knlite, tmp_path: Path,
                                                                  receiver: Receiver) -> None:
    knlite.kubectl("create", "namespace", "durable").check()
    ch_default = {"clusterDefault": {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel"},
                  "namespaceDefaults": {"durable": SQLITE_TEMPLATE}}
    knlite.kubectl("-n", "knative-eventing", "patch", "configmap", "default-ch-webhook", "--type=merge", "-p",
                   json.dumps({"data": {"default-ch-config": yaml.safe_dump(ch_default)}})).check()
    apply(knlite, tmp_path, {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel",
                             "metadata": {"name": "plain", "namespace": "durable"}})
    ready(knlite, "-n", "durable", "channel/plain")
    tpl = knlite.kubectl("-n", "durable", "get", "channels.messaging.knative.dev", "plain", "-o",
                         "jsonpath={.spec.channelTemplate.kind}").check().out
    assert tpl == "SqliteChannel"

    knlite.kubectl("-n", "knative-eventing", "patch", "configmap", "config-br-default-channel", "--type=merge", "-p",
                   json.dumps({"data": {"channel-template-spec": yaml.safe_dump(
                       {**SQLITE_TEMPLATE, "spec": {"parallelism": 4}})}})).check()
    apply(knlite, tmp_path,
          {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "metadata": {"name": "dur", "namespace": "durable"}},
          {"apiVersion": "eventing.knative.dev/v1", "kind": "Trigger",
           "metadata": {"name": "dur", "namespace": "durable"},
           "spec": {"broker": "dur", "filter": {"attributes": {"type": "durable.test"}},
                    "subscriber": {"uri": receiver.url + "/trigger"}}})
    ready(knlite, "-n", "durable", "broker/dur", "trigger/dur")
    ann = json.loads(knlite.kubectl("-n", "durable", "get", "broker", "dur", "-o",
                                    "jsonpath={.status.annotations}").check().out)
    assert ann["knative.dev/channelKind"] == "SqliteChannel"
    assert ann["knative.dev/channelAPIVersion"] == "messaging.knlite.dev/v1alpha1"
    trigger_ch = knlite.kubectl("-n", "durable", "get", "sqlitechannel", "dur-kne-trigger", "-o",
                                "jsonpath={.spec.parallelism}").check().out
    assert trigger_ch == "4"
    ingress = "broker-ingress.knative-eventing.svc.cluster.local"
    assert post(knlite, ingress, "b1", "/durable/dur") == 202
    assert post(knlite, ingress, "other", "/durable/dur", etype="not.matching") == 202
    assert not receiver.wait_for({"b1"}, 10)
    time.sleep(0.5)
    assert receiver.ids == ["b1"] and receiver.paths == ["/trigger"]

    # EventType auto-creation names the SqliteChannel as the reference
    knlite.kubectl("-n", "knative-eventing", "patch", "configmap", "config-features", "--type=merge", "-p",
                   '{"data":{"eventtype-auto-create":"enabled"}}').check()
    time.sleep(0.5)
    assert post(knlite, channel_host("plain", "durable"), "typed", etype="com.example.durable") == 202
    deadline, refs = time.monotonic() + 10, []
    while time.monotonic() < deadline and not refs:
        items = json.loads(knlite.kubectl("-n", "durable", "get", "eventtypes", "-o", "json").check().out)["items"]
        refs = [i["spec"]["reference"] for i in items if i["spec"]["type"] == "com.example.durable"]
        time.sleep(0.2)
    assert refs == [{"apiVersion": "messaging.knlite.dev/v1alpha1", "kind": "SqliteChannel", "name": "plain",
                     "namespace": "durable"}]


def test_subscription_to_event_display(knlite: Knlite, tmp_path: Path) -> None:
    apply(knlite, tmp_path,
          {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "durable-display"},
           "spec": {"template": {"metadata": {"annotations": {"autoscaling.knative.dev/min-scale": "1"}},
                                 "spec": {"containers": [{"image": "ikubernetes/event_display",
                                                          "ports": [{"containerPort": 8080}]}]}}}},
          channel("dur3"),
          {"apiVersion": "messaging.knative.dev/v1", "kind": "Subscription", "metadata": {"name": "dur3-display"},
           "spec": {"channel": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "dur3"},
                    "subscriber": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service",
                                           "name": "durable-display"}}}})
    ready(knlite, "ksvc/durable-display", "channel/dur3", "subscription/dur3-display")
    assert post(knlite, channel_host("dur3"), "to-the-display") == 202
    deadline = time.monotonic() + 20
    logs = ""
    while time.monotonic() < deadline:
        pods = knlite.kubectl("get", "pods", "-l", "serving.knative.dev/service=durable-display", "-o",
                              "name").check().out.split()
        logs = "".join(knlite.kubectl("logs", p).out for p in pods)
        if "to-the-display" in logs:
            break
        time.sleep(0.3)
    assert "  id: to-the-display\n" in logs and "  type: durable.test\n" in logs, logs


# -- kill -9 ---------------------------------------------------------------------------------------

N_EVENTS = 500


def test_kill_9_loses_no_acknowledged_event(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = random.randrange(1 << 30)
    # a slow subscriber, so that a backlog builds up behind it, which refuses the first attempt
    # of every seventh event, so that some wait for their retry at any moment
    sub = Receiver(delay=0.01, refuse=lambda eid: int(eid.rpartition("-")[2]) % 7 == 3)
    k = Knlite(tmp_path / "state")
    k.start()
    try:
        apply(k, tmp_path, channel("crash", {"parallelism": 4}),
              subscription("crash-sub", "crash", sub.url + "/",
                           {"retry": 5, "backoffPolicy": "exponential", "backoffDelay": "PT0.1S"}))
        ready(k, "channel/crash", "subscription/crash-sub")
        report = kill_and_restart(k, channel_host("crash"), sub, N_EVENTS, seed, settle=40)
        with capsys.disabled():
            print("\n" + report.line("SqliteChannel"))
        assert not report.lost, f"{report.line('SqliteChannel')}; lost: {report.lost[:10]}"
        assert report.acked == N_EVENTS, report.line("SqliteChannel")
        assert report.delivered_before_kill < report.acked_before_kill, "nothing was pending at the kill"
    finally:
        k.stop()
        sub.close()
