"""PodAutoscaler (autoscaling.internal.knative.dev/v1alpha1): the per-revision scaling object.

The Revision reconciler creates one PodAutoscaler per Revision, carrying the Revision's
autoscaling annotations; the autoscaler (KPA or HPA class) reads them here, through the
accessors below, falling back to ``config-autoscaler``. Defaulting pins the class and metric
annotations so that a later change of the cluster default does not silently switch an
existing Revision's autoscaler. ``Ready`` depends on ``Active`` (scaled up, or able to be),
``ScaleTargetInitialized`` (initial scale reached once) and ``SKSReady``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from knlite.apis import columns, goduration
from knlite.apis.autoscaling import annotation as ann
from knlite.apis.conditions import TRUE, UNKNOWN, ConditionSet
from knlite.apis.fielderrors import FieldError, err_invalid_value, err_missing_field
from knlite.apis.kmeta import KeyPriority
from knlite.apis.registry import AdmissionContext, ResourceType
from knlite.apis.schema import duck_status, int32, integer, kind_schema, obj, string
from knlite.apis.serving.k8s_validation import validate_namespaced_object_reference
from knlite.apis.serving.keys import WEBHOOK
from knlite.apis.serving.lifecycle import condition, initialize, resource_not_owned_message
from knlite.apis.serving.metadata import (
    meta,
    semantic_equal,
    typed,
    validate_container_concurrency,
    validate_object_metadata,
)
from knlite.config.types import AutoscalerConfig

Obj = dict[str, Any]
REACHABLE, UNREACHABLE = "Reachable", "Unreachable"
PROTOCOLS = ("http1", "h2c")

SCHEMA = kind_schema(
    obj(
        {
            "containerConcurrency": integer("The maximum number of concurrent requests per replica (0 = unlimited)."),
            "scaleTargetRef": obj({"apiVersion": string(), "kind": string(), "name": string()},
                                  "The object that is scaled (the Revision's Deployment)."),
            "reachability": string("Whether the target is reachable from a Route: \"\", Reachable or Unreachable."),
            "protocolType": string("The protocol of the target: http1 or h2c."),
        },
        "PodAutoscalerSpec holds the desired state of the PodAutoscaler (from the client).",
        required=["protocolType", "scaleTargetRef"],
    ),
    duck_status(
        {
            "serviceName": string("The name of the public Service backing the target."),
            "metricsServiceName": string("The name of the Service used for scraping metrics."),
            "desiredScale": int32("The desired number of replicas."),
            "actualScale": int32("The actual number of ready replicas."),
        },
        "PodAutoscalerStatus communicates the observed state of the PodAutoscaler (from the controller).",
    ),
    "PodAutoscaler is a Knative abstraction that encapsulates the interface by which Knative components "
    "instantiate autoscalers.",
)


def default_metric(cls: str) -> str:
    return {ann.KPA: ann.CONCURRENCY, ann.HPA: ann.CPU}.get(cls, "")


def default(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    annotations = obj.setdefault("metadata", {}).setdefault("annotations", {})
    annotations.setdefault(ann.CLASS.key, ctx.config.autoscaler.pod_autoscaler_class)
    annotations.setdefault(ann.METRIC.key, default_metric(annotations[ann.CLASS.key]))


def validate_protocol(value: str) -> FieldError | None:
    return None if value in PROTOCOLS else err_invalid_value(value, "")


def validate(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    errs = validate_object_metadata(meta(obj), ctx, allow_autoscaling=True).via_field("metadata")
    spec = obj.get("spec") or {}
    if semantic_equal(spec, {}):
        return errs.also(err_missing_field("spec"))
    spec_errs = validate_namespaced_object_reference(spec.get("scaleTargetRef") or {}).via_field("scaleTargetRef")
    cc = validate_container_concurrency(spec.get("containerConcurrency") or 0, ctx.config.defaults)
    spec_errs = spec_errs.also(cc.via_field("containerConcurrency") if cc else None)
    protocol = validate_protocol(spec.get("protocolType") or "")
    spec_errs = spec_errs.also(protocol.via_field("protocolType") if protocol else None)
    return errs.also(spec_errs.via_field("spec"))


# -- annotation accessors for the autoscaler -----------------------------------------------------


def _annotations(pa: Obj) -> dict[str, str]:
    return meta(pa).get("annotations") or {}


def pa_class(pa: Obj) -> str:
    return _annotations(pa).get(ann.CLASS.key, ann.KPA)


def pa_metric(pa: Obj) -> str:
    return _annotations(pa).get(ann.METRIC.key, default_metric(pa_class(pa)))


def annotation_int32(pa: Obj, keys: KeyPriority) -> int | None:
    found = keys.get(_annotations(pa))
    try:
        return ann.parse_int(found[1], 32) if found else None
    except ValueError:
        return None


def annotation_float(pa: Obj, keys: KeyPriority) -> float | None:
    found = keys.get(_annotations(pa))
    try:
        return ann.parse_float(found[1]) if found else None
    except ValueError:
        return None


def annotation_duration(pa: Obj, keys: KeyPriority) -> int | None:
    """A duration annotation in nanoseconds, None when absent or unparsable."""
    found = keys.get(_annotations(pa))
    try:
        return goduration.parse(found[1]) if found else None
    except ValueError:
        return None


def scale_bounds(pa: Obj, config: AutoscalerConfig) -> tuple[int, int]:
    """(min, max) replicas: annotations over config; min is 0 while the target is Unreachable."""
    lo = 0
    if (pa.get("spec") or {}).get("reachability") != UNREACHABLE:
        lo = config.min_scale
        value = annotation_int32(pa, ann.MIN_SCALE)
        lo = value if value is not None else lo
    hi = annotation_int32(pa, ann.MAX_SCALE)
    return lo, hi if hi is not None else config.max_scale


def target_utilization(pa: Obj) -> float | None:
    value = annotation_float(pa, ann.TARGET_UTILIZATION_PERCENTAGE)
    return value / 100 if value is not None else None


# -- status lifecycle ----------------------------------------------------------------------------

ACTIVE = "Active"
SCALE_TARGET_INITIALIZED = "ScaleTargetInitialized"
SKS_READY = "SKSReady"
CONDITIONS = ConditionSet("Ready", ACTIVE, SCALE_TARGET_INITIALIZED, SKS_READY)


def initialize_conditions(status: Obj) -> None:
    initialize(CONDITIONS, status)


def mark_active(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(ACTIVE)


def mark_activating(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_unknown(ACTIVE, reason, message)


def mark_inactive(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_false(ACTIVE, reason, message)


def mark_scale_target_initialized(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(SCALE_TARGET_INITIALIZED)


def mark_sks_ready(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(SKS_READY)


def mark_sks_not_ready(status: Obj, message: str) -> None:
    CONDITIONS.manage(status).mark_unknown(SKS_READY, "NotReady", message)


def mark_resource_not_owned(status: Obj, kind: str, name: str) -> None:
    mark_inactive(status, "NotOwned", resource_not_owned_message(kind, name))


def mark_resource_failed_creation(status: Obj, kind: str, name: str) -> None:
    mark_inactive(status, "FailedCreate", f'Failed to create {kind} "{name}".')


def is_active(status: Obj) -> bool:
    c = condition(status, ACTIVE)
    return c is not None and c.get("status") == TRUE


def is_activating(status: Obj) -> bool:
    c = condition(status, ACTIVE)
    return c is not None and c.get("status") == UNKNOWN


def is_scale_target_initialized(status: Obj) -> bool:
    c = condition(status, SCALE_TARGET_INITIALIZED)
    return c is not None and c.get("status") == TRUE


def active_condition_age(status: Obj, state: str, now: datetime | None = None) -> float:
    """Seconds the ``Active`` condition has had ``state`` (-1 when it has another state)."""
    c = condition(status, ACTIVE)
    if c is None or c.get("status") != state or not c.get("lastTransitionTime"):
        return -1.0
    since = datetime.strptime(c["lastTransitionTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return ((now or datetime.now(UTC)) - since).total_seconds()


def resource_type() -> ResourceType:
    return ResourceType(
        group=ann.INTERNAL_GROUP, versions=("v1alpha1",), kind="PodAutoscaler", plural="podautoscalers",
        short_names=("kpa", "pa"), categories=("knative-internal", "autoscaling"), schema=SCHEMA,
        columns=(
            columns.path("DesiredScale", ".status.desiredScale", "integer"),
            columns.path("ActualScale", ".status.actualScale", "integer"),
            *columns.ready_reason(),
        ),
        defaulter=typed(SCHEMA, default), validator=validate, webhook=WEBHOOK,
        description=SCHEMA["description"],
    )
