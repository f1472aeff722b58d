"""Knative's internal autoscaling kinds (PodAutoscaler, Metric) and the autoscaling annotations.

:mod:`.annotation` is also what the autoscaler uses to read and check per-revision
settings; :func:`register` adds the two kinds to the API's registry.
"""

from __future__ import annotations

from knlite.apis.registry import Registry


def register(reg: Registry) -> None:
    from knlite.apis.autoscaling import metric, podautoscaler

    for module in (podautoscaler, metric):
        reg.register(module.resource_type())
