"""KIngress → the gateways' routing table: knlite's own networking layer.

On a cluster, a KIngress is implemented by net-istio, net-kourier or net-contour, which
program Envoy. knlite implements it in-process: every change to any KIngress recompiles all
of them into one immutable :class:`~knlite.serving.dataplane.RoutingTable` — ExternalIP rules
to the external listener, ClusterLocal rules (and the cluster-local twins) to the internal
one — and swaps it into the data plane, then marks the KIngress Ready as a real ingress does
once Envoy acknowledged the config. Rules with ``rewriteHost`` (DomainMappings) are compiled
last, as aliases of the rule already serving the rewritten host.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from knlite.apis.networking import ingress as ingress_api
from knlite.reconciler.base import Key, Reconciler
from knlite.reconciler.client import Client
from knlite.serving.dataplane import (
    CLUSTER_LOCAL,
    EXTERNAL,
    DataPlaneState,
    RevisionKey,
    RouteRule,
    RoutingTable,
    Split,
)

Obj = dict[str, Any]
GROUP = "networking.internal.knative.dev"
INTERNAL_DOMAIN = "knlite-internal.knative-serving.svc.cluster.local"


def compile_table(ingresses: list[Obj], extra_internal: dict[str, RouteRule] | None = None,
                  overrides: dict[str, RouteRule] | None = None) -> RoutingTable:
    """All rules of all KIngresses, over the ``extra_internal`` hosts; ``overrides`` (plain
    Kubernetes Services, which own their cluster DNS names) win over both."""
    internal: dict[str, RouteRule] = dict(extra_internal or {})
    external: dict[str, RouteRule] = {h: r for h, r in internal.items() if r.visibility == EXTERNAL}
    aliases: list[tuple[Obj, Obj, Obj]] = []
    for ing in sorted(ingresses, key=lambda o: (o["metadata"]["namespace"], o["metadata"]["name"])):
        if ing["metadata"].get("deletionTimestamp"):
            continue
        ns = ing["metadata"]["namespace"]
        route = (ing["metadata"].get("labels") or {}).get("serving.knative.dev/route", ing["metadata"]["name"])
        for rule in (ing.get("spec") or {}).get("rules") or []:
            for path in (rule.get("http") or {}).get("paths") or []:
                if path.get("rewriteHost"):
                    aliases.append((ing, rule, path))
                    continue
                splits = tuple(Split(RevisionKey(s.get("serviceNamespace") or ns, s["serviceName"]),
                                     int(s.get("percent", 100))) for s in path.get("splits") or [])
                local = rule.get("visibility") == ingress_api.VISIBILITY_CLUSTER_LOCAL
                rr = RouteRule(ns, route, splits, CLUSTER_LOCAL if local else EXTERNAL)
                for host in rule.get("hosts") or []:
                    host = host.lower()
                    internal[host] = rr
                    if not local:
                        external[host] = rr
    for ing, rule, path in aliases:
        target = internal.get(path["rewriteHost"].lower())
        if target is None:
            continue
        rr = RouteRule(ing["metadata"]["namespace"], ing["metadata"]["name"], target.splits, EXTERNAL,
                       rewrite_host=path["rewriteHost"])
        for host in rule.get("hosts") or []:
            host = host.lower()
            internal.setdefault(host, rr)
            if rule.get("visibility") != ingress_api.VISIBILITY_CLUSTER_LOCAL:
                external[host] = rr
    internal.update(overrides or {})
    return RoutingTable(external, internal)


class IngressReconciler(Reconciler):
    name = "ingress"

    def __init__(self, client: Client, state: DataPlaneState) -> None:
        super().__init__()
        self.client = client
        self.state = state
        self.ingresses = client.rt(GROUP, "Ingress")
        self.gk = self.ingresses.group_kind
        self.extras: list[Callable[[], dict[str, RouteRule]]] = []  # cluster-local hosts of other planes
        self.overrides: list[Callable[[], dict[str, RouteRule]]] = []

    def add_hosts(self, source: Callable[[], dict[str, RouteRule]], override: bool = False) -> None:
        """Serve extra hosts of other planes (the eventing data plane's); with ``override``, they
        win over the KIngresses' (the DNS names of plain Kubernetes Services)."""
        (self.overrides if override else self.extras).append(source)
        self.republish()

    def republish(self) -> None:
        extra: dict[str, RouteRule] = {}
        for source in self.extras:
            extra.update(source())
        overrides: dict[str, RouteRule] = {}
        for source in self.overrides:
            overrides.update(source())
        self.state.publish_routes(compile_table(self.client.list(self.ingresses), extra, overrides))

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.ingresses)]

    def reconcile(self, key: Key) -> float | None:
        self.republish()
        ing = self.client.peek(self.ingresses, key.namespace, key.name)
        if ing is None or ing["metadata"].get("deletionTimestamp"):
            return None
        status = copy.deepcopy(ing.get("status") or {})
        ingress_api.initialize_conditions(status)
        status["observedGeneration"] = ing["metadata"].get("generation", 1)
        ingress_api.mark_network_configured(status)
        lb = [{"domainInternal": INTERNAL_DOMAIN}]
        ingress_api.mark_load_balancer_ready(status, lb, lb)
        self.client.update_status(self.ingresses, ing, status)
        return None
