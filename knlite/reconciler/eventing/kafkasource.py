"""KafkaSource → consumer group members that send the topics' records to the sink (spec §7.6).

Knative's source controller (``control-plane/pkg/reconciler/source``) resolves the sink,
checks that the bootstrap servers answer and the topics exist, initialises the consumer
group's offsets (``initialOffset``: ``latest`` by default, or ``earliest``) and schedules
``consumers`` consumer verticles in group ``spec.consumerGroup``, delivering per partition in
order (``ordering: ordered``, the default) or not. The in-process equivalent is
:meth:`~knlite.eventing.kafka.plane.KafkaPlane.apply_group` with the source handler: records
that are CloudEvents go to the sink as they are, others are wrapped
(:mod:`knlite.eventing.kafka.records`, key read per the
``kafkasources.sources.knative.dev/key-type`` label), ``ceOverrides`` are applied, and
``spec.delivery`` governs retries and the dead letter sink.

Status: ``SinkProvided`` (``NotFound`` until the sink resolves), ``ConnectionEstablished``
(the topics were found), ``InitialOffsetsCommitted`` and ``Deployed`` (the group runs),
``sinkUri``, ``consumers`` and ``ceAttributes`` (one per topic).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from knlite.apis.duck import DEPLOYED, SINK_PROVIDED
from knlite.apis.sources import kafkasource as api
from knlite.config.types import ConfigView
from knlite.eventing.delivery import DeliveryOptions
from knlite.eventing.kafka import names
from knlite.eventing.kafka.plane import KafkaPlane, SourceTarget
from knlite.eventing.kafka.specs import GroupSpec
from knlite.reconciler.base import Key, Reconciler
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.resolver import ResolveError, Resolver
from knlite.reconciler.eventing.source_duck import ce_attributes, sink_watches

Obj = dict[str, Any]
RETRY_AFTER = 5.0


def source_owner(namespace: str, name: str) -> str:
    return f"{api.KIND}/{namespace}/{name}"


def group_spec(spec: Obj) -> GroupSpec:
    """The consumer group a KafkaSource's spec describes."""
    return GroupSpec(",".join(names.bootstrap_list(spec.get("bootstrapServers") or [])),
                     tuple(str(t) for t in spec.get("topics") or []), str(spec.get("consumerGroup") or ""),
                     ordered=spec.get("ordering", api.ORDERED) != api.UNORDERED,
                     earliest=spec.get("initialOffset") == api.OFFSET_EARLIEST)


class KafkaSourceReconciler(Reconciler):
    name = "kafkasource"

    def __init__(self, client: Client, resolver: Resolver, config: Callable[[], ConfigView],
                 kafka: KafkaPlane) -> None:
        super().__init__()
        self.client = client
        self.resolver = resolver
        self.config = config
        self.kafka = kafka
        self.sources = client.rt(api.GROUP, api.KIND)
        self.gk = self.sources.group_kind
        self.watches = sink_watches(client, self.sources)

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.sources)]

    def reconcile(self, key: Key) -> float | None:
        owner = source_owner(key.namespace, key.name)
        src = self.client.peek(self.sources, key.namespace, key.name)
        if src is None or src["metadata"].get("deletionTimestamp"):
            self.kafka.remove_group(owner)
            return None
        status = copy.deepcopy(src.get("status") or {})
        m = api.CONDITIONS.manage(status)
        m.initialize()
        status["observedGeneration"] = src["metadata"].get("generation", 1)
        again = self._reconcile(key, owner, src, status, m)
        self.client.update_status(self.sources, src, status)
        return again

    def _reconcile(self, key: Key, owner: str, src: Obj, status: Obj, m: Any) -> float | None:
        spec = src.get("spec") or {}
        try:
            sink = self.resolver.resolve(spec.get("sink"), key.namespace)
            dls_ref = (spec.get("delivery") or {}).get("deadLetterSink")
            dls = self.resolver.resolve(dls_ref, key.namespace) if dls_ref else None
        except ResolveError as e:
            self.kafka.remove_group(owner)
            status.pop("sinkUri", None)
            m.mark_false(SINK_PROVIDED, "NotFound", str(e))
            return None
        status["sinkUri"] = sink
        if dls:
            status["deadLetterSinkUri"] = dls
        else:
            status.pop("deadLetterSinkUri", None)
        m.mark_true(SINK_PROVIDED)
        group = group_spec(spec)
        consumers = int(spec.get("consumers") or 1)
        status["consumers"] = consumers
        status["ceAttributes"] = [a for t in group.topics
                                  for a in ce_attributes([api.EVENT_TYPE], api.event_source(key.namespace, key.name, t))]
        wake = lambda: self.enqueue(key, 0.0)  # noqa: E731
        outcome = self.kafka.check_topics(group.bootstrap, group.topics, wake)
        if outcome is None:
            m.mark_unknown(api.CONNECTION_ESTABLISHED, "Connecting", f"checking topics {list(group.topics)}")
            return None
        if not outcome.ok:
            self.kafka.remove_group(owner)
            m.mark_false(api.CONNECTION_ESTABLISHED, "Topics not present or invalid", outcome.error)
            return RETRY_AFTER
        m.mark_true(api.CONNECTION_ESTABLISHED)
        overrides = ((spec.get("ceOverrides") or {}).get("extensions")) or {}
        target = SourceTarget(key.namespace, key.name, sink,
                              DeliveryOptions.from_spec(spec.get("delivery"), dls, self.config().eventing_features),
                              (src["metadata"].get("labels") or {}).get(api.KEY_TYPE_LABEL),
                              tuple(sorted((str(k), str(v)) for k, v in overrides.items())))
        state = self.kafka.apply_group(owner, group, self.kafka.source_handler(target), wake, consumers)
        if state.ready:
            m.mark_true(api.INITIAL_OFFSETS_COMMITTED)
            m.mark_true(DEPLOYED)
        else:
            why = state.error or "initializing the consumer group's offsets"
            m.mark_unknown(api.INITIAL_OFFSETS_COMMITTED, "OffsetsNotCommitted", why)
            m.mark_unknown(DEPLOYED, "ConsumersNotReady", why)
        return None
