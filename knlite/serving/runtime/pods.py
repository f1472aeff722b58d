"""The core/v1 Pod object of an instance, rendered from its status snapshot.

Users look at instances the way they would on a cluster — ``kubectl get pods``, ``kubectl
describe pod``, ``kubectl logs`` — so every instance is a read-only Pod: named
``{prefix}-{5 chars}`` like a ReplicaSet's pods, labelled and owned as the workload says,
with Knative's ``queue-proxy`` sidecar listed beside the user container (its work is done
inside the daemon), and a status in the kubelet's terms: phase, the four conditions, and
per-container state/lastState with CrashLoopBackOff, ErrImagePull and exit codes.
"""

from __future__ import annotations

import random
from typing import Any

from knlite.serving.runtime.images import rfc3339
from knlite.serving.runtime.spec import ContainerSpec, WorkloadSpec
from knlite.serving.runtime.status import RUNNING, TERMINATED, ContainerStatus, InstanceStatus, Terminated

HOST_IP = "127.0.0.1"
# Kubernetes' rand.String alphabet (no vowels, no look-alikes).
_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def random_suffix(n: int = 5, rnd: random.Random | None = None) -> str:
    r = rnd or random
    return "".join(r.choice(_ALPHABET) for _ in range(n))


def _quantity_cpu(millis: int) -> str:
    return f"{millis // 1000}" if millis % 1000 == 0 else f"{millis}m"


def _quantity_mem(n: int) -> str:
    for unit, size in (("Gi", 1024 ** 3), ("Mi", 1024 ** 2), ("Ki", 1024)):
        if n % size == 0:
            return f"{n // size}{unit}"
    return str(n)


def _resources(c: ContainerSpec) -> dict[str, Any]:
    out: dict[str, Any] = {}
    limits = {k: v for k, v in (("cpu", c.cpu_limit_millis and _quantity_cpu(c.cpu_limit_millis)),
                                ("memory", c.memory_limit_bytes and _quantity_mem(c.memory_limit_bytes))) if v}
    requests = {k: v for k, v in (("cpu", c.cpu_request_millis and _quantity_cpu(c.cpu_request_millis)),
                                  ("memory", c.memory_request_bytes and _quantity_mem(c.memory_request_bytes))) if v}
    if limits:
        out["limits"] = limits
    if requests:
        out["requests"] = requests
    return out


def _container(spec: WorkloadSpec, c: ContainerSpec, port: int | None) -> dict[str, Any]:
    d: dict[str, Any] = {"name": c.name, "image": c.image}
    if c.command:
        d["command"] = list(c.command)
    if c.args:
        d["args"] = list(c.args)
    if c.working_dir:
        d["workingDir"] = c.working_dir
    if c.serving and port is not None:
        p: dict[str, Any] = {"containerPort": port, "protocol": "TCP"}
        if spec.key.kind == "Revision":
            p = {"name": "user-port", **p}
        d["ports"] = [p]
        d["env"] = [{"name": "PORT", "value": str(port)}]
    for name, path in c.env_field_refs:
        d.setdefault("env", []).append({"name": name, "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": path}}})
    d["resources"] = _resources(c)
    d["terminationMessagePath"] = "/dev/termination-log"
    d["terminationMessagePolicy"] = "FallbackToLogsOnError" if spec.key.kind == "Revision" else "File"
    d["imagePullPolicy"] = "IfNotPresent"
    return d


def _terminated(t: Terminated, container_id: str) -> dict[str, Any]:
    d: dict[str, Any] = {"exitCode": t.exit_code, "reason": t.reason}
    if t.message:
        d["message"] = t.message
    if t.started_at is not None:
        d["startedAt"] = rfc3339(t.started_at)
    d["finishedAt"] = rfc3339(t.finished_at)
    if container_id:
        d["containerID"] = container_id
    return d


def _container_status(c: ContainerStatus) -> dict[str, Any]:
    cid = f"knlite://{c.pid}" if c.pid else ""
    if c.state == RUNNING:
        state: dict[str, Any] = {"running": {"startedAt": rfc3339(c.started_at)}}
    elif c.state == TERMINATED and c.terminated is not None:
        state = {"terminated": _terminated(c.terminated, cid)}
    else:
        waiting: dict[str, Any] = {"reason": c.reason or "ContainerCreating"}
        if c.message:
            waiting["message"] = c.message
        state = {"waiting": waiting}
    d: dict[str, Any] = {
        "name": c.name,
        "state": state,
        "lastState": {"terminated": _terminated(c.last_terminated, "")} if c.last_terminated else {},
        "ready": c.ready,
        "restartCount": c.restart_count,
        "image": c.image,
        "imageID": c.image_id,
        "started": c.started,
    }
    if cid and c.state in (RUNNING, TERMINATED):
        d["containerID"] = cid
    return d


def _qos(spec: WorkloadSpec) -> str:
    if spec.virtual_containers:
        return "Burstable"  # Knative's queue-proxy requests 25m CPU
    cs = spec.containers
    if all(c.cpu_limit_millis and c.memory_limit_bytes
           and c.cpu_request_millis in (None, c.cpu_limit_millis)
           and c.memory_request_bytes in (None, c.memory_limit_bytes) for c in cs):
        return "Guaranteed"
    if any(c.cpu_limit_millis or c.memory_limit_bytes or c.cpu_request_millis or c.memory_request_bytes for c in cs):
        return "Burstable"
    return "BestEffort"


def build_pod(spec: WorkloadSpec, inst: InstanceStatus, *, node_name: str, restart_policy: str = "Always",
              host_ip: str = HOST_IP) -> dict[str, Any]:
    created = rfc3339(inst.created_at)
    # No ``kubectl.kubernetes.io/default-container`` annotation: without it kubectl still picks the
    # first container (the user's) and says ``Defaulted container "user-container" out of:
    # user-container, queue-proxy`` as it does against Knative; with it, kubectl says nothing.
    annotations = dict(spec.annotations)
    containers = [_container(spec, c, inst.port) for c in spec.containers]
    containers += [{"name": v, "image": f"knlite/{v}", "resources": {"requests": {"cpu": "25m"}},
                    "imagePullPolicy": "IfNotPresent"} for v in spec.virtual_containers]
    unready = sorted(c.name for c in inst.containers if not c.ready)
    ready = "True" if inst.ready else "False"
    ready_cond: dict[str, Any] = {"type": "Ready", "status": ready, "lastProbeTime": None,
                                  "lastTransitionTime": rfc3339(inst.ready_changed_at)}
    containers_ready = dict(ready_cond, type="ContainersReady")
    if not inst.ready:
        msg = f"containers with unready status: [{' '.join(unready)}]" if unready else "the pod is terminating"
        ready_cond.update(reason="ContainersNotReady", message=msg)
        containers_ready.update(reason="ContainersNotReady", message=msg)
    meta: dict[str, Any] = {
        "name": inst.pod_name,
        "generateName": spec.pod_name_prefix + "-",
        "namespace": inst.namespace,
        "uid": inst.uid,
        "creationTimestamp": created,
        "labels": dict(spec.labels),
        "annotations": annotations,
    }
    if spec.owner_references:
        meta["ownerReferences"] = [dict(r) for r in spec.owner_references]
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": meta,
        "spec": {
            "containers": containers,
            "restartPolicy": restart_policy,
            "terminationGracePeriodSeconds": spec.termination_grace_seconds,
            "dnsPolicy": "ClusterFirst",
            "serviceAccountName": spec.service_account,
            "serviceAccount": spec.service_account,
            "nodeName": node_name,
            "schedulerName": "default-scheduler",
            "securityContext": {},
            "enableServiceLinks": False,
            "priority": 0,
        },
        "status": {
            "phase": inst.phase,
            "conditions": [
                {"type": "Initialized", "status": "True", "lastProbeTime": None, "lastTransitionTime": created},
                ready_cond,
                containers_ready,
                {"type": "PodScheduled", "status": "True", "lastProbeTime": None, "lastTransitionTime": created},
            ],
            "hostIP": host_ip,
            "podIP": host_ip,
            "podIPs": [{"ip": host_ip}],
            "startTime": created,
            "containerStatuses": [_container_status(c) for c in sorted(inst.containers, key=lambda c: c.name)],
            "qosClass": _qos(spec),
        },
    }
