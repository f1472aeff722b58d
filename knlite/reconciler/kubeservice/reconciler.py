"""Kubernetes Services (core/v1) → cluster-local hosts and endpoints, as kube-proxy and cluster DNS would.

A Service with a selector answers at ``{name}.{namespace}.svc.cluster.local`` (and the short
forms ``{name}.{namespace}.svc`` and ``{name}.{namespace}``) on the internal gateway; its
endpoints are the ready pods of any workload in its namespace whose labels match the
selector — a Deployment's pods, a Revision's. Every pod listens on its own loopback port,
so a request goes to that port whatever ``port``/``targetPort`` the Service names.

Endpoints are data-plane state: they are published to the gateway on every runtime change
without touching the store. A Service that selects no workload at all answers 503
``no endpoints available for service "…"`` (kube-proxy would refuse the connection); one
whose pods are still starting holds the request until a pod is ready, as the activator does.
A Knative Service of the same name keeps its host: Knative routes win over plain Services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from knlite.reconciler.base import Key, Reconciler
from knlite.reconciler.client import Client
from knlite.serving.dataplane import (
    CLUSTER_LOCAL,
    DataPlaneState,
    Instance,
    RevisionConfig,
    RevisionKey,
    RouteRule,
    Split,
)
from knlite.serving.runtime.spec import WorkloadKey
from knlite.serving.runtime.supervisor import Runtime

Obj = dict[str, Any]


def endpoints_key(namespace: str, name: str) -> RevisionKey:
    """The data-plane key of a Service's endpoints (``:`` never occurs in an object name)."""
    return RevisionKey(namespace, f"svc:{name}")


def service_hosts(namespace: str, name: str) -> tuple[str, ...]:
    return f"{name}.{namespace}.svc.cluster.local", f"{name}.{namespace}.svc", f"{name}.{namespace}"


class KubeServiceReconciler(Reconciler):
    name = "kubeservice"

    def __init__(
        self, client: Client, runtime: Runtime, state: DataPlaneState, republish: Callable[[], None]
    ) -> None:
        super().__init__()
        self.client = client
        self.runtime = runtime
        self.state = state
        self.republish = republish
        self.services = client.rt("", "Service")
        self.gk = self.services.group_kind
        self.watches = []
        self.selectors: dict[Key, dict[str, str]] = {}

    def all_keys(self) -> list[Key]:
        return [
            Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.services)
        ]

    def hosts(self) -> dict[str, RouteRule]:
        """The hosts of every selecting Service, for the internal gateway's routing table."""
        out: dict[str, RouteRule] = {}
        for key in self.selectors:
            rule = RouteRule(
                key.namespace, key.name, (Split(endpoints_key(key.namespace, key.name), 100),), CLUSTER_LOCAL
            )
            for host in service_hosts(key.namespace, key.name):
                out[host] = rule
        return out

    def reconcile(self, key: Key) -> float | None:
        svc = self.client.peek(self.services, key.namespace, key.name)
        spec = (svc or {}).get("spec") or {}
        selector = spec.get("selector") or {}
        if (
            svc is None
            or svc["metadata"].get("deletionTimestamp")
            or not selector
            or spec.get("type") == "ExternalName"
        ):
            if self.selectors.pop(key, None) is not None:
                ek = endpoints_key(key.namespace, key.name)
                self.state.endpoints.set(ek, ())
                self.state.remove_revision(ek)
                self.republish()
            return None
        known = key in self.selectors
        self.selectors[key] = dict(selector)
        self.refresh(key)
        if not known:
            self.republish()
        return None

    def on_runtime_change(self, workload: WorkloadKey) -> None:
        for key in list(self.selectors):
            if key.namespace == workload.namespace:
                self.refresh(key)

    def refresh(self, key: Key) -> None:
        selector = self.selectors[key]
        ek = endpoints_key(key.namespace, key.name)
        instances: list[Instance] = []
        selected = False
        for wk in self.runtime.workloads():
            if wk.namespace != key.namespace:
                continue
            spec = self.runtime.spec(wk)
            if spec is None or any(spec.labels.get(k) != v for k, v in selector.items()):
                continue
            selected = selected or self.runtime.status(wk).desired > 0
            instances.extend(self.runtime.instances(wk))
        ready = tuple(sorted(instances, key=lambda i: i.id))
        if self.state.endpoints.get(ek) != ready:
            self.state.endpoints.set(ek, ready)
        failed = "" if selected or ready else f'no endpoints available for service "{key.name}"'
        current = self.state.revisions.get(ek)
        if current is None or current.failed_reason != failed:
            self.state.publish_revision(RevisionConfig(ek, failed_reason=failed))
