"""Route → KIngress, URLs and traffic status (``pkg/reconciler/route/route.go``).

The Route reconciler resolves ``spec.traffic`` to ready revisions, works out hosts from
config-domain and config-network, runs gradual rollouts, and writes the result as a KIngress
(``networking.internal.knative.dev/v1alpha1``, name = route) that knlite's ingress
reconciler compiles into the gateways' routing table. If any target is missing or not ready
the existing ingress is left alone, so traffic keeps flowing to what worked. The labeler
(``pkg/reconciler/labeler``) runs last: revisions and configurations referenced by the Route
carry its name in ``serving.knative.dev/routes`` and revisions get routingState ``active``
(``reserve`` once no Route needs them).
"""

from __future__ import annotations

import copy
import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from knlite.apis import kmeta
from knlite.apis.conditions import rfc3339
from knlite.apis.networking import ingress as ingress_api
from knlite.apis.serving import keys, lifecycle
from knlite.apis.serving import route as route_api
from knlite.config.types import ConfigView
from knlite.reconciler.base import Key, Reconciler, Watch, owner_mapper
from knlite.reconciler.client import Client
from knlite.reconciler.route import domains, rollout, traffic

log = logging.getLogger(__name__)

Obj = dict[str, Any]
SERVING_NS = "knative-serving"


def ingress_visibility(cluster_local: bool) -> str:
    return ingress_api.VISIBILITY_CLUSTER_LOCAL if cluster_local else ingress_api.VISIBILITY_EXTERNAL_IP


def _splits(pairs: list[tuple[str, int]], ns: str) -> list[Obj]:
    return [{"serviceName": rev, "serviceNamespace": ns, "servicePort": 80, "percent": pct,
             "appendHeaders": {"Knative-Serving-Revision": rev, "Knative-Serving-Namespace": ns}}
            for rev, pct in pairs if pct > 0]


class RouteReconciler(Reconciler):
    name = "route"
    configs = ((SERVING_NS, "config-domain"), (SERVING_NS, "config-network"))

    def __init__(self, client: Client, config: Callable[[], ConfigView],
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.client = client
        self.config = config
        self.clock = clock
        self.routes = client.rt(keys.GROUP, "Route")
        self.configurations = client.rt(keys.GROUP, "Configuration")
        self.revisions = client.rt(keys.GROUP, "Revision")
        self.ingresses = client.rt("networking.internal.knative.dev", "Ingress")
        self.gk = self.routes.group_kind
        self.watches = [
            Watch(self.ingresses.group_kind, owner_mapper("Route", keys.GROUP)),
            Watch(self.configurations.group_kind, self._routes_for_configuration),
            Watch(self.revisions.group_kind, self._routes_for_revision),
            # a plain Kubernetes Service of the route's name takes its cluster-local name
            Watch(client.rt("", "Service").group_kind,
                  lambda svc: [Key(svc["metadata"]["namespace"], svc["metadata"]["name"])]),
        ]

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.routes)]

    # -- watch mapping -----------------------------------------------------------------------
    def _routes_in(self, ns: str, pred: Callable[[Obj], bool]) -> list[Key]:
        return [Key(ns, r["metadata"]["name"]) for r in self.client.list(self.routes, ns) if pred(r)]

    def _routes_for_configuration(self, config: Obj) -> list[Key]:
        name = config["metadata"]["name"]
        return self._routes_in(config["metadata"]["namespace"], lambda r: any(
            t.get("configurationName") == name for t in (r.get("spec") or {}).get("traffic") or []))

    def _routes_for_revision(self, rev: Obj) -> list[Key]:
        name = rev["metadata"]["name"]
        config = (rev["metadata"].get("labels") or {}).get(keys.CONFIGURATION_LABEL)

        def uses(r: Obj) -> bool:
            for t in ((r.get("spec") or {}).get("traffic") or []) + ((r.get("status") or {}).get("traffic") or []):
                if t.get("revisionName") == name or (config and t.get("configurationName") == config):
                    return True
            return False

        return self._routes_in(rev["metadata"]["namespace"], uses)

    # -- reconcile ---------------------------------------------------------------------------
    def reconcile(self, key: Key) -> float | None:
        route = self.client.peek(self.routes, key.namespace, key.name)
        if route is None:
            self._unlabel_all(key)
            return None
        if route["metadata"].get("deletionTimestamp"):
            return None
        cfg = self.config()
        status = copy.deepcopy(route.get("status") or {})
        route_api.initialize_conditions(status)
        status["observedGeneration"] = route["metadata"].get("generation", 1)
        route_api.mark_tls_not_enabled(status)
        tc = traffic.resolve(route, lambda ns, n: self.client.peek(self.configurations, ns, n),
                             lambda ns, n: self.client.peek(self.revisions, ns, n))
        requeue: float | None = None
        if tc.error is not None:
            # As in Knative's configureTraffic: the URL is known even while targets are not ready.
            spec_tags = [t["tag"] for t in (route.get("spec") or {}).get("traffic") or [] if t.get("tag")]
            status["url"] = domains.route_hosts(route, spec_tags, cfg).default.url
            self._mark_traffic_error(status, tc.error)
        else:
            route_api.mark_traffic_assigned(status)
            requeue = self._program(route, tc, cfg, status)
            # reconcilePlaceholderServices: Knative's Route owns a Kubernetes Service of its
            # name; a Service of that name it does not own (knlite makes none) is a conflict
            if self.client.peek(self.client.rt("", "Service"), key.namespace, key.name) is not None:
                route_api.mark_service_not_owned(status, key.name)
        self._label(route, status)
        self.client.update_status(self.routes, route, status)
        return requeue

    def _mark_traffic_error(self, status: Obj, err: traffic.TrafficError) -> None:
        if err.kind == "missing":
            route_api.mark_missing_traffic_target(status, err.target_kind, err.name)
        elif err.target_kind == "Configuration":
            (route_api.mark_configuration_failed if err.is_failure else route_api.mark_configuration_not_ready)(
                status, err.name)
        else:
            (route_api.mark_revision_failed if err.is_failure else route_api.mark_revision_not_ready)(
                status, err.name)

    def _program(self, route: Obj, tc: traffic.TrafficConfig, cfg: ConfigView, status: Obj) -> float | None:
        meta = route["metadata"]
        ns, name = meta["namespace"], meta["name"]
        tags = [t for t in tc.groups if t]
        hosts = domains.route_hosts(route, tags, cfg)
        existing = self.client.peek(self.ingresses, ns, name)
        now_ns = int(self.clock() * rollout.NS)
        duration = route_api.rollout_duration(route) or cfg.network.rollout_duration
        prev_state = None
        if existing is not None:
            raw = (existing["metadata"].get("annotations") or {}).get(rollout.ANNOTATION)
            prev_state = json.loads(raw) if raw else None
        state = rollout.step(prev_state, rollout.desired_state(tc.groups.get("", [])), now_ns, duration)
        ingress_ready = existing is not None and lifecycle.is_ready(existing)
        if ingress_ready:
            state = rollout.observe_ready(state, now_ns, duration)
        state, next_step = rollout.advance(state, now_ns)

        def pairs(tag: str, targets: list[traffic.Target]) -> list[tuple[str, int]]:
            out: list[tuple[str, int]] = []
            for t in targets:
                rolled = rollout.split_for(state, t.tag, t.configuration) if t.latest and t.configuration else None
                if rolled is not None and not tag:
                    out.extend(rolled)
                else:
                    out.append((t.revision, t.percent))
            return out

        rules = self._rules(hosts.default, pairs("", tc.groups.get("", [])), ns)
        for tag in tags:
            rules.extend(self._rules(hosts.tags[tag], pairs(tag, tc.groups[tag]), ns))
        desired = self._ingress(route, rules, state)
        ingress = self._apply_ingress(existing, desired)

        # status: URLs and the (possibly intermediate) traffic split
        status["url"] = hosts.default.url
        status["address"] = {"url": hosts.address_url}
        status_targets: list[traffic.Target] = []
        for t in tc.targets:
            rolled = rollout.split_for(state, t.tag, t.configuration) if t.latest and t.configuration else None
            if rolled is not None and len(rolled) > 1 and not t.tag:
                status_targets.extend(traffic.Target(t.tag, rev, pct, True, t.configuration) for rev, pct in rolled)
            else:
                status_targets.append(t)
        status["traffic"] = traffic.status_traffic(status_targets, lambda tag: hosts.tags[tag].url)
        if ingress is not None and lifecycle.is_ready(ingress):
            if rollout.in_progress(state):
                route_api.mark_ingress_rollout_in_progress(status)
            else:
                route_api.propagate_ingress_status(status, ingress.get("status") or {})
        else:
            route_api.mark_ingress_not_configured(status)
        if rollout.in_progress(state):
            if next_step is not None:
                return max(0.05, (next_step - now_ns) / rollout.NS)
            return 0.2  # waiting for the first step to be observed
        return None

    @staticmethod
    def _rules(hs: domains.HostSet, pairs: list[tuple[str, int]], ns: str) -> list[Obj]:
        """A ClusterLocal rule for the cluster-local names, plus an ExternalIP rule when exposed."""
        paths = {"paths": [{"splits": _splits(pairs, ns)}]}
        local = [h for h in hs.internal if h not in hs.external]
        rules = [{"hosts": local, "visibility": ingress_visibility(True), "http": paths}]
        if hs.external:
            rules.append({"hosts": list(hs.external), "visibility": ingress_visibility(False),
                          "http": copy.deepcopy(paths)})
        return rules

    def _ingress(self, route: Obj, rules: list[Obj], state: Obj) -> Obj:
        meta = route["metadata"]
        labels = {keys.ROUTE_LABEL: meta["name"], keys.ROUTE_NAMESPACE_LABEL: meta["namespace"]}
        if (meta.get("labels") or {}).get(keys.SERVICE_LABEL):
            labels[keys.SERVICE_LABEL] = meta["labels"][keys.SERVICE_LABEL]
        annotations = {"networking.knative.dev/ingress.class": "knlite.ingress.networking.knative.dev"}
        if state.get("configurations"):
            annotations[rollout.ANNOTATION] = json.dumps(state, separators=(",", ":"), sort_keys=True)
        return {
            "apiVersion": "networking.internal.knative.dev/v1alpha1",
            "kind": "Ingress",
            "metadata": {"name": meta["name"], "namespace": meta["namespace"], "labels": labels,
                         "annotations": annotations, "ownerReferences": [kmeta.owner_reference(route)]},
            "spec": {"httpOption": "Enabled", "rules": rules},
        }

    def _apply_ingress(self, existing: Obj | None, desired: Obj) -> Obj | None:
        if existing is None:
            return self.client.create(self.ingresses, desired)
        if existing.get("spec") == desired["spec"] and \
                existing["metadata"].get("annotations") == desired["metadata"]["annotations"] and \
                existing["metadata"].get("labels") == desired["metadata"]["labels"]:
            return existing
        new = copy.deepcopy(existing)
        new["spec"] = desired["spec"]
        new["metadata"]["annotations"] = desired["metadata"]["annotations"]
        new["metadata"]["labels"] = desired["metadata"]["labels"]
        return self.client.update(self.ingresses, new)

    # -- labeler -----------------------------------------------------------------------------
    def _label(self, route: Obj, status: Obj) -> None:
        ns, name = route["metadata"]["namespace"], route["metadata"]["name"]
        revisions: set[str] = set()
        configs: set[str] = set()
        for t in (status.get("traffic") or []) + ((route.get("spec") or {}).get("traffic") or []):
            config_name = t.get("configurationName") or ""
            if t.get("revisionName"):
                rev = self.client.peek(self.revisions, ns, t["revisionName"])
                if rev is None:
                    continue
                owner = kmeta.controller_of(rev)
                if owner is not None and owner.get("kind") == "Configuration":
                    config_name = owner["name"]
                revisions.add(t["revisionName"])
            if config_name:
                config = self.client.peek(self.configurations, ns, config_name)
                if config is None:
                    continue
                configs.add(config_name)
                latest = (config.get("status") or {}).get("latestCreatedRevisionName")
                if latest and t.get("latestRevision"):
                    revisions.add(latest)
        self._sync_labels(self.revisions, ns, name, revisions, True)
        self._sync_labels(self.configurations, ns, name, configs, False)

    def _unlabel_all(self, key: Key) -> None:
        self._sync_labels(self.revisions, key.namespace, key.name, set(), True)
        self._sync_labels(self.configurations, key.namespace, key.name, set(), False)

    def _sync_labels(self, rt: Any, ns: str, route: str, listed: set[str], revision: bool) -> None:
        now = rfc3339(datetime.now(UTC))
        for obj in list(self.client.list(rt, ns)):
            name = obj["metadata"]["name"]
            annotations = obj["metadata"].get("annotations") or {}
            routes = {r for r in annotations.get(keys.ROUTES_ANNOTATION, "").split(",") if r}
            labels = obj["metadata"].get("labels") or {}
            if name in listed:
                new_routes = routes | {route}
            elif route in routes:
                new_routes = routes - {route}
            else:
                continue
            new_state = labels.get(keys.ROUTING_STATE_LABEL)
            if revision:
                new_state = keys.ROUTING_STATE_ACTIVE if new_routes else keys.ROUTING_STATE_RESERVE
            if new_routes == routes and new_state == labels.get(keys.ROUTING_STATE_LABEL):
                continue
            new = copy.deepcopy(obj)
            ann = new["metadata"].setdefault("annotations", {})
            if new_routes:
                ann[keys.ROUTES_ANNOTATION] = ",".join(sorted(new_routes))
            else:
                ann.pop(keys.ROUTES_ANNOTATION, None)
            if revision and new_state != labels.get(keys.ROUTING_STATE_LABEL):
                new["metadata"].setdefault("labels", {})[keys.ROUTING_STATE_LABEL] = new_state
                ann[keys.ROUTING_STATE_MODIFIED_ANNOTATION] = now
            try:
                self.client.update(rt, new)
            except Exception:  # the next reconcile retries; a conflicting write is not fatal
                log.debug("labeling %s/%s failed", ns, name, exc_info=True)
