"""The process runtime driven directly: real processes, real ports, real curl.

Each test gets its own :class:`Runtime` in a temporary state directory, with a short crash
back-off. Every PID the runtime ever reports is recorded, and after ``stop()`` each one must
be gone (checked with ``os.kill(pid, 0)``); anything left is killed by PID and fails the test.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from knlite.serving.dataplane import Endpoints, Instance, RevisionKey
from knlite.serving.runtime.backoff import BackoffPolicy
from knlite.serving.runtime.images import ImageStore
from knlite.serving.runtime.logs_http import make_log_handler
from knlite.serving.runtime.spec import ContainerSpec, ProbeSpec, WorkloadKey, WorkloadSpec
from knlite.serving.runtime.status import WorkloadStatus
from knlite.serving.runtime.supervisor import LogsError, Runtime

pytestmark = pytest.mark.integration

HELLO = "ikubernetes/helloworld-go"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for a reaper is dead for our purposes
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
        return data[data.rfind(b")") + 2:][:1] != b"Z"
    except OSError:
        return False


class Sink:
    def __init__(self) -> None:
        self.pods: dict[str, dict[str, Any]] = {}
        self.history: list[dict[str, Any]] = []
        self.deleted: list[str] = []

    def upsert(self, pod: dict[str, Any]) -> None:
        self.pods[pod["metadata"]["name"]] = pod
        self.history.append(pod)

    def delete(self, namespace: str, name: str) -> None:
        self.pods.pop(name, None)
        self.deleted.append(name)


class RecordingEndpoints(Endpoints):
    def __init__(self) -> None:
        super().__init__()
        self.sets: list[tuple[RevisionKey, tuple[Instance, ...]]] = []

    def set(self, key: RevisionKey, instances: tuple[Instance, ...]) -> None:
        self.sets.append((key, instances))
        super().set(key, instances)


class Harness:
    def __init__(self, rt: Runtime, sink: Sink, endpoints: RecordingEndpoints) -> None:
        self.rt = rt
        self.sink = sink
        self.endpoints = endpoints
        self.pids: set[int] = set()
        rt.subscribe(self._record)

    def _record(self, key: WorkloadKey) -> None:
        for inst in self.rt.status(key).instances:
            self.pids.update(c.pid for c in inst.containers if c.pid)

    async def wait(self, predicate: Callable[[], bool], timeout: float = 15.0, what: str = "condition") -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            await asyncio.sleep(0.02)

    async def wait_status(self, key: WorkloadKey, predicate: Callable[[WorkloadStatus], bool],
                          timeout: float = 15.0) -> WorkloadStatus:
        await self.wait(lambda: predicate(self.rt.status(key)), timeout, f"status of {key}")
        return self.rt.status(key)


def workload(name: str, *, image: str = HELLO, replicas_prefix: str | None = None, env: dict[str, str] | None = None,
             command: tuple[str, ...] | None = None, readiness: ProbeSpec | None = None,
             liveness: ProbeSpec | None = None, memory: int | None = None, kind: str = "Revision",
             field_refs: tuple[tuple[str, str], ...] = ()) -> WorkloadSpec:
    return WorkloadSpec(
        key=WorkloadKey(kind, "default", name),
        containers=(ContainerSpec("user-container", image, command=command, env=tuple((env or {}).items()), port=8080,
                                  readiness=readiness, liveness=liveness, memory_limit_bytes=memory,
                                  env_field_refs=field_refs),),
        pod_name_prefix=replicas_prefix or f"{name}-deployment-5ddb97ff7",
        labels={"serving.knative.dev/revision": name, "app": name},
        termination_grace_seconds=2,
        virtual_containers=("queue-proxy",) if kind == "Revision" else (),
    )


def curl(port: int, path: str = "/") -> str:
    out = subprocess.run(["curl", "-sS", "--max-time", "5", f"http://127.0.0.1:{port}{path}"],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    sink, endpoints = Sink(), RecordingEndpoints()
    rt = Runtime(ImageStore(tmp_path / "images"), tmp_path / "run", endpoints=endpoints, pods=sink,
                 internal_port=18081, backoff=BackoffPolicy(base=0.3, cap=1.0), drain_seconds=0.05,
                 stop_grace_cap=3.0)
    await rt.start()
    harness = Harness(rt, sink, endpoints)
    try:
        yield harness
    finally:
        for key in rt.workloads():
            harness._record(key)
        await rt.stop()
        survivors = [pid for pid in harness.pids if alive(pid)]
        for pid in survivors:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        assert not survivors, f"processes left running after stop(): {survivors}"


async def test_helloworld_two_replicas(h: Harness) -> None:
    spec = workload("hello-00001")
    h.rt.apply(spec, 2)
    st = await h.wait_status(spec.key, lambda s: s.ready == 2)
    assert st.desired == 2 and st.failure is None and st.unavailable_since is None
    ports = {i.port for i in st.instances}
    assert len(ports) == 2 and None not in ports
    for inst in st.instances:
        assert inst.port is not None
        assert await asyncio.to_thread(curl, inst.port) == "Hello World!\n"
    # endpoints carry exactly the ready instances
    published = h.endpoints.get(RevisionKey("default", "hello-00001"))
    assert {(i.id, i.port) for i in published} == {(i.pod_name, i.port) for i in st.instances}
    assert h.rt.instances(spec.key) == published or set(h.rt.instances(spec.key)) == set(published)
    # Pod objects
    for inst in st.instances:
        pod = h.sink.pods[inst.pod_name]
        assert inst.pod_name.startswith("hello-00001-deployment-5ddb97ff7-") and len(inst.pod_name.split("-")[-1]) == 5
        assert pod["status"]["phase"] == "Running"
        assert pod["metadata"]["labels"]["serving.knative.dev/revision"] == "hello-00001"
        assert [c["name"] for c in pod["spec"]["containers"]] == ["user-container", "queue-proxy"]
        assert all(c["ready"] for c in pod["status"]["containerStatuses"])
    # autoscale-go parameters
    port = st.instances[0].port
    assert port is not None
    body = await asyncio.to_thread(curl, port, "/?sleep=50&prime=10000&bloat=5")
    assert "The largest prime less than 10000 is 9973." in body and "Slept for" in body
    # scale down: one instance goes, its pod is deleted, endpoints follow
    h.rt.apply(spec, 1)
    st = await h.wait_status(spec.key, lambda s: len(s.instances) == 1 and s.ready == 1)
    await h.wait(lambda: len(h.sink.pods) == 1, what="pod deleted")
    assert len(h.endpoints.get(RevisionKey("default", "hello-00001"))) == 1


async def test_env_field_refs_and_proxy(h: Harness) -> None:
    spec = workload("envcheck", command=("sh", "-c", "env | sort; exec sleep 600"), env={"TARGET": "x"},
                    readiness=ProbeSpec("exec", command=("true",), period_seconds=1),
                    field_refs=(("POD_NAME", "metadata.name"), ("POD_NAMESPACE", "metadata.namespace"),
                                ("APP", "metadata.labels['app']"), ("IP", "status.podIP")))
    h.rt.apply(spec, 1)
    st = await h.wait_status(spec.key, lambda s: s.ready == 1)
    inst = st.instances[0]
    await asyncio.sleep(0.2)
    out = b"".join([c async for c in h.rt.logs("default", inst.pod_name, "user-container")]).decode()
    env = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    assert env["PORT"] == str(inst.port)
    assert env["TARGET"] == "x"
    assert env["POD_NAME"] == inst.pod_name and env["HOSTNAME"] == inst.pod_name
    assert env["POD_NAMESPACE"] == "default" and env["APP"] == "envcheck" and env["IP"] == "127.0.0.1"
    assert env["HTTP_PROXY"] == env["http_proxy"] == "http://127.0.0.1:18081"
    assert env["NO_PROXY"] == "127.0.0.1,localhost"


async def test_exit_1_is_crash_loop(h: Harness) -> None:
    spec = workload("crash", command=("sh", "-c", "echo something went wrong >&2; exit 1"))
    h.rt.apply(spec, 1)
    st = await h.wait_status(spec.key, lambda s: s.failure is not None and s.instances[0].restarts >= 1)
    assert st.failure is not None
    assert st.failure.reason == "ExitCode1"
    assert st.failure.message == "Container failed with: something went wrong"
    reason, message = st.failure  # usable as a pair
    assert reason == "ExitCode1" and "something went wrong" in message
    assert st.ready == 0 and st.instances[0].last_exit_code == 1
    assert st.instances[0].last_log_lines == "something went wrong"

    def crash_looping() -> bool:
        pod = h.sink.pods.get(st.instances[0].pod_name)
        if pod is None:
            return False
        cs = next(c for c in pod["status"]["containerStatuses"] if c["name"] == "user-container")
        return cs["state"].get("waiting", {}).get("reason") == "CrashLoopBackOff"

    await h.wait(crash_looping, what="CrashLoopBackOff in the Pod")
    pod = h.sink.pods[st.instances[0].pod_name]
    cs = next(c for c in pod["status"]["containerStatuses"] if c["name"] == "user-container")
    assert cs["lastState"]["terminated"]["exitCode"] == 1
    assert cs["lastState"]["terminated"]["reason"] == "Error"
    assert cs["restartCount"] >= 1
    assert pod["status"]["phase"] == "Running"
    # kubectl logs shows the last run; --previous too while it waits to restart
    logs = b"".join([c async for c in h.rt.logs("default", st.instances[0].pod_name, "user-container")])
    assert logs == b"something went wrong\n"


async def test_command_not_found_is_exit_code_128(h: Harness) -> None:
    spec = workload("nocmd", command=("no-such-binary-knlite",))
    h.rt.apply(spec, 1)
    st = await h.wait_status(spec.key, lambda s: s.failure is not None)
    assert st.failure == ("ExitCode128",
                          'Container failed with: exec: "no-such-binary-knlite": executable file not found in $PATH')


async def test_missing_image_is_container_missing(h: Harness) -> None:
    spec = workload("missing", image="example.com/knlite/does-not-exist:1.0")
    h.rt.apply(spec, 1)
    st = await h.wait_status(spec.key, lambda s: s.failure is not None)
    assert st.failure is not None and st.failure.reason == "ContainerMissing"
    assert st.failure.message.startswith(
        'Unable to fetch image "example.com/knlite/does-not-exist:1.0": failed to resolve image to digest:')
    await h.wait(lambda: bool(h.sink.pods), what="pod")
    pod = next(iter(h.sink.pods.values()))
    cs = next(c for c in pod["status"]["containerStatuses"] if c["name"] == "user-container")
    assert cs["state"]["waiting"]["reason"] in ("ErrImagePull", "ImagePullBackOff")
    assert pod["status"]["phase"] == "Pending"
    with pytest.raises(LogsError, match="is waiting to start: trying and failing to pull image"):
        h.rt.logs("default", st.instances[0].pod_name, "user-container")


async def test_readiness_never_passes(h: Harness) -> None:
    spec = workload("unready", readiness=ProbeSpec("tcp", port=1, period_seconds=1, failure_threshold=1))
    h.rt.apply(spec, 1)
    st = await h.wait_status(spec.key, lambda s: bool(s.instances) and bool(s.instances[0].probe_message), timeout=10)
    assert st.ready == 0 and st.failure is None
    assert st.unavailable_since is not None
    assert st.instances[0].probe_message == "dial tcp 127.0.0.1:1: connect: connection refused"
    assert not h.endpoints.get(RevisionKey("default", "unready"))
    pod = h.sink.pods[st.instances[0].pod_name]
    ready = next(c for c in pod["status"]["conditions"] if c["type"] == "Ready")
    assert ready["status"] == "False"


async def test_liveness_failure_restarts(h: Harness) -> None:
    spec = workload("liveness", liveness=ProbeSpec("exec", command=("false",), period_seconds=1, failure_threshold=1))
    h.rt.apply(spec, 1)
    st = await h.wait_status(spec.key, lambda s: bool(s.instances) and s.instances[0].restarts >= 1, timeout=15)
    assert st.instances[0].last_exit_code in (0, 143)  # helloworld exits 0 on SIGTERM


async def test_memory_limit_kills_with_oom(h: Harness) -> None:
    hog = "import time; x = b'x' * (200 << 20); print('allocated', flush=True); time.sleep(600)"
    spec = workload("hog", command=(sys.executable, "-c", hog), memory=64 << 20,
                    readiness=ProbeSpec("exec", command=("true",), period_seconds=1))
    h.rt.apply(spec, 1)
    st = await h.wait_status(spec.key, lambda s: bool(s.instances) and s.instances[0].last_exit_code is not None)
    last = st.instances[0].containers[0]
    term = last.terminated or last.last_terminated
    assert term is not None and term.reason == "OOMKilled" and term.exit_code == 137


async def test_spec_change_rolls(h: Harness) -> None:
    a = workload("roll", env={"TARGET": "A"}, kind="Deployment", replicas_prefix="roll-7c9f8")
    h.rt.apply(a, 1)
    st = await h.wait_status(a.key, lambda s: s.ready == 1)
    old = st.instances[0]
    old_pid = old.containers[0].pid
    assert old.port is not None and await asyncio.to_thread(curl, old.port) == "Hello A!\n"
    ready_counts: list[int] = []
    h.rt.subscribe(lambda key: ready_counts.append(len(h.rt.instances(key))) if key == a.key else None)
    b = workload("roll", env={"TARGET": "B"}, kind="Deployment", replicas_prefix="roll-7c9f8")
    h.rt.apply(b, 1)
    h.rt.apply(b, 1)  # idempotent
    st = await h.wait_status(a.key, lambda s: len(s.instances) == 1 and s.instances[0].pod_name != old.pod_name
                             and s.ready == 1)
    new = st.instances[0]
    assert new.current and new.port is not None
    assert await asyncio.to_thread(curl, new.port) == "Hello B!\n"
    assert 0 not in ready_counts  # the old instance served until the new one was ready
    assert old_pid is not None
    await h.wait(lambda: not alive(old_pid), what="old process gone")
    assert old.pod_name in h.sink.deleted


async def test_rolling_to_a_broken_spec_keeps_the_old_instance(h: Harness) -> None:
    good = workload("keep", kind="Deployment")
    h.rt.apply(good, 1)
    await h.wait_status(good.key, lambda s: s.ready == 1)
    bad = workload("keep", kind="Deployment", command=("sh", "-c", "exit 3"))
    h.rt.apply(bad, 1)
    st = await h.wait_status(good.key, lambda s: s.failure is not None)
    assert st.failure is not None and st.failure.reason == "ExitCode3"
    assert st.ready == 1 and st.updated == 1 and st.updated_ready == 0
    assert len(h.rt.instances(good.key)) == 1


async def test_remove_and_stop_kill_process_groups(h: Harness) -> None:
    spec = workload("group", command=("sh", "-c", "sleep 600 & echo child=$!; exec sleep 601"),
                    readiness=ProbeSpec("exec", command=("true",), period_seconds=1))
    h.rt.apply(spec, 1)
    st = await h.wait_status(spec.key, lambda s: s.ready == 1)
    pod = st.instances[0].pod_name
    await asyncio.sleep(0.2)
    out = b"".join([c async for c in h.rt.logs("default", pod, "user-container")]).decode()
    child = int(out.split("child=")[1].split()[0])
    leader = st.instances[0].containers[0].pid
    assert leader is not None and alive(child) and alive(leader)
    h.rt.remove(spec.key)
    assert not h.endpoints.get(RevisionKey("default", "group"))
    await h.rt.wait_stopped(spec.key)
    assert not alive(leader)
    # the leader's group is SIGKILLed when it exits; the kernel takes a moment to finish the child
    await h.wait(lambda: not alive(child), timeout=2, what="the background child killed with its group")
    assert pod in h.sink.deleted
    # stop() with something still running
    other = workload("other")
    h.rt.apply(other, 2)
    st = await h.wait_status(other.key, lambda s: s.ready == 2)
    pids = [c.pid for i in st.instances for c in i.containers if c.pid]
    await h.rt.stop()
    assert pids and not [p for p in pids if alive(p)]


async def test_logs_follow(h: Harness) -> None:
    spec = workload("follow")
    h.rt.apply(spec, 1)
    st = await h.wait_status(spec.key, lambda s: s.ready == 1)
    inst = st.instances[0]
    assert inst.port is not None
    chunks: list[bytes] = []

    async def follow() -> None:
        async for chunk in h.rt.logs("default", inst.pod_name, "user-container", follow=True, timestamps=True):
            chunks.append(chunk)

    task = asyncio.create_task(follow())
    await asyncio.sleep(0.2)
    for _ in range(2):
        await asyncio.to_thread(curl, inst.port)
    await h.wait(lambda: b"".join(chunks).count(b"helloworld: received a request") == 2, what="followed lines")
    text = b"".join(chunks).decode()
    assert "helloworld: listening on port" in text
    assert all(line[:4].isdigit() and line[10] == "T" for line in text.splitlines())  # RFC 3339 timestamps
    tail = b"".join([c async for c in h.rt.logs("default", inst.pod_name, "user-container", tail_lines=1)])
    assert tail.endswith(b"helloworld: received a request\n") and tail.count(b"\n") == 1
    assert b"".join([c async for c in h.rt.logs("default", inst.pod_name, "queue-proxy")]) == b""
    with pytest.raises(LogsError, match=r"a container name must be specified for pod .*, choose one of: "
                                        r"\[user-container queue-proxy\]"):
        h.rt.logs("default", inst.pod_name)
    with pytest.raises(LogsError, match="previous terminated container"):
        h.rt.logs("default", inst.pod_name, "user-container", previous=True)
    h.rt.remove(spec.key)
    await asyncio.wait_for(task, 5)  # the stream ends with the instance


async def test_log_handler(h: Harness) -> None:
    spec = workload("httplog")
    h.rt.apply(spec, 1)
    st = await h.wait_status(spec.key, lambda s: s.ready == 1)
    pod = h.sink.pods[st.instances[0].pod_name]
    handler = make_log_handler(h.rt)

    async def route(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request, pod)
        except Exception as e:  # the API server turns ApiError into a Status; keep it visible here
            code = getattr(e, "code", 500)
            return web.Response(status=code, text=getattr(e, "message", str(e)))

    app = web.Application()
    app.router.add_get("/log", route)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/log", params={"container": "user-container"})
        assert r.status == 200 and "helloworld: listening on port" in await r.text()
        r = await client.get("/log")
        assert r.status == 400
        assert await r.text() == (f"a container name must be specified for pod {pod['metadata']['name']}, "
                                  "choose one of: [user-container queue-proxy]")
        r = await client.get("/log", params={"container": "nope"})
        assert r.status == 400 and "is not valid for pod" in await r.text()
        r = await client.get("/log", params={"container": "user-container", "tailLines": "x"})
        assert r.status == 400
        r = await client.get("/log", params={"container": "user-container", "tailLines": "1", "timestamps": "true"})
        body = await r.text()
        assert body.count("\n") == 1 and body[:4].isdigit()


def test_under_uvloop(tmp_path: Path) -> None:
    """The daemon runs on uvloop: pidfd watching and process groups must work there too."""
    uvloop = pytest.importorskip("uvloop")

    async def main() -> list[int]:
        rt = Runtime(ImageStore(tmp_path / "images"), tmp_path / "run", backoff=BackoffPolicy(base=0.3))
        await rt.start()
        spec = workload("uv")
        rt.apply(spec, 1)
        for _ in range(300):
            st = rt.status(spec.key)
            if st.ready:
                break
            await asyncio.sleep(0.02)
        assert st.ready == 1 and st.instances[0].port is not None
        assert await asyncio.to_thread(curl, st.instances[0].port) == "Hello World!\n"
        pids = [c.pid for i in st.instances for c in i.containers if c.pid]
        await rt.stop()
        return pids

    pids = uvloop.run(main())
    assert pids and not [p for p in pids if alive(p)]


APP = '''
import os
from http.server import BaseHTTPRequestHandler, HTTPServer


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"{os.environ.get('GREETING')} from {os.getcwd()}\\n".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("127.0.0.1", int(os.environ["PORT"])), H).serve_forever()
'''


async def test_built_image_runs(h: Harness, tmp_path: Path) -> None:
    from knlite.serving.runtime.imagebuild import build

    ctx = tmp_path / "ctx"
    ctx.mkdir()
    (ctx / "app.py").write_text(APP)
    (ctx / "Dockerfile").write_text("FROM python:3.11-slim\nENV GREETING=hi\nWORKDIR /app\nCOPY . ./\n"
                                    "CMD exec python app.py\n")
    img = await asyncio.to_thread(build, h.rt.images, ctx, "example.com/me/app:v1", log=lambda _: None)
    spec = workload("built", image="example.com/me/app:v1")
    h.rt.apply(spec, 1)
    st = await h.wait_status(spec.key, lambda s: s.ready == 1)
    assert st.instances[0].port is not None
    assert await asyncio.to_thread(curl, st.instances[0].port) == f"hi from {img.root / 'app'}\n"
    assert st.instances[0].containers[0].image_id == f"example.com/me/app@{img.digest}"
