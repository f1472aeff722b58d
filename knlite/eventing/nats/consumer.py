"""One subscriber's durable JetStream consumer: messages in, one delivery each, acknowledged after it.

This is eventing-natss's push or pull consumer for one subscription:

- **start**: create (or find) the durable consumer ``KN_SUB_{UID}`` on the channel's stream
  and bind to it — a push consumer through its deliver subject and queue group, a pull
  consumer by fetching batches; only then is the owner told the subscriber is ready;
- **deliver**: each message is handled in its own task, up to ``max_in_flight`` at once
  (``maxAckPending`` when set), by the handler — the whole delivery with the subscription's
  retries, back-off, dead letter sink and reply. A push consumer takes its messages through
  nats-py's subscription callback, which waits while the consumer is full (so the backlog
  stays in the subscription's queue and, past ``maxAckPending``, on the server); a pull
  consumer fetches batches no larger than the room it has. Every third of ``ackWait`` one
  ticker reports all messages still being delivered "in progress", so JetStream does not
  hand them to anyone else however long the retries take; a message is acknowledged once
  the handler returns (delivered, dead-lettered or dropped, as the delivery policy says);
- **crash or stop**: a message whose delivery did not finish is never acknowledged, so
  JetStream redelivers it — after ``ackWait`` when the daemon died, at once when it stopped
  (a negative acknowledgement is sent on the way out): at least once;
- **failures**: a lost connection or a failed bind is retried with back-off for as long as the
  consumer exists; its state says why it is not ready.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from knlite.eventing.engines import EngineConsumer
from knlite.eventing.nats.specs import ConsumerSpec

if TYPE_CHECKING:
    from nats.aio.client import Client as NATS
    from nats.aio.msg import Msg
    from nats.js import JetStreamContext

log = logging.getLogger(__name__)

Handler = Callable[["Msg"], Awaitable[None]]
Connect = Callable[[], Awaitable[tuple["NATS", "JetStreamContext"]]]

CONNECTION_POLL = 1.0  # how often a push consumer checks that its connection is still open


class JetStreamConsumer(EngineConsumer):
    engine = "NATS"
    handler: Handler

    def __init__(self, connect: Connect, spec: ConsumerSpec, handler: Handler,
                 on_state: Callable[[], None] | None = None, name: str = "") -> None:
        super().__init__(handler, on_state, name or spec.name)
        self.connect = connect
        self.spec = spec
        self._inflight: dict[asyncio.Task[None], Msg] = {}
        self._room = asyncio.Event()

    async def _consume(self) -> None:
        from nats.js.api import ConsumerConfig

        sub: Any = None
        try:
            nc, js = await self.connect()
            info = await js.add_consumer(self.spec.stream, ConsumerConfig.from_response(self.spec.config()))
            if self.spec.pull:
                sub = await js.pull_subscribe_bind(durable=self.spec.name, stream=self.spec.stream)
            else:
                sub = await js.subscribe_bind(self.spec.stream, info.config, self.spec.name, cb=self._on_push,
                                              manual_ack=True)
            self._bound()
            ticker = asyncio.get_running_loop().create_task(self._keep_in_progress())
            try:
                await (self._pull(sub) if self.spec.pull else self._watch(nc))
            finally:
                ticker.cancel()
        finally:
            if sub is not None:
                with contextlib.suppress(Exception):
                    await sub.unsubscribe()

    async def _wait_for_room(self) -> int:
        while len(self._inflight) >= self.spec.max_in_flight:
            self._room.clear()
            await self._room.wait()
        return self.spec.max_in_flight - len(self._inflight)

    async def _pull(self, sub: Any) -> None:
        from nats.errors import TimeoutError as NatsTimeout

        while True:
            room = await self._wait_for_room()
            try:
                msgs = await sub.fetch(min(room, self.spec.fetch_batch), timeout=self.spec.fetch_max_wait)
            except (TimeoutError, NatsTimeout):
                continue
            for msg in msgs:
                self._deliver(msg)

    async def _on_push(self, msg: Msg) -> None:
        """nats-py's callback for a push subscription: it awaits this before the next message."""
        try:
            await self._wait_for_room()
        except asyncio.CancelledError:  # unbound while full: hand it back now rather than after ackWait
            with contextlib.suppress(Exception):
                await msg.nak()
            raise
        self._deliver(msg)

    async def _watch(self, nc: NATS) -> None:
        """Hold a push binding for as long as its connection is open (messages come by callback)."""
        while not nc.is_closed:
            await asyncio.sleep(CONNECTION_POLL)
        raise ConnectionError("the NATS connection is closed")

    def _deliver(self, msg: Msg) -> None:
        task = asyncio.get_running_loop().create_task(self._handle(msg))
        self._inflight[task] = msg
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._inflight.pop(task, None)
        self._room.set()

    async def _handle(self, msg: Msg) -> None:
        try:
            await self.handler(msg)
        except Exception:  # the handler is not supposed to raise; a bug must not wedge the stream
            log.exception("NATS consumer %s: handling a message failed", self.name)
        with contextlib.suppress(Exception):
            await msg.ack()

    async def _keep_in_progress(self) -> None:
        """Every third of ackWait, report the messages still being delivered as in progress (a
        message taken just after a tick is reported within a third of ackWait, well before its
        ackWait runs out)."""
        while True:
            await asyncio.sleep(self.spec.ack_wait / 3)
            for msg in list(self._inflight.values()):
                with contextlib.suppress(Exception):
                    await msg.in_progress()

    async def stop(self) -> None:
        await self._stop_task()
        pending = dict(self._inflight)
        for t in pending:
            t.cancel()
        if pending:
            await asyncio.wait(list(pending), timeout=5)
        for msg in pending.values():  # cut short: hand them back at once rather than after ackWait
            with contextlib.suppress(Exception):
                await msg.nak()
