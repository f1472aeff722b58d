"""The HPA class (``hpa.autoscaling.knative.dev``): CPU or memory, as Kubernetes' HPA scales.

With this class Knative hands the revision to a Kubernetes HorizontalPodAutoscaler (spec §7):
metric ``cpu`` (default) as a percentage of the containers' CPU request, or ``memory`` as an
absolute MiB value per pod; ``min-scale`` or 1 at least — never zero — and ``max-scale`` at
most. knlite measures the instances' processes itself (psutil) and applies the HPA's own
rule: ``desired = ceil(ready × current / target)``, unchanged within a 10 % tolerance, and
scale-downs held back by a stabilization window (the ``window`` annotation, else 300 s).
Without ``autoscaling.knative.dev/target`` Kubernetes' default of 80 % CPU applies.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import psutil

TOLERANCE = 0.1
DEFAULT_CPU_UTILIZATION = 80.0
DEFAULT_STABILIZATION = 300.0


@dataclass(frozen=True)
class HPASpec:
    metric: str  # "cpu" | "memory"
    target: float  # cpu: percent of the request; memory: MiB per pod
    min_replicas: int
    max_replicas: int  # 0 = unlimited
    stabilization: float  # seconds (scale down)


def desired_replicas(current: int, usage: float | None, target: float) -> int:
    """Kubernetes' replica calculator for one resource metric (usage per pod vs target per pod)."""
    if usage is None or target <= 0 or current <= 0:
        return current
    ratio = usage / target
    if abs(ratio - 1.0) <= TOLERANCE:
        return current
    return max(1, math.ceil(ratio * current))


@dataclass
class HPAState:
    """Scale-down stabilization: the highest recommendation over the window wins."""

    recommendations: deque[tuple[float, int]] = field(default_factory=deque)

    def stabilize(self, now: float, recommendation: int, window: float) -> int:
        self.recommendations.append((now, recommendation))
        while self.recommendations and self.recommendations[0][0] < now - window:
            self.recommendations.popleft()
        return max(r for _, r in self.recommendations)


def decide(spec: HPASpec, ready: int, usage: float | None, state: HPAState, now: float) -> int:
    want = desired_replicas(ready, usage, spec.target)
    highest = state.stabilize(now, want, spec.stabilization)
    if want < ready:  # scale down no lower than the highest recommendation of the window
        want = min(ready, highest)
    lo = max(1, spec.min_replicas)
    if want < lo:
        want = lo
    if spec.max_replicas and want > spec.max_replicas:
        want = spec.max_replicas
    return want


class ProcessSampler:
    """CPU (millicores) and resident memory (bytes) of processes, from psutil, between calls."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._last: dict[int, tuple[float, float]] = {}  # pid → (cpu seconds, at)

    def cpu_millicores(self, pids: Iterable[int]) -> list[float]:
        out = []
        now = self.clock()
        seen = set()
        for pid in pids:
            seen.add(pid)
            try:
                p = psutil.Process(pid)
                t = p.cpu_times()
                cpu = t.user + t.system
                for child in p.children(recursive=True):
                    ct = child.cpu_times()
                    cpu += ct.user + ct.system
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            prev = self._last.get(pid)
            self._last[pid] = (cpu, now)
            if prev is not None and now > prev[1]:
                out.append((cpu - prev[0]) / (now - prev[1]) * 1000.0)
        for pid in list(self._last):
            if pid not in seen:
                del self._last[pid]
        return out

    @staticmethod
    def memory_bytes(pids: Iterable[int]) -> list[float]:
        out = []
        for pid in pids:
            try:
                out.append(float(psutil.Process(pid).memory_info().rss))
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return out
