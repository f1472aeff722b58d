"""Section 3 of the seed document, run as written through the real kubectl and curl.

The tests run in document order against one daemon (module fixture): each builds on the
state the previous one left, as the reader of the document would. The seed's Istio ingress
IP (192.168.58.100) is the daemon's external gateway; the in-cluster client pod's requests go
to the internal gateway. Where the document uses kn (the CLI issue), the equivalent kubectl
command stands in, named in the test.
"""

from __future__ import annotations

import collections
import json
import stat
import subprocess
import time
from pathlib import Path

import psutil
import pytest
import yaml

from tests import seed
from tests.harness import Knlite

pytestmark = pytest.mark.integration


def curl(k: Knlite, host: str, internal: bool = False, path: str = "/") -> tuple[int, str]:
    port = k.internal_port if internal else k.http_port
    p = subprocess.run(["curl", "-s", "-H", f"Host: {host}", "-w", "\n%{http_code}", f"http://127.0.0.1:{port}{path}"],
                       capture_output=True, text=True, timeout=60)
    body, _, code = p.stdout.rpartition("\n")
    return int(code), body.removesuffix("\n")


def tally(k: Knlite, host: str, n: int) -> collections.Counter[str]:
    """n requests through one curl process (keep-alive), counted by answer."""
    url = f"http://127.0.0.1:{k.http_port}/"
    p = subprocess.run(["curl", "-s", "-H", f"Host: {host}", "-w", "\n", *([url] * n)],
                       capture_output=True, text=True, timeout=300)
    answers = [line for line in p.stdout.splitlines() if line]
    assert len(answers) == n, p.stderr
    return collections.Counter(answers)


def wait_ready(k: Knlite, what: str = "ksvc/hello", timeout: int = 60) -> None:
    k.kubectl("wait", "--for=condition=Ready", what, f"--timeout={timeout}s", timeout=timeout + 10).check()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def apply(k: Knlite, text: str, tmp: Path, name: str = "m.yaml") -> str:
    path = tmp / name
    path.write_text(text)
    return k.kubectl("apply", "-f", str(path)).check().out


def instance_pids(k: Knlite, revision: str) -> set[int]:
    """PIDs of the daemon's child processes running a revision (found through their K_REVISION)."""
    assert k.proc is not None
    out = set()
    for child in psutil.Process(k.proc.pid).children(recursive=True):
        try:
            if child.environ().get("K_REVISION") == revision:
                out.add(child.pid)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return out


def assert_split(counts: collections.Counter[str], expected: dict[str, float], n: int) -> None:
    for answer, share in expected.items():
        measured = counts[answer] / n
        assert abs(measured - share) <= 0.03, f"{answer}: {measured:.3f} vs {share} ({counts})"
    assert sum(counts[a] for a in expected) == n, counts


def test_e5_e12_e14_hello(knlite: Knlite, tmp_path: Path) -> None:
    knlite.kubectl("patch", "configmap/config-domain", "--namespace", "knative-serving", "--type", "merge",
                   "--patch", '{"data":{"example.com":""}}').check()
    knlite.kubectl("apply", "-f", str(seed.path("e12-service-hello"))).check()
    wait_ready(knlite)
    row = knlite.kubectl("get", "ksvc").check().out.splitlines()[1].split()
    assert row == ["hello", "http://hello.default.example.com", "hello-world", "hello-world", "True"]
    assert curl(knlite, "hello.default.example.com") == (200, "Hello World!")
    # E15/E16: from inside the "cluster" the service answers on its cluster-local names
    for host in ("hello.default.svc.cluster.local", "hello.default.svc", "hello.default"):
        assert curl(knlite, host, internal=True) == (200, "Hello World!")


def test_pods_and_logs(knlite: Knlite) -> None:
    pods = knlite.kubectl("get", "pods", "-l", "serving.knative.dev/revision=hello-world", "-o", "name").check()
    names = pods.out.split()
    assert len(names) == 1 and names[0].startswith("pod/hello-world-deployment-")
    row = knlite.kubectl("get", names[0]).check().out.splitlines()[1].split()
    assert row[1:4] == ["2/2", "Running", "0"]
    curl(knlite, "hello.default.example.com", path="/?from=logs-test")
    logs = knlite.kubectl("logs", names[0]).check()
    assert 'Defaulted container "user-container" out of: user-container, queue-proxy' in logs.stderr
    assert "helloworld: received a request" in logs.out
    follow = subprocess.Popen(["kubectl", "logs", "-f", "--tail=0", names[0]], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, env=knlite.env())
    try:
        time.sleep(1.0)
        curl(knlite, "hello.default.example.com")
        time.sleep(1.5)
    finally:
        follow.terminate()
        out, _ = follow.communicate(timeout=10)
    assert "helloworld: received a request" in out


def test_e17_e18_e19_e20_second_revision(knlite: Knlite) -> None:
    knlite.kubectl("apply", "-f", str(seed.path("e17-service-hello-002"))).check()
    wait_for(lambda: knlite.kubectl("get", "ksvc", "hello", "-o", "jsonpath={.status.latestReadyRevisionName}")
             .out == "hello-world-002")
    wait_ready(knlite)
    out = knlite.kubectl("get", "revision").check().out.splitlines()
    assert out[0].split() == ["NAME", "CONFIG", "NAME", "K8S", "SERVICE", "NAME", "GENERATION", "READY", "REASON",
                              "ACTUAL", "REPLICAS", "DESIRED", "REPLICAS"]
    rows = {line.split()[0]: line.split() for line in out[1:]}
    assert rows["hello-world"][1:4] == ["hello", "1", "True"]
    assert rows["hello-world-002"][1:4] == ["hello", "2", "True"]
    cc = knlite.kubectl("get", "revision", "hello-world-002", "-o", "jsonpath={.spec.containerConcurrency}")
    assert cc.check().out == "10"
    assert curl(knlite, "hello.default.example.com") == (200, "Hello World-002!")


def test_e29_delete_cascades_and_stops_processes(knlite: Knlite) -> None:
    pids = instance_pids(knlite, "hello-world") | instance_pids(knlite, "hello-world-002")
    assert pids, "no instance processes found"
    assert knlite.kubectl("delete", "ksvc", "hello").check().out.strip() == \
        'service.serving.knative.dev "hello" deleted'
    for kind in ("configuration", "revision", "route", "kpa", "kingress", "pods"):
        left = wait_for(lambda kind=kind: knlite.kubectl("get", kind, "-o", "name").out.strip() == "")
        assert left, f"{kind} left behind: {knlite.kubectl('get', kind, '-o', 'name').out}"
    assert wait_for(lambda: not any(psutil.pid_exists(p) for p in pids), 15)
    assert curl(knlite, "hello.default.example.com")[0] == 404


def test_e30_e31_e32_domain_suffix(knlite: Knlite, tmp_path: Path) -> None:
    editor = tmp_path / "edit.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/^  example.com: .*$/  icloud2native.com: \"\"/' \"$1\"\n")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    knlite.kubectl("edit", "cm", "config-domain", "-n", "knative-serving", env={"EDITOR": str(editor)}).check()
    # E31 (kn service create hello --image ikubernetes/helloworld-go --port 8080 --env TARGET=World)
    apply(knlite, seed.text("e45-service-two-revisions").split("---")[0], tmp_path)
    wait_ready(knlite)
    assert knlite.kubectl("get", "ksvc", "hello", "-o", "jsonpath={.status.url}").out == \
        "http://hello.default.icloud2native.com"
    assert knlite.kubectl("get", "ksvc", "hello", "-o", "jsonpath={.status.latestReadyRevisionName}").out == \
        "hello-00001"
    assert curl(knlite, "hello.default.icloud2native.com") == (200, "Hello World!")
    assert curl(knlite, "hello.default.example.com")[0] == 404


def test_e33_e39_e40_e41_e42_domain_mapping(knlite: Knlite) -> None:
    # E33 as intended (the seed's command ends with a typographic quote, see SEED-EXAMPLES note 4)
    out = knlite.kubectl("patch", "configmap", "config-network", "-n", "knative-serving", "-p",
                         '{"data":{"autocreate-cluster-domain-claims":"true"}}').check().out
    assert out.strip() == "configmap/config-network patched"
    knlite.kubectl("apply", "-f", str(seed.path("e39-domainmapping"))).check()
    wait_ready(knlite, "dm/hello.icloud2native.com")
    dm = knlite.kubectl("get", "dm").check().out.splitlines()
    assert dm[0].split() == ["NAME", "URL", "READY", "REASON"]
    assert dm[1].split() == ["hello.icloud2native.com", "http://hello.icloud2native.com", "True"]
    cdc = knlite.kubectl("get", "cdc").check().out.splitlines()
    assert cdc[0].split() == ["NAME", "AGE"] and cdc[1].split()[0] == "hello.icloud2native.com"
    assert curl(knlite, "hello.icloud2native.com") == (200, "Hello World!")


def test_e43_cluster_local_label(knlite: Knlite) -> None:
    knlite.kubectl("label", "ksvc", "hello", "networking.knative.dev/visibility=cluster-local").check()
    assert wait_for(lambda: curl(knlite, "hello.default.icloud2native.com")[0] == 404)
    assert knlite.kubectl("get", "ksvc", "hello", "-o", "jsonpath={.status.url}").out == \
        "http://hello.default.svc.cluster.local"
    assert curl(knlite, "hello.default.svc.cluster.local", internal=True) == (200, "Hello World!")
    assert curl(knlite, "hello.default.svc.cluster.local")[0] == 404  # not on the external listener
    assert curl(knlite, "hello.icloud2native.com") == (200, "Hello World!")  # the mapping still answers
    knlite.kubectl("label", "ksvc", "hello", "networking.knative.dev/visibility-").check()  # SEED note 31
    assert wait_for(lambda: curl(knlite, "hello.default.icloud2native.com")[0] == 200)


def test_e45_two_revisions(knlite: Knlite, tmp_path: Path) -> None:
    first, second = seed.text("e45-service-two-revisions").split("---")
    apply(knlite, first, tmp_path)  # unchanged from E31: still hello-00001
    apply(knlite, second, tmp_path)
    assert wait_for(lambda: knlite.kubectl("get", "ksvc", "hello", "-o",
                                           "jsonpath={.status.latestReadyRevisionName}").out == "hello-00002")
    wait_ready(knlite)
    assert curl(knlite, "hello.default.icloud2native.com") == (200, "Hello knative!")


def _traffic(knlite: Knlite, traffic: list[dict]) -> None:
    knlite.kubectl("patch", "ksvc", "hello", "--type", "merge", "-p", json.dumps({"spec": {"traffic": traffic}}))\
        .check()
    wait_for(lambda: json.loads(knlite.kubectl("get", "ksvc", "hello", "-o", "json").out)["status"]
             .get("observedGeneration") == json.loads(knlite.kubectl("get", "ksvc", "hello", "-o", "json").out)
             ["metadata"]["generation"])
    wait_ready(knlite)


def test_e46_rollback(knlite: Knlite) -> None:
    # kn service update hello --traffic hello-00001=100
    _traffic(knlite, [{"revisionName": "hello-00001", "percent": 100}])
    assert tally(knlite, "hello.default.icloud2native.com", 50) == {"Hello World!": 50}


def test_e47_split_10_90(knlite: Knlite) -> None:
    # kn service update hello --traffic hello-00001=10 --traffic hello-00002=90
    _traffic(knlite, [{"revisionName": "hello-00001", "percent": 10}, {"revisionName": "hello-00002", "percent": 90}])
    n = 4000
    assert_split(tally(knlite, "hello.default.icloud2native.com", n), {"Hello World!": 0.1, "Hello knative!": 0.9}, n)


def test_e48_latest(knlite: Knlite) -> None:
    # kn service update hello --traffic '@latest'=100
    _traffic(knlite, [{"latestRevision": True, "percent": 100}])
    assert tally(knlite, "hello.default.icloud2native.com", 50) == {"Hello knative!": 50}


def test_e49_split_10_70_20(knlite: Knlite) -> None:
    knlite.kubectl("apply", "-f", str(seed.path("e49-service-traffic-split"))).check()
    assert wait_for(lambda: knlite.kubectl("get", "ksvc", "hello", "-o",
                                           "jsonpath={.status.latestReadyRevisionName}").out == "hello-00003")
    wait_ready(knlite)
    n = 4000
    assert_split(tally(knlite, "hello.default.icloud2native.com", n),
                 {"Hello Little boy!": 0.1, "Hello knative!": 0.7, "Hello World!": 0.2}, n)


def test_e50_e54_e55_tags(knlite: Knlite) -> None:
    knlite.kubectl("apply", "-f", str(seed.path("e50-service-tags"))).check()
    assert wait_for(lambda: knlite.kubectl("get", "ksvc", "hello", "-o",
                                           "jsonpath={.status.latestReadyRevisionName}").out == "hello-00004")
    wait_ready(knlite)
    assert curl(knlite, "staging-hello.default.icloud2native.com") == (200, "Hello Cloud-Native!")
    counts = tally(knlite, "hello.default.icloud2native.com", 200)
    assert "Hello Cloud-Native!" not in counts and set(counts) == {"Hello knative!", "Hello World!"}
    doc = yaml.safe_load(knlite.kubectl("get", "ksvc", "hello", "-o", "yaml").check().out)
    tagged = [t for t in doc["status"]["traffic"] if t.get("tag") == "staging"]
    assert tagged == [{"tag": "staging", "revisionName": "hello-00004", "latestRevision": True, "percent": 0,
                       "url": "http://staging-hello.default.icloud2native.com"}]


def test_revision_gc_and_final_delete(knlite: Knlite) -> None:
    pids = set().union(*(instance_pids(knlite, f"hello-0000{i}") for i in range(1, 5)))
    knlite.kubectl("delete", "ksvc", "hello").check()
    assert wait_for(lambda: knlite.kubectl("get", "revisions", "-o", "name").out.strip() == "")
    assert wait_for(lambda: not any(psutil.pid_exists(p) for p in pids), 15)
    # the domain mapping stays (it is not owned by the Service) but has nothing to route to
    assert knlite.kubectl("get", "dm", "hello.icloud2native.com").returncode == 0
