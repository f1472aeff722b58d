"""GitLabSource reconciler (eventing-gitlab ``pkg/reconciler/source``): adapter, sink, project hook.

Upstream creates a Knative Service running the receive adapter and registers its URL as the
project's webhook. knlite's adapter runs in the eventing server
(:mod:`knlite.eventing.sources.gitlab`), so the reconciler publishes a receiver on the host
a Knative Service named ``{name}-gitlabsource`` would get (config-domain, config-network's
domain template; cluster-local only when the source carries
``networking.knative.dev/visibility: cluster-local``) and registers that URL with GitLab
(:mod:`knlite.eventing.sources.gitlab_api`). Status, as ``gitlabsource_lifecycle.go`` sets it:

- ``ceAttributes``: one ``{type, source: projectUrl}`` per distinct event type of
  ``spec.eventTypes``, sorted (``job_events`` advertises ``...gitlab.build``, as upstream);
- ``SinkProvided``: True with ``sinkUri``, or False ``SinkNotFound`` "The sink does not exist
  or its URI is not set";
- ``Deployed``: True once the receiver is published (its message gives the URL), False
  ``NotReady`` when the ``secretToken`` Secret cannot be read (the adapter's pod could not
  start upstream);
- ``WebhookConfigured``: Unknown ``WebhookPending`` while GitLab is being called; True with
  ``webhookID`` once the hook exists; False ``MissingCredentials`` (Secrets unreadable) or
  ``WebhookError`` (GitLab unreachable, token refused...) with upstream's message followed by
  what to register by hand: the URL, the secret token's Secret and key, the events.

Once a hook is registered the source gets the ``gitlabsources.sources.knative.dev`` finalizer;
deleting the source deletes the hook (best effort: an unreachable GitLab is logged and does
not block the deletion).
"""

from __future__ import annotations

import base64
import binascii
import copy
from collections.abc import Callable
from typing import Any

from knlite.apis import kmeta
from knlite.apis.conditions import ConditionManager
from knlite.apis.duck import DEPLOYED, SINK_PROVIDED
from knlite.apis.sources import gitlabsource as gitlab_api
from knlite.config.types import ConfigView
from knlite.eventing.sources.gitlab import GitLabReceivers, Receiver
from knlite.eventing.sources.gitlab_api import (
    FAILED,
    PENDING,
    REASON_MISSING_CREDENTIALS,
    HookSpec,
    HookSyncer,
)
from knlite.reconciler.base import Key, Reconciler, Watch
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.resolver import ResolveError, Resolver
from knlite.reconciler.eventing.source_duck import ce_attributes, sink_watches
from knlite.reconciler.route.domains import route_hosts

Obj = dict[str, Any]
FINALIZER = "gitlabsources.sources.knative.dev"
ADAPTER_SUFFIX = "-gitlabsource"
POLL = 0.25  # seconds between reconciles while GitLab is being called


class SecretError(Exception):
    pass


def adapter_name(source_name: str) -> str:
    """The name whose Knative Service URL the receiver answers on."""
    return kmeta.child_name(source_name, ADAPTER_SUFFIX)


def event_types(spec: Obj) -> list[str]:
    """``GitLabSource.EventTypes()``: the distinct CE types of ``spec.eventTypes``, sorted."""
    types = {gitlab_api.EVENT_TYPES.get(str(h), "") for h in spec.get("eventTypes") or []}
    return sorted(gitlab_api.EVENT_TYPE_PREFIX + t for t in types)


class GitLabSourceReconciler(Reconciler):
    name = "gitlabsource"
    configs = (("knative-serving", "config-domain"), ("knative-serving", "config-network"))

    def __init__(self, client: Client, resolver: Resolver, receivers: GitLabReceivers, hooks: HookSyncer,
                 config: Callable[[], ConfigView]) -> None:
        super().__init__()
        self.client = client
        self.resolver = resolver
        self.receivers = receivers
        self.hooks = hooks
        self.config = config
        self.sources = client.rt(gitlab_api.GROUP, gitlab_api.KIND)
        self.secrets = client.rt("", "Secret")
        self.gk = self.sources.group_kind
        self.watches = [*sink_watches(client, self.sources), Watch(self.secrets.group_kind, self._using_secret)]

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.sources)]

    def _using_secret(self, secret: Obj) -> list[Key]:
        ns, name = secret["metadata"].get("namespace", ""), secret["metadata"]["name"]
        out = []
        for s in self.client.list(self.sources, ns):
            spec = s.get("spec") or {}
            names = {((spec.get(f) or {}).get("secretKeyRef") or {}).get("name") for f in ("accessToken", "secretToken")}
            if name in names:
                out.append(Key(ns, s["metadata"]["name"]))
        return out

    # -- helpers -----------------------------------------------------------------------------------
    def _secret(self, namespace: str, ref: Obj | None) -> str:
        """The value a ``secretKeyRef`` selects; :class:`SecretError` with the reason otherwise."""
        sel = (ref or {}).get("secretKeyRef") or {}
        name, key = str(sel.get("name") or ""), str(sel.get("key") or "")
        secret = self.client.peek(self.secrets, namespace, name)
        if secret is None:
            raise SecretError(f'getting Secret "{name}" from cluster: secrets "{name}" not found')
        data = secret.get("data") or {}
        if key not in data:
            raise SecretError(f"couldn't find key {key} in Secret {namespace}/{name}")
        try:
            return base64.b64decode(data[key]).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            raise SecretError(f"illegal base64 data for key {key} in Secret {namespace}/{name}") from None

    def _hosts(self, src: Obj) -> tuple[tuple[str, ...], tuple[str, ...], str]:
        meta = src["metadata"]
        route = {"metadata": {"name": adapter_name(meta["name"]), "namespace": meta["namespace"],
                              "labels": dict(meta.get("labels") or {}), "annotations": {}}}
        hosts = route_hosts(route, [], self.config()).default
        return hosts.internal, hosts.external, hosts.url

    @staticmethod
    def _by_hand(spec: Obj, url: str) -> str:
        sel = (spec.get("secretToken") or {}).get("secretKeyRef") or {}
        events = ", ".join(str(e) for e in spec.get("eventTypes") or []) or "none"
        project = str(spec.get("projectUrl", "")).rstrip("/")
        return (f". Register the webhook by hand in {project}/-/hooks: URL {url}, secret token from Secret "
                f'"{sel.get("name", "")}" key "{sel.get("key", "")}", events {events}')

    # -- reconcile ---------------------------------------------------------------------------------
    def reconcile(self, key: Key) -> float | None:
        src = self.client.peek(self.sources, key.namespace, key.name)
        if src is None:
            self.receivers.remove(key.namespace, key.name)
            self.hooks.forget((key.namespace, key.name))
            return None
        if src["metadata"].get("deletionTimestamp"):
            self.receivers.remove(key.namespace, key.name)
            return self._finalize(src)
        spec = src.get("spec") or {}
        status = copy.deepcopy(src.get("status") or {})
        m = gitlab_api.CONDITIONS.manage(status)
        m.initialize()
        status["observedGeneration"] = src["metadata"].get("generation", 1)
        project_url = str(spec.get("projectUrl", ""))
        status["ceAttributes"] = ce_attributes(event_types(spec), project_url)
        try:
            sink = self.resolver.resolve(spec.get("sink"), key.namespace)
        except ResolveError:
            self.receivers.remove(key.namespace, key.name)
            status.pop("sinkUri", None)
            m.mark_false(SINK_PROVIDED, "SinkNotFound", "The sink does not exist or its URI is not set")
            self.client.update_status(self.sources, src, status)
            return None
        status["sinkUri"] = sink
        m.mark_true(SINK_PROVIDED)
        hosts, external, url = self._hosts(src)
        try:
            secret_token = self._secret(key.namespace, spec.get("secretToken"))
        except SecretError as e:
            self.receivers.remove(key.namespace, key.name)
            m.mark_false(DEPLOYED, "NotReady", f"Receive adapter is not ready: {e}")
            self.client.update_status(self.sources, src, status)
            return None
        overrides = ((spec.get("ceOverrides") or {}).get("extensions")) or {}
        self.receivers.publish(Receiver(key.namespace, key.name, hosts, external, url, secret_token, project_url,
                                        sink, {str(k): str(v) for k, v in overrides.items()}))
        m.mark_true(DEPLOYED, "", f"Receive adapter listening at {url}")
        again = self._webhook(src, spec, status, m, url, secret_token)
        if status.get("webhookID") is not None and FINALIZER not in (src["metadata"].get("finalizers") or []):
            new = copy.deepcopy(src)
            new["metadata"].setdefault("finalizers", []).append(FINALIZER)
            src = self.client.update(self.sources, new)
        self.client.update_status(self.sources, src, status)
        return again

    def _webhook(self, src: Obj, spec: Obj, status: Obj, m: ConditionManager, url: str, secret_token: str) -> float:
        ns, name = src["metadata"]["namespace"], src["metadata"]["name"]
        try:
            access_token = self._secret(ns, spec.get("accessToken"))
        except SecretError as e:
            m.mark_false(gitlab_api.WEBHOOK_CONFIGURED, REASON_MISSING_CREDENTIALS,
                         f"Error obtaining credentials for GitLab API: retrieving user-provided GitLab secrets: {e}"
                         + self._by_hand(spec, url))
            return 30.0
        hook = HookSpec(str(spec.get("projectUrl", "")), access_token, secret_token, url,
                        tuple(str(e) for e in spec.get("eventTypes") or []), bool(spec.get("sslverify")))
        current = status.get("webhookID")
        st = self.hooks.sync((ns, name), hook, current if isinstance(current, int) else None)
        if st.phase == PENDING:
            m.mark_unknown(gitlab_api.WEBHOOK_CONFIGURED, "WebhookPending",
                           f"Registering {url} as a webhook of {hook.project_url}")
            return POLL
        if st.phase == FAILED:
            m.mark_false(gitlab_api.WEBHOOK_CONFIGURED, st.reason, st.message + self._by_hand(spec, url))
            return st.retry_after()
        status["webhookID"] = st.hook_id
        m.mark_true(gitlab_api.WEBHOOK_CONFIGURED)
        return st.retry_after()

    def _finalize(self, src: Obj) -> float | None:
        meta = src["metadata"]
        if FINALIZER not in (meta.get("finalizers") or []):
            return None
        hook_id = (src.get("status") or {}).get("webhookID")
        spec = src.get("spec") or {}
        if isinstance(hook_id, int):
            try:
                hook = HookSpec(str(spec.get("projectUrl", "")), self._secret(meta["namespace"], spec.get("accessToken")),
                                "", "", ())
            except SecretError:
                hook = None  # upstream ignores missing credentials while finalizing
            if hook is not None and not self.hooks.delete((meta["namespace"], meta["name"]), hook, hook_id):
                return POLL
        new = copy.deepcopy(src)
        new["metadata"]["finalizers"] = [f for f in new["metadata"]["finalizers"] if f != FINALIZER]
        self.client.update(self.sources, new)
        return None
