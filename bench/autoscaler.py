"""Scale-up latency: from a load step to the desired instances being ready, vs. the simulator.

The seed's E60 service (``autoscaling.knative.dev/target: 10`` × ``target-utilization-
percentage: 60`` = 6 concurrent requests per instance; the helloworld sample answering
``?sleep=100`` after 100 ms) runs in a real daemon, idle at one instance. Then, with the
real ``hey``:

- step 1: ``hey -c 20`` starts → ceil(20 / 6) = 4 instances wanted;
- step 2: a second ``hey -c 30`` joins it, 50 in all → ceil(50 / 6) = 9.

The PodAutoscaler is read from the API every 100 ms (what ``kubectl get kpa`` shows); for each
step the bench reports the seconds until ``desiredScale`` first reaches the count and until
``actualScale`` (ready instances) does, and hey's status codes (all must be 200). hey's
``-c`` workers are not all in flight all the time (each spends a moment between a response
and its next request), so the concurrency the gateway measures is a little lower. The
daemon runs at debug level and the bench reads the decider's own panic-window average from
its log once a step's panic window holds only the new load. For ``-c 50`` it is about 49.5;
below 48 ceil(x / 6) gives 8, not 9, so a gateway that is slow to read requests (as while
the daemon was busy-looping in reconciles: 47.3–48.5) shows as step 2 stalling at 8.

The baseline, in the same run, is the prediction of ``knlite autoscaler simulate`` — the
same decider code, deterministic — for the same manifest, the same idle time and the same
steps (a CSV trace ``0,0`` / ``S1,20`` / ``S2,50``, ``--initial-ready 1``), plus the app's own
start time measured here (the sample spawned by hand, as bench/coldstart.py does): predicted
ready = the tick at which DESIRED first reaches the count − the step's second + the app's
start. The real decider ticks every 2 s at a phase the step does not know, so the simulator
is run with the step on an even and on an odd second, and the prediction is that range. The
difference measured − predicted is what the daemon adds to the algorithm: the delay until
the first 1-second bucket holds the new load, reconcile and process start under load, and
the sampling.

    .venv/bin/python bench/autoscaler.py [--rounds 3] [--idle 10]

Each round uses a freshly created service. Writes bench/results/autoscaler.json and prints a
table. Every process it starts is stopped by its PID.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from coldstart import baseline_once  # noqa: E402

from tests import seed  # noqa: E402
from tests.harness import Knlite  # noqa: E402

MANIFEST = seed.path("e60-service-concurrency")
HOST = "hello.default.example.com"
PER_INSTANCE = 10 * 0.60  # the manifest's target × utilization
STEPS = (20, 50)  # total concurrency after each step
SETTLED = 8.0  # seconds after a step from which the panic window (6 s) holds only the new load
PA_PATH = "/apis/autoscaling.internal.knative.dev/v1alpha1/namespaces/default/podautoscalers/{}"
KNLITE = str(ROOT / ".venv" / "bin" / "knlite")


def want(concurrency: int) -> int:
    return math.ceil(concurrency / PER_INSTANCE)


class PASampler(threading.Thread):
    """(monotonic time, desiredScale, actualScale) of a PodAutoscaler every ``period`` seconds."""

    def __init__(self, k: Knlite, rev: str, period: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.k, self.path, self.period = k, PA_PATH.format(rev), period
        self.samples: list[tuple[float, int, int]] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            status, body, _ = self.k.request("GET", self.path)
            if status == 200 and isinstance(body, dict):
                st = body.get("status") or {}
                self.samples.append((time.monotonic(), int(st.get("desiredScale", -1)),
                                     int(st.get("actualScale", -1))))
            self.done.wait(self.period)

    def first(self, since: float, field: int, at_least: int) -> float | None:
        """Seconds after ``since`` until the field (1 desired, 2 actual) first reached ``at_least``."""
        return next((round(s[0] - since, 2) for s in self.samples if s[0] >= since and s[field] >= at_least), None)

    def wait_for(self, since: float, field: int, at_least: int, timeout: float) -> float | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (t := self.first(since, field, at_least)) is not None:
                return t
            time.sleep(0.05)
        return None

    def changes(self, since: float) -> list[tuple[float, int, int]]:
        out: list[tuple[float, int, int]] = []
        for t, d, a in self.samples:
            if not out or (d, a) != out[-1][1:]:
                out.append((round(t - since, 2), d, a))
        return out


def start_hey(port: int, seconds: int, concurrency: int) -> subprocess.Popen[str]:
    # the seed's URL, quoted: unquoted, bash cuts it at the first '&' anyway
    return subprocess.Popen(["hey", "-z", f"{seconds}s", "-c", str(concurrency), "-host", HOST,
                             f"http://127.0.0.1:{port}/?sleep=100"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def hey_codes(proc: subprocess.Popen[str], timeout: float) -> dict[str, int]:
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGINT)
        out, _ = proc.communicate(timeout=10)
    codes = {c: int(n) for c, n in re.findall(r"\[(\d+)\]\s+(\d+) responses", out)}
    errors = sum(int(n) for n in re.findall(r"^\s+\[(\d+)\]\s+(?:Get|Post)", out, re.M))
    if errors:
        codes["errors"] = errors
    return codes


DECISION = re.compile(r"^(\d\d):(\d\d):(\d\d) DEBUG knlite\.serving\.autoscaler\.service: autoscaler "
                      r"default/(\S+): ready=\d+ stable=([\d.]+) panic=([\d.]+)", re.M)


def observed(log: str, rev: str, since_wall: float, until_wall: float) -> float | None:
    """The median panic-window concurrency of the decisions logged (debug level) between two
    wall-clock times: the load the decider really saw."""
    values = []
    for m in DECISION.finditer(log):
        if m.group(4) != rev:
            continue
        t = time.localtime(since_wall)
        wall = time.mktime((t.tm_year, t.tm_mon, t.tm_mday, int(m.group(1)), int(m.group(2)), int(m.group(3)),
                            0, 0, t.tm_isdst))
        if since_wall <= wall < until_wall:
            values.append(float(m.group(6)))
    return round(statistics.median(values), 2) if values else None


def wait_ready(k: Knlite) -> str:
    k.kubectl("wait", "--for=condition=Ready", "ksvc/hello", "--timeout=60s").check()
    return k.kubectl("get", "ksvc", "hello", "-o", "jsonpath={.status.latestReadyRevisionName}").check().out


def wait_gone(k: Knlite, rev: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while k.kubectl("get", "pods", "-l", f"serving.knative.dev/revision={rev}", "-o", "name").out.strip():
        if time.monotonic() > deadline:
            raise RuntimeError(f"pods of {rev} still there after {timeout}s")
        time.sleep(0.5)


# -- the simulator's prediction -------------------------------------------------------------------
def simulate(s1: int, s2: int, start_delay: float, duration: int,
             loads: tuple[float, float] = STEPS) -> tuple[list[str], list[dict[str, str]]]:
    trace = f"0,0\n{s1},{loads[0]}\n{s2},{loads[1]}\n"
    cmd = [KNLITE, "autoscaler", "simulate", "-f", str(MANIFEST), "--initial-ready", "1",
           "--start-delay", f"{start_delay:.3f}", "--duration", str(duration), "-o", "csv", "-"]
    out = subprocess.run(cmd, input=trace, capture_output=True, text=True, check=True).stdout
    return cmd, list(csv.DictReader(io.StringIO(out)))


def predicted(rows: list[dict[str, str]], step_at: int, count: int, app_start: float) -> dict[str, float | None]:
    tick = next((int(r["time"]) for r in rows if int(r["time"]) >= step_at and int(r["desired"]) >= count), None)
    if tick is None:
        return {"desired_s": None, "ready_s": None}
    return {"desired_s": tick - step_at, "ready_s": round(tick - step_at + app_start, 2)}


def prediction(idle: float, gap: float, app_start: float,
               loads: tuple[float, float] = STEPS) -> dict[str, Any]:
    """The simulator run with step 1 on an even and on an odd second (step 2 keeps its offset)."""
    runs = []
    for phase in (0, 1):
        s1 = 2 * int(idle // 2) + phase
        s2 = s1 + round(gap)
        cmd, rows = simulate(s1, s2, app_start, s2 + 40, loads)
        runs.append({"trace": [[0, 0], [s1, loads[0]], [s2, loads[1]]],
                     "step1": predicted(rows, s1, want(STEPS[0]), app_start),
                     "step2": predicted(rows, s2, want(STEPS[1]), app_start),
                     "max_desired_after_step1": max(int(r["desired"]) for r in rows
                                                    if s1 <= int(r["time"]) < s2)})
    return {"command": " ".join(cmd[:-1]) + " <trace.csv>", "phases": runs}


def reach(sampler: PASampler, since: float, count: int, within: float) -> tuple[float | None, float | None]:
    """Seconds until desiredScale, then actualScale, reached ``count`` (None: not within the step)."""
    desired = sampler.wait_for(since, 1, count, within)
    if desired is None:
        return None, None
    return desired, sampler.wait_for(since, 2, count, max(0.0, since + within - time.monotonic()))


# -- one round ---------------------------------------------------------------------------------------
def round_once(k: Knlite, idle: float, hold: float, app_start: float) -> dict[str, Any]:
    k.kubectl("apply", "-f", str(MANIFEST)).check()
    rev = wait_ready(k)
    t_ready = time.monotonic()
    sampler = PASampler(k, rev)
    sampler.start()
    result: dict[str, Any] = {"revision": rev}
    try:
        time.sleep(max(0.0, t_ready + idle - time.monotonic()))
        # step 1: 20 concurrent
        t1, wall1 = time.monotonic(), time.time()
        hey1 = start_hey(k.http_port, int(2 * hold + 5), STEPS[0])
        d1, a1 = reach(sampler, t1, want(STEPS[0]), hold)
        time.sleep(max(0.0, t1 + hold - time.monotonic()))
        settled1 = sampler.samples[-1][2]
        # step 2: 30 more, 50 in all
        t2, wall2 = time.monotonic(), time.time()
        hey2 = start_hey(k.http_port, int(hold), STEPS[1] - STEPS[0])
        d2, a2 = reach(sampler, t2, want(STEPS[1]), hold)
        codes2 = hey_codes(hey2, hold + 60)
        settled2 = sampler.samples[-1][2]
        codes1 = hey_codes(hey1, 2 * hold + 65)
    finally:
        sampler.done.set()
        sampler.join(5)
    # the load the decider saw once each step's panic window was full of it
    seen = (observed(k.log(), rev, wall1 + SETTLED, wall2), observed(k.log(), rev, wall2 + SETTLED, wall2 + hold))
    result.update({
        "idle_s": round(t1 - t_ready, 2),
        "step2_after_s": round(t2 - t1, 2),
        "step1": {"concurrency": STEPS[0], "want": want(STEPS[0]), "desired_s": d1, "ready_s": a1,
                  "max_desired": max(d for t, d, _ in sampler.samples if t1 <= t < t2),
                  "actual_before_step2": settled1},
        "step2": {"concurrency": STEPS[1], "want": want(STEPS[1]), "desired_s": d2, "ready_s": a2,
                  "max_desired": max(d for t, d, _ in sampler.samples if t >= t2),
                  "actual_when_step_ended": settled2},
        "hey_codes": {"c20": codes1, "c30": codes2},
        "observed_concurrency": {"step1": seen[0], "step2": seen[1]},
        "timeline": sampler.changes(t1),
        "prediction": prediction(t1 - t_ready, t2 - t1, app_start),
        "prediction_with_observed_load": None if None in seen else
        prediction(t1 - t_ready, t2 - t1, app_start, (seen[0] or 0.0, seen[1] or 0.0)),
    })
    k.kubectl("delete", "ksvc", "hello", "--wait=true").check()
    wait_gone(k, rev)
    return result


# -- the benchmark ---------------------------------------------------------------------------------
def med(values: list[float | None]) -> float | None:
    xs = [v for v in values if v is not None]
    return round(statistics.median(xs), 2) if xs else None


def bench(rounds: int, idle: float, hold: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="knlite-bench-as-") as tmp:
        tmpdir = Path(tmp)
        baseline_once("knlite_argv", tmpdir)  # warm
        starts = [baseline_once("knlite_argv", tmpdir) for _ in range(5)]
        app_start = statistics.median(starts)
        k = Knlite(tmpdir / "state")
        results = []
        try:
            k.start(log_level="debug")  # the decisions, with the averages they saw
            for i in range(rounds):
                results.append(round_once(k, idle, hold, app_start))
                r = results[-1]
                print(f"round {i + 1}/{rounds}: step 1 ready after {r['step1']['ready_s']} s, "
                      f"step 2 after {r['step2']['ready_s']} s", file=sys.stderr)
        finally:
            k.stop()

    summary: dict[str, Any] = {}
    for step in ("step1", "step2"):
        m_desired = med([r[step]["desired_s"] for r in results])
        m_ready = med([r[step]["ready_s"] for r in results])
        p_ready = [p[step]["ready_s"] for r in results for p in r["prediction"]["phases"]]
        p_desired = [p[step]["desired_s"] for r in results for p in r["prediction"]["phases"]]
        lo = min((v for v in p_ready if v is not None), default=None)
        hi = max((v for v in p_ready if v is not None), default=None)
        summary[step] = {
            "concurrency": STEPS[0] if step == "step1" else STEPS[1],
            "want": results[0][step]["want"],
            "measured_desired_s_median": m_desired,
            "measured_ready_s_median": m_ready,
            "measured_ready_s": [r[step]["ready_s"] for r in results],
            "reached_in_rounds": f"{sum(r[step]['ready_s'] is not None for r in results)}/{len(results)}",
            # from the decision to the instances being ready: the app's start (app_start_s) under
            # load, plus the reconcile, plus up to one 100 ms sampling period
            "measured_desired_to_ready_s_median": med([None if r[step]["ready_s"] is None
                                                       or r[step]["desired_s"] is None
                                                       else r[step]["ready_s"] - r[step]["desired_s"]
                                                       for r in results]),
            "predicted_desired_s_range": [min(v for v in p_desired if v is not None),
                                          max(v for v in p_desired if v is not None)],
            "predicted_ready_s_range": [lo, hi],
            "measured_minus_predicted_s": None if m_ready is None or lo is None or hi is None
            else round(m_ready - (lo + hi) / 2, 2),
            "max_desired_seen": max(r[step]["max_desired"] for r in results),
            "observed_concurrency_median": med([r["observed_concurrency"][step] for r in results]),
            "predicted_ready_s_with_observed_load": sorted(
                {p[step]["ready_s"] for r in results if r["prediction_with_observed_load"]
                 for p in r["prediction_with_observed_load"]["phases"]}, key=lambda v: (v is None, v or 0.0)),
        }
    all_200 = all(set(c) == {"200"} for r in results for c in r["hey_codes"].values())
    return {
        "benchmark": "autoscaler",
        "command": f"bench/autoscaler.py --rounds {rounds} --idle {idle:g} --hold {hold:g}",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "setup": {"manifest": str(MANIFEST.relative_to(ROOT)), "per_instance_target": PER_INSTANCE,
                  "load": f"hey -c {STEPS[0]} '?sleep=100' after {idle:g} s idle at 1 instance; "
                          f"+ hey -c {STEPS[1] - STEPS[0]} after {hold:g} s",
                  "sampling": "PodAutoscaler status from the API every 100 ms",
                  "app_start_s": round(app_start, 3), "app_start_samples_s": [round(s, 3) for s in starts]},
        "summary": summary,
        "all_requests_200": all_200,
        "rounds": results,
    }


def print_table(report: dict[str, Any]) -> None:
    print(f"app start (by hand, median): {report['setup']['app_start_s'] * 1000:.0f} ms")
    print(f"{'step':14} {'want':>4} {'desired s':>10} {'ready s':>8} {'predicted ready s':>18} {'meas − pred':>12}"
          f" {'observed conc.':>15} {'pred. with observed':>20}")
    for step, s in report["summary"].items():
        lo, hi = s["predicted_ready_s_range"]
        label = f"{step}: -c {s['concurrency']}"
        diff = s["measured_minus_predicted_s"]
        seen = ", ".join("never" if v is None else f"{v:.2f}" for v in s["predicted_ready_s_with_observed_load"])
        print(f"{label:14} {s['want']:>4} {s['measured_desired_s_median']!s:>10} {s['measured_ready_s_median']!s:>8} "
              f"{f'{lo:.2f} – {hi:.2f}':>18} {'-' if diff is None else f'{diff:+.2f}':>12}"
              f" {s['observed_concurrency_median']!s:>15} {seen:>20}")
    print(f"\nall requests answered 200: {report['all_requests_200']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    ap.add_argument("--rounds", type=int, default=3, help="fresh services, each idle then stepped twice")
    ap.add_argument("--idle", type=float, default=10.0, help="seconds idle at one instance before step 1")
    ap.add_argument("--hold", type=float, default=20.0, help="seconds from step 1 to step 2, and of step 2")
    ap.add_argument("--output", default=str(ROOT / "bench" / "results" / "autoscaler.json"))
    args = ap.parse_args()
    report = bench(args.rounds, args.idle, args.hold)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
