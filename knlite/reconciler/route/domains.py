"""Host names and URLs of a Route (``pkg/reconciler/route/domains``, ``visibility``).

The domain comes from config-domain (the most specific label selector matching the Route's
labels, or ``svc.cluster.local`` for cluster-local Routes); config-network's
``domain-template`` and ``tag-template`` make the hosts. A Route whose domain is
``svc.cluster.local`` — by label or because no external domain matches — answers only on the
cluster-local names ``{route}.{ns}.svc.cluster.local``, ``{route}.{ns}.svc`` and
``{route}.{ns}``; every external host has that cluster-local twin too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from knlite.apis.serving import keys
from knlite.config.gotemplate import render_domain, render_tag
from knlite.config.types import ConfigView

Obj = dict[str, Any]

CLUSTER_LOCAL_DOMAIN = "svc.cluster.local"
DEFAULT_DOMAIN_TEMPLATE = "{{.Name}}.{{.Namespace}}.{{.Domain}}"


@dataclass(frozen=True)
class HostSet:
    """The hosts of one traffic group (the default split or one tag)."""

    external: tuple[str, ...] = ()
    internal: tuple[str, ...] = ()
    url: str = ""


@dataclass
class RouteHosts:
    cluster_local: bool
    default: HostSet
    tags: dict[str, HostSet] = field(default_factory=dict)
    address_url: str = ""


def cluster_local_names(name: str, namespace: str) -> tuple[str, ...]:
    return (f"{name}.{namespace}.{CLUSTER_LOCAL_DOMAIN}", f"{name}.{namespace}.svc", f"{name}.{namespace}")


def is_cluster_local(route: Obj, config: ConfigView) -> bool:
    labels = route["metadata"].get("labels") or {}
    if labels.get(keys.VISIBILITY_LABEL) == keys.VISIBILITY_CLUSTER_LOCAL:
        return True
    return config.domain.lookup(labels) == CLUSTER_LOCAL_DOMAIN


def _host(config: ConfigView, name: str, route: Obj, cluster_local: bool) -> str:
    meta = route["metadata"]
    if cluster_local:
        return f"{name}.{meta['namespace']}.{CLUSTER_LOCAL_DOMAIN}"
    domain = config.domain.lookup(meta.get("labels") or {})
    return render_domain(config.network.domain_template, name=name, namespace=meta["namespace"], domain=domain,
                         annotations=meta.get("annotations") or {}, labels=meta.get("labels") or {})


def route_hosts(route: Obj, tags: list[str], config: ConfigView, tag_local: set[str] | None = None) -> RouteHosts:
    """Hosts and URLs for a Route and its tags; ``tag_local`` marks tags made cluster-local."""
    meta = route["metadata"]
    name, ns = meta["name"], meta["namespace"]
    local = is_cluster_local(route, config)
    scheme = "http" if local else config.network.default_external_scheme

    def host_set(host_name: str, make_local: bool) -> HostSet:
        internal = cluster_local_names(host_name, ns)
        if make_local:
            return HostSet((), internal, f"http://{internal[0]}")
        host = _host(config, host_name, route, False)
        return HostSet((host,), (*internal, host), f"{scheme}://{host}")

    out = RouteHosts(local, host_set(name, local), address_url=f"http://{name}.{ns}.{CLUSTER_LOCAL_DOMAIN}")
    for tag in tags:
        tag_name = render_tag(config.network.tag_template, name=name, tag=tag)
        out.tags[tag] = host_set(tag_name, local or tag in (tag_local or set()))
    return out
