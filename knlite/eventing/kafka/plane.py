"""The Kafka data plane: receivers that produce, consumer groups that dispatch.

Knative's eventing-kafka-broker splits each Kafka-backed resource in two, and so does this:

- **receivers** turn an HTTP event into a Kafka record and answer once the cluster has it:
  the KafkaChannel receiver (``{channel}-kn-channel`` hosts, through
  :class:`~knlite.eventing.handlers.EventingHandlers`, which calls :meth:`KafkaPlane.publish`)
  and the Kafka broker receiver at ``kafka-broker-ingress.knative-eventing.svc.cluster.local/{ns}/{name}``
  (:meth:`KafkaPlane.broker_ingress`: 202 when produced, 400 for a bad event, 404 for an
  unknown broker or path, 405 for other methods, 503 when producing fails);
- **dispatchers** are consumer groups (:class:`~knlite.eventing.kafka.consumer.GroupConsumer`):
  one per KafkaChannel subscriber, per Kafka-broker trigger (filtering on the way, replies
  produced back into the broker through its receiver) and per KafkaSource (records wrapped
  into events where they are not CloudEvents already). Each delivers with the same
  :func:`~knlite.eventing.delivery.dispatch` as every other hop — retries, back-off, dead
  letter sink — and only then lets the offset move on.

Reconcilers are synchronous; what needs the network (creating a topic, checking one) is
started here in the background with :meth:`KafkaPlane.ensure_topic` / :meth:`check_topics`,
which answer "not yet" (None) until done and then wake the reconciler up again. Consumer
groups likewise report readiness (offsets initialised, member started) through a callback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from knlite.eventing import cloudevents as ce
from knlite.eventing.dataplane import ChannelInfo, ChannelKey, Subscriber
from knlite.eventing.delivery import DeliveryOptions, Features, Response, Transport, dispatch
from knlite.eventing.engines import BackgroundOps, ConsumerState, Outcome
from knlite.eventing.handlers import ChannelUnavailable
from knlite.eventing.kafka import names
from knlite.eventing.kafka.records import Record, read_source_record, to_event, to_record
from knlite.eventing.kafka.specs import GroupSpec, KafkaOptions, TopicSpec

if TYPE_CHECKING:
    from knlite.eventing.kafka.client import KafkaClients
    from knlite.eventing.kafka.consumer import GroupConsumer, Handler

log = logging.getLogger(__name__)

ALLOW = {"Allow": "POST"}
TEXT = {"Content-Type": "text/plain; charset=utf-8"}
RETRY_FAILED_AFTER = 5.0  # seconds before a failed admin call is tried again

Wake = Callable[[], None]


def _text(status: int, message: str) -> Response:
    return Response(status, {**TEXT, **ALLOW}, (message + "\n").encode() if message else b"")


@dataclass(frozen=True, slots=True)
class Route:
    """Where a receiver writes: a topic on a cluster."""

    bootstrap: str
    topic: str


@dataclass(frozen=True, slots=True)
class TriggerTarget:
    namespace: str
    name: str
    subscriber_uri: str
    reply_uri: str
    options: DeliveryOptions
    matches: Callable[[Mapping[str, Any]], bool]


@dataclass(frozen=True, slots=True)
class SourceTarget:
    namespace: str
    name: str
    sink_uri: str
    options: DeliveryOptions
    key_type: str | None
    overrides: tuple[tuple[str, str], ...] = ()


@dataclass
class _Group:
    spec: GroupSpec
    members: list[GroupConsumer]
    wake: Wake


class KafkaPlane:
    def __init__(self, transport: Transport, features: Callable[[], Features], options: KafkaOptions,
                 clients: KafkaClients | None = None) -> None:
        self.transport = transport
        self.features = features
        self.options = options
        self.on_event: Callable[[str, str, str, Any], None] | None = None  # EventType registry hook
        self.channels: dict[ChannelKey, Route] = {}
        self.brokers: dict[tuple[str, str], Route] = {}
        self._clients = clients  # created on first use: aiokafka is imported only then
        self._ops = BackgroundOps("Kafka", retry_after=RETRY_FAILED_AFTER)
        self._groups: dict[str, _Group] = {}
        self._stopped = False

    @property
    def clients(self) -> KafkaClients:
        if self._clients is None:
            from knlite.eventing.kafka.client import KafkaClients

            self._clients = KafkaClients(self.options)
        return self._clients

    # -- background admin calls ------------------------------------------------------------------
    def ensure_topic(self, bootstrap: str, topic: TopicSpec, wake: Wake) -> Outcome | None:
        """Create ``topic`` unless it exists; None while that is under way."""
        return self._ops.run(("create", bootstrap, (topic.name,), topic),
                             lambda: self.clients.ensure_topic(bootstrap, topic), wake)

    def check_topics(self, bootstrap: str, topics: tuple[str, ...], wake: Wake) -> Outcome | None:
        """Check that ``topics`` exist (an external topic, a KafkaSource's topics); None while checking."""
        return self._ops.run(("check", bootstrap, topics, None), lambda: self.clients.check_topics(bootstrap, topics),
                             wake)

    def forget_topic(self, topic: str) -> None:
        """Forget what is known about ``topic`` (it is deleted, or its owner is gone)."""
        self._ops.forget(lambda key: isinstance(key, tuple) and topic in key[2])

    def delete_topic(self, bootstrap: str, topic: str) -> None:
        self.forget_topic(topic)
        self._ops.spawn(self._delete_topic(bootstrap, topic), f"delete:{topic}")

    async def _delete_topic(self, bootstrap: str, topic: str) -> None:
        try:
            await self.clients.delete_topic(bootstrap, topic)
            log.info("deleted Kafka topic %s", topic)
        except Exception as e:
            log.warning("failed to delete Kafka topic %s: %s", topic, e)

    # -- receivers ---------------------------------------------------------------------------------
    async def publish(self, channel: ChannelInfo, event: Any, headers: Mapping[str, str]) -> None:
        """The KafkaChannel receiver: the event is a record in the channel's topic when this returns."""
        route = self.channels.get(channel.key)
        if route is None:
            raise ChannelUnavailable(f"channel {channel.key.namespace}/{channel.key.name} has no topic yet",
                                     status=503)
        await self._produce(route, event)

    async def _produce(self, route: Route, event: Any) -> None:
        from knlite.eventing.kafka.client import KafkaUnavailable

        rec = to_record(event)
        try:
            await self.clients.send(route.bootstrap, route.topic, rec.value, rec.key, rec.headers)
        except KafkaUnavailable as e:
            raise ChannelUnavailable(str(e), status=503) from e

    async def broker_ingress(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Response:
        """The Kafka broker receiver (``IngressRequestHandlerImpl``), ``POST /{ns}/{broker}``."""
        if method != "POST":
            return _text(405, "method not allowed")
        parts = path.rstrip("/").split("/")
        if len(parts) != 3 or parts[0] != "" or not parts[1] or not parts[2]:
            return _text(404, f"no broker at path {path}")
        ns, name = parts[1], parts[2]
        route = self.brokers.get((ns, name))
        if route is None:
            return _text(404, f'broker "{ns}/{name}" not found')
        try:
            event = ce.parse(headers, body)
        except ce.EventError as e:
            return _text(400, str(e))
        try:
            await self._produce(route, event)
        except ChannelUnavailable as e:
            return _text(503, str(e))
        if self.on_event is not None:
            self.on_event("Broker", ns, name, event)
        return Response(202, ALLOW, b"")

    # -- consumer groups ---------------------------------------------------------------------------
    def apply_group(self, owner: str, spec: GroupSpec, handler: Handler, wake: Wake, members: int = 1) -> ConsumerState:
        """Run ``members`` members of ``spec``'s group for ``owner``; a changed spec restarts them,
        a changed handler is swapped in place."""
        from knlite.eventing.kafka.consumer import GroupConsumer

        if self._stopped:
            return ConsumerState(False, "shutting down")
        g = self._groups.get(owner)
        if g is not None and (g.spec != spec or len(g.members) != members):
            self.remove_group(owner)
            g = None
        if g is None:
            group = _Group(spec, [], wake)
            group.members = [GroupConsumer(self.clients, spec, handler, lambda: group.wake(), f"{owner}#{i}")
                             for i in range(members)]
            for m in group.members:
                m.start()
            self._groups[owner] = g = group
        g.wake = wake
        for m in g.members:
            m.handler = handler
        return self.group_state(owner)

    def group_state(self, owner: str) -> ConsumerState:
        g = self._groups.get(owner)
        if g is None:
            return ConsumerState(False, "not running")
        error = next((m.error for m in g.members if m.error), None)
        return ConsumerState(all(m.ready for m in g.members), error)

    def remove_group(self, owner: str) -> None:
        g = self._groups.pop(owner, None)
        if g is not None:
            for m in g.members:
                self._ops.spawn(m.stop(), f"stop:{owner}")

    def groups(self, prefix: str) -> list[str]:
        return [o for o in self._groups if o.startswith(prefix)]

    # -- handlers: what a consumed record turns into -----------------------------------------------
    def subscriber_handler(self, namespace: str, sub: Subscriber) -> Handler:
        """A KafkaChannel subscriber: every event, with the subscription's delivery and reply."""
        options = DeliveryOptions.from_spec(sub.delivery, sub.dead_letter_uri, self.features())
        uri, reply = sub.subscriber_uri or "", sub.reply_uri

        async def handle(record: Record) -> None:
            event = _event_of(record)
            if event is not None and uri:
                await dispatch(event, uri, options, self.transport, reply=reply, namespace=namespace)

        return handle

    def trigger_handler(self, target: TriggerTarget) -> Handler:
        """A Kafka-broker trigger: filter, deliver, and produce a reply back into the broker."""

        async def handle(record: Record) -> None:
            event = _event_of(record)
            if event is None or not target.matches(ce.attributes(event)):
                return
            await dispatch(event, target.subscriber_uri, target.options, self.transport, reply=target.reply_uri)

        return handle

    def source_handler(self, target: SourceTarget) -> Handler:
        """A KafkaSource: records as events (wrapped unless they are CloudEvents), overrides set, to the sink."""

        async def handle(record: Record) -> None:
            event = read_source_record(record, target.namespace, target.name, target.key_type)
            for k, v in target.overrides:
                try:
                    ce.set_extension(event, k, v)
                except ce.EventError:
                    log.debug("KafkaSource %s/%s: ceOverride %s refused", target.namespace, target.name, k)
            await dispatch(event, target.sink_uri, target.options, self.transport)

        return handle

    # -- shutdown ------------------------------------------------------------------------------------
    async def stop(self) -> None:
        self._stopped = True
        stops = [m.stop() for g in self._groups.values() for m in g.members]
        self._groups.clear()
        if stops:
            await asyncio.gather(*stops, return_exceptions=True)
        await self._ops.stop()
        if self._clients is not None:
            await self._clients.close()


def _event_of(record: Record) -> Any:
    try:
        return to_event(record.headers, record.value)
    except ce.EventError as e:
        log.warning("skipping record %s-%d@%d: not a CloudEvent: %s", record.topic, record.partition, record.offset, e)
        return None


__all__ = ["ConsumerState", "KafkaPlane", "Outcome", "Route", "SourceTarget", "TriggerTarget", "names"]
