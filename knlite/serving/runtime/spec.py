"""What the runtime is asked to run: workloads of containers, already resolved.

A Kubernetes kubelet receives a PodSpec and resolves images, env sources and probes itself;
knlite's reconcilers do the API-side part (ConfigMap/Secret env values, defaults, Knative's
env such as ``K_REVISION``) and hand the runtime a :class:`WorkloadSpec` that needs nothing
from the store. The runtime only adds what differs per instance: the pod name, ``PORT`` (a
free port, since every instance shares one network namespace), and ``fieldRef`` values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class WorkloadKey:
    kind: str  # "Revision", "Deployment", "ContainerSource", ...
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.kind}/{self.namespace}/{self.name}"


@dataclass(frozen=True)
class ProbeSpec:
    """A Kubernetes probe. ``period_seconds == 0`` is Knative's aggressive probing (every 50 ms)."""

    kind: str  # "tcp" | "http" | "exec" | "grpc"
    port: int | None = None  # None → the container's serving port
    path: str = "/"
    scheme: str = "HTTP"
    host: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    command: tuple[str, ...] = ()
    initial_delay_seconds: int = 0
    period_seconds: int = 10
    timeout_seconds: int = 1
    success_threshold: int = 1
    failure_threshold: int = 3


@dataclass(frozen=True)
class ContainerSpec:
    name: str
    image: str
    command: tuple[str, ...] | None = None  # Kubernetes `command` (replaces the image entrypoint)
    args: tuple[str, ...] | None = None  # Kubernetes `args` (replaces the image cmd)
    env: tuple[tuple[str, str], ...] = ()  # resolved values, in order
    env_field_refs: tuple[tuple[str, str], ...] = ()  # (name, fieldPath) resolved per instance
    working_dir: str | None = None
    port: int | None = None  # the serving port declared (containerPort); PORT is set for the serving container
    serving: bool = True  # the container that receives traffic (one per workload at most)
    # without a readiness probe, a serving container is probed on its port (Knative's default);
    # False gives the kubelet's rule instead: ready once started (Deployments)
    probe_by_default: bool = True
    readiness: ProbeSpec | None = None
    liveness: ProbeSpec | None = None
    startup: ProbeSpec | None = None
    cpu_limit_millis: int | None = None
    memory_limit_bytes: int | None = None
    cpu_request_millis: int | None = None
    memory_request_bytes: int | None = None


@dataclass(frozen=True)
class WorkloadSpec:
    key: WorkloadKey
    containers: tuple[ContainerSpec, ...]
    pod_name_prefix: str  # e.g. "hello-00001-deployment-5ddb97ff7"; instances add "-{5 chars}"
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    owner_references: tuple[dict[str, Any], ...] = ()  # for the Pod objects
    service_account: str = "default"
    termination_grace_seconds: int = 30
    # extra containers shown in the Pod object only (Knative's queue-proxy sidecar)
    virtual_containers: tuple[str, ...] = ()
