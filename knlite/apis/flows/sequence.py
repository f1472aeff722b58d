"""Sequence (``flows.knative.dev/v1``): events pass through ``steps`` in order, then to ``reply``.

The reconciler builds one channel (from ``spec.channelTemplate``) and one Subscription per
step; each step's reply feeds the next step's channel. The webhook fills a missing channel
template from ``default-ch-webhook`` and defaults the namespaces of step and reply refs; it
requires at least one valid step and a channel template with kind and apiVersion. A bad step
is reported as a whole (``invalid value: {...}: spec.steps[i]``, see :mod:`._gofmt`).
"""

from __future__ import annotations

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.duck import (
    ADDRESS_STATUS,
    ADDRESSABLE,
    AUTH_STATUS,
    CHANNEL_TEMPLATE,
    DELIVERY,
    DESTINATION,
    OBJECT_REFERENCE,
    READY,
    as_dict,
    as_list,
    result,
    validate_channel_template,
    validate_delivery,
    validate_destination,
)
from knlite.apis.fielderrors import FieldError, err_invalid_value, err_missing_field
from knlite.apis.flows import _gofmt
from knlite.apis.flows._common import default_flow
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import CONDITION, array, duck_status, kind_schema, obj

GROUP = "flows.knative.dev"
KIND = "Sequence"
WEBHOOK = "validation.webhook.eventing.knative.dev"

CHANNELS_READY = "ChannelsReady"
SUBSCRIPTIONS_READY = "SubscriptionsReady"
CONDITIONS = ConditionSet(READY, CHANNELS_READY, SUBSCRIPTIONS_READY, ADDRESSABLE)

STEP = obj({**as_dict(DESTINATION.get("properties")), "delivery": DELIVERY},
           "A step: a Destination and its delivery options.")

SCHEMA = kind_schema(
    obj(
        {
            "steps": array(STEP, "Steps is the list of Destinations (processors / functions) that will be called "
                                 "in the order provided."),
            "channelTemplate": CHANNEL_TEMPLATE,
            "reply": DESTINATION,
        },
        "Spec defines the desired state of the Sequence.",
    ),
    duck_status(
        {
            **ADDRESS_STATUS,
            "subscriptionStatuses": array(obj({"subscription": OBJECT_REFERENCE, "ready": CONDITION})),
            "channelStatuses": array(obj({"channel": OBJECT_REFERENCE, "ready": CONDITION})),
            "auth": AUTH_STATUS,
        }
    ),
    "Sequence defines a sequence of Subscribers that will be wired in series through Channels and Subscriptions.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    default_flow(o, ctx, lambda spec: as_list(spec.get("steps")))


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    out = FieldError()
    steps = as_list(spec.get("steps"))
    if not steps:
        out = out.also(err_missing_field("steps"))
    for i, step in enumerate(steps):
        if validate_destination(step) or validate_delivery(as_dict(step).get("delivery"), ctx):
            out = out.also(err_invalid_value(_gofmt.sequence_step(step), "").via_field_index("steps", i))
    if spec.get("channelTemplate") is None:
        out = out.also(err_missing_field("channelTemplate"))
    else:
        out = out.also(validate_channel_template(spec["channelTemplate"]).via_field("channelTemplate"))
    if spec.get("reply") is not None:
        out = out.also(validate_destination(spec["reply"]).via_field("reply"))
    return result(out.via_field("spec"))


COLUMNS = (columns.path("URL", ".status.address.url"), columns.age(), *columns.ready_reason())


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1",), kind=KIND, plural="sequences",
        categories=("all", "knative", "flows"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="Sequence wires a list of subscribers in series through Channels and Subscriptions.",
    )
