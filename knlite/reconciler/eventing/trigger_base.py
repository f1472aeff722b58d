"""What every trigger reconciler watches, whichever broker class it serves.

A Trigger is reconciled again when its Broker changes (it becomes ready, or changes class) and
when a Service in its namespace changes (its subscriber may resolve now), as Knative's trigger
controllers do. :class:`TriggerReconcilerBase` sets up those watches and maps their events to
trigger keys. A subclass adds the watches of its own children (the channel-based broker's
Subscriptions) and may narrow :meth:`TriggerReconcilerBase._concerns` to the triggers it serves.
"""

from __future__ import annotations

from typing import Any

from knlite.reconciler.base import Key, Reconciler, Watch
from knlite.reconciler.client import Client

Obj = dict[str, Any]
EVENTING = "eventing.knative.dev"


class TriggerReconcilerBase(Reconciler):
    """Triggers, reconciled again on a change to their Broker or to a Service in their namespace."""

    def __init__(self, client: Client) -> None:
        super().__init__()
        self.client = client
        self.triggers = client.rt(EVENTING, "Trigger")
        self.brokers = client.rt(EVENTING, "Broker")
        self.gk = self.triggers.group_kind
        self.watches = [Watch(self.brokers.group_kind, self._triggers_of_broker)]
        for group, kind in (("serving.knative.dev", "Service"), ("", "Service")):
            rt = client.core.registry.by_kind(group, kind)
            if rt is not None:
                self.watches.append(Watch(rt.group_kind, self._triggers_in_namespace))

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.triggers)]

    def _triggers_of_broker(self, b: Obj) -> list[Key]:
        ns, name = b["metadata"]["namespace"], b["metadata"]["name"]
        return [Key(ns, t["metadata"]["name"]) for t in self.client.list(self.triggers, ns)
                if (t.get("spec") or {}).get("broker") == name]

    def _triggers_in_namespace(self, obj: Obj) -> list[Key]:
        ns = obj["metadata"].get("namespace", "")
        return [Key(ns, t["metadata"]["name"]) for t in self.client.list(self.triggers, ns) if self._concerns(ns, t)]

    def _concerns(self, namespace: str, t: Obj) -> bool:
        """Whether a change in the trigger's namespace should reconcile it (by default, every trigger)."""
        return True
