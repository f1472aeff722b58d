"""Discovery documents: how kubectl learns which kinds exist and where they live.

kubectl 1.30+ asks ``/api`` and ``/apis`` for *aggregated* discovery
(``apidiscovery.k8s.io/v2`` ``APIGroupDiscoveryList``), one round trip for everything; older
clients walk ``/apis/<group>/<version>`` for ``APIResourceList`` documents. Both are derived
from the registry, so ``kubectl api-resources`` and short names (``ksvc``, ``kpa``, ``cdc``)
look as they do on a Knative cluster.
"""

from __future__ import annotations

from typing import Any

from knlite.apis.registry import Registry, ResourceType

AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
AGGREGATED_V2BETA1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"

_ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
_READ_VERBS = ["delete", "deletecollection", "get", "list", "watch"]


def verbs(rt: ResourceType) -> list[str]:
    return list(_ALL_VERBS if rt.creatable else _READ_VERBS)


def _group_order(registry: Registry) -> list[str]:
    groups = [g for g in registry.groups() if g]
    return groups


def api_versions(server_address: str) -> dict[str, Any]:
    return {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}],
    }


def _versions(registry: Registry, group: str) -> list[str]:
    seen: list[str] = []
    for rt in registry.groups().get(group, []):
        for v in rt.versions:
            if v not in seen:
                seen.append(v)
    # Kubernetes orders versions by priority: GA before beta before alpha, newest first.
    return sorted(seen, key=_version_priority)


def _version_priority(v: str) -> tuple[int, int, int]:
    import re

    m = re.match(r"^v(\d+)(?:(alpha|beta)(\d+))?$", v)
    if not m:
        return (3, 0, 0)
    major = int(m.group(1))
    stage = {None: 0, "beta": 1, "alpha": 2}[m.group(2)]
    minor = int(m.group(3) or 0)
    return (stage, -major, -minor)


def preferred_version(registry: Registry, group: str) -> str:
    return _versions(registry, group)[0]


def api_group(registry: Registry, group: str) -> dict[str, Any]:
    versions = [{"groupVersion": f"{group}/{v}", "version": v} for v in _versions(registry, group)]
    return {
        "kind": "APIGroup",
        "apiVersion": "v1",
        "name": group,
        "versions": versions,
        "preferredVersion": versions[0],
    }


def api_group_list(registry: Registry) -> dict[str, Any]:
    return {"kind": "APIGroupList", "apiVersion": "v1",
            "groups": [api_group(registry, g) for g in _group_order(registry)]}


def _resource_entries(rt: ResourceType) -> list[dict[str, Any]]:
    base: dict[str, Any] = {
        "name": rt.plural,
        "singularName": rt.singular,
        "namespaced": rt.namespaced,
        "kind": rt.kind,
        "verbs": verbs(rt),
    }
    if rt.short_names:
        base["shortNames"] = list(rt.short_names)
    if rt.categories:
        base["categories"] = list(rt.categories)
    out = [base]
    if rt.status_subresource:
        out.append({"name": f"{rt.plural}/status", "singularName": "", "namespaced": rt.namespaced,
                    "kind": rt.kind, "verbs": ["get", "patch", "update"]})
    for sub in rt.subresources:
        entry = {"name": f"{rt.plural}/{sub}", "singularName": "", "namespaced": rt.namespaced,
                 "kind": "Pod" if sub == "log" else rt.kind, "verbs": ["get"]}
        if sub == "scale":
            entry.update(group="autoscaling", version="v1", kind="Scale", verbs=["get", "patch", "update"])
        out.append(entry)
    return out


def api_resource_list(registry: Registry, group: str, version: str) -> dict[str, Any] | None:
    kinds = [rt for rt in registry.groups().get(group, []) if version in rt.versions]
    if not kinds:
        return None
    resources: list[dict[str, Any]] = []
    for rt in kinds:
        resources.extend(_resource_entries(rt))
    return {"kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": f"{group}/{version}" if group else version, "resources": resources}


def _aggregated_resource(rt: ResourceType, version: str) -> dict[str, Any]:
    kind_ref = {"group": rt.group, "version": version, "kind": rt.kind}
    res: dict[str, Any] = {
        "resource": rt.plural,
        "responseKind": kind_ref,
        "scope": "Namespaced" if rt.namespaced else "Cluster",
        "singularResource": rt.singular,
        "verbs": verbs(rt),
    }
    if rt.short_names:
        res["shortNames"] = list(rt.short_names)
    if rt.categories:
        res["categories"] = list(rt.categories)
    subs = []
    if rt.status_subresource:
        subs.append({"subresource": "status", "responseKind": kind_ref, "verbs": ["get", "patch", "update"]})
    for sub in rt.subresources:
        if sub == "scale":
            subs.append({"subresource": sub, "responseKind": {"group": "autoscaling", "version": "v1", "kind": "Scale"},
                         "verbs": ["get", "patch", "update"]})
            continue
        subs.append({"subresource": sub, "responseKind": {"group": "", "version": "", "kind": "Pod"} if sub == "log"
                     else kind_ref, "verbs": ["get"]})
    if subs:
        res["subresources"] = subs
    return res


def aggregated(registry: Registry, legacy: bool, api_version: str = "apidiscovery.k8s.io/v2") -> dict[str, Any]:
    """``APIGroupDiscoveryList`` for ``/api`` (legacy=True, the core group) or ``/apis``."""
    groups = [""] if legacy else _group_order(registry)
    items = []
    for g in groups:
        versions = []
        for v in _versions(registry, g):
            resources = [_aggregated_resource(rt, v) for rt in registry.groups().get(g, []) if v in rt.versions]
            resources.sort(key=lambda r: r["resource"])
            versions.append({"version": v, "resources": resources, "freshness": "Current"})
        item: dict[str, Any] = {"metadata": {"name": g} if g else {}, "versions": versions}
        items.append(item)
    return {"kind": "APIGroupDiscoveryList", "apiVersion": api_version, "metadata": {}, "items": items}
