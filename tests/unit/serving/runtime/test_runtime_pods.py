"""Rendering an instance as a core/v1 Pod."""

from __future__ import annotations

import random

from knlite.serving.runtime.pods import build_pod, random_suffix
from knlite.serving.runtime.spec import ContainerSpec, WorkloadKey, WorkloadSpec
from knlite.serving.runtime.status import RUNNING, WAITING, ContainerStatus, InstanceStatus, Terminated

SPEC = WorkloadSpec(
    key=WorkloadKey("Revision", "default", "hello-00001"),
    containers=(ContainerSpec("user-container", "ikubernetes/helloworld-go", port=8080, memory_limit_bytes=128 << 20,
                              cpu_limit_millis=500, env_field_refs=(("POD", "metadata.name"),)),),
    pod_name_prefix="hello-00001-deployment-5ddb97ff7",
    labels={"serving.knative.dev/revision": "hello-00001", "app": "hello-00001"},
    annotations={"autoscaling.knative.dev/target": "10"},
    owner_references=({"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "x", "uid": "u", "controller": True},),
    virtual_containers=("queue-proxy",),
)


def _inst(user: ContainerStatus, ready: bool, phase: str = "Running") -> InstanceStatus:
    qp = ContainerStatus("queue-proxy", "knlite/queue-proxy", "", ready, True, 0, RUNNING, started_at=1.0, virtual=True)
    return InstanceStatus(pod_name="hello-00001-deployment-5ddb97ff7-abcde", uid="uid-1", namespace="default",
                          port=20001, ready=ready, ready_changed_at=2.0, created_at=1.0, phase=phase, current=True,
                          terminating=False, containers=(user, qp))


def test_running_pod() -> None:
    user = ContainerStatus("user-container", "ikubernetes/helloworld-go", "index.docker.io/x@sha256:1", True, True, 0,
                           RUNNING, started_at=1.5, pid=4242)
    pod = build_pod(SPEC, _inst(user, True), node_name="knlite")
    meta, spec, status = pod["metadata"], pod["spec"], pod["status"]
    assert meta["name"] == "hello-00001-deployment-5ddb97ff7-abcde"
    assert meta["generateName"] == "hello-00001-deployment-5ddb97ff7-"
    assert meta["labels"] == SPEC.labels
    assert meta["annotations"] == {"autoscaling.knative.dev/target": "10"}  # no default-container: see pods.py
    assert meta["ownerReferences"][0]["kind"] == "ReplicaSet"
    assert [c["name"] for c in spec["containers"]] == ["user-container", "queue-proxy"]
    uc = spec["containers"][0]
    assert uc["ports"] == [{"name": "user-port", "containerPort": 20001, "protocol": "TCP"}]
    assert uc["resources"] == {"limits": {"cpu": "500m", "memory": "128Mi"}}
    assert {"name": "POD", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}} in uc["env"]
    assert spec["nodeName"] == "knlite" and spec["restartPolicy"] == "Always"
    assert status["phase"] == "Running" and status["podIP"] == "127.0.0.1"
    assert {c["type"]: c["status"] for c in status["conditions"]} == {
        "Initialized": "True", "Ready": "True", "ContainersReady": "True", "PodScheduled": "True"}
    cs = {c["name"]: c for c in status["containerStatuses"]}
    assert [c["name"] for c in status["containerStatuses"]] == ["queue-proxy", "user-container"]
    assert cs["user-container"]["state"] == {"running": {"startedAt": "1970-01-01T00:00:01Z"}}
    assert cs["user-container"]["containerID"] == "knlite://4242"
    assert cs["user-container"]["ready"] is True and cs["user-container"]["started"] is True
    assert status["qosClass"] == "Burstable"


def test_crash_looping_pod() -> None:
    last = Terminated(1, "Error", "boom", 3.0, 4.0)
    user = ContainerStatus("user-container", "img", "", False, False, 3, WAITING, reason="CrashLoopBackOff",
                           message="back-off 20s restarting failed container", last_terminated=last)
    status = build_pod(SPEC, _inst(user, False), node_name="n")["status"]
    ready = next(c for c in status["conditions"] if c["type"] == "Ready")
    assert ready["status"] == "False" and ready["reason"] == "ContainersNotReady"
    assert ready["message"] == "containers with unready status: [queue-proxy user-container]"
    cs = {c["name"]: c for c in status["containerStatuses"]}["user-container"]
    assert cs["state"] == {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 20s restarting failed container"}}
    assert cs["lastState"]["terminated"]["exitCode"] == 1
    assert cs["lastState"]["terminated"]["message"] == "boom"
    assert cs["restartCount"] == 3


def test_pending_pod_image_pull() -> None:
    user = ContainerStatus("user-container", "nope", "", False, False, 0, WAITING, reason="ErrImagePull",
                           message="Unable to fetch image")
    status = build_pod(SPEC, _inst(user, False, "Pending"), node_name="n")["status"]
    assert status["phase"] == "Pending"
    cs = {c["name"]: c for c in status["containerStatuses"]}["user-container"]
    assert cs["state"]["waiting"]["reason"] == "ErrImagePull"


def test_random_suffix() -> None:
    s = random_suffix(rnd=random.Random(1))
    assert len(s) == 5 and all(ch in "bcdfghjklmnpqrstvwxz2456789" for ch in s)
