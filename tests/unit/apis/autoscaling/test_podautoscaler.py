"""PodAutoscaler and Metric: defaulting, validation, annotation accessors, lifecycle."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.autoscaling import metric, podautoscaler
from knlite.config.types import AutoscalerConfig, ConfigView

Obj = dict[str, Any]
C_IDENT = ("a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric "
           "characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is "
           "'[A-Za-z_][A-Za-z0-9_]*')")


def pa(annotations: dict[str, str] | None = None, **spec: Any) -> Obj:
    return {"metadata": {"name": "hello-00001", "annotations": dict(annotations or {})},
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "hello-00001-deployment"},
                     "protocolType": "http1", **spec}}


@pytest.mark.parametrize(
    ("annotations", "config", "want"),
    [
        ({}, AutoscalerConfig(), {"autoscaling.knative.dev/class": "kpa.autoscaling.knative.dev",
                                  "autoscaling.knative.dev/metric": "concurrency"}),
        ({}, AutoscalerConfig(pod_autoscaler_class="hpa.autoscaling.knative.dev"),
         {"autoscaling.knative.dev/class": "hpa.autoscaling.knative.dev", "autoscaling.knative.dev/metric": "cpu"}),
        ({"autoscaling.knative.dev/class": "custom.dev"}, AutoscalerConfig(),
         {"autoscaling.knative.dev/class": "custom.dev", "autoscaling.knative.dev/metric": ""}),
        ({"autoscaling.knative.dev/metric": "rps"}, AutoscalerConfig(),
         {"autoscaling.knative.dev/class": "kpa.autoscaling.knative.dev", "autoscaling.knative.dev/metric": "rps"}),
    ],
)
def test_defaults(annotations: dict[str, str], config: AutoscalerConfig, want: dict[str, str]) -> None:
    obj = pa(annotations)
    podautoscaler.default(obj, None, StaticContext(config=ConfigView(autoscaler=config)))
    assert obj["metadata"]["annotations"] == want


@pytest.mark.parametrize(
    ("obj", "want"),
    [
        (pa(), ""),
        ({"metadata": {"name": "hello-00001"}, "spec": {}}, "missing field(s): spec"),
        (pa(protocolType="http2"), "invalid value: http2: spec.protocolType"),
        (pa(containerConcurrency=1001), "expected 0 <= 1001 <= 1000: spec.containerConcurrency"),
        (pa(scaleTargetRef={"apiVersion": "apps/v1", "kind": "Deploy-ment", "name": "x"}),
         f"invalid value: {C_IDENT}: spec.scaleTargetRef.kind"),
        (pa(scaleTargetRef={"kind": "Deployment", "name": "x", "namespace": "y"}),
         "missing field(s): spec.scaleTargetRef.apiVersion\nmust not set the field(s): spec.scaleTargetRef.namespace"),
        (pa({"autoscaling.knative.dev/window": "1s"}),
         "expected 6s <= 1s <= 1h0m0s: metadata.annotations.autoscaling.knative.dev/window"),
    ],
)
def test_validate(obj: Obj, want: str) -> None:
    assert str(podautoscaler.validate(obj, None, StaticContext())) == want


@pytest.mark.parametrize(
    ("annotations", "reachability", "config", "want"),
    [
        ({}, "", AutoscalerConfig(), (0, 0)),
        ({}, "", AutoscalerConfig(min_scale=1, max_scale=5), (1, 5)),
        ({"autoscaling.knative.dev/min-scale": "2", "autoscaling.knative.dev/maxScale": "4"}, "",
         AutoscalerConfig(), (2, 4)),
        ({"autoscaling.knative.dev/min-scale": "2"}, "Unreachable", AutoscalerConfig(), (0, 0)),
        ({"autoscaling.knative.dev/min-scale": "x"}, "", AutoscalerConfig(min_scale=1), (1, 0)),
    ],
)
def test_scale_bounds(annotations: dict[str, str], reachability: str, config: AutoscalerConfig,
                      want: tuple[int, int]) -> None:
    assert podautoscaler.scale_bounds(pa(annotations, reachability=reachability), config) == want


def test_accessors() -> None:
    obj = pa({"autoscaling.knative.dev/target-utilization-percentage": "70", "autoscaling.knative.dev/window": "2m",
              "autoscaling.knative.dev/target": "x"})
    assert podautoscaler.target_utilization(obj) == 0.7
    assert podautoscaler.annotation_duration(obj, podautoscaler.ann.WINDOW) == 120 * 10**9
    assert podautoscaler.annotation_float(obj, podautoscaler.ann.TARGET) is None
    assert podautoscaler.pa_class(obj) == "kpa.autoscaling.knative.dev"
    assert podautoscaler.pa_metric(obj) == "concurrency"


def test_lifecycle() -> None:
    status: Obj = {}
    podautoscaler.initialize_conditions(status)
    assert [c["type"] for c in status["conditions"]] == ["Active", "Ready", "SKSReady", "ScaleTargetInitialized"]
    podautoscaler.mark_activating(status, "Queued", "Requests to the target are being buffered as resources are "
                                  "provisioned.")
    assert podautoscaler.is_activating(status)
    podautoscaler.mark_active(status)
    podautoscaler.mark_sks_ready(status)
    podautoscaler.mark_scale_target_initialized(status)
    assert podautoscaler.is_active(status) and podautoscaler.is_scale_target_initialized(status)
    assert {c["type"]: c["status"] for c in status["conditions"]}["Ready"] == "True"
    assert podautoscaler.active_condition_age(status, "True") >= 0
    assert podautoscaler.active_condition_age(status, "False") == -1
    podautoscaler.mark_resource_not_owned(status, "ServerlessService", "hello-00001")
    ready = next(c for c in status["conditions"] if c["type"] == "Ready")
    assert ready["message"] == 'There is an existing ServerlessService "hello-00001" that we do not own.'


def test_metric() -> None:
    assert str(metric.validate({"metadata": {"name": "m"}, "spec": {}}, None, StaticContext())) == (
        "missing field(s): spec")
    obj = {"metadata": {"name": "m", "annotations": {"autoscaling.knative.dev/metricAggregationAlgorithm":
                                                     "weightedExponential"}},
           "spec": {"stableWindow": 60 * 10**9, "panicWindow": 6 * 10**9, "scrapeTarget": "m-private"}}
    assert not metric.validate(obj, None, StaticContext())
    assert metric.aggregation_algorithm(obj) == "weighted-exponential"
    status: Obj = {}
    metric.initialize_conditions(status)
    metric.mark_metric_failed(status, "Boom", "scrape failed")
    assert status["conditions"] == [{"type": "Ready", "status": "False", "reason": "Boom", "message": "scrape failed",
                                     "lastTransitionTime": status["conditions"][0]["lastTransitionTime"]}]
