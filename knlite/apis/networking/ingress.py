"""Ingress, a.k.a. KIngress (networking.internal.knative.dev/v1alpha1): the routing table.

A Route (or DomainMapping) compiles its traffic into one KIngress: per host set, paths with
weighted splits over revision services, extra headers, and a visibility (ExternalIP for the
external gateway, ClusterLocal for the internal one). knlite's gateways serve these directly.
Splits of a path must add up to 100 (a single split may leave its percent out), and every
backend must live in the Ingress's own namespace. ``Ready`` needs ``NetworkConfigured`` and
``LoadBalancerReady``; the load balancer status lists the addresses that serve it.
"""

from __future__ import annotations

from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.fielderrors import CURRENT_FIELD, FieldError, err_invalid_value, err_missing_field
from knlite.apis.networking import keys
from knlite.apis.registry import AdmissionContext, ResourceType
from knlite.apis.schema import (
    array,
    boolean,
    duck_status,
    int_or_string,
    integer,
    kind_schema,
    obj,
    string,
    string_map,
)
from knlite.apis.serving.keys import WEBHOOK
from knlite.apis.serving.lifecycle import initialize, resource_not_owned_message
from knlite.apis.serving.metadata import semantic_equal, typed

Obj = dict[str, Any]
VISIBILITY_EXTERNAL_IP, VISIBILITY_CLUSTER_LOCAL = "ExternalIP", "ClusterLocal"
HTTP_OPTION_ENABLED, HTTP_OPTION_REDIRECTED = "Enabled", "Redirected"

_SPLIT = obj(
    {
        "serviceName": string("ServiceName is the name of the referenced service."),
        "serviceNamespace": string("ServiceNamespace is the namespace of the referenced service."),
        "servicePort": int_or_string("ServicePort is the port of the referenced service."),
        "percent": integer("Percent is the percentage of the traffic to this backend."),
        "appendHeaders": string_map("AppendHeaders allow specifying additional HTTP headers to add before "
                                    "forwarding a request to the destination service."),
    },
    "IngressBackendSplit describes all endpoints for a given service and port.",
    required=["serviceName", "serviceNamespace", "servicePort"],
)

_PATH = obj(
    {
        "path": string("Path represents a literal prefix to which this rule should apply."),
        "headers": obj(additional=obj({"exact": string()}, required=["exact"]),
                       description="Headers defines header matching rules."),
        "rewriteHost": string("RewriteHost rewrites the incoming request's host header."),
        "appendHeaders": string_map("AppendHeaders allow specifying additional HTTP headers to add before "
                                    "forwarding a request to the destination service."),
        "splits": array(_SPLIT, "Splits defines the referenced service endpoints to which the traffic will be "
                        "forwarded to."),
    },
    "HTTPIngressPath associates a path regex with a backend.",
    required=["splits"],
)

_LOAD_BALANCER = obj(
    {"ingress": array(obj({"domain": string(), "domainInternal": string(), "ip": string(),
                           "meshOnly": boolean()}),
                      "Ingress is a list containing ingress points for the load-balancer.")},
    "LoadBalancerStatus represents the status of a load-balancer.",
)

SCHEMA = kind_schema(
    obj(
        {
            "httpOption": string("HTTPOption is the option of HTTP: Enabled or Redirected."),
            "rules": array(obj(
                {
                    "hosts": array(string(), "Host is the fully qualified domain name of a network host."),
                    "http": obj({"paths": array(_PATH, "A collection of paths that map requests to backends.")},
                                "HTTP represents a rule to apply against incoming requests.", required=["paths"]),
                    "visibility": string("Visibility signifies whether this rule should `ClusterLocal` or "
                                         "`ExternalIP`."),
                },
            ), "A list of host rules used to configure the Ingress."),
            "tls": array(obj({"hosts": array(string()), "secretName": string(), "secretNamespace": string()}),
                         "TLS configuration."),
        },
        "Spec is the desired state of the Ingress.",
    ),
    duck_status({"publicLoadBalancer": _LOAD_BALANCER, "privateLoadBalancer": _LOAD_BALANCER},
                "Status is the current state of the Ingress."),
    "Ingress is a collection of rules that allow inbound connections to reach the endpoints defined by a "
    "backend.",
)


# -- defaults and validation ---------------------------------------------------------------------


def default(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    for rule in (obj.get("spec") or {}).get("rules") or []:
        if not rule.get("visibility"):
            rule["visibility"] = VISIBILITY_EXTERNAL_IP
        for path in (rule.get("http") or {}).get("paths") or []:
            splits = path.get("splits") or []
            if len(splits) == 1 and not splits[0].get("percent"):
                splits[0]["percent"] = 100


def _validate_backend(split: Obj, namespace: str) -> FieldError:
    backend = {k: split.get(k) for k in ("serviceName", "serviceNamespace", "servicePort") if split.get(k)}
    if not backend:
        return err_missing_field(CURRENT_FIELD)
    errs = FieldError()
    ns = split.get("serviceNamespace") or ""
    if not ns:
        errs = errs.also(err_missing_field("serviceNamespace"))
    elif ns != namespace:
        errs = errs.also(FieldError.new("service namespace must match ingress namespace", "serviceNamespace"))
    if not split.get("serviceName"):
        errs = errs.also(err_missing_field("serviceName"))
    if split.get("servicePort") in (None, 0, ""):
        errs = errs.also(err_missing_field("servicePort"))
    return errs


def _validate_split(split: Obj, namespace: str) -> FieldError:
    if not split:
        return err_missing_field(CURRENT_FIELD)
    errs = FieldError()
    percent = split.get("percent") or 0
    if percent < 0 or percent > 100:
        errs = errs.also(err_invalid_value(percent, "percent"))
    return errs.also(_validate_backend(split, namespace))


def _validate_path(path: Obj, namespace: str) -> FieldError:
    if not path:
        return err_missing_field(CURRENT_FIELD)
    splits = path.get("splits") or []
    if not splits:
        return err_missing_field("splits")
    total = 0
    for i, split in enumerate(splits):
        errs = _validate_split(split, namespace)
        if errs:
            return errs.via_field_index("splits", i)  # Knative stops at the first bad split
        total += split.get("percent") or 0
    if (len(splits) != 1 or total != 0) and total != 100:
        return FieldError.new(f"traffic split percentage must total to 100, but was {total}", "splits")
    return FieldError()


def _validate_rule(rule: Obj, namespace: str) -> FieldError:
    if not rule:
        return err_missing_field(CURRENT_FIELD)
    http = rule.get("http")
    if http is None:
        return err_missing_field("http")
    paths = http.get("paths") or []
    if not paths:
        return err_missing_field("paths").via_field("http")
    errs = FieldError().also(*(_validate_path(p, namespace).via_field_index("paths", i) for i, p in enumerate(paths)))
    return errs.via_field("http")


def _validate_tls(tls: Obj) -> FieldError:
    if not tls:
        return err_missing_field(CURRENT_FIELD)
    errs = FieldError()
    for f in ("secretName", "secretNamespace"):
        if not tls.get(f):
            errs = errs.also(err_missing_field(f))
    return errs


def validate(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    spec = obj.get("spec") or {}
    namespace = (obj.get("metadata") or {}).get("namespace") or ""
    if semantic_equal(spec, {}):
        return err_missing_field("spec")
    rules = spec.get("rules") or []
    errs = FieldError() if rules else err_missing_field("rules")
    errs = errs.also(*(_validate_rule(r, namespace).via_field_index("rules", i) for i, r in enumerate(rules)))
    errs = errs.also(*(_validate_tls(t).via_field_index("tls", i) for i, t in enumerate(spec.get("tls") or [])))
    option = spec.get("httpOption") or ""
    if option not in ("", HTTP_OPTION_ENABLED, HTTP_OPTION_REDIRECTED):
        errs = errs.also(err_invalid_value(option, "httpOption"))
    return errs.via_field("spec")


# -- status lifecycle ----------------------------------------------------------------------------

NETWORK_CONFIGURED = "NetworkConfigured"
LOAD_BALANCER_READY = "LoadBalancerReady"
CONDITIONS = ConditionSet("Ready", NETWORK_CONFIGURED, LOAD_BALANCER_READY)


def initialize_conditions(status: Obj) -> None:
    initialize(CONDITIONS, status)


def mark_network_configured(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true(NETWORK_CONFIGURED)


def mark_resource_not_owned(status: Obj, kind: str, name: str) -> None:
    CONDITIONS.manage(status).mark_false(NETWORK_CONFIGURED, "NotOwned", resource_not_owned_message(kind, name))


def mark_load_balancer_ready(status: Obj, public: list[Obj], private: list[Obj]) -> None:
    status["publicLoadBalancer"] = {"ingress": public}
    status["privateLoadBalancer"] = {"ingress": private}
    CONDITIONS.manage(status).mark_true(LOAD_BALANCER_READY)


def mark_load_balancer_not_ready(status: Obj) -> None:
    CONDITIONS.manage(status).mark_unknown(LOAD_BALANCER_READY, "Uninitialized",
                                           "Waiting for load balancer to be ready")


def mark_load_balancer_failed(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_false(LOAD_BALANCER_READY, reason, message)


def mark_ingress_not_ready(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_unknown("Ready", reason, message)


def resource_type() -> ResourceType:
    return ResourceType(
        group=keys.GROUP, versions=("v1alpha1",), kind="Ingress", plural="ingresses",
        short_names=("kingress", "king"), categories=keys.CATEGORIES, schema=SCHEMA,
        columns=columns.ready_reason(), defaulter=typed(SCHEMA, default), validator=validate, webhook=WEBHOOK,
        description=SCHEMA["description"],
    )
