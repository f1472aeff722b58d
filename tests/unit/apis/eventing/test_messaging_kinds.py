"""Channel, InMemoryChannel, Subscription, KafkaChannel and NatsJetStreamChannel."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.messaging import channel, inmemorychannel, kafkachannel, natsjetstreamchannel, subscription
from knlite.config.types import ChannelDefaultsConfig, ChannelTemplate, ConfigView

IMC = {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel"}
KAFKA = {"apiVersion": "messaging.knative.dev/v1beta1", "kind": "KafkaChannel",
         "spec": {"numPartitions": 5, "replicationFactor": 1}}
KSVC = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "event-display"}
SUBSCRIBABLE = {"messaging.knative.dev/subscribable": "v1"}

# The seed's default-ch-webhook (E136).
SEED_CONFIG = ConfigView(ch_defaults=ChannelDefaultsConfig(
    cluster_default=ChannelTemplate(),
    namespace_defaults={"event-demo": ChannelTemplate("messaging.knative.dev/v1beta1", "KafkaChannel",
                                                      {"numPartitions": 5, "replicationFactor": 1})}))


def ctx(**kwargs: Any) -> StaticContext:
    return StaticContext(config=SEED_CONFIG, **kwargs)


def new(kind: str, spec: dict[str, Any] | None, ns: str = "default", api_version: str = "messaging.knative.dev/v1",
        annotations: dict[str, str] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": "x", "namespace": ns}
    if annotations is not None:
        meta["annotations"] = annotations
    o: dict[str, Any] = {"apiVersion": api_version, "kind": kind, "metadata": meta}
    if spec is not None:
        o["spec"] = spec
    return o


def render(err: Any) -> str:
    return str(err) if err else ""


# -- Channel ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("ns", "spec", "want_spec"), [
    ("default", None, {"channelTemplate": IMC}),
    ("event-demo", {}, {"channelTemplate": KAFKA}),
    ("default", {"channelTemplate": KAFKA}, {"channelTemplate": KAFKA}),
    ("default", {"delivery": {"deadLetterSink": {"ref": dict(KSVC)}}},
     {"channelTemplate": IMC, "delivery": {"deadLetterSink": {"ref": {**KSVC, "namespace": "default"}}}}),
    # With an explicit template Knative returns before defaulting the delivery.
    ("default", {"channelTemplate": IMC, "delivery": {"deadLetterSink": {"ref": dict(KSVC)}}},
     {"channelTemplate": IMC, "delivery": {"deadLetterSink": {"ref": dict(KSVC)}}}),
])
def test_channel_default(ns: str, spec: dict[str, Any] | None, want_spec: dict[str, Any]) -> None:
    o = new("Channel", spec, ns)
    channel.default(o, None, ctx())
    assert o["spec"] == want_spec
    assert o["metadata"]["annotations"] == SUBSCRIBABLE


def test_channel_default_keeps_the_subscribable_annotation() -> None:
    o = new("Channel", {"channelTemplate": IMC}, annotations={"messaging.knative.dev/subscribable": "v1beta1"})
    channel.default(o, None, ctx())
    assert o["metadata"]["annotations"] == {"messaging.knative.dev/subscribable": "v1beta1"}


def test_channel_default_template_is_a_copy() -> None:
    a, b = new("Channel", None, "event-demo"), new("Channel", None, "event-demo")
    channel.default(a, None, ctx())
    channel.default(b, None, ctx())
    a["spec"]["channelTemplate"]["spec"]["numPartitions"] = 9
    assert b["spec"]["channelTemplate"]["spec"]["numPartitions"] == 5


@pytest.mark.parametrize(("spec", "want"), [
    ({"channelTemplate": IMC}, ""),
    ({}, "missing field(s): spec.channelTemplate"),
    ({"channelTemplate": {"kind": "InMemoryChannel"}}, "missing field(s): spec.channelTemplate.apiVersion"),
    ({"channelTemplate": IMC, "subscribers": [{"uid": "1", "subscriberUri": "http://x"}]},
     "must not set the field(s): spec.subscribable.subscribers"),
    ({"channelTemplate": IMC, "delivery": {"retry": -1}}, "invalid value: -1: spec.delivery.retry"),
    # The channel's delivery is validated within the channel's namespace.
    ({"channelTemplate": IMC, "delivery": {"deadLetterSink": {"ref": {**KSVC, "namespace": "other"}}}},
     'mismatched namespaces: spec.delivery.deadLetterSink.ref.namespace\n'
     'parent namespace: "default" does not match ref: "other"'),
])
def test_channel_validate(spec: dict[str, Any], want: str) -> None:
    assert render(channel.validate(new("Channel", spec), None, ctx())) == want


@pytest.mark.parametrize(("old_spec", "new_spec", "want"), [
    ({"channelTemplate": IMC}, {"channelTemplate": IMC}, ""),
    ({"channelTemplate": IMC}, {"channelTemplate": {**IMC, "kind": "KafkaChannel"}},
     'Immutable fields changed (-old +new): spec\n{v1.ChannelSpec}.ChannelTemplate.TypeMeta.Kind:\n'
     '\t-: "InMemoryChannel"\n\t+: "KafkaChannel"\n'),
    ({"channelTemplate": IMC, "delivery": {"retry": 1}}, {"channelTemplate": IMC, "delivery": {"retry": 2}},
     'Immutable fields changed (-old +new): spec\n*{v1.ChannelSpec}.ChannelableSpec.Delivery.Retry:\n'
     '\t-: "1"\n\t+: "2"\n'),
])
def test_channel_validate_update(old_spec: dict[str, Any], new_spec: dict[str, Any], want: str) -> None:
    old, new_obj = new("Channel", old_spec), new("Channel", new_spec)
    assert render(channel.validate(new_obj, old, ctx(operation="UPDATE"))) == want


def test_channel_subscribers_may_change_on_update() -> None:
    old = new("Channel", {"channelTemplate": IMC})
    new_obj = new("Channel", {"channelTemplate": IMC, "subscribers": []})
    assert channel.validate(new_obj, old, ctx(operation="UPDATE")) is None


# -- InMemoryChannel ----------------------------------------------------------------------------------


def test_imc_default() -> None:
    o = new("InMemoryChannel", {"delivery": {"deadLetterSink": {"ref": dict(KSVC)}}})
    inmemorychannel.default(o, None, ctx())
    assert o["metadata"]["annotations"] == SUBSCRIBABLE
    assert o["spec"]["delivery"]["deadLetterSink"]["ref"]["namespace"] == "default"


@pytest.mark.parametrize(("spec", "annotations", "want"), [
    ({}, None, ""),
    ({"subscribers": [{"uid": "a", "subscriberUri": "http://a"}, {"uid": "b", "replyUri": "http://b"}]}, None, ""),
    ({"subscribers": [{"uid": "a"}]}, None,
     "missing field(s): spec.subscribable.subscriber[0].replyURI, spec.subscribable.subscriber[0].subscriberURI\n"
     "expected at least one of, got none"),
    ({}, {"eventing.knative.dev/scope": "cluster"}, ""),
    ({}, {"eventing.knative.dev/scope": "global"},
     "invalid value: global: metadata.annotations.[eventing.knative.dev/scope]\n"
     "expected either 'cluster' or 'namespace'"),
    # Upstream does not validate an IMC's delivery.
    ({"delivery": {"backoffPolicy": "never"}}, None, ""),
])
def test_imc_validate(spec: dict[str, Any], annotations: dict[str, str] | None, want: str) -> None:
    o = new("InMemoryChannel", spec, annotations=annotations)
    assert render(inmemorychannel.validate(o, None, ctx())) == want


# -- Subscription ---------------------------------------------------------------------------------------

CHANNEL_REF = {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "imc01"}


def sub_spec(**fields: Any) -> dict[str, Any]:
    return {"channel": dict(CHANNEL_REF), "subscriber": {"ref": dict(KSVC)}, **fields}


def test_subscription_default() -> None:
    o = new("Subscription", sub_spec(reply={"ref": dict(KSVC)},
                                     delivery={"deadLetterSink": {"ref": dict(KSVC)}}))
    subscription.default(o, None, ctx())
    with_ns = {**KSVC, "namespace": "default"}
    assert o["spec"] == {"channel": CHANNEL_REF, "subscriber": {"ref": with_ns}, "reply": {"ref": with_ns},
                         "delivery": {"deadLetterSink": {"ref": with_ns}}}


@pytest.mark.parametrize(("spec", "want"), [
    (sub_spec(), ""),
    (sub_spec(reply={"uri": "http://reply.example.com"}, delivery={"retry": 3}), ""),
    ({"subscriber": {"ref": dict(KSVC)}}, "missing field(s): spec.channel\nthe Subscription must reference a channel"),
    ({"channel": {}, "subscriber": {}}, "missing field(s): spec.channel\nthe Subscription must reference a channel"),
    ({"channel": dict(CHANNEL_REF)}, "missing field(s): spec.subscriber\nthe Subscription must reference a subscriber"),
    (sub_spec(subscriber={}), "missing field(s): spec.subscriber\nthe Subscription must reference a subscriber"),
    (sub_spec(channel={"kind": "Channel", "name": "c"}), "missing field(s): spec.channel.apiVersion"),
    (sub_spec(channel={**CHANNEL_REF, "namespace": "default"}),
     "must not set the field(s): spec.channel.namespace\nonly name, apiVersion and kind are supported fields"),
    (sub_spec(subscriber={"uri": "relative"}),
     "invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent: "
     "spec.subscriber.uri"),
    (sub_spec(reply={"ref": {"name": "r"}}), "missing field(s): spec.reply.ref.apiVersion, spec.reply.ref.kind"),
    (sub_spec(delivery={"backoffDelay": "2s"}), "invalid value: 2s: spec.delivery.backoffDelay"),
])
def test_subscription_validate(spec: dict[str, Any], want: str) -> None:
    assert render(subscription.validate(new("Subscription", spec), None, ctx())) == want


@pytest.mark.parametrize(("new_spec", "want"), [
    (sub_spec(subscriber={"uri": "http://other"}, reply={"uri": "http://r"}, delivery={"retry": 1}), ""),
    (sub_spec(channel={**CHANNEL_REF, "name": "imc02"}),
     'Immutable fields changed (-old +new): spec\n{v1.SubscriptionSpec}.Channel.Name:\n\t-: "imc01"\n'
     '\t+: "imc02"\n'),
])
def test_subscription_validate_update(new_spec: dict[str, Any], want: str) -> None:
    old = new("Subscription", sub_spec())
    assert render(subscription.validate(new("Subscription", new_spec), old, ctx(operation="UPDATE"))) == want


# -- KafkaChannel -----------------------------------------------------------------------------------------

KC_API = "messaging.knative.dev/v1beta1"


@pytest.mark.parametrize(("spec", "want"), [
    ({}, {"numPartitions": 1, "replicationFactor": 1, "retentionDuration": "PT168H"}),
    ({"numPartitions": 5, "replicationFactor": 3, "retentionDuration": "P1D"},
     {"numPartitions": 5, "replicationFactor": 3, "retentionDuration": "P1D"}),
])
def test_kafkachannel_default(spec: dict[str, Any], want: dict[str, Any]) -> None:
    o = new("KafkaChannel", spec, api_version=KC_API)
    kafkachannel.default(o, None, ctx())
    assert o["spec"] == want
    assert o["metadata"]["annotations"] == SUBSCRIBABLE


@pytest.mark.parametrize(("spec", "want"), [
    ({"numPartitions": 1, "replicationFactor": 1, "retentionDuration": "PT168H"}, ""),
    ({"numPartitions": 0, "replicationFactor": 1, "retentionDuration": "PT1H"}, "invalid value: 0: spec.numPartitions"),
    ({"numPartitions": 1, "replicationFactor": -1, "retentionDuration": "PT1H"},
     "invalid value: -1: spec.replicationFactor"),
    ({"numPartitions": 1, "replicationFactor": 1, "retentionDuration": "7d"}, "invalid value: 7d: spec.retentionDuration"),
    ({"numPartitions": 1, "replicationFactor": 1, "retentionDuration": "-PT1H"},
     "invalid value: -PT1H: spec.retentionDuration"),
    ({"numPartitions": 1, "replicationFactor": 1, "retentionDuration": "PT1H", "subscribers": [{"uid": "u"}]},
     "missing field(s): spec.subscribable.subscriber[0].replyURI, spec.subscribable.subscriber[0].subscriberURI\n"
     "expected at least one of, got none"),
])
def test_kafkachannel_validate(spec: dict[str, Any], want: str) -> None:
    assert render(kafkachannel.validate(new("KafkaChannel", spec, api_version=KC_API), None, ctx())) == want


@pytest.mark.parametrize(("old_spec", "new_spec", "want"), [
    ({"numPartitions": 1, "replicationFactor": 1, "retentionDuration": "PT1H"},
     {"numPartitions": 1, "replicationFactor": 1, "retentionDuration": "PT1H", "subscribers": [
         {"uid": "u", "subscriberUri": "http://s"}], "delivery": {"retry": 5}}, ""),
    ({"numPartitions": 1, "replicationFactor": 1, "retentionDuration": "PT1H"},
     {"numPartitions": 3, "replicationFactor": 1, "retentionDuration": "PT1H"},
     'Immutable fields changed (-old +new): spec\n{v1beta1.KafkaChannelSpec}.NumPartitions:\n\t-: "1"\n\t+: "3"\n'),
    # A retention may be added to a channel created before it existed.
    ({"numPartitions": 1, "replicationFactor": 1}, {"numPartitions": 1, "replicationFactor": 1,
                                                    "retentionDuration": "PT168H"}, ""),
    ({"numPartitions": 1, "replicationFactor": 1, "retentionDuration": "PT1H"},
     {"numPartitions": 1, "replicationFactor": 1, "retentionDuration": "PT2H"},
     'Immutable fields changed (-old +new): spec\n{v1beta1.KafkaChannelSpec}.RetentionDuration:\n\t-: "PT1H"\n'
     '\t+: "PT2H"\n'),
])
def test_kafkachannel_validate_update(old_spec: dict[str, Any], new_spec: dict[str, Any], want: str) -> None:
    old = new("KafkaChannel", old_spec, api_version=KC_API)
    assert render(kafkachannel.validate(new("KafkaChannel", new_spec, api_version=KC_API), old, ctx())) == want


# -- NatsJetStreamChannel ---------------------------------------------------------------------------------


def test_nats_default_and_validate() -> None:
    o = new("NatsJetStreamChannel", {"stream": {"config": {"retention": "Limits", "maxAge": "24h"}}},
            api_version="messaging.knative.dev/v1alpha1")
    natsjetstreamchannel.default(o, None, ctx())
    assert o["metadata"]["annotations"] == SUBSCRIBABLE
    assert natsjetstreamchannel.validate(o, None, ctx()) is None
    o["spec"]["subscribers"] = [{"uid": "u"}]
    o["metadata"]["annotations"]["eventing.knative.dev/scope"] = "all"
    assert render(natsjetstreamchannel.validate(o, None, ctx())) == (
        "invalid value: all: metadata.annotations.[eventing.knative.dev/scope]\n"
        "expected either 'cluster' or 'namespace'\n"
        "missing field(s): spec.subscribable.subscriber[0].replyURI, spec.subscribable.subscriber[0].subscriberURI\n"
        "expected at least one of, got none")


# -- conditions ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("conditions", "types"), [
    (channel.CONDITIONS, ["Addressable", "BackingChannelReady", "DeadLetterSinkResolved", "Ready"]),
    (inmemorychannel.CONDITIONS, ["Addressable", "ChannelServiceReady", "DeadLetterSinkResolved", "EndpointsReady",
                                  "Ready", "ServiceReady"]),
    (subscription.CONDITIONS, ["AddedToChannel", "ChannelReady", "OIDCIdentityCreated", "Ready",
                               "ReferencesResolved"]),
    (kafkachannel.CONDITIONS, ["Addressable", "ConfigMapUpdated", "ConfigParsed", "DataPlaneAvailable",
                               "ProbeSucceeded", "Ready", "TopicReady"]),
    (natsjetstreamchannel.CONDITIONS, ["Addressable", "ChannelServiceReady", "DispatcherReady", "EndpointsReady",
                                       "Ready", "ServiceReady", "StreamReady"]),
])
def test_conditions(conditions: Any, types: list[str]) -> None:
    status: dict[str, Any] = {}
    conditions.manage(status).initialize()
    assert [c["type"] for c in status["conditions"]] == types


def test_imc_dispatcher_ready_is_informational() -> None:
    status: dict[str, Any] = {}
    m = inmemorychannel.CONDITIONS.manage(status)
    m.initialize()
    for t in inmemorychannel.CONDITIONS.dependents:
        m.mark_true(t)
    m.mark_false(inmemorychannel.DISPATCHER_READY, "DispatcherDeploymentNotReady", "not ready")
    assert m.is_happy()
    assert (m.get("DispatcherReady") or {}).get("severity") == "Info"
