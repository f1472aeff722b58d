"""KafkaChannel → a topic, a receiver and one consumer group per subscriber (eventing-kafka-broker).

Knative's KafkaChannel controller (``control-plane/pkg/reconciler/channel``) reads
``bootstrap.servers`` from ``kafka-channel-config``, creates the topic
``knative-messaging-kafka.{ns}.{name}`` with the channel's ``numPartitions``,
``replicationFactor`` and ``retentionDuration`` (as ``retention.ms``), remembers it in the
status annotation ``default.topic``, and hands the receiver and dispatcher their contract.
Each ``spec.subscribers`` entry becomes a consumer group ``kafka.{ns}.{channel}.{uid}``
delivering in order per partition; a subscriber is reported ready once its group's offsets
are initialised. The address is the IMC one, ``http://{name}-kn-channel.{ns}.svc.cluster.local``.

Conditions (the receiver condition set): ``DataPlaneAvailable``, ``ConfigParsed`` (False
while ``bootstrap.servers`` is empty), ``TopicReady`` (Unknown while the topic is being
created, False with the cluster's error), ``ConfigMapUpdated``, ``ProbeSucceeded``,
``Addressable``. Deleting the channel stops its groups and deletes its topic.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from knlite.apis.duck import ADDRESSABLE, DurationError
from knlite.apis.messaging import kafkachannel as kc_api
from knlite.config.types import ConfigView
from knlite.eventing.dataplane import ChannelInfo, ChannelKey, EventingState
from knlite.eventing.kafka import names
from knlite.eventing.kafka.plane import KafkaPlane, Route
from knlite.eventing.kafka.specs import GroupSpec, TopicSpec
from knlite.reconciler.base import Key, Reconciler
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.channel import channel_hosts, channel_url, subscribers_of
from knlite.reconciler.eventing.resolver import ResolveError, Resolver

Obj = dict[str, Any]
KIND = kc_api.KIND
RETRY_AFTER = 5.0



def topic_spec(namespace: str, name: str, spec: Obj, topic: str | None = None) -> TopicSpec:
    """The topic a KafkaChannel's spec asks for (defaults as the webhook sets them)."""
    retention = names.retention_ms(spec.get("retentionDuration") or kc_api.DEFAULT_RETENTION_DURATION)
    return TopicSpec(topic or names.channel_topic(namespace, name),
                     int(spec.get("numPartitions") or kc_api.DEFAULT_NUM_PARTITIONS),
                     int(spec.get("replicationFactor") or kc_api.DEFAULT_REPLICATION_FACTOR),
                     (("retention.ms", str(retention)),))


def owner_prefix(namespace: str, name: str) -> str:
    return f"{KIND}/{namespace}/{name}/"


class KafkaChannelReconciler(Reconciler):
    name = "kafkachannel"
    configs = ((names.EVENTING_NS, "kafka-channel-config"),)

    def __init__(self, client: Client, state: EventingState, resolver: Resolver,
                 config: Callable[[], ConfigView], kafka: KafkaPlane) -> None:
        super().__init__()
        self.client = client
        self.state = state
        self.resolver = resolver
        self.config = config
        self.kafka = kafka
        self.channels = client.rt(kc_api.GROUP, KIND)
        self.gk = self.channels.group_kind

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.channels)]

    def _gone(self, ckey: ChannelKey) -> None:
        self.state.remove_channel(ckey)
        for owner in self.kafka.groups(owner_prefix(ckey.namespace, ckey.name)):
            self.kafka.remove_group(owner)
        route = self.kafka.channels.pop(ckey, None)
        if route is not None:
            self.kafka.delete_topic(route.bootstrap, route.topic)

    def reconcile(self, key: Key) -> float | None:
        ckey = ChannelKey(key.namespace, key.name, KIND)
        kc = self.client.peek(self.channels, key.namespace, key.name)
        if kc is None or kc["metadata"].get("deletionTimestamp"):
            self._gone(ckey)
            return None
        spec = kc.get("spec") or {}
        status = copy.deepcopy(kc.get("status") or {})
        m = kc_api.CONDITIONS.manage(status)
        m.initialize()
        status["observedGeneration"] = kc["metadata"].get("generation", 1)
        m.mark_true(kc_api.DATA_PLANE_AVAILABLE)
        status["address"] = {"name": "http", "url": channel_url(key.name, key.namespace)}
        again = self._reconcile(key, ckey, kc, spec, status, m)
        self.client.update_status(self.channels, kc, status)
        return again

    def _reconcile(self, key: Key, ckey: ChannelKey, kc: Obj, spec: Obj, status: Obj, m: Any) -> float | None:
        bootstrap = ",".join(names.bootstrap_list(self.config().kafka_channel.bootstrap_servers))
        if not bootstrap:
            m.mark_false(kc_api.CONFIG_PARSED, "failed to get contract configuration",
                         "kafka-channel-config: bootstrap.servers is empty")
            return None
        annotations = status.setdefault("annotations", {})
        try:
            topic = topic_spec(key.namespace, key.name, spec, annotations.get(names.TOPIC_STATUS_ANNOTATION))
        except DurationError as e:
            m.mark_false(kc_api.CONFIG_PARSED, "failed to get contract configuration", str(e))
            return None
        m.mark_true(kc_api.CONFIG_PARSED)
        annotations[names.TOPIC_STATUS_ANNOTATION] = topic.name
        outcome = self.kafka.ensure_topic(bootstrap, topic, lambda: self.enqueue(key, 0.0))
        if outcome is None:
            m.mark_unknown(kc_api.TOPIC_READY, "TopicNotReady", f"creating topic {topic.name}")
            return None
        if not outcome.ok:
            m.mark_false(kc_api.TOPIC_READY, f"Failed to create topic: {topic.name}", outcome.error)
            return RETRY_AFTER
        m.mark_true(kc_api.TOPIC_READY, f"Topic {topic.name} created", "")
        self.kafka.channels[ckey] = Route(bootstrap, topic.name)
        subscribers = subscribers_of(spec)
        self.state.publish_channel(ChannelInfo(ckey, channel_hosts(key.name, key.namespace), subscribers, spec,
                                               kc["metadata"].get("uid", "")))
        status["subscribers"] = self._subscribers(key, bootstrap, topic.name, subscribers)
        if not status["subscribers"]:
            del status["subscribers"]
        m.mark_true(kc_api.CONFIG_MAP_UPDATED, f"Config map {names.CHANNEL_CONTRACT} updated", "")
        self._dead_letter(spec, key.namespace, status)
        m.mark_true(kc_api.PROBE_SUCCEEDED)
        m.mark_true(ADDRESSABLE)
        return None

    def _subscribers(self, key: Key, bootstrap: str, topic: str, subscribers: Any) -> list[Obj]:
        prefix = owner_prefix(key.namespace, key.name)
        out, wanted = [], set()
        for sub in subscribers:
            owner = prefix + sub.uid
            wanted.add(owner)
            group = GroupSpec(bootstrap, (topic,), names.channel_group(key.namespace, key.name, sub.uid), ordered=True)
            state = self.kafka.apply_group(owner, group, self.kafka.subscriber_handler(key.namespace, sub),
                                           lambda: self.enqueue(key, 0.0))
            entry: Obj = {"uid": sub.uid, "observedGeneration": sub.generation,
                          "ready": "True" if state.ready else "False"}
            if not state.ready:
                entry["message"] = state.error or "initializing the consumer group's offsets"
            out.append(entry)
        for owner in set(self.kafka.groups(prefix)) - wanted:
            self.kafka.remove_group(owner)
        return out

    def _dead_letter(self, spec: Obj, namespace: str, status: Obj) -> None:
        dls = (spec.get("delivery") or {}).get("deadLetterSink")
        try:
            status["deadLetterSinkUri"] = self.resolver.resolve(dls, namespace) if dls else None
        except ResolveError:
            status["deadLetterSinkUri"] = None
        if status["deadLetterSinkUri"] is None:
            del status["deadLetterSinkUri"]
