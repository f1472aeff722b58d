"""PingSource and GitLabSource on a real daemon, through kubectl, curl and both gateways.

The seed's E76 PingSource (every minute, to the E75 Kubernetes Service) is checked for its
status and ``kubectl get`` columns; events are checked with seconds schedules, at an
event_display Knative Service and at a recording HTTP server on loopback, which sees the
exact headers and body. A second daemon in its own state directory is stopped and restarted
under a once-a-second PingSource to show that no tick fires twice and none is caught up.
GitLab is played by a loopback server implementing the project-hooks API; webhook
deliveries are replayed from ``tests/data/gitlab/`` through the external gateway.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import seed
from tests.harness import Knlite

pytestmark = pytest.mark.integration

DATA = Path(__file__).resolve().parent.parent / "data" / "gitlab"


# -- loopback doubles -------------------------------------------------------------------------------


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.gitlab_hooks: dict[int, dict[str, Any]] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def got(self, path_prefix: str = "") -> list[dict[str, Any]]:
        with self.lock:
            return [r for r in self.requests if r["path"].startswith(path_prefix)]


class _Handler(BaseHTTPRequestHandler):
    server: _Recorder

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        entry = {"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                 "body": body, "at": time.time()}
        with self.server.lock:
            self.server.requests.append(entry)
        status, answer = 202, b""
        if self.path.startswith("/api/v4/"):
            status, answer = self._gitlab(body)
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        if answer:
            self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer)

    def _gitlab(self, body: bytes) -> tuple[int, bytes]:
        """GitLab's project hooks API, just enough of it."""
        if self.headers.get("PRIVATE-TOKEN") != "glpat-knlite":
            return 401, b'{"message":"401 Unauthorized"}'
        m = re.fullmatch(r"/api/v4/projects/([^/]+)/hooks(?:/(\d+))?", self.path)
        if m is None:
            return 404, b'{"message":"404 Not Found"}'
        hooks = self.server.gitlab_hooks
        hook_id = int(m.group(2)) if m.group(2) else None
        if self.command == "POST":
            new_id = max(hooks, default=6) + 1
            hooks[new_id] = {"id": new_id, **json.loads(body)}
            return 201, json.dumps(hooks[new_id]).encode()
        if hook_id not in hooks:
            return 404, b'{"message":"404 Not found"}'
        if self.command == "PUT":
            hooks[hook_id] = {"id": hook_id, **json.loads(body)}
        if self.command == "DELETE":
            del hooks[hook_id]
            return 204, b""
        return 200, json.dumps(hooks[hook_id]).encode()

    do_POST = do_GET = do_PUT = do_DELETE = _handle


@pytest.fixture(scope="module")
def recorder() -> Iterator[_Recorder]:
    server = _Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


# -- helpers ----------------------------------------------------------------------------------------


def apply(k: Knlite, *docs: dict[str, Any]) -> subprocess.CompletedProcess[str] | Any:
    return k.kubectl("apply", "-f", "-", input=yaml.safe_dump_all(docs))


def wait(k: Knlite, condition: str, *what: str, timeout: int = 60) -> None:
    k.kubectl("wait", f"--for=condition={condition}", *what, f"--timeout={timeout}s",
              timeout=timeout + 10).check()


def get(k: Knlite, *args: str) -> Any:
    return json.loads(k.kubectl("get", *args, "-o", "json").check().out)


def conditions(obj: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    return {c["type"]: (c["status"], c.get("reason", ""), c.get("message", ""))
            for c in (obj.get("status") or {}).get("conditions") or []}


def table(out: str) -> list[dict[str, str]]:
    """kubectl's table output as dicts (columns cut at the header's positions)."""
    lines = out.rstrip("\n").splitlines()
    header = lines[0]
    starts = [m.start() for m in re.finditer(r"\S+", header)]
    names = header.split()
    rows = []
    for line in lines[1:]:
        cells = [line[s:e].strip() for s, e in zip(starts, [*starts[1:], None], strict=True)]
        rows.append(dict(zip(names, cells, strict=True)))
    return rows


def ping(name: str, schedule: str, sink: dict[str, Any], **spec: Any) -> dict[str, Any]:
    return {"apiVersion": "sources.knative.dev/v1", "kind": "PingSource", "metadata": {"name": name},
            "spec": {"schedule": schedule, "sink": sink, **spec}}


def wait_for(predicate: Any, timeout: float = 20.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def event_display_service(name: str) -> dict[str, Any]:
    return {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": name},
            "spec": {"template": {"metadata": {"annotations": {"autoscaling.knative.dev/min-scale": "1"}},
                                  "spec": {"containers": [{"image": "ikubernetes/event_display"}]}}}}


def logs_of(k: Knlite, service: str) -> str:
    pods = k.kubectl("get", "pods", "-l", f"serving.knative.dev/service={service}", "-o", "name").check().out.split()
    return "".join(k.kubectl("logs", p).out for p in pods)


# -- PingSource ---------------------------------------------------------------------------------------


def test_e76_pingsource_status_and_columns(knlite: Knlite) -> None:
    knlite.kubectl("apply", "-f", str(seed.path("e75-deployment-service-event-display"))).check()
    knlite.kubectl("apply", "-f", str(seed.path("e76-pingsource-ping-00001"))).check()
    wait(knlite, "Ready", "pingsource/ping-00001")
    rows = table(knlite.kubectl("get", "pingsource").check().out)
    assert list(rows[0]) == ["NAME", "SINK", "SCHEDULE", "AGE", "READY", "REASON"]
    row = next(r for r in rows if r["NAME"] == "ping-00001")
    assert (row["SINK"], row["SCHEDULE"], row["READY"], row["REASON"]) == (
        "http://event-display.default.svc.cluster.local", "* * * * *", "True", "")
    src = get(knlite, "pingsource", "ping-00001")
    assert src["status"]["sinkUri"] == "http://event-display.default.svc.cluster.local"
    assert src["status"]["ceAttributes"] == [{"type": "dev.knative.sources.ping",
                                              "source": "/apis/v1/namespaces/default/pingsources/ping-00001"}]
    assert src["status"]["observedGeneration"] == src["metadata"]["generation"]
    conds = conditions(src)
    assert {t: c[0] for t, c in conds.items()} == {"Deployed": "True", "OIDCIdentityCreated": "True",
                                                   "Ready": "True", "SinkProvided": "True"}
    assert conds["OIDCIdentityCreated"][1] == "authentication.oidc feature disabled"
    # served as v1beta2 too
    beta = json.loads(knlite.kubectl("get", "pingsources.v1beta2.sources.knative.dev", "ping-00001",
                                     "-o", "json").check().out)
    assert beta["apiVersion"] == "sources.knative.dev/v1beta2" and beta["spec"]["schedule"] == "* * * * *"


def test_seconds_schedule_reaches_event_display(knlite: Knlite) -> None:
    apply(knlite, event_display_service("ping-display")).check()
    wait(knlite, "Ready", "ksvc/ping-display")
    apply(knlite, ping("ping-fast", "*/1 * * * * *", {"ref": {"apiVersion": "serving.knative.dev/v1",
                                                               "kind": "Service", "name": "ping-display"}},
                       contentType="application/json", data='{"message": "Hello Eventing!"}')).check()
    wait(knlite, "Ready", "pingsource/ping-fast")
    log = wait_for(lambda: (lambda s: s if s.count("dev.knative.sources.ping") >= 2 else "")(
        logs_of(knlite, "ping-display")), timeout=30, what="two ping events in event_display's log")
    assert "  type: dev.knative.sources.ping\n" in log
    assert "  source: /apis/v1/namespaces/default/pingsources/ping-fast\n" in log
    assert "  datacontenttype: application/json\n" in log
    assert '"message": "Hello Eventing!"' in log
    knlite.kubectl("delete", "pingsource", "ping-fast").check()


def test_seconds_schedule_exact_event(knlite: Knlite, recorder: _Recorder) -> None:
    apply(knlite, ping("ping-exact", "* * * * * *", {"uri": recorder.url + "/ping-exact"},
                       timezone="Europe/Paris", contentType="text/plain", dataBase64="aGVsbG8sIHdvcmxk",
                       ceOverrides={"extensions": {"team": "blue"}})).check()
    wait(knlite, "Ready", "pingsource/ping-exact")
    got = wait_for(lambda: (lambda g: g if len(g) >= 3 else None)(recorder.got("/ping-exact")), what="3 pings")
    knlite.kubectl("delete", "pingsource", "ping-exact").check()
    for r in got:
        h = r["headers"]
        assert (h["ce-specversion"], h["ce-type"], h["ce-source"]) == (
            "1.0", "dev.knative.sources.ping", "/apis/v1/namespaces/default/pingsources/ping-exact")
        assert h["content-type"] == "text/plain" and h["ce-team"] == "blue" and r["body"] == b"hello, world"
        assert re.fullmatch(r"[0-9a-f-]{36}", h["ce-id"]) and h["ce-time"].endswith("Z")
        assert "prefer" not in h
    assert len({r["headers"]["ce-id"] for r in got}) == len(got)
    seconds = [datetime.fromisoformat(r["headers"]["ce-time"].replace("Z", "+00:00")).replace(microsecond=0)
               for r in got]
    assert len(set(seconds)) == len(seconds)  # one event per tick; the jitter stays under half a second


PINGSOURCES = "/apis/sources.knative.dev/v1/namespaces/default/pingsources"


@pytest.mark.parametrize(("name", "spec", "field", "message"), [
    ("bad-cron", {"schedule": "foo"}, "spec.schedule", "invalid value: expected 5 to 6 fields, found 1: [foo]"),
    ("bad-range", {"schedule": "61 * * * *"}, "spec.schedule",
     "invalid value: end of range (61) above maximum (59): 61"),
    ("bad-every", {"schedule": "@every 1m"}, "spec.schedule", "invalid value: unsupported descriptor @every"),
    ("bad-tz", {"timezone": "Mars/Olympus"}, "spec.timezone",
     "invalid value: provided bad location Mars/Olympus: unknown time zone Mars/Olympus"),
    ("bad-b64", {"dataBase64": "not base64!"}, "spec.dataBase64",
     "invalid value: illegal base64 data at input byte 3"),
    ("bad-json", {"contentType": "application/json", "data": "{nope"}, "spec.data",
     "invalid value: invalid character 'n' looking for beginning of object key string"),
])
def test_invalid_pingsources_are_rejected(knlite: Knlite, name: str, spec: dict[str, Any], field: str,
                                          message: str) -> None:
    doc = ping(name, "* * * * *", {"uri": "http://127.0.0.1:9/"})
    doc["spec"].update(spec)
    out = apply(knlite, doc)
    assert out.returncode != 0
    # kubectl renders the 422 from its causes; the Status message is the webhook's
    assert f'The PingSource "{name}" is invalid: {field}: {message}' in out.stderr
    code, body, _ = knlite.request("POST", PINGSOURCES, doc)
    assert code == 422 and body["reason"] == "Invalid"
    assert body["message"] == ('admission webhook "validation.webhook.eventing.knative.dev" denied the request: '
                               f"validation failed: {message}: {field}")
    assert knlite.request("GET", f"{PINGSOURCES}/{name}")[0] == 404


def test_missing_sink_then_created(knlite: Knlite) -> None:
    apply(knlite, ping("ping-nosink", "* * * * *", {"ref": {"apiVersion": "v1", "kind": "Service",
                                                            "name": "not-there"}})).check()
    src = wait_for(lambda: (lambda s: s if conditions(s).get("SinkProvided", ("",))[0] == "False" else None)(
        get(knlite, "pingsource", "ping-nosink")), what="SinkProvided=False")
    conds = conditions(src)
    assert conds["SinkProvided"][:2] == ("False", "NotFound") and conds["Ready"][:2] == ("False", "NotFound")
    assert 'services "not-there" not found' in conds["SinkProvided"][2]
    assert "sinkUri" not in src["status"]
    row = next(r for r in table(knlite.kubectl("get", "pingsource").check().out) if r["NAME"] == "ping-nosink")
    assert (row["SINK"], row["READY"], row["REASON"]) == ("", "False", "NotFound")
    apply(knlite, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "not-there"},
                   "spec": {"ports": [{"port": 80}]}}).check()
    wait(knlite, "Ready", "pingsource/ping-nosink", timeout=20)
    knlite.kubectl("delete", "pingsource", "ping-nosink").check()


def test_restart_fires_no_tick_twice_and_catches_none_up(tmp_path: Path, recorder: _Recorder) -> None:
    k = Knlite(tmp_path / "state")
    k.start()
    try:
        apply(k, ping("ticker", "* * * * * *", {"uri": recorder.url + "/ticker"})).check()
        wait_for(lambda: len(recorder.got("/ticker")) >= 2, what="ticks before the restart")
        assert k.stop() == 0
        down_from = time.time()
        time.sleep(3.0)
        down_to = time.time()
        k.start()
        before = len(recorder.got("/ticker"))
        wait_for(lambda: len(recorder.got("/ticker")) >= before + 2, what="ticks after the restart")
        assert json.loads((tmp_path / "state" / "pingsource-ticks.json").read_text())["lastTick"]
    finally:
        k.stop()
    got = recorder.got("/ticker")
    ticks = [datetime.fromisoformat(r["headers"]["ce-time"].replace("Z", "+00:00")).replace(microsecond=0)
             for r in got]
    assert len(set(ticks)) == len(ticks), ticks
    assert not [t for t in ticks if down_from + 1 < t.timestamp() < down_to - 1], "a tick fired while down"
    arrivals_after = [r["at"] for r in got if r["at"] > down_to]
    assert all(b - a > 0.4 for a, b in itertools.pairwise(arrivals_after)), "missed ticks were caught up"


# -- GitLabSource ----------------------------------------------------------------------------------------


def gitlab_source(name: str, project_url: str, sink: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": f"{name}-secret"}, "type": "Opaque",
         "stringData": {"accessToken": "glpat-knlite", "secretToken": "hook-token"}},
        {"apiVersion": "sources.knative.dev/v1alpha1", "kind": "GitLabSource", "metadata": {"name": name},
         "spec": {"projectUrl": project_url, "eventTypes": ["push_events", "merge_requests_events", "job_events"],
                  "accessToken": {"secretKeyRef": {"name": f"{name}-secret", "key": "accessToken"}},
                  "secretToken": {"secretKeyRef": {"name": f"{name}-secret", "key": "secretToken"}},
                  "sink": sink}},
    ]


def curl(port: int, host: str, event: str | None, token: str | None, payload: Path) -> tuple[str, str]:
    args = ["curl", "-s", "-o", "-", "-w", "\n%{http_code}", "-X", "POST", f"http://127.0.0.1:{port}/",
            "-H", f"Host: {host}", "-H", "Content-Type: application/json", "--data-binary", f"@{payload}"]
    if event is not None:
        args += ["-H", f"X-Gitlab-Event: {event}"]
    if token is not None:
        args += ["-H", f"X-Gitlab-Token: {token}"]
    out = subprocess.run(args, capture_output=True, text=True, timeout=30).stdout
    body, _, code = out.rpartition("\n")
    return code, body


def test_gitlabsource_registers_its_hook_and_turns_deliveries_into_events(knlite: Knlite,
                                                                          recorder: _Recorder) -> None:
    project = recorder.url + "/mike/diaspora"
    apply(knlite, *gitlab_source("gl", project, {"uri": recorder.url + "/gitlab-sink"})).check()
    wait(knlite, "Ready", "gitlabsource/gl")
    src = get(knlite, "gitlabsource", "gl")
    hook_id = src["status"]["webhookID"]
    assert hook_id in recorder.gitlab_hooks
    host = "gl-gitlabsource.default.example.com"
    [add] = [r for r in recorder.got("/api/v4/") if r["method"] == "POST"]
    assert add["path"] == "/api/v4/projects/mike%2Fdiaspora/hooks" and add["headers"]["private-token"] == "glpat-knlite"
    assert json.loads(add["body"]) == {"url": f"http://{host}", "enable_ssl_verification": False,
                                       "token": "hook-token", "push_events": True, "merge_requests_events": True,
                                       "job_events": True}
    assert src["status"]["ceAttributes"] == [
        {"type": f"dev.knative.sources.gitlab.{t}", "source": project} for t in ("build", "merge_request", "push")]
    assert src["metadata"]["finalizers"] == ["gitlabsources.sources.knative.dev"]
    conds = conditions(src)
    assert conds["Deployed"][0] == "True" and f"http://{host}" in conds["Deployed"][2]
    assert conds["WebhookConfigured"][0] == conds["SinkProvided"][0] == "True"

    # GitLab's delivery, replayed through the external gateway
    code, body = curl(knlite.http_port, host, "Push Hook", "hook-token", DATA / "push.json")
    assert (code, body) == ("202", "")
    [event] = recorder.got("/gitlab-sink")
    h = event["headers"]
    assert (h["ce-type"], h["ce-source"], h["ce-comgitlabevent"], h["content-type"]) == (
        "dev.knative.sources.gitlab.push", project, "Push Hook", "application/json")
    assert json.loads(event["body"]) == json.loads((DATA / "push.json").read_text())
    code, _ = curl(knlite.http_port, host, "Merge Request Hook", "hook-token", DATA / "merge_request.json")
    assert code == "202" and recorder.got("/gitlab-sink")[-1]["headers"]["ce-type"] == \
        "dev.knative.sources.gitlab.merge_request"
    # and through the internal gateway, on the cluster-local name
    code, _ = curl(knlite.internal_port, "gl-gitlabsource.default.svc.cluster.local", "Job Hook", "hook-token",
                   DATA / "job.json")
    assert code == "202" and recorder.got("/gitlab-sink")[-1]["headers"]["ce-type"] == "dev.knative.sources.gitlab.job"

    sent = len(recorder.got("/gitlab-sink"))
    assert curl(knlite.http_port, host, "Push Hook", "wrong", DATA / "push.json") == (
        "400", "could parse the webhook event: token validation failed")
    assert curl(knlite.http_port, host, "Push Hook", None, DATA / "push.json")[0] == "400"
    assert curl(knlite.http_port, host, "Foo Hook", "hook-token", DATA / "push.json") == (
        "400", "could parse the webhook event: unexpected event type: Foo Hook")
    assert curl(knlite.http_port, host, None, "hook-token", DATA / "push.json") == (
        "400", "could parse the webhook event: missing X-Gitlab-Event Header")
    assert len(recorder.got("/gitlab-sink")) == sent

    # deleting the source removes the project hook, then the source
    knlite.kubectl("delete", "gitlabsource", "gl", "--timeout=30s").check()
    assert hook_id not in recorder.gitlab_hooks
    assert [r["path"] for r in recorder.got("/api/v4/") if r["method"] == "DELETE"] == [
        f"/api/v4/projects/mike%2Fdiaspora/hooks/{hook_id}"]
    assert curl(knlite.http_port, host, "Push Hook", "hook-token", DATA / "push.json")[0] == "404"


def test_gitlabsource_with_unreachable_gitlab_says_what_to_register(knlite: Knlite, recorder: _Recorder) -> None:
    apply(knlite, *gitlab_source("gl2", "http://127.0.0.1:9/team/app", {"uri": recorder.url + "/gl2"})).check()
    src = wait_for(lambda: (lambda s: s if conditions(s).get("WebhookConfigured", ("",))[0] == "False" else None)(
        get(knlite, "gitlabsource", "gl2")), what="WebhookConfigured=False")
    _, reason, message = conditions(src)["WebhookConfigured"]
    assert reason == "WebhookError"
    assert message.startswith('Error adding webhook: adding webhook to project "team/app": Post '
                              '"http://127.0.0.1:9/api/v4/projects/team%2Fapp/hooks": ')
    assert message.endswith('. Register the webhook by hand in http://127.0.0.1:9/team/app/-/hooks: URL '
                            'http://gl2-gitlabsource.default.example.com, secret token from Secret "gl2-secret" key '
                            '"secretToken", events push_events, merge_requests_events, job_events')
    assert conditions(src)["Ready"][:2] == ("False", "WebhookError")
    assert conditions(src)["Deployed"][0] == "True"
    # a hook registered by hand still gets through
    code, _ = curl(knlite.http_port, "gl2-gitlabsource.default.example.com", "Tag Push Hook", "hook-token",
                   DATA / "tag_push.json")
    assert code == "202"
    assert recorder.got("/gl2")[-1]["headers"]["ce-type"] == "dev.knative.sources.gitlab.tag_push"
    row = next(r for r in table(knlite.kubectl("get", "gitlabsource").check().out) if r["NAME"] == "gl2")
    assert (row["READY"], row["REASON"]) == ("False", "WebhookError")
    knlite.kubectl("delete", "gitlabsource", "gl2", "--timeout=30s").check()
