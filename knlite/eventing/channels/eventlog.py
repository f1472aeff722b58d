"""The durable channels' log: one SQLite database, appends acknowledged by group commit.

Every SqliteChannel appends its events to one append-only log under the state directory
(``{state_dir}/channels/log.db``), kept apart from the object store's database so that the
event path never touches the store. SQLite rather than home-made segment files, because
it already gives what a log needs and is hard to get right: atomic multi-row commits that
survive ``kill -9`` and power loss (WAL with ``synchronous=FULL``: a commit returns after the
WAL is fsynced), crash recovery, range reads by key, and cheap deletion from the head for
retention, all in the standard library. One database for every channel, because the cost
of durability is the fsync, and one file lets a single commit — one fsync — carry the
appends of every channel at once.

**Group commit.** :meth:`EventLog.append` only queues the event and returns a future. One
writer task takes everything queued, gives each event the next sequence number of its
channel, and commits the lot in one transaction on a dedicated thread — never on the event
loop, where a slow fsync would stall every request of the daemon; while that commit (and
its fsync) runs, new appends queue up for the next one. The futures resolve after the
commit, which is when a sender may be told 202. Under load a commit carries many events, so
throughput grows with concurrency instead of being capped by the fsync rate.

**Layout.** ``events`` is a plain rowid table whose integer key packs the channel's id and
the event's sequence number (:func:`pack`): one B-tree, appends at the right edge, a
channel's events a contiguous key range. ``offsets`` holds each subscriber's next sequence
number to deliver; they ride along with the next commit or, with no appends coming, are
flushed after :data:`OFFSET_FLUSH_DELAY`; losing the last of them to a crash only means
re-delivering a few events (at-least-once). ``channels`` holds each channel's first retained
and next sequence numbers and byte count as of its last retention pass; opening the log
brings them up to date from the events themselves, so appends never rewrite it. Sequence
numbers are never reused: a commit that fails leaves a gap, which readers skip.

A commit is a handful of SQL statements whatever its size (rows go in multi-row
``INSERT`` statements), because each statement hands the GIL back and forth between the
writer thread and the busy event loop, and under load those hand-offs, not the fsync, are
what a commit waits for.

**Retention.** Every :data:`RETENTION_INTERVAL` (and as soon as a channel outgrows its size
limit by a tenth) the writer deletes each channel's events older than its retention time
and, oldest first, those beyond its size limit, at most :data:`DELETE_CHUNK` rows per
transaction so that appends never wait long behind a large deletion. A deleted channel's
events go the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SEQ_BITS = 40  # 10^12 events per channel, 2^23 channels
SEQ_MASK = (1 << SEQ_BITS) - 1
OFFSET_FLUSH_DELAY = 0.05  # seconds
RETENTION_INTERVAL = 10.0  # seconds
DELETE_CHUNK = 5000  # rows deleted per transaction
SIZE_SLACK = 10  # a channel 1/10 over its size limit is trimmed at once, not at the next retention pass
FLAG_BASE64 = 1  # the event's data travels as data_base64 in structured mode
_CHUNKS = (256, 64, 16, 4, 1)  # rows per multi-row INSERT (256 × 6 parameters, well under SQLite's limit)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS channels (
    id        INTEGER PRIMARY KEY,
    uid       TEXT NOT NULL UNIQUE,
    namespace TEXT NOT NULL,
    name      TEXT NOT NULL,
    next_seq  INTEGER NOT NULL,
    first_seq INTEGER NOT NULL,
    bytes     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    key     INTEGER PRIMARY KEY,
    ts      INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body    BLOB NOT NULL,
    size    INTEGER NOT NULL,
    flags   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS offsets (
    channel    INTEGER NOT NULL,
    subscriber TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (channel, subscriber)
) WITHOUT ROWID;
"""


class LogError(Exception):
    """The log could not take or read an event (disk full, I/O error, closed)."""


def pack(channel_id: int, seq: int) -> int:
    """The ``events`` key of a channel's event: the channel id above :data:`SEQ_BITS` bits of sequence."""
    return (channel_id << SEQ_BITS) | seq


def unpack(key: int) -> tuple[int, int]:
    return key >> SEQ_BITS, key & SEQ_MASK


def size_cutoff(rows: Iterable[tuple[int, int]], excess: int) -> tuple[int | None, int]:
    """The first sequence number to keep when ``excess`` bytes must go, oldest first.

    ``rows`` are (seq, size) in log order. Returns that sequence number (None when every row
    goes) and the bytes looked at, which is every row's when None: if even those fall short
    of ``excess``, the byte count behind it was wrong.
    """
    freed = 0
    for seq, size in rows:
        if freed >= excess:
            return seq, freed
        freed += size
    return None, freed


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as read back from the log: binary-mode headers and body, and the request's passthrough headers."""

    seq: int
    time_ms: int
    headers: dict[str, str]
    passthrough: dict[str, str]
    body: bytes
    flags: int


@dataclass(eq=False)
class ChannelLog:
    """One channel's part of the log, as the writer keeps it in memory."""

    id: int
    uid: str
    namespace: str
    name: str
    next_seq: int = 1  # the next sequence number to hand out
    end: int = 1  # every sequence number below is committed (or a gap)
    first_seq: int = 1  # nothing below is kept
    bytes: int = 0
    offsets: dict[str, int] = field(default_factory=dict)  # as loaded at start
    retention_seconds: float = 7 * 86400.0
    retention_bytes: int = 1 << 30
    # called on the event loop after each commit with the (seq, payload) pairs it made durable
    on_commit: Callable[[list[tuple[int, Any]]], None] | None = None
    dropped: bool = False
    truncate_below: int = 0  # retention's target: delete every event below this sequence number
    saved: tuple[int, int, int] = (0, 0, 0)  # (next_seq, first_seq, bytes) as the channels row holds them

    def row(self) -> tuple[int, str, str, str, int, int, int]:
        return (self.id, self.uid, self.namespace, self.name, self.next_seq, self.first_seq, self.bytes)


@dataclass(slots=True)
class _Append:
    channel: ChannelLog
    ts: int
    headers: str
    body: bytes
    flags: int
    payload: Any
    future: asyncio.Future[int]
    seq: int = 0

    @property
    def size(self) -> int:
        return len(self.headers) + len(self.body)


@dataclass
class _Batch:
    rows: list[tuple[int, int, str, bytes, int, int]]
    channels: list[tuple[int, str, str, str, int, int, int]]
    offsets: list[tuple[int, str, int]]
    dropped_offsets: list[tuple[int, str]]


def _insert(w: sqlite3.Connection, head: str, width: int, tail: str, rows: list[Any]) -> None:
    """``rows`` in as few multi-row statements as :data:`_CHUNKS` allow (each size's SQL is cached)."""
    i, n = 0, len(rows)
    for size in _CHUNKS:
        while n - i >= size:
            w.execute(_multi_row_sql(head, width, tail, size), [v for row in rows[i:i + size] for v in row])
            i += size


@functools.cache
def _multi_row_sql(head: str, width: int, tail: str, rows: int) -> str:
    one = "(" + ", ".join("?" * width) + ")"
    return f"{head} {', '.join([one] * rows)}{tail}"


class _Database:
    """The blocking SQLite side; every method runs on the log's writer or reader thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.w: sqlite3.Connection | None = None
        self.r: sqlite3.Connection | None = None

    # -- writer thread ------------------------------------------------------------------------
    def open(self) -> tuple[list[ChannelLog], int]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.parent.chmod(0o700)
        w = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        w.execute("PRAGMA journal_mode=WAL")
        w.execute("PRAGMA synchronous=FULL")
        w.executescript(_SCHEMA)
        w.execute("DELETE FROM offsets WHERE channel NOT IN (SELECT id FROM channels)")
        self.w = w
        channels: dict[int, ChannelLog] = {}
        for cid, uid, ns, name, next_seq, first_seq, nbytes in w.execute(
                "SELECT id, uid, namespace, name, next_seq, first_seq, bytes FROM channels").fetchall():
            ch = ChannelLog(cid, uid, ns, name, next_seq, next_seq, first_seq, nbytes)
            ch.saved = (next_seq, first_seq, nbytes)
            # events appended since the row was written (appends do not rewrite it)
            last, added = w.execute("SELECT MAX(key), COALESCE(SUM(size), 0) FROM events WHERE key >= ? AND key < ?",
                                    (pack(cid, next_seq), pack(cid + 1, 0))).fetchone()
            if last is not None:
                ch.next_seq = ch.end = unpack(last)[1] + 1
                ch.bytes += added
            channels[cid] = ch
        for cid, sub, seq in w.execute("SELECT channel, subscriber, seq FROM offsets"):
            channels[cid].offsets[sub] = seq
        max_id = w.execute("SELECT MAX(id) FROM channels").fetchone()[0] or 0
        return list(channels.values()), max_id

    def commit(self, batch: _Batch) -> None:
        w = self._writer()
        w.execute("BEGIN")
        try:
            _insert(w, "INSERT INTO events (key, ts, headers, body, size, flags) VALUES", 6, "", batch.rows)
            _insert(w, "INSERT INTO channels (id, uid, namespace, name, next_seq, first_seq, bytes) VALUES", 7,
                    " ON CONFLICT (id) DO UPDATE SET next_seq = excluded.next_seq, first_seq = excluded.first_seq, "
                    "bytes = excluded.bytes", batch.channels)
            _insert(w, "INSERT INTO offsets (channel, subscriber, seq) VALUES", 3,
                    " ON CONFLICT (channel, subscriber) DO UPDATE SET seq = excluded.seq", batch.offsets)
            if batch.dropped_offsets:
                w.executemany("DELETE FROM offsets WHERE channel = ? AND subscriber = ?", batch.dropped_offsets)
            w.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                w.execute("ROLLBACK")
            raise

    def retention_target(self, cid: int, first_seq: int, end: int, min_ts: int,
                         excess: int) -> tuple[int, int | None]:
        """The first sequence number to keep: nothing older than ``min_ts`` ms, ``excess`` bytes fewer.

        Also the channel's true byte count when its events add up to less than the count that
        ``excess`` came from (then nothing goes for size), else None.
        """
        w = self._writer()
        lo, hi = pack(cid, first_seq), pack(cid, end)
        row = w.execute("SELECT key FROM events WHERE key >= ? AND key < ? AND ts >= ? LIMIT 1",
                        (lo, hi, min_ts)).fetchone()
        keep = unpack(row[0])[1] if row is not None else end
        if excess > 0:
            cur = w.execute("SELECT key, size FROM events WHERE key >= ? AND key < ? ORDER BY key", (lo, hi))
            cut, scanned = size_cutoff(((unpack(k)[1], s) for k, s in cur), excess)
            cur.close()
            if cut is None and scanned < excess:
                return keep, scanned
            keep = max(keep, cut if cut is not None else end)
        return keep, None

    def truncate(self, ch_row: tuple[int, str, str, str, int, int, int], below: int,
                 drop: bool) -> tuple[int, int]:
        """Delete up to :data:`DELETE_CHUNK` of a channel's events below ``below``; (new first seq, bytes freed).

        With ``drop`` and nothing left, the channel's row and offsets go too.
        """
        w = self._writer()
        cid, first = ch_row[0], ch_row[5]
        stop = min(below, first + DELETE_CHUNK)
        lo, hi = pack(cid, first), pack(cid, stop)
        w.execute("BEGIN")
        try:
            freed = w.execute("SELECT COALESCE(SUM(size), 0) FROM events WHERE key >= ? AND key < ?",
                              (lo, hi)).fetchone()[0]
            w.execute("DELETE FROM events WHERE key >= ? AND key < ?", (lo, hi))
            if drop and stop >= below:
                w.execute("DELETE FROM offsets WHERE channel = ?", (cid,))
                w.execute("DELETE FROM channels WHERE id = ?", (cid,))
            else:
                w.execute("UPDATE channels SET next_seq = ?, first_seq = ?, bytes = ? WHERE id = ?",
                          (ch_row[4], stop, max(ch_row[6] - freed, 0), cid))
            w.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                w.execute("ROLLBACK")
            raise
        return stop, int(freed)

    def _writer(self) -> sqlite3.Connection:
        if self.w is None:
            raise LogError("the event log is closed")
        return self.w

    # -- reader thread ------------------------------------------------------------------------
    def read(self, cid: int, from_seq: int, end: int, limit: int) -> list[StoredEvent]:
        if self.r is None:
            self.r = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.r.execute("PRAGMA query_only=1")
        out = []
        for key, ts, headers, body, flags in self.r.execute(
                "SELECT key, ts, headers, body, flags FROM events WHERE key >= ? AND key < ? ORDER BY key LIMIT ?",
                (pack(cid, from_seq), pack(cid, end), limit)):
            ce_headers, passthrough = json.loads(headers)
            out.append(StoredEvent(unpack(key)[1], ts, ce_headers, passthrough, body, flags))
        return out

    def close_reader(self) -> None:
        if self.r is not None:
            self.r.close()
            self.r = None

    def close_writer(self) -> None:
        if self.w is not None:
            self.w.close()
            self.w = None


class EventLog:
    """The log's asyncio side: appends, offsets and retention, serialised by one writer task."""

    def __init__(self, path: Path, retention_interval: float = RETENTION_INTERVAL) -> None:
        self.path = path
        self.retention_interval = retention_interval
        self._db = _Database(path)
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="knlite-eventlog-writer")
        self._reader = ThreadPoolExecutor(1, thread_name_prefix="knlite-eventlog-reader")
        self.channels: dict[str, ChannelLog] = {}  # by channel uid
        self._max_id = 0
        self._appends: list[_Append] = []
        self._offsets: dict[tuple[int, str], int] = {}
        self._dropped_offsets: set[tuple[int, str]] = set()
        self._dirty: dict[int, ChannelLog] = {}  # channel rows to write with the next commit
        self._dropping: dict[int, ChannelLog] = {}
        self._wake = asyncio.Event()
        self._flush_timer: asyncio.TimerHandle | None = None
        self._retention_due = False
        self._retention_waiters: list[asyncio.Future[None]] = []
        self._task: asyncio.Task[None] | None = None
        self._retention_task: asyncio.Task[None] | None = None
        self._closed = True
        self.commits = 0  # transactions that carried appends (for tests and stats)

    async def open(self) -> None:
        loop = asyncio.get_running_loop()
        loaded, self._max_id = await loop.run_in_executor(self._writer, self._db.open)
        self.channels = {ch.uid: ch for ch in loaded}
        self._closed = False
        self._task = loop.create_task(self._run(), name="eventlog writer")
        self._retention_task = loop.create_task(self._retention_ticker(), name="eventlog retention")
        log.info("event log %s opened (channels: %d, events: %d)", self.path, len(loaded),
                 sum(ch.end - ch.first_seq for ch in loaded))

    # -- channels -------------------------------------------------------------------------------
    def channel(self, uid: str, namespace: str, name: str) -> ChannelLog:
        """The log of channel ``uid``, created (empty) if it has none yet."""
        ch = self.channels.get(uid)
        if ch is None:
            self._max_id += 1
            ch = ChannelLog(self._max_id, uid, namespace, name)
            self.channels[uid] = ch
            self._dirty[ch.id] = ch
            self._schedule_flush()
        return ch

    def drop(self, ch: ChannelLog) -> None:
        """Forget a channel: its events, offsets and row are deleted in the background."""
        if ch.dropped:
            return
        ch.dropped = True
        ch.on_commit = None
        self.channels.pop(ch.uid, None)
        self._dirty.pop(ch.id, None)
        ch.truncate_below = ch.next_seq
        self._dropping[ch.id] = ch
        self._retention_due = True
        self._wake.set()

    # -- appends and offsets ----------------------------------------------------------------------
    def append(self, ch: ChannelLog, headers: dict[str, str], passthrough: dict[str, str], body: bytes,
               flags: int, payload: Any) -> asyncio.Future[int]:
        """Queue an event; the future gives its sequence number once it is durably committed."""
        fut: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        if self._closed or ch.dropped:
            fut.set_exception(LogError("the event log is closed" if self._closed else "the channel was deleted"))
            return fut
        meta = json.dumps((headers, passthrough), separators=(",", ":"), ensure_ascii=False)
        self._appends.append(_Append(ch, int(time.time() * 1000), meta, body, flags, payload, fut))
        self._wake.set()
        return fut

    def set_offset(self, ch: ChannelLog, subscriber: str, seq: int) -> None:
        if ch.dropped:
            return
        self._offsets[(ch.id, subscriber)] = seq
        self._dropped_offsets.discard((ch.id, subscriber))
        self._schedule_flush()

    def drop_offset(self, ch: ChannelLog, subscriber: str) -> None:
        self._offsets.pop((ch.id, subscriber), None)
        self._dropped_offsets.add((ch.id, subscriber))
        self._schedule_flush()

    def _schedule_flush(self) -> None:
        if self._flush_timer is None and not self._closed and not self._wake.is_set():
            self._flush_timer = asyncio.get_running_loop().call_later(OFFSET_FLUSH_DELAY, self._wake.set)

    # -- reads ----------------------------------------------------------------------------------
    async def read(self, ch: ChannelLog, from_seq: int, limit: int = 256) -> list[StoredEvent]:
        """Committed events of ``ch`` from ``from_seq`` on (fewer, or none, where retention deleted them)."""
        if self._closed:
            raise LogError("the event log is closed")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._reader, self._db.read, ch.id, from_seq, ch.end, limit)
        except sqlite3.Error as e:
            raise LogError(f"reading the event log: {e}") from e

    # -- the writer -------------------------------------------------------------------------------
    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self._wake.wait()
            self._wake.clear()
            if self._flush_timer is not None:
                self._flush_timer.cancel()
                self._flush_timer = None
            closing = self._closed
            await self._commit(loop)
            if self._retention_due and not closing:
                self._retention_due = False
                await self._enforce_retention(loop)
                waiters, self._retention_waiters = self._retention_waiters, []
                for w in waiters:
                    if not w.done():
                        w.set_result(None)
            if closing and not self._appends:
                return

    async def _commit(self, loop: asyncio.AbstractEventLoop) -> None:
        appends, self._appends = self._appends, []
        offsets, self._offsets = self._offsets, {}
        dropped, self._dropped_offsets = self._dropped_offsets, set()
        rows = []
        for a in appends:
            ch = a.channel
            if ch.dropped:
                a.future.set_exception(LogError("the channel was deleted"))
                continue
            a.seq = ch.next_seq
            ch.next_seq += 1
            ch.bytes += a.size
            rows.append((pack(ch.id, a.seq), a.ts, a.headers, a.body, a.size, a.flags))
        if not rows and not offsets and not dropped and not self._dirty:
            return
        dirty, self._dirty = self._dirty, {}
        channel_rows = [ch.row() for ch in dirty.values()]
        batch = _Batch(rows, channel_rows,
                       [(cid, sub, seq) for (cid, sub), seq in offsets.items()], list(dropped))
        try:
            await loop.run_in_executor(self._writer, self._db.commit, batch)
        except Exception as e:
            log.error("event log commit of %d events failed: %s", len(rows), e)
            for a in appends:
                if not a.future.done():
                    a.channel.bytes -= a.size
                    a.future.set_exception(LogError(f"the event could not be written: {e}"))
            for key, seq in offsets.items():  # written with the next commit
                self._offsets.setdefault(key, seq)
            self._dropped_offsets |= dropped - set(self._offsets)
            for cid, ch in dirty.items():
                if not ch.dropped:
                    self._dirty.setdefault(cid, ch)
            return
        if rows:
            self.commits += 1
        for ch, row in zip(dirty.values(), channel_rows, strict=True):
            ch.saved = (row[4], row[5], row[6])
        committed: dict[int, tuple[ChannelLog, list[tuple[int, Any]]]] = {}
        for a in appends:
            if a.future.done():
                continue
            ch = a.channel
            ch.end = max(ch.end, a.seq + 1)
            committed.setdefault(ch.id, (ch, []))[1].append((a.seq, a.payload))
            if ch.bytes > ch.retention_bytes + ch.retention_bytes // SIZE_SLACK:
                self._retention_due = True
        for ch, entries in committed.values():  # the data plane first, then the senders (their 202s)
            if ch.on_commit is not None:
                try:
                    ch.on_commit(entries)
                except Exception:
                    log.exception("event log commit callback of channel %s/%s failed", ch.namespace, ch.name)
        for a in appends:
            if not a.future.done():
                a.future.set_result(a.seq)

    async def _retention_ticker(self) -> None:
        while True:
            await asyncio.sleep(self.retention_interval)
            self._retention_due = True
            self._wake.set()

    async def enforce_retention(self) -> None:
        """Apply retention now and wait for it (tests; the writer does it every :data:`RETENTION_INTERVAL`)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._retention_waiters.append(done)
        self._retention_due = True
        self._wake.set()
        await done

    async def _enforce_retention(self, loop: asyncio.AbstractEventLoop) -> None:
        self._save_channel_rows()
        await self._commit(loop)
        now_ms = int(time.time() * 1000)
        for ch in list(self.channels.values()):
            if ch.end <= ch.first_seq:
                continue
            excess = ch.bytes - ch.retention_bytes
            min_ts = now_ms - int(ch.retention_seconds * 1000)
            try:
                target, actual = await loop.run_in_executor(self._writer, self._db.retention_target, ch.id,
                                                            ch.first_seq, ch.end, min_ts, excess)
            except Exception as e:
                log.error("event log retention of %s/%s failed: %s", ch.namespace, ch.name, e)
                continue
            if actual is not None:
                log.warning("event log: %s/%s holds %d bytes, not %d; count corrected", ch.namespace, ch.name,
                            actual, ch.bytes)
                ch.bytes = actual
            ch.truncate_below = max(ch.truncate_below, target)
        pending = [ch for ch in self.channels.values() if ch.truncate_below > ch.first_seq]
        pending += list(self._dropping.values())
        for ch in pending:
            if ch.dropped and ch.first_seq >= ch.truncate_below:
                await self._truncate(loop, ch)  # nothing left but the row
            while ch.first_seq < ch.truncate_below:
                if not await self._truncate(loop, ch):
                    break
                if self._appends:  # let waiting senders in between chunks
                    await self._commit(loop)

    def _save_channel_rows(self) -> None:
        for ch in self.channels.values():
            if ch.saved != (ch.next_seq, ch.first_seq, ch.bytes):
                self._dirty[ch.id] = ch

    async def _truncate(self, loop: asyncio.AbstractEventLoop, ch: ChannelLog) -> bool:
        try:
            first, freed = await loop.run_in_executor(self._writer, self._db.truncate, ch.row(), ch.truncate_below,
                                                      ch.dropped)
        except Exception as e:
            log.error("event log retention of %s/%s failed: %s", ch.namespace, ch.name, e)
            return False
        deleted = first - ch.first_seq
        ch.first_seq = first
        ch.bytes = max(ch.bytes - freed, 0)
        ch.saved = (ch.next_seq, ch.first_seq, ch.bytes)
        if ch.dropped and first >= ch.truncate_below:
            self._dropping.pop(ch.id, None)
        elif deleted:
            log.info("event log: %s/%s retention deleted events below %d", ch.namespace, ch.name, first)
        return True

    # -- shutdown ---------------------------------------------------------------------------------
    async def close(self) -> None:
        """Commit what is queued (pending offsets included), then close the database."""
        if self._closed:
            return
        self._closed = True
        if self._retention_task is not None:
            self._retention_task.cancel()
        if self._flush_timer is not None:
            self._flush_timer.cancel()
            self._flush_timer = None
        self._save_channel_rows()
        if self._task is not None:
            self._wake.set()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, 10)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._reader, self._db.close_reader)
        await loop.run_in_executor(self._writer, self._db.close_writer)
        self._reader.shutdown(wait=False)
        self._writer.shutdown(wait=False)
