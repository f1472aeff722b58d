"""Per-revision capacity and load balancing, and the pooled upstream connections per instance.

Knative puts two mechanisms between the ingress and a user container: the activator's
throttler (which instance gets the request, and whether the revision has capacity at all)
and queue-proxy's breaker (at most ``containerConcurrency`` requests in flight per pod, a
queue of ``10 × CC`` behind it, ``503 pending request queue full`` past that). knlite's
gateway talks to instances directly, so both live here, behind one small interface: a
:class:`RevisionBackend` per revision hands out an instance's :class:`Slot` with
:meth:`~RevisionBackend.acquire` and takes it back with :meth:`~RevisionBackend.release`,
counting requests in flight per revision and per instance on the way.

The version here has no limit (``containerConcurrency: 0`` semantics): ``acquire`` always
succeeds when instances exist and balances with the activator's "random choice of two"
(the instance with fewer requests in flight from this gateway). When ``acquire`` returns
``None`` the request is held: it awaits :meth:`~RevisionBackend.wait`, which returns when the
backend changed (an instance became ready, or a slot was released), and tries again until
its deadline. The autoscaling work adds the breakers (``acquire`` returning ``None`` when
every slot is full, a queue bound of ``10 × CC`` answered with 503) and the time-weighted
concurrency the autoscaler samples, here, without touching the proxy code.

Each slot owns an :class:`UpstreamPool` of idle keep-alive connections to its instance:
a LIFO stack, so the hottest connection is reused and surplus ones age out. Idle
connections are stamped with the gateway's maintenance epoch and closed after a few sweeps,
well before an app server's own keep-alive timeout would close them under us.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from typing import TYPE_CHECKING

from knlite.serving.dataplane import Instance, RevisionConfig, RevisionKey

if TYPE_CHECKING:
    from knlite.serving.gateway.upstream import UpstreamConnection

MAX_IDLE_PER_INSTANCE = 256
DEFAULT_TIMEOUT = 300.0  # timeoutSeconds of a revision the gateway has no config for (yet)


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

    __slots__ = ("_changed", "_slots", "failed", "idle_timeout", "in_flight", "key", "requests", "revisions",
                 "timeout", "waiting")

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

    def configure(self, config: RevisionConfig | None) -> None:
        """Adopt the revision's published config: the time allowed to the first response byte
        (the smaller of ``timeoutSeconds`` and ``responseStartTimeoutSeconds``), the idle
        timeout, and why the revision cannot serve, if it cannot."""
        if config is None:
            self.timeout, self.idle_timeout, self.failed = DEFAULT_TIMEOUT, 0.0, ""
            return
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
        if n == 1:
            slot = slots[0]
        elif n == 0:
            return None
        else:  # random choice of two, fewer in flight wins (the activator's CC=0 policy)
            a = slots[int(random.random() * n)]
            b = slots[int(random.random() * n)]
            slot = a if a.in_flight <= b.in_flight else b
        slot.in_flight += 1
        self.in_flight += 1
        self.requests += 1
        return slot

    def release(self, slot: Slot) -> None:
        slot.in_flight -= 1
        self.in_flight -= 1
        if self._changed is not None:
            self._notify()

    async def wait(self, timeout: float) -> None:
        """Return when ``acquire`` may succeed now (or after ``timeout`` seconds)."""
        if self._changed is None:
            self._changed = asyncio.Event()
        changed = self._changed
        self.waiting += 1
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout)
        finally:
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
