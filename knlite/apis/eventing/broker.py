"""Broker (``eventing.knative.dev/v1``): schema, defaulting, validation and conditions.

A Broker is an event mesh entry point; its class annotation picks the implementation
(``MTChannelBasedBroker``, ``Kafka``, ``RabbitMQBroker``). Knative's defaulting webhook fills
what the user left out from ConfigMap ``config-br-defaults``: the class annotation (namespace
entry's class, else the cluster default's), ``spec.config`` and ``spec.delivery`` (namespace
entry's config, else the cluster default's; the two fall back independently, see
:func:`knlite.config.parse.default_broker_config`), and the config's namespace. Validation then
requires the class annotation, checks config and delivery, and — on update — keeps the spec
(except ``delivery``) and the class immutable, exactly as ``broker_validation.go`` does.

RabbitMQ brokers additionally need a complete ``spec.config`` (eventing-rabbitmq's broker
webhook); that check runs here too, only for that class.
"""

from __future__ import annotations

import copy
from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.duck import (
    ADDRESS_STATUS,
    ADDRESSABLE,
    DEAD_LETTER_SINK_RESOLVED,
    DELIVERY,
    DELIVERY_STATUS,
    KREFERENCE,
    READY,
    RefScope,
    annotations_of,
    as_dict,
    as_str,
    default_delivery,
    default_kreference,
    ensure_annotations,
    go_quote,
    immutable_error,
    namespace_of,
    result,
    spec_of,
    validate_delivery,
    validate_kreference,
)
from knlite.apis.fielderrors import FieldError, err_missing_field
from knlite.apis.registry import AdmissionContext, Column, Obj, ResourceType
from knlite.apis.schema import duck_status, kind_schema, obj
from knlite.config.parse import default_broker_class, default_broker_config

GROUP = "eventing.knative.dev"
KIND = "Broker"
WEBHOOK = "validation.webhook.eventing.knative.dev"

CLASS_ANNOTATION = "eventing.knative.dev/broker.class"
MT_CHANNEL_BROKER = "MTChannelBasedBroker"
KAFKA_BROKER = "Kafka"
RABBITMQ_BROKER = "RabbitMQBroker"

# Conditions (broker_lifecycle.go).
INGRESS_READY = "IngressReady"
TRIGGER_CHANNEL_READY = "TriggerChannelReady"
FILTER_READY = "FilterReady"
CONDITIONS = ConditionSet(READY, INGRESS_READY, TRIGGER_CHANNEL_READY, FILTER_READY, ADDRESSABLE,
                          DEAD_LETTER_SINK_RESOLVED)

# Kafka brokers report eventing-kafka-broker's receiver conditions instead (base.IngressConditionSet).
DATA_PLANE_AVAILABLE = "DataPlaneAvailable"
TOPIC_READY = "TopicReady"
CONFIG_MAP_UPDATED = "ConfigMapUpdated"
CONFIG_PARSED = "ConfigParsed"
PROBE_SUCCEEDED = "ProbeSucceeded"
KAFKA_CONDITIONS = ConditionSet(READY, ADDRESSABLE, DATA_PLANE_AVAILABLE, TOPIC_READY, CONFIG_MAP_UPDATED,
                                CONFIG_PARSED, PROBE_SUCCEEDED)

# RabbitMQ brokers report eventing-rabbitmq's (rabbitBrokerCondSet).
EXCHANGE_READY = "ExchangeReady"
DLX_READY = "DLXReady"
DEAD_LETTER_SINK_READY = "DeadLetterSinkReady"
SECRET_READY = "SecretReady"
RABBITMQ_CONDITIONS = ConditionSet(READY, EXCHANGE_READY, DLX_READY, DEAD_LETTER_SINK_READY, SECRET_READY,
                                   INGRESS_READY, ADDRESSABLE)

# Status annotations the MT broker publishes about its trigger channel.
CHANNEL_ADDRESS_ANNOTATION = "knative.dev/channelAddress"
CHANNEL_API_VERSION_ANNOTATION = "knative.dev/channelAPIVersion"
CHANNEL_KIND_ANNOTATION = "knative.dev/channelKind"
CHANNEL_NAME_ANNOTATION = "knative.dev/channelName"
CHANNEL_CA_CERTS_ANNOTATION = "knative.dev/channelCACerts"

SCHEMA = kind_schema(
    obj({"config": KREFERENCE, "delivery": DELIVERY}, "Spec defines the desired state of the Broker."),
    duck_status(dict(ADDRESS_STATUS, **DELIVERY_STATUS), "Status represents the current state of the Broker."),
    "Broker collects a pool of events that are consumable using Triggers.",
)


# -- defaulting --------------------------------------------------------------------------------


_DEFAULTED_DELIVERY_FIELDS = ("deadLetterSink", "retry", "backoffPolicy", "backoffDelay")


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    ns = namespace_of(o)
    spec = spec_of(o)
    entry = default_broker_config(ctx.config.br_defaults, ns)
    if entry is not None:
        if spec.get("config") is None and entry.config is not None:
            spec["config"] = copy.deepcopy(entry.config)
        if spec.get("delivery") is None and entry.delivery is not None:
            spec["delivery"] = {k: copy.deepcopy(entry.delivery[k]) for k in _DEFAULTED_DELIVERY_FIELDS
                                if entry.delivery.get(k) is not None}
    default_kreference(spec.get("config"), ns)
    default_delivery(spec.get("delivery"), ns)
    if CLASS_ANNOTATION not in annotations_of(o):
        cls = default_broker_class(ctx.config.br_defaults, ns)
        if cls:
            ensure_annotations(o)[CLASS_ANNOTATION] = cls


# -- validation --------------------------------------------------------------------------------


def _validate_rabbitmq(o: Obj, old: Obj | None) -> FieldError:
    """eventing-rabbitmq's broker webhook: a complete config of a supported kind; spec and class immutable."""
    spec = as_dict(o.get("spec"))
    if old is not None:
        old_class = as_str(annotations_of(old).get(CLASS_ANNOTATION))
        if old_class != RABBITMQ_BROKER:
            return FieldError.new("Immutable fields changed (-old +new)", "annotations",
                                  details=f"{{string}}:\n\t-: {go_quote(old_class)}\n\t+: {go_quote(RABBITMQ_BROKER)}\n")
        # Unlike the core webhook, RabbitMQ brokers keep their delivery immutable too.
        return FieldError().also(immutable_error(as_dict(old.get("spec")), spec, "v1.BrokerSpec"))
    config = spec.get("config")
    if not isinstance(config, dict):
        return err_missing_field("config").via_field("spec")
    out = FieldError()
    for f in ("namespace", "name", "kind", "apiVersion"):
        if not as_str(config.get(f)):
            out = out.also(err_missing_field(f).via_field("config").via_field("spec"))
    kind, api_version = as_str(config.get("kind")), as_str(config.get("apiVersion"))
    if not kind or not api_version:
        return out
    if f"{kind}.{api_version}" not in ("RabbitmqCluster.rabbitmq.com/v1beta1",
                                       "RabbitmqBrokerConfig.eventing.knative.dev/v1alpha1"):
        # Upstream prefixes everything collected so far, not just this error (config.spec.spec.config...).
        out = out.also(FieldError.new(
            "Configuration not supported, only [kind: RabbitmqCluster, apiVersion: rabbitmq.com/v1beta1] or "
            "[kind: RabbitmqBrokerConfig, apiVersion: eventing.knative.dev/v1alpha1]")).via_field("spec").via_field(
            "config")
    return out


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    out = FieldError()
    broker_class = annotations_of(o).get(CLASS_ANNOTATION)
    if not broker_class:
        out = out.also(err_missing_field(CLASS_ANNOTATION))
    # The config may live in another namespace (e.g. knative-eventing), so no namespace check.
    scope = RefScope.of(ctx)
    if spec.get("config") is not None:
        out = out.also(validate_kreference(spec["config"], scope).via_field("config").via_field("spec"))
    if spec.get("delivery") is not None:
        out = out.also(validate_delivery(spec["delivery"], ctx, scope).via_field("delivery").via_field("spec"))
    if old is not None:
        out = out.also(_check_immutable(o, old))
    if broker_class == RABBITMQ_BROKER and not out:
        # eventing-rabbitmq's webhook is a second webhook: it is only heard when the core one accepts.
        out = _validate_rabbitmq(o, old)
    return result(out)


def _check_immutable(o: Obj, old: Obj) -> FieldError | None:
    """Only ``spec.delivery`` may change; the class annotation may not."""
    old_spec = {k: v for k, v in as_dict(old.get("spec")).items() if k != "delivery"}
    new_spec = {k: v for k, v in as_dict(o.get("spec")).items() if k != "delivery"}
    err = immutable_error(old_spec, new_spec, "v1.BrokerSpec")
    if err:
        return err
    return immutable_error(as_str(annotations_of(old).get(CLASS_ANNOTATION)),
                           as_str(annotations_of(o).get(CLASS_ANNOTATION)), "string", "annotations",
                           message="Immutable annotations changed (-old +new)")


def broker_class(o: Obj) -> str:
    return as_str(annotations_of(o).get(CLASS_ANNOTATION))


def conditions_for(o: Obj) -> ConditionSet:
    """The condition set a broker of this class reports."""
    if broker_class(o) == RABBITMQ_BROKER:
        return RABBITMQ_CONDITIONS
    return KAFKA_CONDITIONS if broker_class(o) in (KAFKA_BROKER, "KafkaNamespaced") else CONDITIONS


def _class_cell(o: Obj) -> Any:
    return annotations_of(o).get(CLASS_ANNOTATION)


COLUMNS = (
    columns.path("URL", ".status.address.url"),
    columns.age(),
    *columns.ready_reason(),
    Column("Class", "string", ".metadata.annotations.eventing\\.knative\\.dev/broker\\.class", _class_cell,
           priority=1),
)


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1",), kind=KIND, plural="brokers",
        categories=("all", "knative", "eventing"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="Broker collects a pool of events that are consumable using Triggers.",
    )

