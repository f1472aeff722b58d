"""One trigger's consumer of its RabbitMQ queue: up to ``parallelism`` deliveries at once, acked after each.

This is eventing-rabbitmq's trigger dispatcher (``pkg/dispatcher``), one per trigger:

- **start**: open a channel on the shared connection, set its prefetch to the trigger's
  ``rabbitmq.eventing.knative.dev/parallelism`` (1 unless set) and consume the trigger's queue;
  only then is the owner told the trigger is ready. The prefetch is how many unacknowledged
  messages RabbitMQ hands over at once, and so how many deliveries run in parallel
  (upstream's ``WorkerCount``);
- **deliver**: each message is handled by the handler — filter, then the whole delivery with
  the trigger's retries, back-off, dead letter sink and reply — and acknowledged once the
  handler returns, whatever the outcome (as upstream acks after dead-lettering);
- **crash or stop**: a message whose delivery did not finish is never acknowledged; RabbitMQ
  requeues it when the channel closes (at once on a stop, when the connection drops on a
  crash): at least once;
- **failures**: a lost connection or a missing queue is retried with back-off for as long as
  the consumer exists; its state says why it is not ready.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from knlite.eventing.engines import EngineConsumer

if TYPE_CHECKING:
    from aio_pika.abc import AbstractConnection, AbstractIncomingMessage

log = logging.getLogger(__name__)

Handler = Callable[["AbstractIncomingMessage"], Awaitable[None]]
Connect = Callable[[], Awaitable["AbstractConnection"]]



class QueueConsumer(EngineConsumer):
    engine = "RabbitMQ"
    handler: Handler

    def __init__(self, connect: Connect, queue: str, prefetch: int, handler: Handler,
                 on_state: Callable[[], None] | None = None, name: str = "") -> None:
        super().__init__(handler, on_state, name or queue)
        self.connect = connect
        self.queue = queue
        self.prefetch = prefetch
        self._inflight: set[asyncio.Task[None]] = set()

    async def _consume(self) -> None:
        channel: Any = None
        try:
            conn = await self.connect()
            channel = await conn.channel()
            closed = asyncio.Event()
            channel.close_callbacks.add(lambda *_, ev=closed: ev.set())
            await channel.set_qos(prefetch_count=self.prefetch)
            queue = await channel.get_queue(self.queue, ensure=True)
            await queue.consume(self._on_message, no_ack=False)
            self._bound()
            await closed.wait()
            raise ConnectionError("the RabbitMQ channel closed")
        finally:
            if channel is not None and not channel.is_closed:
                with contextlib.suppress(Exception):
                    await channel.close()

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        # aiormq runs each delivery in its own task; track them so a stop can cut them short.
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
        try:
            try:
                await self.handler(message)
            except Exception:  # the handler is not supposed to raise; a bug must not wedge the queue
                log.exception("RabbitMQ consumer %s: handling a message failed", self.name)
            with contextlib.suppress(Exception):
                await message.ack()
        finally:
            if task is not None:
                self._inflight.discard(task)

    async def stop(self) -> None:
        await self._stop_task()  # closing the channel makes RabbitMQ requeue what is unacknowledged
        pending = list(self._inflight)
        for t in pending:
            t.cancel()
        if pending:
            await asyncio.wait(pending, timeout=5)
