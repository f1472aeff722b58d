"""The PingSource data plane: Knative's multi-tenant ping adapter (``pkg/adapter/mtping``).

Knative runs one ``pingsource-mt-adapter`` Deployment for every PingSource in the cluster: a
robfig/cron runner with one entry per Ready source, whose job sends the source's fixed event
to its sink. :class:`PingScheduler` is that runner, in the daemon's event loop:

- **Ticks** come from :func:`~knlite.eventing.sources.cron_schedule.next_fire` (robfig's
  ``Next``), in ``spec.timezone`` (the adapter prepends ``CRON_TZ=<timezone>``), a
  ``CRON_TZ=``/``TZ=`` prefix of the schedule, or UTC. Like robfig's runner, a late wake-up
  fires the tick once and computes the next tick from *now*: ticks missed while the daemon was
  down or busy are skipped, never caught up.
- **Each tick** sends one event after a random 0-499 ms delay (the adapter spreads load that
  way): ``type dev.knative.sources.ping``, ``source /apis/v1/namespaces/{ns}/pingsources/{name}``,
  a fresh UUID ``id``, ``time`` = the send time, ``datacontenttype`` = ``spec.contentType``
  (absent when empty), the raw bytes of ``spec.data`` or the decoded ``spec.dataBase64`` as
  the body (none with neither), and the ``ceOverrides`` extensions. It is sent in binary mode
  with the adapter's retries (5, exponential from 50 ms, sdk-go's retriable statuses); a
  failure is only logged (:mod:`knlite.eventing.sources.adapter`).
- **Restarts.** Knative's adapter keeps no state, and a cron entry re-created after a restart
  cannot re-fire a past tick. knlite adds one guarantee on top: the last tick fired for each
  source (by UID) is written to ``pingsource-ticks.json`` in the state directory *before* its
  event is sent, and the next tick is always computed after ``max(now, last fired)``. So a
  daemon restarted within the same second, or a wall clock stepped backwards, never fires a
  tick twice — and nothing is fired for ticks that passed while the daemon was down.

The reconciler (:mod:`knlite.reconciler.eventing.ping`) registers Ready sources with
:meth:`PingScheduler.upsert` and takes them out with :meth:`PingScheduler.remove`; both are
synchronous and cheap. Time is injected (``clock``, ``sleep``, ``jitter``) so tests drive the
scheduler through :meth:`PingScheduler.due` without sleeping.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import os
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from knlite.apis.sources import cron
from knlite.apis.sources.pingsource import EVENT_TYPE, event_source
from knlite.eventing.delivery import Transport
from knlite.eventing.sources import adapter
from knlite.eventing.sources.cron_schedule import DEFAULT_ZONE, next_fire

log = logging.getLogger(__name__)

TICKS_FILE = "pingsource-ticks.json"
MAX_JITTER = 0.5  # rand.Intn(500) ms

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[Any]]


# -- the job of one PingSource --------------------------------------------------------------------


@dataclass(frozen=True)
class PingJob:
    """What the scheduler needs to know about one Ready PingSource."""

    namespace: str
    name: str
    uid: str
    schedule: str  # as the adapter hands it to cron: with "CRON_TZ=<timezone> " when timezone is set
    parsed: cron.Schedule
    sink: str
    content_type: str = ""
    data: bytes | None = None
    overrides: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return self.namespace, self.name


def effective_schedule(spec: Mapping[str, Any]) -> str:
    """``spec.schedule`` with the adapter's ``CRON_TZ=<timezone>`` prefix when ``timezone`` is set."""
    schedule = str(spec.get("schedule") or "* * * * *")
    tz = spec.get("timezone")
    return f"CRON_TZ={tz} {schedule}" if tz else schedule


def event_data(spec: Mapping[str, Any]) -> bytes | None:
    """The body of every event: decoded ``dataBase64``, else the bytes of ``data``, else none."""
    data64 = spec.get("dataBase64")
    if data64:
        return base64.b64decode(str(data64).replace("\n", "").replace("\r", ""))
    data = spec.get("data")
    if data:
        return str(data).encode()
    return None


def job_for(source: Mapping[str, Any], sink: str) -> PingJob:
    """The job of a PingSource whose sink resolved to ``sink``; raises :class:`cron.CronError`."""
    meta = source["metadata"]
    spec = source.get("spec") or {}
    schedule = effective_schedule(spec)
    overrides = ((spec.get("ceOverrides") or {}).get("extensions")) or {}
    return PingJob(namespace=meta["namespace"], name=meta["name"], uid=meta.get("uid", ""), schedule=schedule,
                   parsed=cron.parse(schedule), sink=sink, content_type=str(spec.get("contentType") or ""),
                   data=event_data(spec), overrides={str(k): str(v) for k, v in overrides.items()})


def rfc3339nano(ts: float) -> str:
    """A Unix time as Go's RFC3339Nano in UTC (microsecond precision, trailing zeros dropped)."""
    t = datetime.fromtimestamp(ts, UTC)
    frac = f"{t.microsecond:06d}".rstrip("0")
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (f".{frac}" if frac else "") + "Z"


def ping_event(job: PingJob, sent_at: float, event_id: str | None = None) -> tuple[dict[str, Any], bytes | None]:
    """The attributes and data of the event one tick sends (``makeEvent`` + the adapter client)."""
    attrs: dict[str, Any] = {"specversion": "1.0", "id": event_id or str(uuid.uuid4()),
                             "source": event_source(job.namespace, job.name), "type": EVENT_TYPE,
                             "time": rfc3339nano(sent_at)}
    if job.content_type and job.data is not None:
        attrs["datacontenttype"] = job.content_type
    return adapter.finish_attributes(attrs, job.overrides), job.data


# -- the last tick fired, per source -----------------------------------------------------------------


class TickStore:
    """The last tick fired per PingSource UID, kept in a small JSON file (or in memory only).

    Written atomically (temporary file + rename) before the tick's event is sent, so a crash
    at any point never lets the same tick fire again after a restart.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._ticks: dict[str, int] = {}
        self._dirty = False
        if path is not None and path.exists():
            try:
                raw = json.loads(path.read_text())
                self._ticks = {str(k): int(v) for k, v in (raw.get("lastTick") or {}).items()}
            except (ValueError, TypeError, AttributeError, OSError):
                log.warning("ignoring unreadable %s", path)

    def last(self, uid: str) -> int | None:
        return self._ticks.get(uid)

    def uids(self) -> set[str]:
        return set(self._ticks)

    def record(self, uid: str, tick: int) -> None:
        if self._ticks.get(uid) != tick:
            self._ticks[uid] = tick
            self._dirty = True

    def forget(self, uid: str) -> None:
        if self._ticks.pop(uid, None) is not None:
            self._dirty = True

    def flush(self) -> None:
        if not self._dirty or self.path is None:
            self._dirty = False
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(json.dumps({"lastTick": self._ticks}, sort_keys=True))
            os.replace(tmp, self.path)
            self._dirty = False
        except OSError:
            log.exception("cannot write %s", self.path)


# -- the scheduler ----------------------------------------------------------------------------------


@dataclass
class _Entry:
    job: PingJob
    next: int | None


@dataclass(frozen=True)
class Ping:
    """One tick that is due: the job and the tick time it fires for."""

    job: PingJob
    tick: int


Sender = Callable[[PingJob, dict[str, Any], bytes | None], Awaitable[adapter.SendResult]]


def _random_jitter() -> float:
    return random.randrange(500) / 1000


class PingScheduler:
    """robfig/cron's runner for every Ready PingSource (see the module docstring)."""

    def __init__(self, transport: Transport | None = None, *, ticks: TickStore | None = None,
                 clock: Clock = time.time, sleep: Sleep = asyncio.sleep,
                 jitter: Callable[[], float] = _random_jitter, default_zone: str = DEFAULT_ZONE,
                 retry: adapter.RetryPolicy = adapter.ADAPTER_RETRIES, sender: Sender | None = None) -> None:
        self.transport = transport
        self.ticks = ticks if ticks is not None else TickStore()
        self.clock = clock
        self.sleep = sleep
        self.jitter = jitter
        self.default_zone = default_zone
        self.retry = retry
        self.sender = sender or self._send_to_sink
        self._entries: dict[tuple[str, str], _Entry] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._sends: set[asyncio.Task[None]] = set()

    @classmethod
    def in_state_dir(cls, transport: Transport, state_dir: Path, **kwargs: Any) -> PingScheduler:
        return cls(transport, ticks=TickStore(state_dir / TICKS_FILE), **kwargs)

    # -- registration (called by the reconciler; never blocks) ----------------------------------
    def upsert(self, job: PingJob) -> None:
        entry = self._entries.get(job.key)
        if entry is not None and entry.job.uid == job.uid and entry.job.schedule == job.schedule:
            entry.job = job  # same ticks, new event or sink
            return
        self._entries[job.key] = _Entry(job, self._next(job, self.clock()))
        self._wake.set()

    def remove(self, namespace: str, name: str, *, forget: bool = False) -> None:
        """Stop firing for a source; ``forget`` drops its last tick too (the source is gone)."""
        entry = self._entries.pop((namespace, name), None)
        if entry is not None and forget:
            self.ticks.forget(entry.job.uid)
            self.ticks.flush()

    def forget_uid(self, uid: str) -> None:
        self.ticks.forget(uid)
        self.ticks.flush()

    def job(self, namespace: str, name: str) -> PingJob | None:
        entry = self._entries.get((namespace, name))
        return entry.job if entry is not None else None

    def next_tick(self, namespace: str, name: str) -> int | None:
        entry = self._entries.get((namespace, name))
        return entry.next if entry is not None else None

    def _next(self, job: PingJob, now: float) -> int | None:
        last = self.ticks.last(job.uid)
        after = now if last is None else max(now, float(last))
        return next_fire(job.parsed, after, self.default_zone)

    # -- firing -----------------------------------------------------------------------------------
    def due(self, now: float) -> list[Ping]:
        """Fire every tick that is due at ``now``: record it, advance past ``now``, return it."""
        out: list[Ping] = []
        for entry in self._entries.values():
            if entry.next is None or entry.next > now:
                continue
            tick = entry.next
            self.ticks.record(entry.job.uid, tick)
            entry.next = next_fire(entry.job.parsed, max(now, float(tick)), self.default_zone)
            out.append(Ping(entry.job, tick))
        if out:
            self.ticks.flush()
        return out

    def next_due(self) -> int | None:
        nexts = [e.next for e in self._entries.values() if e.next is not None]
        return min(nexts) if nexts else None

    async def _fire(self, ping: Ping) -> None:
        await self.sleep(self.jitter())
        attrs, data = ping_event(ping.job, self.clock())
        result = await self.sender(ping.job, attrs, data)
        if not result.ok:
            # Exhausted the retries: the event is lost, as in Knative (logged only).
            log.error("pingsource %s/%s: failed to send cloudevent id %s to %s after %d attempt(s): %s",
                      ping.job.namespace, ping.job.name, attrs["id"], ping.job.sink, result.attempts, result.error)

    async def _send_to_sink(self, job: PingJob, attrs: dict[str, Any], data: bytes | None) -> adapter.SendResult:
        if self.transport is None:
            return adapter.SendResult(False, 0, None, "no transport")
        return await adapter.send(self.transport, job.sink, attrs, data, retry=self.retry, sleep=self.sleep)

    def _spawn(self, ping: Ping) -> None:
        task = asyncio.get_running_loop().create_task(
            self._fire(ping), name=f"pingsource:{ping.job.namespace}/{ping.job.name}@{ping.tick}")
        self._sends.add(task)
        task.add_done_callback(self._sends.discard)

    async def _run(self) -> None:
        while True:
            for ping in self.due(self.clock()):
                self._spawn(ping)
            nxt = self.next_due()
            self._wake.clear()
            timeout = None if nxt is None else max(nxt - self.clock(), 0.0)
            if timeout == 0.0:
                await asyncio.sleep(0)
                continue
            with contextlib.suppress(TimeoutError):
                # wall-clock ticks, monotonic sleeps: a wake-up slightly early just loops again
                await asyncio.wait_for(self._wake.wait(), timeout=None if timeout is None else
                                       min(timeout, 60.0) + 0.001)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="pingsource-scheduler")

    async def stop(self) -> None:
        tasks = [t for t in (self._task, *self._sends) if t is not None]
        for t in tasks:
            t.cancel()
        for t in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t
        self._task = None
        self.ticks.flush()

