"""SqliteChannel's data plane: a durable log and, per subscriber, an in-order cursor over it.

InMemoryChannel answers 202 and fans the event out from memory; a daemon stop loses whatever
is in flight. A SqliteChannel answers 202 only once the event is committed to the
:class:`~knlite.eventing.channels.eventlog.EventLog` (fsynced, by group commit), and each
subscriber reads the log through its own cursor whose offset is stored in the same database —
the model of a Kafka consumer group per subscription, which is what KafkaChannel gives
Knative users:

* **At-least-once.** A cursor's offset is the first event whose delivery has not finished;
  it moves only when every earlier event has finished — delivered, dead-lettered or dropped
  by the subscription's delivery policy, through the same :func:`~knlite.eventing.delivery.dispatch`
  as every other hop. After a crash the cursor resumes from its stored offset, so an event is
  re-sent rather than lost when the daemon dies between delivery and offset commit.
* **In order, with bounded concurrency.** Events are sent in log order with at most the
  channel's ``parallelism`` deliveries in flight per subscriber (1: strictly one after the
  other, each with its retries); a slow subscriber holds back only its own cursor.
* **New subscribers start at the end** of the log, as a Kafka consumer group with
  ``latest``; their starting offset is stored before any later event can be acknowledged,
  so a crash cannot make them skip one.

The hot path does no per-event work that could be done once: the channel's log, settings
and every subscriber's delivery options are resolved when the reconciler publishes the
channel; an event is encoded once (binary mode, which is what is stored and sent) and the
committed events stay in an in-memory tail, so cursors that keep up never read the
database; one that lags (or resumes after a restart) reads it in batches.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knlite.apis.messaging.sqlitechannel import log_spec
from knlite.eventing import cloudevents as ce
from knlite.eventing.channels.eventlog import (
    FLAG_BASE64,
    RETENTION_INTERVAL,
    ChannelLog,
    EventLog,
    LogError,
    StoredEvent,
)
from knlite.eventing.dataplane import ChannelInfo, ChannelKey, Subscriber
from knlite.eventing.delivery import DeliveryOptions, Features, Transport, dispatch
from knlite.eventing.handlers import ChannelUnavailable

log = logging.getLogger(__name__)

TAIL_MAX_EVENTS = 10_000  # committed events kept in memory per channel ...
TAIL_MAX_BYTES = 64 << 20  # ... and their bytes, at most
READ_BATCH = 256  # events a lagging cursor reads from disk at once
READ_RETRY = 1.0  # seconds before a failed read is retried


@dataclass(slots=True)
class Record:
    """A committed event, ready to send: the event, its binary encoding and the passthrough headers."""

    seq: int
    event: Any | None  # None: stored but unreadable (logged and skipped)
    encoded: tuple[Mapping[str, str], bytes]
    passthrough: Mapping[str, str]
    size: int

    @classmethod
    def restore(cls, stored: StoredEvent) -> Record:
        try:
            event = ce.parse(stored.headers, stored.body)
            if stored.flags & FLAG_BASE64 and isinstance(event.data, bytes):
                event.data = ce.Base64Data(event.data)
        except ce.EventError as e:
            log.error("stored event %d cannot be read back (%s); skipping it", stored.seq, e)
            event = None
        return cls(stored.seq, event, (stored.headers, stored.body), stored.passthrough, len(stored.body))


class Window:
    """One subscriber's deliveries in flight, in log order; :attr:`low` is its offset.

    ``next`` is the next sequence number to send; ``low`` the first one not finished (``next``
    when none is in flight), so everything below ``low`` is done and stays done after a crash.
    """

    def __init__(self, start: int) -> None:
        self.next = start
        self._inflight: deque[int] = deque()
        self._finished: set[int] = set()

    def __len__(self) -> int:
        return len(self._inflight) - len(self._finished)

    @property
    def low(self) -> int:
        return self._inflight[0] if self._inflight else self.next

    def begin(self, seq: int) -> None:
        if seq < self.next:
            raise ValueError(f"event {seq} is behind the window ({self.next})")
        self._inflight.append(seq)
        self.next = seq + 1

    def finish(self, seq: int) -> bool:
        """Mark ``seq`` done; True if that moved :attr:`low`."""
        if seq not in self._inflight or seq in self._finished:
            return False
        before = self.low
        self._finished.add(seq)
        while self._inflight and self._inflight[0] in self._finished:
            self._finished.discard(self._inflight.popleft())
        return self.low != before

    def skip_to(self, seq: int) -> bool:
        """Continue at ``seq`` (events before it are gone); True if that moved :attr:`low`."""
        before = self.low
        self.next = max(self.next, seq)
        return self.low != before


class _Cursor:
    """One subscriber's reader: sends events in order, at most ``parallelism`` at a time."""

    def __init__(self, channel: _Channel, sub: Subscriber, options: DeliveryOptions, start: int) -> None:
        self.channel = channel
        self.sub = sub
        self.options = options
        self.window = Window(start)
        self.buffer: deque[Record] = deque()  # read from disk, not yet sent
        self.wakeup = asyncio.Event()
        self.deliveries: set[asyncio.Task[None]] = set()
        key = channel.key
        self.task = asyncio.get_running_loop().create_task(
            self._run(), name=f"sqlitechannel {key.namespace}/{key.name} subscriber {sub.uid}")

    def update(self, sub: Subscriber, options: DeliveryOptions) -> None:
        self.sub = sub
        self.options = options
        self.wakeup.set()

    def tasks(self) -> list[asyncio.Task[Any]]:
        return [self.task, *self.deliveries]

    def cancel(self) -> None:
        for t in self.tasks():
            t.cancel()

    async def _run(self) -> None:
        ch = self.channel
        loop = asyncio.get_running_loop()
        while True:
            if len(self.window) >= ch.parallelism:
                await self._sleep()
                continue
            seq = self.window.next
            rec = ch.record(seq)
            if rec is None:
                if seq >= ch.log.end:
                    await self._sleep()
                    continue
                rec = await self._from_disk(seq)
                if rec is None:
                    continue
            self.window.begin(rec.seq)
            task = loop.create_task(self._deliver(rec, self.sub, self.options))
            self.deliveries.add(task)
            task.add_done_callback(self.deliveries.discard)

    async def _sleep(self) -> None:
        await self.wakeup.wait()
        self.wakeup.clear()

    async def _from_disk(self, seq: int) -> Record | None:
        """The event ``seq`` from the log (None after skipping what retention deleted)."""
        while self.buffer and self.buffer[0].seq < seq:
            self.buffer.popleft()
        if not self.buffer:
            try:
                stored = await self.channel.dispatcher.log.read(self.channel.log, seq, READ_BATCH)
            except LogError as e:
                log.error("%s: %s; retrying", self.channel.key, e)
                await asyncio.sleep(READ_RETRY)
                return None
            self.buffer.extend(Record.restore(s) for s in stored)
        if self.buffer and self.buffer[0].seq == seq:
            return self.buffer.popleft()
        # nothing stored at seq: deleted by retention (or never written: a failed commit's gap)
        to = self.buffer[0].seq if self.buffer else self.channel.resume_point()
        if to > seq:
            log.warning("%s: subscriber %s skips events %d to %d, no longer in the log", self.channel.key,
                        self.sub.uid, seq, to - 1)
            if self.window.skip_to(to):
                self.channel.save_offset(self.sub.uid, self.window.low)
        return None

    async def _deliver(self, rec: Record, sub: Subscriber, options: DeliveryOptions) -> None:
        if rec.event is not None and sub.subscriber_uri:
            await dispatch(rec.event, sub.subscriber_uri, options, self.channel.dispatcher.transport,
                           reply=sub.reply_uri, namespace=self.channel.key.namespace,
                           extra_headers=rec.passthrough, encoded=rec.encoded)
        # finished (delivered, dead-lettered or dropped); a cancelled delivery never gets here
        if self.window.finish(rec.seq):
            self.channel.save_offset(sub.uid, self.window.low)
        self.wakeup.set()


class _Channel:
    """A SqliteChannel's log, its in-memory tail of committed events, and its cursors."""

    def __init__(self, dispatcher: DurableDispatcher, key: ChannelKey, chlog: ChannelLog) -> None:
        self.dispatcher = dispatcher
        self.key = key
        self.log = chlog
        self.tail: deque[Record] = deque()  # committed events, consecutive sequence numbers
        self.tail_bytes = 0
        self.cursors: dict[str, _Cursor] = {}
        self.parallelism = 1
        self._configured = False
        chlog.on_commit = self._committed

    def configure(self, info: ChannelInfo) -> None:
        settings = log_spec(info.spec)
        self.log.retention_seconds = settings.retention_seconds
        self.log.retention_bytes = settings.retention_bytes
        self.parallelism = settings.parallelism
        wanted = {s.uid: s for s in info.subscribers}
        stored = self.log.offsets
        if not self._configured:  # offsets of subscribers removed while the daemon was down
            for uid in [u for u in stored if u not in wanted]:
                del stored[uid]
                self.dispatcher.log.drop_offset(self.log, uid)
            self._configured = True
        for uid in [u for u in self.cursors if u not in wanted]:
            self.cursors.pop(uid).cancel()
            self.dispatcher.log.drop_offset(self.log, uid)
        for uid, sub in wanted.items():
            cursor = self.cursors.get(uid)
            if cursor is not None:
                if cursor.sub != sub:
                    cursor.update(sub, self.dispatcher.options(sub))
                else:
                    cursor.wakeup.set()  # the parallelism may have changed
                continue
            start = stored.pop(uid, None)
            if start is None:  # a new subscriber starts at the end, stored before any later 202
                start = self.log.next_seq
                self.save_offset(uid, start)
            start = min(start, self.log.next_seq)
            self.cursors[uid] = _Cursor(self, sub, self.dispatcher.options(sub), start)

    def save_offset(self, uid: str, seq: int) -> None:
        self.dispatcher.log.set_offset(self.log, uid, seq)

    def record(self, seq: int) -> Record | None:
        tail = self.tail
        if tail and tail[0].seq <= seq <= tail[-1].seq:
            return tail[seq - tail[0].seq]
        return None

    def resume_point(self) -> int:
        """Where a cursor goes when the log has nothing from its position on: the tail, or the end."""
        return self.tail[0].seq if self.tail else self.log.end

    def _committed(self, entries: list[tuple[int, Any]]) -> None:
        tail = self.tail
        for seq, rec in entries:
            rec.seq = seq
            if tail and seq != tail[-1].seq + 1:  # a gap (a failed commit): start the tail afresh
                tail.clear()
                self.tail_bytes = 0
            tail.append(rec)
            self.tail_bytes += rec.size
        self._trim()
        for c in self.cursors.values():
            c.wakeup.set()

    def _trim(self) -> None:
        tail = self.tail
        if not self.cursors:
            tail.clear()
            self.tail_bytes = 0
            return
        low = min(c.window.next for c in self.cursors.values())
        while tail and (tail[0].seq < low or len(tail) > TAIL_MAX_EVENTS or self.tail_bytes > TAIL_MAX_BYTES):
            self.tail_bytes -= tail.popleft().size

    def tasks(self) -> list[asyncio.Task[Any]]:
        return [t for c in self.cursors.values() for t in c.tasks()]

    def close(self) -> None:
        self.log.on_commit = None
        for c in self.cursors.values():
            c.cancel()


class DurableDispatcher:
    """The SqliteChannel backend (a :class:`~knlite.eventing.handlers.ChannelBackend`).

    The reconciler calls :meth:`update` with each channel it publishes and :meth:`remove` when
    one is deleted; the channel receiver calls :meth:`publish`.
    """

    def __init__(self, directory: Path, transport: Transport, features: Callable[[], Features],
                 retention_interval: float = RETENTION_INTERVAL) -> None:
        self.log = EventLog(directory / "log.db", retention_interval)
        self.transport = transport
        self.features = features
        self._channels: dict[str, _Channel] = {}  # by channel uid
        self._started = False

    async def start(self) -> None:
        await self.log.open()
        self._started = True

    def options(self, sub: Subscriber) -> DeliveryOptions:
        return DeliveryOptions.from_spec(sub.delivery, sub.dead_letter_uri, self.features())

    # -- the reconciler's side ----------------------------------------------------------------
    def update(self, info: ChannelInfo) -> None:
        if not self._started:  # stopping: the channel's receiver answers 500 until the next start
            return
        ch = self._channels.get(info.uid)
        if ch is None:
            self._forget(info.key, keep=info.uid)  # an earlier channel of the same name
            ch = _Channel(self, info.key, self.log.channel(info.uid, info.key.namespace, info.key.name))
            self._channels[info.uid] = ch
        ch.configure(info)

    def remove(self, key: ChannelKey) -> None:
        """The channel is gone: stop its cursors and delete its log."""
        self._forget(key)

    def retain(self, uids: Iterable[str]) -> None:
        """Delete the logs of channels not among ``uids`` (every SqliteChannel that exists)."""
        keep = set(uids)
        for chlog in [c for c in self.log.channels.values() if c.uid not in keep]:
            self._drop(chlog)

    def _forget(self, key: ChannelKey, keep: str = "") -> None:
        for chlog in [c for c in self.log.channels.values()
                      if (c.namespace, c.name) == (key.namespace, key.name) and c.uid != keep]:
            self._drop(chlog)

    def _drop(self, chlog: ChannelLog) -> None:
        ch = self._channels.pop(chlog.uid, None)
        if ch is not None:
            ch.close()
        log.info("deleting the event log of %s/%s (uid %s)", chlog.namespace, chlog.name, chlog.uid)
        self.log.drop(chlog)

    # -- the data plane -------------------------------------------------------------------------
    async def publish(self, channel: ChannelInfo, event: Any, headers: Mapping[str, str]) -> None:
        ch = self._channels.get(channel.uid)
        if ch is None:
            raise ChannelUnavailable(f"channel {channel.key.namespace}/{channel.key.name} has no log")
        ce_headers, body = encoded = ce.to_binary(event)
        flags = FLAG_BASE64 if isinstance(event.data, ce.Base64Data) else 0
        rec = Record(0, event, encoded, headers, len(body))
        try:
            await self.log.append(ch.log, ce_headers, headers if isinstance(headers, dict) else dict(headers), body,
                                  flags, rec)
        except LogError as e:
            raise ChannelUnavailable(str(e)) from e

    async def stop(self) -> None:
        """Stop delivering (unfinished deliveries are re-sent after a restart), then close the log."""
        self._started = False
        tasks = [t for ch in self._channels.values() for t in ch.tasks()]
        for ch in self._channels.values():
            ch.close()
        if tasks:
            with contextlib.suppress(Exception):
                await asyncio.wait(tasks, timeout=5)
        await self.log.close()
