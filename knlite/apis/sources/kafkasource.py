"""KafkaSource (``sources.knative.dev/v1beta1``, from eventing-kafka-broker): Kafka records as events.

The source consumes ``spec.topics`` from ``spec.bootstrapServers`` in consumer group
``spec.consumerGroup`` and sends each record to the sink (as is when it already is a
CloudEvent, wrapped as ``dev.knative.kafka.event`` otherwise). The webhook defaults a random
consumer group (``knative-kafka-source-<uuid>``), one consumer, the ``latest`` initial offset
and ``ordered`` delivery; it requires topics and bootstrap servers, checks the offset and
ordering values, and keeps the consumer group unchanged on update.
"""

from __future__ import annotations

import uuid

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.duck import (
    DELIVERY,
    DEPLOYED,
    READY,
    SECRET_KEY_SELECTOR,
    SINK_PROVIDED,
    SOURCE_SPEC,
    SOURCE_STATUS,
    as_dict,
    as_list,
    as_str,
    default_delivery,
    default_destination,
    immutable_error,
    namespace_of,
    result,
    spec_of,
    validate_source_spec,
)
from knlite.apis.fielderrors import FieldError, err_invalid_value, err_missing_field
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import array, boolean, duck_status, int32, kind_schema, obj, string

GROUP = "sources.knative.dev"
KIND = "KafkaSource"
WEBHOOK = "validation.webhook.kafka.eventing.knative.dev"

OFFSET_EARLIEST, OFFSET_LATEST = "earliest", "latest"
ORDERED, UNORDERED = "ordered", "unordered"
CONSUMER_GROUP_PREFIX = "knative-kafka-source-"
KEY_TYPE_LABEL = "kafkasources.sources.knative.dev/key-type"
KEY_TYPES = ("string", "int", "float", "byte-array")
EVENT_TYPE = "dev.knative.kafka.event"

CONNECTION_ESTABLISHED = "ConnectionEstablished"
INITIAL_OFFSETS_COMMITTED = "InitialOffsetsCommitted"
KEY_TYPE_CORRECT = "KeyTypeCorrect"
CONDITIONS = ConditionSet(READY, SINK_PROVIDED, DEPLOYED, CONNECTION_ESTABLISHED, INITIAL_OFFSETS_COMMITTED)


def event_source(namespace: str, name: str, topic: str) -> str:
    """The CloudEvents ``source`` of a wrapped (non-CloudEvent) record."""
    return f"/apis/v1/namespaces/{namespace}/kafkasources/{name}#{topic}"


_SECRET_VALUE = obj({"secretKeyRef": SECRET_KEY_SELECTOR})

NET = obj(
    {
        "sasl": obj({"enable": boolean(), "user": _SECRET_VALUE, "password": _SECRET_VALUE, "type": _SECRET_VALUE}),
        "tls": obj({"enable": boolean(), "cert": _SECRET_VALUE, "key": _SECRET_VALUE, "caCert": _SECRET_VALUE}),
    }
)

SCHEMA = kind_schema(
    obj(
        {
            **SOURCE_SPEC,
            "bootstrapServers": array(string(), "Bootstrap servers are the Kafka servers the consumer will connect to."),
            "net": NET,
            "topics": array(string(), "Topic topics to consume messages from."),
            "consumerGroup": string("ConsumerGroupID is the consumer group ID."),
            "consumers": int32("Number of desired consumers running in the consumer group. Defaults to 1."),
            "initialOffset": string("InitialOffset is the Initial Offset for the consumer group: earliest or latest."),
            "delivery": DELIVERY,
            "ordering": string("Ordering is the type of the consumer verticle: ordered (default) or unordered."),
        },
        "KafkaSourceSpec defines the desired state of the KafkaSource.",
        required=["bootstrapServers", "topics"],
    ),
    duck_status(
        {
            **SOURCE_STATUS,
            "consumers": int32(),
            "selector": string(),
            "claims": string(),
            "placements": array(obj({"podName": string(), "vreplicas": int32()})),
            "maxAllowedVReplicas": int32(),
        }
    ),
    "KafkaSource is the Schema for the kafkasources API.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    spec = spec_of(o)
    if not spec.get("consumerGroup"):
        spec["consumerGroup"] = CONSUMER_GROUP_PREFIX + str(uuid.uuid4())
    if spec.get("consumers") is None:
        spec["consumers"] = 1
    if not spec.get("initialOffset"):
        spec["initialOffset"] = OFFSET_LATEST
    if spec.get("ordering") is None:
        spec["ordering"] = ORDERED
    ns = namespace_of(o)
    default_destination(spec.get("sink"), ns)
    default_delivery(spec.get("delivery"), ns)


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    out = validate_source_spec(spec)
    if not as_list(spec.get("topics")):
        out = out.also(err_missing_field("topics"))
    if not as_list(spec.get("bootstrapServers")):
        out = out.also(err_missing_field("bootstrapServers"))
    if spec.get("initialOffset") not in (OFFSET_EARLIEST, OFFSET_LATEST):
        out = out.also(err_invalid_value(as_str(spec.get("initialOffset")), "initialOffset"))
    ordering = spec.get("ordering")
    if ordering is not None and ordering not in (ORDERED, UNORDERED):
        out = out.also(err_invalid_value(as_str(ordering), "ordering"))
    out = out.via_field("spec")
    if old is not None:
        out = out.also(immutable_error(as_str(as_dict(old.get("spec")).get("consumerGroup")),
                                       as_str(spec.get("consumerGroup")), "string"))
    return result(out)


COLUMNS = (
    columns.path("Topics", ".spec.topics"),
    columns.path("BootstrapServers", ".spec.bootstrapServers"),
    *columns.ready_reason(),
    columns.age(),
)


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1beta1",), kind=KIND, plural="kafkasources",
        categories=("all", "knative", "eventing", "sources"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="KafkaSource sends the records of Kafka topics to a sink as CloudEvents.",
    )


