"""ApiServerSource → a running adapter, after the sink and the service account's permissions check out.

Knative's reconciler (``pkg/reconciler/apiserversource``) resolves the sink
(``SinkProvided=False``, reason ``NotFound``, when it cannot), lists the namespaces to watch
(the source's own, or those matching ``namespaceSelector``, sorted, into
``status.namespaces``), runs a SubjectAccessReview for ``get``, ``list`` and ``watch`` of
every resource in every namespace as ``system:serviceaccount:{ns}:{serviceAccountName}``
(``SufficientPermissions=False`` with ``User … cannot …`` when any is missing), then deploys
the receive adapter and publishes ``ceAttributes``. Here the adapter runs in-process
(:mod:`knlite.eventing.sources.apiserver`), so ``Deployed`` is true once it runs; a source
that lacks a sink or permissions has no adapter and sends nothing. Changes to RBAC objects,
namespaces and sinks re-check every source.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from knlite.api import rbac
from knlite.apis.duck import DEPLOYED, OIDC_IDENTITY_CREATED, SINK_PROVIDED
from knlite.apis.registry import split_api_version
from knlite.apis.selectors import from_label_selector, matches
from knlite.apis.sources import apiserversource as api
from knlite.eventing.sources.apiserver import Adapter, ApiServerAdapters, Watched, guess_plural
from knlite.reconciler.base import Key, Reconciler, Watch
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.resolver import ResolveError, Resolver
from knlite.reconciler.eventing.source_duck import sink_watches

Obj = dict[str, Any]
VERBS = ("get", "list", "watch")
SKIP_PERMISSIONS = "features.knative.dev/apiserversource-skip-permissions-check"
RBAC_KINDS = ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")


class ApiServerSourceReconciler(Reconciler):
    name = "apiserversource"

    def __init__(self, client: Client, resolver: Resolver, adapters: ApiServerAdapters,
                 api_url: Callable[[], str]) -> None:
        super().__init__()
        self.client = client
        self.resolver = resolver
        self.adapters = adapters
        self.api_url = api_url
        self.sources = client.rt(api.GROUP, api.KIND)
        self.gk = self.sources.group_kind
        every = self._every_source
        self.watches = [Watch(client.rt("rbac.authorization.k8s.io", k).group_kind, every) for k in RBAC_KINDS]
        self.watches.append(Watch(client.rt("", "Namespace").group_kind, every))
        self.watches += sink_watches(client, self.sources)

    def _every_source(self, _obj: Obj) -> list[Key]:
        return self.all_keys()

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.sources)]

    def _list(self, kind: str, namespace: str | None) -> list[Obj]:
        group = "" if kind == "Namespace" else "rbac.authorization.k8s.io"
        return self.client.list(self.client.rt(group, kind), namespace)

    def namespaces(self, source: Obj) -> list[str]:
        selector = (source.get("spec") or {}).get("namespaceSelector")
        if selector is None:
            return [source["metadata"]["namespace"]]
        sel = from_label_selector(selector)
        return sorted(n["metadata"]["name"] for n in self._list("Namespace", None)
                      if matches(sel, n["metadata"].get("labels") or {}))

    def missing_permissions(self, source: Obj, namespaces: list[str]) -> str:
        """``runAccessCheck``: what the service account may not do, or ``""``."""
        spec = source.get("spec") or {}
        user = f"system:serviceaccount:{source['metadata']['namespace']}:" \
               f"{spec.get('serviceAccountName') or api.DEFAULT_SERVICE_ACCOUNT}"
        missing = []
        for res in spec.get("resources") or []:
            group, _version = split_api_version(str(res.get("apiVersion", "")))
            resource = guess_plural(str(res.get("kind", "")))
            for ns in namespaces:
                verbs = [v for v in VERBS if not rbac.allowed(rbac.Request(user, v, group, resource, ns), self._list)]
                if verbs:
                    missing.append(f'{", ".join(verbs)} resource "{resource}" in API group "{group}" '
                                   f'in Namespace "{ns}"')
        return f"User {user} cannot {', '.join(missing)}" if missing else ""

    def reconcile(self, key: Key) -> float | None:
        source = self.client.peek(self.sources, key.namespace, key.name)
        if source is None or source["metadata"].get("deletionTimestamp"):
            self.adapters.remove(key.namespace, key.name)
            return None
        spec = source.get("spec") or {}
        status = copy.deepcopy(source.get("status") or {})
        m = api.CONDITIONS.manage(status)
        m.initialize()
        status["observedGeneration"] = source["metadata"].get("generation", 1)
        m.mark_true(OIDC_IDENTITY_CREATED, "authentication.oidc feature disabled", "")
        try:
            sink = self.resolver.resolve(spec.get("sink"), key.namespace)
        except ResolveError:
            self.adapters.remove(key.namespace, key.name)
            status.pop("sinkUri", None)
            m.mark_false(SINK_PROVIDED, "NotFound", "")
            self.client.update_status(self.sources, source, status)
            return 10.0
        status["sinkUri"] = sink
        m.mark_true(SINK_PROVIDED)
        namespaces = self.namespaces(source)
        status["namespaces"] = namespaces
        if (source["metadata"].get("annotations") or {}).get(SKIP_PERMISSIONS) == "true":
            missing = ""
        else:
            missing = self.missing_permissions(source, namespaces)
        if missing:
            self.adapters.remove(key.namespace, key.name)
            m.mark_false(api.SUFFICIENT_PERMISSIONS, "", missing)
            self.client.update_status(self.sources, source, status)
            return None
        m.mark_true(api.SUFFICIENT_PERMISSIONS)

        self.adapters.apply(self._adapter(source, sink, namespaces))
        m.mark_true(DEPLOYED)
        mode = spec.get("mode") or api.REFERENCE_MODE
        types = api.EVENT_TYPES.get(mode, {})
        status["ceAttributes"] = [{"type": types[op], "source": self.api_url()} for op in ("add", "delete", "update")
                                  if op in types]
        self.client.update_status(self.sources, source, status)
        return None

    def _adapter(self, source: Obj, sink: str, namespaces: list[str]) -> Adapter:
        spec = source.get("spec") or {}
        watched = []
        for res in spec.get("resources") or []:
            group, _version = split_api_version(str(res.get("apiVersion", "")))
            rt = self.client.core.registry.by_kind(group, str(res.get("kind", "")))
            if rt is None:
                continue  # Knative's adapter skips a resource the API server does not have
            selector = from_label_selector(res["selector"]) if res.get("selector") else None
            watched.append(Watched(rt.group_kind, str(res.get("apiVersion", "")), selector))
        owner = spec.get("owner")
        selector = spec.get("namespaceSelector")
        all_namespaces = selector is not None and not selector.get("matchLabels") and \
            not selector.get("matchExpressions")
        return Adapter(
            namespace=source["metadata"]["namespace"], name=source["metadata"]["name"], sink=sink,
            mode_ref=(spec.get("mode") or api.REFERENCE_MODE) == api.REFERENCE_MODE,
            resources=tuple(watched),
            namespaces=None if all_namespaces else frozenset(namespaces),
            owner=(str(owner.get("apiVersion") or ""), str(owner.get("kind") or "")) if owner else None,
            overrides=dict(((spec.get("ceOverrides") or {}).get("extensions")) or {}),
            source=self.api_url(),
        )
