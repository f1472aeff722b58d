"""The RabbitMQ data plane: broker ingresses, exchanges and queues, and the triggers' consumers.

Like eventing-rabbitmq's ingress and dispatcher deployments, this owns everything that talks
to RabbitMQ:

- **connections**, one per AMQP URL (a broker config's cluster and vhost), opened on first
  use and shared (:class:`~knlite.eventing.engines.Connections`), plus one publisher channel
  per connection with publisher confirms;
- **exchanges and queues**, declared in the background (:meth:`RabbitPlane.ensure_exchange`,
  :meth:`RabbitPlane.ensure_queue` answer "not yet" until done, then wake the reconciler):
  a durable headers exchange per broker, a durable queue per trigger (``quorum`` or
  ``classic`` as the broker config says) bound to it with the trigger's filter. A RabbitMQ
  trigger's filter is immutable (eventing-rabbitmq's webhook), so a binding never changes;
  a deleted trigger's queue and a deleted broker's exchange are deleted;
- **ingresses** at ``{broker}-broker-ingress.{ns}.svc.cluster.local``
  (:meth:`RabbitPlane.ingress`, registered as a host of the eventing server while the broker
  exists): ``POST /`` with an event → published to the exchange, and 202 once RabbitMQ
  confirmed it; 400 for a request that is not an event, 404 for another path, 405 for
  another method, 503 with the reason while the broker cannot publish (exchange not there
  yet, RabbitMQ unreachable, a negative confirm);
- **consumers**, one :class:`~knlite.eventing.rabbitmq.consumer.QueueConsumer` per trigger,
  whose handler (:meth:`RabbitPlane.trigger_handler`) applies the filter and delivers with
  :func:`~knlite.eventing.delivery.dispatch`, replies going back to the broker's ingress.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from knlite.eventing import cloudevents as ce
from knlite.eventing.delivery import DeliveryOptions, Features, Response, Transport, dispatch
from knlite.eventing.engines import (
    BackgroundOps,
    Connections,
    Consumers,
    ConsumerState,
    Outcome,
    Unavailable,
    describe,
)
from knlite.eventing.handlers import HostHandler
from knlite.eventing.rabbitmq import messages, names
from knlite.eventing.rabbitmq.consumer import Handler, QueueConsumer

if TYPE_CHECKING:
    from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractExchange, AbstractIncomingMessage

log = logging.getLogger(__name__)

RECONNECT_AFTER = 1.0  # seconds a failed connection attempt is remembered
CONNECT_TIMEOUT = 5.0  # seconds
PUBLISH_TIMEOUT = 5.0  # seconds to wait for RabbitMQ's confirm of a published event
TEXT = {"Content-Type": "text/plain; charset=utf-8"}

Wake = Callable[[], None]


def _text(status: int, message: str) -> Response:
    return Response(status, TEXT, (message + "\n").encode() if message else b"")


@dataclass(frozen=True, slots=True)
class BrokerRoute:
    """Where a broker's ingress publishes: an exchange on a RabbitMQ cluster (AMQP URL with vhost)."""

    url: str
    exchange: str
    queue_type: str = "quorum"  # of the triggers' queues (the broker config's queueType)


@dataclass(frozen=True, slots=True)
class QueueSpec:
    """A trigger's queue and its binding to the broker's exchange."""

    name: str
    queue_type: str  # quorum | classic
    exchange: str
    binding_json: str

    @classmethod
    def of(cls, name: str, queue_type: str, exchange: str, binding: Mapping[str, Any]) -> QueueSpec:
        return cls(name, queue_type, exchange, json.dumps(dict(binding), sort_keys=True))

    def binding(self) -> dict[str, Any]:
        return dict(json.loads(self.binding_json))


@dataclass(frozen=True, slots=True)
class TriggerTarget:
    namespace: str
    name: str
    subscriber_uri: str
    reply_uri: str
    options: DeliveryOptions
    matches: Callable[[Mapping[str, Any]], bool]


class _Publisher:
    def __init__(self, conn: AbstractConnection, channel: AbstractChannel) -> None:
        self.conn = conn
        self.channel = channel
        self.exchanges: dict[str, AbstractExchange] = {}


class RabbitPlane:
    def __init__(self, transport: Transport, features: Callable[[], Features], hosts: dict[str, HostHandler]) -> None:
        self.transport = transport
        self.features = features
        self.hosts = hosts  # the eventing handlers' receivers by host: ingresses are added and removed here
        self.on_event: Callable[[str, str, str, Any], None] | None = None  # EventType registry hook
        self.ops = BackgroundOps("rabbitmq")
        self.connections: Connections[str, AbstractConnection] = Connections(
            "RabbitMQ", self._open, lambda c: not c.is_closed, lambda c: c.close(), messages.redact,
            retry_after=RECONNECT_AFTER)
        self.brokers: dict[tuple[str, str], BrokerRoute] = {}
        self._served: dict[tuple[str, str], tuple[str, ...]] = {}
        self._listeners: list[Callable[[], None]] = []
        self._publishers: dict[str, _Publisher] = {}
        self._publisher_lock = asyncio.Lock()
        self._consumers: Consumers[tuple[str, str, int]] = Consumers(self.ops)

    @staticmethod
    async def _open(url: str) -> AbstractConnection:
        import aio_pika

        return await aio_pika.connect(url, timeout=CONNECT_TIMEOUT, client_properties={"connection_name": "knlite"})

    # -- ingress hosts -------------------------------------------------------------------------------
    def on_hosts_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def serve_broker(self, namespace: str, name: str) -> None:
        """Answer at the broker's ingress hosts (until :meth:`unserve_broker`)."""
        key = (namespace, name)
        if key in self._served:
            return
        hosts = names.ingress_hosts(namespace, name)
        handler = functools.partial(self.ingress, namespace, name)
        for h in hosts:
            self.hosts[h] = handler
        self._served[key] = hosts
        self._hosts_changed()

    def unserve_broker(self, namespace: str, name: str) -> None:
        self.brokers.pop((namespace, name), None)
        hosts = self._served.pop((namespace, name), ())
        for h in hosts:
            self.hosts.pop(h, None)
        if hosts:
            self._hosts_changed()

    def _hosts_changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # -- exchanges and queues ------------------------------------------------------------------------
    def ensure_exchange(self, url: str, name: str, wake: Wake) -> Outcome | None:
        """Declare the broker's headers exchange; None while that is under way."""
        return self.ops.run(("exchange", url, name), lambda: self._declare(url, self._exchange(name)), wake)

    def ensure_queue(self, url: str, spec: QueueSpec, wake: Wake) -> Outcome | None:
        """Declare a trigger's queue and bind it; None while that is under way."""
        return self.ops.run(("queue", url, spec), lambda: self._declare(url, self._queue(spec)), wake)

    @staticmethod
    def _exchange(name: str) -> Callable[[AbstractChannel], Any]:
        async def declare(channel: AbstractChannel) -> None:
            from aio_pika import ExchangeType

            await channel.declare_exchange(name, ExchangeType.HEADERS, durable=True, auto_delete=False)

        return declare

    @staticmethod
    def _queue(spec: QueueSpec) -> Callable[[AbstractChannel], Any]:
        async def declare(channel: AbstractChannel) -> None:
            queue = await channel.declare_queue(spec.name, durable=True, auto_delete=False,
                                                arguments={"x-queue-type": spec.queue_type})
            await queue.bind(spec.exchange, routing_key="", arguments=spec.binding())

        return declare

    async def _declare(self, url: str, declare: Callable[[AbstractChannel], Any]) -> None:
        conn = await self.connections.get(url)
        channel = await conn.channel()  # a failed declaration closes its channel: not the shared one
        try:
            await declare(channel)
        finally:
            if not channel.is_closed:
                await channel.close()

    def delete_exchange(self, url: str, name: str) -> None:
        self.ops.forget(lambda k: isinstance(k, tuple) and k[0] == "exchange" and k[2] == name)
        self.ops.spawn(self._delete(url, "exchange", name), f"delete-exchange:{name}")

    def delete_queue(self, url: str, name: str) -> None:
        self.ops.forget(lambda k: isinstance(k, tuple) and k[0] == "queue" and k[2].name == name)
        self.ops.spawn(self._delete(url, "queue", name), f"delete-queue:{name}")

    async def _delete(self, url: str, what: str, name: str) -> None:
        try:
            conn = await self.connections.get(url)
            channel = await conn.channel()
            try:
                if what == "queue":
                    await channel.queue_delete(name)
                else:
                    await channel.exchange_delete(name)
            finally:
                if not channel.is_closed:
                    await channel.close()
            log.info("deleted RabbitMQ %s %s", what, name)
        except Exception as e:
            log.warning("failed to delete RabbitMQ %s %s: %s", what, name, describe(e))

    # -- the ingress ---------------------------------------------------------------------------------
    async def ingress(self, namespace: str, name: str, method: str, path: str, headers: Mapping[str, str],
                      body: bytes) -> Response:
        """A broker's ingress (eventing-rabbitmq ``cmd/ingress``), ``POST /``."""
        if method != "POST":
            return _text(405, "method not allowed")
        if path not in ("", "/"):
            return _text(404, f"no broker ingress at path {path}")
        try:
            event = ce.parse(headers, body)
        except ce.EventError as e:
            return _text(400, str(e))
        route = self.brokers.get((namespace, name))
        if route is None:
            return _text(503, f'broker "{namespace}/{name}" is not ready: its exchange does not exist yet')
        try:
            await self._publish(route, event)
        except Unavailable as e:
            return _text(503, str(e))
        if self.on_event is not None:
            self.on_event("Broker", namespace, name, event)
        return Response(202, {}, b"")

    async def _publish(self, route: BrokerRoute, event: Any) -> None:
        import aio_pika

        headers, body, content_type = messages.to_message(event)
        msg = aio_pika.Message(body, headers=headers, content_type=content_type,
                               message_id=str(ce.get_attr(event, "id") or ""),
                               delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
        try:
            publisher = await self._publisher(route.url)
            exchange = publisher.exchanges.get(route.exchange)
            if exchange is None:
                exchange = publisher.exchanges[route.exchange] = await publisher.channel.get_exchange(
                    route.exchange, ensure=False)
            await exchange.publish(msg, routing_key="", timeout=PUBLISH_TIMEOUT)
        except Unavailable:
            raise
        except asyncio.CancelledError:
            raise
        except Exception as e:
            raise Unavailable(f"RabbitMQ did not confirm the event on exchange {route.exchange}: {describe(e)}") from e

    async def _publisher(self, url: str) -> _Publisher:
        p = self._publishers.get(url)
        if p is not None and not p.channel.is_closed and not p.conn.is_closed:
            return p
        async with self._publisher_lock:
            p = self._publishers.get(url)
            if p is None or p.channel.is_closed or p.conn.is_closed:
                conn = await self.connections.get(url)
                p = self._publishers[url] = _Publisher(conn, await conn.channel(publisher_confirms=True))
            return p

    # -- consumers -----------------------------------------------------------------------------------
    def apply_consumer(self, owner: str, url: str, queue: str, prefetch: int, handler: Handler,
                       wake: Wake) -> ConsumerState:
        """Consume ``queue`` for ``owner``; another queue, server or prefetch restarts the consumer,
        a changed handler is swapped in place."""
        return self._consumers.apply(
            owner, (url, queue, prefetch),
            lambda on_state: QueueConsumer(lambda: self.connections.get(url), queue, prefetch, handler, on_state, owner),
            handler, wake)

    def consumer_state(self, owner: str) -> ConsumerState:
        return self._consumers.state(owner)

    def consumers(self, prefix: str) -> list[str]:
        return self._consumers.owners(prefix)

    def remove_consumer(self, owner: str) -> None:
        self._consumers.remove(owner)

    def trigger_handler(self, target: TriggerTarget) -> Handler:
        """A trigger's delivery: filter, then deliver with the trigger's policy; replies go to the broker."""

        async def handle(message: AbstractIncomingMessage) -> None:
            try:
                event = messages.from_message(message.headers, message.body, message.content_type)
            except ce.EventError as e:
                log.warning("trigger %s/%s: skipping a message that is not a CloudEvent: %s", target.namespace,
                            target.name, e)
                return
            if target.matches(ce.attributes(event)):
                await dispatch(event, target.subscriber_uri, target.options, self.transport, reply=target.reply_uri)

        return handle

    # -- shutdown ------------------------------------------------------------------------------------
    async def stop(self) -> None:
        await self._consumers.stop()
        await self.ops.stop()
        await self.connections.close()
