"""The KPA decider: from observed concurrency (or rps) to a desired pod count, every 2 s.

Why: knlite must scale the way Knative scales — same inputs, same pod counts — so this module
is a line-by-line port of Knative's decider (release-1.12), with the clock and every input
passed in, so that each rule is a table-driven unit test:

* :func:`spec_for` is ``pkg/reconciler/autoscaling/kpa/resources/decider.go`` (``MakeDecider``)
  with ``resources/target.go`` (``ResolveMetricTarget``) and ``resources/metric.go`` (the
  panic window): revision annotations over ``config-autoscaler``.
* :class:`Autoscaler` is ``pkg/autoscaler/scaling/autoscaler.go``: rate limits, panic mode
  (start, extend, leave after a stable window, never scale down while panicking), activation
  scale, the scale-down delay window and the excess burst capacity (EBC).
* :class:`DeciderStatus` is the bookkeeping of ``multiscaler.go``: the initial ``-1`` /
  initial-scale EBC, and "publish only when desired changes or the EBC changes sign".
* :class:`RevisionMetrics` is one revision's ``collection`` of ``pkg/autoscaler/metrics/
  collector.go``: the four bucket series (stable/panic × concurrency/rps), and the "poke" rule
  that runs the decider at once when traffic reaches a revision scaled to zero.

Durations in :class:`DeciderSpec` are float seconds (config-autoscaler's are nanoseconds).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from knlite.apis import goduration
from knlite.apis.autoscaling import annotation as ann
from knlite.apis.autoscaling import podautoscaler as pa_api
from knlite.apis.autoscaling.metric import aggregation_algorithm
from knlite.config.types import AutoscalerConfig
from knlite.serving.autoscaler.window import LINEAR, MaxTimeWindow, TimedBuckets, new_buckets

log = logging.getLogger(__name__)

TICK_INTERVAL = 2.0  # seconds between decisions (multiscaler.go tickInterval)
BUCKET_SIZE = 1.0  # seconds per metric bucket; also the smallest panic window


# -- the decider's parameters ------------------------------------------------------------------


@dataclass(frozen=True)
class DeciderSpec:
    """Every parameter of one revision's decider; the defaults are Knative's for CC=0."""

    target_value: float = 70.0  # per pod: total_value × utilization
    total_value: float = 100.0  # per pod capacity: containerConcurrency, target or default
    metric: str = ann.CONCURRENCY  # "rps" or anything else (= concurrency)
    panic_threshold: float = 2.0  # panic when panic-window pods / ready >= this
    max_scale_up_rate: float = 1000.0
    max_scale_down_rate: float = 2.0
    stable_window: float = 60.0  # seconds
    panic_window: float = 6.0  # seconds, whole, >= 1
    scale_down_delay: float = 0.0  # seconds
    activation_scale: int = 0  # 0/1 = unused
    target_burst_capacity: float = 211.0  # -1 = unlimited
    activator_capacity: float = 100.0
    initial_scale: int = 1
    reachable: bool = True
    aggregation_algorithm: str = LINEAR  # of the Metric's windows


def pa_view(annotations: Mapping[str, str], container_concurrency: int = 0, reachable: bool = True) -> dict[str, Any]:
    """A PodAutoscaler-shaped object, so the PA accessors (Knative's) read plain annotations."""
    return {
        "metadata": {"annotations": dict(annotations)},
        "spec": {
            "containerConcurrency": container_concurrency,
            "reachability": pa_api.REACHABLE if reachable else pa_api.UNREACHABLE,
        },
    }


def _seconds(ns: int) -> float:
    return ns / goduration.SECOND


def _round_to_second(ns: int) -> int:
    """Go's ``Duration.Round(time.Second)`` for non-negative durations (halves round up)."""
    r = ns % goduration.SECOND
    return ns - r if r + r < goduration.SECOND else ns + goduration.SECOND - r


def metric_target(annotations: Mapping[str, str], container_concurrency: int,
                  cfg: AutoscalerConfig) -> tuple[float, float]:
    """``ResolveMetricTarget``: (target value per pod, total value per pod)."""
    view = pa_view(annotations, container_concurrency)
    metric = metric_name(annotations, cfg)
    if metric == ann.RPS:
        total, utilization = cfg.rps_target_default, cfg.target_utilization
    else:
        total = float(container_concurrency) or cfg.container_concurrency_target_default
        utilization = cfg.container_concurrency_target_fraction
    target = pa_api.annotation_float(view, ann.TARGET)
    if target is not None:
        total = target
        if metric == ann.CONCURRENCY and container_concurrency != 0:
            # Never aim above what containerConcurrency lets one pod take.
            total = min(target, float(container_concurrency))
    tu = pa_api.target_utilization(view)
    if tu is not None:
        utilization = tu
    return max(ann.TARGET_MIN, total * utilization), total


def metric_name(annotations: Mapping[str, str], cfg: AutoscalerConfig) -> str:
    """The ``metric`` annotation, else the default of the class (``concurrency`` for KPA)."""
    found = ann.METRIC.get(dict(annotations))
    return found[1] if found else pa_api.default_metric(ann.effective_class(dict(annotations), cfg))


def stable_window_ns(annotations: Mapping[str, str], cfg: AutoscalerConfig) -> int:
    """``resources.StableWindow``: the ``window`` annotation, else config ``stable-window``."""
    window = pa_api.annotation_duration(pa_view(annotations), ann.WINDOW)
    return window if window is not None else cfg.stable_window


def panic_window_ns(annotations: Mapping[str, str], cfg: AutoscalerConfig) -> int:
    """``MakeMetric``: stable window × panic-window-percentage, to the second, at least 1 s."""
    pct = pa_api.annotation_float(pa_view(annotations), ann.PANIC_WINDOW_PERCENTAGE)
    if pct is None:
        pct = cfg.panic_window_percentage
    window = _round_to_second(int(float(stable_window_ns(annotations, cfg)) * pct / 100.0))
    return max(window, goduration.SECOND)


def initial_scale(annotations: Mapping[str, str], cfg: AutoscalerConfig) -> int:
    """``GetInitialScale``: the annotation unless it is 0 and the cluster forbids 0."""
    value = pa_api.annotation_int32(pa_view(annotations), ann.INITIAL_SCALE)
    if value is None or (value == 0 and not cfg.allow_zero_initial_scale):
        return cfg.initial_scale
    return value


def target_burst_capacity(annotations: Mapping[str, str], cfg: AutoscalerConfig) -> float:
    tbc = pa_api.annotation_float(pa_view(annotations), ann.TARGET_BURST_CAPACITY)
    return tbc if tbc is not None else cfg.target_burst_capacity


def spec_for(annotations: Mapping[str, str], container_concurrency: int, cfg: AutoscalerConfig,
             reachable: bool = True) -> DeciderSpec:
    """``MakeDecider``: the decider spec of a revision from its annotations and config-autoscaler.

    Unparsable annotation values fall back to the config, as Knative's PA accessors do (the
    webhook has rejected them before they get here).
    """
    view = pa_view(annotations, container_concurrency, reachable)
    target, total = metric_target(annotations, container_concurrency, cfg)
    threshold = pa_api.annotation_float(view, ann.PANIC_THRESHOLD_PERCENTAGE)
    delay = pa_api.annotation_duration(view, ann.SCALE_DOWN_DELAY)
    activation = pa_api.annotation_int32(view, ann.ACTIVATION_SCALE)
    return DeciderSpec(
        target_value=target,
        total_value=total,
        metric=metric_name(annotations, cfg),
        panic_threshold=(threshold if threshold is not None else cfg.panic_threshold_percentage) / 100.0,
        max_scale_up_rate=cfg.max_scale_up_rate,
        max_scale_down_rate=cfg.max_scale_down_rate,
        stable_window=_seconds(stable_window_ns(annotations, cfg)),
        panic_window=_seconds(panic_window_ns(annotations, cfg)),
        scale_down_delay=_seconds(delay if delay is not None else cfg.scale_down_delay),
        activation_scale=activation if activation is not None else 0,
        target_burst_capacity=target_burst_capacity(annotations, cfg),
        activator_capacity=cfg.activator_capacity,
        initial_scale=initial_scale(annotations, cfg),
        reachable=reachable,
        aggregation_algorithm=aggregation_algorithm(view) or LINEAR,
    )


def spec_for_pa(pa: Mapping[str, Any], cfg: AutoscalerConfig) -> DeciderSpec:
    """:func:`spec_for` of a PodAutoscaler object (annotations, containerConcurrency, reachability)."""
    spec = pa.get("spec") or {}
    return spec_for(
        (pa.get("metadata") or {}).get("annotations") or {},
        int(spec.get("containerConcurrency") or 0),
        cfg,
        spec.get("reachability") != pa_api.UNREACHABLE,
    )


# -- the decision --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleResult:
    desired: int
    excess_burst_capacity: int
    valid: bool


INVALID = ScaleResult(0, 0, False)  # no decision: no metrics yet, or the pod count failed


class Autoscaler:
    """One revision's decider (Knative's ``autoscaler``); call :meth:`scale` every tick.

    ``ready`` at construction is the revision's ready pod count (None when it could not be
    read): starting with more than one ready pod starts in panic mode, so that a restarted
    autoscaler, which has lost its metric history, does not scale a busy revision down.
    """

    def __init__(self, spec: DeciderSpec, ready: int | None, clock: Callable[[], float], key: str = "") -> None:
        self._spec = spec
        self.key = key
        current = ready or 0
        self.panic_time: float | None = clock() if current > 1 else None
        self.max_panic_pods = current
        # Knative sizes the delay window once, at creation; later spec updates keep it.
        self._delay = MaxTimeWindow(spec.scale_down_delay, TICK_INTERVAL) if spec.scale_down_delay > 0 else None

    @property
    def spec(self) -> DeciderSpec:
        return self._spec

    @property
    def panicking(self) -> bool:
        return self.panic_time is not None

    def update(self, spec: DeciderSpec) -> None:
        self._spec = spec

    def scale(self, ready: int | None, stable: float | None, panic: float | None, now: float) -> ScaleResult:
        """One decision at ``now`` from the ready pod count and the stable/panic window averages.

        ``ready`` None (pod count unknown) or ``stable``/``panic`` None (no metrics) → :data:`INVALID`.
        """
        if ready is None or stable is None or panic is None:
            return INVALID
        spec = self._spec
        ready_f = max(1.0, float(ready))
        # Rate limits; ceil/floor so that a small rate can still move by one pod.
        max_up = math.ceil(spec.max_scale_up_rate * ready_f)
        max_down = math.floor(ready_f / spec.max_scale_down_rate) if spec.reachable else 0
        dspc = math.ceil(stable / spec.target_value)
        dppc = math.ceil(panic / spec.target_value)
        stable_pods = min(max(dspc, max_down), max_up)
        panic_pods = min(max(dppc, max_down), max_up)
        if spec.activation_scale > 1:
            if dspc > 0 and spec.activation_scale > stable_pods:
                stable_pods = spec.activation_scale
            if dppc > 0 and spec.activation_scale > panic_pods:
                panic_pods = spec.activation_scale

        # The test uses the unclamped panic pod count against the *ready* count.
        over_threshold = dppc / ready_f >= spec.panic_threshold
        if self.panic_time is None and over_threshold:
            log.info("%s: PANICKING", self.key)
            self.panic_time = now
        elif over_threshold:
            self.panic_time = now  # still over: extend
        elif self.panic_time is not None and self.panic_time + spec.stable_window < now:
            log.info("%s: un-panicking", self.key)
            self.panic_time = None
            self.max_panic_pods = 0

        desired = stable_pods
        if self.panic_time is not None:
            desired = max(desired, panic_pods)
            # Never scale down while panicking.
            self.max_panic_pods = max(self.max_panic_pods, desired)
            desired = self.max_panic_pods

        if self._delay is not None:
            self._delay.record(now, desired)
            desired = self._delay.current()

        # Excess burst capacity, on the panic value and the *raw* ready count.
        if spec.target_burst_capacity == 0:
            ebc = 0
        elif spec.target_burst_capacity > 0:
            ebc = math.floor(float(ready) * spec.total_value - spec.target_burst_capacity - panic)
        else:
            ebc = -1
        log.debug(
            "%s: metric %s stable=%.3f panic=%.3f target=%.3f ready=%d dspc=%d dppc=%d maxUp=%d maxDown=%d "
            "panicking=%s desired=%d ebc=%d",
            self.key, spec.metric, stable, panic, spec.target_value, ready, dspc, dppc, max_up, max_down,
            self.panic_time is not None, desired, ebc,
        )
        return ScaleResult(int(desired), int(ebc), True)


@dataclass
class DeciderStatus:
    """What the KPA reconciler reads from a decider: last desired scale and EBC."""

    desired_scale: int = -1  # -1: no decision yet
    excess_burst_capacity: int = 0

    @classmethod
    def initial(cls, spec: DeciderSpec) -> DeciderStatus:
        tbc = spec.target_burst_capacity
        if tbc in (-1, 0):
            return cls(-1, int(tbc))
        return cls(-1, int(spec.initial_scale * spec.total_value - tbc))

    def update(self, result: ScaleResult) -> bool:
        """Take a valid result; True when the PA must be reconciled (desired or EBC sign changed)."""
        if not result.valid:
            return False
        changed = self.desired_scale != result.desired
        changed = changed or (self.excess_burst_capacity < 0) != (result.excess_burst_capacity < 0)
        self.desired_scale = result.desired
        self.excess_burst_capacity = result.excess_burst_capacity
        return changed


# -- metrics -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stat:
    """One 1-second report of a pod's queue-proxy or of the activator (``metrics.Stat``).

    Counts are per second; proxied values are the part that came through the activator, which
    reports it itself (so it is not counted twice).
    """

    time: float
    average_concurrency: float = 0.0
    average_proxied_concurrency: float = 0.0
    request_count: float = 0.0
    proxied_request_count: float = 0.0
    pod_name: str = ""


def poke_due(last_desired: int, stat: Stat) -> bool:
    """``MultiScaler.Poke``: traffic reached a revision scaled to zero → decide now, not at the tick."""
    return last_desired == 0 and stat.average_concurrency != 0


class RevisionMetrics:
    """One revision's four bucket series: stable/panic × concurrency/rps.

    ``scraping`` is the Metric's ``scrapeTarget != ""``: while pods are scraped, an empty
    stable window means "no data" (no decision); without scraping (TBC -1: only the activator
    reports) an empty window simply averages to 0.
    """

    def __init__(self, stable_window: float, panic_window: float, algorithm: str = LINEAR,
                 scraping: bool = True) -> None:
        self.scraping = scraping
        self._concurrency = new_buckets(algorithm, stable_window)
        self._concurrency_panic = new_buckets(algorithm, panic_window)
        self._rps = new_buckets(algorithm, stable_window)
        self._rps_panic = new_buckets(algorithm, panic_window)

    @classmethod
    def for_spec(cls, spec: DeciderSpec, scraping: bool = True) -> RevisionMetrics:
        return cls(spec.stable_window, spec.panic_window, spec.aggregation_algorithm, scraping)

    def resize(self, stable_window: float, panic_window: float, now: float) -> None:
        """The Metric's windows changed (``updateMetric``)."""
        for series, window in ((self._concurrency, stable_window), (self._concurrency_panic, panic_window),
                               (self._rps, stable_window), (self._rps_panic, panic_window)):
            series.resize_window(window, now)

    def record(self, stat: Stat, last_desired: int = -1) -> bool:
        """Add a stat at its time; returns whether a scale-from-zero poke is due."""
        concurrency = stat.average_concurrency - stat.average_proxied_concurrency
        self._concurrency.record(stat.time, concurrency)
        self._concurrency_panic.record(stat.time, concurrency)
        rps = stat.request_count - stat.proxied_request_count
        self._rps.record(stat.time, rps)
        self._rps_panic.record(stat.time, rps)
        return poke_due(last_desired, stat)

    def _series(self, metric: str) -> tuple[TimedBuckets, TimedBuckets]:
        if metric == ann.RPS:
            return self._rps, self._rps_panic
        return self._concurrency, self._concurrency_panic

    def stable_and_panic(self, metric: str, now: float) -> tuple[float, float] | None:
        """(stable, panic) window averages of ``metric`` at ``now``; None = no data."""
        stable, panic = self._series(metric)
        if stable.is_empty(now) and self.scraping:
            return None
        return stable.window_average(now), panic.window_average(now)
