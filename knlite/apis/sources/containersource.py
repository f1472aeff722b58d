"""ContainerSource (``sources.knative.dev/v1``): a long-running container that emits events.

The user's pod template runs as a Deployment; a SinkBinding injects ``K_SINK`` and
``K_CE_OVERRIDES`` so the container knows where to POST its events. The webhook names unnamed
containers ``{source}-{index}`` and requires at least one container, each with a name and an
image (``container_validation.go``; note the paths are ``spec.containers[i]``, not
``spec.template.spec.containers[i]``, exactly as Knative reports them).
"""

from __future__ import annotations

import copy
from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.core.podspec import POD_TEMPLATE_SPEC
from knlite.apis.duck import (
    READY,
    SOURCE_SPEC,
    SOURCE_STATUS,
    as_dict,
    as_list,
    as_str,
    name_of,
    result,
    spec_of,
    validate_ce_overrides,
    validate_destination,
)
from knlite.apis.fielderrors import FieldError, err_missing_field
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import Schema, duck_status, kind_schema, obj

GROUP = "sources.knative.dev"
KIND = "ContainerSource"
WEBHOOK = "validation.webhook.eventing.knative.dev"

SINK_BINDING_READY = "SinkBindingReady"
RECEIVE_ADAPTER_READY = "ReceiveAdapterReady"
CONDITIONS = ConditionSet(READY, SINK_BINDING_READY, RECEIVE_ADAPTER_READY)

# Labels the reconciler puts on the Deployment's pod template.
SOURCE_LABEL = "sources.knative.dev/source"
SOURCE_LABEL_VALUE = "container-source-controller"
CONTAINER_SOURCE_LABEL = "sources.knative.dev/containerSource"


def _template_schema() -> Schema:
    """A PodTemplateSpec without the schema-level ``required: [containers]``: the webhook reports it."""
    tpl = copy.deepcopy(POD_TEMPLATE_SPEC)
    tpl.get("properties", {}).get("spec", {}).pop("required", None)
    return tpl


SCHEMA = kind_schema(
    obj({**SOURCE_SPEC, "template": _template_schema()}, "ContainerSourceSpec defines the desired state."),
    duck_status(dict(SOURCE_STATUS)),
    "ContainerSource is the Schema for the containersources API.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    name = name_of(o)
    pod_spec = as_dict(as_dict(spec_of(o).get("template")).get("spec"))
    for i, c in enumerate(as_list(pod_spec.get("containers"))):
        if isinstance(c, dict) and not c.get("name"):
            c["name"] = f"{name}-{i}"


def _validate_containers(spec: dict[str, Any]) -> FieldError:
    containers = as_list(as_dict(as_dict(spec.get("template")).get("spec")).get("containers"))
    if not containers:
        return err_missing_field("containers")
    out = FieldError()
    for i, c in enumerate(containers):
        c = as_dict(c)
        err = FieldError()
        if not as_str(c.get("name")):
            err = err.also(err_missing_field("name"))
        if not as_str(c.get("image")):
            err = err.also(err_missing_field("image"))
        out = out.also(err.via_field_index("containers", i))
    return out


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    out = FieldError().also(
        validate_destination(spec.get("sink")).via_field("sink"),
        _validate_containers(spec),
        validate_ce_overrides(spec.get("ceOverrides")).via_field("ceOverrides"),
    )
    return result(out.via_field("spec"))


COLUMNS = (columns.path("Sink", ".status.sinkUri"), columns.age(), *columns.ready_reason())


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1",), kind=KIND, plural="containersources",
        categories=("all", "knative", "sources"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="ContainerSource runs a container that emits events to a sink.",
    )
