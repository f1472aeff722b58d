"""SinkBinding (``sources.knative.dev/v1``): inject a sink into existing workloads.

The binding's ``subject`` (apiVersion, kind and a name or a label selector) selects
PodSpecable objects in the binding's namespace; their containers get ``K_SINK`` (and
``K_CE_OVERRIDES``). The webhook defaults the subject's namespace and the sink ref's
namespace to the binding's, and validates the subject as a ``tracker.Reference`` (qualified
apiVersion, C-identifier kind, DNS-1123 name or a valid selector, not both) and the sink.
"""

from __future__ import annotations

import re
from typing import Any

from knlite.apis import columns
from knlite.apis.conditions import ConditionSet
from knlite.apis.core.podspec import LABEL_SELECTOR
from knlite.apis.duck import (
    OIDC_IDENTITY_CREATED,
    READY,
    SINK_PROVIDED,
    SOURCE_SPEC,
    SOURCE_STATUS,
    as_dict,
    as_str,
    default_destination,
    namespace_of,
    result,
    spec_of,
    validate_ce_overrides,
    validate_destination,
)
from knlite.apis.fielderrors import (
    FieldError,
    err_invalid_value,
    err_missing_field,
    err_missing_one_of,
    err_multiple_one_of,
)
from knlite.apis.k8snames import is_dns1123_label, is_qualified_name
from knlite.apis.registry import AdmissionContext, Obj, ResourceType
from knlite.apis.schema import duck_status, kind_schema, obj, string
from knlite.apis.selectors import SelectorError, from_label_selector

GROUP = "sources.knative.dev"
KIND = "SinkBinding"
WEBHOOK = "validation.webhook.eventing.knative.dev"

CONDITIONS = ConditionSet(READY, SINK_PROVIDED, OIDC_IDENTITY_CREATED)

# Environment variables a binding injects, and the labels that scope it.
ENV_SINK = "K_SINK"
ENV_CA_CERTS = "K_CA_CERTS"
ENV_CE_OVERRIDES = "K_CE_OVERRIDES"
EXCLUDE_LABEL = "bindings.knative.dev/exclude"
INCLUDE_LABEL = "bindings.knative.dev/include"

SUBJECT = obj(
    {
        "apiVersion": string("API version of the referent."),
        "kind": string("Kind of the referent."),
        "namespace": string("Namespace of the referent."),
        "name": string("Name of the referent. Mutually exclusive with Selector."),
        "selector": LABEL_SELECTOR,
    },
    "Subject references the resource(s) whose \"runtime contract\" should be augmented by Binding implementations.",
)

SCHEMA = kind_schema(
    obj({**SOURCE_SPEC, "subject": SUBJECT}, "SinkBindingSpec holds the desired state of the SinkBinding."),
    duck_status(dict(SOURCE_STATUS)),
    "SinkBinding describes a Binding that is also a Source.",
)

_C_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _is_c_identifier(value: str) -> list[str]:
    if _C_IDENTIFIER.match(value):
        return []
    return ["a valid C identifier must start with alphabetic character or '_', followed by a string of "
            "alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for "
            "validation is '[A-Za-z_][A-Za-z0-9_]*')"]


def default(o: Obj, old: Obj | None, ctx: AdmissionContext) -> None:
    ns = namespace_of(o)
    spec = spec_of(o)
    subject = spec.get("subject")
    if not isinstance(subject, dict):
        subject = spec["subject"] = {}
    if not subject.get("namespace") and ns:
        subject["namespace"] = ns
    default_destination(spec.get("sink"), ns)


def _check(value: str, field: str, check: Any) -> FieldError:
    if not value:
        return err_missing_field(field)
    problems = check(value)
    return err_invalid_value(", ".join(problems), field) if problems else FieldError()


def validate_subject(subject: dict[str, Any]) -> FieldError:
    """``tracker.Reference.Validate``."""
    out = FieldError().also(
        _check(as_str(subject.get("apiVersion")), "apiVersion", is_qualified_name),
        _check(as_str(subject.get("kind")), "kind", _is_c_identifier),
        _check(as_str(subject.get("namespace")), "namespace", is_dns1123_label),
    )
    selector, name = subject.get("selector"), as_str(subject.get("name"))
    if selector is not None and name:
        out = out.also(err_multiple_one_of("selector", "name"))
    elif selector is not None:
        try:
            from_label_selector(as_dict(selector))
        except SelectorError as e:
            out = out.also(err_invalid_value(str(e), "selector"))
    elif name:
        out = out.also(_check(name, "name", is_dns1123_label))
    else:
        out = out.also(err_missing_one_of("selector", "name"))
    return out


def validate(o: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError | None:
    spec = as_dict(o.get("spec"))
    subject = as_dict(spec.get("subject"))
    out = FieldError().also(
        validate_subject(subject).via_field("subject"),
        validate_destination(spec.get("sink")).via_field("sink"),
        validate_ce_overrides(spec.get("ceOverrides")).via_field("ceOverrides"),
    ).via_field("spec")
    subject_ns = as_str(subject.get("namespace"))
    if subject_ns and subject_ns != namespace_of(o):
        out = out.also(err_invalid_value(subject_ns, "spec.subject.namespace"))
    return result(out)


COLUMNS = (columns.path("Sink", ".status.sinkUri"), columns.age(), *columns.ready_reason())


def resource_type() -> ResourceType:
    return ResourceType(
        group=GROUP, versions=("v1",), kind=KIND, plural="sinkbindings",
        categories=("all", "knative", "sources", "bindings"), schema=SCHEMA, columns=COLUMNS,
        defaulter=default, validator=validate, webhook=WEBHOOK,
        description="SinkBinding describes a Binding that is also a Source.",
    )
