"""Channel → backing channel, and the channel implementations' status and data plane.

``Channel`` (``pkg/reconciler/channel``) is the generic front: it creates a backing channel
of the kind its ``channelTemplate`` names (InMemoryChannel unless ``default-ch-webhook``
says otherwise), with the same name, its template spec plus the Channel's ``delivery`` and
``subscribers``, and mirrors the backing channel's address and readiness. The backing
channel's reconciler (InMemoryChannel here; durable and distributed kinds plug in the same
way) publishes the channel's host and subscribers to the eventing data plane and reports the
address ``http://{name}-kn-channel.{ns}.svc.cluster.local`` with Knative's conditions.
"""

from __future__ import annotations

import copy
from typing import Any

from knlite.apis import kmeta
from knlite.apis.duck import ADDRESSABLE, DEAD_LETTER_SINK_RESOLVED
from knlite.apis.messaging import channel as channel_api
from knlite.apis.messaging import inmemorychannel as imc_api
from knlite.apis.messaging import is_channel_kind
from knlite.apis.serving import lifecycle
from knlite.eventing.dataplane import ChannelInfo, ChannelKey, EventingState, Subscriber
from knlite.reconciler.base import Key, Reconciler, Watch, owner_mapper
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.resolver import ResolveError, Resolver

Obj = dict[str, Any]
MESSAGING = "messaging.knative.dev"


def channel_hosts(name: str, namespace: str) -> tuple[str, ...]:
    base = kmeta.child_name(name, "-kn-channel")
    return (f"{base}.{namespace}.svc.cluster.local", f"{base}.{namespace}.svc", f"{base}.{namespace}")


def channel_url(name: str, namespace: str) -> str:
    return f"http://{channel_hosts(name, namespace)[0]}"


def subscribers_of(spec: Obj) -> tuple[Subscriber, ...]:
    out = []
    for s in spec.get("subscribers") or []:
        delivery = s.get("delivery")
        dls = None
        if delivery:
            dls = ((delivery.get("deadLetterSink") or {}).get("uri")) or None
        out.append(Subscriber(uid=str(s.get("uid", "")), generation=int(s.get("generation") or 0),
                              subscriber_uri=s.get("subscriberUri"), reply_uri=s.get("replyUri"),
                              dead_letter_uri=dls, delivery=delivery))
    return tuple(out)


def resolve_dead_letter(resolver: Resolver, delivery: Obj | None, namespace: str, status: Obj,
                        conditions: Any) -> None:
    """The DeadLetterSinkResolved condition and ``status.deadLetterSinkUri`` of a Channelable or Broker."""
    dls = (delivery or {}).get("deadLetterSink")
    m = conditions.manage(status)
    if not dls:
        status.pop("deadLetterSinkUri", None)
        m.mark_true(DEAD_LETTER_SINK_RESOLVED, "DeadLetterSinkNotConfigured", "No dead letter sink is configured.")
        return
    try:
        status["deadLetterSinkUri"] = resolver.resolve(dls, namespace)
        m.mark_true(DEAD_LETTER_SINK_RESOLVED)
    except ResolveError as e:
        status.pop("deadLetterSinkUri", None)
        m.mark_false(DEAD_LETTER_SINK_RESOLVED, "Unable to get the dead letter sink's URI", str(e))


class InMemoryChannelReconciler(Reconciler):
    """InMemoryChannel; other channel kinds with its status set ``group``/``kind`` and extend
    :meth:`publish`/:meth:`unpublish` to drive their own data plane."""

    name = "inmemorychannel"
    group, kind = MESSAGING, "InMemoryChannel"

    def __init__(self, client: Client, state: EventingState, resolver: Resolver) -> None:
        super().__init__()
        self.client = client
        self.state = state
        self.resolver = resolver
        self.imcs = client.rt(self.group, self.kind)
        self.gk = self.imcs.group_kind

    def publish(self, info: ChannelInfo) -> None:
        self.state.publish_channel(info)

    def unpublish(self, key: ChannelKey) -> None:
        self.state.remove_channel(key)

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.imcs)]

    def reconcile(self, key: Key) -> float | None:
        ckey = ChannelKey(key.namespace, key.name, self.kind)
        imc = self.client.peek(self.imcs, key.namespace, key.name)
        if imc is None or imc["metadata"].get("deletionTimestamp"):
            self.unpublish(ckey)
            return None
        spec = imc.get("spec") or {}
        self.publish(ChannelInfo(ckey, channel_hosts(key.name, key.namespace), subscribers_of(spec),
                                 spec, imc["metadata"].get("uid", "")))
        status = copy.deepcopy(imc.get("status") or {})
        cs = imc_api.CONDITIONS
        m = cs.manage(status)
        m.initialize()
        status["observedGeneration"] = imc["metadata"].get("generation", 1)
        for ctype in (imc_api.SERVICE_READY, imc_api.ENDPOINTS_READY, imc_api.CHANNEL_SERVICE_READY):
            m.mark_true(ctype)
        m.mark_true(imc_api.DISPATCHER_READY)
        status["address"] = {"name": "http", "url": channel_url(key.name, key.namespace)}
        m.mark_true(ADDRESSABLE)
        resolve_dead_letter(self.resolver, spec.get("delivery"), key.namespace, status, cs)
        status["subscribers"] = [{"uid": s.get("uid"), "observedGeneration": s.get("generation", 0), "ready": "True"}
                                 for s in spec.get("subscribers") or []]
        if not status["subscribers"]:
            del status["subscribers"]
        self.client.update_status(self.imcs, imc, status)
        return None


class ChannelReconciler(Reconciler):
    name = "channel"

    def __init__(self, client: Client, resolver: Resolver) -> None:
        super().__init__()
        self.client = client
        self.resolver = resolver
        self.channels = client.rt(MESSAGING, "Channel")
        self.gk = self.channels.group_kind
        # every kind a channelTemplate may name (the channel implementations knlite has)
        self.watches = [Watch(rt.group_kind, owner_mapper("Channel", MESSAGING)) for rt in client.core.registry
                        if is_channel_kind(rt) and rt.kind != "Channel"]

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.channels)]

    def reconcile(self, key: Key) -> float | None:
        ch = self.client.peek(self.channels, key.namespace, key.name)
        if ch is None or ch["metadata"].get("deletionTimestamp"):
            return None
        spec = ch.get("spec") or {}
        status = copy.deepcopy(ch.get("status") or {})
        cs = channel_api.CONDITIONS
        m = cs.manage(status)
        m.initialize()
        status["observedGeneration"] = ch["metadata"].get("generation", 1)
        template = spec.get("channelTemplate") or {}
        api_version, kind = template.get("apiVersion", ""), template.get("kind", "")
        rt = self.client.core.registry.by_kind(api_version.rpartition("/")[0], kind)
        if rt is None:
            m.mark_false(channel_api.BACKING_CHANNEL_READY, "ChannelFailure",
                         f'unknown channel kind "{kind}" ({api_version})')
            self.client.update_status(self.channels, ch, status)
            return None
        desired_spec = copy.deepcopy(template.get("spec") or {})
        if spec.get("delivery"):
            desired_spec["delivery"] = copy.deepcopy(spec["delivery"])
        backing = self.client.peek(rt, key.namespace, key.name)
        if backing is None:
            backing = self.client.create(rt, {
                "apiVersion": api_version, "kind": kind,
                "metadata": {"name": key.name, "namespace": key.namespace,
                             "labels": dict(ch["metadata"].get("labels") or {}),
                             "annotations": {k: v for k, v in (ch["metadata"].get("annotations") or {}).items()
                                             if k.startswith(("eventing.knative.dev/", "messaging.knative.dev/"))},
                             "ownerReferences": [kmeta.owner_reference(ch)]},
                "spec": desired_spec})
        elif not kmeta.is_controlled_by(backing, ch):
            m.mark_false(channel_api.BACKING_CHANNEL_READY, "ChannelFailure",
                         f'channel "{key.name}" is not owned by Channel "{key.name}"')
            self.client.update_status(self.channels, ch, status)
            return None
        elif {k: v for k, v in (backing.get("spec") or {}).items()
              if k != "subscribers" and (k in desired_spec or k == "delivery")} != desired_spec:
            # the backing channel's subscribers belong to the Subscriptions; everything else to the Channel
            new = copy.deepcopy(backing)
            new_spec = new.setdefault("spec", {})
            new_spec.pop("delivery", None)
            new_spec.update(desired_spec)
            backing = self.client.update(rt, new)
        status["channel"] = {"apiVersion": api_version, "kind": kind, "name": key.name, "namespace": key.namespace}
        bstatus = backing.get("status") or {}
        if bstatus.get("address"):
            status["address"] = bstatus["address"]
            m.mark_true(ADDRESSABLE)
        if bstatus.get("subscribers"):
            status["subscribers"] = bstatus["subscribers"]
        else:
            status.pop("subscribers", None)
        if bstatus.get("deadLetterSinkUri"):
            status["deadLetterSinkUri"] = bstatus["deadLetterSinkUri"]
        resolve_dead_letter(self.resolver, spec.get("delivery"), key.namespace, status, cs)
        if lifecycle.is_ready(backing):
            m.mark_true(channel_api.BACKING_CHANNEL_READY)
        else:
            ready = lifecycle.condition(backing) or {}
            m.mark_unknown(channel_api.BACKING_CHANNEL_READY, ready.get("reason") or "BackingChannelNotReady",
                           ready.get("message") or "Backing Channel is not ready")
        self.client.update_status(self.channels, ch, status)
        return None

