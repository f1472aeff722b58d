"""DomainMapping → ClusterDomainClaim + KIngress (``pkg/reconciler/domainmapping/reconciler.go``).

A DomainMapping serves its own name (``hello.icloud2native.com``) with the traffic of a
Knative Service, Route or Kubernetes Service in its namespace. It first needs the
cluster-wide claim on that domain — a ClusterDomainClaim naming its namespace, created
automatically only when config-network's ``autocreate-cluster-domain-claims`` is true — then
resolves its ``ref`` to ``http://{name}.{ns}.svc.cluster.local`` and programs a KIngress rule
that rewrites the Host to that name, so the request follows the target Route's own split.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from knlite.apis import kmeta
from knlite.apis.networking import ingress as ingress_api
from knlite.apis.serving import domainmapping as dm_api
from knlite.apis.serving import keys, lifecycle
from knlite.config.types import ConfigView
from knlite.reconciler.base import Key, Reconciler, Watch, owner_mapper
from knlite.reconciler.client import Client

Obj = dict[str, Any]
NET = "networking.internal.knative.dev"


class ResolveError(Exception):
    pass


class DomainMappingReconciler(Reconciler):
    name = "domainmapping"
    configs = (("knative-serving", "config-network"),)

    def __init__(self, client: Client, config: Callable[[], ConfigView]) -> None:
        super().__init__()
        self.client = client
        self.config = config
        self.mappings = client.rt(keys.GROUP, "DomainMapping")
        self.claims = client.rt(NET, "ClusterDomainClaim")
        self.ingresses = client.rt(NET, "Ingress")
        self.gk = self.mappings.group_kind
        self.watches = [
            Watch(self.ingresses.group_kind, owner_mapper("DomainMapping", keys.GROUP)),
            Watch(self.claims.group_kind, self._mappings_for_claim),
            Watch(client.rt(keys.GROUP, "Service").group_kind, self._mappings_for_ref),
            Watch(client.rt(keys.GROUP, "Route").group_kind, self._mappings_for_ref),
        ]

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.mappings)]

    def _mappings_for_claim(self, claim: Obj) -> list[Key]:
        return [Key(m["metadata"]["namespace"], m["metadata"]["name"]) for m in self.client.list(self.mappings)
                if m["metadata"]["name"] == claim["metadata"]["name"]]

    def _mappings_for_ref(self, target: Obj) -> list[Key]:
        ns = target["metadata"]["namespace"]
        return [Key(ns, m["metadata"]["name"]) for m in self.client.list(self.mappings, ns)
                if ((m.get("spec") or {}).get("ref") or {}).get("name") == target["metadata"]["name"]]

    def reconcile(self, key: Key) -> float | None:
        dm = self.client.peek(self.mappings, key.namespace, key.name)
        cfg = self.config()
        if dm is None or dm["metadata"].get("deletionTimestamp"):
            self._release_claim(key, cfg)
            return None
        status = copy.deepcopy(dm.get("status") or {})
        dm_api.initialize_conditions(status)
        status["observedGeneration"] = dm["metadata"].get("generation", 1)
        name = dm["metadata"]["name"]
        scheme = cfg.network.default_external_scheme
        status["url"] = f"{scheme}://{name}"
        status["address"] = {"url": f"{scheme}://{name}"}
        if (dm.get("spec") or {}).get("tls"):
            dm_api.mark_certificate_not_required(status)
        else:
            dm_api.mark_tls_not_enabled(status)
        if self._claim(dm, cfg, status):
            try:
                host = self._resolve(dm)
            except ResolveError as e:
                dm_api.mark_reference_not_resolved(status, str(e))
            else:
                dm_api.mark_reference_resolved(status)
                ingress = self._apply_ingress(dm, host)
                if lifecycle.is_ready(ingress):
                    dm_api.propagate_ingress_status(status, ingress.get("status") or {})
                else:
                    dm_api.mark_ingress_not_configured(status)
        self.client.update_status(self.mappings, dm, status)
        return None

    def _claim(self, dm: Obj, cfg: ConfigView, status: Obj) -> bool:
        name, ns = dm["metadata"]["name"], dm["metadata"]["namespace"]
        claim = self.client.peek(self.claims, "", name)
        if claim is None:
            if not cfg.network.autocreate_cluster_domain_claims:
                dm_api.mark_domain_claim_not_owned(status)
                return False
            claim = self.client.create(self.claims, {
                "apiVersion": f"{NET}/v1alpha1", "kind": "ClusterDomainClaim",
                "metadata": {"name": name}, "spec": {"namespace": ns}})
        if (claim.get("spec") or {}).get("namespace") != ns:
            dm_api.mark_domain_claim_not_owned(status)
            return False
        dm_api.mark_domain_claimed(status)
        return True

    def _release_claim(self, key: Key, cfg: ConfigView) -> None:
        if not cfg.network.autocreate_cluster_domain_claims:
            return
        claim = self.client.peek(self.claims, "", key.name)
        if claim is None or (claim.get("spec") or {}).get("namespace") != key.namespace:
            return
        self.client.delete(self.claims, "", key.name)

    def _resolve(self, dm: Obj) -> str:
        ns = dm["metadata"]["namespace"]
        ref = (dm.get("spec") or {}).get("ref") or {}
        api_version, kind, name = ref.get("apiVersion", ""), ref.get("kind", ""), ref.get("name", "")
        group = api_version.rpartition("/")[0]
        if ref.get("namespace") and ref["namespace"] != ns:
            raise ResolveError(f'resolved URI "http://{name}.{ref["namespace"]}.svc.cluster.local" must be in same '
                               "namespace as DomainMapping")
        if group == "" and kind == "Service":
            if self.client.peek(self.client.rt("", "Service"), ns, name) is None:
                raise ResolveError(f'failed to get object {ns}/{name}: services "{name}" not found')
            url = f"http://{name}.{ns}.svc.cluster.local"
        else:
            rt = self.client.core.registry.by_kind(group, kind)
            target = self.client.peek(rt, ns, name) if rt is not None else None
            if target is None:
                plural = rt.group_resource if rt is not None else f"{kind.lower()}s.{group}"
                raise ResolveError(f'failed to get object {ns}/{name}: {plural} "{name}" not found')
            url = ((target.get("status") or {}).get("address") or {}).get("url") or ""
            if not url:
                raise ResolveError(f"{kind} {ns}/{name} does not contain address")
        parsed = urlparse(url)
        host = parsed.hostname or ""
        if parsed.path not in ("", "/"):
            raise ResolveError(f'resolved URI "{url}" contains a path')
        if not host.endswith(".svc.cluster.local") or host.count(".") != 4:
            raise ResolveError(f'resolved URI "{url}" must be of the form {{name}}.{{namespace}}.svc.cluster.local')
        if host.split(".")[1] != ns:
            raise ResolveError(f'resolved URI "{url}" must be in same namespace as DomainMapping')
        return host

    def _apply_ingress(self, dm: Obj, target_host: str) -> Obj:
        ns, name = dm["metadata"]["namespace"], dm["metadata"]["name"]
        ingress_name = kmeta.child_name(name, "")
        ref_name = target_host.split(".")[0]
        desired = {
            "apiVersion": f"{NET}/v1alpha1",
            "kind": "Ingress",
            "metadata": {
                "name": ingress_name, "namespace": ns,
                "labels": {keys.DOMAIN_MAPPING_UID_LABEL: dm["metadata"]["uid"],
                           keys.DOMAIN_MAPPING_NAMESPACE_LABEL: ns},
                "annotations": {"networking.knative.dev/ingress.class": "knlite.ingress.networking.knative.dev"},
                "ownerReferences": [kmeta.owner_reference(dm)],
            },
            "spec": {"httpOption": "Enabled", "rules": [{
                "hosts": [name], "visibility": ingress_api.VISIBILITY_EXTERNAL_IP,
                "http": {"paths": [{"rewriteHost": target_host, "splits": [{
                    "serviceName": ref_name, "serviceNamespace": ns, "servicePort": 80, "percent": 100}]}]},
            }]},
        }
        existing = self.client.peek(self.ingresses, ns, ingress_name)
        if existing is None:
            return self.client.create(self.ingresses, desired)
        if existing.get("spec") == desired["spec"]:
            return existing
        new = copy.deepcopy(existing)
        new["spec"] = desired["spec"]
        return self.client.update(self.ingresses, new)
