"""InMemoryChannel (``messaging.knative.dev/v1``, short name ``imc``): the built-in channel.

A best-effort, non-durable channel: events fan out to ``spec.subscribers`` (written by
Subscriptions) from memory. Its own webhook (``validation.inmemorychannel...``) adds the
subscribable annotation, checks that each subscriber has a subscriber or reply URI and that
the ``eventing.knative.dev/scope`` annotation, when present, is ``cluster`` or ``namespace``.
Upstream it does not validate ``spec.delivery``; neither does knlite.
"""

from __future__ import annotations

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.duck import (
    ADDRESSABLE,
    CHANNELABLE_SPEC,
    CHANNELABLE_STATUS,
    DEAD_LETTER_SINK_RESOLVED,
    READY,
    as_dict,
    default_delivery,
    default_subscribable_annotation,
    namespace_of,
    result,
    spec_of,
    validate_scope_annotation,
    validate_subscribers,
)
from knlite.apis.fielderrors import FieldError
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import duck_status, kind_schema, obj

GROUP = "messaging.knative.dev"
KIND = "InMemoryChannel"
WEBHOOK = "validation.inmemorychannel.eventing.knative.dev"

# Conditions (in_memory_channel_lifecycle.go). DispatcherReady is reported but not a dependent.
DISPATCHER_READY = "DispatcherReady"
SERVICE_READY = "ServiceReady"
ENDPOINTS_READY = "EndpointsReady"
CHANNEL_SERVICE_READY = "ChannelServiceReady"
CONDITIONS = ConditionSet(READY, SERVICE_READY, ENDPOINTS_READY, ADDRESSABLE, CHANNEL_SERVICE_READY,
                          DEAD_LETTER_SINK_RESOLVED)

SCHEMA = kind_schema(
    obj(dict(CHANNELABLE_SPEC), "Spec defines the desired state of the Channel."),
    duck_status(dict(CHANNELABLE_STATUS)),
    "InMemoryChannel is a resource representing an in memory channel.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    default_subscribable_annotation(o)
    default_delivery(spec_of(o).get("delivery"), namespace_of(o))


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    out = validate_subscribers(as_dict(o.get("spec"))).via_field("spec")
    return result(out.also(validate_scope_annotation(o)))


COLUMNS = (columns.path("URL", ".status.address.url"), columns.age(), *columns.ready_reason())


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1",), kind=KIND, plural="inmemorychannels", short_names=("imc",),
        categories=("all", "knative", "messaging", "channel"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="InMemoryChannel is a resource representing an in memory channel.",
    )
