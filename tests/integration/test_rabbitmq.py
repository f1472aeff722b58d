"""RabbitMQBroker through a real daemon against Debian's ``rabbitmq-server``.

One RabbitMQ node per test session (a plain process with its own epmd, on free loopback
ports, data in a temporary directory, stopped by PID; it takes a few seconds to boot). Brokers
find it the way eventing-rabbitmq's external-cluster sample does: a ``RabbitmqBrokerConfig``
whose ``connectionSecret`` holds the AMQP URI. The seed's broker-and-triggers walkthrough
(4.5.2.4) runs with its manifests as written, the broker being of class ``RabbitMQBroker``.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import random
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import seed
from tests.engines import (
    RabbitServer,
    Receiver,
    apply,
    kill_and_restart,
    post_event,
    rabbitmq_available,
    ready,
)
from tests.harness import Knlite, free_port

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not rabbitmq_available(), reason="rabbitmq-server is not installed (make system-deps)")]

CONFIG_REF = {"apiVersion": "eventing.knative.dev/v1alpha1", "kind": "RabbitmqBrokerConfig", "name": "rabbit"}


@pytest.fixture(scope="session")
def rabbit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RabbitServer]:
    server = RabbitServer(Path(tmp_path_factory.mktemp("rabbitmq"))).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def knlite(tmp_path_factory: pytest.TempPathFactory, rabbit: RabbitServer) -> Iterator[Knlite]:
    k = Knlite(Path(tmp_path_factory.mktemp("knlite"))).start()
    try:
        yield k
    finally:
        k.stop()





def cluster(ns: str, uri: str, queue_type: str = "quorum", vhost: str | None = None) -> list[dict[str, Any]]:
    """The connection Secret and the RabbitmqBrokerConfig ``rabbit`` pointing at it."""
    spec: dict[str, Any] = {"rabbitmqClusterReference": {"connectionSecret": {"name": "rabbit-credentials"},
                                                         "namespace": ns},
                            "queueType": queue_type}
    if vhost:
        spec["vhost"] = vhost
    return [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "rabbit-credentials", "namespace": ns},
             "stringData": {"uri": uri}},
            {"apiVersion": "eventing.knative.dev/v1alpha1", "kind": "RabbitmqBrokerConfig",
             "metadata": {"name": "rabbit", "namespace": ns}, "spec": spec}]


def broker(name: str, ns: str, delivery: dict[str, Any] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"config": CONFIG_REF}
    if delivery:
        spec["delivery"] = delivery
    return {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker",
            "metadata": {"name": name, "namespace": ns,
                         "annotations": {"eventing.knative.dev/broker.class": "RabbitMQBroker"}},
            "spec": spec}


def trigger(name: str, ns: str, broker_name: str, uri: str, attributes: dict[str, str] | None = None,
            parallelism: int | None = None, delivery: dict[str, Any] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": ns}
    if parallelism is not None:
        meta["annotations"] = {"rabbitmq.eventing.knative.dev/parallelism": str(parallelism)}
    spec: dict[str, Any] = {"broker": broker_name, "subscriber": {"uri": uri}}
    if attributes:
        spec["filter"] = {"attributes": attributes}
    if delivery:
        spec["delivery"] = delivery
    return {"apiVersion": "eventing.knative.dev/v1", "kind": "Trigger", "metadata": meta, "spec": spec}


def ingress(name: str, ns: str) -> str:
    return f"{name}-broker-ingress.{ns}.svc.cluster.local"


def conditions(k: Knlite, *what: str) -> dict[str, dict[str, Any]]:
    obj = json.loads(k.kubectl("get", *what, "-o", "json").check().out)
    return {c["type"]: c for c in (obj.get("status") or {}).get("conditions") or []}


def wait_condition(k: Knlite, what: tuple[str, ...], ctype: str, status: str, timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    cond: dict[str, Any] = {}
    while time.monotonic() < deadline:
        cond = conditions(k, *what).get(ctype) or {}
        if cond.get("status") == status:
            return cond
        time.sleep(0.2)
    raise AssertionError(f"{what} {ctype} never became {status}: {cond}")


def curl(k: Knlite, *args: str) -> subprocess.CompletedProcess[str]:
    """curl through the internal gateway as an HTTP proxy, as a client pod would reach cluster-local names."""
    return subprocess.run(["curl", "-s", "-x", f"http://127.0.0.1:{k.internal_port}", "-w", "\n%{http_code}", *args],
                          capture_output=True, text=True, timeout=60)


def display_log(k: Knlite, ns: str, service: str, needle: str, timeout: float = 20) -> str:
    """The log of ``service``'s pods once ``needle`` shows in it."""
    deadline = time.monotonic() + timeout
    out = ""
    while time.monotonic() < deadline:
        pods = k.kubectl("-n", ns, "get", "pods", "-l", f"serving.knative.dev/service={service}", "-o",
                         "name").check().out.split()
        out = "".join(k.kubectl("-n", ns, "logs", p).out for p in pods)
        if needle in out:
            return out
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} never appeared in {service}'s log:\n{out}")


def queue_type(url: str, name: str) -> str | None:
    """``classic`` or ``quorum`` for an existing queue (re-declaring with another type is refused), else None."""
    async def probe() -> str | None:
        import aio_pika
        from aiormq.exceptions import ChannelNotFoundEntity, ChannelPreconditionFailed

        conn = await aio_pika.connect(url)
        try:
            try:
                await (await conn.channel()).declare_queue(name, passive=True)
            except ChannelNotFoundEntity:
                return None
            for kind in ("classic", "quorum"):
                try:
                    await (await conn.channel()).declare_queue(name, durable=True, arguments={"x-queue-type": kind})
                    return kind
                except ChannelPreconditionFailed:
                    continue
            return "unknown"
        finally:
            await conn.close()

    return asyncio.run(probe())


def test_seed_broker_and_triggers_on_rabbitmq(knlite: Knlite, tmp_path: Path, rabbit: RabbitServer) -> None:
    """Seed 4.5.2.4 (e101, e105) with the broker ``default`` of class RabbitMQBroker."""
    knlite.kubectl("create", "namespace", "rmqseed").check()
    apply(knlite, tmp_path, *cluster("rmqseed", rabbit.url), broker("default", "rmqseed"))
    for name in ("e101-ksvc-event-display-hi-bye", "e105-triggers"):
        knlite.kubectl("-n", "rmqseed", "apply", "-f", str(seed.path(name))).check()
    ready(knlite, "-n", "rmqseed", "broker/default", "trigger/trigger1", "trigger/trigger2", "ksvc/event-display-hi",
          "ksvc/event-display-bye", timeout=90)
    url = knlite.kubectl("-n", "rmqseed", "get", "broker", "default", "-o", "jsonpath={.status.address.url}").out
    assert url == "http://default-broker-ingress.rmqseed.svc.cluster.local"
    conds = conditions(knlite, "-n", "rmqseed", "broker", "default")
    assert {t for t, c in conds.items() if c["status"] == "True"} >= {
        "ExchangeReady", "DLXReady", "DeadLetterSinkReady", "SecretReady", "IngressReady", "Addressable", "Ready"}
    for kind, message in (("sayhi", "Say HI"), ("saybye", "Say BYE")):
        p = curl(knlite, "-v", url, "-X", "POST", "-H", "Content-Type: application/cloudevents+json",
                 "-d", f'{{"id": "say-{kind[3:]}", "specversion": "1.0", "type": "com.icloud2native.{kind}", '
                       f'"source": "sendoff", "data": {{"msg":"Hello Knative RabbitMQ Broker {message}"}}}}')
        assert p.stdout.rsplit("\n", 1)[1] == "202", p.stdout + p.stderr
    display_log(knlite, "rmqseed", "event-display-hi", "say-hi")
    display_log(knlite, "rmqseed", "event-display-bye", "say-bye")
    time.sleep(1.0)  # give a wrong delivery the chance to show up
    hi = display_log(knlite, "rmqseed", "event-display-hi", "say-hi")
    bye = display_log(knlite, "rmqseed", "event-display-bye", "say-bye")
    assert "com.icloud2native.sayhi" in hi and "com.icloud2native.saybye" not in hi
    assert "com.icloud2native.saybye" in bye and "com.icloud2native.sayhi" not in bye
    assert "Hello Knative RabbitMQ Broker Say HI" in hi


def test_filters_parallelism_retries_dead_letter_and_replies(knlite: Knlite, tmp_path: Path, rabbit: RabbitServer
                                                             ) -> None:
    slow = Receiver(delay=0.3)
    r = Receiver()
    try:
        r.statuses["/fail"] = 500
        r.replies["/replier"] = ({"ce-specversion": "1.0", "ce-id": "the-reply", "ce-source": "replier",
                                  "ce-type": "reply.type", "content-type": "text/plain"}, b"hi")
        knlite.kubectl("create", "namespace", "rmq2").check()
        apply(knlite, tmp_path, *cluster("rmq2", rabbit.url, queue_type="classic"), broker("b2", "rmq2"),
              trigger("slow", "rmq2", "b2", slow.url + "/slow", {"type": "slow.type"}, parallelism=4),
              trigger("any-subject", "rmq2", "b2", r.url + "/any", {"type": "subj.type", "subject": ""}),
              trigger("fails", "rmq2", "b2", r.url + "/fail", {"type": "fail.type"},
                      delivery={"retry": 2, "backoffPolicy": "exponential", "backoffDelay": "PT0.05S",
                                "deadLetterSink": {"uri": r.url + "/dls"}}),
              trigger("replier", "rmq2", "b2", r.url + "/replier", {"type": "ask.type"}),
              trigger("replies", "rmq2", "b2", r.url + "/replies", {"type": "reply.type"}))
        ready(knlite, "-n", "rmq2", "broker/b2", "trigger/slow", "trigger/any-subject", "trigger/fails",
              "trigger/replier", "trigger/replies")
        host = ingress("b2", "rmq2")
        slow_ids = {f"s{i}" for i in range(8)}
        for eid in sorted(slow_ids):
            assert post_event(knlite.internal_port, host, eid, etype="slow.type")[0] == 202
        # "" matches a present, non-empty attribute only: filtered on delivery, not by the binding
        assert post_event(knlite.internal_port, host, "with-subject", etype="subj.type",
                          extra={"ce-subject": "x"})[0] == 202
        assert post_event(knlite.internal_port, host, "no-subject", etype="subj.type")[0] == 202
        assert post_event(knlite.internal_port, host, "f1", etype="fail.type")[0] == 202
        assert post_event(knlite.internal_port, host, "q1", etype="ask.type")[0] == 202
        assert not slow.wait_for(slow_ids, 15)
        assert slow.max_in_flight == 4  # parallelism 4: four deliveries at once, never more
        assert not r.wait_for({"with-subject", "the-reply", "f1"}, 15)
        time.sleep(0.5)
        assert r.received("/any") == ["with-subject"]
        assert r.received("/replies") == ["the-reply"]
        assert r.attempts["f1"] == 3 + 1  # 1 + 2 retries to the subscriber, then the dead letter sink
        dead = r.headers[r.paths.index("/dls")]
        assert dead["ce-id"] == "f1" and dead["ce-knativeerrorcode"] == "500"
        assert dead["ce-knativeerrordest"] == r.url + "/fail"
        trigger_status = json.loads(knlite.kubectl("-n", "rmq2", "get", "trigger", "fails", "-o", "json").out)["status"]
        assert trigger_status["deadLetterSinkUri"] == r.url + "/dls"
        # the trigger's queue is RabbitMQ's, named as eventing-rabbitmq names it, of the config's type
        uid = knlite.kubectl("-n", "rmq2", "get", "broker", "b2", "-o", "jsonpath={.metadata.uid}").check().out
        assert queue_type(rabbit.url, f"rmq2.slow.{uid}") == "classic"
        bad = knlite.kubectl("-n", "rmq2", "annotate", "trigger", "slow", "--overwrite",
                             "rabbitmq.eventing.knative.dev/parallelism=1001")
        assert bad.returncode != 0 and "1001" in bad.stderr
        # a deleted trigger's queue is deleted
        knlite.kubectl("-n", "rmq2", "delete", "trigger", "slow").check()
        deadline = time.monotonic() + 15
        while queue_type(rabbit.url, f"rmq2.slow.{uid}") is not None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert queue_type(rabbit.url, f"rmq2.slow.{uid}") is None
    finally:
        slow.close()
        r.close()


def test_bad_configuration_and_unreachable_cluster(knlite: Knlite, tmp_path: Path, rabbit: RabbitServer) -> None:
    knlite.kubectl("create", "namespace", "rmqbad").check()
    apply(knlite, tmp_path, broker("nosecret", "rmqbad"),
          {"apiVersion": "eventing.knative.dev/v1alpha1", "kind": "RabbitmqBrokerConfig",
           "metadata": {"name": "rabbit", "namespace": "rmqbad"},
           "spec": {"rabbitmqClusterReference": {"connectionSecret": {"name": "rabbit-credentials"}}}})
    cond = wait_condition(knlite, ("-n", "rmqbad", "broker", "nosecret"), "ExchangeReady", "False")
    assert cond["reason"] == "ExchangeCredentialsUnavailable"
    assert 'secret "rmqbad/rabbit-credentials" not found' in cond["message"]
    assert conditions(knlite, "-n", "rmqbad", "broker", "nosecret")["SecretReady"]["status"] == "False"
    status, body = post_event(knlite.internal_port, ingress("nosecret", "rmqbad"), "x")
    assert status == 503 and "not ready" in body, body
    # a Secret pointing at a port nobody listens on
    closed = free_port()
    apply(knlite, tmp_path, *cluster("rmqbad", f"amqp://guest:guest@127.0.0.1:{closed}/"))
    cond = wait_condition(knlite, ("-n", "rmqbad", "broker", "nosecret"), "ExchangeReady", "False")
    deadline = time.monotonic() + 20
    while cond.get("reason") != "ExchangeFailure" and time.monotonic() < deadline:
        time.sleep(0.2)
        cond = conditions(knlite, "-n", "rmqbad", "broker", "nosecret")["ExchangeReady"]
    assert cond["reason"] == "ExchangeFailure", cond
    assert f"cannot connect to RabbitMQ at amqp://guest:***@127.0.0.1:{closed}/" in cond["message"], cond
    assert conditions(knlite, "-n", "rmqbad", "broker", "nosecret")["SecretReady"]["status"] == "True"
    status, body = post_event(knlite.internal_port, ingress("nosecret", "rmqbad"), "x")
    assert status == 503 and "not ready" in body, body
    # the ingress's other answers
    status, body = post_event(knlite.internal_port, ingress("nosecret", "rmqbad"), "x", path="/somewhere")
    assert status == 404, body
    # fixing the Secret heals the broker
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "rabbit-credentials", "namespace": "rmqbad"},
              "data": {"uri": base64.b64encode(rabbit.url.encode()).decode()}}
    apply(knlite, tmp_path, secret)
    ready(knlite, "-n", "rmqbad", "broker/nosecret", timeout=30)
    assert post_event(knlite.internal_port, ingress("nosecret", "rmqbad"), "y")[0] == 202
    status, body = post_event(knlite.internal_port, ingress("nosecret", "rmqbad"), "y", extra={"ce-specversion": "9"})
    assert status == 400, body
    assert knlite.request("GET", "/readyz", token=None)[0] == 200


def test_kill_9_loses_no_acknowledged_event(tmp_path: Path, rabbit: RabbitServer,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    n = int(os.environ.get("KNLITE_CRASH_EVENTS", "300"))
    seed_ = random.randrange(1 << 30)
    sub = Receiver(delay=0.005, refuse=lambda eid: int(eid.rpartition("-")[2]) % 7 == 3)
    k = Knlite(tmp_path / "state").start()
    try:
        apply(k, tmp_path, *cluster("default", rabbit.url),
              broker("crash", "default", {"retry": 5, "backoffPolicy": "exponential", "backoffDelay": "PT0.1S"}),
              trigger("crash", "default", "crash", sub.url + "/", {"type": "engine.test"}, parallelism=8))
        ready(k, "broker/crash", "trigger/crash")
        report = kill_and_restart(k, ingress("crash", "default"), sub, n, seed_)
        with capsys.disabled():
            print("\n" + report.line("RabbitMQBroker"))
        assert not report.lost, f"{report.line('RabbitMQ')}; lost: {report.lost[:10]}"
        assert report.acked == n, report.line("RabbitMQ")
        assert report.delivered_before_kill < report.acked_before_kill, "nothing was pending at the kill"
    finally:
        k.stop()
        sub.close()
