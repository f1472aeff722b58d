"""DomainMapping (serving.knative.dev/v1beta1): schema, defaults, validation and lifecycle.

A DomainMapping's name *is* a custom domain (``example.org``) and ``spec.ref`` the
Addressable that serves it, normally a Knative Service in the same namespace. The name must
therefore be a fully qualified domain outside the cluster-local one, and ``generateName``
makes no sense. It is Ready once the domain is claimed for its namespace (a
ClusterDomainClaim), the reference resolves, the ingress serves it and TLS, if any, is set up.
"""

from __future__ import annotations

from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.fielderrors import FieldError, err_disallowed_fields, err_missing_field
from knlite.apis.k8snames import is_dns1123_label, is_dns1123_subdomain
from knlite.apis.registry import AdmissionContext, ResourceType
from knlite.apis.schema import duck_status, kind_schema, obj, string
from knlite.apis.serving import keys, route
from knlite.apis.serving.lifecycle import condition, initialize, propagate
from knlite.apis.serving.metadata import go_quote, meta, set_user_info, typed, validate_user_info_update

Obj = dict[str, Any]
CLUSTER_LOCAL_DOMAIN = "cluster.local"

KREFERENCE = obj(
    {
        "apiVersion": string("API version of the referent."),
        "kind": string("Kind of the referent."),
        "name": string("Name of the referent."),
        "namespace": string("Namespace of the referent; defaults to the DomainMapping's namespace."),
        "group": string("Group of the API, without the version of the group."),
        "address": string("Address points to a specific Address Name."),
    },
    "Ref specifies the target of the Domain Mapping: an Addressable such as a Knative Service.",
    required=["kind", "name"],
)

SCHEMA = kind_schema(
    obj(
        {
            "ref": KREFERENCE,
            "tls": obj({"secretName": string("SecretName is the name of the existing secret used to terminate "
                                             "TLS traffic.")},
                       "TLS allows the DomainMapping to terminate TLS traffic with an existing secret.",
                       required=["secretName"]),
        },
        "Spec is the desired state of the DomainMapping.",
        required=["ref"],
    ),
    duck_status(
        {
            "url": string("URL is the URL of this DomainMapping."),
            "address": {**route.ADDRESS,
                        "description": "Address holds the information needed for a DomainMapping to be the "
                                       "target of an event."},
        },
        "Status is the current state of the DomainMapping.",
    ),
    "DomainMapping is a mapping from a custom hostname to an Addressable.",
)


# -- defaults and validation ---------------------------------------------------------------------


def default(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    ref = obj.setdefault("spec", {}).setdefault("ref", {})
    if not ref.get("namespace") and meta(obj).get("namespace"):
        ref["namespace"] = meta(obj)["namespace"]
    set_user_info(obj, (old or {}).get("spec"), obj.get("spec"), ctx)


def fqdn_error(name: str) -> str:
    """``validation.IsFullyQualifiedDomainName`` as one aggregated message ("" when valid)."""
    if not name:
        return "name: Required value"
    name = name.removesuffix(".")
    problems = is_dns1123_subdomain(name)
    if problems:
        return f"name: Invalid value: {go_quote(name)}: {','.join(problems)}"
    labels = name.split(".")
    if len(labels) < 2:
        return f"name: Invalid value: {go_quote(name)}: should be a domain with at least two segments separated by dots"
    for label in labels:
        problems = is_dns1123_label(label)
        if problems:
            return f"name: Invalid value: {go_quote(label)}: {','.join(problems)}"
    return ""


def _validate_metadata(m: Obj) -> FieldError:
    errs = FieldError()
    if m.get("generateName"):
        errs = errs.also(err_disallowed_fields("generateName"))
    name = m.get("name") or ""
    problem = fqdn_error(name)
    if problem:
        errs = errs.also(FieldError.new(f"invalid name {go_quote(name)}: {problem}", "name"))
    if name.endswith("." + CLUSTER_LOCAL_DOMAIN):
        errs = errs.also(FieldError.new(f"invalid name {go_quote(name)}: must not be a subdomain of cluster local "
                                        f"domain {go_quote(CLUSTER_LOCAL_DOMAIN)}", "name"))
    return errs


def validate_kreference(ref: Obj, parent_namespace: str) -> FieldError:
    """``KReference.Validate`` without the ``kreference-group`` feature; paths relative to the ref."""
    errs = FieldError()
    if not ref.get("name"):
        errs = errs.also(err_missing_field("name"))
    if ref.get("group"):
        errs = errs.also(err_disallowed_fields("group"))
    if not ref.get("apiVersion"):
        errs = errs.also(err_missing_field("apiVersion"))
    if not ref.get("kind"):
        errs = errs.also(err_missing_field("kind"))
    ns = ref.get("namespace") or ""
    if ns and parent_namespace and ns != parent_namespace:
        errs = errs.also(FieldError.new(
            "mismatched namespaces", "namespace",
            details=f"parent namespace: {go_quote(parent_namespace)} does not match ref: {go_quote(ns)}"))
    return errs


def validate(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    m = meta(obj)
    errs = _validate_metadata(m).via_field("metadata").also(validate_user_info_update(obj, old, ctx))
    ref = (obj.get("spec") or {}).get("ref") or {}
    return errs.also(validate_kreference(ref, m.get("namespace") or "").via_field("spec", "ref"))


# -- status lifecycle ----------------------------------------------------------------------------

DOMAIN_CLAIMED = "DomainClaimed"
REFERENCE_RESOLVED = "ReferenceResolved"
INGRESS_READY = "IngressReady"
CERTIFICATE_PROVISIONED = "CertificateProvisioned"
CONDITIONS = ConditionSet("Ready", DOMAIN_CLAIMED, REFERENCE_RESOLVED, INGRESS_READY, CERTIFICATE_PROVISIONED)

TLS_CERTIFICATE_PROVIDED_EXTERNALLY = "TLS certificate was provided externally"


def initialize_conditions(status: Obj) -> None:
    initialize(CONDITIONS, status)


def mark_domain_claimed(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(DOMAIN_CLAIMED)


def mark_domain_claim_not_owned(status: Obj) -> None:
    CONDITIONS.manage(status).mark_false(DOMAIN_CLAIMED, "DomainAlreadyClaimed",
                                         "The domain name is already in use by another DomainMapping")


def mark_domain_claim_failed(status: Obj, reason: str) -> None:
    CONDITIONS.manage(status).mark_false(DOMAIN_CLAIMED, "DomainClaimFailed", reason)


def mark_reference_resolved(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(REFERENCE_RESOLVED)


def mark_reference_not_resolved(status: Obj, reason: str) -> None:
    CONDITIONS.manage(status).mark_false(REFERENCE_RESOLVED, "ResolveFailed", reason)


def mark_ingress_not_configured(status: Obj) -> None:
    CONDITIONS.manage(status).mark_unknown(INGRESS_READY, "IngressNotConfigured",
                                           "Ingress has not yet been reconciled.")


def propagate_ingress_status(status: Obj, ingress_status: Obj) -> None:
    if not propagate(CONDITIONS, status, INGRESS_READY, condition(ingress_status, "Ready")):
        mark_ingress_not_configured(status)


def mark_tls_not_enabled(status: Obj, message: str = route.EXTERNAL_DOMAIN_TLS_NOT_ENABLED_MESSAGE) -> None:
    CONDITIONS.manage(status).mark_true(CERTIFICATE_PROVISIONED, "TLSNotEnabled", message)


def mark_certificate_not_required(status: Obj, message: str = TLS_CERTIFICATE_PROVIDED_EXTERNALLY) -> None:
    CONDITIONS.manage(status).mark_true(CERTIFICATE_PROVISIONED, "CertificateExternallyProvided", message)


def mark_certificate_ready(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(CERTIFICATE_PROVISIONED)


def mark_certificate_not_ready(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_unknown(CERTIFICATE_PROVISIONED, "CertificateNotReady",
                                           f"Certificate {name} is not ready.")


def mark_certificate_not_owned(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_false(CERTIFICATE_PROVISIONED, "CertificateNotOwned",
                                         f"There is an existing certificate {name} that we don't own.")


def mark_certificate_provision_failed(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_false(CERTIFICATE_PROVISIONED, "CertificateProvisionFailed",
                                         f"Certificate {name} failed to be provisioned.")


def mark_http_downgrade(status: Obj, name: str) -> None:
    CONDITIONS.manage(status).mark_true(CERTIFICATE_PROVISIONED, "HTTPDowngrade",
                                        f"Certificate {name} is not ready downgrade HTTP.")


def resource_type() -> ResourceType:
    return ResourceType(
        group=keys.GROUP, versions=("v1beta1",), kind="DomainMapping", plural="domainmappings",
        short_names=("dm",), categories=("all", "knative", "serving"), schema=SCHEMA,
        columns=(columns.path("URL", ".status.url"), *columns.ready_reason()),
        defaulter=typed(SCHEMA, default), validator=validate, webhook=keys.WEBHOOK,
        description=SCHEMA["description"],
    )
