"""Applying a KPA decision: bounds, the scale-to-zero sequence, and the activator's place.

Why: the decider's number is not yet a replica count. Knative's KPA reconciler
(``pkg/reconciler/autoscaling/kpa/kpa.go`` and ``scaler.go``, release-1.12) first clamps it to
min/max scale (min ignored while unreachable, raised to initial-scale until the revision first
reaches it), then treats 0 specially: pods are removed only after the revision has been
idle for a stable window *and* the activator has been in the request path for the grace
period (or the pod-retention period), so that no request arrives at a revision with neither
pods nor activator. This module is the pure part of that: every time is passed in.

* :func:`apply_bounds` — step 2 of spec §4.4 (``applyBounds`` with the initial-scale rule);
* :class:`ScaleToZero` — ``handleScaleToZero``: returns what to want, whether to apply it,
  and when to look again;
* :func:`next_active_state` / :func:`min_ready` — the PA ``Active`` condition transitions
  (``computeActiveCondition`` / ``activeThreshold``), the states :class:`ScaleToZero` reads;
* :func:`activator_in_path` / :func:`num_activators` — the SKS mode (§4.5): the activator stays
  in the data path while the excess burst capacity is negative.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from knlite.apis import goduration
from knlite.apis.autoscaling import annotation as ann
from knlite.apis.autoscaling import podautoscaler as pa_api
from knlite.apis.conditions import FALSE, TRUE, UNKNOWN
from knlite.apis.serving import keys
from knlite.config.types import AutoscalerConfig, DeploymentConfig
from knlite.serving.autoscaler.decider import pa_view, stable_window_ns, target_burst_capacity

SCALE_UNKNOWN = -1
ACTIVATION_TIMEOUT_BUFFER = 30.0  # seconds added to the progress deadline
PROBE_PERIOD = 1.0  # seconds between activator probes while waiting for it to be in path
PROXY_RECHECK = 3.0  # seconds: re-check an idle PA whose SKS is already proxying
MIN_ACTIVATORS = 2

ACTIVE, ACTIVATING, INACTIVE = TRUE, UNKNOWN, FALSE  # the PA's Active condition status
REASON_NO_TRAFFIC, REASON_TIMED_OUT, REASON_QUEUED = "NoTraffic", "TimedOut", "Queued"


def apply_bounds(desired: int, min_scale: int, max_scale: int, initial_scale: int, initialized: bool,
                 reachable: bool = True) -> int:
    """Clamp a desired scale to [min, max] (max 0 = unlimited).

    min is 0 while the revision is unreachable, and at least ``initial_scale`` (when > 1) until
    the PA has been ``ScaleTargetInitialized``. Like Knative, a desired of -1 (unknown) is
    raised to min, which is how an activating PA with min 0 reaches the scale-to-zero rules.
    """
    lo = min_scale if reachable else 0
    if initial_scale > 1 and not initialized:
        lo = max(initial_scale, lo)
    if desired < lo:
        return lo
    if max_scale != 0 and desired > max_scale:
        return max_scale
    return desired


@dataclass(frozen=True)
class ScaleDecision:
    want: int  # the PA's desiredScale (-1 unknown; 0 also flips the PA to Inactive)
    apply: bool  # write it to the scale target now
    recheck_after: float | None = None  # seconds until this PA should be reconciled again


@dataclass(frozen=True)
class ScaleToZero:
    """The timings of ``handleScaleToZero``, resolved for one PA (seconds)."""

    enabled: bool = True  # config enable-scale-to-zero
    stable_window: float = 60.0
    grace_period: float = 30.0  # config scale-to-zero-grace-period
    pod_retention: float = 0.0  # scale-to-zero-pod-retention-period (annotation or config)
    activation_timeout: float = 630.0  # progress deadline + 30 s
    target_burst_capacity: float = 211.0

    @classmethod
    def for_annotations(cls, annotations: Mapping[str, str], cfg: AutoscalerConfig,
                        deployment: DeploymentConfig | None = None) -> ScaleToZero:
        view = pa_view(annotations)
        retention = pa_api.annotation_duration(view, ann.SCALE_TO_ZERO_POD_RETENTION_PERIOD)
        deadline = pa_api.annotation_duration(view, keys.PROGRESS_DEADLINE)
        if deadline is None:
            deadline = (deployment or DeploymentConfig()).progress_deadline
        s = goduration.SECOND
        return cls(
            enabled=cfg.enable_scale_to_zero,
            stable_window=stable_window_ns(annotations, cfg) / s,
            grace_period=cfg.scale_to_zero_grace_period / s,
            pod_retention=(retention if retention is not None else cfg.scale_to_zero_pod_retention_period) / s,
            activation_timeout=deadline / s + ACTIVATION_TIMEOUT_BUFFER,
            target_burst_capacity=target_burst_capacity(annotations, cfg),
        )

    def decide(self, desired: int, active: str, state_for: float, proxy_for: float = 0.0,
               activator_in_path: bool = True, proxying: bool = False) -> ScaleDecision:
        """What to do with a bounded ``desired`` scale.

        ``active`` is the PA's Active condition status (``True``/``False``/``Unknown``) and
        ``state_for`` how long it has had it; ``proxy_for`` how long the activator has been in
        the path (SKS ``ProxyFor``, 0 when it is not); ``activator_in_path`` the result of
        probing for it (always true with TBC -1); ``proxying`` whether the SKS is in Proxy mode.
        """
        if desired != 0:
            return ScaleDecision(desired, True)
        if not self.enabled:
            return ScaleDecision(1, True)
        if active == ACTIVATING:
            if state_for > self.activation_timeout:
                return ScaleDecision(0, True)  # activation failed: give up the pods
            return ScaleDecision(SCALE_UNKNOWN, False, self.activation_timeout)
        if active == ACTIVE:
            if state_for >= self.stable_window:
                # Report 0 (the PA turns Inactive and the activator moves in), remove nothing yet.
                return ScaleDecision(0, False, PROXY_RECHECK if proxying else None)
            return ScaleDecision(1, True, self.stable_window - state_for)
        # Inactive.
        if not (activator_in_path or self.target_burst_capacity == -1):
            return ScaleDecision(0, False, PROBE_PERIOD)
        if state_for >= max(self.grace_period, self.pod_retention):
            return ScaleDecision(0, True)
        if self.pod_retention > 0 and state_for < self.pod_retention:
            return ScaleDecision(0, False, self.pod_retention - state_for)
        wait = self.grace_period - proxy_for
        if wait <= 0:
            return ScaleDecision(0, True)
        return ScaleDecision(0, False, wait)


def min_ready(min_scale: int, initial_scale: int, initialized: bool) -> int:
    """``activeThreshold``: ready pods needed for Active (initial scale until first reached)."""
    return max(min_scale, initial_scale) if not initialized else max(min_scale, 1)


def next_active_state(want: int, ready: int, min_ready: int, current: str) -> tuple[str, str] | None:
    """``computeActiveCondition``: the PA's new Active status and reason ("" for Active);
    None when the condition stays as it is (an Inactive PA with enough pods and nothing wanted)."""
    if want == 0 or min_ready == 0:
        if current == ACTIVATING and min_ready > 0:
            return INACTIVE, REASON_TIMED_OUT
        return INACTIVE, REASON_NO_TRAFFIC
    if ready < min_ready:
        if want > 0 or current != INACTIVE:
            return ACTIVATING, REASON_QUEUED
        return INACTIVE, REASON_NO_TRAFFIC
    if want > 0 or current != INACTIVE:
        return ACTIVE, ""
    return None


def activator_in_path(ebc: int, tbc: float, want: int, ready: int = 1, system_internal_tls: bool = False) -> bool:
    """Whether requests go through the activator (SKS ``Proxy``) rather than straight to pods.

    ``Serve`` only when pods are wanted and the excess burst capacity is non-negative; TBC -1
    keeps the activator in always, TBC 0 only at zero. No ready pod forces Proxy (the SKS
    reconciler's rule).
    """
    if system_internal_tls or tbc == -1 or ready <= 0:
        return True
    return not (want > 0 and ebc >= 0)


def num_activators(ready: int, total_value: float, tbc: float, activator_capacity: float) -> int:
    """``computeNumActivators``: activators to put in the path to cover pods + burst capacity."""
    if tbc == 0:
        return MIN_ACTIVATORS
    capacity = ready * total_value + max(tbc, 0.0)
    return int(max(MIN_ACTIVATORS, math.ceil(capacity / activator_capacity)))
