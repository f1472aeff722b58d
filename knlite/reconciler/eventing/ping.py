"""PingSource reconciler (``pkg/reconciler/pingsource``): sink, status, and the scheduler entry.

Knative's PingSource controller resolves the sink, makes sure the shared
``pingsource-mt-adapter`` Deployment runs, and publishes ``ceAttributes``; the adapter then
picks up every Ready source. Here the adapter is the in-process
:class:`~knlite.eventing.sources.ping.PingScheduler`, so "deployed" means "registered with the
scheduler". The status follows ``ping_lifecycle.go``:

- ``OIDCIdentityCreated`` True with reason ``authentication.oidc feature disabled``;
- ``SinkProvided``: True with ``status.sinkUri`` once the sink resolves; otherwise False with
  Knative's reason ``NotFound`` (Knative leaves the message empty and reports the details in a
  ``SinkNotFound`` event; knlite puts the resolver's error in the message), and the source
  stops firing until the sink appears — the sink's kind is watched, so that is immediate;
- ``Deployed`` True once the scheduler has the source (False with ``InvalidSchedule`` if a
  stored schedule cannot be parsed, which admission normally prevents);
- ``ceAttributes`` ``[{type: dev.knative.sources.ping, source: /apis/v1/namespaces/{ns}/pingsources/{name}}]``
  and ``observedGeneration``.

A deleted source leaves the scheduler and its last-fired tick is forgotten.
"""

from __future__ import annotations

import binascii
import copy
from typing import Any

from knlite.apis.duck import DEPLOYED, OIDC_IDENTITY_CREATED, SINK_PROVIDED
from knlite.apis.sources import cron
from knlite.apis.sources import pingsource as ping_api
from knlite.eventing.sources.ping import PingScheduler, job_for
from knlite.reconciler.base import Key, Reconciler
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.resolver import ResolveError, Resolver
from knlite.reconciler.eventing.source_duck import ce_attributes, sink_watches

Obj = dict[str, Any]
OIDC_DISABLED = "authentication.oidc feature disabled"
REASON_SINK_NOT_FOUND = "NotFound"
REASON_INVALID_SCHEDULE = "InvalidSchedule"


class PingSourceReconciler(Reconciler):
    name = "pingsource"

    def __init__(self, client: Client, resolver: Resolver, scheduler: PingScheduler) -> None:
        super().__init__()
        self.client = client
        self.resolver = resolver
        self.scheduler = scheduler
        self.sources = client.rt(ping_api.GROUP, ping_api.KIND)
        self.gk = self.sources.group_kind
        self.watches = sink_watches(client, self.sources)

    def all_keys(self) -> list[Key]:
        return [
            Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.sources)
        ]

    def _gone(self, key: Key) -> None:
        self.scheduler.remove(key.namespace, key.name, forget=True)
        live = {o["metadata"].get("uid", "") for o in self.client.list(self.sources)}
        for uid in self.scheduler.ticks.uids() - live:
            self.scheduler.forget_uid(uid)

    def reconcile(self, key: Key) -> float | None:
        src = self.client.peek(self.sources, key.namespace, key.name)
        if src is None or src["metadata"].get("deletionTimestamp"):
            self._gone(key)
            return None
        spec = src.get("spec") or {}
        status = copy.deepcopy(src.get("status") or {})
        m = ping_api.CONDITIONS.manage(status)
        m.initialize()
        status["observedGeneration"] = src["metadata"].get("generation", 1)
        status.pop("auth", None)
        m.mark_true(OIDC_IDENTITY_CREATED, OIDC_DISABLED, "")
        try:
            sink = self.resolver.resolve(spec.get("sink"), key.namespace)
        except ResolveError as e:
            self.scheduler.remove(key.namespace, key.name)
            status.pop("sinkUri", None)
            m.mark_false(SINK_PROVIDED, REASON_SINK_NOT_FOUND, str(e))
            self.client.update_status(self.sources, src, status)
            return None
        status["sinkUri"] = sink
        m.mark_true(SINK_PROVIDED)
        try:
            job = job_for(src, sink)
        except (cron.CronError, binascii.Error, ValueError) as e:
            self.scheduler.remove(key.namespace, key.name)
            m.mark_false(DEPLOYED, REASON_INVALID_SCHEDULE, str(e))
            self.client.update_status(self.sources, src, status)
            return None
        self.scheduler.upsert(job)
        m.mark_true(DEPLOYED)
        status["ceAttributes"] = ce_attributes(
            [ping_api.EVENT_TYPE], ping_api.event_source(key.namespace, key.name)
        )
        self.client.update_status(self.sources, src, status)
        return None
