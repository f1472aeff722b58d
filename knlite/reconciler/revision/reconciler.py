"""Revision → PodAutoscaler + running instances (``pkg/reconciler/revision``).

Knative turns a Revision into a Deployment (pods of the user container plus queue-proxy), a
PodAutoscaler that sets the Deployment's replicas, and status that tells users whether the
container can serve: ``ContainerHealthy`` (the image exists, the process does not crash),
``ResourcesAvailable`` (the initial scale was reached in time) and ``Active`` (copied from
the PodAutoscaler). knlite does the same with the process runtime in place of the
Deployment: the workload gets as many instances as the PodAutoscaler's ``desiredScale`` (the
initial scale until it has decided), and failures surface with Knative's reasons
(``ContainerMissing``, ``ExitCode1``, ``ProgressDeadlineExceeded``) and messages a user can
act on. The data plane learns the revision's limits and timeouts from a published
:class:`~knlite.serving.dataplane.RevisionConfig`.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable
from typing import Any

from knlite.apis import goduration
from knlite.apis.autoscaling import podautoscaler as pa_api
from knlite.apis.serving import keys
from knlite.apis.serving import revision as revision_api
from knlite.config.types import ConfigView
from knlite.reconciler.base import Key, Reconciler, Watch, owner_mapper
from knlite.reconciler.client import Client
from knlite.reconciler.revision import resources
from knlite.serving.dataplane import DataPlaneState, RevisionConfig, RevisionKey
from knlite.serving.runtime.images import ImageError, ImageStore
from knlite.serving.runtime.supervisor import Runtime

log = logging.getLogger(__name__)

Obj = dict[str, Any]
AUTOSCALING = "autoscaling.internal.knative.dev"


def initial_scale(rev: Obj, cfg: ConfigView) -> int:
    ann = rev["metadata"].get("annotations") or {}
    raw = ann.get("autoscaling.knative.dev/initial-scale", ann.get("autoscaling.knative.dev/initialScale"))
    try:
        scale = int(raw) if raw is not None else cfg.autoscaler.initial_scale
    except ValueError:
        scale = cfg.autoscaler.initial_scale
    return max(scale, 0)


def progress_deadline(rev: Obj, cfg: ConfigView) -> float:
    ann = rev["metadata"].get("annotations") or {}
    raw = ann.get("serving.knative.dev/progress-deadline")
    if raw:
        try:
            return goduration.parse(raw) / goduration.SECOND
        except goduration.DurationError:
            pass
    return cfg.deployment.progress_deadline / goduration.SECOND


class RevisionReconciler(Reconciler):
    name = "revision"
    configs = (("knative-serving", "config-deployment"),)

    def __init__(self, client: Client, config: Callable[[], ConfigView], runtime: Runtime, images: ImageStore,
                 state: DataPlaneState, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.client = client
        self.config = config
        self.runtime = runtime
        self.images = images
        self.state = state
        self.clock = clock
        self.revisions = client.rt(keys.GROUP, "Revision")
        self.pas = client.rt(AUTOSCALING, "PodAutoscaler")
        self.gk = self.revisions.group_kind
        self.watches = [Watch(self.pas.group_kind, owner_mapper("Revision", keys.GROUP))]

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.revisions)]

    def _lookup(self, kind: str, ns: str, name: str) -> Obj | None:
        return self.client.peek(self.client.rt("", kind), ns, name)

    def _cleanup(self, key: Key) -> None:
        from knlite.serving.runtime.spec import WorkloadKey

        self.runtime.remove(WorkloadKey("Revision", key.namespace, key.name))
        self.state.remove_revision(RevisionKey(key.namespace, key.name))

    def reconcile(self, key: Key) -> float | None:
        rev = self.client.peek(self.revisions, key.namespace, key.name)
        if rev is None or rev["metadata"].get("deletionTimestamp"):
            self._cleanup(key)
            return None
        cfg = self.config()
        status = copy.deepcopy(rev.get("status") or {})
        revision_api.initialize_conditions(status)
        status["observedGeneration"] = rev["metadata"].get("generation", 1)
        pa = self._reconcile_pa(rev)
        RevisionKey(key.namespace, key.name)
        spec = rev.get("spec") or {}
        requeue: float | None = None

        # images: a missing image is ContainerMissing, and nothing runs
        digests = []
        for c in spec.get("containers") or []:
            try:
                digests.append({"name": c.get("name", keys.USER_CONTAINER_NAME),
                                "imageDigest": self.images.resolve(c.get("image", "")).digest_ref})
            except ImageError as e:
                detail = getattr(e, "cause", str(e))
                revision_api.mark_container_healthy_false(status, "ContainerMissing",
                                                          revision_api.container_missing_message(c.get("image", ""),
                                                                                                 detail))
                self._publish(rev, "ContainerMissing", str(e))
                self._finish(rev, status, pa)
                return None
        status["containerStatuses"] = digests

        try:
            workload = resources.make_workload(rev, self._lookup)
        except resources.EnvError as e:
            revision_api.mark_resources_available_unknown(status, resources.EnvError.reason, str(e))
            self._publish(rev, resources.EnvError.reason, str(e))
            self._finish(rev, status, pa)
            return 5.0
        if self.runtime.known(workload.key):
            replicas = self.runtime.status(workload.key).desired  # the autoscaler owns the scale
        else:
            desired = (pa.get("status") or {}).get("desiredScale") if pa else None
            replicas = int(desired) if isinstance(desired, int) and desired >= 0 else initial_scale(rev, cfg)
        self.runtime.apply(workload, replicas)
        ws = self.runtime.status(workload.key)

        failure = ws.failure
        if pa is not None:
            revision_api.propagate_autoscaler_status(status, pa.get("status") or {})
        if failure is not None:
            if failure.reason.startswith("ExitCode") or failure.reason == "ContainerMissing":
                revision_api.mark_container_healthy_false(status, failure.reason, failure.message)
            else:
                revision_api.mark_resources_available_unknown(status, failure.reason, failure.message)
        initialized = pa is not None and pa_api.is_scale_target_initialized(pa.get("status") or {})
        if not initialized and ws.unavailable_since is not None:
            deadline = progress_deadline(rev, cfg)
            waited = self.clock() - ws.unavailable_since
            if waited >= deadline:
                revision_api.mark_resources_available_false(status, "ProgressDeadlineExceeded",
                                                            "Initial scale was never achieved")
            else:
                requeue = max(1.0, deadline - waited)
        failed = failure is not None and not initialized and ws.ready == 0
        self._publish(rev, failure.reason if failed and failure else "", failure.message if failed and failure else "")
        self._finish(rev, status, pa)
        return requeue

    def _publish(self, rev: Obj, reason: str, message: str) -> None:
        spec = rev.get("spec") or {}
        self.state.publish_revision(RevisionConfig(
            key=RevisionKey(rev["metadata"]["namespace"], rev["metadata"]["name"]),
            container_concurrency=revision_api.container_concurrency(spec),
            timeout_seconds=int(spec.get("timeoutSeconds") or 300),
            response_start_timeout_seconds=int(spec.get("responseStartTimeoutSeconds") or 0),
            idle_timeout_seconds=int(spec.get("idleTimeoutSeconds") or 0),
            protocol=revision_api.protocol(spec),
            failed_reason=reason,
            failed_message=message,
        ))

    def _finish(self, rev: Obj, status: Obj, pa: Obj | None) -> None:
        self.client.update_status(self.revisions, rev, status)

    def _reconcile_pa(self, rev: Obj) -> Obj | None:
        desired = resources.make_pa(rev)
        ns, name = rev["metadata"]["namespace"], rev["metadata"]["name"]
        existing = self.client.peek(self.pas, ns, name)
        if existing is None:
            return self.client.create(self.pas, desired)
        if existing.get("spec") == desired["spec"] and \
                (existing["metadata"].get("labels") or {}) == desired["metadata"]["labels"]:
            return existing
        new = copy.deepcopy(existing)
        new["spec"] = desired["spec"]
        new["metadata"]["labels"] = desired["metadata"]["labels"]
        return self.client.update(self.pas, new)
