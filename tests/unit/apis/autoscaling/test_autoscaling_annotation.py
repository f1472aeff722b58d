"""§2.5 autoscaling annotations: :func:`validate_annotations` with Knative's exact messages."""

from __future__ import annotations

import copy

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.autoscaling.annotation import parse_float, parse_int, validate_annotations
from knlite.apis.fielderrors import Level
from knlite.apis.serving import service
from knlite.config.types import AutoscalerConfig

A = "autoscaling.knative.dev/"
HPA = "hpa.autoscaling.knative.dev"
KPA = "kpa.autoscaling.knative.dev"


@pytest.mark.parametrize(
    ("annotations", "config", "want"),
    [
        ({}, AutoscalerConfig(), ""),
        # class
        ({A + "class": "unsupported.knative.dev"}, AutoscalerConfig(),
         "invalid value: unsupported.knative.dev: autoscaling.knative.dev/class"),
        ({A + "class": "custom.example.com"}, AutoscalerConfig(), ""),
        ({A + "class": HPA, A + "metric": "cpu"}, AutoscalerConfig(), ""),
        # min / max scale
        ({A + "min-scale": "-1"}, AutoscalerConfig(), "expected 0 <= -1 <= 2147483647: autoscaling.knative.dev/min-scale"),
        ({A + "min-scale": "foo"}, AutoscalerConfig(), "invalid value: foo: autoscaling.knative.dev/min-scale"),
        ({A + "min-scale": "1 "}, AutoscalerConfig(), "invalid value: 1 : autoscaling.knative.dev/min-scale"),
        ({A + "min-scale": "3000000000"}, AutoscalerConfig(),
         "expected 0 <= 3000000000 <= 2147483647: autoscaling.knative.dev/min-scale"),
        ({A + "minScale": "-2"}, AutoscalerConfig(), "expected 0 <= -2 <= 2147483647: autoscaling.knative.dev/minScale"),
        ({A + "max-scale": "-1"}, AutoscalerConfig(), "expected 0 <= -1 <= 2147483647: autoscaling.knative.dev/max-scale"),
        ({A + "min-scale": "5", A + "max-scale": "2"}, AutoscalerConfig(),
         "max-scale=2 is less than min-scale=5: autoscaling.knative.dev/max-scale, autoscaling.knative.dev/min-scale"),
        ({A + "minScale": "5", A + "maxScale": "2"}, AutoscalerConfig(),
         "max-scale=2 is less than min-scale=5: autoscaling.knative.dev/max-scale, autoscaling.knative.dev/min-scale"),
        ({A + "min-scale": "5", A + "max-scale": "0"}, AutoscalerConfig(), ""),
        ({A + "max-scale": "11"}, AutoscalerConfig(max_scale_limit=10),
         "expected 1 <= 11 <= 10: autoscaling.knative.dev/max-scale"),
        ({A + "max-scale": "0"}, AutoscalerConfig(max_scale_limit=10),
         "max-scale=0 (unlimited), must be less than 10: autoscaling.knative.dev/max-scale"),
        ({A + "max-scale": "10"}, AutoscalerConfig(max_scale_limit=10), ""),
        # activation scale
        ({A + "activation-scale": "2"}, AutoscalerConfig(), ""),
        ({A + "activation-scale": "x"}, AutoscalerConfig(), "invalid value: x: autoscaling.knative.dev/activation-scale"),
        ({A + "min-scale": "3", A + "activation-scale": "2"}, AutoscalerConfig(),
         "min-scale=3 is greater than activation-scale=2: autoscaling.knative.dev/activation-scale"),
        ({A + "max-scale": "1", A + "activation-scale": "2"}, AutoscalerConfig(),
         "max-scale=1 is less than activation-scale=2: autoscaling.knative.dev/activation-scale"),
        ({A + "activation-scale": "1"}, AutoscalerConfig(),
         "activation-scale=1 must be greater than 1: autoscaling.knative.dev/activation-scale"),
        # initial scale
        ({A + "initial-scale": "0"}, AutoscalerConfig(),
         "invalid value: 0: autoscaling.knative.dev/initial-scale=0 not allowed by cluster"),
        ({A + "initial-scale": "0"}, AutoscalerConfig(allow_zero_initial_scale=True), ""),
        ({A + "initial-scale": "-1"}, AutoscalerConfig(),
         "invalid value: -1: autoscaling.knative.dev/initial-scale must be greater than 0"),
        ({A + "initialScale": "x"}, AutoscalerConfig(), "invalid value: x: autoscaling.knative.dev/initialScale"),
        # floats
        ({A + "target": "0"}, AutoscalerConfig(), "target 0 should be at least 0.01: autoscaling.knative.dev/target"),
        ({A + "target": "0.001"}, AutoscalerConfig(),
         "target 0.001 should be at least 0.01: autoscaling.knative.dev/target"),
        ({A + "target": "ten"}, AutoscalerConfig(), "invalid value: ten: autoscaling.knative.dev/target"),
        ({A + "target": "10"}, AutoscalerConfig(), ""),
        ({A + "target-utilization-percentage": "101"}, AutoscalerConfig(),
         "expected 1 <= 101 <= 100: autoscaling.knative.dev/target-utilization-percentage"),
        ({A + "targetUtilizationPercentage": "0.5"}, AutoscalerConfig(),
         "expected 1 <= 0.5 <= 100: autoscaling.knative.dev/targetUtilizationPercentage"),
        ({A + "target-burst-capacity": "-11"}, AutoscalerConfig(),
         "invalid value: -11: autoscaling.knative.dev/target-burst-capacity"),
        ({A + "target-burst-capacity": "-1"}, AutoscalerConfig(), ""),
        ({A + "target-burst-capacity": "0"}, AutoscalerConfig(), ""),
        ({A + "targetBurstCapacity": "x"}, AutoscalerConfig(), "invalid value: x: autoscaling.knative.dev/targetBurstCapacity"),
        ({A + "panic-window-percentage": "202"}, AutoscalerConfig(),
         "expected 1 <= 202 <= 100: autoscaling.knative.dev/panic-window-percentage"),
        ({A + "panic-window-percentage": "nope"}, AutoscalerConfig(),
         "invalid value: nope: autoscaling.knative.dev/panic-window-percentage"),
        ({A + "panic-threshold-percentage": "109"}, AutoscalerConfig(),
         "expected 110 <= 109 <= 1000: autoscaling.knative.dev/panic-threshold-percentage"),
        ({A + "panicThresholdPercentage": "1001"}, AutoscalerConfig(),
         "expected 110 <= 1001 <= 1000: autoscaling.knative.dev/panicThresholdPercentage"),
        # durations
        ({A + "window": "1s"}, AutoscalerConfig(), "expected 6s <= 1s <= 1h0m0s: autoscaling.knative.dev/window"),
        ({A + "window": "2h"}, AutoscalerConfig(), "expected 6s <= 2h <= 1h0m0s: autoscaling.knative.dev/window"),
        ({A + "window": "6500ms"}, AutoscalerConfig(),
         "must be specified with at most second precision: autoscaling.knative.dev/window"),
        ({A + "window": "60"}, AutoscalerConfig(), "invalid value: 60: autoscaling.knative.dev/window"),
        ({A + "window": "1m"}, AutoscalerConfig(), ""),
        ({A + "scale-down-delay": "311m"}, AutoscalerConfig(),
         "expected 0s <= 311m <= 1h0m0s: autoscaling.knative.dev/scale-down-delay"),
        ({A + "scale-down-delay": "-1s"}, AutoscalerConfig(),
         "expected 0s <= -1s <= 1h0m0s: autoscaling.knative.dev/scale-down-delay"),
        ({A + "scaleDownDelay": "1.5s"}, AutoscalerConfig(),
         "must be specified with at most second precision: autoscaling.knative.dev/scaleDownDelay"),
        ({A + "scale-down-delay": "1m"}, AutoscalerConfig(), ""),
        ({A + "scale-to-zero-pod-retention-period": "-42s"}, AutoscalerConfig(),
         "expected 0s <= -42s <= 1h0m0s: autoscaling.knative.dev/scale-to-zero-pod-retention-period"),
        ({A + "scale-to-zero-pod-retention-period": "1m5s"}, AutoscalerConfig(), ""),
        ({A + "scaleToZeroPodRetentionPeriod": "x"}, AutoscalerConfig(),
         "invalid value: x: autoscaling.knative.dev/scaleToZeroPodRetentionPeriod"),
        # metric and algorithm
        ({A + "metric": "cpu"}, AutoscalerConfig(), "invalid value: cpu: autoscaling.knative.dev/metric"),
        ({A + "metric": "rps"}, AutoscalerConfig(), ""),
        ({A + "metric": "concurrency", A + "class": KPA}, AutoscalerConfig(), ""),
        ({A + "metric": ""}, AutoscalerConfig(pod_autoscaler_class=HPA), "invalid value: : autoscaling.knative.dev/metric"),
        ({A + "metric": "memory"}, AutoscalerConfig(pod_autoscaler_class=HPA), ""),
        ({A + "metric": "anything", A + "class": "custom.example.com"}, AutoscalerConfig(), ""),
        ({A + "class": KPA, A + "metric-aggregation-algorithm": "random-selection"}, AutoscalerConfig(),
         "invalid value: random-selection: autoscaling.knative.dev/metric-aggregation-algorithm"),
        ({A + "class": KPA, A + "metricAggregationAlgorithm": "weightedExponential"}, AutoscalerConfig(), ""),
        # only an explicit KPA class has its algorithm checked
        ({A + "metric-aggregation-algorithm": "random-selection"}, AutoscalerConfig(), ""),
        # several errors are sorted by message
        ({A + "min-scale": "x", A + "window": "1s"}, AutoscalerConfig(),
         "expected 6s <= 1s <= 1h0m0s: autoscaling.knative.dev/window\n"
         "invalid value: x: autoscaling.knative.dev/min-scale"),
    ],
)
def test_validate_annotations(annotations: dict[str, str], config: AutoscalerConfig, want: str) -> None:
    assert str(validate_annotations(annotations, config)) == want


def test_service_template_prefix() -> None:
    ctx = StaticContext()
    obj = {"metadata": {"name": "hello"}, "spec": {"template": {
        "metadata": {"annotations": {A + "min-scale": "-1"}}, "spec": {"containers": [{"image": "x/y"}]}}}}
    obj = copy.deepcopy(obj)
    service.default(obj, None, ctx)
    assert str(service.validate(obj, None, ctx).filter(Level.ERROR)) == (
        "expected 0 <= -1 <= 2147483647: spec.template.metadata.annotations.autoscaling.knative.dev/min-scale")


@pytest.mark.parametrize(
    ("text", "bits", "ok"),
    [("1", 32, True), ("+1", 32, True), ("-1", 32, True), ("1_0", 32, False), (" 1", 32, False), ("", 32, False),
     ("2147483648", 32, False), ("2147483648", 64, True), ("0x10", 64, False)],
)
def test_parse_int(text: str, bits: int, ok: bool) -> None:
    if ok:
        assert parse_int(text, bits) == int(text)
    else:
        with pytest.raises(ValueError):
            parse_int(text, bits)


@pytest.mark.parametrize(("text", "ok"), [("1.5", True), (".5", True), ("1e3", True), ("Inf", True),
                                         ("1_0", False), (" 1", False), ("abc", False), ("", False)])
def test_parse_float(text: str, ok: bool) -> None:
    if ok:
        assert parse_float(text) == float(text)
    else:
        with pytest.raises(ValueError):
            parse_float(text)
