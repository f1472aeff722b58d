"""Sequence and Parallel (``pkg/reconciler/sequence``, ``pkg/reconciler/parallel``).

Flows are built from channels and subscriptions, nothing else, exactly as in Knative:

* a Sequence gets one channel per step, ``{seq}-kn-sequence-{i}``, and a Subscription of the
  same name that sends the channel's events to step i and its reply to channel i+1 (the last
  step's reply goes to ``spec.reply``); its address is channel 0's;
* a Parallel gets an ingress channel ``{par}-kn-parallel`` and per branch a channel
  ``{par}-kn-parallel-{i}``, a filter Subscription ``{par}-kn-parallel-filter-{i}`` (ingress →
  filter, reply → branch channel; straight to the branch channel without a filter) and a
  branch Subscription ``{par}-kn-parallel-{i}`` (branch channel → subscriber, reply → the
  branch's or the Parallel's ``reply``); its address is the ingress channel's.

The channels are of the flow's ``channelTemplate`` kind; what carries events between them is
the channel data plane and the Subscriptions' replies, so filter pass/drop and reply chaining
follow from delivery semantics without flow-specific code in the data path.
"""

from __future__ import annotations

import copy
from typing import Any

from knlite.apis import kmeta
from knlite.apis.duck import ADDRESSABLE
from knlite.apis.flows import parallel as parallel_api
from knlite.apis.flows import sequence as sequence_api
from knlite.apis.messaging import is_channel_kind
from knlite.apis.serving import lifecycle
from knlite.reconciler.base import Key, Reconciler, Watch, owner_mapper
from knlite.reconciler.client import Client

Obj = dict[str, Any]
FLOWS = "flows.knative.dev"
MESSAGING = "messaging.knative.dev"


def _ready_condition(obj: Obj | None) -> Obj:
    c = lifecycle.condition(obj or {}) if obj else None
    if c is None:
        return {"type": "Ready", "status": "Unknown"}
    return {k: v for k, v in c.items() if k in ("type", "status", "reason", "message", "lastTransitionTime")}


def _ref(obj: Obj) -> Obj:
    return {
        "apiVersion": obj["apiVersion"],
        "kind": obj["kind"],
        "name": obj["metadata"]["name"],
        "namespace": obj["metadata"]["namespace"],
    }


class _FlowReconciler(Reconciler):
    kind = ""
    conditions: Any = None

    def __init__(self, client: Client) -> None:
        super().__init__()
        self.client = client
        self.flows = client.rt(FLOWS, self.kind)
        self.subscriptions = client.rt(MESSAGING, "Subscription")
        self.gk = self.flows.group_kind
        self.watches = [Watch(self.subscriptions.group_kind, owner_mapper(self.kind, FLOWS))]
        self.watches += [
            Watch(rt.group_kind, owner_mapper(self.kind, FLOWS))
            for rt in client.core.registry
            if is_channel_kind(rt)
        ]

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.flows)]

    def _prune(self, flow: Obj, keep: set[str]) -> None:
        """Delete the flow's channels and subscriptions it no longer wants (steps or branches
        removed), as Knative's ``removeUnwantedSubscriptions``/``removeUnwantedChannels`` do."""
        ns, uid = flow["metadata"]["namespace"], flow["metadata"].get("uid")
        template = (flow.get("spec") or {}).get("channelTemplate") or {}
        channel_rt = self.client.core.registry.by_kind(str(template.get("apiVersion", "")).rpartition("/")[0],
                                                       str(template.get("kind", "")))
        for rt in (self.subscriptions, channel_rt):
            if rt is None:
                continue
            for child in self.client.list(rt, ns):
                owned = any(r.get("controller") and r.get("uid") == uid
                            for r in child["metadata"].get("ownerReferences") or [])
                if owned and child["metadata"]["name"] not in keep:
                    self.client.delete(rt, ns, child["metadata"]["name"])

    # -- children ------------------------------------------------------------------------------
    def _channel(self, flow: Obj, name: str) -> Obj | None:
        template = (flow.get("spec") or {}).get("channelTemplate") or {}
        api_version, kind = template.get("apiVersion", ""), template.get("kind", "")
        rt = self.client.core.registry.by_kind(api_version.rpartition("/")[0], kind)
        if rt is None:
            return None
        ns = flow["metadata"]["namespace"]
        existing = self.client.peek(rt, ns, name)
        spec = copy.deepcopy(template.get("spec") or {})
        if existing is None:
            return self.client.create(
                rt,
                {
                    "apiVersion": api_version,
                    "kind": kind,
                    "metadata": {
                        "name": name,
                        "namespace": ns,
                        "ownerReferences": [kmeta.owner_reference(flow)],
                    },
                    "spec": spec,
                },
            )
        return existing

    def _subscription(
        self, flow: Obj, name: str, channel: Obj, subscriber: Obj, reply: Obj | None, delivery: Obj | None
    ) -> Obj:
        ns = flow["metadata"]["namespace"]
        spec: Obj = {
            "channel": {
                "apiVersion": channel["apiVersion"],
                "kind": channel["kind"],
                "name": channel["metadata"]["name"],
            },
            "subscriber": subscriber,
        }
        if reply:
            spec["reply"] = reply
        if delivery:
            spec["delivery"] = copy.deepcopy(delivery)
        existing = self.client.peek(self.subscriptions, ns, name)
        if existing is None:
            return self.client.create(
                self.subscriptions,
                {
                    "apiVersion": f"{MESSAGING}/v1",
                    "kind": "Subscription",
                    "metadata": {
                        "name": name,
                        "namespace": ns,
                        "ownerReferences": [kmeta.owner_reference(flow)],
                    },
                    "spec": spec,
                },
            )
        current = existing.get("spec") or {}
        mutable = {
            k: current.get(k) for k in ("subscriber", "reply", "delivery") if current.get(k) is not None
        }
        wanted = {k: spec[k] for k in ("subscriber", "reply", "delivery") if k in spec}
        if mutable == wanted and current.get("channel", {}).get("name") == channel["metadata"]["name"]:
            return existing
        if current.get("channel", {}).get("name") != channel["metadata"]["name"]:
            self.client.delete(self.subscriptions, ns, name)  # the channel is immutable: replace it
            return self._subscription(flow, name, channel, subscriber, reply, delivery)
        new = copy.deepcopy(existing)
        for k in ("subscriber", "reply", "delivery"):
            new["spec"].pop(k, None)
        new["spec"].update(wanted)
        return self.client.update(self.subscriptions, new)

    @staticmethod
    def _channel_reply(channel: Obj) -> Obj:
        return {
            "ref": {
                "apiVersion": channel["apiVersion"],
                "kind": channel["kind"],
                "name": channel["metadata"]["name"],
                "namespace": channel["metadata"]["namespace"],
            }
        }

    def _finish(
        self,
        flow: Obj,
        status: Obj,
        channels: list[Obj | None],
        subs: list[Obj],
        address_from: Obj | None,
        count: int,
    ) -> None:
        m = self.conditions.manage(status)
        ready_channels = [c for c in channels if c is not None and lifecycle.is_ready(c)]
        if count == 0:
            m.mark_false(sequence_api.CHANNELS_READY, "ChannelsNotReady", "No channels to reconcile")
        elif len(ready_channels) == len(channels) and None not in channels:
            m.mark_true(sequence_api.CHANNELS_READY)
        else:
            m.mark_false(
                sequence_api.CHANNELS_READY,
                "ChannelsNotReady",
                "Channels are not ready yet, or there are none",
            )
        if subs and all(lifecycle.is_ready(s) for s in subs):
            m.mark_true(sequence_api.SUBSCRIPTIONS_READY)
        else:
            m.mark_false(
                sequence_api.SUBSCRIPTIONS_READY,
                "SubscriptionsNotReady",
                "Subscriptions are not ready yet, or there are none",
            )
        address = ((address_from or {}).get("status") or {}).get("address")
        if address and address.get("url"):
            status["address"] = {"url": address["url"]}
            m.mark_true(ADDRESSABLE)
        else:
            status.pop("address", None)
            m.mark_false(ADDRESSABLE, "emptyAddress", "addressable is nil")
        self.client.update_status(self.flows, flow, status)


class SequenceReconciler(_FlowReconciler):
    name = "sequence"
    kind = "Sequence"
    conditions = sequence_api.CONDITIONS

    def reconcile(self, key: Key) -> float | None:
        seq = self.client.peek(self.flows, key.namespace, key.name)
        if seq is None or seq["metadata"].get("deletionTimestamp"):
            return None
        spec = seq.get("spec") or {}
        steps = spec.get("steps") or []
        status = copy.deepcopy(seq.get("status") or {})
        self.conditions.manage(status).initialize()
        status["observedGeneration"] = seq["metadata"].get("generation", 1)
        channels = [self._channel(seq, f"{key.name}-kn-sequence-{i}") for i in range(len(steps))]
        subs: list[Obj] = []
        for i, step in enumerate(steps):
            ch = channels[i]
            if ch is None:
                continue
            if i + 1 < len(steps) and channels[i + 1] is not None:
                reply: Obj | None = self._channel_reply(channels[i + 1])  # type: ignore[arg-type]
            else:
                reply = spec.get("reply")
            subscriber = {k: v for k, v in step.items() if k != "delivery"}
            subs.append(
                self._subscription(
                    seq, f"{key.name}-kn-sequence-{i}", ch, subscriber, reply, step.get("delivery")
                )
            )
        status["channelStatuses"] = [
            {"channel": _ref(c), "ready": _ready_condition(c)} for c in channels if c
        ]
        status["subscriptionStatuses"] = [
            {"subscription": _ref(s), "ready": _ready_condition(s)} for s in subs
        ]
        self._prune(seq, {f"{key.name}-kn-sequence-{i}" for i in range(len(steps))})
        self._finish(seq, status, channels, subs, channels[0] if channels else None, len(steps))
        return None


class ParallelReconciler(_FlowReconciler):
    name = "parallel"
    kind = "Parallel"
    conditions = parallel_api.CONDITIONS

    def reconcile(self, key: Key) -> float | None:
        par = self.client.peek(self.flows, key.namespace, key.name)
        if par is None or par["metadata"].get("deletionTimestamp"):
            return None
        spec = par.get("spec") or {}
        branches = spec.get("branches") or []
        status = copy.deepcopy(par.get("status") or {})
        self.conditions.manage(status).initialize()
        status["observedGeneration"] = par["metadata"].get("generation", 1)
        ingress = self._channel(par, f"{key.name}-kn-parallel")
        channels: list[Obj | None] = [ingress]
        subs: list[Obj] = []
        branch_statuses = []
        for i, branch in enumerate(branches):
            ch = self._channel(par, f"{key.name}-kn-parallel-{i}")
            channels.append(ch)
            if ch is None or ingress is None:
                continue
            if branch.get("filter"):
                fsub = self._subscription(
                    par,
                    f"{key.name}-kn-parallel-filter-{i}",
                    ingress,
                    branch["filter"],
                    self._channel_reply(ch),
                    None,
                )
            else:
                fsub = self._subscription(
                    par, f"{key.name}-kn-parallel-filter-{i}", ingress, self._channel_reply(ch), None, None
                )
            bsub = self._subscription(
                par,
                f"{key.name}-kn-parallel-{i}",
                ch,
                branch.get("subscriber") or {},
                branch.get("reply") or spec.get("reply"),
                branch.get("delivery"),
            )
            subs += [fsub, bsub]
            branch_statuses.append(
                {
                    "filterSubscriptionStatus": {"subscription": _ref(fsub), "ready": _ready_condition(fsub)},
                    "filterChannelStatus": {"channel": _ref(ch), "ready": _ready_condition(ch)},
                    "subscriberSubscriptionStatus": {
                        "subscription": _ref(bsub),
                        "ready": _ready_condition(bsub),
                    },
                }
            )
        if ingress is not None:
            status["ingressChannelStatus"] = {"channel": _ref(ingress), "ready": _ready_condition(ingress)}
        status["branchStatuses"] = branch_statuses
        keep = {f"{key.name}-kn-parallel"}
        for i in range(len(branches)):
            keep |= {f"{key.name}-kn-parallel-{i}", f"{key.name}-kn-parallel-filter-{i}"}
        self._prune(par, keep)
        self._finish(par, status, channels, subs, ingress, len(branches))
        return None
