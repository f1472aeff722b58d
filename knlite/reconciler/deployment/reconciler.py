"""Deployment → pods in the process runtime, and the Deployment's status (the kube-controller-manager's part).

knlite has no ReplicaSets: the reconciler hands the pod template to the runtime, which keeps
``spec.replicas`` pods running and rolls them when the template changes. Status follows the
deployment controller: replica counts, ``Available`` (``MinimumReplicasAvailable`` /
``MinimumReplicasUnavailable``) and ``Progressing`` (``NewReplicaSetAvailable``,
``ReplicaSetUpdated``, ``ProgressDeadlineExceeded`` after ``progressDeadlineSeconds``), with
the messages kubectl users know.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from knlite.apis.conditions import rfc3339
from knlite.reconciler.base import Key, Reconciler
from knlite.reconciler.client import Client
from knlite.reconciler.deployment import resources
from knlite.reconciler.revision.resources import EnvError
from knlite.serving.runtime.spec import WorkloadKey
from knlite.serving.runtime.supervisor import Runtime

Obj = dict[str, Any]


def set_condition(status: Obj, type_: str, value: str, reason: str, message: str, now: str) -> None:
    """Set a Deployment condition; ``lastTransitionTime`` moves only when the status changes."""
    conditions = status.setdefault("conditions", [])
    for c in conditions:
        if c.get("type") == type_:
            if c.get("status") != value:
                c["lastTransitionTime"] = now
                c["lastUpdateTime"] = now
            elif c.get("reason") != reason or c.get("message") != message:
                c["lastUpdateTime"] = now
            c.update(status=value, reason=reason, message=message)
            return
    conditions.append(
        {
            "type": type_,
            "status": value,
            "lastUpdateTime": now,
            "lastTransitionTime": now,
            "reason": reason,
            "message": message,
        }
    )


class DeploymentReconciler(Reconciler):
    name = "deployment"

    def __init__(self, client: Client, runtime: Runtime, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.client = client
        self.runtime = runtime
        self.clock = clock
        self.deployments = client.rt("apps", "Deployment")
        self.gk = self.deployments.group_kind
        self.watches = []

    def all_keys(self) -> list[Key]:
        return [
            Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.deployments)
        ]

    def _lookup(self, kind: str, ns: str, name: str) -> Obj | None:
        return self.client.peek(self.client.rt("", kind), ns, name)

    def reconcile(self, key: Key) -> float | None:
        deploy = self.client.peek(self.deployments, key.namespace, key.name)
        if deploy is None or deploy["metadata"].get("deletionTimestamp"):
            self.runtime.remove(WorkloadKey(resources.KIND, key.namespace, key.name))
            return None
        spec = deploy.get("spec") or {}
        status = copy.deepcopy(deploy.get("status") or {})
        status["observedGeneration"] = deploy["metadata"].get("generation", 1)
        now = rfc3339(datetime.fromtimestamp(self.clock(), UTC))
        rs = resources.replica_set_name(deploy)
        try:
            workload = resources.make_workload(deploy, self._lookup)
        except EnvError as e:
            set_condition(status, "ReplicaFailure", "True", "FailedCreate", str(e), now)
            self.client.update_status(self.deployments, deploy, status)
            return 5.0
        status["conditions"] = [
            c for c in status.get("conditions") or [] if c.get("type") != "ReplicaFailure"
        ]
        desired = int(spec.get("replicas", 1))
        self.runtime.apply(workload, desired)
        ws = self.runtime.status(workload.key)
        live = [i for i in ws.instances if not i.terminating]
        status.update(
            replicas=len(live), updatedReplicas=ws.updated, readyReplicas=ws.ready, availableReplicas=ws.ready
        )
        for k in ("replicas", "updatedReplicas", "readyReplicas", "availableReplicas"):
            if not status[k]:
                del status[k]  # omitempty, as the API server writes them
        unavailable = max(0, desired - ws.ready)
        if unavailable:
            status["unavailableReplicas"] = unavailable
        else:
            status.pop("unavailableReplicas", None)
        if ws.ready >= desired:
            set_condition(
                status,
                "Available",
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.",
                now,
            )
        else:
            set_condition(
                status,
                "Available",
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.",
                now,
            )
        requeue: float | None = None
        if ws.updated_ready >= desired and len(live) == ws.updated:
            set_condition(
                status,
                "Progressing",
                "True",
                "NewReplicaSetAvailable",
                f'ReplicaSet "{rs}" has successfully progressed.',
                now,
            )
        else:
            deadline = float(spec.get("progressDeadlineSeconds", 600))
            waited = self.clock() - (ws.unavailable_since or self.clock())
            if ws.unavailable_since is not None and waited >= deadline:
                set_condition(
                    status,
                    "Progressing",
                    "False",
                    "ProgressDeadlineExceeded",
                    f'ReplicaSet "{rs}" has timed out progressing.',
                    now,
                )
            else:
                set_condition(
                    status,
                    "Progressing",
                    "True",
                    "ReplicaSetUpdated",
                    f'ReplicaSet "{rs}" is progressing.',
                    now,
                )
                requeue = max(1.0, deadline - waited)
        status["conditions"].sort(
            key=lambda c: ("Available", "Progressing", "ReplicaFailure").index(c["type"])
        )
        self.client.update_status(self.deployments, deploy, status)
        return requeue
