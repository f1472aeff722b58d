"""Certificate (networking.internal.knative.dev/v1alpha1): a TLS certificate request.

Routes and DomainMappings ask for certificates through this kind when external-domain TLS is
enabled (off by default on knlite); a certificate provider fills ``status.notAfter`` and
marks it Ready. The spec names the DNS names to cover and the Secret to store the result in.
"""

from __future__ import annotations

from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.fielderrors import FieldError, err_invalid_array_value, err_invalid_value, err_missing_field
from knlite.apis.networking import keys
from knlite.apis.registry import AdmissionContext, ResourceType
from knlite.apis.schema import array, duck_status, int_or_string, kind_schema, obj, string
from knlite.apis.serving.keys import WEBHOOK
from knlite.apis.serving.lifecycle import initialize, resource_not_owned_message

Obj = dict[str, Any]

SCHEMA = kind_schema(
    obj(
        {
            "dnsNames": array(string(), "DNSNames is a list of DNS names the Certificate could support."),
            "domain": string("Domain is the top level domain of the values for DNSNames."),
            "secretName": string("SecretName is the name of the secret resource to store the SSL certificate in."),
        },
        "Spec is the desired state of the Certificate.",
        required=["dnsNames", "secretName"],
    ),
    duck_status(
        {
            "notAfter": string("The expiration time of the TLS certificate stored in the secret named by this "
                               "resource in spec.secretName.", fmt="date-time"),
            "http01Challenges": array(obj({"serviceName": string(), "serviceNamespace": string(),
                                           "servicePort": int_or_string(), "url": string()}),
                                      "HTTP01Challenges is a list of HTTP01 challenges that need to be fulfilled."),
        },
        "Status is the current state of the Certificate.",
    ),
    "Certificate is responsible for provisioning a SSL certificate for the given hosts.",
)


def validate(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    spec = obj.get("spec") or {}
    names: list[str] = spec.get("dnsNames") or []
    errs = FieldError()
    if not names:
        errs = errs.also(err_missing_field("dnsNames"))
    for i, name in enumerate(names):
        if not name:
            errs = errs.also(err_invalid_array_value(name, "dnsNames", i))
    if not spec.get("secretName"):
        errs = errs.also(err_missing_field("secretName"))
    domain = spec.get("domain") or ""
    if domain and names and not any(n == domain or n.endswith("." + domain) for n in names):
        # Knative puts the explanation where the path belongs; kept as is.
        errs = errs.also(err_invalid_value(
            "domain", "domain must be a suffix of, or match exactly, at least one entry in dnsNames"))
    return errs.via_field("spec")


CONDITIONS = ConditionSet("Ready")


def initialize_conditions(status: Obj) -> None:
    initialize(CONDITIONS, status)


def mark_ready(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true("Ready")


def mark_not_ready(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_unknown("Ready", reason, message)


def mark_failed(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_false("Ready", reason, message)


def mark_resource_not_owned(status: Obj, kind: str, name: str) -> None:
    CONDITIONS.manage(status).mark_false("Ready", "NotOwned", resource_not_owned_message(kind, name))


def resource_type() -> ResourceType:
    return ResourceType(
        group=keys.GROUP, versions=("v1alpha1",), kind="Certificate", plural="certificates",
        short_names=("kcert",), categories=keys.CATEGORIES, schema=SCHEMA, columns=columns.ready_reason(),
        validator=validate, webhook=WEBHOOK, description=SCHEMA["description"],
    )
