"""Applying a decision (spec §4.4, §4.5): bounds, scale to zero, Active condition, activator."""

from __future__ import annotations

import pytest

from knlite.config.parse import parse_autoscaler
from knlite.config.types import AutoscalerConfig, DeploymentConfig
from knlite.serving.autoscaler.scaler import (
    ACTIVATING,
    ACTIVE,
    INACTIVE,
    ScaleDecision,
    ScaleToZero,
    activator_in_path,
    apply_bounds,
    min_ready,
    next_active_state,
    num_activators,
)

A = "autoscaling.knative.dev/"


@pytest.mark.parametrize(
    ("desired", "lo", "hi", "initial", "initialized", "reachable", "want"),
    [
        (5, 0, 0, 1, True, True, 5),  # max 0 = unlimited
        (5, 0, 3, 1, True, True, 3),
        (1, 2, 0, 1, True, True, 2),
        (0, 2, 0, 1, True, True, 2),
        (0, 2, 0, 1, True, False, 0),  # min is ignored while unreachable
        (7, 2, 3, 1, True, False, 3),  # max still applies
        (1, 0, 0, 5, False, True, 5),  # initial scale until first reached
        (1, 0, 0, 5, True, True, 1),
        (1, 0, 3, 5, False, True, 5),  # min is checked first, as in Knative
        (1, 6, 0, 5, False, True, 6),  # min above initial
        (0, 0, 0, 5, False, False, 5),  # initial scale even when unreachable
        (0, 0, 0, 1, False, True, 0),  # initial scale 1 adds nothing
        (-1, 0, 0, 1, True, True, 0),  # unknown is raised to min (Knative's applyBounds)
        (-1, 2, 0, 1, True, True, 2),
    ],
)
def test_apply_bounds(desired: int, lo: int, hi: int, initial: int, initialized: bool, reachable: bool,
                      want: int) -> None:
    assert apply_bounds(desired, lo, hi, initial, initialized, reachable) == want


DEFAULT = ScaleToZero()  # stable 60 s, grace 30 s, retention 0, activation timeout 630 s


@pytest.mark.parametrize(
    ("stz", "desired", "active", "state_for", "proxy_for", "in_path", "proxying", "want"),
    [
        (DEFAULT, 3, ACTIVE, 0, 0, True, False, ScaleDecision(3, True)),  # not zero: apply as is
        (DEFAULT, 3, INACTIVE, 0, 0, False, False, ScaleDecision(3, True)),
        (ScaleToZero(enabled=False), 0, ACTIVE, 999, 999, True, True, ScaleDecision(1, True)),
        # Activating (Active=Unknown): wait for the progress deadline + 30 s, then give up.
        (DEFAULT, 0, ACTIVATING, 10, 0, True, False, ScaleDecision(-1, False, 630)),
        (DEFAULT, 0, ACTIVATING, 630, 0, True, False, ScaleDecision(-1, False, 630)),
        (DEFAULT, 0, ACTIVATING, 630.5, 0, True, False, ScaleDecision(0, True)),
        # Active: hold 1 until a stable window since activation, then report 0 without applying.
        (DEFAULT, 0, ACTIVE, 20, 0, True, False, ScaleDecision(1, True, 40)),
        (DEFAULT, 0, ACTIVE, 60, 0, True, False, ScaleDecision(0, False)),
        (DEFAULT, 0, ACTIVE, 75, 75, True, True, ScaleDecision(0, False, 3)),
        (ScaleToZero(stable_window=120), 0, ACTIVE, 100, 0, True, False, ScaleDecision(1, True, 20)),
        # Inactive: only with the activator in the path, then grace period / retention.
        (DEFAULT, 0, INACTIVE, 5, 0, False, False, ScaleDecision(0, False, 1)),  # probe again in 1 s
        (ScaleToZero(target_burst_capacity=-1), 0, INACTIVE, 30, 0, False, True, ScaleDecision(0, True)),
        (DEFAULT, 0, INACTIVE, 30, 0, True, True, ScaleDecision(0, True)),  # inactive ≥ grace
        (DEFAULT, 0, INACTIVE, 5, 0, True, True, ScaleDecision(0, False, 30)),  # wait grace - proxy time
        (DEFAULT, 0, INACTIVE, 5, 12, True, True, ScaleDecision(0, False, 18)),
        (DEFAULT, 0, INACTIVE, 5, 30, True, True, ScaleDecision(0, True)),  # proxying for ≥ grace: fast path
        (DEFAULT, 0, INACTIVE, 5, 300, True, True, ScaleDecision(0, True)),
        (ScaleToZero(pod_retention=65), 0, INACTIVE, 5, 300, True, True, ScaleDecision(0, False, 60)),
        (ScaleToZero(pod_retention=65), 0, INACTIVE, 64, 300, True, True, ScaleDecision(0, False, 1)),
        (ScaleToZero(pod_retention=65), 0, INACTIVE, 65, 0, True, True, ScaleDecision(0, True)),
        (ScaleToZero(pod_retention=10), 0, INACTIVE, 12, 12, True, True, ScaleDecision(0, False, 18)),
        (ScaleToZero(pod_retention=10), 0, INACTIVE, 12, 40, True, True, ScaleDecision(0, True)),
        (ScaleToZero(grace_period=5), 0, INACTIVE, 5, 0, True, True, ScaleDecision(0, True)),
    ],
)
def test_scale_to_zero(stz: ScaleToZero, desired: int, active: str, state_for: float, proxy_for: float,
                       in_path: bool, proxying: bool, want: ScaleDecision) -> None:
    assert stz.decide(desired, active, state_for, proxy_for, in_path, proxying) == want


def test_scale_to_zero_timings_from_config() -> None:
    assert ScaleToZero.for_annotations({}, AutoscalerConfig()) == DEFAULT
    cfg = parse_autoscaler({"enable-scale-to-zero": "false", "scale-to-zero-grace-period": "10s",
                            "scale-to-zero-pod-retention-period": "1m", "stable-window": "30s",
                            "target-burst-capacity": "0"})
    assert ScaleToZero.for_annotations({}, cfg, DeploymentConfig(progress_deadline=120 * 10**9)) == ScaleToZero(
        enabled=False, stable_window=30, grace_period=10, pod_retention=60, activation_timeout=150,
        target_burst_capacity=0)
    annotations = {A + "scale-to-zero-pod-retention-period": "1m5s", A + "window": "2m",
                   A + "target-burst-capacity": "-1", "serving.knative.dev/progress-deadline": "30s"}
    assert ScaleToZero.for_annotations(annotations, AutoscalerConfig()) == ScaleToZero(
        stable_window=120, pod_retention=65, activation_timeout=60, target_burst_capacity=-1)
    legacy = {A + "scaleToZeroPodRetentionPeriod": "20s"}
    assert ScaleToZero.for_annotations(legacy, AutoscalerConfig()).pod_retention == 20


@pytest.mark.parametrize(
    ("lo", "initial", "initialized", "want"),
    [(0, 1, False, 1), (0, 3, False, 3), (5, 3, False, 5), (0, 0, False, 0), (0, 3, True, 1), (4, 3, True, 4)],
)
def test_min_ready(lo: int, initial: int, initialized: bool, want: int) -> None:
    assert min_ready(lo, initial, initialized) == want


@pytest.mark.parametrize(
    ("want", "ready", "threshold", "current", "expected"),
    [
        # The table of kpa.go computeActiveCondition.
        (0, 5, 1, ACTIVE, (INACTIVE, "NoTraffic")),
        (0, 0, 1, ACTIVATING, (INACTIVE, "TimedOut")),  # gave up activating
        (0, 0, 0, ACTIVATING, (INACTIVE, "NoTraffic")),
        (-1, 0, 0, ACTIVATING, (INACTIVE, "NoTraffic")),  # initial scale 0
        (3, 0, 1, INACTIVE, (ACTIVATING, "Queued")),
        (3, 0, 1, ACTIVE, (ACTIVATING, "Queued")),
        (-1, 0, 1, INACTIVE, (INACTIVE, "NoTraffic")),
        (-1, 0, 1, ACTIVATING, (ACTIVATING, "Queued")),
        (-1, 0, 1, ACTIVE, (ACTIVATING, "Queued")),
        (3, 3, 1, ACTIVATING, (ACTIVE, "")),
        (3, 3, 1, INACTIVE, (ACTIVE, "")),
        (-1, 3, 1, ACTIVATING, (ACTIVE, "")),
        (-1, 3, 1, ACTIVE, (ACTIVE, "")),
        (-1, 3, 1, INACTIVE, None),  # unchanged
    ],
)
def test_next_active_state(want: int, ready: int, threshold: int, current: str,
                           expected: tuple[str, str] | None) -> None:
    assert next_active_state(want, ready, threshold, current) == expected


@pytest.mark.parametrize(
    ("ebc", "tbc", "want", "ready", "tls", "in_path"),
    [
        (-5, 211, 3, 3, False, True),  # EBC < 0: the activator buffers the burst
        (0, 211, 3, 3, False, False),
        (89, 211, 3, 3, False, False),
        (-1, -1, 3, 3, False, True),  # TBC -1: always in path
        (0, 0, 3, 3, False, False),  # TBC 0: only at zero
        (0, 0, 0, 0, False, True),
        (0, 0, -1, 3, False, True),  # unknown scale
        (5, 211, 3, 0, False, True),  # no ready pod: Proxy
        (5, 211, 3, 3, True, True),  # system-internal TLS
    ],
)
def test_activator_in_path(ebc: int, tbc: float, want: int, ready: int, tls: bool, in_path: bool) -> None:
    assert activator_in_path(ebc, tbc, want, ready, tls) is in_path


@pytest.mark.parametrize(
    ("ready", "total", "tbc", "capacity", "want"),
    [(0, 100, 211, 100, 3), (1, 100, 211, 100, 4), (10, 100, 0, 100, 2), (0, 100, -1, 100, 2),
     (10, 100, -1, 100, 10), (1, 100, 50, 100, 2), (30, 100, 211, 100, 33)],
)
def test_num_activators(ready: int, total: float, tbc: float, capacity: float, want: int) -> None:
    assert num_activators(ready, total, tbc, capacity) == want
