"""Parallel (``flows.knative.dev/v1``): every event goes to each branch whose filter accepts it.

The reconciler builds an ingress channel, and per branch a channel, a filter Subscription and
a subscriber Subscription; replies go to the branch's ``reply`` or the Parallel's. The webhook
fills a missing channel template from ``default-ch-webhook`` and defaults ref namespaces; it
requires at least one branch, valid filter/subscriber/reply destinations (a bad one is
reported with the whole branch, ``invalid value: {...}: spec.branches.subscriber[i]``) and a
channel template with apiVersion and kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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
    as_str,
    result,
    validate_destination,
)
from knlite.apis.fielderrors import FieldError, err_invalid_value, err_missing_field
from knlite.apis.flows import _gofmt
from knlite.apis.flows._common import default_flow
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import CONDITION, array, duck_status, kind_schema, obj

GROUP = "flows.knative.dev"
KIND = "Parallel"
WEBHOOK = "validation.webhook.eventing.knative.dev"

CHANNELS_READY = "ChannelsReady"
SUBSCRIPTIONS_READY = "SubscriptionsReady"
CONDITIONS = ConditionSet(READY, CHANNELS_READY, SUBSCRIPTIONS_READY, ADDRESSABLE)

BRANCH = obj(
    {"filter": DESTINATION, "subscriber": DESTINATION, "reply": DESTINATION, "delivery": DELIVERY},
    "A branch: an optional filter, a subscriber, an optional reply and delivery options.",
)

_CHANNEL_STATUS = obj({"channel": OBJECT_REFERENCE, "ready": CONDITION})
_SUBSCRIPTION_STATUS = obj({"subscription": OBJECT_REFERENCE, "ready": CONDITION})

SCHEMA = kind_schema(
    obj(
        {
            "branches": array(BRANCH, "Branches is the list of Filter/Subscribers pairs."),
            "channelTemplate": CHANNEL_TEMPLATE,
            "reply": DESTINATION,
        },
        "Spec defines the desired state of the Parallel.",
    ),
    duck_status(
        {
            **ADDRESS_STATUS,
            "ingressChannelStatus": _CHANNEL_STATUS,
            "branchStatuses": array(obj({"filterSubscriptionStatus": _SUBSCRIPTION_STATUS,
                                         "filterChannelStatus": _CHANNEL_STATUS,
                                         "subscriberSubscriptionStatus": _SUBSCRIPTION_STATUS})),
            "auth": AUTH_STATUS,
        }
    ),
    "Parallel defines conditional branches that will be wired in series through Channels and Subscriptions.",
)


def _branch_destinations(spec: Obj) -> Iterator[Any]:
    for branch in as_list(spec.get("branches")):
        b = as_dict(branch)
        for key in ("filter", "subscriber", "reply"):
            yield b.get(key)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    default_flow(o, ctx, _branch_destinations)


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    out = FieldError()
    branches = as_list(spec.get("branches"))
    if not branches:
        out = out.also(err_missing_field("branches"))
    for i, branch in enumerate(branches):
        b = as_dict(branch)
        for key in ("filter", "subscriber", "reply"):
            # Filter and reply are optional; the subscriber is a value and always validated.
            if (key == "subscriber" or b.get(key) is not None) and validate_destination(b.get(key)):
                out = out.also(err_invalid_value(_gofmt.parallel_branch(branch), "").via_field_index(
                    f"branches.{key}", i))
    tpl = spec.get("channelTemplate")
    if tpl is None:
        return result(out.also(err_missing_field("channelTemplate")).via_field("spec"))
    if not as_str(as_dict(tpl).get("apiVersion")):
        out = out.also(err_missing_field("channelTemplate.apiVersion"))
    if not as_str(as_dict(tpl).get("kind")):
        out = out.also(err_missing_field("channelTemplate.kind"))
    if spec.get("reply") is not None:
        out = out.also(validate_destination(spec["reply"]).via_field("reply"))
    return result(out.via_field("spec"))


COLUMNS = (columns.path("URL", ".status.address.url"), columns.age(), *columns.ready_reason())


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1",), kind=KIND, plural="parallels",
        categories=("all", "knative", "flows"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="Parallel sends events to every branch whose filter accepts them.",
    )
