"""What the runtime reports: per-container, per-instance and per-workload status snapshots.

These mirror the kubelet's view (``containerStatuses`` with ``state``/``lastState``, restart
counts, readiness) because that is what Knative's revision reconciler reads to decide a
Revision's ``ContainerHealthy`` and ``ResourcesAvailable`` conditions. Snapshots are
immutable; the runtime builds new ones on every change, and the Pod objects are rendered
from them (:mod:`knlite.serving.runtime.pods`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from knlite.serving.runtime.spec import WorkloadKey

WAITING = "waiting"
RUNNING = "running"
TERMINATED = "terminated"


@dataclass(frozen=True)
class Terminated:
    exit_code: int
    reason: str  # "Error" | "Completed" | "OOMKilled" | "StartError"
    message: str  # the log tail on error (terminationMessagePolicy FallbackToLogsOnError)
    started_at: float | None  # wall clock
    finished_at: float


@dataclass(frozen=True)
class ContainerStatus:
    name: str
    image: str
    image_id: str  # "docker.io/x@sha256:..." once resolved
    ready: bool
    started: bool
    restart_count: int
    state: str  # WAITING | RUNNING | TERMINATED
    reason: str = ""  # waiting: ContainerCreating | ErrImagePull | ImagePullBackOff | CrashLoopBackOff
    message: str = ""
    started_at: float | None = None  # running since (wall clock)
    terminated: Terminated | None = None  # when state is TERMINATED
    last_terminated: Terminated | None = None  # lastState.terminated
    pid: int | None = None
    virtual: bool = False  # shown in the Pod only (queue-proxy)


class Failure(NamedTuple):
    """Why a workload cannot become ready, phrased for a Knative Revision condition
    (a pair: ``reason, message = status.failure``)."""

    reason: str  # "ContainerMissing" | "ExitCode1" | "ImagePullBackOff" | ...
    message: str


@dataclass(frozen=True)
class InstanceStatus:
    pod_name: str
    uid: str
    namespace: str
    port: int | None  # the serving container's PORT
    ready: bool
    ready_changed_at: float  # wall clock of the last readiness transition (or creation)
    created_at: float
    phase: str  # Pending | Running | Succeeded | Failed
    current: bool  # runs the workload's current spec (False while being rolled away)
    terminating: bool
    containers: tuple[ContainerStatus, ...]
    probe_message: str = ""  # the last readiness probe failure, e.g. "HTTP probe failed with statuscode: 503"

    @property
    def restarts(self) -> int:
        return sum(c.restart_count for c in self.containers)

    def _last(self) -> Terminated | None:
        ts = [t for c in self.containers for t in (c.terminated or c.last_terminated,) if t is not None]
        return max(ts, key=lambda t: t.finished_at) if ts else None

    @property
    def last_exit_code(self) -> int | None:
        t = self._last()
        return t.exit_code if t else None

    @property
    def last_log_lines(self) -> str:
        t = self._last()
        return t.message if t else ""


@dataclass(frozen=True)
class WorkloadStatus:
    key: WorkloadKey
    desired: int
    ready: int  # ready instances of any spec (what serves traffic)
    updated: int  # instances running the current spec
    updated_ready: int
    instances: tuple[InstanceStatus, ...]
    failure: Failure | None  # set while instances of the current spec fail
    applied_at: float  # wall clock when the current spec was first applied
    # wall clock since which fewer than ``desired`` current-spec instances have been ready
    # (None when the desired count is reached): a reconciler's progress deadline counts from here.
    unavailable_since: float | None


class PodSink(Protocol):
    """Where the runtime publishes the core/v1 Pod objects of its instances (the store)."""

    def upsert(self, pod: dict[str, Any]) -> None: ...

    def delete(self, namespace: str, name: str) -> None: ...
