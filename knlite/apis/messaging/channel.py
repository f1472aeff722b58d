"""Channel (``messaging.knative.dev/v1``, short name ``ch``): the portable channel.

A Channel names no implementation itself: ``spec.channelTemplate`` says which backing
channel kind (InMemoryChannel, KafkaChannel, ...) the controller creates under the same name.
Knative's webhook fills a missing template from ConfigMap ``default-ch-webhook`` (the
namespace's entry, else the cluster default), adds the ``messaging.knative.dev/subscribable:
v1`` annotation, rejects user-written ``spec.subscribers`` and, on update, keeps the template
and the delivery unchanged (``channel_validation.go``).
"""

from __future__ import annotations

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.duck import (
    ADDRESSABLE,
    CHANNEL_TEMPLATE,
    CHANNELABLE_SPEC,
    CHANNELABLE_STATUS,
    DEAD_LETTER_SINK_RESOLVED,
    KREFERENCE,
    READY,
    RefScope,
    as_dict,
    as_list,
    default_channel_template,
    default_delivery,
    default_subscribable_annotation,
    immutable_error,
    namespace_of,
    result,
    spec_of,
    validate_channel_template,
    validate_delivery,
)
from knlite.apis.fielderrors import FieldError, err_disallowed_fields, err_missing_field
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import duck_status, kind_schema, obj

GROUP = "messaging.knative.dev"
KIND = "Channel"
WEBHOOK = "validation.webhook.eventing.knative.dev"

BACKING_CHANNEL_READY = "BackingChannelReady"
CONDITIONS = ConditionSet(READY, BACKING_CHANNEL_READY, ADDRESSABLE, DEAD_LETTER_SINK_RESOLVED)

SCHEMA = kind_schema(
    obj({"channelTemplate": CHANNEL_TEMPLATE, **CHANNELABLE_SPEC}, "Spec defines the desired state of the Channel."),
    duck_status({**CHANNELABLE_STATUS, "channel": KREFERENCE}),
    "Channel represents a generic Channel. It is normally used when we want a Channel, but do not need a specific "
    "Channel implementation.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    default_subscribable_annotation(o)
    spec = spec_of(o)
    if spec.get("channelTemplate") is not None:
        return  # Knative stops here: with an explicit template the delivery is not defaulted either
    ns = namespace_of(o)
    tpl = default_channel_template(ctx, ns)
    if tpl is not None:
        spec["channelTemplate"] = tpl
    default_delivery(spec.get("delivery"), ns)


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    out = FieldError()
    if spec.get("channelTemplate") is None:
        out = out.also(err_missing_field("channelTemplate"))
    else:
        out = out.also(validate_channel_template(spec["channelTemplate"]).via_field("channelTemplate"))
    if as_list(spec.get("subscribers")):
        out = out.also(err_disallowed_fields("subscribers").via_field("subscribable"))
    if spec.get("delivery") is not None:
        scope = RefScope.of(ctx, namespace_of(o))
        out = out.also(validate_delivery(spec["delivery"], ctx, scope).via_field("delivery"))
    out = out.via_field("spec")
    if old is not None:
        out = out.also(_check_immutable(o, old))
    return result(out)


_INLINE = {"delivery": "ChannelableSpec", "channelTemplate.apiVersion": "TypeMeta",
           "channelTemplate.kind": "TypeMeta"}


def _check_immutable(o: Obj, old: Obj) -> FieldError | None:
    def without_subscribers(spec: dict[str, object]) -> dict[str, object]:
        return {k: v for k, v in spec.items() if k != "subscribers"}

    return immutable_error(without_subscribers(as_dict(old.get("spec"))), without_subscribers(as_dict(o.get("spec"))),
                           "v1.ChannelSpec", inline=_INLINE)


COLUMNS = (columns.path("URL", ".status.address.url"), columns.age(), *columns.ready_reason())


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1",), kind=KIND, plural="channels", short_names=("ch",),
        categories=("all", "knative", "messaging", "channel"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="Channel represents a generic Channel.",
    )
