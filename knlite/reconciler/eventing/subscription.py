"""Subscription → an entry in its channel's ``spec.subscribers`` (``pkg/reconciler/subscription``).

A Subscription resolves its ``subscriber``, ``reply`` and dead letter sink to URLs (its
``status.physicalSubscription``), works out the delivery policy — its own ``delivery`` if
set, else the channel's retry settings, with the channel's dead letter sink as fallback — and
writes itself into the channel's ``spec.subscribers`` under its UID, where the channel's data
plane picks it up. A finalizer takes the entry out again when the Subscription is deleted.
"""

from __future__ import annotations

import copy
from typing import Any

from knlite.apis.duck import OIDC_IDENTITY_CREATED
from knlite.apis.messaging import is_channel_kind
from knlite.apis.messaging import subscription as sub_api
from knlite.apis.serving import lifecycle
from knlite.reconciler.base import Key, Reconciler, Watch
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.resolver import ResolveError, Resolver

Obj = dict[str, Any]
MESSAGING = "messaging.knative.dev"
FINALIZER = "subscriptions.messaging.knative.dev"
_DELIVERY_RETRY_FIELDS = ("retry", "backoffPolicy", "backoffDelay", "timeout", "retryAfterMax")


class SubscriptionReconciler(Reconciler):
    name = "subscription"

    def __init__(self, client: Client, resolver: Resolver) -> None:
        super().__init__()
        self.client = client
        self.resolver = resolver
        self.subscriptions = client.rt(MESSAGING, "Subscription")
        self.gk = self.subscriptions.group_kind
        self.watches = [Watch(rt.group_kind, self._subscriptions_of_channel) for rt in client.core.registry
                        if is_channel_kind(rt)]
        # sinks: a Subscription re-resolves when the object its subscriber or reply names changes
        for group, kind in (("serving.knative.dev", "Service"), ("", "Service"), ("eventing.knative.dev", "Broker"),
                            ("flows.knative.dev", "Sequence"), ("flows.knative.dev", "Parallel")):
            rt = client.core.registry.by_kind(group, kind)
            if rt is not None:
                self.watches.append(Watch(rt.group_kind, self._subscriptions_naming))

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.subscriptions)]

    def _subscriptions_of_channel(self, ch: Obj) -> list[Key]:
        ns, name = ch["metadata"]["namespace"], ch["metadata"]["name"]
        return [Key(ns, s["metadata"]["name"]) for s in self.client.list(self.subscriptions, ns)
                if ((s.get("spec") or {}).get("channel") or {}).get("name") == name]

    def _subscriptions_naming(self, target: Obj) -> list[Key]:
        ns, name = target["metadata"].get("namespace", ""), target["metadata"]["name"]
        out = []
        for s in self.client.list(self.subscriptions, ns):
            spec = s.get("spec") or {}
            refs = [((spec.get(k) or {}).get("ref") or {}).get("name") for k in ("subscriber", "reply")]
            if name in refs:
                out.append(Key(ns, s["metadata"]["name"]))
        return out

    def _channel(self, sub: Obj) -> tuple[Any, Obj | None]:
        """The channel to subscribe to; for a generic ``Channel``, its backing channel (as Knative does)."""
        ref = (sub.get("spec") or {}).get("channel") or {}
        rt = self.client.core.registry.by_kind(ref.get("apiVersion", "").rpartition("/")[0], ref.get("kind", ""))
        if rt is None:
            return None, None
        ns = sub["metadata"]["namespace"]
        channel = self.client.peek(rt, ns, ref.get("name", ""))
        if channel is not None and rt.kind == "Channel":
            backing = (channel.get("status") or {}).get("channel") or {}
            brt = self.client.core.registry.by_kind(backing.get("apiVersion", "").rpartition("/")[0],
                                                    backing.get("kind", ""))
            if brt is None:
                return None, None
            return brt, self.client.peek(brt, backing.get("namespace") or ns, backing.get("name", ""))
        return rt, channel

    def reconcile(self, key: Key) -> float | None:
        sub = self.client.peek(self.subscriptions, key.namespace, key.name)
        if sub is None:
            return None
        if sub["metadata"].get("deletionTimestamp"):
            self._remove_from_channel(sub)
            self._drop_finalizer(sub)
            return None
        if FINALIZER not in (sub["metadata"].get("finalizers") or []):
            new = copy.deepcopy(sub)
            new["metadata"].setdefault("finalizers", []).append(FINALIZER)
            sub = self.client.update(self.subscriptions, new)
        spec = sub.get("spec") or {}
        ns = key.namespace
        status = copy.deepcopy(sub.get("status") or {})
        cs = sub_api.CONDITIONS
        m = cs.manage(status)
        m.initialize()
        status["observedGeneration"] = sub["metadata"].get("generation", 1)
        m.mark_true(OIDC_IDENTITY_CREATED, "authentication.oidc feature disabled", "")
        rt, channel = self._channel(sub)
        ref = spec.get("channel") or {}
        if channel is None:
            m.mark_false(sub_api.REFERENCES_RESOLVED, "ChannelReferenceFailed",
                         f'Failed to get Spec.Channel or backing channel: channel "{ref.get("name", "")}" not found')
            self.client.update_status(self.subscriptions, sub, status)
            return 5.0
        physical: Obj = {}
        try:
            physical["subscriberUri"] = self.resolver.resolve(spec.get("subscriber"), ns)
        except ResolveError as e:
            m.mark_false(sub_api.REFERENCES_RESOLVED, sub_api.REASON_SUBSCRIBER_RESOLVE_FAILED,
                         f"Failed to resolve spec.subscriber: {e}")
            status.pop("physicalSubscription", None)
            self.client.update_status(self.subscriptions, sub, status)
            return 5.0
        if spec.get("reply"):
            try:
                physical["replyUri"] = self.resolver.resolve(spec["reply"], ns)
            except ResolveError as e:
                m.mark_false(sub_api.REFERENCES_RESOLVED, sub_api.REASON_REPLY_RESOLVE_FAILED,
                             f"Failed to resolve spec.reply: {e}")
                self.client.update_status(self.subscriptions, sub, status)
                return None
        delivery = self._delivery(spec.get("delivery"), channel)
        own_dls = (spec.get("delivery") or {}).get("deadLetterSink")
        if own_dls:
            try:
                physical["deadLetterSinkUri"] = self.resolver.resolve(own_dls, ns)
            except ResolveError as e:
                m.mark_false(sub_api.REFERENCES_RESOLVED, sub_api.REASON_DLS_RESOLVE_FAILED,
                             f"Failed to resolve spec.delivery.deadLetterSink: {e}")
                self.client.update_status(self.subscriptions, sub, status)
                return None
        elif (channel.get("status") or {}).get("deadLetterSinkUri"):
            physical["deadLetterSinkUri"] = channel["status"]["deadLetterSinkUri"]
        if physical.get("deadLetterSinkUri"):
            delivery = dict(delivery or {})
            delivery["deadLetterSink"] = {"uri": physical["deadLetterSinkUri"]}
        status["physicalSubscription"] = physical
        m.mark_true(sub_api.REFERENCES_RESOLVED)
        self._add_to_channel(rt, channel, sub, physical, delivery)
        if lifecycle.is_ready(channel):
            m.mark_true(sub_api.CHANNEL_READY)
        else:
            m.mark_unknown(sub_api.CHANNEL_READY, "ChannelNotReady", "Channel is not ready yet")
        uid = sub["metadata"]["uid"]
        entry = next((s for s in (channel.get("status") or {}).get("subscribers") or [] if s.get("uid") == uid), None)
        if entry is not None and entry.get("ready") == "True":
            m.mark_true(sub_api.ADDED_TO_CHANNEL)
        else:
            m.mark_unknown(sub_api.ADDED_TO_CHANNEL, "SubscriptionNotMarkedReadyByChannel",
                           "Subscription is not ready in the channel yet")
        self.client.update_status(self.subscriptions, sub, status)
        return None

    @staticmethod
    def _delivery(own: Obj | None, channel: Obj) -> Obj | None:
        if own:
            return {k: v for k, v in own.items() if k != "deadLetterSink"}
        ch_delivery = (channel.get("spec") or {}).get("delivery") or {}
        inherited = {k: ch_delivery[k] for k in _DELIVERY_RETRY_FIELDS if k in ch_delivery}
        return inherited or None

    def _add_to_channel(self, rt: Any, channel: Obj, sub: Obj, physical: Obj, delivery: Obj | None) -> None:
        uid = sub["metadata"]["uid"]
        entry: Obj = {"uid": uid, "generation": sub["metadata"].get("generation", 1),
                      "subscriberUri": physical["subscriberUri"]}
        if physical.get("replyUri"):
            entry["replyUri"] = physical["replyUri"]
        if delivery:
            entry["delivery"] = delivery
        subscribers = list((channel.get("spec") or {}).get("subscribers") or [])
        for i, s in enumerate(subscribers):
            if s.get("uid") == uid:
                if s == entry:
                    return
                subscribers[i] = entry
                break
        else:
            subscribers.append(entry)
        new = copy.deepcopy(channel)
        new.setdefault("spec", {})["subscribers"] = subscribers
        self.client.update(rt, new)

    def _remove_from_channel(self, sub: Obj) -> None:
        rt, channel = self._channel(sub)
        if channel is None:
            return
        uid = sub["metadata"]["uid"]
        subscribers = (channel.get("spec") or {}).get("subscribers") or []
        kept = [s for s in subscribers if s.get("uid") != uid]
        if len(kept) != len(subscribers):
            new = copy.deepcopy(channel)
            if kept:
                new["spec"]["subscribers"] = kept
            else:
                new["spec"].pop("subscribers", None)
            self.client.update(rt, new)

    def _drop_finalizer(self, sub: Obj) -> None:
        if FINALIZER not in (sub["metadata"].get("finalizers") or []):
            return
        new = copy.deepcopy(sub)
        new["metadata"]["finalizers"] = [f for f in new["metadata"]["finalizers"] if f != FINALIZER]
        self.client.update(self.subscriptions, new)

