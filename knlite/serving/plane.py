"""The serving plane: reconcilers, process runtime and gateways, wired into the daemon.

This is where Knative Serving's components — controller, autoscaler, activator, queue-proxy,
the ingress — become one in-process unit. The pieces only meet here: reconcilers read the
store and publish snapshots into :class:`~knlite.serving.dataplane.DataPlaneState`; the
runtime runs instances and reports them both as ready endpoints (to the gateway) and as Pod
objects (to the store); the gateway serves requests from the snapshots alone.
"""

from __future__ import annotations

import contextlib
import copy
import logging
from typing import TYPE_CHECKING, Any

from knlite.reconciler.autoscaling.podautoscaler import PodAutoscalerReconciler
from knlite.reconciler.base import Key, Manager
from knlite.reconciler.client import Client
from knlite.reconciler.configuration.reconciler import ConfigurationReconciler
from knlite.reconciler.deployment.reconciler import DeploymentReconciler
from knlite.reconciler.domainmapping.reconciler import DomainMappingReconciler
from knlite.reconciler.gc.reconciler import RevisionGCReconciler
from knlite.reconciler.ingress.reconciler import IngressReconciler
from knlite.reconciler.kubeservice.reconciler import KubeServiceReconciler
from knlite.reconciler.revision.reconciler import RevisionReconciler
from knlite.reconciler.route.reconciler import RouteReconciler
from knlite.reconciler.service.reconciler import ServiceReconciler
from knlite.serving.autoscaler.service import AutoscalerService
from knlite.serving.dataplane import DataPlaneState, RevisionKey
from knlite.serving.gateway import Gateway
from knlite.serving.runtime.logs_http import make_log_handler
from knlite.serving.runtime.spec import WorkloadKey
from knlite.serving.runtime.supervisor import Runtime
from knlite.store.store import NotFound, Store

if TYPE_CHECKING:
    from knlite.daemon import Daemon

log = logging.getLogger(__name__)

Obj = dict[str, Any]
CONTROLLER = "system:serviceaccount:knative-serving:controller"
STATUS_DELAY = 0.02  # seconds between an instance changing and its status being reconciled


class StorePods:
    """The runtime's PodSink: Pod objects go straight to the store (they are read-only to users)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def upsert(self, pod: Obj) -> None:
        meta = pod["metadata"]
        current = self.store.peek("Pod", meta["namespace"], meta["name"])
        if current is None:
            self.store.create("Pod", copy.deepcopy(pod))
            return
        new = copy.deepcopy(pod)
        for k in ("uid", "creationTimestamp"):
            if k in current["metadata"]:
                new["metadata"][k] = current["metadata"][k]
        new["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"]
        cmp_new = dict(new, metadata={k: v for k, v in new["metadata"].items() if k != "resourceVersion"})
        cmp_old = dict(current, metadata={k: v for k, v in current["metadata"].items() if k != "resourceVersion"})
        if cmp_new != cmp_old:
            self.store.update("Pod", new)

    def delete(self, namespace: str, name: str) -> None:
        with contextlib.suppress(NotFound):
            self.store.delete("Pod", namespace, name)


class ServingPlane:
    def __init__(self, daemon: Daemon) -> None:
        self.daemon = daemon
        settings = daemon.settings
        self.state = DataPlaneState()
        self.runtime = Runtime.from_settings(settings, endpoints=self.state.endpoints, pods=StorePods(daemon.store))
        self.client = Client(daemon.core, CONTROLLER)
        view = daemon.configs.view
        self.manager = Manager()
        self.revisions = RevisionReconciler(self.client, view, self.runtime, self.runtime.images, self.state)
        self.autoscaler = AutoscalerService(self._sample, self._ready, self._on_decision)
        self.pas = PodAutoscalerReconciler(self.client, view, self.runtime, self.autoscaler)
        self.ingress = IngressReconciler(self.client, self.state)
        for r in (ServiceReconciler(self.client), ConfigurationReconciler(self.client), self.revisions, self.pas,
                  RouteReconciler(self.client, view), self.ingress,
                  DomainMappingReconciler(self.client, view), RevisionGCReconciler(self.client, view)):
            self.manager.add(r)
        # plain Kubernetes workloads and Services: Deployments run in the same runtime
        self.deployments = DeploymentReconciler(self.client, self.runtime)
        self.kube_services = KubeServiceReconciler(self.client, self.runtime, self.state, self.ingress.republish)
        self._revision_controller = next(c for c in self.manager.controllers if c.reconciler is self.revisions)
        self._pa_controller = next(c for c in self.manager.controllers if c.reconciler is self.pas)
        self._deployment_controller = self.manager.add(self.deployments)
        self.manager.add(self.kube_services)
        self.ingress.add_hosts(self.kube_services.hosts, override=True)
        self.gateway = Gateway(self.state, on_cold=self._on_cold)

    def _on_runtime_change(self, key: WorkloadKey) -> None:
        self.kube_services.on_runtime_change(key)
        if key.kind == "Deployment":
            self._deployment_controller.enqueue(Key(key.namespace, key.name), STATUS_DELAY)
        elif key.kind == "Revision":
            k = Key(key.namespace, key.name)
            # a little later: a request held for the new instance goes first (cold-start latency)
            self._pa_controller.enqueue(k, STATUS_DELAY)
            self._revision_controller.enqueue(k, STATUS_DELAY)

    def _on_cold(self, key: RevisionKey) -> None:
        if ":" in key.name:  # a Kubernetes Service's endpoints: nothing to activate
            return
        self.autoscaler.poke(key)
        self._pa_controller.enqueue(Key(key.namespace, key.name))

    def _on_decision(self, key: RevisionKey) -> None:
        self._pa_controller.enqueue(Key(key.namespace, key.name))

    def _sample(self, key: RevisionKey) -> tuple[float, int, float] | None:
        backend = self.gateway.backends.get(key)
        return backend.sample() if backend is not None else None

    def _ready(self, key: RevisionKey) -> int:
        return self.runtime.status(WorkloadKey("Revision", key.namespace, key.name)).ready

    def _forget_stale_pods(self) -> None:
        """Pods describe running processes; none survive a daemon restart, so none may stay listed."""
        for pod in list(self.daemon.store.iter("Pod")):
            self.daemon.store.delete("Pod", pod["metadata"].get("namespace", ""), pod["metadata"]["name"])

    async def start(self) -> None:
        d = self.daemon
        s = d.settings
        self._forget_stale_pods()
        await self.runtime.start()
        d.on_stop(self.runtime.stop)
        self.runtime.subscribe(self._on_runtime_change)
        d.store.add_listener(self.manager.on_event)
        self.manager.start()
        d.on_stop(self.manager.stop)
        await self.gateway.start(s.host, s.http_port, s.internal_port)
        d.on_stop(self.gateway.stop)
        self.autoscaler.start()
        d.on_stop(self.autoscaler.stop)
        if d.api is not None:
            d.api.log_handler = make_log_handler(self.runtime)
