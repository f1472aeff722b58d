"""The part every trigger reconciler of a broker class shares (Kafka, RabbitMQBroker).

Knative runs one trigger controller per broker class; each takes the triggers whose broker
carries its class and leaves the others (and the triggers whose broker is missing) to the
channel-based broker's controller, which reports them. :class:`ClassTriggerReconciler` is
that filter over the watches every trigger reconciler has (:mod:`.trigger_base`: the
trigger's broker, and Services in its namespace, a subscriber that appears) and the common
opening of a reconcile: the status conditions, ``OIDCIdentityCreated``, and ``BrokerReady``
from the broker's ``Ready``. A subclass says how to deliver (:meth:`deliver`) and how to stop
delivering (:meth:`release`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from knlite.apis.duck import OIDC_IDENTITY_CREATED
from knlite.apis.eventing import trigger as trigger_api
from knlite.apis.serving import lifecycle
from knlite.reconciler.base import Key
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.trigger_base import TriggerReconcilerBase

Obj = dict[str, Any]


def trigger_owner(namespace: str, name: str) -> str:
    """The name a data plane knows a trigger's consumer by."""
    return f"Trigger/{namespace}/{name}"


class ClassTriggerReconciler(TriggerReconcilerBase):
    """The triggers of the brokers ``is_mine`` accepts."""

    def __init__(self, client: Client, is_mine: Callable[[Obj], bool]) -> None:
        self._is_mine = is_mine
        super().__init__(client)

    def _concerns(self, namespace: str, t: Obj) -> bool:
        return self._broker(namespace, (t.get("spec") or {}).get("broker", "")) is not None

    def _broker(self, namespace: str, name: str) -> Obj | None:
        b = self.client.peek(self.brokers, namespace, name)
        return b if b is not None and self._is_mine(b) and not b["metadata"].get("deletionTimestamp") else None

    def reconcile(self, key: Key) -> float | None:
        owner = trigger_owner(key.namespace, key.name)
        t = self.client.peek(self.triggers, key.namespace, key.name)
        b = None
        if t is not None and not t["metadata"].get("deletionTimestamp"):
            b = self._broker(key.namespace, (t.get("spec") or {}).get("broker", ""))
        if t is None or b is None:
            self.release(owner)  # gone, or another class's trigger: the channel-based reconciler reports it
            return None
        status = copy.deepcopy(t.get("status") or {})
        m = trigger_api.CONDITIONS.manage(status)
        m.initialize()
        status["observedGeneration"] = t["metadata"].get("generation", 1)
        m.mark_true(OIDC_IDENTITY_CREATED, "authentication.oidc feature disabled", "")
        again = None
        if not lifecycle.is_ready(b):
            ready = lifecycle.condition(b) or {}
            m.mark_false(trigger_api.BROKER_READY, ready.get("reason") or "BrokerNotReady",
                         ready.get("message") or f'Broker "{b["metadata"]["name"]}" is not ready')
        else:
            m.mark_true(trigger_api.BROKER_READY)
            again = self.deliver(key, owner, t, b, status, m)
        self.client.update_status(self.triggers, t, status)
        return again

    def deliver(self, key: Key, owner: str, t: Obj, b: Obj, status: Obj, m: Any) -> float | None:
        """Set up delivery for the trigger of a ready broker and mark the rest of its conditions."""
        raise NotImplementedError

    def release(self, owner: str) -> None:
        """Stop delivering for a trigger that is gone or no longer of this class."""
        raise NotImplementedError
