"""Section 3.5 of the seed: the KPA under real load from hey, against a real daemon.

The seed's manifests are applied as written. Its hey commands are run the way bash runs them
(the unquoted ``&`` cuts the URL after ``?sleep=100``, SEED-EXAMPLES note 5), with the
gateway in place of the Istio IP. config-autoscaler's stable window and grace period are
shortened so that scale to zero fits in a test; the decider is the same.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import seed
from tests.harness import Knlite

pytestmark = pytest.mark.integration

STABLE_WINDOW = 10
GRACE = 3


@pytest.fixture(scope="module", autouse=True)
def shorter_windows(knlite: Knlite) -> None:
    knlite.kubectl("patch", "cm", "config-autoscaler", "-n", "knative-serving", "--type", "merge", "-p",
                   json.dumps({"data": {"stable-window": f"{STABLE_WINDOW}s",
                                        "scale-to-zero-grace-period": f"{GRACE}s"}})).check()


def hey(k: Knlite, seconds: int, concurrency: int, host: str = "hello.default.example.com",
        query: str = "?sleep=100") -> dict[str, int]:
    """Run the real hey; returns its status-code distribution (and "errors": failed requests)."""
    p = subprocess.run(["hey", "-z", f"{seconds}s", "-c", str(concurrency), "-host", host,
                        f"http://127.0.0.1:{k.http_port}{query}"], capture_output=True, text=True,
                       timeout=seconds + 60)
    assert p.returncode == 0, p.stderr
    codes = {c: int(n) for c, n in re.findall(r"\[(\d+)\]\s+(\d+) responses", p.stdout)}
    failed = sum(int(n) for n in re.findall(r"^\s+\[(\d+)\]\s+(?:Get|Post)", p.stdout, re.M))
    if failed:
        codes["errors"] = failed
    return codes


class Sampler(threading.Thread):
    """Reads the PodAutoscaler's scale and counts Pods from the API once a second."""

    def __init__(self, k: Knlite, pa: str) -> None:
        super().__init__(daemon=True)
        self.k, self.pa = k, pa
        self.samples: list[tuple[int, int, int]] = []  # (desired, actual, pods)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            out = self.k.kubectl("get", "kpa", self.pa, "-o", "json")
            pods = self.k.kubectl("get", "pods", "-l", f"serving.knative.dev/revision={self.pa}", "-o", "name")
            if out.returncode == 0:
                st = json.loads(out.out).get("status") or {}
                self.samples.append((st.get("desiredScale", -1), st.get("actualScale", -1),
                                     len(pods.out.split())))
            self.stop.wait(1.0)

    def __enter__(self) -> Sampler:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop.set()
        self.join(10)


def apply_seed(k: Knlite, name: str) -> str:
    k.kubectl("apply", "-f", str(seed.path(name))).check()
    rev = ""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        rev = k.kubectl("get", "ksvc", "hello", "-o", "jsonpath={.status.latestCreatedRevisionName}").out
        ready = k.kubectl("get", "ksvc", "hello", "-o", "jsonpath={.status.latestReadyRevisionName}").out
        if rev and rev == ready and "True" in k.kubectl("get", "ksvc", "hello", "-o",
                                                         "jsonpath={.status.conditions[?(@.type=='Ready')].status}").out:
            return rev
        time.sleep(0.3)
    raise AssertionError(f"ksvc hello not ready: {k.kubectl('get', 'ksvc', 'hello', '-o', 'yaml').out}")


def wait_scale(k: Knlite, pa: str, want: int, timeout: float) -> list[int]:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        st = json.loads(k.kubectl("get", "kpa", pa, "-o", "json").check().out).get("status") or {}
        seen.append(st.get("actualScale", -1))
        if st.get("desiredScale") == want and st.get("actualScale") == want:
            return seen
        time.sleep(0.5)
    raise AssertionError(f"{pa} never reached {want}: {seen[-20:]}")


def test_e60_e61_target_concurrency(knlite: Knlite) -> None:
    rev = apply_seed(knlite, "e60-service-concurrency")  # target 10 × 60 % = 6 per instance
    with Sampler(knlite, rev) as s:
        codes = hey(knlite, 25, 20)
    assert codes == {"200": sum(codes.values())}
    steady = [actual for _, actual, _ in s.samples[-8:]]
    assert steady and all(a == 4 for a in steady), s.samples  # ceil(20 / 6) = 4, as the seed says
    assert max(d for d, _, _ in s.samples) <= 5, s.samples


def test_scale_to_zero_then_cold_start(knlite: Knlite) -> None:
    rev = knlite.kubectl("get", "ksvc", "hello", "-o", "jsonpath={.status.latestReadyRevisionName}").check().out
    t0 = time.monotonic()
    wait_scale(knlite, rev, 0, STABLE_WINDOW + GRACE + 30)
    took = time.monotonic() - t0
    assert took <= STABLE_WINDOW + GRACE + 10, took
    deadline = time.monotonic() + 10
    while knlite.kubectl("get", "pods", "-l", f"serving.knative.dev/revision={rev}", "-o", "name").out.strip():
        assert time.monotonic() < deadline, "pods left after scaling to zero"
        time.sleep(0.3)
    active = json.loads(knlite.kubectl("get", "revision", rev, "-o", "json").out)["status"]["conditions"]
    assert {c["type"]: c["status"] for c in active}["Active"] == "False"
    t0 = time.monotonic()
    p = subprocess.run(["curl", "-s", "-w", "\n%{http_code}", "-H", "Host: hello.default.example.com",
                        f"http://127.0.0.1:{knlite.http_port}/"], capture_output=True, text=True, timeout=60)
    body, _, code = p.stdout.rpartition("\n")
    assert (code, body.strip()) == ("200", "Hello Knative Autoscaling Concurrency!")
    assert time.monotonic() - t0 < 10


def test_e62_e63_max_scale(knlite: Knlite) -> None:
    rev = apply_seed(knlite, "e62-service-scale-bounds")  # max-scale 3
    with Sampler(knlite, rev) as s:
        codes = hey(knlite, 20, 50)
    assert codes == {"200": sum(codes.values())}, codes  # excess requests wait, none fails
    assert max(a for _, a, _ in s.samples) == 3, s.samples
    assert max(p for _, _, p in s.samples) <= 3 and max(d for d, _, _ in s.samples) <= 3, s.samples


def test_e64_e65_rps(knlite: Knlite) -> None:
    rev = apply_seed(knlite, "e64-service-rps")  # metric rps, target 100 × 60 %, max-scale 10
    with Sampler(knlite, rev) as s:
        codes = hey(knlite, 20, 20)
    assert codes == {"200": sum(codes.values())}, codes
    peak = max(a for _, a, _ in s.samples)
    assert 2 <= peak <= 10, s.samples
    assert max(d for d, _, _ in s.samples) <= 10


def _cc1_service(tmp: Path) -> Path:
    doc = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "one"},
           "spec": {"template": {"metadata": {"annotations": {"autoscaling.knative.dev/min-scale": "1",
                                                              "autoscaling.knative.dev/max-scale": "1"}},
                                 "spec": {"containerConcurrency": 1,
                                          "containers": [{"image": "ikubernetes/helloworld-go"}]}}}}
    path = tmp / "one.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def test_container_concurrency_one_queues_then_rejects(knlite: Knlite, tmp_path: Path) -> None:
    knlite.kubectl("apply", "-f", str(_cc1_service(tmp_path))).check()
    knlite.kubectl("wait", "--for=condition=Ready", "ksvc/one", "--timeout=60s").check()
    codes = hey(knlite, 5, 10, host="one.default.example.com")  # 1 in flight + 9 waiting: all served
    assert codes == {"200": sum(codes.values())}, codes
    # beyond 1 + 10 × 1 the breaker answers 503 with queue-proxy's reason
    codes = hey(knlite, 5, 30, host="one.default.example.com")
    assert codes.get("200", 0) > 0 and codes.get("503", 0) > 0, codes
    url = f"http://127.0.0.1:{knlite.http_port}/?sleep=2000"
    bodies: list[str] = []

    def one() -> None:
        r = subprocess.run(["curl", "-s", "-m", "10", "-H", "Host: one.default.example.com", url],
                           capture_output=True, text=True)
        bodies.append(r.stdout)

    threads = [threading.Thread(target=one) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert any("pending request queue full" in b for b in bodies), bodies
    assert any(b.startswith("Slept for") for b in bodies), bodies  # the autoscale sample's answer


def test_hpa_class_scales_on_cpu_and_never_to_zero(knlite: Knlite, tmp_path: Path) -> None:
    doc = {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "cpu"},
           "spec": {"template": {"metadata": {"annotations": {
               "autoscaling.knative.dev/class": "hpa.autoscaling.knative.dev",
               "autoscaling.knative.dev/metric": "cpu", "autoscaling.knative.dev/target": "30",
               "autoscaling.knative.dev/max-scale": "3"}},
               "spec": {"containers": [{"image": "ikubernetes/helloworld-go",
                                        "resources": {"requests": {"cpu": "100m"}}}]}}}}
    path = tmp_path / "cpu.yaml"
    path.write_text(yaml.safe_dump(doc))
    knlite.kubectl("apply", "-f", str(path)).check()
    knlite.kubectl("wait", "--for=condition=Ready", "ksvc/cpu", "--timeout=60s").check()
    rev = knlite.kubectl("get", "ksvc", "cpu", "-o", "jsonpath={.status.latestReadyRevisionName}").check().out
    with Sampler(knlite, rev) as s:
        codes = hey(knlite, 15, 4, host="cpu.default.example.com", query="?prime=200000")
    assert codes.get("200", 0) > 0, codes
    peak = max(a for _, a, _ in s.samples)
    assert 2 <= peak <= 3, s.samples  # CPU far above 30 % of the 100m request: scaled out, capped at 3
    time.sleep(STABLE_WINDOW + GRACE + 5)
    status = json.loads(knlite.kubectl("get", "kpa", rev, "-o", "json").check().out)["status"]
    assert status["desiredScale"] >= 1 and status["actualScale"] >= 1  # the HPA class never scales to zero
