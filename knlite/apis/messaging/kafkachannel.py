"""KafkaChannel (``messaging.knative.dev/v1beta1``, short name ``kc``, from eventing-kafka-broker).

A channel backed by a Kafka topic (``knative-messaging-kafka.{ns}.{name}``). The webhook
defaults ``numPartitions`` and ``replicationFactor`` to 1, ``retentionDuration`` to
``PT168H`` (7 days) and the subscribable annotation; it requires positive partition and
replication counts and a non-negative ISO-8601 retention, and keeps those three fields
unchanged on update (a retention may be added to an old channel that had none).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.duck import (
    ADDRESSABLE,
    CHANNELABLE_SPEC,
    CHANNELABLE_STATUS,
    READY,
    DurationError,
    as_dict,
    default_delivery,
    default_subscribable_annotation,
    immutable_error,
    namespace_of,
    parse_iso8601_duration,
    result,
    spec_of,
    validate_scope_annotation,
    validate_subscribers,
)
from knlite.apis.fielderrors import FieldError, err_invalid_value
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import duck_status, int32, integer, kind_schema, obj, string

GROUP = "messaging.knative.dev"
KIND = "KafkaChannel"
WEBHOOK = "validation.webhook.kafka.eventing.knative.dev"

DEFAULT_NUM_PARTITIONS = 1
DEFAULT_REPLICATION_FACTOR = 1
DEFAULT_RETENTION_DURATION = "PT168H"

# The condition set the 1.12 channel controller registers (base.IngressConditionSet).
DATA_PLANE_AVAILABLE = "DataPlaneAvailable"
TOPIC_READY = "TopicReady"
CONFIG_MAP_UPDATED = "ConfigMapUpdated"
CONFIG_PARSED = "ConfigParsed"
PROBE_SUCCEEDED = "ProbeSucceeded"
CONDITIONS = ConditionSet(READY, ADDRESSABLE, DATA_PLANE_AVAILABLE, TOPIC_READY, CONFIG_MAP_UPDATED, CONFIG_PARSED,
                          PROBE_SUCCEEDED)

SCHEMA = kind_schema(
    obj(
        {
            "numPartitions": int32("NumPartitions is the number of partitions of a Kafka topic."),
            "replicationFactor": integer("ReplicationFactor is the replication factor of a Kafka topic.", "int32"),
            "retentionDuration": string("RetentionDuration is the retention time for events in the topic "
                                        "(ISO-8601 duration)."),
            **CHANNELABLE_SPEC,
        },
        "Spec defines the specification for a KafkaChannel.",
    ),
    duck_status(dict(CHANNELABLE_STATUS)),
    "KafkaChannel is a resource representing a Channel that is backed by a topic of an Apache Kafka cluster.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    default_subscribable_annotation(o)
    spec = spec_of(o)
    if not spec.get("numPartitions"):
        spec["numPartitions"] = DEFAULT_NUM_PARTITIONS
    if not spec.get("replicationFactor"):
        spec["replicationFactor"] = DEFAULT_REPLICATION_FACTOR
    if not spec.get("retentionDuration"):
        spec["retentionDuration"] = DEFAULT_RETENTION_DURATION
    default_delivery(spec.get("delivery"), namespace_of(o))


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    out = FieldError()
    for field in ("numPartitions", "replicationFactor"):
        if not _positive(spec.get(field)):
            out = out.also(err_invalid_value(spec.get(field) or 0, field))
    retention = spec.get("retentionDuration") or ""
    try:
        bad = parse_iso8601_duration(retention) < timedelta(0)
    except DurationError:
        bad = True
    if bad:
        out = out.also(err_invalid_value(retention, "retentionDuration"))
    out = out.also(validate_subscribers(spec)).via_field("spec")
    out = out.also(validate_scope_annotation(o))
    if old is not None:
        out = out.also(_check_immutable(as_dict(old.get("spec")), spec))
    return result(out)


def _check_immutable(old: dict[str, Any], new: dict[str, Any]) -> FieldError | None:
    keys = ["numPartitions", "replicationFactor"]
    if old.get("retentionDuration") or not new.get("retentionDuration"):
        keys.append("retentionDuration")
    return immutable_error({k: old.get(k) for k in keys}, {k: new.get(k) for k in keys}, "v1beta1.KafkaChannelSpec")


COLUMNS = (*columns.ready_reason(), columns.path("URL", ".status.address.url"), columns.age())


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1beta1",), kind=KIND, plural="kafkachannels", short_names=("kc",),
        categories=("all", "knative", "messaging", "channel"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="KafkaChannel is a Channel backed by a topic of an Apache Kafka cluster.",
    )
