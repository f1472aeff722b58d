"""The NATS JetStream data plane: connections, the channel receiver and the subscribers' consumers.

Like eventing-natss's dispatcher, this owns everything that talks to NATS:

- **connections**, one per :class:`~knlite.eventing.nats.specs.Connection` (``config-nats``),
  opened on first use and shared; a connection that failed is not tried again for
  :data:`RECONNECT_AFTER` seconds, so a NATS server that is down costs a caller one quick
  error rather than a wait, and a connection that closed for good is reopened on next use;
- **streams**, created in the background (:meth:`NatsPlane.ensure_stream`, "not yet" until
  done, then the reconciler is woken) and deleted with their channel;
- **the receiver** (:meth:`NatsPlane.publish`, the :class:`~knlite.eventing.handlers.ChannelBackend`
  of ``NatsJetStreamChannel``): the event is a message in the channel's stream, acknowledged
  by JetStream, when it returns — so the channel's 202 means "stored". A channel whose stream
  is not ready, an unreachable server or a missing acknowledgement make it raise
  :class:`~knlite.eventing.handlers.ChannelUnavailable` with 503 and the reason;
- **consumers**, one :class:`~knlite.eventing.nats.consumer.JetStreamConsumer` per
  subscriber (:meth:`NatsPlane.apply_consumer`), delivering with
  :func:`~knlite.eventing.delivery.dispatch` and the subscription's delivery options.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from knlite.eventing import cloudevents as ce
from knlite.eventing.dataplane import ChannelInfo, ChannelKey, Subscriber
from knlite.eventing.delivery import DeliveryOptions, Features, Transport, dispatch
from knlite.eventing.engines import (
    BackgroundOps,
    Connections,
    ConsumerEntry,
    Consumers,
    ConsumerState,
    Outcome,
    Unavailable,
    describe,
)
from knlite.eventing.handlers import ChannelUnavailable
from knlite.eventing.nats import messages
from knlite.eventing.nats.consumer import Handler, JetStreamConsumer
from knlite.eventing.nats.specs import Connection, ConsumerSpec, StreamSpec

if TYPE_CHECKING:
    from nats.aio.client import Client as NATS
    from nats.aio.msg import Msg
    from nats.js import JetStreamContext

log = logging.getLogger(__name__)

RECONNECT_AFTER = 1.0  # seconds a failed connection attempt is remembered
PUBLISH_TIMEOUT = 5.0  # seconds to wait for JetStream's acknowledgement of a published event

Wake = Callable[[], None]


@dataclass(frozen=True, slots=True)
class Route:
    """Where the receiver of a channel publishes: a subject of a stream on a server."""

    connection: Connection
    stream: str
    subject: str


class NatsPlane:
    def __init__(self, transport: Transport, features: Callable[[], Features]) -> None:
        self.transport = transport
        self.features = features
        self.ops = BackgroundOps("nats")
        self.channels: dict[ChannelKey, Route] = {}
        self.problems: dict[ChannelKey, str] = {}  # why a channel has no route (its 503's reason)
        self.connections: Connections[Connection, NATS] = Connections(
            "NATS", self._open, lambda nc: not nc.is_closed, lambda nc: nc.close(), Connection.describe,
            retry_after=RECONNECT_AFTER)
        self._consumers: Consumers[tuple[Connection, ConsumerSpec]] = Consumers(self.ops)

    # -- connections ---------------------------------------------------------------------------------
    async def connect(self, c: Connection) -> tuple[NATS, JetStreamContext]:
        """The shared connection to ``c`` (opened if needed); raises :class:`~knlite.eventing.engines.Unavailable`."""
        nc = await self.connections.get(c)
        return nc, nc.jetstream()

    @staticmethod
    async def _open(c: Connection) -> NATS:
        import nats

        async def quiet(e: Exception) -> None:  # nats-py logs a traceback per failed attempt otherwise
            log.debug("NATS %s: %s", c.describe(), e)

        # One quick attempt per server while connecting (a missing server must answer fast); the
        # configured reconnect policy applies once connected.
        nc = await nats.connect(list(c.servers), connect_timeout=c.connect_timeout, max_reconnect_attempts=1,
                                reconnect_time_wait=0.05, error_cb=quiet, name="knlite")
        nc.options["max_reconnect_attempts"] = c.max_reconnects
        nc.options["reconnect_time_wait"] = c.reconnect_wait
        return nc

    # -- streams ---------------------------------------------------------------------------------------
    def ensure_stream(self, c: Connection, stream: StreamSpec, wake: Wake) -> Outcome | None:
        """Create ``stream`` unless it exists; None while that is under way."""
        return self.ops.run(("stream", c, stream), lambda: self._ensure_stream(c, stream), wake)

    async def _ensure_stream(self, c: Connection, stream: StreamSpec) -> None:
        from nats.js.api import StreamConfig
        from nats.js.errors import NotFoundError

        _, js = await self.connect(c)
        try:
            await js.stream_info(stream.name)
            return  # as eventing-natss: an existing stream is left as it is
        except NotFoundError:
            pass
        await js.add_stream(StreamConfig.from_response(stream.config()))
        log.info("created JetStream stream %s", stream.name)

    def delete_stream(self, c: Connection, name: str) -> None:
        self.ops.forget(lambda k: isinstance(k, tuple) and k[0] == "stream" and k[2].name == name)
        self.ops.spawn(self._delete_stream(c, name), f"delete-stream:{name}")

    async def _delete_stream(self, c: Connection, name: str) -> None:
        try:
            _, js = await self.connect(c)
            await js.delete_stream(name)
            log.info("deleted JetStream stream %s", name)
        except Exception as e:
            log.warning("failed to delete JetStream stream %s: %s", name, describe(e))

    def route(self, key: ChannelKey, route: Route | None, problem: str = "") -> None:
        """Where ``key``'s receiver publishes from now on; None (with the reason) while it cannot."""
        if route is None:
            self.channels.pop(key, None)
            self.problems[key] = problem
        else:
            self.channels[key] = route
            self.problems.pop(key, None)

    # -- the receiver ----------------------------------------------------------------------------------
    async def publish(self, channel: ChannelInfo, event: Any, headers: Mapping[str, str]) -> None:
        route = self.channels.get(channel.key)
        if route is None:
            problem = self.problems.get(channel.key) or "its JetStream stream is not ready yet"
            raise ChannelUnavailable(f"channel {channel.key.namespace}/{channel.key.name} is not ready: {problem}",
                                     status=503)
        msg_headers, payload = messages.to_message(event, headers)
        try:
            _, js = await self.connect(route.connection)
            await js.publish(route.subject, payload, timeout=PUBLISH_TIMEOUT, stream=route.stream,
                             headers=msg_headers)
        except Unavailable as e:
            raise ChannelUnavailable(str(e), status=503) from e
        except asyncio.CancelledError:
            raise
        except Exception as e:
            raise ChannelUnavailable(f"JetStream did not store the event in stream {route.stream}: {describe(e)}",
                                     status=503) from e

    # -- consumers -------------------------------------------------------------------------------------
    def apply_consumer(self, owner: str, c: Connection, spec: ConsumerSpec, handler: Handler,
                       wake: Wake) -> ConsumerState:
        """Run ``spec``'s consumer for ``owner``; a changed spec or server restarts it, a changed
        handler is swapped in place."""
        return self._consumers.apply(
            owner, (c, spec), lambda on_state: JetStreamConsumer(lambda: self.connect(c), spec, handler, on_state, owner),
            handler, wake, self._stop_only)

    def consumer_state(self, owner: str) -> ConsumerState:
        return self._consumers.state(owner)

    def consumers(self, prefix: str) -> list[str]:
        return self._consumers.owners(prefix)

    def remove_consumer(self, owner: str, delete: bool = True) -> None:
        """Stop ``owner``'s consumer; with ``delete``, delete the durable consumer too (its
        subscription is gone, so nobody will resume from its position)."""
        self._consumers.remove(owner, self._delete if delete else self._stop_only)

    async def _stop_only(self, entry: ConsumerEntry[tuple[Connection, ConsumerSpec]]) -> None:
        await entry.consumer.stop()

    async def _delete(self, entry: ConsumerEntry[tuple[Connection, ConsumerSpec]]) -> None:
        await entry.consumer.stop()
        connection, spec = entry.settings
        try:
            _, js = await self.connect(connection)
            await js.delete_consumer(spec.stream, spec.name)
        except Exception as e:
            log.debug("deleting JetStream consumer %s: %s", spec.name, describe(e))

    def subscriber_handler(self, namespace: str, sub: Subscriber) -> Handler:
        """A subscriber's delivery: every event, with the subscription's delivery policy and reply."""
        options = DeliveryOptions.from_spec(sub.delivery, sub.dead_letter_uri, self.features())
        uri, reply = sub.subscriber_uri or "", sub.reply_uri

        async def handle(msg: Msg) -> None:
            try:
                event, passthrough = messages.from_message(msg.headers, msg.data)
            except ce.EventError as e:
                log.warning("skipping a JetStream message that is not a CloudEvent (%s): %s", msg.subject, e)
                return
            if uri:
                await dispatch(event, uri, options, self.transport, reply=reply, namespace=namespace,
                               extra_headers=passthrough)

        return handle

    # -- shutdown --------------------------------------------------------------------------------------
    async def stop(self) -> None:
        await self._consumers.stop()
        await self.ops.stop()
        await self.connections.close()
