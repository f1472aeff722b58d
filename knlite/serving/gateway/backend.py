"""Per-revision capacity and load balancing, and the pooled upstream connections per instance.

Knative puts two mechanisms between the ingress and a user container: the activator's
throttler (which instance gets the request, and whether the revision has capacity at all)
and queue-proxy's breaker (at most ``containerConcurrency`` requests in flight per pod, a
queue of ``10 × CC`` behind it, ``503 pending request queue full`` past that). knlite's
gateway talks to instances directly, so both live here, behind one small interface: a
:class:`RevisionBackend` per revision hands out an instance's :class:`Slot` with
:meth:`~RevisionBackend.acquire` and takes it back with :meth:`~RevisionBackend.release`,
counting requests in flight per revision and per instance on the way.

Without a limit (``containerConcurrency: 0``) ``acquire`` always succeeds when instances
exist and balances with the activator's "random choice of two" (the instance with fewer
requests in flight from this gateway). With ``containerConcurrency`` CC > 0 each instance
takes at most CC requests at once — the first instance with a free slot for CC ≤ 3,
round-robin over free ones above, as the activator's load balancer does — and the rest wait
in a queue of ``10 × CC`` per instance (queue-proxy's breaker; 10,000 while there is no
instance at all, the activator's buffer); past it the answer is ``503 pending request queue
full``. When ``acquire`` returns ``None`` the request is held: it awaits
:meth:`~RevisionBackend.wait`, which returns when the backend changed (an instance became
ready, or a slot was released), and tries again until its deadline.

The backend also keeps queue-proxy's metrics for the autoscaler: the time-weighted average
number of requests in the revision (in flight plus waiting, as queued requests count as
concurrent in Knative) and the number of requests started, read and reset by
:meth:`~RevisionBackend.sample` once a second.

Each slot owns an :class:`UpstreamPool` of idle keep-alive connections to its instance:
a LIFO stack, so the hottest connection is reused and surplus ones age out. Idle
connections are stamped with the gateway's maintenance epoch and closed after a few sweeps,
well before an app server's own keep-alive timeout would close them under us.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from typing import TYPE_CHECKING

from knlite.serving.dataplane import Instance, RevisionConfig, RevisionKey

if TYPE_CHECKING:
    from knlite.serving.gateway.upstream import UpstreamConnection

MAX_IDLE_PER_INSTANCE = 256
DEFAULT_TIMEOUT = 300.0  # timeoutSeconds of a revision the gateway has no config for (yet)
QUEUE_DEPTH_FACTOR = 10  # queue-proxy's breaker queue: 10 × containerConcurrency per instance
ACTIVATOR_QUEUE_DEPTH = 10_000  # the activator's buffer while a revision has no instance
QUEUE_FULL = "pending request queue full"
_now = time.monotonic


class UpstreamPool:
    """Idle keep-alive connections to one instance."""

    __slots__ = ("closed", "host", "idle", "port")

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.idle: list[UpstreamConnection] = []
        self.closed = False

    def take(self) -> UpstreamConnection | None:
        idle = self.idle
        while idle:
            conn = idle.pop()
            if not conn.closed:
                return conn
        return None

    def put(self, conn: UpstreamConnection, epoch: int) -> None:
        if self.closed or len(self.idle) >= MAX_IDLE_PER_INSTANCE:
            conn.close()
            return
        conn.epoch = epoch
        self.idle.append(conn)

    def discard(self, conn: UpstreamConnection) -> None:
        with contextlib.suppress(ValueError):
            self.idle.remove(conn)

    def expire(self, before_epoch: int) -> None:
        """Close connections idle since before ``before_epoch``."""
        keep = []
        for conn in self.idle:
            if conn.epoch < before_epoch:
                conn.close()
            elif not conn.closed:
                keep.append(conn)
        self.idle = keep

    def close(self) -> None:
        self.closed = True
        idle, self.idle = self.idle, []
        for conn in idle:
            conn.close()


class Slot:
    """One instance as seen by one revision's backend: its pool and its requests in flight."""

    __slots__ = ("in_flight", "instance", "pool")

    def __init__(self, instance: Instance, pool: UpstreamPool) -> None:
        self.instance = instance
        self.pool = pool
        self.in_flight = 0


class RevisionBackend:
    """Acquire an instance for a request, release it when the response is done.

    The gateway pushes the revision's ready instances (:meth:`update`) and its published
    config (:meth:`configure`) here, so the request path reads neither the endpoints nor the
    revisions table.
    """

    __slots__ = ("_area", "_changed", "_next", "_period_requests", "_period_start", "_since", "_slots", "cc",
                 "failed", "idle_timeout", "in_flight", "key", "requests", "revisions", "timeout", "waiting")

    def __init__(self, key: RevisionKey) -> None:
        self.key = key
        self.in_flight = 0  # requests between acquire and release
        self.requests = 0  # requests admitted since the backend was created
        self.waiting = 0  # requests held in wait()
        self._slots: list[Slot] = []
        self._changed: asyncio.Event | None = None
        # from the RevisionConfig (see configure)
        self.revisions: object = None  # the revisions table the config was read from
        self.timeout = DEFAULT_TIMEOUT
        self.idle_timeout = 0.0
        self.failed = ""
        self.cc = 0  # containerConcurrency, 0 = unlimited
        self._next = 0  # round-robin position
        # time-weighted concurrency since the last sample
        now = _now()
        self._area = 0.0
        self._since = now
        self._period_start = now
        self._period_requests = 0

    def _account(self) -> None:
        now = _now()
        self._area += (self.in_flight + self.waiting) * (now - self._since)
        self._since = now

    def sample(self) -> tuple[float, int, float]:
        """(average concurrency, requests started, period length) since the last sample."""
        self._account()
        now = self._since
        period = now - self._period_start
        avg = self._area / period if period > 0 else float(self.in_flight + self.waiting)
        count = self.requests - self._period_requests
        self._area = 0.0
        self._period_start = now
        self._period_requests = self.requests
        return avg, count, period

    def queue_full(self) -> bool:
        """Whether one more waiting request exceeds the breaker's (or the activator's) queue."""
        n = len(self._slots)
        if n == 0:
            return self.waiting >= ACTIVATOR_QUEUE_DEPTH
        return self.cc > 0 and self.waiting >= QUEUE_DEPTH_FACTOR * self.cc * n

    def configure(self, config: RevisionConfig | None) -> None:
        """Adopt the revision's published config: the time allowed to the first response byte
        (the smaller of ``timeoutSeconds`` and ``responseStartTimeoutSeconds``), the idle
        timeout, and why the revision cannot serve, if it cannot."""
        if config is None:
            self.timeout, self.idle_timeout, self.failed = DEFAULT_TIMEOUT, 0.0, ""
            return
        self.cc = max(0, int(config.container_concurrency))
        timeout = float(config.timeout_seconds)
        start = float(config.response_start_timeout_seconds)
        if start and (not timeout or start < timeout):
            timeout = start
        self.timeout = timeout
        self.idle_timeout = float(config.idle_timeout_seconds)
        reason, message = config.failed_reason, config.failed_message
        self.failed = (f"{reason}: {message}" if message else reason) if reason else ""

    def acquire(self) -> Slot | None:
        """A slot of one of the ready instances, or ``None`` when none has capacity (without a
        concurrency limit: only when there is no ready instance)."""
        slots = self._slots
        n = len(slots)
        cc = self.cc
        if n == 0:
            return None
        if cc <= 0:
            if n == 1:
                slot = slots[0]
            else:  # random choice of two, fewer in flight wins (the activator's CC=0 policy)
                a = slots[int(random.random() * n)]
                b = slots[int(random.random() * n)]
                slot = a if a.in_flight <= b.in_flight else b
        elif cc <= 3:  # first instance with a free slot
            for slot in slots:
                if slot.in_flight < cc:
                    break
            else:
                return None
        else:  # round-robin over instances with a free slot
            start = self._next
            for i in range(n):
                slot = slots[(start + i) % n]
                if slot.in_flight < cc:
                    self._next = (start + i + 1) % n
                    break
            else:
                return None
        self._account()
        slot.in_flight += 1
        self.in_flight += 1
        self.requests += 1
        return slot

    def release(self, slot: Slot) -> None:
        self._account()
        slot.in_flight -= 1
        self.in_flight -= 1
        if self._changed is not None:
            self._notify()

    async def wait(self, timeout: float) -> None:
        """Return when ``acquire`` may succeed now (or after ``timeout`` seconds)."""
        if self._changed is None:
            self._changed = asyncio.Event()
        changed = self._changed
        self._account()
        self.waiting += 1
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout)
        finally:
            self._account()
            self.waiting -= 1

    def _notify(self) -> None:
        changed, self._changed = self._changed, None
        if changed is not None:
            changed.set()

    def update(self, instances: tuple[Instance, ...]) -> None:
        """Adopt a new set of ready instances; pools of instances that left are closed
        (requests in flight on them finish on their own connections)."""
        old = {(s.instance.id, s.instance.host, s.instance.port): s for s in self._slots}
        slots = []
        for inst in instances:
            slot = old.pop((inst.id, inst.host, inst.port), None)
            if slot is None:
                slot = Slot(inst, UpstreamPool(inst.host, inst.port))
            slots.append(slot)
        for gone in old.values():
            gone.pool.close()
        slots.sort(key=lambda s: (s.instance.host, s.instance.port))
        self._slots = slots
        if slots:
            self._notify()

    @property
    def instances(self) -> tuple[Instance, ...]:
        return tuple(s.instance for s in self._slots)

    def expire_idle(self, before_epoch: int) -> None:
        for slot in self._slots:
            slot.pool.expire(before_epoch)

    def close(self) -> None:
        for slot in self._slots:
            slot.pool.close()
        self._slots = []
