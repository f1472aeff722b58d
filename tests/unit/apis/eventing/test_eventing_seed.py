"""The seed document's manifests (E71–E157) are accepted by the eventing kinds.

The manifests are kept verbatim under ``tests/data/seed/`` (the seed's markdown indentation
removed) so other tests can apply them too; when the seed itself is at hand, the copies are
checked against it. Every document of an eventing, messaging, sources or flows kind must pass
defaulting, then validation, and fit its schema with no unknown field.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from knlite.apis import eventing, flows, messaging, schema, sources
from knlite.apis.admission import StaticContext
from knlite.apis.registry import Registry
from knlite.config.defaults import DEFAULT_BR_CONFIG, DEFAULT_CH_CONFIG
from knlite.config.parse import parse_br_defaults, parse_ch_defaults
from knlite.config.types import ConfigView

DATA = Path(__file__).resolve().parents[3] / "data" / "seed"
SEED = Path("/work/shared/seeds/000_dc9e229ddeccf46b.txt")

# (example id, first line, last line, file name) — line ranges from SEED-EXAMPLES.md.
MANIFESTS = [
    ("E75", 1854, 1884, "e75-deployment-service-event-display.yaml"),
    ("E76", 1888, 1906, "e76-pingsource-ping-00001.yaml"),
    ("E78", 1926, 1942, "e78-ksvc-event-display.yaml"),
    ("E79", 1946, 1961, "e79-pingsource-pingsource-00001.yaml"),
    ("E81", 1981, 1997, "e81-ksvc-event-display.yaml"),
    ("E82", 2001, 2030, "e82-containersource-heartbeat.yaml"),
    ("E84", 2050, 2066, "e84-ksvc-event-display.yaml"),
    ("E85", 2070, 2101, "e85-rbac-pod-watcher.yaml"),
    ("E86", 2105, 2125, "e86-apiserversource-pods-event.yaml"),
    ("E89", 2221, 2230, "e89-channel-imc01.yaml"),
    ("E92", 2247, 2278, "e92-ksvc-event-display01-02.yaml"),
    ("E94", 2289, 2323, "e94-subscriptions-imc01.yaml"),
    ("E101", 2468, 2499, "e101-ksvc-event-display-hi-bye.yaml"),
    ("E103", 2508, 2515, "e103-broker-default.yaml"),
    ("E105", 2524, 2555, "e105-triggers.yaml"),
    ("E110", 2667, 2709, "e110-ksvc-sq-appenders.yaml"),
    ("E112", 2717, 2733, "e112-ksvc-event-display.yaml"),
    ("E113", 2737, 2764, "e113-sequence-sq-demo.yaml"),
    ("E118", 2830, 2861, "e118-ksvc-filters.yaml"),
    ("E120", 2870, 2900, "e120-ksvc-para-appenders.yaml"),
    ("E122", 2910, 2946, "e122-parallel-filetype-parallel.yaml"),
    ("E136", 3184, 3202, "e136-configmap-default-ch-webhook.yaml"),
    ("E144", 3276, 3301, "e144-configmap-config-br-defaults.yaml"),
    ("E145", 3305, 3315, "e145-configmap-config-br-default-channel.yaml"),
    ("E146", 3319, 3332, "e146-configmap-kafka-channel.yaml"),
    ("E154", 3416, 3426, "e154-configmap-kafka-broker-config.yaml"),
    ("E155", 3434, 3465, "e155-configmap-config-br-defaults-dev.yaml"),
]


def extract(seed_lines: list[str], first: int, last: int) -> str:
    """The fenced YAML block inside lines ``first..last`` (1-based), without its markdown indentation."""
    block = seed_lines[first - 1:last]
    start = next(i for i, line in enumerate(block) if line.strip().startswith("```"))
    end = next(i for i in range(start + 1, len(block)) if block[i].strip().startswith("```"))
    return textwrap.dedent("".join(block[start + 1:end]))


def _registry() -> Registry:
    reg = Registry()
    for package in (eventing, messaging, sources, flows):
        package.register(reg)
    return reg


REGISTRY = _registry()

# What Knative ships in config-br-defaults and default-ch-webhook.
KNATIVE_DEFAULTS = ConfigView(
    br_defaults=parse_br_defaults({"default-br-config": DEFAULT_BR_CONFIG}),
    ch_defaults=parse_ch_defaults({"default-ch-config": DEFAULT_CH_CONFIG}),
)


def _documents() -> list[tuple[str, int, dict[str, Any]]]:
    docs = []
    for example, _first, _last, name in MANIFESTS:
        for i, doc in enumerate(yaml.safe_load_all((DATA / name).read_text())):
            if doc:
                docs.append((f"{example}[{i}]", i, doc))
    return docs


DOCUMENTS = _documents()
EVENTING_DOCUMENTS = [(ex, doc) for ex, _i, doc in DOCUMENTS if REGISTRY.by_api_version(doc["apiVersion"], doc["kind"])]


@pytest.mark.skipif(not SEED.exists(), reason="the seed document is not available")
@pytest.mark.parametrize(("example", "first", "last", "name"), MANIFESTS)
def test_saved_manifest_is_verbatim(example: str, first: int, last: int, name: str) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    assert (DATA / name).read_text(encoding="utf-8") == extract(lines, first, last)


def test_every_eventing_kind_of_the_seed_is_covered() -> None:
    kinds = {doc["kind"] for _ex, doc in EVENTING_DOCUMENTS}
    assert kinds == {"PingSource", "ContainerSource", "ApiServerSource", "Channel", "Subscription", "Broker",
                     "Trigger", "Sequence", "Parallel"}


@pytest.mark.parametrize(("example", "doc"), EVENTING_DOCUMENTS, ids=[ex for ex, _doc in EVENTING_DOCUMENTS])
def test_seed_manifest_is_accepted(example: str, doc: dict[str, Any]) -> None:
    rt = REGISTRY.by_api_version(doc["apiVersion"], doc["kind"])
    assert rt is not None and rt.defaulter is not None and rt.validator is not None
    obj = dict(doc)
    obj["metadata"] = {**doc["metadata"], "namespace": doc["metadata"].get("namespace", "default")}
    ctx = StaticContext(config=KNATIVE_DEFAULTS)
    rt.defaulter(obj, None, ctx)
    err = rt.validator(obj, None, ctx)
    assert not err, str(err)
    issues = schema.check(obj, rt.schema)
    assert [(i.kind, i.path) for i in issues] == []


def _configmap_data(name: str) -> dict[str, str]:
    doc = yaml.safe_load((DATA / name).read_text())
    return dict(doc["data"])


# The seed's own configuration changes (E136 default-ch-webhook, E155 config-br-defaults).
SEED_CONFIG = ConfigView(
    br_defaults=parse_br_defaults(_configmap_data("e155-configmap-config-br-defaults-dev.yaml")),
    ch_defaults=parse_ch_defaults(_configmap_data("e136-configmap-default-ch-webhook.yaml")),
)


@pytest.mark.parametrize(("namespace", "broker_class", "config_name", "delivery"), [
    ("default", "MTChannelBasedBroker", "config-br-default-channel",
     {"retry": 10, "backoffPolicy": "exponential", "backoffDelay": "PT0.2S"}),
    ("event-demo", "MTChannelBasedBroker", "kafka-channel", None),  # E149
    ("dev", "Kafka", "kafka-broker-config", None),  # E156
])
def test_seed_broker_defaults(namespace: str, broker_class: str, config_name: str,
                              delivery: dict[str, Any] | None) -> None:
    """``kn broker create`` sends a bare Broker; the seed's config-br-defaults decides the rest."""
    rt = REGISTRY.by_kind("eventing.knative.dev", "Broker")
    assert rt is not None and rt.defaulter is not None and rt.validator is not None
    obj: dict[str, Any] = {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker",
                           "metadata": {"name": "broker01", "namespace": namespace}}
    ctx = StaticContext(config=SEED_CONFIG)
    rt.defaulter(obj, None, ctx)
    assert obj["metadata"]["annotations"] == {"eventing.knative.dev/broker.class": broker_class}
    assert obj["spec"]["config"] == {"apiVersion": "v1", "kind": "ConfigMap", "name": config_name,
                                     "namespace": "knative-eventing"}
    assert obj["spec"].get("delivery") == delivery
    assert rt.validator(obj, None, ctx) is None


@pytest.mark.parametrize(("namespace", "template"), [
    ("default", {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel"}),
    ("event-demo", {"apiVersion": "messaging.knative.dev/v1beta1", "kind": "KafkaChannel",
                    "spec": {"numPartitions": 5, "replicationFactor": 1}}),
])
def test_seed_channel_defaults(namespace: str, template: dict[str, Any]) -> None:
    """A Channel without a template gets the seed's default-ch-webhook choice (E136)."""
    rt = REGISTRY.by_kind("messaging.knative.dev", "Channel")
    assert rt is not None and rt.defaulter is not None
    obj: dict[str, Any] = {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel",
                           "metadata": {"name": "ch", "namespace": namespace}}
    rt.defaulter(obj, None, StaticContext(config=SEED_CONFIG))
    assert obj["spec"] == {"channelTemplate": template}
