"""Revision garbage collection per Configuration (``pkg/reconciler/gc``, config-gc).

Old revisions pile up with every template change; Knative deletes the ones no Route needs
once they are old enough, keeping at least ``min-non-active-revisions`` and at most
``max-non-active-revisions`` of them. "Active" means: the Configuration's latest ready
revision, one pinned with ``serving.knative.dev/no-gc: "true"``, or any whose routingState is
not ``reserve``. Staleness needs both the creation age and the time since last active
(``routingStateModified``) past their retention, when those rules are enabled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from knlite.apis import goduration
from knlite.apis.serving import keys
from knlite.config.types import ConfigView, GCConfig
from knlite.reconciler.base import Key, Reconciler, Watch
from knlite.reconciler.client import Client

Obj = dict[str, Any]


def _ts(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None


def _last_active(rev: Obj) -> float:
    ann = rev["metadata"].get("annotations") or {}
    return _ts(ann.get(keys.ROUTING_STATE_MODIFIED_ANNOTATION)) or _ts(rev["metadata"].get("creationTimestamp")) or 0.0


def collectable(config: Obj, revisions: list[Obj], gc: GCConfig, now: float) -> tuple[list[str], float | None]:
    """Names of revisions to delete, and when (Unix time) to look again."""
    if gc.max_non_active_revisions is None and gc.retain_since_create_time is None and \
            gc.retain_since_last_active_time is None:
        return [], None
    if len(revisions) <= gc.min_non_active_revisions:
        return [], None
    latest_ready = (config.get("status") or {}).get("latestReadyRevisionName")

    def active(rev: Obj) -> bool:
        meta = rev["metadata"]
        return (meta["name"] == latest_ready
                or (meta.get("annotations") or {}).get(keys.REVISION_PRESERVED_ANNOTATION) == "true"
                or (meta.get("labels") or {}).get(keys.ROUTING_STATE_LABEL) != keys.ROUTING_STATE_RESERVE)

    non_active = sorted((r for r in revisions if not active(r)), key=_last_active)
    if len(non_active) <= gc.min_non_active_revisions:
        return [], None
    create_ns, active_ns = gc.retain_since_create_time, gc.retain_since_last_active_time
    doomed: list[str] = []
    next_check: float | None = None
    budget = len(non_active) - gc.min_non_active_revisions
    remaining = []
    for rev in non_active:
        created = _ts(rev["metadata"].get("creationTimestamp")) or now
        stale_at = max(created + create_ns / goduration.SECOND if create_ns is not None else -1.0,
                       _last_active(rev) + active_ns / goduration.SECOND if active_ns is not None else -1.0)
        never = create_ns is None and active_ns is None
        if not never and stale_at <= now and len(doomed) < budget:
            doomed.append(rev["metadata"]["name"])
            continue
        remaining.append(rev)
        if not never and stale_at > now:
            next_check = stale_at if next_check is None else min(next_check, stale_at)
    limit = gc.max_non_active_revisions
    if limit is not None and len(remaining) > limit:
        for rev in remaining[: len(remaining) - limit]:
            doomed.append(rev["metadata"]["name"])
    return doomed, next_check


class RevisionGCReconciler(Reconciler):
    name = "revision-gc"
    configs = (("knative-serving", "config-gc"),)

    def __init__(self, client: Client, config: Callable[[], ConfigView],
                 clock: Callable[[], float] | None = None) -> None:
        super().__init__()
        self.client = client
        self.config = config
        self.clock = clock or (lambda: datetime.now(UTC).timestamp())
        self.configurations = client.rt(keys.GROUP, "Configuration")
        self.revisions = client.rt(keys.GROUP, "Revision")
        self.gk = self.configurations.group_kind
        self.watches = [Watch(self.revisions.group_kind, lambda r: [
            Key(r["metadata"]["namespace"], c) for c in
            [(r["metadata"].get("labels") or {}).get(keys.CONFIGURATION_LABEL)] if c])]

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.configurations)]

    def reconcile(self, key: Key) -> float | None:
        config = self.client.peek(self.configurations, key.namespace, key.name)
        if config is None:
            return None
        revs = [r for r in self.client.list(self.revisions, key.namespace)
                if (r["metadata"].get("labels") or {}).get(keys.CONFIGURATION_LABEL) == key.name]
        now = self.clock()
        doomed, next_check = collectable(config, revs, self.config().gc, now)
        for name in doomed:
            self.client.delete(self.revisions, key.namespace, name)
        return max(1.0, next_check - now) if next_check is not None else None
