"""Metric (autoscaling.internal.knative.dev/v1alpha1): what the KPA collects for a Revision.

The KPA reconciler creates one Metric per PodAutoscaler, naming the windows over which
concurrency or request rate is averaged and the private service to scrape (an empty target
means "do not scrape", e.g. while scaled to zero). Its ``Ready`` says whether collection works.
"""

from __future__ import annotations

from typing import Any

from knlite.apis import columns
from knlite.apis.autoscaling import annotation as ann
from knlite.apis.conditions import ConditionSet
from knlite.apis.fielderrors import FieldError, err_missing_field
from knlite.apis.registry import AdmissionContext, ResourceType
from knlite.apis.schema import duck_status, integer, kind_schema, obj, string
from knlite.apis.serving.keys import WEBHOOK
from knlite.apis.serving.lifecycle import initialize
from knlite.apis.serving.metadata import meta, semantic_equal, validate_object_metadata

Obj = dict[str, Any]

SCHEMA = kind_schema(
    obj(
        {
            "stableWindow": integer("StableWindow is the aggregation window for metrics in a stable state "
                                    "(nanoseconds)."),
            "panicWindow": integer("PanicWindow is the aggregation window for metrics where quick reactions "
                                   "are needed (nanoseconds)."),
            "scrapeTarget": string("ScrapeTarget is the K8s service that publishes the metric endpoint."),
        },
        "MetricSpec contains all values a metric collector needs to operate.",
        required=["panicWindow", "scrapeTarget", "stableWindow"],
    ),
    duck_status(description="MetricStatus reflects the status of metric collection for this specific entity."),
    "Metric represents a resource to configure the metric collector with.",
)


def validate(obj: Obj, old: Obj | None, ctx: AdmissionContext) -> FieldError:
    errs = validate_object_metadata(meta(obj), ctx, allow_autoscaling=True).via_field("metadata")
    if semantic_equal(obj.get("spec") or {}, {}):
        errs = errs.also(err_missing_field("spec"))
    return errs


CONDITIONS = ConditionSet("Ready")


def initialize_conditions(status: Obj) -> None:
    initialize(CONDITIONS, status)


def mark_metric_ready(status: Obj) -> None:
    CONDITIONS.manage(status).mark_true("Ready")


def mark_metric_not_ready(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_unknown("Ready", reason, message)


def mark_metric_failed(status: Obj, reason: str, message: str) -> None:
    CONDITIONS.manage(status).mark_false("Ready", reason, message)


def aggregation_algorithm(metric: Obj) -> str:
    """``linear`` or ``weighted-exponential`` (the camelCase spelling normalized), "" when unset."""
    value = ann.METRIC_AGGREGATION_ALGORITHM.value(meta(metric).get("annotations"))
    return ann.ALGORITHM_WEIGHTED_EXPONENTIAL if value == ann.ALGORITHM_WEIGHTED_EXPONENTIAL_ALT else value


def resource_type() -> ResourceType:
    return ResourceType(
        group=ann.INTERNAL_GROUP, versions=("v1alpha1",), kind="Metric", plural="metrics",
        categories=("knative-internal", "autoscaling"), schema=SCHEMA,
        columns=columns.ready_reason(), validator=validate, webhook=WEBHOOK,
        description=SCHEMA["description"],
    )
