"""``spec_for``: the decider's parameters from annotations and config-autoscaler (spec §4.1)."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.config.parse import parse_autoscaler
from knlite.config.types import AutoscalerConfig
from knlite.serving.autoscaler.decider import DeciderSpec, spec_for, spec_for_pa

A = "autoscaling.knative.dev/"


def test_defaults_are_knatives() -> None:
    assert spec_for({}, 0, AutoscalerConfig()) == DeciderSpec()


@pytest.mark.parametrize(
    ("annotations", "cc", "config", "want"),
    [
        # Targets: concurrency uses containerConcurrency or the default 100, × 70 %.
        ({}, 0, {}, {"target_value": 70.0, "total_value": 100.0, "metric": "concurrency"}),
        ({}, 10, {}, {"target_value": 7.0, "total_value": 10.0}),
        ({A + "metric": "rps"}, 0, {}, {"target_value": 140.0, "total_value": 200.0, "metric": "rps"}),
        ({A + "metric": "rps"}, 10, {}, {"target_value": 140.0, "total_value": 200.0}),  # CC is not an rps cap
        ({A + "target": "10"}, 0, {}, {"target_value": 7.0, "total_value": 10.0}),
        ({A + "target": "50"}, 100, {}, {"target_value": 35.0, "total_value": 50.0}),
        ({A + "target": "10"}, 5, {}, {"target_value": 3.5, "total_value": 5.0}),  # capped at CC
        ({A + "metric": "rps", A + "target": "300"}, 10, {}, {"target_value": 210.0, "total_value": 300.0}),
        ({A + "target": "0.01"}, 0, {}, {"target_value": 0.01, "total_value": 0.01}),  # TargetMin
        # Utilization: the annotation overrides both metrics' defaults.
        ({A + "target": "10", A + "target-utilization-percentage": "60"}, 0, {}, {"target_value": 6.0}),  # seed E60
        ({A + "metric": "rps", A + "target": "100", A + "target-utilization-percentage": "60"}, 0, {},
         {"target_value": 60.0, "total_value": 100.0}),  # seed E64
        ({A + "targetUtilizationPercentage": "50"}, 10, {}, {"target_value": 5.0}),  # legacy key
        ({A + "target-utilization-percentage": "80", A + "targetUtilizationPercentage": "50"}, 10, {},
         {"target_value": 8.0}),  # the current key wins
        ({}, 0, {"container-concurrency-target-percentage": "80"}, {"target_value": 80.0}),
        ({}, 0, {"container-concurrency-target-percentage": "0.5"}, {"target_value": 50.0}),  # a fraction
        ({}, 0, {"container-concurrency-target-default": "20"}, {"target_value": 14.0, "total_value": 20.0}),
        ({A + "metric": "rps"}, 0, {"requests-per-second-target-default": "1000"}, {"target_value": 700.0}),
        ({A + "metric": "rps"}, 0, {"container-concurrency-target-percentage": "50"}, {"target_value": 140.0}),
        ({A + "target": "abc"}, 10, {}, {"target_value": 7.0, "total_value": 10.0}),  # unparsable: ignored
        # Windows: panic = stable × percentage, rounded to the second (halves up), at least 1 s.
        ({}, 0, {}, {"stable_window": 60.0, "panic_window": 6.0}),
        ({A + "window": "120s"}, 0, {}, {"stable_window": 120.0, "panic_window": 12.0}),
        ({A + "window": "2m30s"}, 0, {}, {"stable_window": 150.0, "panic_window": 15.0}),
        ({A + "window": "15s"}, 0, {}, {"panic_window": 2.0}),  # 1.5 s → 2 s
        ({A + "window": "25s"}, 0, {}, {"panic_window": 3.0}),  # 2.5 s → 3 s
        ({A + "window": "14s"}, 0, {}, {"panic_window": 1.0}),  # 1.4 s → 1 s
        ({A + "window": "6s"}, 0, {}, {"panic_window": 1.0}),  # 0.6 s → 1 s
        ({A + "window": "6s", A + "panic-window-percentage": "1"}, 0, {}, {"panic_window": 1.0}),  # ≥ 1 bucket
        ({A + "panic-window-percentage": "20"}, 0, {}, {"panic_window": 12.0}),
        ({A + "panicWindowPercentage": "50"}, 0, {}, {"panic_window": 30.0}),
        ({A + "window": "1h"}, 0, {}, {"stable_window": 3600.0, "panic_window": 360.0}),
        ({}, 0, {"stable-window": "30s"}, {"stable_window": 30.0, "panic_window": 3.0}),
        ({}, 0, {"stable-window": "30s", "panic-window-percentage": "50"}, {"panic_window": 15.0}),
        ({A + "stable-window": "30s"}, 0, {}, {"stable_window": 60.0}),  # only a ConfigMap key
        ({A + "window": "soon"}, 0, {}, {"stable_window": 60.0}),
        # Panic threshold, TBC, delay, activation, initial scale.
        ({A + "panic-threshold-percentage": "150"}, 0, {}, {"panic_threshold": 1.5}),
        ({A + "panicThresholdPercentage": "300"}, 0, {}, {"panic_threshold": 3.0}),
        ({}, 0, {"panic-threshold-percentage": "400"}, {"panic_threshold": 4.0}),
        ({A + "target-burst-capacity": "-1"}, 0, {}, {"target_burst_capacity": -1.0}),
        ({A + "targetBurstCapacity": "0"}, 0, {}, {"target_burst_capacity": 0.0}),
        ({}, 0, {"target-burst-capacity": "200"}, {"target_burst_capacity": 200.0}),
        ({A + "scale-down-delay": "1m"}, 0, {}, {"scale_down_delay": 60.0}),
        ({A + "scaleDownDelay": "15s"}, 0, {}, {"scale_down_delay": 15.0}),
        ({}, 0, {"scale-down-delay": "2m"}, {"scale_down_delay": 120.0}),
        ({A + "activation-scale": "3"}, 0, {}, {"activation_scale": 3}),
        ({A + "initial-scale": "3"}, 0, {}, {"initial_scale": 3}),
        ({A + "initialScale": "2"}, 0, {}, {"initial_scale": 2}),
        ({A + "initial-scale": "0"}, 0, {}, {"initial_scale": 1}),  # 0 not allowed by the cluster
        ({A + "initial-scale": "0"}, 0, {"allow-zero-initial-scale": "true"}, {"initial_scale": 0}),
        ({}, 0, {"initial-scale": "0", "allow-zero-initial-scale": "true"}, {"initial_scale": 0}),
        ({}, 0, {"max-scale-up-rate": "10", "max-scale-down-rate": "4", "activator-capacity": "50"},
         {"max_scale_up_rate": 10.0, "max_scale_down_rate": 4.0, "activator_capacity": 50.0}),
        ({A + "metric-aggregation-algorithm": "weightedExponential"}, 0, {},
         {"aggregation_algorithm": "weighted-exponential"}),
        ({}, 0, {}, {"aggregation_algorithm": "linear"}),
    ],
)
def test_spec_for(annotations: dict[str, str], cc: int, config: dict[str, str], want: dict[str, Any]) -> None:
    spec = spec_for(annotations, cc, parse_autoscaler(config))
    assert {k: getattr(spec, k) for k in want} == want


def test_reachability() -> None:
    assert spec_for({}, 0, AutoscalerConfig(), reachable=False).reachable is False
    pa = {
        "metadata": {"annotations": {A + "target": "10", A + "class": "kpa.autoscaling.knative.dev"}},
        "spec": {"containerConcurrency": 5, "reachability": "Unreachable"},
    }
    spec = spec_for_pa(pa, AutoscalerConfig())
    assert (spec.total_value, spec.target_value, spec.reachable) == (5.0, 3.5, False)
    assert spec_for_pa({"metadata": {}, "spec": {}}, AutoscalerConfig()) == DeciderSpec()
