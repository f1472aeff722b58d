"""EventType (``eventing.knative.dev/v1beta2``, also served as ``v1beta1``): the event registry.

An EventType records a kind of event (CloudEvents ``type``, ``source``, ``schema``) that an
addressable (``spec.reference``, a Broker or Channel) can deliver; sources and, with the
``eventtype-auto-create`` feature, brokers and channels create them. Knative 1.12 serves
``v1beta1`` and ``v1beta2`` with the same fields, so objects convert by their ``apiVersion``
alone. Defaulting depends on the version the client used: ``v1beta2`` defaults the
reference's namespace, ``v1beta1`` (which predates references) defaults ``spec.broker`` to
``default`` when neither broker nor reference is given. Validation only requires ``type``;
the spec stays mutable (``CheckImmutableFields`` exists upstream but is never called).
"""

from __future__ import annotations

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.duck import (
    KREFERENCE,
    READY,
    as_dict,
    as_str,
    default_kreference,
    namespace_of,
    result,
    spec_of,
)
from knlite.apis.fielderrors import FieldError, err_missing_field
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import duck_status, kind_schema, obj, string

GROUP = "eventing.knative.dev"
KIND = "EventType"
VERSIONS = ("v1beta2", "v1beta1")
WEBHOOK = "validation.webhook.eventing.knative.dev"

# Conditions (v1beta2/eventtype_lifecycle.go; v1beta1 had BrokerExists and BrokerReady).
REFERENCE_EXISTS = "ReferenceExists"
CONDITIONS = ConditionSet(READY, REFERENCE_EXISTS)
BROKER_EXISTS = "BrokerExists"
BROKER_READY = "BrokerReady"
CONDITIONS_V1BETA1 = ConditionSet(READY, BROKER_EXISTS, BROKER_READY)

AUTO_CREATED_DESCRIPTION = "Event Type auto-created by controller"

SCHEMA = kind_schema(
    obj(
        {
            "type": string("Type represents the CloudEvents type. It is authoritative."),
            "source": string("Source is a URI, it represents the CloudEvents source."),
            "schema": string("Schema is a URI, it represents the CloudEvents schemaurl extension attribute."),
            "schemaData": string("SchemaData allows the CloudEvents schema to be stored directly in the EventType."),
            "broker": string("Broker refers to the Broker that can provide the EventType (deprecated)."),
            "reference": KREFERENCE,
            "description": string("Description is an optional field used to describe the EventType."),
        },
        "Spec defines the desired state of the EventType.",
    ),
    duck_status(),
    "EventType represents a type of event that can be consumed from a Broker or Channel.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    spec = spec_of(o)
    if as_str(o.get("apiVersion")).endswith("/v1beta1"):
        if spec.get("reference") is None and not as_str(spec.get("broker")):
            spec["broker"] = "default"
        return
    default_kreference(spec.get("reference"), namespace_of(o))


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    out = FieldError()
    if not as_str(spec.get("type")):
        out = out.also(err_missing_field("type"))
    return result(out.via_field("spec"))


COLUMNS = (
    columns.path("Type", ".spec.type"),
    columns.path("Source", ".spec.source"),
    columns.path("Schema", ".spec.schema"),
    columns.path("Reference Name", ".spec.reference.name"),
    columns.path("Reference Kind", ".spec.reference.kind"),
    columns.path("Description", ".spec.description"),
    *columns.ready_reason(),
)


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=VERSIONS, kind=KIND, plural="eventtypes",
        categories=("all", "knative", "eventing"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="EventType represents a type of event that can be consumed from a Broker or Channel.",
    )
