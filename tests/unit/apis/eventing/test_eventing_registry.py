"""Registration of the eventing kinds: names, versions, categories, printer columns, webhooks, schemas."""

from __future__ import annotations

import json
from typing import Any

import pytest

from knlite.apis import eventing, flows, messaging, schema, sources
from knlite.apis.registry import Registry, ResourceType


def registry() -> Registry:
    reg = Registry()
    for package in (eventing, messaging, sources, flows):
        package.register(reg)
    return reg


REG = registry()
CORE_WEBHOOK = "validation.webhook.eventing.knative.dev"

# kind: (group, versions, plural, short names, categories, columns as (name, json path, priority), webhook)
EXPECTED: dict[str, tuple[str, tuple[str, ...], str, tuple[str, ...], tuple[str, ...], list[tuple[str, str, int]],
                          str]] = {
    "Broker": ("eventing.knative.dev", ("v1",), "brokers", (), ("all", "knative", "eventing"), [
        ("URL", ".status.address.url", 0), ("Age", ".metadata.creationTimestamp", 0),
        ("Ready", ".status.conditions[?(@.type=='Ready')].status", 0),
        ("Reason", ".status.conditions[?(@.type=='Ready')].reason", 0),
        ("Class", ".metadata.annotations.eventing\\.knative\\.dev/broker\\.class", 1)], CORE_WEBHOOK),
    "Trigger": ("eventing.knative.dev", ("v1",), "triggers", (), ("all", "knative", "eventing"), [
        ("Broker", ".spec.broker", 0), ("Subscriber_URI", ".status.subscriberUri", 0),
        ("Age", ".metadata.creationTimestamp", 0), ("Ready", ".status.conditions[?(@.type=='Ready')].status", 0),
        ("Reason", ".status.conditions[?(@.type=='Ready')].reason", 0)], CORE_WEBHOOK),
    "EventType": ("eventing.knative.dev", ("v1beta2", "v1beta1"), "eventtypes", (), ("all", "knative", "eventing"), [
        ("Type", ".spec.type", 0), ("Source", ".spec.source", 0), ("Schema", ".spec.schema", 0),
        ("Reference Name", ".spec.reference.name", 0), ("Reference Kind", ".spec.reference.kind", 0),
        ("Description", ".spec.description", 0), ("Ready", ".status.conditions[?(@.type=='Ready')].status", 0),
        ("Reason", ".status.conditions[?(@.type=='Ready')].reason", 0)], CORE_WEBHOOK),
    "Channel": ("messaging.knative.dev", ("v1",), "channels", ("ch",), ("all", "knative", "messaging", "channel"),
                [], CORE_WEBHOOK),
    "InMemoryChannel": ("messaging.knative.dev", ("v1",), "inmemorychannels", ("imc",),
                        ("all", "knative", "messaging", "channel"), [],
                        "validation.inmemorychannel.eventing.knative.dev"),
    "Subscription": ("messaging.knative.dev", ("v1",), "subscriptions", ("sub",), ("all", "knative", "messaging"), [
        ("Age", ".metadata.creationTimestamp", 0), ("Ready", ".status.conditions[?(@.type=='Ready')].status", 0),
        ("Reason", ".status.conditions[?(@.type=='Ready')].reason", 0)], CORE_WEBHOOK),
    "PingSource": ("sources.knative.dev", ("v1", "v1beta2"), "pingsources", (), ("all", "knative", "sources"), [
        ("Sink", ".status.sinkUri", 0), ("Schedule", ".spec.schedule", 0), ("Age", ".metadata.creationTimestamp", 0),
        ("Ready", ".status.conditions[?(@.type=='Ready')].status", 0),
        ("Reason", ".status.conditions[?(@.type=='Ready')].reason", 0)], CORE_WEBHOOK),
    "ContainerSource": ("sources.knative.dev", ("v1",), "containersources", (), ("all", "knative", "sources"), [],
                        CORE_WEBHOOK),
    "ApiServerSource": ("sources.knative.dev", ("v1",), "apiserversources", (), ("all", "knative", "sources"), [],
                        CORE_WEBHOOK),
    "SinkBinding": ("sources.knative.dev", ("v1",), "sinkbindings", (), ("all", "knative", "sources", "bindings"), [],
                    CORE_WEBHOOK),
    "Sequence": ("flows.knative.dev", ("v1",), "sequences", (), ("all", "knative", "flows"), [], CORE_WEBHOOK),
    "Parallel": ("flows.knative.dev", ("v1",), "parallels", (), ("all", "knative", "flows"), [], CORE_WEBHOOK),
    "GitLabSource": ("sources.knative.dev", ("v1alpha1",), "gitlabsources", (),
                     ("all", "knative", "eventing", "sources"), [], "validation.webhook.gitlab.sources.knative.dev"),
    "KafkaSource": ("sources.knative.dev", ("v1beta1",), "kafkasources", (), ("all", "knative", "eventing", "sources"), [
        ("Topics", ".spec.topics", 0), ("BootstrapServers", ".spec.bootstrapServers", 0),
        ("Ready", ".status.conditions[?(@.type=='Ready')].status", 0),
        ("Reason", ".status.conditions[?(@.type=='Ready')].reason", 0), ("Age", ".metadata.creationTimestamp", 0)],
        "validation.webhook.kafka.eventing.knative.dev"),
    "KafkaChannel": ("messaging.knative.dev", ("v1beta1",), "kafkachannels", ("kc",),
                     ("all", "knative", "messaging", "channel"), [], "validation.webhook.kafka.eventing.knative.dev"),
    "NatsJetStreamChannel": ("messaging.knative.dev", ("v1alpha1",), "natsjetstreamchannels", ("natsjsmc",),
                             ("all", "knative", "messaging", "channel"), [],
                             "validation.webhook.nats.messaging.knative.dev"),
    "SqliteChannel": ("messaging.knlite.dev", ("v1alpha1",), "sqlitechannels", ("sqlch",),
                      ("all", "knative", "messaging", "channel"), [], "validation.webhook.messaging.knlite.dev"),
    "RabbitmqBrokerConfig": ("eventing.knative.dev", ("v1alpha1",), "rabbitmqbrokerconfigs", ("rmqbrokerconfig",),
                             ("all", "knative", "eventing"), [], "validation.webhook.rabbitmq.eventing.knative.dev"),
}

URL_AGE_READY_REASON = ["URL", "Age", "Ready", "Reason"]
SINK_AGE_READY_REASON = ["Sink", "Age", "Ready", "Reason"]
COLUMN_NAMES = {
    "Channel": URL_AGE_READY_REASON, "InMemoryChannel": URL_AGE_READY_REASON, "Sequence": URL_AGE_READY_REASON,
    "Parallel": URL_AGE_READY_REASON, "ContainerSource": SINK_AGE_READY_REASON,
    "ApiServerSource": SINK_AGE_READY_REASON, "SinkBinding": SINK_AGE_READY_REASON,
    "GitLabSource": ["Ready", "Reason", "Sink", "Age"], "KafkaChannel": ["Ready", "Reason", "URL", "Age"],
    "NatsJetStreamChannel": ["Ready", "Reason", "URL", "Age"], "RabbitmqBrokerConfig": [],
    "SqliteChannel": URL_AGE_READY_REASON,
}


def test_all_kinds_are_registered() -> None:
    assert sorted(rt.kind for rt in REG) == sorted(EXPECTED)


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_resource_type(kind: str) -> None:
    group, versions, plural, short, categories, cols, webhook = EXPECTED[kind]
    rt = REG.by_kind(group, kind)
    assert rt is not None
    assert (rt.versions, rt.plural, rt.short_names, rt.categories, rt.webhook) == (
        versions, plural, short, categories, webhook)
    assert rt.namespaced and rt.defaulter is not None and rt.validator is not None
    got = [(c.name, c.json_path, c.priority) for c in rt.columns or ()]
    if cols:
        assert got == cols
    else:
        assert [c.name for c in rt.columns or ()] == COLUMN_NAMES[kind]


def test_no_age_column_for_eventtypes() -> None:
    rt = REG.by_kind("eventing.knative.dev", "EventType")
    assert rt is not None and "Age" not in [c.name for c in rt.columns or ()]


@pytest.mark.parametrize("rt", list(REG), ids=lambda rt: rt.kind)
def test_schema_is_publishable(rt: ResourceType) -> None:
    json.dumps(rt.schema)  # no cycles, only JSON values
    assert set(rt.schema["properties"]) >= {"apiVersion", "kind", "metadata", "spec"}


# Status objects as Knative's controllers write them fit the schemas.
STATUSES: list[tuple[str, str, dict[str, Any]]] = [
    ("eventing.knative.dev", "Broker", {
        "address": {"name": "http", "url": "http://broker-ingress.knative-eventing.svc.cluster.local/default/default"},
        "annotations": {"knative.dev/channelAddress": "http://default-kne-trigger-kn-channel.default.svc.cluster.local",
                        "knative.dev/channelAPIVersion": "messaging.knative.dev/v1",
                        "knative.dev/channelKind": "InMemoryChannel", "knative.dev/channelName": "default-kne-trigger"},
        "deadLetterSinkUri": "http://dls.default.svc.cluster.local",
        "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2024-03-01T10:00:00Z"}],
        "observedGeneration": 1}),
    ("eventing.knative.dev", "Trigger", {
        "subscriberUri": "http://event-display.default.svc.cluster.local", "deadLetterSinkUri": "http://d",
        "conditions": [{"type": "OIDCIdentityCreated", "status": "True",
                        "reason": "authentication.oidc feature disabled"}], "auth": {"serviceAccountName": "sa"}}),
    ("messaging.knative.dev", "Channel", {
        "address": {"name": "http", "url": "http://imc01-kn-channel.default.svc.cluster.local"},
        "channel": {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel", "name": "imc01",
                    "namespace": "default"},
        "subscribers": [{"uid": "u", "observedGeneration": 1, "ready": "True"}]}),
    ("messaging.knative.dev", "Subscription", {
        "physicalSubscription": {"subscriberUri": "http://s", "replyUri": "http://r", "deadLetterSinkUri": "http://d"}}),
    ("sources.knative.dev", "PingSource", {
        "sinkUri": "http://event-display.default.svc.cluster.local",
        "ceAttributes": [{"type": "dev.knative.sources.ping",
                          "source": "/apis/v1/namespaces/default/pingsources/ping-00001"}]}),
    ("sources.knative.dev", "ApiServerSource", {"sinkUri": "http://x", "namespaces": ["default"]}),
    ("flows.knative.dev", "Sequence", {
        "address": {"url": "http://sq-demo-kn-sequence-0-kn-channel.default.svc.cluster.local"},
        "channelStatuses": [{"channel": {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel",
                                         "name": "sq-demo-kn-sequence-0", "namespace": "default"},
                             "ready": {"type": "Ready", "status": "True"}}],
        "subscriptionStatuses": [{"subscription": {"name": "sq-demo-kn-sequence-0"},
                                  "ready": {"type": "Ready", "status": "True"}}]}),
    ("flows.knative.dev", "Parallel", {
        "address": {"url": "http://filetype-parallel-kn-parallel-kn-channel.default.svc.cluster.local"},
        "ingressChannelStatus": {"channel": {"name": "filetype-parallel-kn-parallel"},
                                 "ready": {"type": "Ready", "status": "True"}},
        "branchStatuses": [{"filterSubscriptionStatus": {"subscription": {"name": "a"},
                                                         "ready": {"type": "Ready", "status": "True"}},
                            "filterChannelStatus": {"channel": {"name": "b"}, "ready": {"type": "Ready",
                                                                                        "status": "True"}},
                            "subscriberSubscriptionStatus": {"subscription": {"name": "c"},
                                                             "ready": {"type": "Ready", "status": "True"}}}]}),
]


@pytest.mark.parametrize(("group", "kind", "status"), STATUSES, ids=[k for _g, k, _s in STATUSES])
def test_status_fits_schema(group: str, kind: str, status: dict[str, Any]) -> None:
    rt = REG.by_kind(group, kind)
    assert rt is not None
    assert [(i.kind, i.path) for i in schema.check({"status": status}, rt.schema)] == []


@pytest.mark.parametrize(("group", "kind", "spec", "path"), [
    ("eventing.knative.dev", "Trigger", {"broker": "default", "subscriber": {"uri": "http://x"}, "filterz": {}},
     "spec.filterz"),
    ("eventing.knative.dev", "Broker", {"delivery": {"retries": 3}}, "spec.delivery.retries"),
    ("messaging.knative.dev", "Subscription", {"channel": {"kind": "Channel", "name": "c", "apiVersion": "v1"},
                                               "subscriber": {"ref": {"kind": "S", "nmae": "x"}}},
     "spec.subscriber.ref.nmae"),
    ("sources.knative.dev", "PingSource", {"schedule": "* * * * *", "jsonData": "{}"}, "spec.jsonData"),
])
def test_unknown_fields_are_reported(group: str, kind: str, spec: dict[str, Any], path: str) -> None:
    rt = REG.by_kind(group, kind)
    assert rt is not None
    issues = schema.check({"spec": spec}, rt.schema)
    assert [(i.kind, i.path) for i in issues] == [("unknown", path)]
