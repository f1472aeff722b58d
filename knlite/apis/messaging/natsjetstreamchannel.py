"""NatsJetStreamChannel (``messaging.knative.dev/v1alpha1``, short name ``natsjsmc``, from eventing-natss).

A channel backed by a NATS JetStream stream. Besides the Channelable fields it carries the
stream's configuration (``stream.overrideName``, ``stream.config``), a template for the
consumers created per subscriber and a dispatcher deployment template. The webhook only adds
the subscribable annotation and checks subscribers and the scope annotation.
"""

from __future__ import annotations

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.duck import (
    ADDRESSABLE,
    CHANNELABLE_SPEC,
    CHANNELABLE_STATUS,
    READY,
    as_dict,
    default_subscribable_annotation,
    result,
    validate_scope_annotation,
    validate_subscribers,
)
from knlite.apis.fielderrors import FieldError
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import (
    Schema,
    array,
    boolean,
    duck_status,
    free_object,
    int32,
    integer,
    kind_schema,
    obj,
    string,
    string_map,
)

GROUP = "messaging.knative.dev"
KIND = "NatsJetStreamChannel"
WEBHOOK = "validation.webhook.nats.messaging.knative.dev"

DISPATCHER_READY = "DispatcherReady"
SERVICE_READY = "ServiceReady"
ENDPOINTS_READY = "EndpointsReady"
CHANNEL_SERVICE_READY = "ChannelServiceReady"
STREAM_READY = "StreamReady"
CONDITIONS = ConditionSet(READY, DISPATCHER_READY, SERVICE_READY, ENDPOINTS_READY, ADDRESSABLE,
                          CHANNEL_SERVICE_READY, STREAM_READY)


def _enum(*values: str) -> Schema:
    return string(enum=values)


_STREAM_SOURCE = obj({"name": string(), "optStartSeq": integer(), "optStartTime": string(fmt="date-time"),
                      "filterSubject": string()})

STREAM = obj(
    {
        "overrideName": string("Overrides the stream name (default: derived from the channel)."),
        "config": obj(
            {
                "additionalSubjects": array(string()),
                "retention": _enum("Limits", "Interest", "Work"),
                "maxConsumers": integer(),
                "maxMsgs": integer(),
                "maxBytes": integer(),
                "discard": _enum("Old", "New"),
                "maxAge": string("A Go duration."),
                "maxMsgSize": int32(),
                "storage": _enum("File", "Memory"),
                "replicas": integer(),
                "noAck": boolean(),
                "duplicateWindow": string("A Go duration."),
                "placement": obj({"cluster": string(), "tags": array(string())}),
                "mirror": _STREAM_SOURCE,
                "sources": array(_STREAM_SOURCE),
            }
        ),
    }
)

CONSUMER_CONFIG_TEMPLATE = obj(
    {
        "deliverPolicy": _enum("All", "Last", "New", "ByStartSequence", "ByStartTime"),
        "optStartSeq": integer(),
        "optStartTime": string(fmt="date-time"),
        "ackWait": string("A Go duration."),
        "maxDeliver": integer(),
        "filterSubject": string(),
        "replayPolicy": _enum("Instant", "Original"),
        "rateLimitBPS": integer(),
        "sampleFrequency": string(),
        "maxAckPending": integer(),
        "consumerType": _enum("Push", "Pull"),
        "fetchMaxWait": string("A Go duration."),
        "fetchBatchSize": integer(),
    }
)

DEPLOYMENT_SPEC_TEMPLATE = obj(
    {
        "annotations": string_map(),
        "labels": string_map(),
        "nodeSelector": string_map(),
        "resources": free_object("Compute resources of the dispatcher."),
        "affinity": free_object("Scheduling constraints of the dispatcher."),
    }
)

SCHEMA = kind_schema(
    obj({**CHANNELABLE_SPEC, "stream": STREAM, "consumerConfigTemplate": CONSUMER_CONFIG_TEMPLATE,
         "deploymentSpecTemplate": DEPLOYMENT_SPEC_TEMPLATE}),
    duck_status(dict(CHANNELABLE_STATUS)),
    "NatsJetStreamChannel is a resource representing a NATS JetStream Channel.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    default_subscribable_annotation(o)


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    out = validate_subscribers(as_dict(o.get("spec"))).via_field("spec")
    return result(out.also(validate_scope_annotation(o)))


COLUMNS = (*columns.ready_reason(), columns.path("URL", ".status.address.url"), columns.age())


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1alpha1",), kind=KIND, plural="natsjetstreamchannels", short_names=("natsjsmc",),
        categories=("all", "knative", "messaging", "channel"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="NatsJetStreamChannel is a resource representing a NATS JetStream Channel.",
    )
