"""Broker defaulting (config-br-defaults), validation and conditions."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.conditions import FALSE, TRUE
from knlite.apis.eventing import broker
from knlite.config.types import BrokerClassConfig, BrokerDefaultsConfig, ConfigView

CHANNEL_CM = {"apiVersion": "v1", "kind": "ConfigMap", "name": "config-br-default-channel",
              "namespace": "knative-eventing"}
KAFKA_CHANNEL_CM = {"apiVersion": "v1", "kind": "ConfigMap", "name": "kafka-channel", "namespace": "knative-eventing"}
KAFKA_BROKER_CM = {"apiVersion": "v1", "kind": "ConfigMap", "name": "kafka-broker-config",
                   "namespace": "knative-eventing"}
DELIVERY = {"retry": 10, "backoffPolicy": "exponential", "backoffDelay": "PT0.2S"}

# The seed's config-br-defaults (E155): a cluster default plus event-demo and dev entries.
SEED_DEFAULTS = BrokerDefaultsConfig(
    cluster_default=BrokerClassConfig("MTChannelBasedBroker", CHANNEL_CM, DELIVERY),
    namespace_defaults={
        "event-demo": BrokerClassConfig("MTChannelBasedBroker", KAFKA_CHANNEL_CM, None),
        "dev": BrokerClassConfig("Kafka", KAFKA_BROKER_CM, None),
        "class-only": BrokerClassConfig("Kafka", None, None),
        "config-only": BrokerClassConfig("", KAFKA_CHANNEL_CM, None),
    },
)


def ctx(defaults: BrokerDefaultsConfig = SEED_DEFAULTS, **kwargs: Any) -> StaticContext:
    return StaticContext(config=ConfigView(br_defaults=defaults), **kwargs)


def new_broker(ns: str = "default", annotations: dict[str, str] | None = None, spec: Any = None) -> dict[str, Any]:
    o: dict[str, Any] = {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker",
                         "metadata": {"name": "b", "namespace": ns}}
    if annotations is not None:
        o["metadata"]["annotations"] = annotations
    if spec is not None:
        o["spec"] = spec
    return o


def render(err: Any) -> str:
    return str(err) if err else ""


# -- defaulting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("ns", "annotations", "spec", "want_class", "want_spec"), [
    # The cluster default: class, config and the delivery of config-br-defaults.
    ("default", None, None, "MTChannelBasedBroker", {"config": CHANNEL_CM, "delivery": DELIVERY}),
    # A namespace entry wins for class and config; it has no delivery, so none is added.
    ("event-demo", None, None, "MTChannelBasedBroker", {"config": KAFKA_CHANNEL_CM}),
    ("dev", None, None, "Kafka", {"config": KAFKA_BROKER_CM}),
    # An entry with only a class falls back to the cluster default's config, and the other way round.
    ("class-only", None, None, "Kafka", {"config": CHANNEL_CM, "delivery": DELIVERY}),
    ("config-only", None, None, "MTChannelBasedBroker", {"config": KAFKA_CHANNEL_CM}),
    # What the user set is kept.
    ("default", {"eventing.knative.dev/broker.class": "Kafka"}, None, "Kafka",
     {"config": CHANNEL_CM, "delivery": DELIVERY}),
    ("default", None, {"config": {"apiVersion": "v1", "kind": "ConfigMap", "name": "mine"}}, "MTChannelBasedBroker",
     {"config": {"apiVersion": "v1", "kind": "ConfigMap", "name": "mine", "namespace": "default"},
      "delivery": DELIVERY}),
    ("default", None, {"delivery": {"retry": 3}}, "MTChannelBasedBroker",
     {"config": CHANNEL_CM, "delivery": {"retry": 3}}),
    # The delivery's dead letter sink ref gets the broker's namespace.
    ("event-demo", None, {"delivery": {"deadLetterSink": {"ref": {"apiVersion": "v1", "kind": "Service", "name": "d"}}}},
     "MTChannelBasedBroker",
     {"config": KAFKA_CHANNEL_CM,
      "delivery": {"deadLetterSink": {"ref": {"apiVersion": "v1", "kind": "Service", "name": "d",
                                              "namespace": "event-demo"}}}}),
])
def test_default(ns: str, annotations: dict[str, str] | None, spec: Any, want_class: str,
                 want_spec: dict[str, Any]) -> None:
    o = new_broker(ns, annotations, spec)
    broker.default(o, None, ctx())
    assert o["metadata"]["annotations"]["eventing.knative.dev/broker.class"] == want_class
    assert o["spec"] == want_spec


def test_default_copies_only_the_retry_fields_of_the_delivery() -> None:
    defaults = BrokerDefaultsConfig(cluster_default=BrokerClassConfig(
        "MTChannelBasedBroker", CHANNEL_CM, {**DELIVERY, "timeout": "PT5S", "retryAfterMax": "PT1M",
                                             "deadLetterSink": {"uri": "http://dls"}}))
    o = new_broker()
    broker.default(o, None, ctx(defaults))
    assert o["spec"]["delivery"] == {**DELIVERY, "deadLetterSink": {"uri": "http://dls"}}


def test_default_does_not_share_the_config_objects() -> None:
    defaults = copy.deepcopy(SEED_DEFAULTS)
    a, b = new_broker("x"), new_broker("y")
    broker.default(a, None, ctx(defaults))
    broker.default(b, None, ctx(defaults))
    a["spec"]["config"]["name"] = "changed"
    assert b["spec"]["config"]["name"] == "config-br-default-channel"
    assert defaults.cluster_default is not None and defaults.cluster_default.config == CHANNEL_CM


def test_default_without_config_br_defaults_adds_nothing() -> None:
    o = new_broker()
    broker.default(o, None, ctx(BrokerDefaultsConfig()))
    assert o == {**new_broker(), "spec": {}}


# -- validation ----------------------------------------------------------------------------------

MT = {"eventing.knative.dev/broker.class": "MTChannelBasedBroker"}
RABBIT = {"eventing.knative.dev/broker.class": "RabbitMQBroker"}
RMQ_CONFIG = {"apiVersion": "eventing.knative.dev/v1alpha1", "kind": "RabbitmqBrokerConfig", "name": "c",
              "namespace": "default"}


@pytest.mark.parametrize(("annotations", "spec", "want"), [
    (MT, {"config": CHANNEL_CM, "delivery": DELIVERY}, ""),
    (MT, {}, ""),
    (None, {}, "missing field(s): eventing.knative.dev/broker.class"),
    ({"eventing.knative.dev/broker.class": ""}, {}, "missing field(s): eventing.knative.dev/broker.class"),
    (MT, {"config": {"name": "x"}}, "missing field(s): spec.config.apiVersion, spec.config.kind"),
    # The config may be in another namespace.
    (MT, {"config": {**CHANNEL_CM, "namespace": "elsewhere"}}, ""),
    (MT, {"delivery": {"retry": -2, "backoffDelay": "soon"}},
     "invalid value: -2: spec.delivery.retry\ninvalid value: soon: spec.delivery.backoffDelay"),
    (MT, {"delivery": {"deadLetterSink": {"uri": "/dls"}}},
     "invalid value: Relative URI is not allowed when Ref and [apiVersion, kind, name] is absent: "
     "spec.delivery.deadLetterSink.uri"),
    # RabbitMQ brokers need a complete, supported config.
    (RABBIT, {"config": RMQ_CONFIG}, ""),
    (RABBIT, {"config": {**RMQ_CONFIG, "apiVersion": "rabbitmq.com/v1beta1", "kind": "RabbitmqCluster"}}, ""),
    (RABBIT, {}, "missing field(s): spec.config"),
    # Upstream's ViaField on the accumulated errors prefixes the earlier ones again.
    (RABBIT, {"config": {"apiVersion": "v1", "kind": "ConfigMap", "name": "c"}},
     "Configuration not supported, only [kind: RabbitmqCluster, apiVersion: rabbitmq.com/v1beta1] or "
     "[kind: RabbitmqBrokerConfig, apiVersion: eventing.knative.dev/v1alpha1]: \n"
     "missing field(s): config.spec.spec.config.namespace"),
    (RABBIT, {"config": {**RMQ_CONFIG, "namespace": ""}}, "missing field(s): spec.config.namespace"),
    # The core webhook answers first.
    (RABBIT, {"config": {"name": "c"}}, "missing field(s): spec.config.apiVersion, spec.config.kind"),
])
def test_validate_create(annotations: dict[str, str] | None, spec: dict[str, Any], want: str) -> None:
    assert render(broker.validate(new_broker(annotations=annotations, spec=spec), None, ctx())) == want


@pytest.mark.parametrize(("old_ann", "old_spec", "new_ann", "new_spec", "want"), [
    (MT, {"config": CHANNEL_CM}, MT, {"config": CHANNEL_CM}, ""),
    # Only the delivery may change.
    (MT, {"config": CHANNEL_CM, "delivery": DELIVERY}, MT, {"config": CHANNEL_CM, "delivery": {"retry": 1}}, ""),
    (MT, {"config": CHANNEL_CM}, MT, {"config": {**CHANNEL_CM, "name": "other"}},
     'Immutable fields changed (-old +new): spec\n{v1.BrokerSpec}.Config.Name:\n\t-: "config-br-default-channel"\n'
     '\t+: "other"\n'),
    (MT, {"config": CHANNEL_CM}, {"eventing.knative.dev/broker.class": "Kafka"}, {"config": CHANNEL_CM},
     'Immutable annotations changed (-old +new): annotations\n{string}:\n\t-: "MTChannelBasedBroker"\n'
     '\t+: "Kafka"\n'),
    # RabbitMQ brokers keep their delivery too.
    (RABBIT, {"config": RMQ_CONFIG}, RABBIT, {"config": RMQ_CONFIG, "delivery": {"retry": 1}},
     'Immutable fields changed (-old +new): spec\n{v1.BrokerSpec}.Delivery:\n\t-: "<nil>"\n\t+: "&{Retry:1}"\n'),
])
def test_validate_update(old_ann: dict[str, str], old_spec: dict[str, Any], new_ann: dict[str, str],
                         new_spec: dict[str, Any], want: str) -> None:
    old = new_broker(annotations=old_ann, spec=old_spec)
    new = new_broker(annotations=new_ann, spec=new_spec)
    assert render(broker.validate(new, old, ctx(operation="UPDATE"))) == want


# -- conditions, columns ---------------------------------------------------------------------------


def test_conditions() -> None:
    status: dict[str, Any] = {}
    m = broker.CONDITIONS.manage(status)
    m.initialize()
    assert [c["type"] for c in status["conditions"]] == [
        "Addressable", "DeadLetterSinkResolved", "FilterReady", "IngressReady", "Ready", "TriggerChannelReady"]
    for t in ("IngressReady", "FilterReady", "Addressable"):
        m.mark_true(t)
    m.mark_true("DeadLetterSinkResolved", "DeadLetterSinkNotConfigured", "No dead letter sink is configured.")
    assert not m.is_happy()
    m.mark_false("TriggerChannelReady", "NoAddress", "Channel does not have an address.")
    ready = m.get("Ready") or {}
    assert (ready["status"], ready["reason"]) == (FALSE, "NoAddress")
    m.mark_true("TriggerChannelReady")
    assert (m.get("Ready") or {})["status"] == TRUE


def test_kafka_class_uses_the_kafka_condition_set() -> None:
    kafka = new_broker(annotations={"eventing.knative.dev/broker.class": "Kafka"})
    assert broker.conditions_for(kafka) is broker.KAFKA_CONDITIONS
    assert broker.conditions_for(new_broker(annotations=MT)) is broker.CONDITIONS
    status: dict[str, Any] = {}
    broker.KAFKA_CONDITIONS.manage(status).initialize()
    assert len(status["conditions"]) == 7  # `kn broker list` shows "7 OK / 7" for a ready Kafka broker


def test_class_column_is_wide_only() -> None:
    cls = broker.COLUMNS[-1]
    assert (cls.name, cls.priority, cls.getter(new_broker(annotations=MT))) == ("Class", 1, "MTChannelBasedBroker")
