"""The contract between the serving control plane and its data plane.

Knative's controllers never sit in the request path: they program an ingress (routes and
splits), and the activator/queue-proxy enforce capacity. knlite keeps the same split inside
one process. Reconcilers build immutable snapshots — a :class:`RoutingTable` of hosts and
traffic splits, and per-revision :class:`RevisionConfig` — and publish them by swapping a
reference; the gateway reads the current snapshot on every request without locks and without
touching the store. Instances (processes) come and go through :class:`Endpoints`, which the
runtime updates and the gateway reads.

Everything here is plain data plus two small protocols, so each side can be built and tested
alone.
"""

from __future__ import annotations

import asyncio
import bisect
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

EXTERNAL = "external"
CLUSTER_LOCAL = "cluster-local"


@dataclass(frozen=True)
class RevisionKey:
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.namespace}/{self.name}"


@dataclass(frozen=True)
class Split:
    revision: RevisionKey
    percent: int


@dataclass(frozen=True)
class RouteRule:
    """What one Host answers: a weighted choice of revisions.

    ``splits`` carry percents summing to 100 (a tag host has one split of 100). The choice is
    independent per request, with probability percent/100, as Envoy's weighted clusters do.
    ``rewrite_host`` replaces the Host header on the way in (DomainMapping targets).
    """

    namespace: str
    route: str
    splits: tuple[Split, ...]
    visibility: str = EXTERNAL
    rewrite_host: str | None = None
    tag: str = ""
    _cumulative: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        total = 0
        cum = []
        for s in self.splits:
            total += s.percent
            cum.append(total)
        object.__setattr__(self, "_cumulative", tuple(cum))

    def pick(self, rnd: Callable[[], float] = random.random) -> RevisionKey | None:
        """The revision for one request (weighted random choice)."""
        if not self.splits:
            return None
        if len(self.splits) == 1:
            return self.splits[0].revision
        total = self._cumulative[-1]
        if total <= 0:
            return None
        i = bisect.bisect_right(self._cumulative, rnd() * total)
        return self.splits[min(i, len(self.splits) - 1)].revision


@dataclass(frozen=True)
class RoutingTable:
    """All hosts the gateways answer. ``external`` is served on the external listener only;
    ``internal`` (cluster-local names, plus a cluster-local twin of every external rule) on the
    internal listener."""

    external: dict[str, RouteRule] = field(default_factory=dict)
    internal: dict[str, RouteRule] = field(default_factory=dict)


@dataclass(frozen=True)
class RevisionConfig:
    """What the data plane needs to know about one revision, published by its reconciler."""

    key: RevisionKey
    container_concurrency: int = 0  # 0 = unlimited
    timeout_seconds: int = 300
    response_start_timeout_seconds: int = 0
    idle_timeout_seconds: int = 0
    protocol: str = "http1"  # or h2c
    failed_reason: str = ""  # set when the revision cannot serve (image missing, crash loop...)
    failed_message: str = ""


@dataclass(frozen=True)
class Instance:
    """One running, ready process of a revision (or any other workload)."""

    id: str  # the Pod name
    host: str
    port: int


class Endpoints:
    """Ready instances per workload; the runtime writes, the gateway reads.

    ``wait_ready`` lets a request that found no instance wait for one (scale from zero,
    cold start) instead of failing.
    """

    def __init__(self) -> None:
        self._ready: dict[RevisionKey, tuple[Instance, ...]] = {}
        self._waiters: dict[RevisionKey, asyncio.Event] = {}
        self._listeners: list[Callable[[RevisionKey], None]] = []

    def get(self, key: RevisionKey) -> tuple[Instance, ...]:
        return self._ready.get(key, ())

    def set(self, key: RevisionKey, instances: tuple[Instance, ...]) -> None:
        if instances:
            self._ready[key] = instances
        else:
            self._ready.pop(key, None)
        if instances and key in self._waiters:
            self._waiters.pop(key).set()
        for listener in list(self._listeners):
            listener(key)

    async def wait_ready(self, key: RevisionKey) -> None:
        if self._ready.get(key):
            return
        ev = self._waiters.get(key)
        if ev is None:
            ev = self._waiters[key] = asyncio.Event()
        await ev.wait()

    def subscribe(self, listener: Callable[[RevisionKey], None]) -> None:
        self._listeners.append(listener)


class DataPlaneState:
    """The published snapshots, swapped as a whole by reconcilers."""

    def __init__(self) -> None:
        self.routes = RoutingTable()
        self.revisions: dict[RevisionKey, RevisionConfig] = {}
        self.endpoints = Endpoints()

    def publish_routes(self, table: RoutingTable) -> None:
        self.routes = table

    def publish_revision(self, config: RevisionConfig) -> None:
        revisions = dict(self.revisions)
        revisions[config.key] = config
        self.revisions = revisions

    def remove_revision(self, key: RevisionKey) -> None:
        if key in self.revisions:
            revisions = dict(self.revisions)
            del revisions[key]
            self.revisions = revisions


class ActivationHook(Protocol):
    """Called by the gateway when a request arrives for a revision with no ready instance
    (the autoscaler's "poke"); the serving issue scales nothing here, the autoscaler does."""

    def __call__(self, key: RevisionKey) -> None: ...
