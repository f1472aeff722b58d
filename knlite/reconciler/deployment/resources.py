"""Builders for an apps/v1 Deployment's pods, resolved for the process runtime.

On a cluster a Deployment owns ReplicaSets, which own Pods named
``{deployment}-{pod-template-hash}-{5 chars}``. knlite runs the pod template directly: the
runtime's workload *is* the ReplicaSet (a changed template rolls, new pods first), and the
Pods carry the template's labels plus ``pod-template-hash``. The containers follow the
kubelet's rules rather than Knative's: a container without a readiness probe is ready once
it runs. Every container of a pod shares one loopback address here, so the first container
that declares a port (or the first container) is given a free port as ``PORT``, and Services
that select the pod send their traffic there, whatever ``targetPort`` they name.
"""

from __future__ import annotations

from typing import Any

from knlite.apis import kmeta
from knlite.reconciler.revision.resources import (
    Lookup,
    pod_template_hash,
    probe_spec,
    resolve_env,
    resource_limits,
)
from knlite.serving.runtime.spec import ContainerSpec, WorkloadKey, WorkloadSpec

Obj = dict[str, Any]
KIND = "Deployment"
POD_TEMPLATE_HASH = "pod-template-hash"


def workload_key(deploy: Obj) -> WorkloadKey:
    return WorkloadKey(KIND, deploy["metadata"]["namespace"], deploy["metadata"]["name"])


def template_hash(deploy: Obj) -> str:
    return pod_template_hash((deploy.get("spec") or {}).get("template") or {})


def replica_set_name(deploy: Obj) -> str:
    return f"{deploy['metadata']['name']}-{template_hash(deploy)}"


def _declared_port(container: Obj) -> int | None:
    for p in container.get("ports") or []:
        if isinstance(p.get("containerPort"), int):
            return int(p["containerPort"])
    return None


def make_workload(deploy: Obj, lookup: Lookup) -> WorkloadSpec:
    """The runtime workload of a Deployment; raises ``EnvError`` when env sources are missing."""
    meta = deploy["metadata"]
    ns = meta["namespace"]
    template = (deploy.get("spec") or {}).get("template") or {}
    tmeta = template.get("metadata") or {}
    pod = template.get("spec") or {}
    containers_in = pod.get("containers") or []
    serving_index = next((i for i, c in enumerate(containers_in) if _declared_port(c) is not None), 0)
    containers = []
    for i, c in enumerate(containers_in):
        env, field_refs = resolve_env(c, ns, lookup)
        serving = i == serving_index
        containers.append(
            ContainerSpec(
                name=c.get("name", f"container-{i}"),
                image=c.get("image", ""),
                command=tuple(c["command"]) if c.get("command") else None,
                args=tuple(c["args"]) if c.get("args") else None,
                env=tuple(env),
                env_field_refs=tuple(field_refs),
                working_dir=c.get("workingDir") or None,
                port=_declared_port(c) if serving else None,
                serving=serving,
                probe_by_default=False,
                readiness=probe_spec(c.get("readinessProbe"), default_tcp=False),
                liveness=probe_spec(c.get("livenessProbe"), default_tcp=False),
                startup=probe_spec(c.get("startupProbe"), default_tcp=False),
                **resource_limits(c),
            )
        )
    labels = dict(tmeta.get("labels") or {})
    labels[POD_TEMPLATE_HASH] = template_hash(deploy)
    return WorkloadSpec(
        key=workload_key(deploy),
        containers=tuple(containers),
        pod_name_prefix=replica_set_name(deploy),
        labels=labels,
        annotations=dict(tmeta.get("annotations") or {}),
        owner_references=(kmeta.owner_reference(deploy, controller=True, block_owner_deletion=True),),
        service_account=pod.get("serviceAccountName") or "default",
        termination_grace_seconds=int(pod.get("terminationGracePeriodSeconds", 30)),
    )
