"""Brokers of class ``RabbitMQBroker`` and their triggers (eventing-rabbitmq's broker and trigger controllers).

A RabbitMQ broker (``pkg/reconciler/broker``) finds its cluster through ``spec.config``: a
``RabbitmqBrokerConfig`` (``eventing.knative.dev/v1alpha1``: ``rabbitmqClusterReference`` with a
``connectionSecret`` or a cluster ``name``, ``queueType``, ``vhost``) or a ``RabbitmqCluster``
(``rabbitmq.com/v1beta1``) directly. knlite has no RabbitMQ cluster operator, so a cluster
named ``name`` is reached the way the operator publishes it: through its Secret
``{name}-default-user`` (``connection_string``, or ``host``/``port``/``username``/``password``).
The broker declares its headers exchange ``b.{ns}.{name}.{uid}`` and answers at its ingress
``http://{name}-broker-ingress.{ns}.svc.cluster.local``. It reports eventing-rabbitmq's
conditions: ``SecretReady`` and ``ExchangeReady`` (False with reason
``ExchangeCredentialsUnavailable`` when the config or Secret is missing or unusable,
``ExchangeFailure`` when RabbitMQ refuses or cannot be reached), ``DLXReady`` and
``DeadLetterSinkReady`` (dead-lettering goes straight to the sink here, so they follow the dead
letter sink's resolution), ``IngressReady``, ``Addressable``. Secrets and broker configs are
watched, so fixing one heals the broker; deleting the broker deletes its exchange.

A trigger of a RabbitMQ broker (``pkg/reconciler/trigger``) gets the queue
``{ns}.{trigger}.{broker uid}`` of the broker config's ``queueType``, bound to the exchange with
its legacy ``filter.attributes`` (``DependencyReady`` False with ``QueueFailure`` while that
fails), and a consumer whose prefetch is the trigger's
``rabbitmq.eventing.knative.dev/parallelism`` (1–1000, default 1); it delivers with the
trigger's ``delivery`` (else the broker's) and sends replies to the broker's ingress. The
trigger is ready once its consumer is. Deleting the trigger (or its broker) deletes its queue.
Triggers of other broker classes are left to their reconcilers.
"""

from __future__ import annotations

import base64
import binascii
import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from knlite.apis.duck import ADDRESSABLE, DEAD_LETTER_SINK_RESOLVED
from knlite.apis.eventing import broker as broker_api
from knlite.apis.eventing import rabbitmqbrokerconfig as config_api
from knlite.apis.eventing import trigger as trigger_api
from knlite.config.types import ConfigView
from knlite.eventing.delivery import DeliveryOptions
from knlite.eventing.filters import compile_attributes
from knlite.eventing.rabbitmq import messages, names
from knlite.eventing.rabbitmq.plane import BrokerRoute, QueueSpec, RabbitPlane, TriggerTarget
from knlite.reconciler.base import Key, Reconciler, Watch
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.brokerclass import ClassTriggerReconciler
from knlite.reconciler.eventing.channel import resolve_dead_letter
from knlite.reconciler.eventing.resolver import ResolveError, Resolver

Obj = dict[str, Any]
EVENTING = "eventing.knative.dev"
RETRY_AFTER = 5.0
BROKER_CONFIG = f"{config_api.KIND}.{config_api.GROUP}/v1alpha1"
RABBITMQ_CLUSTER = "RabbitmqCluster.rabbitmq.com/v1beta1"
NO_DLS = ("DeadLetterSinkNotConfigured", "No dead letter sink is configured.")

Lookup = Callable[[str, str], Obj | None]  # (namespace, name) → object or None



def is_rabbitmq(broker: Obj) -> bool:
    return broker_api.broker_class(broker) == broker_api.RABBITMQ_BROKER


class ConfigProblem(Exception):
    """The broker's config or Secret does not give a RabbitMQ connection; ``secret`` says whose fault."""

    def __init__(self, message: str, secret: bool = False) -> None:
        super().__init__(message)
        self.secret = secret


@dataclass(frozen=True, slots=True)
class Cluster:
    url: str  # AMQP URL with the vhost
    queue_type: str


def _secret_data(secret: Obj) -> dict[str, str]:
    out = {}
    for k, v in (secret.get("data") or {}).items():
        try:
            out[k] = base64.b64decode(v or "").decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise ConfigProblem(f"secret {secret['metadata']['name']}: key {k} is not base64 UTF-8",
                                secret=True) from None
    return out


def broker_cluster(broker: Obj, get_config: Lookup, get_secret: Lookup) -> Cluster:
    """The RabbitMQ cluster (URL, queue type) a broker's ``spec.config`` leads to; raises ConfigProblem."""
    ref = (broker.get("spec") or {}).get("config") or {}
    ns = ref.get("namespace") or broker["metadata"]["namespace"]
    kind = f"{ref.get('kind', '')}.{ref.get('apiVersion', '')}"
    if kind == BROKER_CONFIG:
        cfg = get_config(ns, ref.get("name", ""))
        if cfg is None:
            raise ConfigProblem(f'rabbitmqbrokerconfig "{ns}/{ref.get("name", "")}" not found')
        spec = cfg.get("spec") or {}
        cluster_ref = spec.get("rabbitmqClusterReference") or {}
        queue_type = spec.get("queueType") or config_api.QUEUE_QUORUM
        vhost = spec.get("vhost") or ""
    elif kind == RABBITMQ_CLUSTER:
        cluster_ref, queue_type, vhost = {"name": ref.get("name"), "namespace": ns}, config_api.QUEUE_QUORUM, ""
    else:
        raise ConfigProblem(f"unsupported broker config {ref.get('kind')} ({ref.get('apiVersion')}): expected "
                            f"{config_api.KIND} or RabbitmqCluster")
    secret_ns = cluster_ref.get("namespace") or ns
    connection_secret = (cluster_ref.get("connectionSecret") or {}).get("name")
    secret_name = connection_secret or (f"{cluster_ref['name']}-default-user" if cluster_ref.get("name") else "")
    if not secret_name:
        raise ConfigProblem("rabbitmqClusterReference names neither a cluster nor a connectionSecret")
    secret = get_secret(secret_ns, secret_name)
    if secret is None:
        raise ConfigProblem(f'secret "{secret_ns}/{secret_name}" not found', secret=True)
    try:
        return Cluster(messages.amqp_url(_secret_data(secret), vhost), queue_type)
    except messages.SpecError as e:
        raise ConfigProblem(f"secret {secret_ns}/{secret_name}: {e}", secret=True) from None


class RabbitMQBrokerReconciler(Reconciler):
    name = "rabbitmqbroker"

    def __init__(self, client: Client, resolver: Resolver, rabbit: RabbitPlane) -> None:
        super().__init__()
        self.client = client
        self.resolver = resolver
        self.rabbit = rabbit
        self.brokers = client.rt(EVENTING, "Broker")
        self.secrets = client.rt("", "Secret")
        self.configs_rt = client.rt(config_api.GROUP, config_api.KIND)
        self.gk = self.brokers.group_kind
        self.watches = [Watch(self.secrets.group_kind, self._all_brokers),
                        Watch(self.configs_rt.group_kind, self._all_brokers)]
        self._exchanges: dict[tuple[str, str], tuple[str, str]] = {}  # broker → (url, exchange) declared

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.brokers)
                if is_rabbitmq(o)]

    def _all_brokers(self, _obj: Obj) -> list[Key]:
        return self.all_keys()

    def _gone(self, key: Key) -> None:
        self.rabbit.unserve_broker(key.namespace, key.name)
        declared = self._exchanges.pop((key.namespace, key.name), None)
        if declared is not None:
            self.rabbit.delete_exchange(*declared)

    def reconcile(self, key: Key) -> float | None:
        b = self.client.peek(self.brokers, key.namespace, key.name)
        if b is None or b["metadata"].get("deletionTimestamp"):
            self._gone(key)
            return None
        if not is_rabbitmq(b):
            return None  # another class's reconciler owns it (the class is immutable)
        status = copy.deepcopy(b.get("status") or {})
        m = broker_api.RABBITMQ_CONDITIONS.manage(status)
        m.initialize()
        status["observedGeneration"] = b["metadata"].get("generation", 1)
        self.rabbit.serve_broker(key.namespace, key.name)
        m.mark_true(broker_api.INGRESS_READY)
        status["address"] = {"name": "http", "url": names.ingress_url(key.namespace, key.name)}
        m.mark_true(ADDRESSABLE)
        self._dead_letter(b, status, m)
        again = self._exchange(key, b, m)
        self.client.update_status(self.brokers, b, status)
        return again

    def _dead_letter(self, b: Obj, status: Obj, m: Any) -> None:
        delivery = (b.get("spec") or {}).get("delivery")
        resolve_dead_letter(self.resolver, delivery, b["metadata"]["namespace"], status,
                            broker_api.RABBITMQ_CONDITIONS)
        dls = m.get(DEAD_LETTER_SINK_RESOLVED) or {}
        if dls.get("status") == "True":
            reason, message = (NO_DLS if not status.get("deadLetterSinkUri") else ("", ""))
            m.mark_true(broker_api.DLX_READY, reason, message)
            m.mark_true(broker_api.DEAD_LETTER_SINK_READY, reason, message)
        else:
            m.mark_true(broker_api.DLX_READY)
            m.mark_false(broker_api.DEAD_LETTER_SINK_READY, dls.get("reason") or "DeadLetterSinkFailed",
                         dls.get("message") or "unable to resolve the dead letter sink")

    def _exchange(self, key: Key, b: Obj, m: Any) -> float | None:
        try:
            cluster = broker_cluster(b, lambda ns, n: self.client.peek(self.configs_rt, ns, n),
                                     lambda ns, n: self.client.peek(self.secrets, ns, n))
        except ConfigProblem as e:
            self.rabbit.brokers.pop((key.namespace, key.name), None)
            if e.secret:
                m.mark_false(broker_api.SECRET_READY, "SecretFailure", str(e))
            m.mark_false(broker_api.EXCHANGE_READY, "ExchangeCredentialsUnavailable",
                         f"Failed to get arguments for creating exchange: {e}")
            return None
        m.mark_true(broker_api.SECRET_READY)
        exchange = names.exchange_name(key.namespace, key.name, b["metadata"].get("uid", ""))
        outcome = self.rabbit.ensure_exchange(cluster.url, exchange, lambda: self.enqueue(key, 0.0))
        if outcome is None:
            m.mark_unknown(broker_api.EXCHANGE_READY, "ExchangeNotReady", f'declaring exchange "{exchange}"')
            return None
        if not outcome.ok:
            self.rabbit.brokers.pop((key.namespace, key.name), None)
            m.mark_false(broker_api.EXCHANGE_READY, "ExchangeFailure",
                         f'Failed to reconcile exchange "{exchange}": {outcome.error}')
            return RETRY_AFTER
        self._exchanges[(key.namespace, key.name)] = (cluster.url, exchange)
        self.rabbit.brokers[(key.namespace, key.name)] = BrokerRoute(cluster.url, exchange, cluster.queue_type)
        m.mark_true(broker_api.EXCHANGE_READY)
        return None


def parallelism(t: Obj) -> int:
    """The trigger's ``rabbitmq.eventing.knative.dev/parallelism`` (validated by the webhook), else 1."""
    raw = (t["metadata"].get("annotations") or {}).get(trigger_api.RABBITMQ_PARALLELISM_ANNOTATION)
    try:
        return min(max(int(raw), 1), 1000) if raw is not None else 1
    except ValueError:
        return 1


class RabbitMQTriggerReconciler(ClassTriggerReconciler):
    name = "rabbitmqtrigger"

    def __init__(self, client: Client, resolver: Resolver, config: Callable[[], ConfigView],
                 rabbit: RabbitPlane) -> None:
        super().__init__(client, is_rabbitmq)
        self.resolver = resolver
        self.config = config
        self.rabbit = rabbit
        self._queues: dict[str, tuple[str, str]] = {}  # trigger owner → (url, queue) declared

    def release(self, owner: str) -> None:
        self.rabbit.remove_consumer(owner)
        declared = self._queues.pop(owner, None)
        if declared is not None:
            self.rabbit.delete_queue(*declared)

    def deliver(self, key: Key, owner: str, t: Obj, b: Obj, status: Obj, m: Any) -> float | None:
        spec = t.get("spec") or {}
        try:
            subscriber_uri = self.resolver.resolve(spec.get("subscriber"), key.namespace)
        except ResolveError as e:
            status.pop("subscriberUri", None)
            m.mark_false(trigger_api.SUBSCRIBER_RESOLVED, "Unable to get the Subscriber's Addressable", str(e))
            self.rabbit.remove_consumer(owner)
            return None
        status["subscriberUri"] = subscriber_uri
        m.mark_true(trigger_api.SUBSCRIBER_RESOLVED)
        delivery = spec.get("delivery") or (b.get("spec") or {}).get("delivery")
        if (spec.get("delivery") or {}).get("deadLetterSink") or not (b.get("status") or {}).get("deadLetterSinkUri"):
            resolve_dead_letter(self.resolver, delivery, key.namespace, status, trigger_api.CONDITIONS)
        else:
            status["deadLetterSinkUri"] = b["status"]["deadLetterSinkUri"]
            m.mark_true(DEAD_LETTER_SINK_RESOLVED)
        broker_name = b["metadata"]["name"]
        route = self.rabbit.brokers.get((key.namespace, broker_name))
        if route is None:
            m.mark_unknown(trigger_api.DEPENDENCY_READY, "BrokerNotReady", "the broker's exchange is not declared yet")
            return None
        queue = QueueSpec.of(names.queue_name(key.namespace, key.name, b["metadata"].get("uid", "")),
                             route.queue_type, route.exchange,
                             messages.binding_arguments(key.name, (spec.get("filter") or {}).get("attributes")))
        outcome = self.rabbit.ensure_queue(route.url, queue, lambda: self.enqueue(key, 0.0))
        if outcome is None:
            m.mark_unknown(trigger_api.DEPENDENCY_READY, "QueueNotReady", f'declaring queue "{queue.name}"')
            return None
        if not outcome.ok:
            m.mark_false(trigger_api.DEPENDENCY_READY, "QueueFailure",
                         f'Failed to reconcile queue "{queue.name}": {outcome.error}')
            return RETRY_AFTER
        self._queues[owner] = (route.url, queue.name)
        m.mark_true(trigger_api.DEPENDENCY_READY)
        options = DeliveryOptions.from_spec(delivery, status.get("deadLetterSinkUri"), self.config().eventing_features)
        target = TriggerTarget(key.namespace, key.name, subscriber_uri, names.ingress_url(key.namespace, broker_name),
                               options, compile_attributes((spec.get("filter") or {}).get("attributes")))
        state = self.rabbit.apply_consumer(owner, route.url, queue.name, parallelism(t),
                                           self.rabbit.trigger_handler(target), lambda: self.enqueue(key, 0.0))
        if state.ready:
            m.mark_true(trigger_api.SUBSCRIPTION_READY)
        else:
            m.mark_unknown(trigger_api.SUBSCRIPTION_READY, "ConsumerNotReady", state.error or "starting the consumer")
        return None
