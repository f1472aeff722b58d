"""The controller runtime: level-triggered reconcilers fed by the store's changes.

This is knative.dev/pkg's controller (and client-go's workqueue) in miniature. Each
:class:`Reconciler` owns one kind; a :class:`Controller` keeps a de-duplicated queue of that
kind's keys and calls ``reconcile(key)`` for one key at a time. Keys are enqueued when the
object changes, when an object it watches changes (its children via owner references, or any
kind through a mapping function), when a ConfigMap it depends on changes, and when a
reconcile asks to be called again later. A reconcile that raises is retried with exponential
back-off (5 ms doubling to 5 minutes), so a transient failure heals without busy looping.

Reconcile calls are synchronous and run on the event loop, one at a time across the daemon;
since the store is in memory, a reconcile never waits on I/O, and no two reconciles ever see
each other's half-done work.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from knlite.store.store import Event

log = logging.getLogger(__name__)

Obj = dict[str, Any]


@dataclass(frozen=True, order=True)
class Key:
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.namespace}/{self.name}" if self.namespace else self.name


def key_of(obj: Obj) -> Key:
    meta = obj["metadata"]
    return Key(meta.get("namespace") or "", meta["name"])


Mapper = Callable[[Obj], Iterable[Key]]


@dataclass
class Watch:
    """Another kind this reconciler reacts to, and which of its keys a change concerns."""

    gk: str
    mapper: Mapper


def owner_mapper(owner_kind: str, owner_group: str) -> Mapper:
    """Map a child to its controlling owner of the given kind (``EnqueueControllerOf``)."""

    def mapper(obj: Obj) -> list[Key]:
        ns = obj["metadata"].get("namespace") or ""
        out = []
        for ref in obj["metadata"].get("ownerReferences") or []:
            if ref.get("kind") == owner_kind and ref.get("apiVersion", "").rpartition("/")[0] == owner_group \
                    and ref.get("controller"):
                out.append(Key(ns, ref["name"]))
        return out

    return mapper


def _not_bound(key: Key, after: float = 0.0) -> None:
    """A reconciler's ``enqueue`` before it is added to a Manager."""


class Reconciler:
    """Base class: subclasses set ``gk`` and implement :meth:`reconcile`."""

    gk: str = ""
    name: str = ""
    watches: list[Watch]
    configs: tuple[tuple[str, str], ...] = ()  # (namespace, ConfigMap name) that trigger a resync

    def __init__(self) -> None:
        self.watches = []
        # reconcile a key again from a callback (a background call finished): the controller's
        # enqueue, bound by Manager.add; until then a no-op
        self.enqueue: Callable[[Key, float], None] = _not_bound

    def reconcile(self, key: Key) -> float | None:
        """Bring the world in line with the object at ``key``; return seconds to requeue after."""
        raise NotImplementedError

    def all_keys(self) -> Iterable[Key]:
        """Every key of this kind (for resyncs); subclasses with a store override it."""
        return ()


@dataclass
class _Item:
    failures: int = 0
    due: float = 0.0


@dataclass
class Controller:
    reconciler: Reconciler
    max_backoff: float = 300.0
    _queue: dict[Key, float] = field(default_factory=dict)  # key → not before (monotonic)
    _failures: dict[Key, int] = field(default_factory=dict)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None
    _stopping: bool = False

    def enqueue(self, key: Key, after: float = 0.0) -> None:
        due = time.monotonic() + after
        current = self._queue.get(key)
        if current is None or due < current:
            self._queue[key] = due
            self._wake.set()

    def start(self) -> None:
        name = self.reconciler.name or self.reconciler.gk
        self._task = asyncio.get_running_loop().create_task(self._run(), name=f"controller:{name}")

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while not self._stopping:
            now = time.monotonic()
            ready = [k for k, due in self._queue.items() if due <= now]
            if not ready:
                self._wake.clear()
                delay = min(self._queue.values()) - now if self._queue else None
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=delay)
                continue
            for key in ready:
                if self._queue.get(key, now + 1) > now:
                    continue
                del self._queue[key]
                self._process(key)
                await asyncio.sleep(0)  # let the data planes breathe between reconciles

    def _process(self, key: Key) -> None:
        r = self.reconciler
        try:
            again = r.reconcile(key)
        except Exception:
            n = self._failures.get(key, 0) + 1
            self._failures[key] = n
            delay = min(0.005 * (2 ** (n - 1)), self.max_backoff)
            log.exception("reconcile %s %s failed (attempt %d, retry in %.3fs)", r.gk, key, n, delay)
            self.enqueue(key, delay)
            return
        self._failures.pop(key, None)
        if again is not None:
            self.enqueue(key, again)


class Manager:
    """Runs every controller and routes store events and ConfigMap changes to them."""

    def __init__(self) -> None:
        self.controllers: list[Controller] = []
        self._by_gk: dict[str, list[Controller]] = {}
        self._watchers: dict[str, list[tuple[Controller, Mapper]]] = {}
        self._config_watchers: dict[tuple[str, str], list[Controller]] = {}

    def add(self, reconciler: Reconciler) -> Controller:
        c = Controller(reconciler)
        reconciler.enqueue = c.enqueue
        self.controllers.append(c)
        self._by_gk.setdefault(reconciler.gk, []).append(c)
        for w in reconciler.watches:
            self._watchers.setdefault(w.gk, []).append((c, w.mapper))
        for cm in reconciler.configs:
            self._config_watchers.setdefault(cm, []).append(c)
        return c

    def on_event(self, ev: Event) -> None:
        for c in self._by_gk.get(ev.gk, ()):
            c.enqueue(key_of(ev.obj))
        for c, mapper in self._watchers.get(ev.gk, ()):
            keys = set(mapper(ev.obj))
            if ev.old is not None:
                keys.update(mapper(ev.old))
            for k in keys:
                c.enqueue(k)
        if ev.gk == "ConfigMap":
            ns = ev.obj["metadata"].get("namespace") or ""
            for c in self._config_watchers.get((ns, ev.obj["metadata"]["name"]), ()):
                self.resync(c)

    @staticmethod
    def resync(c: Controller) -> None:
        for k in c.reconciler.all_keys():
            c.enqueue(k)

    def start(self) -> None:
        for c in self.controllers:
            c.start()
            self.resync(c)

    async def stop(self) -> None:
        for c in self.controllers:
            await c.stop()
