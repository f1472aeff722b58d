"""Revisions that cannot serve end in a clear status, never a hung request or a crashed daemon."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.harness import Knlite

pytestmark = pytest.mark.integration


def ksvc(name: str, container: dict[str, Any], annotations: dict[str, str] | None = None) -> dict[str, Any]:
    template: dict[str, Any] = {"spec": {"containers": [container]}}
    if annotations:
        template["metadata"] = {"annotations": annotations}
    return {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": name},
            "spec": {"template": template}}


def condition(obj: dict[str, Any], ctype: str) -> dict[str, Any]:
    for c in (obj.get("status") or {}).get("conditions") or []:
        if c["type"] == ctype:
            return c
    return {}


def wait_condition(k: Knlite, what: str, ctype: str, status: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    obj: dict[str, Any] = {}
    while time.monotonic() < deadline:
        out = k.kubectl("get", what, "-o", "json")
        if out.returncode == 0:
            obj = json.loads(out.out)
            if condition(obj, ctype).get("status") == status:
                return obj
        time.sleep(0.3)
    raise AssertionError(f"{what} {ctype} never became {status}: {json.dumps(obj.get('status'), indent=1)}")


def create(k: Knlite, tmp: Path, doc: dict[str, Any]) -> None:
    path = tmp / f"{doc['metadata']['name']}.yaml"
    path.write_text(yaml.safe_dump(doc))
    k.kubectl("apply", "-f", str(path)).check()


def request_status(k: Knlite, host: str, timeout: float = 20) -> tuple[int, str, float]:
    t0 = time.monotonic()
    p = subprocess.run(["curl", "-s", "-m", str(timeout), "-H", f"Host: {host}", "-w", "\n%{http_code}",
                        f"http://127.0.0.1:{k.http_port}/"], capture_output=True, text=True)
    body, _, code = p.stdout.rpartition("\n")
    return int(code or 0), body, time.monotonic() - t0


def test_missing_image(knlite: Knlite, tmp_path: Path) -> None:
    create(knlite, tmp_path, ksvc("noimage", {"image": "example.com/does/not-exist:v1"}))
    rev = wait_condition(knlite, "revision/noimage-00001", "Ready", "False")
    healthy = condition(rev, "ContainerHealthy")
    assert healthy["reason"] == "ContainerMissing"
    assert healthy["message"].startswith('Unable to fetch image "example.com/does/not-exist:v1": ')
    svc = wait_condition(knlite, "ksvc/noimage", "Ready", "False")
    assert condition(svc, "ConfigurationsReady")["reason"] == "RevisionFailed"
    assert 'Revision "noimage-00001" failed with message: Unable to fetch image' in \
        condition(svc, "ConfigurationsReady")["message"]
    assert condition(svc, "Ready")["reason"] == "RevisionMissing"
    row = knlite.kubectl("get", "ksvc", "noimage").check().out.splitlines()[1].split()
    assert row[:2] == ["noimage", "http://noimage.default.example.com"] and "False" in row


def test_command_that_exits(knlite: Knlite, tmp_path: Path) -> None:
    create(knlite, tmp_path, ksvc("exits", {
        "image": "ikubernetes/helloworld-go", "command": ["sh", "-c", "echo 'cannot open config file' >&2; exit 3"]}))
    rev = wait_condition(knlite, "revision/exits-00001", "ContainerHealthy", "False")
    healthy = condition(rev, "ContainerHealthy")
    assert healthy["reason"] == "ExitCode3"
    assert healthy["message"].startswith("Container failed with: ")
    assert "cannot open config file" in healthy["message"]
    assert condition(rev, "Ready")["status"] == "False"
    pods = json.loads(knlite.kubectl("get", "pods", "-l", "serving.knative.dev/revision=exits-00001",
                                     "-o", "json").check().out)["items"]
    assert pods, "no pod for the failing revision"
    code, _body, took = request_status(knlite, "exits.default.example.com")
    assert code in (404, 503) and took < 15  # never routed (no ready revision) or refused, never hung


def test_probe_never_passes(knlite: Knlite, tmp_path: Path) -> None:
    create(knlite, tmp_path, ksvc("unready", {
        "image": "ikubernetes/helloworld-go",
        "readinessProbe": {"exec": {"command": ["false"]}, "periodSeconds": 1, "failureThreshold": 1},
    }, {"serving.knative.dev/progress-deadline": "10s"}))
    rev = wait_condition(knlite, "revision/unready-00001", "ResourcesAvailable", "False", timeout=60)
    assert condition(rev, "ResourcesAvailable")["reason"] == "ProgressDeadlineExceeded"
    assert condition(rev, "ResourcesAvailable")["message"] == "Initial scale was never achieved"
    svc = wait_condition(knlite, "ksvc/unready", "Ready", "False")
    assert condition(svc, "ConfigurationsReady")["status"] == "False"


def test_daemon_still_serves_after_failures(knlite: Knlite, tmp_path: Path) -> None:
    create(knlite, tmp_path, ksvc("fine", {"image": "ikubernetes/helloworld-go"}))
    wait_condition(knlite, "ksvc/fine", "Ready", "True")
    code, body, _ = request_status(knlite, "fine.default.example.com")
    assert (code, body.strip()) == (200, "Hello World!")
