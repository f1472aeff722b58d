"""RevisionSpec and RevisionTemplateSpec: defaulting and validation shared by three kinds.

A Service's and a Configuration's ``spec.template`` and a Revision's ``spec`` are the same
RevisionSpec, so its rules live once, here (``revision_defaults.go`` and the template half of
``revision_validation.go``). Defaulting fills what the runtime needs to be explicit —
timeout, container concurrency, container names, a readiness probe for the serving
container, read-only config mounts — from ``config-defaults``; validation adds the
timeout and concurrency bounds, the template's annotations and the BYO revision name rules.

Functions take the sub-object they work on and return errors relative to it; the kinds
prefix ``spec.template`` or ``spec``.
"""

from __future__ import annotations

import re
from typing import Any

from knlite.apis.autoscaling import annotation as autoscaling
from knlite.apis.autoscaling.annotation import parse_float
from knlite.apis.fielderrors import (
    CURRENT_FIELD,
    FieldError,
    Level,
    err_disallowed_fields,
    err_invalid_value,
    err_out_of_bounds,
)
from knlite.apis.k8snames import bracket
from knlite.apis.kmeta import child_name
from knlite.apis.registry import AdmissionContext
from knlite.apis.serving import keys
from knlite.apis.serving.diff import REVISION_FIELDS, short_diff
from knlite.apis.serving.k8s_validation import validate_pod_spec
from knlite.apis.serving.metadata import (
    go_quote,
    name_is_dns1035_label,
    validate_container_concurrency,
    validate_progress_deadline,
)
from knlite.config.types import ENABLED

Obj = dict[str, Any]

_PROBE_HANDLERS = ("tcpSocket", "httpGet", "exec", "grpc")
_TEMPLATE_FIELD = re.compile(r"{{-?\s*\.(\w+)\s*-?}}")
_QUANTITY = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?[0-9]+)?$")


# -- defaulting ----------------------------------------------------------------------------------


def render_name_template(template: str, parent: Obj) -> str:
    """``container-name-template`` is a Go template over the parent's ObjectMeta (``{{.Name}}``)."""
    return _TEMPLATE_FIELD.sub(lambda m: str(parent.get(m.group(1)[:1].lower() + m.group(1)[1:], "")), template)


def _apply_default_names(containers: list[Obj], taken: set[str], default: str) -> None:
    """Unnamed containers get ``default``, or ``default-N`` when several or when it clashes."""
    suffix = 0
    for c in containers:
        if c.get("name"):
            continue
        name = default
        if len(containers) > 1 or name in taken:
            while True:
                name = child_name(default, f"-{suffix}")
                suffix += 1
                if name not in taken:
                    break
        c["name"] = name


def _default_readiness_probe(c: Obj) -> None:
    probe = c.get("readinessProbe")
    if not isinstance(probe, dict):
        probe = c["readinessProbe"] = {}
    if not any(probe.get(h) is not None for h in _PROBE_HANDLERS):
        probe["tcpSocket"] = {"port": 0}  # the port is filled in when the pod is built
    grpc = probe.get("grpc")
    if isinstance(grpc, dict) and grpc.get("service") is None:
        grpc["service"] = ""
    if not probe.get("successThreshold"):
        probe["successThreshold"] = 1
    if probe.get("periodSeconds"):  # Kubernetes' probe defaults, when not Knative's aggressive probing
        if not probe.get("failureThreshold"):
            probe["failureThreshold"] = 3
        if not probe.get("timeoutSeconds"):
            probe["timeoutSeconds"] = 1


def _default_resources(c: Obj, ctx: AdmissionContext) -> None:
    d = ctx.config.defaults
    resources = c.get("resources")
    if not isinstance(resources, dict):
        resources = c["resources"] = {}
    for name, request, limit in (
        ("cpu", d.revision_cpu_request, d.revision_cpu_limit),
        ("memory", d.revision_memory_request, d.revision_memory_limit),
        ("ephemeral-storage", d.revision_ephemeral_storage_request, d.revision_ephemeral_storage_limit),
    ):
        if request is not None and name not in (resources.get("requests") or {}):
            resources.setdefault("requests", {})[name] = request
        if limit is not None and name not in (resources.get("limits") or {}):
            resources.setdefault("limits", {})[name] = limit


def _default_container(spec: Obj, c: Obj, ctx: AdmissionContext) -> None:
    _default_resources(c, ctx)
    containers = spec.get("containers") or []
    if len(containers) == 1 or c.get("ports"):
        _default_readiness_probe(c)
    if spec.get("enableServiceLinks") is None and ctx.operation == "CREATE":
        links = ctx.config.defaults.enable_service_links
        if links is not None:
            spec["enableServiceLinks"] = links
    writable = {v.get("name") for v in spec.get("volumes") or []
                if v.get("emptyDir") is not None or v.get("persistentVolumeClaim") is not None}
    for vm in c.get("volumeMounts") or []:
        if vm.get("name") not in writable:
            vm["readOnly"] = True


def _default_security_context(spec: Obj, c: Obj) -> None:
    """``secure-pod-defaults``: the ``restricted`` profile, except runAsNonRoot set by the pod."""
    psc = spec.get("securityContext") or {}
    sc = dict(c.get("securityContext") or {})
    if sc.get("allowPrivilegeEscalation") is None:
        sc["allowPrivilegeEscalation"] = False
    if not (psc.get("seccompProfile") or {}).get("type"):
        seccomp = dict(sc.get("seccompProfile") or {})
        seccomp["type"] = seccomp.get("type") or "RuntimeDefault"
        sc["seccompProfile"] = seccomp
    if sc.get("capabilities") is None:
        caps: Obj = {"drop": ["ALL"]}
        if any((p.get("containerPort") or 0) < 1024 for p in c.get("ports") or []):
            caps["add"] = ["NET_BIND_SERVICE"]
        sc["capabilities"] = caps
    if psc.get("runAsNonRoot") is None:
        sc["runAsNonRoot"] = True
    if sc:
        c["securityContext"] = sc


def default_revision_spec(spec: Obj, ctx: AdmissionContext, parent: Obj | None = None) -> None:
    """``RevisionSpec.SetDefaults``; ``parent`` is the ObjectMeta the name templates see."""
    d = ctx.config.defaults
    if not spec.get("timeoutSeconds"):
        spec["timeoutSeconds"] = d.revision_timeout_seconds
    if spec.get("containerConcurrency") is None:
        spec["containerConcurrency"] = d.container_concurrency
    containers: list[Obj] = spec.get("containers") or []
    inits: list[Obj] = spec.get("initContainers") or []
    taken = {c.get("name") or "" for c in [*containers, *inits]}
    parent = parent or {}
    _apply_default_names(containers, taken, render_name_template(d.container_name_template, parent))
    _apply_default_names(inits, taken, render_name_template(d.init_container_name_template, parent))
    secure = ctx.config.features.get("secure-pod-defaults") == ENABLED
    for c in containers:
        _default_container(spec, c, ctx)
        if secure:
            _default_security_context(spec, c)
    for c in inits:
        if secure:
            _default_security_context(spec, c)


def default_template(template: Obj, ctx: AdmissionContext, parent: Obj) -> None:
    default_revision_spec(template.setdefault("spec", {}), ctx, parent)


# -- validation ----------------------------------------------------------------------------------


def validate_timeout_seconds(timeout: int | None, max_timeout: int) -> FieldError | None:
    if timeout and (timeout > max_timeout or timeout < 0):
        return err_out_of_bounds(timeout, 0, max_timeout, "timeoutSeconds")
    return None


def validate_revision_spec(spec: Obj, ctx: AdmissionContext) -> FieldError:
    """``RevisionSpec.Validate``: the PodSpec contract, timeout and concurrency bounds."""
    d = ctx.config.defaults
    errs = validate_pod_spec(spec, ctx.config.features, extra_fields=REVISION_FIELDS)
    errs = errs.also(validate_timeout_seconds(spec.get("timeoutSeconds"), d.max_revision_timeout_seconds))
    cc = validate_container_concurrency(spec.get("containerConcurrency"), d)
    return errs.also(cc.via_field("containerConcurrency") if cc else None)


def validate_revision_name(name: str, generate_name: str, parent: Obj) -> FieldError | None:
    """A BYO revision name must be a DNS-1035 label prefixed with ``{parent}-``."""
    if generate_name:
        msgs = name_is_dns1035_label(generate_name, True)
        if msgs:
            return err_invalid_value(f"not a DNS 1035 label prefix: {bracket(msgs)}", "metadata.generateName")
    if not name:
        return None
    msgs = name_is_dns1035_label(name, False)
    if msgs:
        return err_invalid_value(f"not a DNS 1035 label: {bracket(msgs)}", "metadata.name")
    parent_name = parent.get("name") or ""
    if not parent_name and parent.get("generateName"):
        # A BYO name cannot be derived from a name the server has not generated yet.
        return err_disallowed_fields("metadata.name")
    prefix = parent_name + "-"
    if not name.startswith(prefix):
        return err_invalid_value(f"{go_quote(name)} must have prefix {go_quote(prefix)}", "metadata.name")
    return None


def validate_queue_sidecar_annotations(annotations: dict[str, str]) -> FieldError:
    """``queue.sidecar.serving.knative.dev/*``: quantities, and the deprecated percentage."""
    errs = FieldError()
    found = keys.QUEUE_SIDECAR_RESOURCE_PERCENTAGE.get(annotations)
    if found:
        k, v = found
        errs = errs.also(FieldError.new(
            "Queue proxy resource percentage annotation is deprecated. Please use the available annotations "
            "to explicitly set resource values per service", CURRENT_FIELD, level=Level.WARNING).via_key(k))
        try:
            value = parse_float(v)
            if value < 0.1 or value > 100:
                errs = errs.also(err_out_of_bounds(value, 0.1, 100.0, CURRENT_FIELD).via_key(k))
        except ValueError:
            errs = errs.also(err_invalid_value(v, CURRENT_FIELD).via_key(k))
    for key in keys.QUEUE_SIDECAR_RESOURCE_KEYS:
        found = key.get(annotations)
        if found and not _QUANTITY.match(found[1]):
            errs = errs.also(err_invalid_value(found[1], CURRENT_FIELD).via_key(found[0]))
    return errs


def validate_template(template: Obj, ctx: AdmissionContext, parent: Obj) -> FieldError:
    """``RevisionTemplateSpec.Validate``; paths relative to the template."""
    tmeta = template.get("metadata") or {}
    annotations = tmeta.get("annotations") or {}
    errs = validate_revision_spec(template.get("spec") or {}, ctx).via_field("spec")
    ann_errs = FieldError().also(
        autoscaling.validate_annotations(annotations, ctx.config.autoscaler),
        validate_queue_sidecar_annotations(annotations),
        validate_progress_deadline(annotations),
    )
    errs = errs.also(ann_errs.via_field("metadata", "annotations"))
    return errs.also(validate_revision_name(tmeta.get("name") or "", tmeta.get("generateName") or "", parent))


def verify_name_change(new: Obj, old: Obj) -> FieldError | None:
    """With a BYO name, a changed template needs a new name (``VerifyNameChange``)."""
    name = (new.get("metadata") or {}).get("name") or ""
    if not name or name != (old.get("metadata") or {}).get("name"):
        return None
    diff = short_diff(old, new, "*v1.RevisionTemplateSpec", "template")
    if diff:
        return FieldError.new("Saw the following changes without a name change (-old +new)", "metadata.name",
                              details=diff)
    return None


def template_name(obj: Obj) -> str:
    """The BYO revision name of a Service's or Configuration's template ("" when none)."""
    template = (obj.get("spec") or {}).get("template") or {}
    return str((template.get("metadata") or {}).get("name") or "")


def template_name_unchanged(new: Obj, old: Obj | None) -> bool:
    """Whether the template keeps the same BYO name as before (then defaulting is skipped)."""
    return old is not None and template_name(new) != "" and template_name(new) == template_name(old)
