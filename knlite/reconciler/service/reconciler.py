"""Service → Configuration + Route (``pkg/reconciler/service/service.go``).

A Knative Service is sugar: it owns a Configuration (its ``spec.template``) and a Route (its
``spec.traffic``) of the same name, keeps them exactly as it wants them ("clobbering"
drift), and mirrors their readiness into ``ConfigurationsReady`` and ``RoutesReady``. The
Configuration is propagated first and the Route second, so when both are unhappy the
Service's ``Ready`` carries the Route's reason, as on Knative.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from knlite.apis import kmeta
from knlite.apis.registry import ResourceType
from knlite.apis.serving import keys, lifecycle
from knlite.apis.serving import service as service_api
from knlite.reconciler.base import Key, Reconciler, Watch, owner_mapper
from knlite.reconciler.client import Client
from knlite.reconciler.service import resources

Obj = dict[str, Any]


def _semantic_equal(desired: Obj, existing: Obj) -> bool:
    meta_d, meta_e = desired["metadata"], existing["metadata"]
    return (desired["spec"] == existing.get("spec")
            and (meta_d.get("labels") or {}) == (meta_e.get("labels") or {})
            and (meta_d.get("annotations") or {}) == (meta_e.get("annotations") or {}))


def _traffic_migrated(route: Obj, config: Obj) -> bool:
    """Knative's ``checkRoutesNotReady``: status traffic equals spec traffic with config targets resolved."""
    spec = (route.get("spec") or {}).get("traffic") or []
    status = (route.get("status") or {}).get("traffic") or []
    if len(spec) != len(status):
        return False
    latest_ready = (config.get("status") or {}).get("latestReadyRevisionName", "")
    for want, got in zip(spec, status, strict=True):
        w = {k: v for k, v in want.items() if k not in ("url", "latestRevision")}
        g = {k: v for k, v in got.items() if k not in ("url", "latestRevision")}
        if w.pop("configurationName", None) is not None:
            w["revisionName"] = latest_ready
        if w != g:
            return False
    return True


class ServiceReconciler(Reconciler):
    name = "service"

    def __init__(self, client: Client) -> None:
        super().__init__()
        self.client = client
        self.services = client.rt(keys.GROUP, "Service")
        self.configurations = client.rt(keys.GROUP, "Configuration")
        self.routes = client.rt(keys.GROUP, "Route")
        self.revisions = client.rt(keys.GROUP, "Revision")
        self.gk = self.services.group_kind
        self.watches = [Watch(self.configurations.group_kind, owner_mapper("Service", keys.GROUP)),
                        Watch(self.routes.group_kind, owner_mapper("Service", keys.GROUP))]

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.services)]

    def reconcile(self, key: Key) -> float | None:
        svc = self.client.peek(self.services, key.namespace, key.name)
        if svc is None or svc["metadata"].get("deletionTimestamp"):
            return None
        status = copy.deepcopy(svc.get("status") or {})
        service_api.initialize_conditions(status)
        status["observedGeneration"] = svc["metadata"].get("generation", 1)

        config = self._reconcile_configuration(svc, status)
        if config is not None:
            if config["metadata"].get("generation") == (config.get("status") or {}).get("observedGeneration"):
                service_api.propagate_configuration_status(status, config.get("status") or {})
            else:
                service_api.mark_configuration_not_reconciled(status)
        byo = ((svc["spec"].get("template") or {}).get("metadata") or {}).get("name")
        config_caught_up = config is not None and config["metadata"].get("generation") == \
            (config.get("status") or {}).get("observedGeneration")
        if config is not None and (not byo or config_caught_up):
            if byo and self._name_taken(svc, byo):
                service_api.mark_revision_name_taken(status, byo)
            else:
                route = self._reconcile_route(svc, status)
                if route is not None:
                    if route["metadata"].get("generation") == (route.get("status") or {}).get("observedGeneration"):
                        service_api.propagate_route_status(status, route.get("status") or {})
                        if lifecycle.is_ready(route) and not _traffic_migrated(route, config):
                            service_api.mark_route_not_yet_ready(status)
                    else:
                        service_api.mark_route_not_reconciled(status)
        self.client.update_status(self.services, svc, status)
        return None

    def _name_taken(self, svc: Obj, byo: str) -> bool:
        rev = self.client.peek(self.revisions, svc["metadata"]["namespace"], byo)
        if rev is None:
            return False
        labels = rev["metadata"].get("labels") or {}
        return labels.get(keys.SERVICE_LABEL) != svc["metadata"]["name"]

    def _reconcile_configuration(self, svc: Obj, status: Obj) -> Obj | None:
        existing = self.client.peek(self.configurations, svc["metadata"]["namespace"], svc["metadata"]["name"])
        routes = ((existing or {}).get("metadata", {}).get("annotations") or {}).get(keys.ROUTES_ANNOTATION, "")
        return self._reconcile_child(self.configurations, svc, status, existing,
                                     resources.make_configuration(svc, routes), service_api.mark_configuration_not_owned)

    def _reconcile_route(self, svc: Obj, status: Obj) -> Obj | None:
        existing = self.client.peek(self.routes, svc["metadata"]["namespace"], svc["metadata"]["name"])
        return self._reconcile_child(self.routes, svc, status, existing, resources.make_route(svc),
                                     service_api.mark_route_not_owned)

    def _reconcile_child(self, rt: ResourceType, svc: Obj, status: Obj, existing: Obj | None, desired: Obj,
                         mark_not_owned: Callable[[Obj, str], None]) -> Obj | None:
        """Create the Service's child as ``desired``, or clobber its spec, labels and annotations back to it.

        A child of the Service's name that another owner controls is left alone and reported
        with ``mark_not_owned``; the result is then None.
        """
        if existing is None:
            return self.client.create(rt, desired)
        if not kmeta.is_controlled_by(existing, svc):
            mark_not_owned(status, svc["metadata"]["name"])
            return None
        if _semantic_equal(desired, existing):
            return existing
        new = copy.deepcopy(existing)
        new["spec"] = desired["spec"]
        new["metadata"]["labels"] = desired["metadata"]["labels"]
        new["metadata"]["annotations"] = desired["metadata"]["annotations"]
        return self.client.update(rt, new)
