"""Subscription (``messaging.knative.dev/v1``, short name ``sub``): a channel's subscriber.

A Subscription connects ``spec.channel`` (any Channelable, referenced by apiVersion, kind and
name in the same namespace) to a ``subscriber`` destination, with an optional ``reply`` and
``delivery``. The webhook defaults the namespaces of the subscriber, reply and dead letter
sink refs; it requires a channel and a subscriber, refuses a namespace on the channel, and
keeps the channel unchanged on update (``subscription_validation.go``).
"""

from __future__ import annotations

from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.duck import (
    AUTH_STATUS,
    DELIVERY,
    DESTINATION,
    KREFERENCE,
    OIDC_IDENTITY_CREATED,
    READY,
    RefScope,
    as_dict,
    as_str,
    default_delivery,
    default_destination,
    immutable_error,
    is_empty_destination,
    namespace_of,
    result,
    spec_of,
    validate_delivery,
    validate_destination,
    validate_kreference,
)
from knlite.apis.fielderrors import FieldError
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import duck_status, kind_schema, obj, string

GROUP = "messaging.knative.dev"
KIND = "Subscription"
WEBHOOK = "validation.webhook.eventing.knative.dev"

# Conditions (subscription_lifecycle.go) and the failure reasons the reconciler uses.
REFERENCES_RESOLVED = "ReferencesResolved"
ADDED_TO_CHANNEL = "AddedToChannel"
CHANNEL_READY = "ChannelReady"
CONDITIONS = ConditionSet(READY, REFERENCES_RESOLVED, ADDED_TO_CHANNEL, CHANNEL_READY, OIDC_IDENTITY_CREATED)
REASON_SUBSCRIBER_RESOLVE_FAILED = "SubscriberResolveFailed"
REASON_REPLY_RESOLVE_FAILED = "ReplyResolveFailed"
REASON_DLS_RESOLVE_FAILED = "DeadLetterSinkResolveFailed"

SCHEMA = kind_schema(
    obj(
        {
            # A KReference; a namespace is accepted by the schema and refused by validation.
            "channel": KREFERENCE,
            "subscriber": DESTINATION,
            "reply": DESTINATION,
            "delivery": DELIVERY,
        },
        "Spec defines the desired state of the Subscription.",
    ),
    duck_status(
        {
            "physicalSubscription": obj(
                {
                    "subscriberUri": string(), "subscriberCACerts": string(), "subscriberAudience": string(),
                    "replyUri": string(), "replyCACerts": string(), "replyAudience": string(),
                    "deadLetterSinkUri": string(), "deadLetterSinkCACerts": string(),
                },
                "The fully resolved values that this Subscription represents.",
            ),
            "auth": AUTH_STATUS,
        }
    ),
    "Subscription routes events received on a Channel to a DNS name and corresponds to the subscriptions.channels."
    "knative.dev CRD.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    ns = namespace_of(o)
    spec = spec_of(o)
    default_destination(spec.get("subscriber"), ns)
    default_destination(spec.get("reply"), ns)
    default_delivery(spec.get("delivery"), ns)


def _is_empty_reference(ref: Any) -> bool:
    return not isinstance(ref, dict) or not any(ref.get(k) for k in ("kind", "namespace", "name", "apiVersion",
                                                                    "group", "address"))


def _validate_spec(spec: dict[str, Any], ctx: AdmissionContext) -> FieldError:
    channel = spec.get("channel")
    if _is_empty_reference(channel):
        return FieldError.new("missing field(s)", "channel", details="the Subscription must reference a channel")
    scope = RefScope.of(ctx)  # Subscription.Validate sets no parent: ref namespaces are not compared
    out = validate_kreference(channel, scope)
    if as_str(as_dict(channel).get("namespace")):
        out = out.also(FieldError.new("must not set the field(s)", "namespace",
                                      details="only name, apiVersion and kind are supported fields"))
    out = out.via_field("channel")
    subscriber = spec.get("subscriber")
    if is_empty_destination(subscriber):
        out = out.also(FieldError.new("missing field(s)", "subscriber",
                                      details="the Subscription must reference a subscriber"))
    else:
        out = out.also(validate_destination(subscriber, scope).via_field("subscriber"))
    if not is_empty_destination(spec.get("reply")):
        out = out.also(validate_destination(spec["reply"], scope).via_field("reply"))
    if spec.get("delivery") is not None:
        out = out.also(validate_delivery(spec["delivery"], ctx, scope).via_field("delivery"))
    return out


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    out = _validate_spec(as_dict(o.get("spec")), ctx).via_field("spec")
    if old is not None:
        # Only subscriber, reply and delivery may change.
        out = out.also(immutable_error({"channel": as_dict(old.get("spec")).get("channel")},
                                       {"channel": as_dict(o.get("spec")).get("channel")}, "v1.SubscriptionSpec"))
    return result(out)


COLUMNS = (columns.age(), *columns.ready_reason())


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1",), kind=KIND, plural="subscriptions", short_names=("sub",),
        categories=("all", "knative", "messaging"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="Subscription routes events received on a Channel to a subscriber.",
    )


