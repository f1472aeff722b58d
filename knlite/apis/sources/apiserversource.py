"""ApiServerSource (``sources.knative.dev/v1``): API object changes as CloudEvents.

The source watches ``spec.resources`` (apiVersion, kind, optional label selector) in its own
namespace, or in the namespaces matching ``namespaceSelector``, optionally only objects owned
by ``spec.owner``, and sends an add/update/delete event for each change: the object itself in
``Resource`` mode, a reference to it in ``Reference`` mode. The webhook defaults the mode to
``Reference`` and the service account to ``default``, and validates the mode, the sink, that
there is at least one resource, and the apiVersion/kind of resources and owner
(``apiserver_validation.go``).
"""

from __future__ import annotations

from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.core.podspec import LABEL_SELECTOR
from knlite.apis.duck import (
    DEPLOYED,
    OIDC_IDENTITY_CREATED,
    READY,
    SINK_PROVIDED,
    SOURCE_SPEC,
    SOURCE_STATUS,
    as_dict,
    as_list,
    as_str,
    result,
    spec_of,
    validate_ce_overrides,
    validate_destination,
)
from knlite.apis.fielderrors import FieldError, err_invalid_value, err_missing_field
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import array, duck_status, kind_schema, obj, string

GROUP = "sources.knative.dev"
KIND = "ApiServerSource"
WEBHOOK = "validation.webhook.eventing.knative.dev"

REFERENCE_MODE = "Reference"
RESOURCE_MODE = "Resource"
DEFAULT_SERVICE_ACCOUNT = "default"

SUFFICIENT_PERMISSIONS = "SufficientPermissions"
CONDITIONS = ConditionSet(READY, SINK_PROVIDED, DEPLOYED, SUFFICIENT_PERMISSIONS, OIDC_IDENTITY_CREATED)

# Event types, by mode and operation.
EVENT_TYPES = {
    RESOURCE_MODE: {"add": "dev.knative.apiserver.resource.add", "update": "dev.knative.apiserver.resource.update",
                    "delete": "dev.knative.apiserver.resource.delete"},
    REFERENCE_MODE: {"add": "dev.knative.apiserver.ref.add", "update": "dev.knative.apiserver.ref.update",
                     "delete": "dev.knative.apiserver.ref.delete"},
}

SCHEMA = kind_schema(
    obj(
        {
            **SOURCE_SPEC,
            "resources": array(obj({"apiVersion": string(), "kind": string(), "selector": LABEL_SELECTOR}),
                               "Resources are the resources this source will track and send related lifecycle "
                               "events from the Kubernetes ApiServer."),
            "owner": obj({"apiVersion": string(), "kind": string()},
                         "ResourceOwner is an additional filter to only track resources that are owned by a "
                         "specific resource type."),
            "mode": string("EventMode controls the format of the event: Reference (default) or Resource."),
            "serviceAccountName": string("ServiceAccountName is the name of the ServiceAccount to use to run this "
                                         "source. Defaults to default if not set."),
            "namespaceSelector": LABEL_SELECTOR,
        },
        "ApiServerSourceSpec defines the desired state of ApiServerSource.",
        required=["resources"],
    ),
    duck_status({**SOURCE_STATUS, "namespaces": array(string())}),
    "ApiServerSource is an event source that brings Kubernetes API server events into Knative.",
)


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    spec = spec_of(o)
    if not spec.get("mode"):
        spec["mode"] = REFERENCE_MODE
    if not spec.get("serviceAccountName"):
        spec["serviceAccountName"] = DEFAULT_SERVICE_ACCOUNT


def _invalid_group_version(api_version: str) -> bool:
    """``schema.ParseGroupVersion`` fails only for more than one ``/``."""
    return api_version.count("/") > 1


def _validate_gvk(ref: dict[str, Any]) -> FieldError:
    out = FieldError()
    api_version = as_str(ref.get("apiVersion"))
    if _invalid_group_version(api_version):
        out = out.also(err_invalid_value(api_version, "apiVersion"))
    if not as_str(ref.get("kind")).strip():
        out = out.also(err_missing_field("kind"))
    return out


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    out = FieldError()
    mode = spec.get("mode")
    if mode not in (REFERENCE_MODE, RESOURCE_MODE):
        out = out.also(err_invalid_value(as_str(mode), "mode"))
    out = out.also(validate_destination(spec.get("sink")).via_field("sink"))
    resources = as_list(spec.get("resources"))
    if not resources:
        out = out.also(err_missing_field("resources"))
    for i, res in enumerate(resources):
        out = out.also(_validate_gvk(as_dict(res)).via_field_index("resources", i))
    if spec.get("owner") is not None:
        out = out.also(_validate_gvk(as_dict(spec["owner"])).via_field("owner"))
    out = out.also(validate_ce_overrides(spec.get("ceOverrides")).via_field("ceOverrides"))
    return result(out.via_field("spec"))


COLUMNS = (columns.path("Sink", ".status.sinkUri"), columns.age(), *columns.ready_reason())


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1",), kind=KIND, plural="apiserversources",
        categories=("all", "knative", "sources"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="ApiServerSource brings Kubernetes API server events into Knative.",
    )
