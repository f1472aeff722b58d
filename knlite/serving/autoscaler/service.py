"""The autoscaler process, in-process: metrics every second, a decision every two.

Knative's autoscaler scrapes each revision's pods once a second (queue-proxy's averaged
concurrency and request count), adds the activator's reports, and every 2 s runs one
decider per revision over the stable and panic windows. knlite's gateway is both activator
and queue-proxy, so the samples come from its per-revision backends
(:meth:`~knlite.serving.gateway.backend.RevisionBackend.sample`): a revision with ready
instances gets one stat per second (zero when idle, as scraping idle pods does); a revision
at zero only when a request arrives for it, which also "pokes" the decider at once instead
of waiting for the tick — the fast path of scale-from-zero.

Decisions go to the PodAutoscaler reconciler through ``on_decision``; the reconciler applies
bounds and the scale-to-zero rules and writes the scale.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from knlite.config.types import AutoscalerConfig
from knlite.serving.autoscaler.decider import (
    Autoscaler,
    DeciderSpec,
    DeciderStatus,
    RevisionMetrics,
    Stat,
    spec_for_pa,
)
from knlite.serving.dataplane import RevisionKey

log = logging.getLogger(__name__)

TICK = 2.0  # seconds between decisions (Knative's tickInterval)
SAMPLE = 1.0  # seconds between metric samples (queue-proxy's reporting period)


@dataclass
class _Revision:
    spec: DeciderSpec
    decider: Autoscaler
    metrics: RevisionMetrics
    status: DeciderStatus


class AutoscalerService:
    def __init__(self, sample: Callable[[RevisionKey], tuple[float, int, float] | None],
                 ready: Callable[[RevisionKey], int], on_decision: Callable[[RevisionKey], None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._sample = sample
        self._ready = ready
        self._on_decision = on_decision
        self.clock = clock
        self._revisions: dict[RevisionKey, _Revision] = {}
        self._task: asyncio.Task[None] | None = None

    # -- registration (from the PodAutoscaler reconciler) -------------------------------------
    def watch(self, key: RevisionKey, pa: Mapping[str, Any], cfg: AutoscalerConfig) -> DeciderStatus:
        """Create or update the decider of a KPA-class PodAutoscaler; returns its last decision."""
        spec = spec_for_pa(pa, cfg)
        rev = self._revisions.get(key)
        now = self.clock()
        if rev is None:
            rev = _Revision(spec, Autoscaler(spec, self._ready(key), self.clock, str(key)),
                            RevisionMetrics.for_spec(spec, scraping=spec.target_burst_capacity != -1),
                            DeciderStatus.initial(spec))
            self._revisions[key] = rev
        elif spec != rev.spec:
            if (spec.stable_window, spec.panic_window) != (rev.spec.stable_window, rev.spec.panic_window):
                rev.metrics.resize(spec.stable_window, spec.panic_window, now)
            rev.decider.update(spec)
            rev.spec = spec
        return rev.status

    def forget(self, key: RevisionKey) -> None:
        self._revisions.pop(key, None)

    def spec(self, key: RevisionKey) -> DeciderSpec | None:
        rev = self._revisions.get(key)
        return rev.spec if rev else None

    def status(self, key: RevisionKey) -> DeciderStatus | None:
        rev = self._revisions.get(key)
        return rev.status if rev else None

    # -- data ---------------------------------------------------------------------------------
    def poke(self, key: RevisionKey) -> None:
        """A request arrived for a revision without a ready instance (the activator's first report)."""
        rev = self._revisions.get(key)
        if rev is None:
            return
        now = self.clock()
        if rev.metrics.record(Stat(time=now, average_concurrency=1.0, request_count=1.0), rev.status.desired_scale):
            self.decide(key, now)

    def collect(self, now: float) -> None:
        for key, rev in self._revisions.items():
            ready = self._ready(key)
            sample = self._sample(key)
            if sample is None:
                if ready <= 0:
                    continue  # no pods to scrape and no requests seen
                avg, count, period = 0.0, 0, SAMPLE
            else:
                avg, count, period = sample
                if ready <= 0 and avg == 0 and count == 0:
                    continue
            rps = count / period if period > 0 else float(count)
            stat = Stat(time=now, average_concurrency=avg, request_count=rps)
            if rev.metrics.record(stat, rev.status.desired_scale):
                self.decide(key, now)

    def decide(self, key: RevisionKey, now: float) -> None:
        rev = self._revisions.get(key)
        if rev is None:
            return
        ready = self._ready(key)
        averages = rev.metrics.stable_and_panic(rev.spec.metric, now)
        stable, panic = averages if averages is not None else (None, None)
        result = rev.decider.scale(ready, stable, panic, now)
        if result.valid:
            log.debug("autoscaler %s: ready=%d stable=%s panic=%s panicking=%s → desired=%d ebc=%d", key, ready,
                      stable, panic, rev.decider.panicking, result.desired, result.excess_burst_capacity)
        if rev.status.update(result):
            self._on_decision(key)

    # -- loop ---------------------------------------------------------------------------------
    async def run(self) -> None:
        ticks = 0
        next_at = self.clock()
        while True:
            next_at += SAMPLE
            await asyncio.sleep(max(0.0, next_at - self.clock()))
            now = next_at  # the scheduled second: a late wake must not put two samples in one bucket
            try:
                self.collect(now)
                ticks += 1
                if ticks % int(TICK / SAMPLE) == 0:
                    for key in list(self._revisions):
                        self.decide(key, now)
            except Exception:
                log.exception("autoscaler tick failed")

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self.run(), name="autoscaler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
