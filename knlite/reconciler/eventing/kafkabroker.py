"""Brokers of class ``Kafka`` and their triggers (eventing-kafka-broker's broker and trigger controllers).

A Kafka broker (``control-plane/pkg/reconciler/broker``) takes its settings from the
ConfigMap ``spec.config`` names (``kafka-broker-config`` in ``knative-eventing`` by
default): ``bootstrap.servers``, ``default.topic.partitions``,
``default.topic.replication.factor`` and ``default.topic.config.*``. It creates the topic
``knative-broker-{ns}-{name}`` — or, with the annotation
``kafka.eventing.knative.dev/external.topic``, checks that the named topic exists and leaves
it alone — and stores the topic and those settings in its status annotations. Its address is
``http://kafka-broker-ingress.knative-eventing.svc.cluster.local/{ns}/{name}``; it reports the
receiver condition set (``DataPlaneAvailable``, ``ConfigParsed``, ``TopicReady``,
``ConfigMapUpdated``, ``ProbeSucceeded``, ``Addressable``, ``Ready``: ``kn broker list``'s
"7 OK / 7"). Deleting it deletes a topic it created.

A trigger of a Kafka broker (``control-plane/pkg/reconciler/trigger``) becomes the consumer
group ``knative-trigger-{ns}-{name}`` (kept in its status annotation ``group.id``) on the
broker's topic: filter, deliver with the trigger's delivery (else the broker's), replies
back into the broker. ``kafka.eventing.knative.dev/delivery.order`` picks ``unordered``
(default) or ``ordered``; any other value fails ``SubscriberResolved``. The trigger is
ready once its group's offsets are initialised. Triggers of other broker classes, and
triggers whose broker is missing, are left to the channel-based broker's reconciler.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from knlite.apis.duck import ADDRESSABLE
from knlite.apis.eventing import broker as broker_api
from knlite.apis.eventing import trigger as trigger_api
from knlite.config.parse import ConfigError, parse_kafka_broker
from knlite.config.types import ConfigView
from knlite.eventing.delivery import DeliveryOptions
from knlite.eventing.filters import compile_filter
from knlite.eventing.kafka import names
from knlite.eventing.kafka.plane import KafkaPlane, Route, TriggerTarget
from knlite.eventing.kafka.specs import GroupSpec, TopicSpec
from knlite.reconciler.base import Key, Reconciler, Watch
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.brokerclass import ClassTriggerReconciler
from knlite.reconciler.eventing.channel import resolve_dead_letter
from knlite.reconciler.eventing.resolver import ResolveError, Resolver

Obj = dict[str, Any]
EVENTING = "eventing.knative.dev"
DEFAULT_CONFIG = "kafka-broker-config"
RETRY_AFTER = 5.0
_STORED_CONFIG_KEYS = ("bootstrap.servers", "default.topic.partitions", "default.topic.replication.factor")


def is_kafka(broker: Obj) -> bool:
    return broker_api.broker_class(broker) == broker_api.KAFKA_BROKER


def config_ref(broker: Obj) -> tuple[str, str]:
    """The (namespace, name) of the broker's ConfigMap."""
    ref = (broker.get("spec") or {}).get("config") or {}
    if not ref.get("name"):
        return names.EVENTING_NS, DEFAULT_CONFIG
    return ref.get("namespace") or broker["metadata"]["namespace"], ref["name"]


class KafkaBrokerReconciler(Reconciler):
    name = "kafkabroker"

    def __init__(self, client: Client, resolver: Resolver, kafka: KafkaPlane) -> None:
        super().__init__()
        self.client = client
        self.resolver = resolver
        self.kafka = kafka
        self.brokers = client.rt(EVENTING, "Broker")
        self.configmaps = client.rt("", "ConfigMap")
        self.gk = self.brokers.group_kind
        self.watches = [Watch(self.configmaps.group_kind, self._brokers_using)]

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.brokers)
                if is_kafka(o)]

    def _brokers_using(self, cm: Obj) -> list[Key]:
        ref = (cm["metadata"].get("namespace", ""), cm["metadata"]["name"])
        return [Key(b["metadata"]["namespace"], b["metadata"]["name"]) for b in self.client.list(self.brokers)
                if is_kafka(b) and config_ref(b) == ref]

    def _gone(self, key: Key) -> None:
        route = self.kafka.brokers.pop((key.namespace, key.name), None)
        if route is not None and route.topic == names.broker_topic(key.namespace, key.name):
            self.kafka.delete_topic(route.bootstrap, route.topic)  # external topics are not ours to delete

    def reconcile(self, key: Key) -> float | None:
        b = self.client.peek(self.brokers, key.namespace, key.name)
        if b is None or b["metadata"].get("deletionTimestamp"):
            self._gone(key)
            return None
        if not is_kafka(b):
            return None  # another class's reconciler owns it
        status = copy.deepcopy(b.get("status") or {})
        m = broker_api.KAFKA_CONDITIONS.manage(status)
        m.initialize()
        status["observedGeneration"] = b["metadata"].get("generation", 1)
        m.mark_true(broker_api.DATA_PLANE_AVAILABLE)
        again = self._reconcile(key, b, status, m)
        if not (status.get("annotations") or {}):
            status.pop("annotations", None)
        self.client.update_status(self.brokers, b, status)
        return again

    def _reconcile(self, key: Key, b: Obj, status: Obj, m: Any) -> float | None:
        cm_ns, cm_name = config_ref(b)
        cm = self.client.peek(self.configmaps, cm_ns, cm_name)
        if cm is None:
            m.mark_false(broker_api.CONFIG_PARSED, f"failed to get configmap {cm_ns}/{cm_name}", "")
            return None
        data = cm.get("data") or {}
        try:
            config = parse_kafka_broker(data, strict=True, namespace=cm_ns, name=cm_name)
        except ConfigError as e:
            m.mark_false(broker_api.CONFIG_PARSED, f"unable to build topic config from configmap: {e}", "")
            return None
        m.mark_true(broker_api.CONFIG_PARSED)
        annotations = status.setdefault("annotations", {})
        for k in _STORED_CONFIG_KEYS:
            if k in data:
                annotations[k] = data[k]
        bootstrap = ",".join(names.bootstrap_list(config.bootstrap_servers))
        external = (b["metadata"].get("annotations") or {}).get(names.EXTERNAL_TOPIC_ANNOTATION)
        wake = lambda: self.enqueue(key, 0.0)  # noqa: E731
        if external:
            topic = external
            outcome = self.kafka.check_topics(bootstrap, (topic,), wake)
            failed = "Topic is not present or invalid"
        else:
            topic = annotations.get(names.TOPIC_STATUS_ANNOTATION) or names.broker_topic(key.namespace, key.name)
            spec = TopicSpec(topic, config.default_topic_partitions, config.default_topic_replication_factor,
                             tuple(sorted(config.topic_config.items())))
            outcome = self.kafka.ensure_topic(bootstrap, spec, wake)
            failed = f"Failed to create topic: {topic}"
        if outcome is None:
            m.mark_unknown(broker_api.TOPIC_READY, "TopicNotReady", f"checking topic {topic}")
            return None
        if not outcome.ok:
            m.mark_false(broker_api.TOPIC_READY, failed, f"topics [{topic}]: {outcome.error}")
            return RETRY_AFTER
        m.mark_true(broker_api.TOPIC_READY, f"Topic {topic} created", "")
        annotations[names.TOPIC_STATUS_ANNOTATION] = topic
        self.kafka.brokers[(key.namespace, key.name)] = Route(bootstrap, topic)
        dls = ((b.get("spec") or {}).get("delivery") or {}).get("deadLetterSink")
        status.pop("deadLetterSinkUri", None)
        if dls:
            try:
                status["deadLetterSinkUri"] = self.resolver.resolve(dls, key.namespace)
            except ResolveError as e:
                m.mark_false(broker_api.CONFIG_PARSED, "failed to resolve the dead letter sink", str(e))
                return RETRY_AFTER
        m.mark_true(broker_api.CONFIG_MAP_UPDATED, f"Config map {names.BROKER_CONTRACT} updated", "")
        status["address"] = {"name": "http", "url": names.broker_url(key.namespace, key.name)}
        m.mark_true(broker_api.PROBE_SUCCEEDED)
        m.mark_true(ADDRESSABLE)
        return None


class KafkaTriggerReconciler(ClassTriggerReconciler):
    name = "kafkatrigger"

    def __init__(self, client: Client, resolver: Resolver, config: Callable[[], ConfigView],
                 kafka: KafkaPlane) -> None:
        super().__init__(client, is_kafka)
        self.resolver = resolver
        self.config = config
        self.kafka = kafka

    def release(self, owner: str) -> None:
        self.kafka.remove_group(owner)

    def deliver(self, key: Key, owner: str, t: Obj, b: Obj, status: Obj, m: Any) -> float | None:
        annotations = status.setdefault("annotations", {})
        group_id = annotations.get(names.GROUP_ID_STATUS_ANNOTATION) or names.trigger_group(key.namespace, key.name)
        annotations[names.GROUP_ID_STATUS_ANNOTATION] = group_id
        spec = t.get("spec") or {}
        try:
            order = names.delivery_order((t["metadata"].get("annotations") or {}).get(names.DELIVERY_ORDER_ANNOTATION))
            subscriber_uri = self.resolver.resolve(spec.get("subscriber"), key.namespace)
        except (ValueError, ResolveError) as e:
            status.pop("subscriberUri", None)
            m.mark_false(trigger_api.SUBSCRIBER_RESOLVED, "Failed to resolve trigger config", str(e))
            self.kafka.remove_group(owner)
            return None
        status["subscriberUri"] = subscriber_uri
        m.mark_true(trigger_api.SUBSCRIBER_RESOLVED, trigger_api.SUBSCRIBER_RESOLVED,
                    f"Subscriber will receive events with the delivery order: {order.upper()}")
        delivery = spec.get("delivery") or (b.get("spec") or {}).get("delivery")
        resolve_dead_letter(self.resolver, delivery, key.namespace, status, trigger_api.CONDITIONS)
        m.mark_true(trigger_api.DEPENDENCY_READY)
        b_annotations = (b.get("status") or {}).get("annotations") or {}
        topic = b_annotations.get(names.TOPIC_STATUS_ANNOTATION)
        bootstrap = ",".join(names.bootstrap_list(b_annotations.get("bootstrap.servers", "")))
        if not topic or not bootstrap:
            m.mark_unknown(trigger_api.SUBSCRIPTION_READY, "BrokerNotReady", "missing broker status annotations, waiting")
            return None
        features = self.config().eventing_features
        options = DeliveryOptions.from_spec(delivery, status.get("deadLetterSinkUri"), features)
        target = TriggerTarget(key.namespace, key.name, subscriber_uri,
                               names.broker_url(key.namespace, b["metadata"]["name"]), options,
                               compile_filter(spec, features.enabled("new-trigger-filters")))
        group = GroupSpec(bootstrap, (topic,), group_id, ordered=order == names.ORDERED)
        state = self.kafka.apply_group(owner, group, self.kafka.trigger_handler(target),
                                       lambda: self.enqueue(key, 0.0))
        if state.ready:
            m.mark_true(trigger_api.SUBSCRIPTION_READY)
        else:
            m.mark_unknown(trigger_api.SUBSCRIPTION_READY, "ConsumerGroupNotReady",
                           state.error or "initializing the consumer group's offsets")
        return None

