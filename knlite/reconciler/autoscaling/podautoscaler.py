"""PodAutoscaler status and scale (``pkg/reconciler/autoscaling/kpa``).

The PodAutoscaler decides how many instances a revision runs (``status.desiredScale``) and
reports how many are ready (``actualScale``). Its ``Active`` and ``ScaleTargetInitialized``
conditions drive the Revision's readiness: a revision is ready once its initial scale (the
``initial-scale`` annotation or config-autoscaler's ``initial-scale``, at least ``min-scale``)
has been reached. The scale decision itself is delegated to a :class:`ScaleDecider`; the
default one holds the initial scale, and the autoscaler replaces it with Knative's KPA.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, Protocol

from knlite.apis.autoscaling import podautoscaler as pa_api
from knlite.config.types import ConfigView
from knlite.reconciler.base import Key, Reconciler
from knlite.reconciler.client import Client
from knlite.reconciler.revision.reconciler import initial_scale
from knlite.serving.runtime.spec import WorkloadKey
from knlite.serving.runtime.supervisor import Runtime

Obj = dict[str, Any]
GROUP = "autoscaling.internal.knative.dev"


class ScaleDecider(Protocol):
    def desired(self, pa: Obj, ready: int, bounds: tuple[int, int], initial: int, initialized: bool) -> tuple[int, float | None]:
        """The desired scale and when to look again (seconds), or None."""


class HoldInitialScale:
    """Without an autoscaler: keep the initial scale (never below min-scale, never above max-scale)."""

    def desired(self, pa: Obj, ready: int, bounds: tuple[int, int], initial: int,
                initialized: bool) -> tuple[int, float | None]:
        lo, hi = bounds
        want = max(initial, lo)
        if hi > 0:
            want = min(want, hi)
        return want, None


class PodAutoscalerReconciler(Reconciler):
    name = "podautoscaler"
    configs = (("knative-serving", "config-autoscaler"),)

    def __init__(self, client: Client, config: Callable[[], ConfigView], runtime: Runtime,
                 decider: ScaleDecider | None = None) -> None:
        super().__init__()
        self.client = client
        self.config = config
        self.runtime = runtime
        self.decider = decider or HoldInitialScale()
        self.pas = client.rt(GROUP, "PodAutoscaler")
        self.gk = self.pas.group_kind

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.pas)]

    def reconcile(self, key: Key) -> float | None:
        pa = self.client.peek(self.pas, key.namespace, key.name)
        if pa is None or pa["metadata"].get("deletionTimestamp"):
            return None
        cfg = self.config()
        status = copy.deepcopy(pa.get("status") or {})
        pa_api.initialize_conditions(status)
        status["observedGeneration"] = pa["metadata"].get("generation", 1)
        ready = self.runtime.status(WorkloadKey("Revision", key.namespace, key.name)).ready
        bounds = pa_api.scale_bounds(pa, cfg.autoscaler)
        initial = initial_scale(pa, cfg)
        initialized = pa_api.is_scale_target_initialized(status)
        want, again = self.decider.desired(pa, ready, bounds, initial, initialized)
        status["desiredScale"] = want
        status["actualScale"] = ready
        status["serviceName"] = key.name
        status["metricsServiceName"] = f"{key.name}-private"
        pa_api.mark_sks_ready(status)
        lo = bounds[0]
        min_ready = max(lo, initial) if not initialized else max(lo, 1)
        if ready >= min_ready and min_ready > 0:
            pa_api.mark_scale_target_initialized(status)
        if want == 0 or min_ready == 0:
            if min_ready == 0 and initial == 0 and not initialized:
                pa_api.mark_scale_target_initialized(status)
            pa_api.mark_inactive(status, "NoTraffic", "The target is not receiving traffic.")
        elif ready < min_ready:
            pa_api.mark_activating(status, "Queued",
                                   "Requests to the target are being buffered as resources are provisioned.")
        else:
            pa_api.mark_active(status)
        self.client.update_status(self.pas, pa, status)
        return again
