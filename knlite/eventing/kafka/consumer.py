"""One consumer group member: records in, a handler per record, offsets committed at least once.

This is the dispatcher's consumer verticle (``OrderedConsumerVerticle`` and
``UnorderedConsumerVerticle`` of eventing-kafka-broker) for one subscription, trigger or
source:

- **start**: initialise the group's offsets where it has none (newest, or oldest for a
  KafkaSource with ``initialOffset: earliest``) — only then is the owner told it is ready —
  and join the group on its topics;
- **ordered**: per partition, one record at a time; the next waits until the handler (the
  whole delivery, with its retries and dead-lettering) is done. Partitions run in parallel;
- **unordered**: every record is handled as soon as it is fetched, up to
  :data:`MAX_IN_FLIGHT` at once;
- **offsets**: a partition's committed offset only ever moves past records whose handling
  finished (:class:`_Partition` tracks the finished prefix), so a crash redelivers what was
  in flight and loses nothing; commits go out every :data:`COMMIT_INTERVAL` and when
  partitions are revoked or the member stops;
- **back-pressure**: while too much is queued, fetching is paused (the member keeps polling,
  so it stays in the group however slow the subscriber is);
- **failures**: a lost connection or a failed join is retried with back-off for as long as
  the member exists; its state says why it is not ready.

The handler never raises into here: a record whose handler fails is logged and counts as done.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from aiokafka import ConsumerRebalanceListener
from aiokafka.errors import KafkaError
from aiokafka.structs import OffsetAndMetadata, TopicPartition

from knlite.eventing.kafka.client import KafkaClients, KafkaUnavailable
from knlite.eventing.kafka.records import Record
from knlite.eventing.kafka.specs import GroupSpec

log = logging.getLogger(__name__)

Handler = Callable[[Record], Awaitable[None]]

MAX_IN_FLIGHT = 256  # unordered: records being handled at once per member
MAX_QUEUED = 2000  # ordered: records waiting across the member's partitions
COMMIT_INTERVAL = 0.2  # seconds
REVOKE_GRACE = 5.0  # seconds a revoked partition's in-flight record may still finish


class _Partition:
    """The records of one assigned partition: queued, in flight, and the committable offset."""

    def __init__(self, tp: TopicPartition) -> None:
        self.tp = tp
        self.outstanding: deque[list[Any]] = deque()  # [offset, done] in fetch order
        self.queue: deque[tuple[Record, list[Any]]] = deque()  # ordered mode: fetched, not started
        self.tasks: set[asyncio.Task[None]] = set()
        self.committable: int | None = None  # next offset to commit
        self.committed: int | None = None
        self.revoked = False

    def add(self, offset: int) -> list[Any]:
        entry = [offset, False]
        self.outstanding.append(entry)
        return entry

    def finish(self, entry: list[Any]) -> None:
        entry[1] = True
        while self.outstanding and self.outstanding[0][1]:
            self.committable = self.outstanding.popleft()[0] + 1


class GroupConsumer:
    def __init__(self, clients: KafkaClients, spec: GroupSpec, handler: Handler,
                 on_state: Callable[[], None] | None = None, name: str = "") -> None:
        self.clients = clients
        self.spec = spec
        self.handler = handler  # may be swapped while running (same spec, new subscriber settings)
        self.on_state = on_state
        self.name = name or spec.group_id
        self.ready = False  # offsets initialised and the member started
        self.error: str | None = None
        self.delivered = 0
        self._parts: dict[TopicPartition, _Partition] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._task: asyncio.Task[None] | None = None
        self._consumer: Any = None
        self._stopping = False

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._supervise(), name=f"kafka-consumer:{self.name}")

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _set(self, ready: bool, error: str | None) -> None:
        if (ready, error) != (self.ready, self.error):
            self.ready, self.error = ready, error
            if self.on_state is not None:
                self.on_state()

    async def _supervise(self) -> None:
        delay = 0.5
        while not self._stopping:
            try:
                await self.clients.init_offsets(self.spec.bootstrap, self.spec.group_id, self.spec.topics,
                                                self.spec.earliest)
                await self._run()
                return
            except asyncio.CancelledError:
                raise
            except (KafkaUnavailable, KafkaError, OSError) as e:
                log.warning("consumer group %s: %s (retrying in %.1fs)", self.spec.group_id, e, delay)
                self._set(False, str(e) or type(e).__name__)
            except Exception as e:
                log.exception("consumer group %s failed (retrying in %.1fs)", self.spec.group_id, delay)
                self._set(False, str(e) or type(e).__name__)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)

    async def _run(self) -> None:
        consumer = self.clients.consumer(self.spec.bootstrap, self.spec.group_id, self.spec.earliest)
        self._consumer = consumer
        try:
            await consumer.start()
            consumer.subscribe(list(self.spec.topics), listener=_Listener(self))
            self._set(True, None)
            last_commit = time.monotonic()
            while True:
                room = self._throttle(consumer)
                batches = await consumer.getmany(timeout_ms=100, max_records=max(room, 1))
                for tp, records in batches.items():
                    part = self._parts.get(tp)
                    if part is None:  # assigned without the listener hearing of it: track it all the same
                        part = self._parts[tp] = _Partition(tp)
                    elif part.revoked:
                        continue
                    for r in records:
                        self._accept(part, Record(r.topic, r.partition, r.offset, r.timestamp, r.key, r.value,
                                                  tuple(r.headers or ())))
                now = time.monotonic()
                if now - last_commit >= COMMIT_INTERVAL:
                    last_commit = now
                    await self._commit(consumer, list(self._parts.values()))
        finally:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._shutdown(consumer))

    async def _shutdown(self, consumer: Any) -> None:
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=1.0)
        for t in list(self._tasks):
            t.cancel()
        await self._commit(consumer, list(self._parts.values()))
        self._parts.clear()
        self._consumer = None
        with contextlib.suppress(Exception):
            await consumer.stop()

    # -- records ---------------------------------------------------------------------------------
    def _accept(self, part: _Partition, record: Record) -> None:
        entry = part.add(record.offset)
        if not self.spec.ordered:
            self._spawn(part, self._handle(part, record, entry))
            return
        part.queue.append((record, entry))
        if all(t.done() for t in part.tasks):  # no worker: start one; a running one takes it in turn
            self._spawn(part, self._drain(part))

    async def _drain(self, part: _Partition) -> None:
        while part.queue and not part.revoked:
            record, entry = part.queue.popleft()
            await self._handle(part, record, entry)

    async def _handle(self, part: _Partition, record: Record, entry: list[Any]) -> None:
        try:
            await self.handler(record)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("consumer group %s: handling %s-%d@%d failed", self.spec.group_id, record.topic,
                          record.partition, record.offset)
        self.delivered += 1
        part.finish(entry)

    def _spawn(self, part: _Partition, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        for owner in (self._tasks, part.tasks):
            owner.add(task)
            task.add_done_callback(owner.discard)

    def _throttle(self, consumer: Any) -> int:
        """Pause fetching while the member is full; how many more records it may take now."""
        if self.spec.ordered:
            room = MAX_QUEUED - sum(len(p.queue) for p in self._parts.values())
        else:
            room = MAX_IN_FLIGHT - len(self._tasks)
        if room <= 0:
            consumer.pause(*[p.tp for p in self._parts.values() if not p.revoked])
        elif consumer.paused():
            consumer.resume(*consumer.paused())
        return room

    async def _commit(self, consumer: Any, parts: Sequence[_Partition]) -> None:
        offsets = {p.tp: OffsetAndMetadata(p.committable, "") for p in parts
                   if p.committable is not None and p.committable != p.committed}
        if not offsets:
            return
        try:
            await consumer.commit(offsets)
        except (KafkaError, AssertionError) as e:  # a rebalance in progress: the next commit catches up
            log.debug("consumer group %s: commit failed: %s", self.spec.group_id, e)
            return
        for p in parts:
            if p.tp in offsets:
                p.committed = offsets[p.tp].offset

    # -- rebalancing -------------------------------------------------------------------------------
    def _assigned(self, tps: Sequence[TopicPartition]) -> None:
        for tp in tps:
            self._parts[tp] = _Partition(tp)

    async def _revoked(self, tps: Sequence[TopicPartition]) -> None:
        parts = [self._parts[tp] for tp in tps if tp in self._parts]
        for p in parts:
            p.revoked = True
            p.queue.clear()
        running = [t for p in parts for t in p.tasks]
        if running:
            await asyncio.wait(running, timeout=REVOKE_GRACE)
        if self._consumer is not None:
            await self._commit(self._consumer, parts)
        for tp in tps:
            self._parts.pop(tp, None)


class _Listener(ConsumerRebalanceListener):
    def __init__(self, owner: GroupConsumer) -> None:
        self.owner = owner

    async def on_partitions_revoked(self, revoked: Any) -> None:
        await self.owner._revoked(list(revoked))

    async def on_partitions_assigned(self, assigned: Any) -> None:
        self.owner._assigned(list(assigned))
