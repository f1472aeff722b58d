"""Builders for a Revision's children (``pkg/reconciler/revision/resources``).

* :func:`make_pa` — the PodAutoscaler (name = revision) that decides how many instances run;
* :func:`make_workload` — what Knative would put in the ``{rev}-deployment`` Deployment's pod
  template, resolved for the process runtime: env values from ConfigMaps and Secrets, Knative's
  ``K_REVISION``/``K_CONFIGURATION``/``K_SERVICE``, probes (the default TCP probe on the user
  port), resource limits, and Pod labels as Knative sets them.

Both are pure: the store is reached only through the ``lookup`` function passed in.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from typing import Any

from knlite.apis import kmeta, quantity
from knlite.apis.serving import keys
from knlite.apis.serving import revision as revision_api
from knlite.serving.runtime.spec import ContainerSpec, ProbeSpec, WorkloadKey, WorkloadSpec

Obj = dict[str, Any]
Lookup = Callable[[str, str, str], "Obj | None"]  # (kind "ConfigMap"|"Secret", namespace, name)

_HASH_CHARS = "bcdfghjklmnpqrstvwxz2456789"
_PA_DROPPED_ANNOTATIONS = (keys.REVISION_LAST_PINNED_ANNOTATION, keys.REVISION_PRESERVED_ANNOTATION,
                           keys.ROUTING_STATE_MODIFIED_ANNOTATION, keys.ROUTES_ANNOTATION)


class EnvError(Exception):
    """A container's environment cannot be resolved (``CreateContainerConfigError`` on a kubelet)."""

    reason = "CreateContainerConfigError"


def workload_key(rev: Obj) -> WorkloadKey:
    return WorkloadKey("Revision", rev["metadata"]["namespace"], rev["metadata"]["name"])


def _child_labels(rev: Obj) -> dict[str, str]:
    meta = rev["metadata"]
    labels = {k: v for k, v in (meta.get("labels") or {}).items()
              if k not in (keys.ROUTE_LABEL, keys.ROUTING_STATE_LABEL)}
    labels[keys.REVISION_LABEL] = meta["name"]
    labels[keys.REVISION_UID_LABEL] = meta["uid"]
    labels.setdefault("app", meta["name"])
    return labels


def reachability(rev: Obj) -> str:
    state = (rev["metadata"].get("labels") or {}).get(keys.ROUTING_STATE_LABEL)
    if state == keys.ROUTING_STATE_ACTIVE:
        return "Reachable"
    if state == keys.ROUTING_STATE_RESERVE:
        return "Unreachable"
    return ""


def make_pa(rev: Obj) -> Obj:
    meta = rev["metadata"]
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k not in _PA_DROPPED_ANNOTATIONS}
    spec: Obj = {
        "containerConcurrency": revision_api.container_concurrency(rev.get("spec") or {}),
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment",
                           "name": kmeta.child_name(meta["name"], "-deployment")},
        "protocolType": revision_api.protocol(rev.get("spec") or {}),
    }
    reach = reachability(rev)
    if reach:
        spec["reachability"] = reach
    return {
        "apiVersion": "autoscaling.internal.knative.dev/v1alpha1",
        "kind": "PodAutoscaler",
        "metadata": {"name": meta["name"], "namespace": meta["namespace"], "labels": _child_labels(rev),
                     "annotations": annotations, "ownerReferences": [kmeta.owner_reference(rev)]},
        "spec": spec,
    }


# -- workload ------------------------------------------------------------------------------------


def probe_spec(p: Obj | None, default_tcp: bool) -> ProbeSpec | None:
    if not p:
        return ProbeSpec("tcp", period_seconds=0) if default_tcp else None
    common: dict[str, Any] = {
        "initial_delay_seconds": int(p.get("initialDelaySeconds", 0)),
        "period_seconds": int(p.get("periodSeconds", 0 if default_tcp else 10)),
        "timeout_seconds": int(p.get("timeoutSeconds", 1)),
        "success_threshold": int(p.get("successThreshold", 1)),
        "failure_threshold": int(p.get("failureThreshold", 3)),
    }

    def port_of(handler: Obj) -> int | None:
        port = handler.get("port")
        return int(port) if isinstance(port, int) and port > 0 else None

    if "httpGet" in p:
        h = p["httpGet"] or {}
        headers = tuple((x.get("name", ""), x.get("value", "")) for x in h.get("httpHeaders") or [])
        return ProbeSpec("http", port_of(h), h.get("path") or "/", h.get("scheme") or "HTTP", h.get("host") or "",
                         headers, **common)
    if "exec" in p:
        return ProbeSpec("exec", command=tuple((p["exec"] or {}).get("command") or ()), **common)
    if "grpc" in p:
        return ProbeSpec("grpc", port_of(p["grpc"] or {}), **common)
    return ProbeSpec("tcp", port_of(p.get("tcpSocket") or {}), **common)


def _decode_secret(value: str) -> str:
    return base64.b64decode(value).decode(errors="replace")


def resolve_env(container: Obj, namespace: str, lookup: Lookup) -> tuple[list[tuple[str, str]],
                                                                          list[tuple[str, str]]]:
    env: list[tuple[str, str]] = []
    field_refs: list[tuple[str, str]] = []
    for src in container.get("envFrom") or []:
        prefix = src.get("prefix", "")
        for kind, ref_key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
            ref = src.get(ref_key)
            if not ref:
                continue
            obj = lookup(kind, namespace, ref.get("name", ""))
            if obj is None:
                if ref.get("optional"):
                    continue
                raise EnvError(f'{kind.lower()} "{ref.get("name", "")}" not found')
            for k, v in (obj.get("data") or {}).items():
                env.append((prefix + k, _decode_secret(v) if kind == "Secret" else str(v)))
    for e in container.get("env") or []:
        name = e.get("name", "")
        if "valueFrom" not in e:
            env.append((name, str(e.get("value", ""))))
            continue
        vf = e["valueFrom"] or {}
        if "fieldRef" in vf:
            field_refs.append((name, (vf["fieldRef"] or {}).get("fieldPath", "")))
            continue
        if "resourceFieldRef" in vf:
            env.append((name, _resource_field(container, vf["resourceFieldRef"] or {})))
            continue
        for kind, ref_key in (("ConfigMap", "configMapKeyRef"), ("Secret", "secretKeyRef")):
            ref = vf.get(ref_key)
            if not ref:
                continue
            obj = lookup(kind, namespace, ref.get("name", ""))
            data = (obj or {}).get("data") or {}
            if obj is None or ref.get("key") not in data:
                if ref.get("optional"):
                    break
                if obj is None:
                    raise EnvError(f'{kind.lower()} "{ref.get("name", "")}" not found')
                raise EnvError(f'couldn\'t find key {ref.get("key")} in {kind} {namespace}/{ref.get("name")}')
            value = data[ref["key"]]
            env.append((name, _decode_secret(value) if kind == "Secret" else str(value)))
            break
    return env, field_refs


def _resource_field(container: Obj, ref: Obj) -> str:
    resource = ref.get("resource", "")
    section, _, what = resource.partition(".")
    value = ((container.get("resources") or {}).get(section) or {}).get(what)
    if value is None:
        return "0"
    divisor = ref.get("divisor")
    if what == "cpu":
        millis = quantity.millis(value)
        div = quantity.millis(divisor) if divisor else 1000
        return str(-(-millis // div))
    amount = quantity.to_int(value)
    div = quantity.to_int(divisor) if divisor else 1
    return str(-(-amount // div))


def resource_limits(container: Obj) -> dict[str, Any]:
    res = container.get("resources") or {}
    limits, requests = res.get("limits") or {}, res.get("requests") or {}
    out: dict[str, Any] = {"cpu_limit_millis": None, "memory_limit_bytes": None,
                                  "cpu_request_millis": None, "memory_request_bytes": None}
    if "cpu" in limits:
        out["cpu_limit_millis"] = quantity.millis(limits["cpu"])
    if "memory" in limits:
        out["memory_limit_bytes"] = quantity.to_int(limits["memory"])
    if "cpu" in requests:
        out["cpu_request_millis"] = quantity.millis(requests["cpu"])
    if "memory" in requests:
        out["memory_request_bytes"] = quantity.to_int(requests["memory"])
    return out


def pod_template_hash(spec: Obj) -> str:
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).digest()
    n = int.from_bytes(digest[:8], "big")
    out = []
    for _ in range(10):
        n, r = divmod(n, len(_HASH_CHARS))
        out.append(_HASH_CHARS[r])
    return "".join(out)


def make_workload(rev: Obj, lookup: Lookup) -> WorkloadSpec:
    """The runtime workload of a revision; raises :class:`EnvError` when env sources are missing."""
    meta = rev["metadata"]
    spec = rev.get("spec") or {}
    ns = meta["namespace"]
    labels = meta.get("labels") or {}
    serving_name = (revision_api.serving_container(spec) or {}).get("name")
    user_port = revision_api.user_port(spec)
    knative_env = [("K_REVISION", meta["name"]),
                   ("K_CONFIGURATION", labels.get(keys.CONFIGURATION_LABEL, "")),
                   ("K_SERVICE", labels.get(keys.SERVICE_LABEL, ""))]
    containers = []
    for c in spec.get("containers") or []:
        is_serving = c.get("name") == serving_name
        env, field_refs = resolve_env(c, ns, lookup)
        containers.append(ContainerSpec(
            name=c.get("name", keys.USER_CONTAINER_NAME),
            image=c.get("image", ""),
            command=tuple(c["command"]) if c.get("command") else None,
            args=tuple(c["args"]) if c.get("args") else None,
            env=tuple(env + knative_env),
            env_field_refs=tuple(field_refs),
            working_dir=c.get("workingDir") or None,
            port=user_port if is_serving else None,
            serving=is_serving,
            readiness=probe_spec(c.get("readinessProbe"), default_tcp=is_serving) if is_serving else None,
            liveness=probe_spec(c.get("livenessProbe"), default_tcp=False),
            startup=probe_spec(c.get("startupProbe"), default_tcp=False),
            **resource_limits(c),
        ))
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k not in _PA_DROPPED_ANNOTATIONS}
    deployment = kmeta.child_name(meta["name"], "-deployment")
    return WorkloadSpec(
        key=workload_key(rev),
        containers=tuple(containers),
        pod_name_prefix=f"{deployment}-{pod_template_hash(spec)}",
        labels=_child_labels(rev),
        annotations=annotations,
        owner_references=(kmeta.owner_reference(rev, controller=True, block_owner_deletion=True),),
        service_account=spec.get("serviceAccountName") or "default",
        termination_grace_seconds=int(spec.get("timeoutSeconds") or 300),
        virtual_containers=(keys.QUEUE_CONTAINER_NAME,),
    )
