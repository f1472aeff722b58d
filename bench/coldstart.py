"""Cold start: time to first byte for a revision scaled to zero, vs. the same app started by hand.

What is measured, in the same run and interleaved:

- knlite: a ksvc running the helloworld sample (``ikubernetes/helloworld-go``, min-scale 0)
  in a real daemon, with config-autoscaler's ``stable-window`` shortened to 6s and
  ``scale-to-zero-grace-period`` to 1s. Each run waits until ``kubectl get kpa`` shows
  desired 0 / actual 0 and ``kubectl get pods`` shows none, lets the daemon settle, then
  sends one HTTP request through the gateway and times it from the connect to the first
  byte of the answer (and checks it is a 200 with the greeting);
- baseline: the same app started by hand — the very command line and environment knlite
  runs for that image (``python -S -P -m knlite.samples.helloworld`` with its PYTHONPATH),
  spawned with ``PORT``, connected to every millisecond until it accepts, then the same
  request; timed from the spawn to the first byte. ``python -m knlite.samples.helloworld``
  with site processing (the command a user would type) is measured too, for reference.

The app's own start time is the floor of any cold start, so ``knlite − baseline`` is what
knlite adds: activation (the gateway holds the request and pokes the autoscaler, the
decider, the PodAutoscaler reconcile, the runtime's scale), the process start inside a
busy daemon, readiness probing, endpoint publication and the proxy hop. Target (issue 4):
under 50 ms at p50 (p50 of knlite − p50 of the baseline; the median of the per-round
differences is reported too). The machine's other load moves both by tens of ms, which
is why the two are interleaved and why a single run is not the last word.

Where the time goes: the daemon runs with ``--log-level debug`` and with timing hooks
(installed by this script around knlite's functions; knlite's code is unchanged) that write
a monotonic timestamp at each step — request parsed → on_cold (poke) → decision → PA
reconcile → runtime.scale → process spawned → each readiness probe attempt → ready →
endpoints → gateway backend → upstream connect → first upstream byte — so the JSON has a
per-run breakdown and its medians, with the time the event loop spent in reconciles and
runtime flushes meanwhile. CLOCK_MONOTONIC is system-wide, so the daemon's and this
script's timestamps share one axis. Before each request the daemon's CPU share and
reconciles per second are recorded too: with nothing to do both should be ~0.

    .venv/bin/python bench/coldstart.py [--runs 10]

Writes bench/results/coldstart.json and prints a table. Every process it starts is stopped
by its PID.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.harness import Knlite, free_port  # noqa: E402

SERVICE = "cold"
HOST = f"{SERVICE}.default.example.com"
TARGET = "Cold Start"
STABLE_WINDOW = "6s"
GRACE = "1s"
TARGET_OVERHEAD_MS = 50.0
SETTLE = 0.5  # seconds between "scaled to zero" and the request
CLK_TCK = os.sysconf("SC_CLK_TCK")
REQUEST = f"GET / HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: knlite-bench\r\nConnection: close\r\n\r\n".encode()
MANIFEST = f"""\
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: {SERVICE}
  namespace: default
spec:
  template:
    metadata:
      annotations:
        autoscaling.knative.dev/min-scale: "0"
    spec:
      containers:
        - image: ikubernetes/helloworld-go
          env:
            - name: TARGET
              value: "{TARGET}"
"""


# -- the traced daemon --------------------------------------------------------------------------
def install_trace(path: str) -> None:
    """Wrap the functions on the cold-start path so each call writes ``<monotonic> <event> <detail>``.

    Runs in the daemon process before it starts; the wrappers cost microseconds."""
    from knlite import logs
    from knlite.reconciler.autoscaling.podautoscaler import PodAutoscalerReconciler
    from knlite.reconciler.base import Controller
    from knlite.serving import plane
    from knlite.serving.dataplane import Endpoints
    from knlite.serving.gateway import backend, exchange, upstream
    from knlite.serving.runtime import supervisor

    out = open(path, "a", buffering=1)  # noqa: SIM115 - lives as long as the daemon

    def emit(event: str, detail: object = "") -> None:
        out.write(f"{time.monotonic():.6f} {event} {detail}\n")

    def around(cls: Any, name: str, before: Callable[..., str | None] | None = None,
               after: Callable[..., str | None] | None = None) -> None:
        orig = getattr(cls, name, None)
        if orig is None:  # knlite changed: that step is left out of the breakdown
            emit("missing", f"{cls.__name__}.{name}")
            return

        @functools.wraps(orig)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if before is not None and (ev := before(*args, **kwargs)):
                emit(*ev.split(" ", 1))
            result = orig(*args, **kwargs)
            if after is not None and (ev := after(*args, **kwargs)):
                emit(*ev.split(" ", 1))
            return result

        setattr(cls, name, wrapper)

    around(exchange.ClientConnection, "on_headers_complete", before=lambda *_: "request -")
    around(plane.ServingPlane, "_on_cold", before=lambda _s, key: f"cold {key.name}")
    around(plane.ServingPlane, "_on_decision", before=lambda _s, key: f"decision {key.name}")
    around(PodAutoscalerReconciler, "reconcile", before=lambda _s, key: f"pa_start {key.name}",
           after=lambda _s, key: f"pa_end {key.name}")
    around(supervisor.Runtime, "scale", before=lambda _s, key, n: f"scale {n}")
    around(supervisor.Runtime, "_start_instance", before=lambda *_: "instance -")
    around(supervisor.Runtime, "_start_process", before=lambda _s, inst, *_: f"spawn_start {inst.port}",
           after=lambda _s, inst, *_: f"spawn_end {inst.port}")
    around(supervisor.Runtime, "_set_container_ready",
           before=lambda _s, inst, c, ready: "ready -" if ready and not c.ready else None)
    around(Endpoints, "set", before=lambda _s, key, inst: f"endpoints {len(inst)}")
    around(backend.RevisionBackend, "update", before=lambda _s, inst: f"backend {len(inst)}")
    around(upstream.UpstreamConnection, "data_received", before=lambda *_: "upstream_data -")
    # the daemon's other work on the same event loop: runtime flushes (Pod objects to the
    # store, subscribers) and every reconcile
    around(supervisor.Runtime, "_flush", before=lambda *_: "busy_start runtime-flush",
           after=lambda *_: "busy_end runtime-flush")
    around(Controller, "_process", before=lambda c, key: f"busy_start reconcile:{c.reconciler.name or c.reconciler.gk}",
           after=lambda c, key: f"busy_end reconcile:{c.reconciler.name or c.reconciler.gk}")

    orig_tcp = supervisor.tcp_check  # the supervisor's probes call it by this module-level name

    async def tcp_check(host: str, port: int, timeout: float) -> Any:
        t0 = time.monotonic()
        result = await orig_tcp(host, port, timeout)
        emit("probe", f"{t0:.6f} {int(result.ok)} {port}")
        return result

    supervisor.tcp_check = tcp_check

    orig_connect = exchange.ClientConnection._connect

    async def _connect(self: Any, slot: Any) -> None:
        emit("connect_start")
        await orig_connect(self, slot)
        emit("connect_end")

    exchange.ClientConnection._connect = _connect  # type: ignore[method-assign]

    orig_configure = logs.configure

    def configure(level: str = "info") -> None:  # the same lines, with milliseconds
        import logging

        orig_configure(level)
        for h in logging.getLogger().handlers:
            h.setFormatter(logging.Formatter("%(asctime)s.%(msecs)03d %(levelname)-5s %(name)s: %(message)s",
                                             "%H:%M:%S"))

    logs.configure = configure


class TracedKnlite(Knlite):
    """The harness's daemon, started through this script so that the timing hooks are in."""

    trace_path: Path

    def command(self, log_level: str) -> list[str]:
        return [sys.executable, __file__, "--serve-daemon", str(self.trace_path), "up", "--state-dir",
                str(self.state_dir), "--api-port", str(self.api_port), "--http-port", str(self.http_port),
                "--internal-port", str(self.internal_port), "--log-level", log_level]

    def start(self, timeout: float = 30.0, log_level: str = "debug") -> TracedKnlite:
        import ssl
        import urllib.error
        import urllib.request

        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.state_dir / "daemon.log"
        self.trace_path = self.state_dir / "trace.log"
        logf = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child process
        self.proc = subprocess.Popen(self.command(log_level), stdout=logf, stderr=logf, cwd=ROOT)
        logf.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"knlite exited with {self.proc.returncode}:\n{self.log()}")
            if self.ca_file.exists():
                try:
                    with urllib.request.urlopen(f"{self.api_url}/readyz", timeout=1,
                                                context=self.ssl_context()) as r:
                        if r.status == 200:
                            self._write_kubeconfig()
                            return self
                except (urllib.error.URLError, OSError, ssl.SSLError):
                    pass
            time.sleep(0.05)
        raise RuntimeError(f"knlite did not become ready in {timeout}s:\n{self.log()}")

    def trace_offset(self) -> int:
        return self.trace_path.stat().st_size

    def events(self, offset: int = 0) -> list[tuple[float, str, str]]:
        """The trace from byte ``offset`` on, as (monotonic time, event, detail)."""
        out = []
        with open(self.trace_path, "rb") as f:
            f.seek(offset)
            text = f.read().decode()
        for line in text.splitlines():
            t, event, detail = [*line.split(" ", 2), "", ""][:3]
            out.append((float(t), event, detail))
        return out


# -- one request ----------------------------------------------------------------------------------
def first_byte(port: int, deadline: float) -> tuple[float, bytes]:
    """Connect (retrying while refused, until ``deadline``), send REQUEST, read the answer.
    Returns the monotonic time of the first byte and the whole response."""
    while True:
        try:
            sock = socket.create_connection(("127.0.0.1", port))
            break
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.001)
    with sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(max(1.0, deadline - time.monotonic()))
        sock.sendall(REQUEST)
        first = sock.recv(65536)
        t = time.monotonic()
        chunks = [first]
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return t, b"".join(chunks)


def check_response(raw: bytes, what: str) -> None:
    head, _, body = raw.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200") or f"Hello {TARGET}!".encode() not in body:
        raise RuntimeError(f"{what}: unexpected answer {raw[:300]!r}")


# -- baseline: the app started by hand --------------------------------------------------------------
def app_command(variant: str) -> tuple[list[str], dict[str, str], Path]:
    """argv, env and working directory of the helloworld sample: as knlite runs the image, or plain."""
    from knlite.serving.runtime.images import ImageStore

    with tempfile.TemporaryDirectory() as empty:
        image = ImageStore(Path(empty)).resolve("ikubernetes/helloworld-go")
    if variant == "knlite_argv":
        return list(image.entrypoint), dict(image.env), image.working_dir
    return [sys.executable, "-m", "knlite.samples.helloworld"], dict(os.environ), ROOT


def baseline_once(variant: str, log_dir: Path) -> float:
    """Spawn the app, poll-connect, first byte of the first response: seconds."""
    argv, env, cwd = app_command(variant)
    port = free_port()
    env = dict(env, PORT=str(port), TARGET=TARGET)
    with open(log_dir / f"{variant}.log", "ab") as logf:
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=logf, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        t, raw = first_byte(port, t0 + 30)
        check_response(raw, variant)
        return t - t0
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- knlite: scale to zero, then one request -------------------------------------------------------
def wait_scaled_to_zero(k: Knlite, rev: str, timeout: float) -> float:
    """Until the KPA shows 0/0 and no Pod of ``rev`` is listed; returns the seconds waited."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        st = json.loads(k.kubectl("get", "kpa", rev, "-o", "json").check().out).get("status") or {}
        if st.get("desiredScale") == 0 and st.get("actualScale") == 0:
            pods = k.kubectl("get", "pods", "-l", f"serving.knative.dev/revision={rev}", "-o", "name").check().out
            if not pods.strip():
                return time.monotonic() - t0
        time.sleep(0.25)
    raise RuntimeError(f"{rev} did not scale to zero within {timeout}s")


def first_after(events: list[tuple[float, str, str]], t0: float, name: str,
                ok: Callable[[str], bool] = lambda _d: True) -> float | None:
    return next((t for t, e, d in events if t >= t0 and e == name and ok(d)), None)


def busy_between(events: list[tuple[float, str, str]], a: float | None,
                 b: float | None) -> dict[str, dict[str, float]]:
    """Time the daemon's event loop spent in runtime flushes and in each reconciler within
    [a, b] (wall-clock ms, so it includes waiting for a CPU), and how many calls."""
    out: dict[str, dict[str, float]] = {}
    if a is None or b is None:
        return out
    started: tuple[float, str] | None = None
    for t, e, d in events:
        if e == "busy_start":
            started = (t, d)
        elif e == "busy_end" and started is not None and started[1] == d:
            lo, hi = max(started[0], a), min(t, b)
            if hi > lo:
                entry = out.setdefault(d, {"ms": 0.0, "calls": 0})
                entry["ms"] = round(entry["ms"] + (hi - lo) * 1000, 2)
                entry["calls"] += 1
            started = None
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["ms"]))


def breakdown(events: list[tuple[float, str, str]], t_send: float, t_first: float) -> dict[str, Any]:
    """The steps of one cold start in ms since the request was sent, and the stage durations."""
    spawn = next(((t, d) for t, e, d in events if t >= t_send and e == "spawn_start"), None)
    port = spawn[1] if spawn else None  # the new instance's; other workloads are probed too
    probes = [(float(d.split()[0]), t, d.split()[1] == "1") for t, e, d in events
              if e == "probe" and t >= t_send and d.split()[2:] == [port]]
    success = next((s for s, _, ok in probes if ok), None)
    marks: dict[str, float | None] = {
        "request_parsed": first_after(events, t_send, "request"),
        "on_cold": first_after(events, t_send, "cold"),
        "decision": first_after(events, t_send, "decision"),
        "pa_reconcile_start": first_after(events, first_after(events, t_send, "decision") or t_send, "pa_start"),
        "runtime_scale": first_after(events, t_send, "scale", lambda d: int(d) > 0),
        "instance_created": first_after(events, t_send, "instance"),
        "spawn_start": first_after(events, t_send, "spawn_start"),
        "spawn_end": first_after(events, t_send, "spawn_end"),
        "first_probe": probes[0][0] if probes else None,
        "last_failed_probe": max((s for s, _, ok in probes if not ok and (success is None or s < success)),
                                 default=None),
        "successful_probe_start": success,
        "ready": first_after(events, t_send, "ready"),
        "endpoints": first_after(events, t_send, "endpoints", lambda d: int(d) > 0),
        "gateway_backend": first_after(events, t_send, "backend", lambda d: int(d) > 0),
        "connect_start": first_after(events, t_send, "connect_start"),
        "connect_end": first_after(events, t_send, "connect_end"),
        "upstream_first_byte": first_after(events, t_send, "upstream_data"),
        "client_first_byte": t_first,
    }
    ms = {k: None if v is None else round((v - t_send) * 1000, 2) for k, v in marks.items()}

    def span(a: str, b: str) -> float | None:
        x, y = ms[a], ms[b]
        return None if x is None or y is None else round(y - x, 2)

    stages = {
        "request_to_poke": span("request_parsed", "on_cold"),
        "poke_to_runtime_scale": span("on_cold", "runtime_scale"),
        "scale_to_spawned": span("runtime_scale", "spawn_end"),
        "spawned_to_ready": span("spawn_end", "ready"),
        # the app began listening after the last refused probe attempt started: this much of
        # spawned_to_ready, at most, is the probe's period rather than the app's start
        "probe_lag_max": span("last_failed_probe", "successful_probe_start"),
        "ready_to_gateway_backend": span("ready", "gateway_backend"),
        "backend_to_connected": span("gateway_backend", "connect_end"),
        "connected_to_upstream_byte": span("connect_end", "upstream_first_byte"),
        "upstream_byte_to_client": span("upstream_first_byte", "client_first_byte"),
    }
    busy = {
        "scale_to_spawn_start": busy_between(events, marks["runtime_scale"], marks["spawn_start"]),
        "ready_to_connect_end": busy_between(events, marks["ready"], marks["connect_end"]),
        "request_to_first_byte": busy_between(events, t_send, t_first),
    }
    return {"marks_ms": ms, "stages_ms": stages, "probe_attempts": len(probes), "daemon_busy_ms": busy}


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def knlite_once(k: TracedKnlite, rev: str) -> dict[str, Any]:
    assert k.proc is not None
    waited = wait_scaled_to_zero(k, rev, 120)
    # let the daemon settle after the scale-down (Pod deletion, reconciles); how busy it is
    # meanwhile, with nothing to do, is recorded: its CPU share and reconciles per second
    offset = k.trace_offset()
    t0, cpu0 = time.monotonic(), cpu_seconds(k.proc.pid)
    time.sleep(SETTLE)
    t1, cpu1 = time.monotonic(), cpu_seconds(k.proc.pid)
    t_send = time.monotonic()
    t_first, raw = first_byte(k.http_port, t_send + 60)
    check_response(raw, "knlite")
    time.sleep(0.2)  # the trace lines of the request's end
    events = k.events(offset)
    reconciles = sum(1 for t, e, d in events if t0 <= t <= t1 and e == "busy_start" and d.startswith("reconcile:"))
    result = breakdown(events, t_send, t_first)
    result["ttfb_ms"] = round((t_first - t_send) * 1000, 2)
    result["waited_for_zero_s"] = round(waited, 1)
    result["idle_before"] = {"daemon_cpu_share": round((cpu1 - cpu0) / (t1 - t0), 2),
                             "reconciles_per_s": round(reconciles / (t1 - t0))}
    return result


# -- the benchmark ------------------------------------------------------------------------------
STAGES_LEGEND = {
    "request_to_poke": "connect, request parsed by the gateway, no instance: the request is held, on_cold called",
    "poke_to_runtime_scale": "autoscaler poke → decision → PodAutoscaler reconcile → Runtime.scale(1)",
    "scale_to_spawned": "instance created → (rest of the PA reconcile, runtime flush) → process spawned",
    "spawned_to_ready": "the app's own start (see the baseline) plus waiting for the next readiness probe",
    "probe_lag_max": "from the last refused probe to the successful one: the app began listening in "
                     "between, so at most this much of spawned_to_ready is the probe period",
    "ready_to_gateway_backend": "readiness → Endpoints → the gateway's backend for the revision",
    "backend_to_connected": "the held request resumes and connects to the instance (waits behind "
                            "whatever else the event loop runs first)",
    "connected_to_upstream_byte": "the request sent, the app answers",
    "upstream_byte_to_client": "the gateway relays the first byte",
}


def pct(values: list[float], p: int) -> float:
    """The p-th percentile, linear between the closest ranks."""
    xs = sorted(values)
    pos = (len(xs) - 1) * p / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def summary(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(pct(values, 50), 2), "p90_ms": round(pct(values, 90), 2),
            "min_ms": round(min(values), 2), "max_ms": round(max(values), 2)}


def median_stages(runs: list[dict[str, Any]]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for name in runs[0]["stages_ms"]:
        values = [r["stages_ms"][name] for r in runs if r["stages_ms"][name] is not None]
        out[name] = round(statistics.median(values), 2) if values else None
    return out


def bench(runs: int) -> dict[str, Any]:
    base: dict[str, list[float]] = {"knlite_argv": [], "plain_python_m": []}
    cold: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="knlite-bench-cold-") as tmp:
        tmpdir = Path(tmp)
        for variant in base:  # warm the page cache for the interpreter and the sample
            baseline_once(variant, tmpdir)
        k = TracedKnlite(tmpdir / "state")
        try:
            k.start()
            k.kubectl("patch", "cm", "config-autoscaler", "-n", "knative-serving", "--type", "merge", "-p",
                      json.dumps({"data": {"stable-window": STABLE_WINDOW,
                                           "scale-to-zero-grace-period": GRACE}})).check()
            k.kubectl("apply", "-f", "-", input=MANIFEST).check()
            k.kubectl("wait", "--for=condition=Ready", f"ksvc/{SERVICE}", "--timeout=60s").check()
            rev = k.kubectl("get", "ksvc", SERVICE, "-o", "jsonpath={.status.latestReadyRevisionName}").check().out
            for i in range(runs):
                cold.append(knlite_once(k, rev))
                # the baseline right after, while the daemon idles through its stable window
                for variant, values in base.items():
                    values.append(baseline_once(variant, tmpdir) * 1000)
                print(f"run {i + 1}/{runs}: knlite {cold[-1]['ttfb_ms']:.1f} ms, baseline "
                      f"{base['knlite_argv'][-1]:.1f} ms (python -m: {base['plain_python_m'][-1]:.1f} ms)",
                      file=sys.stderr)
        finally:
            k.stop()

    knlite_ttfb = [r["ttfb_ms"] for r in cold]
    k_sum = summary(knlite_ttfb)
    b_sum = summary(base["knlite_argv"])
    overhead = round(k_sum["p50_ms"] - b_sum["p50_ms"], 2)
    stages = median_stages(cold)
    return {
        "benchmark": "coldstart",
        "command": f"bench/coldstart.py --runs {runs}",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "setup": {"service": SERVICE, "image": "ikubernetes/helloworld-go (knlite.samples.helloworld)",
                  "config-autoscaler": {"stable-window": STABLE_WINDOW, "scale-to-zero-grace-period": GRACE},
                  "knlite": "time from connect to the gateway to the first response byte, revision at 0/0, no pods",
                  "baseline": "time from spawning the same command line and environment knlite uses for the "
                              "image to the first response byte (connect retried every 1 ms)",
                  "baseline_plain_python_m": "the same with `python -m knlite.samples.helloworld` (site processing)",
                  "daemon": "--log-level debug, with this script's timing hooks"},
        "results": {
            "knlite": k_sum,
            "baseline": b_sum,
            "baseline_plain_python_m": summary(base["plain_python_m"]),
            "overhead_p50_ms": overhead,
            "overhead_p90_ms": round(k_sum["p90_ms"] - b_sum["p90_ms"], 2),
            # each cold start minus the baseline start measured right after it
            "overhead_paired_median_ms": round(statistics.median(
                k - b for k, b in zip(knlite_ttfb, base["knlite_argv"], strict=True)), 2),
        },
        "target": {"overhead_p50_under_ms": TARGET_OVERHEAD_MS, "met": overhead < TARGET_OVERHEAD_MS},
        "breakdown_median_ms": stages,
        "breakdown_legend": STAGES_LEGEND,
        "daemon_while_idle_at_zero": {
            "cpu_share_median": statistics.median(r["idle_before"]["daemon_cpu_share"] for r in cold),
            "reconciles_per_s_median": statistics.median(r["idle_before"]["reconciles_per_s"] for r in cold)},
        "runs": {"knlite": cold, "baseline_ms": [round(v, 2) for v in base["knlite_argv"]],
                 "baseline_plain_python_m_ms": [round(v, 2) for v in base["plain_python_m"]]},
    }


def print_table(report: dict[str, Any]) -> None:
    res = report["results"]
    print(f"{'':26} {'p50 ms':>8} {'p90 ms':>8} {'min':>8} {'max':>8}")
    for name, label in (("knlite", "knlite (scaled to zero)"), ("baseline", "baseline (app by hand)"),
                        ("baseline_plain_python_m", "  python -m (with site)")):
        s = res[name]
        print(f"{label:26} {s['p50_ms']:>8.1f} {s['p90_ms']:>8.1f} {s['min_ms']:>8.1f} {s['max_ms']:>8.1f}")
    met = "met" if report["target"]["met"] else "NOT met"
    print(f"\noverhead at p50: {res['overhead_p50_ms']:.1f} ms (target < {TARGET_OVERHEAD_MS:.0f} ms: {met}); "
          f"at p90: {res['overhead_p90_ms']:.1f} ms; median of paired runs: {res['overhead_paired_median_ms']:.1f} ms")
    idle = report["daemon_while_idle_at_zero"]
    print(f"\ndaemon before each request (revision at zero, nothing to do): {idle['cpu_share_median']:.0%} of a CPU, "
          f"{idle['reconciles_per_s_median']:.0f} reconciles/s")
    print("\nwhere the time goes (medians over runs, ms):")
    for name, value in report["breakdown_median_ms"].items():
        print(f"  {name:28} {'-' if value is None else f'{value:.1f}':>8}")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--serve-daemon":
        install_trace(sys.argv[2])
        from knlite.cli.admin import main as knlite_main

        sys.exit(knlite_main(sys.argv[3:]))
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    ap.add_argument("--runs", type=int, default=10, help="cold starts to measure (and baseline starts)")
    ap.add_argument("--output", default=str(ROOT / "bench" / "results" / "coldstart.json"))
    args = ap.parse_args()
    report = bench(args.runs)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
