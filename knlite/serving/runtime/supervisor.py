"""The process runtime: keeps each workload's instances running, as a kubelet and a ReplicaSet would.

Reconcilers state what they want — ``apply(spec, replicas)`` — and the runtime converges,
level-triggered: missing instances are started, extra ones stopped (unready and newest
first), and a changed spec rolls (instances of the new spec start first; old ones stop as
new ones become ready, so a spec that never gets ready leaves the old ones serving).

An instance is a Pod: one process group per container, a free loopback port as ``PORT``
for the serving container, its own directory for logs, and a core/v1 Pod object published
through a :class:`PodSink` on every state change. Each container loops: resolve the image
(``ErrImagePull``/``ImagePullBackOff`` with back-off while it is missing), start the
process, probe it (readiness, liveness, startup), and on exit record the termination and
restart it with the kubelet's back-off (``CrashLoopBackOff``). Ready instances of Revision
workloads are published to :class:`Endpoints` the moment they pass readiness, and taken
out before their processes are signalled; everything else reads :meth:`Runtime.instances`.

Nothing here blocks the loop for long: process starts are a fork/exec, exits arrive
through pidfds, and status snapshots are built on demand. ``stop()`` terminates every
process group it started (SIGTERM, SIGKILL after the grace period); processes left by a
daemon that died are recognised from their pid files at ``start()`` and killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import shlex
import shutil
import signal
import socket
import tempfile
import time
import uuid
from collections.abc import AsyncGenerator, Callable
from pathlib import Path
from typing import Any

from knlite.serving.dataplane import Endpoints, Instance, RevisionKey
from knlite.serving.runtime import logs as logfiles
from knlite.serving.runtime import process as proc_mod
from knlite.serving.runtime.backoff import BackoffPolicy, CrashBackoff
from knlite.serving.runtime.images import STANDARD_PATH, ImageConfig, ImageError, ImageStore, InvalidImageName
from knlite.serving.runtime.pods import HOST_IP, build_pod, random_suffix
from knlite.serving.runtime.probes import Check, Prober, ProbeResult, http_check, tcp_check
from knlite.serving.runtime.spec import ContainerSpec, ProbeSpec, WorkloadKey, WorkloadSpec
from knlite.serving.runtime.status import (
    RUNNING,
    TERMINATED,
    WAITING,
    ContainerStatus,
    Failure,
    InstanceStatus,
    PodSink,
    Terminated,
    WorkloadStatus,
)
from knlite.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_READINESS = ProbeSpec("tcp", period_seconds=0)  # Knative's default: TCP, aggressive
HOUSEKEEPING_PERIOD = 1.0
PULL_BACKOFF_CAP = 30.0
RESTART_POLICIES = ("Always", "OnFailure", "Never")


class LogsError(Exception):
    """A log request that cannot be answered; ``message`` is the kubelet's wording."""

    def __init__(self, message: str, code: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class PortAllocator:
    """Free loopback ports for instances, below the kernel's ephemeral range so that an
    outgoing connection can never take a port between allocation and the app's bind."""

    def __init__(self, low: int = 20000, high: int = 32767) -> None:
        try:
            ephemeral_low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            ephemeral_low = 32768
        self.low, self.high = low, min(high, ephemeral_low - 1)
        # a random start keeps two daemons (or test runs) on one machine from racing for the same ports
        self._next = random.randint(self.low, self.high) if self.high > self.low else self.low
        self._used: set[int] = set()

    def allocate(self) -> int:
        for _ in range(max(0, self.high - self.low + 1)):
            port = self._next
            self._next = self.low if port >= self.high else port + 1
            if port not in self._used and _bindable(port):
                self._used.add(port)
                return port
        with socket.socket() as s:  # the range is exhausted or unusable: let the kernel pick
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        self._used.add(port)
        return port

    def available(self, port: int) -> bool:
        return _bindable(port)

    def release(self, port: int | None) -> None:
        if port is not None:
            self._used.discard(port)


def _bindable(port: int) -> bool:
    """Whether an app could listen on the port now (with SO_REUSEADDR, as servers do, so that
    connections in TIME_WAIT from a previous run do not count)."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class _Container:
    def __init__(self, inst: _Instance, spec: ContainerSpec, policy: BackoffPolicy,
                 clock: Callable[[], float]) -> None:
        self.inst = inst
        self.spec = spec
        self.name = spec.name
        self.restart_count = 0
        self.state = WAITING
        self.reason = "ContainerCreating"
        self.message = ""
        self.started_at: float | None = None
        self.terminated: Terminated | None = None
        self.last_terminated: Terminated | None = None
        self.ready = False
        self.started = False
        self.image: ImageConfig | None = None
        self.image_error: ImageError | None = None
        self.process: proc_mod.Process | None = None
        self.cgroup: Path | None = None
        self.crash_backoff = CrashBackoff(policy, clock)
        # a "pull" is a look into the local store: retry at most every PULL_BACKOFF_CAP seconds, so
        # an image built after the workload was applied is picked up soon
        self.pull_backoff = CrashBackoff(BackoffPolicy(policy.base, min(policy.cap, PULL_BACKOFF_CAP),
                                                       policy.reset_after), clock)
        self.logs: list[logfiles.LogFile] = []  # [previous, current]
        self.readiness: Prober | None = None
        self.oom_killed = False
        self.task: asyncio.Task[None] | None = None
        self.probe_task: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def snapshot(self) -> ContainerStatus:
        image_id = self.image.digest_ref if self.image is not None else ""
        return ContainerStatus(
            name=self.name, image=self.spec.image, image_id=image_id, ready=self.ready, started=self.started,
            restart_count=self.restart_count, state=self.state,
            reason=self.reason if self.state == WAITING else "", message=self.message if self.state == WAITING else "",
            started_at=self.started_at if self.state == RUNNING else None,
            terminated=self.terminated if self.state == TERMINATED else None,
            last_terminated=self.last_terminated, pid=self.pid)


class _Instance:
    def __init__(self, workload: _Workload, generation: int, pod_name: str, port: int | None, directory: Path,
                 created_at: float, policy: BackoffPolicy, clock: Callable[[], float]) -> None:
        self.workload = workload
        self.spec = workload.spec
        self.generation = generation
        self.pod_name = pod_name
        self.uid = str(uuid.uuid4())
        self.port = port
        self.dir = directory
        self.created_at = created_at
        self.containers = [_Container(self, c, policy, clock) for c in self.spec.containers]
        self.ready = False
        self.ready_changed_at = created_at
        self.stopping = False
        self.published: dict[str, Any] | None = None

    @property
    def namespace(self) -> str:
        return self.spec.key.namespace


class _Workload:
    def __init__(self, spec: WorkloadSpec, replicas: int, restart_policy: str, now: float) -> None:
        self.key = spec.key
        self.spec = spec
        self.generation = 1
        self.replicas = replicas
        self.restart_policy = restart_policy
        self.instances: list[_Instance] = []
        self.applied_at = now
        self.unavailable_since: float | None = now if replicas > 0 else None
        self.published_endpoints: tuple[Instance, ...] = ()


class Runtime:
    """Runs workloads as local processes. See the module docstring."""

    def __init__(self, images: ImageStore, run_dir: Path, *, endpoints: Endpoints | None = None,
                 pods: PodSink | None = None, internal_port: int | None = None,
                 backoff: BackoffPolicy | None = None, node_name: str = "knlite",
                 drain_seconds: float = 0.5, stop_grace_cap: float = 10.0,
                 clock: Callable[[], float] = time.monotonic, wall: Callable[[], float] = time.time) -> None:
        self.images = images
        self.pods_dir = run_dir / "pods"
        self.endpoints = endpoints
        self.pod_sink = pods
        self.internal_port = internal_port
        self.backoff = backoff or BackoffPolicy()
        self.node_name = node_name
        self.drain_seconds = drain_seconds
        self.stop_grace_cap = stop_grace_cap
        self.clock = clock
        self.wall = wall
        self.ports = PortAllocator()
        self._workloads: dict[WorkloadKey, _Workload] = {}
        self._pods: dict[tuple[str, str], _Instance] = {}
        self._processes: set[proc_mod.Process] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._stopping: set[asyncio.Task[None]] = set()
        self._subscribers: list[Callable[[WorkloadKey], None]] = []
        self._dirty: dict[WorkloadKey, _Workload] = {}
        self._dirty_instances: set[_Instance] = set()
        self._flush_handle: asyncio.Handle | None = None
        self._housekeeping: asyncio.Task[None] | None = None
        self._cgroups: proc_mod.CpuCgroups | bool | None = False  # False = not probed yet
        self._closing = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> Runtime:
        """``Runtime.from_settings(settings, endpoints=..., pods=...)`` with the daemon's directories."""
        return cls(ImageStore(settings.images_dir), settings.run_dir, internal_port=settings.internal_port, **kwargs)

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.pods_dir.mkdir(parents=True, exist_ok=True)
        self._reap_leftovers()
        self._housekeeping = self._loop.create_task(self._housekeep(), name="runtime housekeeping")

    async def stop(self) -> None:
        """Stop every instance (grace capped at ``stop_grace_cap``) and make sure no process survives."""
        self._closing.set()
        if self._housekeeping is not None:
            self._housekeeping.cancel()
        for w in list(self._workloads.values()):
            for inst in list(w.instances):
                if not inst.stopping:
                    self._stop_instance(inst)
        self._workloads.clear()
        if self._stopping:
            await asyncio.wait(set(self._stopping), timeout=self.stop_grace_cap + 2)
        for p in list(self._processes):
            p.signal_group(signal.SIGKILL)
        for p in list(self._processes):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(p.wait(), 5)
        leftover = [t for t in [*self._tasks, *self._stopping, self._housekeeping] if t is not None]
        for t in leftover:
            t.cancel()
        if leftover:
            await asyncio.wait(leftover, timeout=5)
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        return self._loop

    # -- desired state -----------------------------------------------------------------------
    def apply(self, spec: WorkloadSpec, replicas: int, *, restart_policy: str = "Always") -> None:
        """Run ``replicas`` instances of ``spec`` (idempotent; a changed spec rolls)."""
        if restart_policy not in RESTART_POLICIES:
            raise ValueError(f"restartPolicy must be one of {RESTART_POLICIES}")
        if self._closing.is_set():
            return
        replicas = max(0, replicas)
        now = self.wall()
        w = self._workloads.get(spec.key)
        if w is None:
            w = self._workloads[spec.key] = _Workload(spec, replicas, restart_policy, now)
        else:
            if spec == w.spec and restart_policy == w.restart_policy and replicas == w.replicas:
                return  # nothing to do; telling subscribers would make reconcilers loop
            if spec != w.spec or restart_policy != w.restart_policy:
                w.spec = spec
                w.restart_policy = restart_policy
                w.generation += 1
                w.applied_at = now
                w.unavailable_since = now if replicas > 0 else None
            w.replicas = replicas
        self._sync(w)
        self._changed(w)

    def scale(self, key: WorkloadKey, replicas: int) -> bool:
        """Change the instance count of a known workload (the autoscaler's write to
        ``spec.replicas``); False when the workload is unknown."""
        w = self._workloads.get(key)
        if w is None or self._closing.is_set():
            return False
        replicas = max(0, replicas)
        if replicas != w.replicas:
            if w.replicas == 0 and replicas > 0:
                w.unavailable_since = self.wall()
            w.replicas = replicas
            self._sync(w)
            self._changed(w)
        return True

    def known(self, key: WorkloadKey) -> bool:
        return key in self._workloads

    def remove(self, key: WorkloadKey) -> None:
        """Stop and forget every instance of ``key`` (returns at once; processes stop in the background)."""
        w = self._workloads.pop(key, None)
        if w is None:
            return
        for inst in list(w.instances):
            if not inst.stopping:
                self._stop_instance(inst)
        if self.endpoints is not None and key.kind == "Revision":
            self.endpoints.set(RevisionKey(key.namespace, key.name), ())
        self._changed(w)

    async def wait_stopped(self, key: WorkloadKey | None = None) -> None:
        """Wait until instances being stopped (of ``key``, or all) are gone."""
        pending = [t for t in self._stopping if key is None or t.get_name().startswith(f"stop {key} ")]
        if pending:
            await asyncio.wait(pending)

    # -- reading -----------------------------------------------------------------------------
    def workloads(self) -> list[WorkloadKey]:
        return list(self._workloads)

    def spec(self, key: WorkloadKey) -> WorkloadSpec | None:
        """The spec last applied to a workload (``None`` when unknown)."""
        w = self._workloads.get(key)
        return w.spec if w is not None else None

    def instances(self, key: WorkloadKey) -> tuple[Instance, ...]:
        """Ready instances of any workload (Revisions also go to Endpoints)."""
        w = self._workloads.get(key)
        if w is None:
            return ()
        return tuple(Instance(i.pod_name, HOST_IP, i.port) for i in w.instances
                     if i.ready and not i.stopping and i.port is not None)

    def status(self, key: WorkloadKey) -> WorkloadStatus:
        """The workload's status; an unknown (or removed) workload reads as zero desired, zero ready."""
        w = self._workloads.get(key)
        if w is None:
            return WorkloadStatus(key=key, desired=0, ready=0, updated=0, updated_ready=0, instances=(),
                                  failure=None, applied_at=0.0, unavailable_since=None)
        instances = tuple(self._instance_status(i) for i in w.instances)
        updated = [i for i in w.instances if i.generation == w.generation and not i.stopping]
        return WorkloadStatus(
            key=key, desired=w.replicas, ready=sum(1 for i in instances if i.ready),
            updated=len(updated), updated_ready=sum(1 for i in updated if i.ready), instances=instances,
            failure=self._failure(w), applied_at=w.applied_at, unavailable_since=w.unavailable_since)

    def subscribe(self, callback: Callable[[WorkloadKey], None]) -> Callable[[], None]:
        """Call ``callback(key)`` after any change of a workload's status; returns an unsubscribe."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._subscribers.remove(callback)

        return unsubscribe

    def pod(self, namespace: str, name: str) -> dict[str, Any] | None:
        """The Pod object of a running instance, as last published."""
        inst = self._pods.get((namespace, name))
        if inst is None:
            return None
        return build_pod(inst.spec, self._instance_status(inst), node_name=self.node_name,
                         restart_policy=inst.workload.restart_policy)

    # -- instances ---------------------------------------------------------------------------
    def _sync(self, w: _Workload) -> None:
        if self._closing.is_set() or self._workloads.get(w.key) is not w:
            return
        live = [i for i in w.instances if not i.stopping]
        current = [i for i in live if i.generation == w.generation]
        old = [i for i in live if i.generation != w.generation]
        if len(current) < w.replicas:
            for _ in range(w.replicas - len(current)):
                self._start_instance(w)
        elif len(current) > w.replicas:
            # unready first, then the newest, as a ReplicaSet scales down
            victims = sorted(current, key=lambda i: (i.ready, -i.created_at))[: len(current) - w.replicas]
            for inst in victims:
                self._stop_instance(inst)
        # rolling: an old instance goes as soon as a new one is ready to take its place
        current_ready = sum(1 for i in w.instances if i.generation == w.generation and not i.stopping and i.ready)
        keep = max(0, w.replicas - current_ready)
        old_ready = [i for i in old if i.ready]
        for inst in [i for i in old if not i.ready] + old_ready[keep:]:
            self._stop_instance(inst)

    def _start_instance(self, w: _Workload) -> _Instance:
        spec = w.spec
        while True:
            pod_name = f"{spec.pod_name_prefix}-{random_suffix()}"
            if (spec.key.namespace, pod_name) not in self._pods:
                break
        port = self.ports.allocate() if any(c.serving for c in spec.containers) else None
        inst = _Instance(w, w.generation, pod_name, port, Path(), self.wall(), self.backoff, self.clock)
        inst.dir = self.pods_dir / f"{spec.key.namespace}_{pod_name}_{inst.uid}"
        inst.dir.mkdir(parents=True, exist_ok=True)
        w.instances.append(inst)
        self._pods[(spec.key.namespace, pod_name)] = inst
        for c in inst.containers:
            c.task = self._spawn_task(self._run_container(inst, c), f"container {pod_name}/{c.name}")
        log.debug("%s: started instance %s (port %s)", w.key, pod_name, port)
        self._changed(w, inst)
        return inst

    def _spawn_task(self, coro: Any, name: str) -> asyncio.Task[Any]:
        task = self.loop.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _stop_instance(self, inst: _Instance) -> asyncio.Task[None]:
        inst.stopping = True
        if inst.ready:
            inst.ready = False
            inst.ready_changed_at = self.wall()
        self._publish_endpoints(inst.workload)  # out of the endpoints before any signal
        self._changed(inst.workload, inst)
        task = self.loop.create_task(self._stop(inst), name=f"stop {inst.workload.key} {inst.pod_name}")
        self._stopping.add(task)
        task.add_done_callback(self._stopping.discard)
        return task

    async def _stop(self, inst: _Instance) -> None:
        w = inst.workload
        try:
            if self.drain_seconds > 0 and not self._closing.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._closing.wait(), self.drain_seconds)
            for c in inst.containers:
                if c.task is not None:
                    c.task.cancel()
                if c.probe_task is not None:
                    c.probe_task.cancel()
            grace = float(inst.spec.termination_grace_seconds)
            if self._closing.is_set():
                grace = min(grace, self.stop_grace_cap)
            procs = [c.process for c in inst.containers if c.process is not None and c.process.running]
            await asyncio.gather(*(p.terminate(grace) for p in procs), return_exceptions=True)
            for c in inst.containers:
                if c.task is not None:
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await c.task
                for lf in c.logs:
                    lf.finished = True
                proc_mod.remove_cgroup(c.cgroup)
        finally:
            self.ports.release(inst.port)
            with contextlib.suppress(ValueError):
                w.instances.remove(inst)
            if self._pods.get((inst.namespace, inst.pod_name)) is inst:
                del self._pods[(inst.namespace, inst.pod_name)]
            if self.pod_sink is not None and inst.published is not None:
                try:
                    self.pod_sink.delete(inst.namespace, inst.pod_name)
                except Exception:
                    log.exception("deleting pod %s/%s", inst.namespace, inst.pod_name)
            shutil.rmtree(inst.dir, ignore_errors=True)
            log.debug("%s: stopped instance %s", w.key, inst.pod_name)
            self._changed(w, inst)

    # -- one container ---------------------------------------------------------------------------
    async def _run_container(self, inst: _Instance, c: _Container) -> None:
        w = inst.workload
        while not inst.stopping:
            try:
                image = self.images.resolve(c.spec.image)
            except ImageError as e:
                await self._pull_failed(inst, c, e)
                continue
            c.image, c.image_error = image, None
            c.pull_backoff.reset()
            started = self.clock()
            try:
                term = await self._run_once(inst, c, image)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # a bug here must not leave the container dead without a trace
                log.exception("%s: container %s", inst.pod_name, c.name)
                term = Terminated(128, "StartError", f"knlite: {e}", None, self.wall())
            if inst.stopping:
                return
            c.state, c.terminated = TERMINATED, term
            restart = w.restart_policy == "Always" or (w.restart_policy == "OnFailure" and term.exit_code != 0)
            if not restart:
                self._changed(w, inst)
                return
            c.last_terminated = term
            delay = c.crash_backoff.failed(started)
            if delay > 0:
                c.state, c.reason = WAITING, "CrashLoopBackOff"
                c.message = (f"back-off {_go_duration(delay)} restarting failed container={c.name} "
                             f"pod={inst.pod_name}_{inst.namespace}({inst.uid})")
            self._changed(w, inst)
            await asyncio.sleep(delay)
            c.restart_count += 1

    async def _pull_failed(self, inst: _Instance, c: _Container, e: ImageError) -> None:
        c.image_error = e
        delay = c.pull_backoff.failed()
        c.state, c.reason, c.message = WAITING, e.reason, str(e)
        self._changed(inst.workload, inst)
        if delay > 0 and not isinstance(e, InvalidImageName):
            c.reason, c.message = "ImagePullBackOff", f'Back-off pulling image "{c.spec.image}"'
            self._changed(inst.workload, inst)
        await asyncio.sleep(delay)

    async def _run_once(self, inst: _Instance, c: _Container, image: ImageConfig) -> Terminated:
        if c.spec.serving and inst.port is not None and c.restart_count > 0 and not self.ports.available(inst.port):
            # something else took the port while the container was down: a new one, or it would crash forever
            old_port, inst.port = inst.port, self.ports.allocate()
            self.ports.release(old_port)
            log.info("%s: port %d is taken; the instance moves to %d", inst.pod_name, old_port, inst.port)
        started_at = self.wall()
        logfile = self._new_log(c, started_at)
        try:
            process = self._start_process(inst, c, image, logfile)
        except proc_mod.StartError as e:
            logfile.finish()
            return Terminated(128, "StartError", str(e), None, self.wall())
        c.process = process
        c.state, c.reason, c.message = RUNNING, "", ""
        c.started_at, c.terminated, c.oom_killed = started_at, None, False
        c.started = c.spec.startup is None
        self._changed(inst.workload, inst)
        c.probe_task = self._spawn_task(self._probe(inst, c, process), f"probe {inst.pod_name}/{c.name}")
        try:
            code = await process.wait()
        finally:
            c.probe_task.cancel()
            c.started = False
            self._set_container_ready(inst, c, False)
            if not process.running:  # (when cancelled by _stop, _stop finishes these after the kill)
                logfile.finish()
                proc_mod.remove_cgroup(c.cgroup)
                c.cgroup = None
        reason = "OOMKilled" if c.oom_killed else "Completed" if code == 0 else "Error"
        message = logfile.tail_text().rstrip() if code != 0 else ""
        return Terminated(code, reason, message, started_at, self.wall())

    def _new_log(self, c: _Container, started_at: float) -> logfiles.LogFile:
        d = c.inst.dir / c.name
        d.mkdir(parents=True, exist_ok=True)
        lf = logfiles.LogFile(d / f"{c.restart_count}.log", started_at)
        c.logs.append(lf)
        while len(c.logs) > 2:
            with contextlib.suppress(OSError):
                c.logs.pop(0).path.unlink()
        return lf

    def _start_process(self, inst: _Instance, c: _Container, image: ImageConfig,
                       logfile: logfiles.LogFile) -> proc_mod.Process:
        env = self._env(inst, c, image)
        cwd = self._workdir(inst, c, image)
        argv = proc_mod.command_line(image.entrypoint, image.cmd, c.spec.command, c.spec.args, env)
        exe = proc_mod.find_executable(argv[0], env.get("PATH", STANDARD_PATH), cwd)
        fd = os.open(logfile.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o640)
        try:
            process = proc_mod.spawn(argv, executable=exe, env=env, cwd=cwd, stdout=fd, loop=self.loop)
        finally:
            os.close(fd)
        self._track(process)
        limits = proc_mod.Limits(c.spec.memory_limit_bytes, c.spec.cpu_limit_millis)
        c.cgroup = proc_mod.apply_limits(process.pid, limits, self._cpu_cgroups() if limits.cpu_millis else None)
        ticks = proc_mod.start_ticks(process.pid)
        with contextlib.suppress(OSError):
            (inst.dir / f"{c.name}.pid").write_text(f"{process.pid} {ticks or ''}\n")
        log.debug("%s/%s: pid %d: %s", inst.pod_name, c.name, process.pid, shlex.join(argv))
        return process

    def _track(self, process: proc_mod.Process) -> None:
        self._processes.add(process)
        process.exited.add_done_callback(lambda _f: self._processes.discard(process))

    def _cpu_cgroups(self) -> proc_mod.CpuCgroups | None:
        if self._cgroups is False:
            self._cgroups = proc_mod.CpuCgroups.detect()
            if self._cgroups is None:
                log.info("cgroup v2 cpu controller not available to knlite: CPU limits are not enforced")
        return self._cgroups if isinstance(self._cgroups, proc_mod.CpuCgroups) else None

    def _env(self, inst: _Instance, c: _Container, image: ImageConfig | None) -> dict[str, str]:
        env = dict(image.env) if image is not None else {}
        env.setdefault("PATH", STANDARD_PATH)
        env.setdefault("HOME", os.environ.get("HOME", "/"))
        env["HOSTNAME"] = inst.pod_name
        if self.internal_port:
            proxy = f"http://127.0.0.1:{self.internal_port}"
            env.update(HTTP_PROXY=proxy, http_proxy=proxy, NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
        env.update(c.spec.env)
        spec = inst.spec
        values = {
            "metadata.name": inst.pod_name, "metadata.namespace": inst.namespace, "metadata.uid": inst.uid,
            "spec.nodeName": self.node_name, "spec.serviceAccountName": spec.service_account,
            "status.podIP": HOST_IP, "status.podIPs": HOST_IP, "status.hostIP": HOST_IP, "status.hostIPs": HOST_IP,
        }
        for name, path in c.spec.env_field_refs:
            env[name] = proc_mod.field_ref(path, values, spec.labels, spec.annotations)
        if c.spec.serving and inst.port is not None:
            env["PORT"] = str(inst.port)
        return env

    def _workdir(self, inst: _Instance, c: _Container, image: ImageConfig) -> Path:
        wd = c.spec.working_dir
        if not wd:
            return image.working_dir
        if not wd.startswith("/"):
            target = image.working_dir / wd
        else:
            in_image = image.root / wd.lstrip("/")
            if not image.builtin and in_image.is_dir():
                return in_image
            if Path(wd).is_dir():
                return Path(wd)
            target = inst.dir / "fs" / wd.lstrip("/")
        target.mkdir(parents=True, exist_ok=True)
        return target

    # -- probes ------------------------------------------------------------------------------
    async def _probe(self, inst: _Instance, c: _Container, process: proc_mod.Process) -> None:
        w = inst.workload
        spec = c.spec
        if spec.startup is not None:
            def on_startup(ok: bool, message: str) -> None:
                if not ok:
                    log.info("%s/%s: startup probe failed: %s; restarting", inst.pod_name, c.name, message)
                    self._kill_for_probe(inst, process)

            await Prober(spec.startup, self._check(inst, c, spec.startup), on_startup, initially=False,
                         stop_on_success=True).run()
            c.started = True
            self._changed(w, inst)
        probers: list[Prober] = []
        readiness = spec.readiness or (DEFAULT_READINESS if spec.serving and spec.probe_by_default
                                      and inst.port is not None else None)
        if readiness is None:
            self._set_container_ready(inst, c, True)
        else:
            c.readiness = Prober(readiness, self._check(inst, c, readiness),
                                 lambda ok, _msg: self._set_container_ready(inst, c, ok), initially=False)
            probers.append(c.readiness)
        if spec.liveness is not None:
            def on_liveness(ok: bool, message: str) -> None:
                if not ok:
                    log.info("%s/%s: liveness probe failed: %s; restarting", inst.pod_name, c.name, message)
                    self._kill_for_probe(inst, process)

            probers.append(Prober(spec.liveness, self._check(inst, c, spec.liveness), on_liveness, initially=True))
        if probers:
            await asyncio.gather(*(p.run() for p in probers))

    def _kill_for_probe(self, inst: _Instance, process: proc_mod.Process) -> None:
        self._spawn_task(process.terminate(float(inst.spec.termination_grace_seconds)), f"kill {inst.pod_name}")

    def _check(self, inst: _Instance, c: _Container, probe: ProbeSpec) -> Check:
        if probe.kind == "exec":
            return lambda timeout: self._exec_check(inst, c, probe.command, timeout)
        port = probe.port
        if (port is None or port == 0 or port == c.spec.port) and c.spec.serving and inst.port is not None:
            port = inst.port
        elif port is None:
            port = c.spec.port
        if port is None:
            async def no_port(_timeout: float) -> ProbeResult:
                return ProbeResult(False, "the probe has no port and the container is not serving")
            return no_port
        target = port
        host = probe.host or HOST_IP
        if probe.kind == "http":
            host_header = next((v for k, v in probe.headers if k.lower() == "host"), "")
            return lambda timeout: http_check(host, target, probe.path, timeout, scheme=probe.scheme,
                                              host_header=host_header, headers=probe.headers)
        return lambda timeout: tcp_check(host, target, timeout)  # tcp, and grpc as a connect check

    async def _exec_check(self, inst: _Instance, c: _Container, command: tuple[str, ...], timeout: float) -> ProbeResult:
        if not command or c.image is None:
            return ProbeResult(False, "exec probe without a command")
        env = self._env(inst, c, c.image)
        cwd = self._workdir(inst, c, c.image)
        with tempfile.TemporaryFile() as out:
            try:
                exe = proc_mod.find_executable(command[0], env.get("PATH", STANDARD_PATH), cwd)
                process = proc_mod.spawn(list(command), executable=exe, env=env, cwd=cwd, stdout=out.fileno(),
                                         loop=self.loop)
            except proc_mod.StartError as e:
                return ProbeResult(False, str(e))
            self._track(process)
            try:
                code = await asyncio.wait_for(process.wait(), timeout)
            except TimeoutError:
                process.signal_group(signal.SIGKILL)
                return ProbeResult(False, f"command {shlex.join(command)!r} timed out")
            except asyncio.CancelledError:
                process.signal_group(signal.SIGKILL)
                raise
            out.seek(0)
            output = out.read(1024).decode("utf-8", "replace").strip()
        if code == 0:
            return ProbeResult(True)
        return ProbeResult(False, output or f"command {shlex.join(command)!r} exited with {code}")

    def _set_container_ready(self, inst: _Instance, c: _Container, ready: bool) -> None:
        if c.ready != ready:
            c.ready = ready
            self._changed(inst.workload, inst)
        ready_now = not inst.stopping and all(x.ready for x in inst.containers)
        if ready_now != inst.ready:
            inst.ready = ready_now
            inst.ready_changed_at = self.wall()
            self._publish_endpoints(inst.workload)
            self._changed(inst.workload, inst)

    # -- publishing --------------------------------------------------------------------------
    def _publish_endpoints(self, w: _Workload) -> None:
        if self.endpoints is None or w.key.kind != "Revision" or self._workloads.get(w.key) is not w:
            return
        ready = tuple(Instance(i.pod_name, HOST_IP, i.port) for i in w.instances
                      if i.ready and not i.stopping and i.port is not None)
        if ready != w.published_endpoints:
            w.published_endpoints = ready
            self.endpoints.set(RevisionKey(w.key.namespace, w.key.name), ready)

    def _changed(self, w: _Workload, inst: _Instance | None = None) -> None:
        """Note a change (of ``inst``, or of the whole workload); one flush per loop iteration
        re-syncs the workload, republishes changed Pods and tells the subscribers."""
        self._dirty[w.key] = w
        self._dirty_instances.update([inst] if inst is not None else w.instances)
        if self._flush_handle is None:
            self._flush_handle = self.loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_handle = None
        dirty, self._dirty = self._dirty, {}
        instances, self._dirty_instances = self._dirty_instances, set()
        for w in dirty.values():
            self._sync(w)
            updated_ready = sum(1 for i in w.instances if i.generation == w.generation and i.ready and not i.stopping)
            if updated_ready >= w.replicas:
                w.unavailable_since = None
            elif w.unavailable_since is None:
                w.unavailable_since = self.wall()
        if self.pod_sink is not None:
            for inst in instances:
                self._publish_pod(inst)
        for key in dirty:
            for cb in list(self._subscribers):
                try:
                    cb(key)
                except Exception:
                    log.exception("runtime subscriber failed for %s", key)

    def _publish_pod(self, inst: _Instance) -> None:
        assert self.pod_sink is not None
        if (inst.namespace, inst.pod_name) not in self._pods:
            return  # already deleted
        pod = build_pod(inst.spec, self._instance_status(inst), node_name=self.node_name,
                        restart_policy=inst.workload.restart_policy)
        if pod != inst.published:
            try:
                self.pod_sink.upsert(pod)
            except Exception:
                log.exception("publishing pod %s/%s", inst.namespace, inst.pod_name)
                return
            inst.published = pod

    # -- status ------------------------------------------------------------------------------
    def _instance_status(self, inst: _Instance) -> InstanceStatus:
        containers = [c.snapshot() for c in inst.containers]
        # the sidecar (queue-proxy) runs from the start and is ready when the user container is,
        # as queue-proxy's readiness is the user's readiness probe
        containers += [ContainerStatus(name=v, image=f"knlite/{v}", image_id="", ready=inst.ready, started=True,
                                       restart_count=0, state=RUNNING, started_at=inst.created_at, virtual=True)
                       for v in inst.spec.virtual_containers]
        probe_message = next((c.readiness.message for c in inst.containers
                              if c.readiness is not None and not c.ready and c.readiness.message), "")
        return InstanceStatus(
            pod_name=inst.pod_name, uid=inst.uid, namespace=inst.namespace, port=inst.port, ready=inst.ready,
            ready_changed_at=inst.ready_changed_at, created_at=inst.created_at, phase=_phase(inst),
            current=inst.generation == inst.workload.generation, terminating=inst.stopping,
            containers=tuple(containers), probe_message=probe_message)

    def _failure(self, w: _Workload) -> Failure | None:
        failing = [i for i in w.instances if i.generation == w.generation and not i.stopping and not i.ready]
        for inst in failing:
            for c in inst.containers:
                if c.image_error is not None:
                    return Failure("ContainerMissing", str(c.image_error))
        terms = [t for inst in failing for c in inst.containers if not c.ready
                 for t in (c.terminated if c.state == TERMINATED else c.last_terminated,) if t is not None]
        if terms:
            t = max(terms, key=lambda t: t.finished_at)
            return Failure(f"ExitCode{t.exit_code}", f"Container failed with: {t.message}")
        return None

    # -- housekeeping ------------------------------------------------------------------------
    async def _housekeep(self) -> None:
        while True:
            await asyncio.sleep(HOUSEKEEPING_PERIOD)
            now = self.wall()
            for inst in list(self._pods.values()):
                for c in inst.containers:
                    if c.logs and not c.logs[-1].finished:
                        c.logs[-1].sample(now)
                    limit = c.spec.memory_limit_bytes
                    p = c.process
                    if limit and p is not None and p.running and proc_mod.resident_bytes(p.pid) > limit:
                        log.info("%s/%s: memory limit %d exceeded; killing", inst.pod_name, c.name, limit)
                        c.oom_killed = True
                        p.signal_group(signal.SIGKILL)

    def _reap_leftovers(self) -> None:
        """Kill processes of a previous daemon that died without stopping them; drop their pods."""
        for d in sorted(self.pods_dir.iterdir()) if self.pods_dir.is_dir() else []:
            for pidfile in d.glob("*.pid"):
                try:
                    pid_s, _, ticks = pidfile.read_text().strip().partition(" ")
                    pid = int(pid_s)
                except (OSError, ValueError):
                    continue
                if ticks and proc_mod.start_ticks(pid) == ticks:
                    log.info("killing process group %d left by a previous knlite", pid)
                    with contextlib.suppress(ProcessLookupError, PermissionError):
                        os.killpg(pid, signal.SIGKILL)
            parts = d.name.split("_")
            if self.pod_sink is not None and len(parts) == 3:
                with contextlib.suppress(Exception):
                    self.pod_sink.delete(parts[0], parts[1])
            shutil.rmtree(d, ignore_errors=True)

    # -- logs --------------------------------------------------------------------------------
    def container_names(self, namespace: str, pod: str) -> list[str] | None:
        inst = self._pods.get((namespace, pod))
        if inst is None:
            return None
        return [c.name for c in inst.containers] + list(inst.spec.virtual_containers)

    def logs(self, namespace: str, pod: str, container: str | None = None, *, follow: bool = False,
             tail_lines: int | None = None, previous: bool = False, since_seconds: float | None = None,
             since_time: float | None = None, timestamps: bool = False,
             limit_bytes: int | None = None) -> AsyncGenerator[bytes, None]:
        """A container's log as ``kubectl logs`` asks for it; raises :class:`LogsError` up front."""
        inst = self._pods.get((namespace, pod))
        if inst is None:
            raise LogsError(f'pod "{pod}" has no running instance on this knlite daemon', 404)
        names = [c.name for c in inst.containers] + list(inst.spec.virtual_containers)
        if container is None:
            if len(names) != 1:
                raise LogsError(f"a container name must be specified for pod {pod}, choose one of: [{' '.join(names)}]")
            container = names[0]
        if container in inst.spec.virtual_containers:
            return _empty()
        c = next((x for x in inst.containers if x.name == container), None)
        if c is None:
            raise LogsError(f"container {container} is not valid for pod {pod}")
        if previous:
            # while a container runs, "previous" is the run before; while it waits to restart, the last run
            back = 2 if c.state == RUNNING else 1
            if len(c.logs) < back:
                raise LogsError(f'previous terminated container "{container}" in pod "{pod}" not found')
            lf = c.logs[-back]
        else:
            if not c.logs:
                why = "trying and failing to pull image" if c.image_error is not None else (c.reason or "ContainerCreating")
                raise LogsError(f'container "{container}" in pod "{pod}" is waiting to start: {why}')
            lf = c.logs[-1]
        since = since_time
        if since_seconds is not None:
            since = self.wall() - since_seconds
        current = lf

        def alive() -> bool:
            return not inst.stopping and bool(c.logs) and c.logs[-1] is current and not current.finished

        return logfiles.read(lf, follow=follow and not previous, tail_lines=tail_lines, since=since,
                             timestamps=timestamps, limit_bytes=limit_bytes, alive=alive)


def _phase(inst: _Instance) -> str:
    cs = inst.containers
    if not all(c.state != WAITING or c.restart_count > 0 or c.last_terminated is not None for c in cs):
        return "Pending"
    if cs and all(c.state == TERMINATED for c in cs):
        return "Succeeded" if all(c.terminated and c.terminated.exit_code == 0 for c in cs) else "Failed"
    return "Running"


def _go_duration(seconds: float) -> str:
    """Go's time.Duration formatting for back-off messages: ``10s``, ``1m20s``, ``5m0s``, ``200ms``."""
    if seconds < 1:
        return f"{round(seconds * 1000)}ms"
    s = round(seconds)
    if s < 60:
        return f"{s}s"
    return f"{s // 60}m{s % 60}s"


async def _empty() -> AsyncGenerator[bytes, None]:
    return
    yield b""  # pragma: no cover - makes this an async generator
