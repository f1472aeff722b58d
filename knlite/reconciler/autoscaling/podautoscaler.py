"""PodAutoscaler → scale and status (``pkg/reconciler/autoscaling/kpa``, ``.../hpa``).

The PodAutoscaler decides how many instances a revision runs and reports it
(``status.desiredScale`` / ``actualScale``, conditions ``Active``, ``ScaleTargetInitialized``,
``SKSReady``), which the Revision mirrors. Per class:

* ``kpa.autoscaling.knative.dev`` (default): the decider's number from the autoscaler
  service, clamped to min/max scale (initial scale until first reached), then Knative's
  scale-to-zero sequence (stable window of idleness, grace period, pod retention period,
  activation timeout) decides whether to apply it now or later;
* ``hpa.autoscaling.knative.dev``: CPU or memory of the instances against the target, as
  Kubernetes' HPA, never below one instance;
* any other class: left alone at its initial scale, as Knative leaves it to another controller.

Writing the scale means resizing the runtime workload — Knative writes the Deployment's
``spec.replicas``. A Metric object (``autoscaling.internal.knative.dev``) is kept for every
KPA, as Knative's KPA reconciler keeps one.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from knlite.apis import goduration, kmeta
from knlite.apis.autoscaling import annotation as ann
from knlite.apis.autoscaling import podautoscaler as pa_api
from knlite.apis.serving import lifecycle
from knlite.config.types import ConfigView
from knlite.reconciler.base import Key, Reconciler, Watch, owner_mapper
from knlite.reconciler.client import Client
from knlite.reconciler.revision.reconciler import initial_scale
from knlite.serving.autoscaler import hpa as hpa_mod
from knlite.serving.autoscaler import scaler
from knlite.serving.autoscaler.service import AutoscalerService
from knlite.serving.dataplane import RevisionKey
from knlite.serving.runtime.spec import WorkloadKey
from knlite.serving.runtime.supervisor import Runtime

Obj = dict[str, Any]
GROUP = "autoscaling.internal.knative.dev"
KPA = "kpa.autoscaling.knative.dev"
HPA = "hpa.autoscaling.knative.dev"
HPA_PERIOD = 5.0  # seconds between HPA evaluations (Kubernetes: 15 s)


@dataclass
class _Proxy:
    """When the activator (the gateway's holding path) became the way in for a revision."""

    since: dict[Key, float] = field(default_factory=dict)

    def duration(self, key: Key, in_path: bool, now: float) -> float:
        if not in_path:
            self.since.pop(key, None)
            return 0.0
        return now - self.since.setdefault(key, now)


class PodAutoscalerReconciler(Reconciler):
    name = "podautoscaler"
    configs = (("knative-serving", "config-autoscaler"), ("knative-serving", "config-deployment"))

    def __init__(self, client: Client, config: Callable[[], ConfigView], runtime: Runtime,
                 autoscaler: AutoscalerService | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.client = client
        self.config = config
        self.runtime = runtime
        self.autoscaler = autoscaler
        self.clock = clock
        self.pas = client.rt(GROUP, "PodAutoscaler")
        self.metrics = client.rt(GROUP, "Metric")
        self.gk = self.pas.group_kind
        self.watches = [Watch(self.metrics.group_kind, owner_mapper("PodAutoscaler", GROUP))]
        self._proxy = _Proxy()
        self._hpa_state: dict[Key, hpa_mod.HPAState] = {}
        self._hpa_last: dict[Key, tuple[float, int]] = {}
        self._sampler = hpa_mod.ProcessSampler(clock)

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.pas)]

    def _forget(self, key: Key) -> None:
        if self.autoscaler is not None:
            self.autoscaler.forget(RevisionKey(key.namespace, key.name))
        self._hpa_state.pop(key, None)
        self._hpa_last.pop(key, None)
        self._proxy.since.pop(key, None)

    def reconcile(self, key: Key) -> float | None:
        pa = self.client.peek(self.pas, key.namespace, key.name)
        if pa is None or pa["metadata"].get("deletionTimestamp"):
            self._forget(key)
            return None
        cfg = self.config()
        status = copy.deepcopy(pa.get("status") or {})
        pa_api.initialize_conditions(status)
        status["observedGeneration"] = pa["metadata"].get("generation", 1)
        wkey = WorkloadKey("Revision", key.namespace, key.name)
        ready = self.runtime.status(wkey).ready
        cls = pa_api.pa_class(pa)
        lo, hi = pa_api.scale_bounds(pa, cfg.autoscaler)
        initial = initial_scale(pa, cfg)
        initialized = pa_api.is_scale_target_initialized(status)
        requeue: float | None = None
        if cls == KPA and self.autoscaler is not None:
            want, requeue = self._kpa(key, pa, status, ready, cfg, (lo, hi), initial, initialized)
            self._reconcile_metric(pa, cfg)
        elif cls == HPA:
            want, requeue = self._hpa(key, pa, ready, cfg, (lo, hi))
        else:
            want = max(initial, lo) if not hi else min(max(initial, lo), hi)
        if want >= 0:
            status["desiredScale"] = want
        status["actualScale"] = ready
        status["serviceName"] = key.name
        status["metricsServiceName"] = f"{key.name}-private"
        pa_api.mark_sks_ready(status)
        need = scaler.min_ready(lo, initial, initialized)
        if ready >= need:
            pa_api.mark_scale_target_initialized(status)
        current = (lifecycle.condition(status, pa_api.ACTIVE) or {}).get("status", "Unknown")
        nxt = scaler.next_active_state(want, ready, need, current)
        if nxt is not None:
            state, reason = nxt
            if state == scaler.ACTIVE:
                pa_api.mark_active(status)
            elif state == scaler.ACTIVATING:
                pa_api.mark_activating(status, reason,
                                       "Requests to the target are being buffered as resources are provisioned.")
            else:
                message = ("The target could not be activated." if reason == scaler.REASON_TIMED_OUT
                           else "The target is not receiving traffic.")
                pa_api.mark_inactive(status, reason, message)
        self.client.update_status(self.pas, pa, status)
        return requeue

    # -- KPA ---------------------------------------------------------------------------------
    def _kpa(self, key: Key, pa: Obj, status: Obj, ready: int, cfg: ConfigView, bounds: tuple[int, int],
             initial: int, initialized: bool) -> tuple[int, float | None]:
        assert self.autoscaler is not None
        rkey = RevisionKey(key.namespace, key.name)
        decision = self.autoscaler.watch(rkey, pa, cfg.autoscaler)
        want = decision.desired_scale
        active = (lifecycle.condition(status, pa_api.ACTIVE) or {}).get("status", "Unknown")
        if want < 0 and active != scaler.ACTIVATING:
            return -1, None
        reachable = (pa.get("spec") or {}).get("reachability") != pa_api.UNREACHABLE
        bounded = scaler.apply_bounds(want, bounds[0], bounds[1], initial, initialized, reachable)
        annotations = pa["metadata"].get("annotations") or {}
        stz = scaler.ScaleToZero.for_annotations(annotations, cfg.autoscaler, cfg.deployment)
        in_path = scaler.activator_in_path(decision.excess_burst_capacity, stz.target_burst_capacity, bounded, ready)
        now = self.clock()
        state_for = pa_api.active_condition_age(status, active)
        result = stz.decide(bounded, active, max(0.0, state_for), self._proxy.duration(key, in_path, now),
                            activator_in_path=True, proxying=in_path)
        wkey = WorkloadKey("Revision", key.namespace, key.name)
        if result.apply and result.want >= 0:
            self.runtime.scale(wkey, result.want)
        return result.want, result.recheck_after

    def _reconcile_metric(self, pa: Obj, cfg: ConfigView) -> None:
        assert self.autoscaler is not None
        spec = self.autoscaler.spec(RevisionKey(pa["metadata"]["namespace"], pa["metadata"]["name"]))
        if spec is None:
            return
        desired = {
            # time.Duration fields: JSON integers of nanoseconds
            "stableWindow": int(spec.stable_window * goduration.SECOND),
            "panicWindow": int(spec.panic_window * goduration.SECOND),
            "scrapeTarget": "" if spec.target_burst_capacity == -1 else f"{pa['metadata']['name']}-private",
        }
        ns, name = pa["metadata"]["namespace"], pa["metadata"]["name"]
        existing = self.client.peek(self.metrics, ns, name)
        if existing is None:
            metric = {"apiVersion": f"{GROUP}/v1alpha1", "kind": "Metric",
                      "metadata": {"name": name, "namespace": ns, "labels": dict(pa["metadata"].get("labels") or {}),
                                   "annotations": dict(pa["metadata"].get("annotations") or {}),
                                   "ownerReferences": [kmeta.owner_reference(pa)]},
                      "spec": desired}
            created = self.client.create(self.metrics, metric)
            self._metric_status(created)
        elif existing.get("spec") != desired:
            new = copy.deepcopy(existing)
            new["spec"] = desired
            self._metric_status(self.client.update(self.metrics, new))
        elif not lifecycle.is_ready(existing):
            self._metric_status(existing)

    def _metric_status(self, metric: Obj) -> None:
        status = copy.deepcopy(metric.get("status") or {})
        status["observedGeneration"] = metric["metadata"].get("generation", 1)
        status["conditions"] = [{"type": "Ready", "status": "True",
                                 "lastTransitionTime": metric["metadata"].get("creationTimestamp", "")}]
        self.client.update_status(self.metrics, metric, status)

    # -- HPA ---------------------------------------------------------------------------------
    def _hpa(self, key: Key, pa: Obj, ready: int, cfg: ConfigView, bounds: tuple[int, int]) -> tuple[int, float]:
        wkey = WorkloadKey("Revision", key.namespace, key.name)
        metric = pa_api.pa_metric(pa)
        target = pa_api.annotation_float(pa, ann.TARGET)
        window = pa_api.annotation_duration(pa, ann.WINDOW)
        spec = hpa_mod.HPASpec(
            metric=metric if metric in ("cpu", "memory") else "cpu",
            target=target if target is not None else hpa_mod.DEFAULT_CPU_UTILIZATION,
            min_replicas=max(1, bounds[0]), max_replicas=bounds[1],
            stabilization=window / goduration.SECOND if window else hpa_mod.DEFAULT_STABILIZATION)
        now = self.clock()
        last = self._hpa_last.get(key)
        if last is not None and now - last[0] < HPA_PERIOD:  # the HPA evaluates once per sync period
            return last[1], HPA_PERIOD - (now - last[0])
        ws = self.runtime.status(wkey)
        current = max(ws.desired, 1)
        pids = [c.pid for i in ws.instances if i.ready for c in i.containers if c.pid and not c.virtual]
        usage: float | None = None
        if spec.metric == "cpu":
            request = self._cpu_request(pa, key)
            samples = self._sampler.cpu_millicores(pids)
            if request and samples:
                usage = sum(samples) / len(samples) / request * 100.0
        else:
            samples = self._sampler.memory_bytes(pids)
            if samples:
                usage = sum(samples) / len(samples) / (1 << 20)
        state = self._hpa_state.setdefault(key, hpa_mod.HPAState())
        want = hpa_mod.decide(spec, current, usage, state, now) if ready else max(current, spec.min_replicas)
        self.runtime.scale(wkey, want)
        self._hpa_last[key] = (now, want)
        return want, HPA_PERIOD

    def _cpu_request(self, pa: Obj, key: Key) -> float | None:
        rev = self.client.peek(self.client.rt("serving.knative.dev", "Revision"), key.namespace, key.name)
        total = 0.0
        for c in ((rev or {}).get("spec") or {}).get("containers") or []:
            request = ((c.get("resources") or {}).get("requests") or {}).get("cpu")
            if request is not None:
                from knlite.apis import quantity

                total += quantity.millis(request)
        return total or None
