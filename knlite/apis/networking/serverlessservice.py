"""ServerlessService (networking.internal.knative.dev/v1alpha1): a Revision's traffic switch.

The SKS decides whether requests for a Revision go straight to its instances (``Serve``) or
through the activator (``Proxy``: scaled to zero, or not enough capacity). It exposes a
public service named after the Revision and a ``{rev}-private`` one with the instances'
endpoints. ``Ready`` follows ``EndpointsPopulated``; ``ActivatorEndpointsPopulated`` (Info)
records when the activator is in the path.
"""

from __future__ import annotations

from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import FALSE, TRUE, ConditionSet
from knlite.apis.fielderrors import FieldError, err_invalid_value, err_missing_field
from knlite.apis.networking import keys
from knlite.apis.registry import AdmissionContext, ResourceType
from knlite.apis.schema import duck_status, int32, kind_schema, obj, string
from knlite.apis.serving.k8s_validation import validate_namespaced_object_reference
from knlite.apis.serving.keys import WEBHOOK
from knlite.apis.serving.lifecycle import initialize
from knlite.apis.serving.metadata import semantic_equal

Obj = dict[str, Any]
MODE_SERVE, MODE_PROXY = "Serve", "Proxy"

SCHEMA = kind_schema(
    obj(
        {
            "mode": string("Mode describes the mode of operation of the ServerlessService: Serve or Proxy."),
            "numActivators": int32("NumActivators contains number of Activators that this revision should be "
                                   "assigned. O means assign all."),
            "objectRef": obj({k: string() for k in ("apiVersion", "fieldPath", "kind", "name", "namespace",
                                                     "resourceVersion", "uid")},
                             "ObjectRef defines the resource that this ServerlessService is responsible for."),
            "protocolType": string("The application-layer protocol: http1 or h2c."),
        },
        "ServerlessServiceSpec describes the ServerlessService.",
        required=["objectRef", "protocolType"],
    ),
    duck_status(
        {
            "serviceName": string("ServiceName holds the name of a core K8s Service resource that load balances "
                                  "over the pods backing this Revision (activator or revision)."),
            "privateServiceName": string("PrivateServiceName holds the name of a core K8s Service resource that "
                                         "load balances over the user service pods backing this Revision."),
        },
        "ServerlessServiceStatus describes the current state of the ServerlessService.",
    ),
    "ServerlessService is a proxy for the K8s service objects containing the endpoints for the revision, "
    "whether those are endpoints of the activator or revision pods.",
)


def validate(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    annotations = (obj.get("metadata") or {}).get("annotations")
    errs = keys.validate_annotations(annotations).via_field("annotations")  # sic: no "metadata." in Knative
    spec = obj.get("spec") or {}
    if semantic_equal(spec, {}):
        return errs.also(err_missing_field("spec"))
    spec_errs = FieldError()
    mode = spec.get("mode") or ""
    if not mode:
        spec_errs = spec_errs.also(err_missing_field("mode"))
    elif mode not in (MODE_SERVE, MODE_PROXY):
        spec_errs = spec_errs.also(err_invalid_value(mode, "mode"))
    if (spec.get("numActivators") or 0) < 0:
        spec_errs = spec_errs.also(err_invalid_value(spec["numActivators"], "numActivators"))
    spec_errs = spec_errs.also(validate_namespaced_object_reference(spec.get("objectRef") or {}).via_field("objectRef"))
    protocol = spec.get("protocolType") or ""
    if protocol not in keys.PROTOCOLS:
        spec_errs = spec_errs.also(err_invalid_value(protocol, "protocolType"))
    return errs.also(spec_errs.via_field("spec"))


ENDPOINTS_POPULATED = "EndpointsPopulated"
ACTIVATOR_ENDPOINTS_POPULATED = "ActivatorEndpointsPopulated"
CONDITIONS = ConditionSet("Ready", ENDPOINTS_POPULATED)


def initialize_conditions(status: Obj) -> None:
    initialize(CONDITIONS, status)


def mark_endpoints_ready(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(ENDPOINTS_POPULATED)


def mark_endpoints_not_ready(status: Obj, reason: str) -> None:
    CONDITIONS.manage(status).mark_unknown(ENDPOINTS_POPULATED, reason, "K8s Service is not ready")


def mark_endpoints_not_owned(status: Obj, kind: str, name: str) -> None:
    CONDITIONS.manage(status).mark_false(ENDPOINTS_POPULATED, "NotOwned",
                                         f"Resource {name} of type {kind} is not owned by SKS")


def _mark_activator(status: Obj, state: str) -> None:
    CONDITIONS.manage(status).set({"type": ACTIVATOR_ENDPOINTS_POPULATED, "status": state,
                                   "reason": "ActivatorEndpointsPopulated",
                                   "message": "Revision is backed by Activator"})


def mark_activator_endpoints_populated(status: Obj) -> None:
    _mark_activator(status, TRUE)


def mark_activator_endpoints_removed(status: Obj) -> None:
    _mark_activator(status, FALSE)


def resource_type() -> ResourceType:
    return ResourceType(
        group=keys.GROUP, versions=("v1alpha1",), kind="ServerlessService", plural="serverlessservices",
        short_names=("sks",), categories=keys.CATEGORIES, schema=SCHEMA,
        columns=(
            columns.path("Mode", ".spec.mode"),
            columns.path("Activators", ".spec.numActivators", "integer"),
            columns.path("ServiceName", ".status.serviceName"),
            columns.path("PrivateServiceName", ".status.privateServiceName"),
            *columns.ready_reason(),
        ),
        validator=validate, webhook=WEBHOOK, description=SCHEMA["description"],
    )
