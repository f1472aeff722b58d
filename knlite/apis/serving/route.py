"""Route (serving.knative.dev/v1): schema, defaults, validation and status lifecycle.

A Route splits traffic over Revisions, named directly or through a Configuration's latest
ready Revision, and publishes a URL per route and per tag. It is Ready when all traffic is
assigned to ready Revisions (``AllTrafficAssigned``), the ingress serves it
(``IngressReady``) and its certificate, if any, is provisioned (``CertificateProvisioned``).
The helpers below are the messages the route reconciler reports for each of those.
"""

from __future__ import annotations

from typing import Any

from knlite.apis import columns, goduration
from knlite.apis.conditions import ConditionSet
from knlite.apis.fielderrors import FieldError
from knlite.apis.registry import AdmissionContext, ResourceType
from knlite.apis.schema import array, duck_status, kind_schema, obj, string
from knlite.apis.serving import keys
from knlite.apis.serving.lifecycle import condition, initialize, propagate
from knlite.apis.serving.metadata import (
    annotations_of,
    go_quote,
    meta,
    set_user_info,
    typed,
    validate_object_metadata,
    validate_rollout_duration,
    validate_user_info_update,
    verify_label_owner_ref,
)
from knlite.apis.serving.traffic import TRAFFIC_TARGET, default_traffic, validate_route_spec

Obj = dict[str, Any]

ADDRESS = obj(
    {
        "name": string("Name is the name of the address."),
        "url": string("URL of the address."),
        "CACerts": string("CACerts is the Certification Authority (CA) certificates in PEM format."),
        "audience": string("Audience is the OIDC audience for this address."),
    },
    "Address holds the information needed for a Route to be the target of an event.",
)

STATUS_FIELDS = {
    "url": string("URL holds the url that will distribute traffic over the provided traffic targets. "
                  "It generally has the form http[s]://{route-name}.{route-namespace}.{cluster-level-suffix}"),
    "address": ADDRESS,
    "traffic": array(TRAFFIC_TARGET, "Traffic holds the configured traffic distribution. These entries will "
                     "always contain RevisionName references."),
}

SCHEMA = kind_schema(
    obj({"traffic": array(TRAFFIC_TARGET, "Traffic specifies how to distribute traffic over a collection of "
                          "revisions and configurations.")},
        "Spec holds the desired state of the Route (from the client)."),
    duck_status(STATUS_FIELDS, "Status communicates the observed state of the Route (from the controller)."),
    "Route is responsible for configuring ingress over a collection of Revisions.",
)


# -- defaults and validation ---------------------------------------------------------------------


def _owned(obj: Obj) -> bool:
    return bool(meta(obj).get("ownerReferences"))


def default(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    default_traffic(obj.setdefault("spec", {}), in_service=False)
    if not _owned(obj):
        set_user_info(obj, (old or {}).get("spec"), obj.get("spec"), ctx)


def validate_rollout_metadata(obj: Obj) -> FieldError:
    """The ``rollout-duration`` annotation, with its ``metadata.annotations`` path."""
    return FieldError().also(validate_rollout_duration(annotations_of(obj))).via_field("metadata", "annotations")


def validate(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    m = meta(obj)
    label_errs = FieldError().also(verify_label_owner_ref(m.get("labels") or {}, keys.SERVICE_LABEL, "Service", obj))
    errs = validate_object_metadata(m, ctx, allow_autoscaling=False).also(label_errs.via_field("labels"))
    errs = errs.via_field("metadata").also(validate_rollout_metadata(obj))
    errs = errs.also(validate_route_spec(obj.get("spec") or {}, in_service=False).via_field("spec"))
    if not _owned(obj):
        errs = errs.also(validate_user_info_update(obj, old, ctx))
    return errs


def rollout_duration(obj: Obj) -> int:
    """The rollout duration annotation in nanoseconds (0 when unset or unparsable)."""
    found = keys.ROLLOUT_DURATION.get(annotations_of(obj))
    if not found or not found[1]:
        return 0
    try:
        return goduration.parse(found[1])
    except ValueError:
        return 0


# -- status lifecycle ----------------------------------------------------------------------------

ALL_TRAFFIC_ASSIGNED = "AllTrafficAssigned"
INGRESS_READY = "IngressReady"
CERTIFICATE_PROVISIONED = "CertificateProvisioned"
CONDITIONS = ConditionSet("Ready", ALL_TRAFFIC_ASSIGNED, INGRESS_READY, CERTIFICATE_PROVISIONED)

EXTERNAL_DOMAIN_TLS_NOT_ENABLED_MESSAGE = "external-domain-tls is not enabled"
TLS_NOT_ENABLED_FOR_CLUSTER_LOCAL_MESSAGE = "TLS is not enabled for cluster-local"


def initialize_conditions(status: Obj) -> None:
    initialize(CONDITIONS, status)


def mark_service_not_owned(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_false(
        INGRESS_READY, "NotOwned", f"There is an existing placeholder Service {go_quote(name)} that we do not own.")


def mark_ingress_rollout_in_progress(status: Obj) -> None:
    CONDITIONS.manage(status).mark_unknown(INGRESS_READY, "RolloutInProgress",
                                           "A gradual rollout of the latest revision(s) is in progress.")


def mark_ingress_not_configured(status: Obj) -> None:
    CONDITIONS.manage(status).mark_unknown(INGRESS_READY, "IngressNotConfigured",
                                           "Ingress has not yet been reconciled.")


def propagate_ingress_status(status: Obj, ingress_status: Obj) -> None:
    """Mirror the KIngress ``Ready`` into ``IngressReady`` (not configured while it has none)."""
    if not propagate(CONDITIONS, status, INGRESS_READY, condition(ingress_status, "Ready")):
        mark_ingress_not_configured(status)


def mark_traffic_assigned(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(ALL_TRAFFIC_ASSIGNED)


def mark_unknown_traffic_error(status: Obj, message: str) -> None:
    CONDITIONS.manage(status).mark_unknown(ALL_TRAFFIC_ASSIGNED, "Unknown", message)


def mark_configuration_not_ready(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_unknown(
        ALL_TRAFFIC_ASSIGNED, "RevisionMissing",
        f"Configuration {go_quote(name)} is waiting for a Revision to become ready.")


def mark_configuration_failed(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_false(
        ALL_TRAFFIC_ASSIGNED, "RevisionMissing", f"Configuration {go_quote(name)} does not have any ready Revision.")


def mark_revision_not_ready(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_unknown(
        ALL_TRAFFIC_ASSIGNED, "RevisionMissing", f"Revision {go_quote(name)} is not yet ready.")


def mark_revision_failed(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_false(
        ALL_TRAFFIC_ASSIGNED, "RevisionMissing", f"Revision {go_quote(name)} failed to become ready.")


def mark_missing_traffic_target(status: Obj, kind: str, name: str) -> None:
    CONDITIONS.manage(status).mark_false(
        ALL_TRAFFIC_ASSIGNED, f"{kind}Missing", f"{kind} {go_quote(name)} referenced in traffic not found.")


def mark_certificate_provision_failed(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_false(CERTIFICATE_PROVISIONED, "CertificateProvisionFailed",
                                         f"Certificate {name} fails to be provisioned.")


def mark_certificate_ready(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(CERTIFICATE_PROVISIONED)


def mark_certificate_not_ready(status: Obj, name: str, reason: str) -> None:
    CONDITIONS.manage(status).mark_unknown(CERTIFICATE_PROVISIONED, "CertificateNotReady",
                                           f"Certificate {name} is not ready: {reason}")


def mark_certificate_not_owned(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_false(CERTIFICATE_PROVISIONED, "CertificateNotOwned",
                                         f"There is an existing certificate {name} that we don't own.")


def mark_tls_not_enabled(status: Obj, message: str = EXTERNAL_DOMAIN_TLS_NOT_ENABLED_MESSAGE) -> None:
    CONDITIONS.manage(status).mark_true(CERTIFICATE_PROVISIONED, "TLSNotEnabled", message)


def mark_http_downgrade(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_true(CERTIFICATE_PROVISIONED, "HTTPDowngrade",
                                        f"Certificate {name} is not ready downgrade HTTP.")


def resource_type() -> ResourceType:
    return ResourceType(
        group=keys.GROUP, versions=("v1",), kind="Route", plural="routes", short_names=("rt",),
        categories=("all", "knative", "serving"), schema=SCHEMA,
        columns=(columns.path("URL", ".status.url"), *columns.ready_reason()),
        defaulter=typed(SCHEMA, default), validator=validate, webhook=keys.WEBHOOK,
        description=SCHEMA["description"],
    )
