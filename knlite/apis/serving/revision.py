"""Revision (serving.knative.dev/v1): schema, defaults, validation and status lifecycle.

A Revision is an immutable snapshot of a Configuration's template. Its spec is defaulted
once, at creation (defaulting on update could change an immutable spec), and any later
change to it is refused with a diff. Its status tells whether its instances can serve:
``ResourcesAvailable`` and ``ContainerHealthy`` make it Ready, while ``Active`` (severity
Info) only says whether it is currently scaled up and does not affect readiness.
"""

from __future__ import annotations

from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import FALSE, TRUE, ConditionSet
from knlite.apis.core.podspec import revision_spec_schema
from knlite.apis.fielderrors import FieldError
from knlite.apis.registry import AdmissionContext, ResourceType
from knlite.apis.schema import array, duck_status, int32, kind_schema, obj, string
from knlite.apis.serving import keys
from knlite.apis.serving.diff import short_diff
from knlite.apis.serving.lifecycle import condition, initialize
from knlite.apis.serving.metadata import meta, typed, validate_object_metadata, verify_label_owner_ref
from knlite.apis.serving.revisionspec import default_revision_spec, validate_revision_spec

Obj = dict[str, Any]

_CONTAINER_STATUS = obj(
    {"name": string("Name of the container."), "imageDigest": string("The resolved digest of the image.")},
    "ContainerStatus holds the information of container name and image digest value.",
)

SCHEMA = kind_schema(
    revision_spec_schema(),
    duck_status(
        {
            "logUrl": string("LogURL specifies the generated logging url for this particular revision."),
            "containerStatuses": array(_CONTAINER_STATUS, "Images of the containers and their resolved digests."),
            "initContainerStatuses": array(_CONTAINER_STATUS, "Images of the init containers and their digests."),
            "actualReplicas": int32("ActualReplicas reflects the amount of ready pods running this revision."),
            "desiredReplicas": int32("DesiredReplicas reflects the desired amount of pods running this revision."),
        },
        "RevisionStatus communicates the observed state of the Revision (from the controller).",
    ),
    "Revision is an immutable snapshot of code and configuration. A revision references a container image. "
    "Revisions are created by updates to a Configuration.",
)


# -- defaults and validation ---------------------------------------------------------------------


def default(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    if ctx.operation == "UPDATE":
        return  # the spec is immutable; defaulting it again could only cause a spurious diff
    default_revision_spec(obj.setdefault("spec", {}), ctx)


def validate(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    m = meta(obj)
    labels = m.get("labels") or {}
    errs = validate_object_metadata(m, ctx, allow_autoscaling=True).also(FieldError().also(
        verify_label_owner_ref(labels, keys.CONFIGURATION_LABEL, "Configuration", obj)).via_field("labels"))
    errs = errs.via_field("metadata")
    if ctx.operation == "UPDATE" and old is not None:
        diff = short_diff(old.get("spec") or {}, obj.get("spec") or {}, "v1.RevisionSpec", "revspec")
        if diff:
            return FieldError.new("Immutable fields changed (-old +new)", "spec", details=diff)
        return errs
    return errs.also(validate_revision_spec(obj.get("spec") or {}, ctx).via_field("spec"))


# -- spec helpers for reconcilers ----------------------------------------------------------------


def serving_container(spec: Obj) -> Obj | None:
    """The single container, or (multi-container) the one that declares ``ports``."""
    containers = spec.get("containers") or []
    if len(containers) == 1:
        return dict(containers[0])
    for c in containers:
        if c.get("ports"):
            return dict(c)
    return None


def user_port(spec: Obj) -> int:
    c = serving_container(spec) or {}
    ports = c.get("ports") or []
    return int(ports[0].get("containerPort") or keys.DEFAULT_USER_PORT) if ports else keys.DEFAULT_USER_PORT


def protocol(spec: Obj) -> str:
    """``h2c`` when the serving port is named so, else ``http1``."""
    c = serving_container(spec) or {}
    ports = c.get("ports") or []
    return "h2c" if ports and ports[0].get("name") == "h2c" else "http1"


def container_concurrency(spec: Obj) -> int:
    return int(spec.get("containerConcurrency") or 0)


# -- status lifecycle ----------------------------------------------------------------------------

RESOURCES_AVAILABLE = "ResourcesAvailable"
CONTAINER_HEALTHY = "ContainerHealthy"
ACTIVE = "Active"
CONDITIONS = ConditionSet("Ready", RESOURCES_AVAILABLE, CONTAINER_HEALTHY)

REASON_CONTAINER_MISSING = "ContainerMissing"
REASON_RESOLVING_DIGESTS = "ResolvingDigests"
REASON_DEPLOYING = "Deploying"
REASON_NOT_OWNED = "NotOwned"
REASON_PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded"


def initialize_conditions(status: Obj) -> None:
    initialize(CONDITIONS, status)


def mark_active_true(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(ACTIVE)


def mark_active_false(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_false(ACTIVE, reason, message)


def mark_active_unknown(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_unknown(ACTIVE, reason, message)


def mark_container_healthy_true(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(CONTAINER_HEALTHY)


def mark_container_healthy_false(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_false(CONTAINER_HEALTHY, reason, message)


def mark_container_healthy_unknown(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_unknown(CONTAINER_HEALTHY, reason, message)


def mark_resources_available_true(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(RESOURCES_AVAILABLE)


def mark_resources_available_false(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_false(RESOURCES_AVAILABLE, reason, message)


def mark_resources_available_unknown(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_unknown(RESOURCES_AVAILABLE, reason, message)


def _status_of(status: Obj, ctype: str) -> str | None:
    c = condition(status, ctype)
    return c.get("status") if c else None


def _copy_scale(status: Obj, field: str, value: Any) -> None:
    if isinstance(value, int) and value >= 0:
        status[field] = value
    else:
        status.pop(field, None)


def propagate_autoscaler_status(status: Obj, pa_status: Obj) -> None:
    """Reflect the PodAutoscaler's state (``PropagateAutoscalerStatus``): replica counts, whether
    the initial scale was reached (ResourcesAvailable, ContainerHealthy) and ``Active``."""
    res_unavailable = _status_of(status, RESOURCES_AVAILABLE) == FALSE
    _copy_scale(status, "actualReplicas", pa_status.get("actualScale"))
    _copy_scale(status, "desiredReplicas", pa_status.get("desiredScale"))
    ready = condition(pa_status, "Ready")
    if ready is None:
        mark_active_unknown(status, REASON_DEPLOYING, "")
        if not res_unavailable:
            mark_resources_available_unknown(status, REASON_DEPLOYING, "")
        return
    initialized = _status_of(pa_status, "ScaleTargetInitialized") == TRUE
    service_name = pa_status.get("serviceName") or ""
    if initialized and not res_unavailable:
        mark_resources_available_true(status)
        mark_container_healthy_true(status)
    if _status_of(status, RESOURCES_AVAILABLE) == TRUE and not service_name:
        mark_resources_available_unknown(status, REASON_DEPLOYING, "")
    state = ready.get("status")
    if state == TRUE:
        mark_active_true(status)
    elif state == FALSE:
        if not initialized and not res_unavailable and service_name:
            mark_resources_available_false(status, REASON_PROGRESS_DEADLINE_EXCEEDED,
                                           "Initial scale was never achieved")
        mark_active_false(status, ready.get("reason", ""), ready.get("message", ""))
    else:
        mark_active_unknown(status, ready.get("reason", ""), ready.get("message", ""))


def exit_code_reason(code: int) -> str:
    return f"ExitCode{code}"


def container_exiting_message(message: str) -> str:
    return f"Container failed with: {message}"


def container_missing_message(image: str, message: str) -> str:
    return f'Unable to fetch image "{image}": {message}'


# -- registration --------------------------------------------------------------------------------


def resource_type() -> ResourceType:
    return ResourceType(
        group=keys.GROUP, versions=("v1",), kind="Revision", plural="revisions", short_names=("rev",),
        categories=("all", "knative", "serving"), schema=SCHEMA,
        columns=(
            columns.label("Config Name", keys.CONFIGURATION_LABEL),
            columns.path("K8s Service Name", ".status.serviceName"),
            columns.label("Generation", keys.CONFIGURATION_GENERATION_LABEL),
            *columns.ready_reason(),
            columns.path("Actual Replicas", ".status.actualReplicas", "integer"),
            columns.path("Desired Replicas", ".status.desiredReplicas", "integer"),
        ),
        defaulter=typed(SCHEMA, default), validator=validate, webhook=keys.WEBHOOK,
        description=SCHEMA["description"],
    )
