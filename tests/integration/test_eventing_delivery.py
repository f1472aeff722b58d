"""Delivery guarantees through a real broker: retries, back-off, dead letters, replies, TTL, errors.

Subscribers here are small HTTP servers started by the test on loopback (Trigger sinks given
as ``uri``), so each test controls exactly how its subscriber fails and can time every
attempt. Events go in with curl through the internal gateway, as a client pod would send them.
"""

from __future__ import annotations

import base64
import itertools
import json
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.harness import Knlite

pytestmark = pytest.mark.integration

INGRESS = "http://broker-ingress.knative-eventing.svc.cluster.local"


@dataclass
class Received:
    at: float
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Sink:
    """An HTTP server recording requests; ``behave(path, n)`` decides each answer."""

    behave: Callable[[str, int], tuple[int, dict[str, str], bytes, float]]
    received: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def on(self, path: str) -> list[Received]:
        return [r for r in self.received if r.path == path]

    def wait(self, path: str, n: int, timeout: float = 20) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.on(path)
            if len(got) >= n:
                return got
            time.sleep(0.05)
        raise AssertionError(f"{path}: {len(self.on(path))} of {n} requests arrived")


@pytest.fixture
def sink() -> Iterator[Callable[..., Sink]]:
    sinks: list[Sink] = []

    def make(behave: Callable[[str, int], tuple[int, dict[str, str], bytes, float]] | None = None) -> Sink:
        s = Sink(behave or (lambda path, n: (200, {}, b"", 0.0)))

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                rec = Received(time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                s.received.append(rec)
                status, headers, out, delay = s.behave(self.path, len(s.on(self.path)))
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(out)))
                    self.end_headers()
                    self.wfile.write(out)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        s.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=s.server.serve_forever, daemon=True).start()
        sinks.append(s)
        return s

    yield make
    for s in sinks:
        assert s.server is not None
        s.server.shutdown()
        s.server.server_close()


def apply(k: Knlite, tmp: Path, *docs: dict[str, Any]) -> None:
    path = tmp / "m.yaml"
    path.write_text(yaml.safe_dump_all(docs))
    k.kubectl("apply", "-f", str(path)).check()


def broker(name: str, delivery: dict[str, Any] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "metadata": {"name": name}}
    if delivery is not None:
        doc["spec"] = {"delivery": delivery}
    return doc


def trigger(name: str, broker_name: str, uri: str, delivery: dict[str, Any] | None = None,
            **filter_spec: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"broker": broker_name, "subscriber": {"uri": uri}, **filter_spec}
    if delivery is not None:
        spec["delivery"] = delivery
    return {"apiVersion": "eventing.knative.dev/v1", "kind": "Trigger", "metadata": {"name": name}, "spec": spec}


def ready(k: Knlite, *what: str) -> None:
    k.kubectl("wait", "--for=condition=Ready", *what, "--timeout=60s", timeout=70).check()


def post(k: Knlite, path: str, event: dict[str, Any] | None = None, *, raw: str | None = None,
         headers: tuple[str, ...] = ("Content-Type: application/cloudevents+json",),
         url: str = INGRESS) -> tuple[int, str]:
    args = ["curl", "-s", "-x", f"http://127.0.0.1:{k.internal_port}", "-w", "\n%{http_code}", "-X", "POST"]
    for h in headers:
        args += ["-H", h]
    if raw is not None or event is not None:
        args += ["--data-binary", raw if raw is not None else json.dumps(event)]
    p = subprocess.run([*args, url + path], capture_output=True, text=True, timeout=60)
    body, _, code = p.stdout.rpartition("\n")
    return int(code), body


def event(etype: str, eid: str = "1", **ext: Any) -> dict[str, Any]:
    return {"specversion": "1.0", "id": eid, "source": "test", "type": etype, "data": {"n": eid}, **ext}


def test_retry_schedule_exponential_and_linear(knlite: Knlite, tmp_path: Path, sink: Callable[..., Sink]) -> None:
    s = sink(lambda path, n: (503 if n <= 2 else 200, {}, b"", 0.0))  # fails twice, then takes it
    apply(knlite, tmp_path, broker("retries"),
          trigger("exp", "retries", s.url + "/exp", {"retry": 3, "backoffPolicy": "exponential",
                                                       "backoffDelay": "PT0.2S"}, filter={"attributes": {"type": "exp"}}),
          trigger("lin", "retries", s.url + "/lin", {"retry": 3, "backoffPolicy": "linear", "backoffDelay": "PT0.3S"},
                  filter={"attributes": {"type": "lin"}}))
    ready(knlite, "broker/retries", "trigger/exp", "trigger/lin")
    assert post(knlite, "/default/retries", event("exp"))[0] == 202
    assert post(knlite, "/default/retries", event("lin"))[0] == 202
    exp = s.wait("/exp", 3)
    lin = s.wait("/lin", 3)
    time.sleep(1.0)
    assert len(s.on("/exp")) == 3 and len(s.on("/lin")) == 3  # delivered at the third attempt, no more
    gaps = [b.at - a.at for a, b in itertools.pairwise(exp)]
    assert gaps[0] == pytest.approx(0.2, abs=0.1) and gaps[1] == pytest.approx(0.4, abs=0.1), gaps
    gaps = [b.at - a.at for a, b in itertools.pairwise(lin)]
    assert gaps[0] == pytest.approx(0.0, abs=0.1) and gaps[1] == pytest.approx(0.3, abs=0.1), gaps


def test_not_retried_status(knlite: Knlite, tmp_path: Path, sink: Callable[..., Sink]) -> None:
    s = sink(lambda path, n: (400, {}, b"bad", 0.0))
    apply(knlite, tmp_path, broker("noretry"),
          trigger("four", "noretry", s.url + "/four", {"retry": 3, "backoffPolicy": "linear", "backoffDelay": "PT0.1S"}))
    ready(knlite, "broker/noretry", "trigger/four")
    post(knlite, "/default/noretry", event("x"))
    s.wait("/four", 1)
    time.sleep(1.0)
    assert len(s.on("/four")) == 1


def test_dead_letter_with_error_extensions(knlite: Knlite, tmp_path: Path, sink: Callable[..., Sink]) -> None:
    sub = sink(lambda path, n: (500, {}, b"boom", 0.0))
    dls = sink()
    apply(knlite, tmp_path, broker("dl", {"retry": 1, "deadLetterSink": {"uri": dls.url + "/dls"}}),
          trigger("dl", "dl", sub.url + "/sub"))
    ready(knlite, "broker/dl", "trigger/dl")
    assert knlite.kubectl("get", "broker", "dl", "-o", "jsonpath={.status.deadLetterSinkUri}").out == dls.url + "/dls"
    post(knlite, "/default/dl", event("boom.me", "42"))
    got = dls.wait("/dls", 1)[0]
    assert len(sub.on("/sub")) == 2  # the first attempt and one retry
    h = got.headers
    assert h["ce-id"] == "42" and h["ce-type"] == "boom.me"
    assert h["ce-knativeerrordest"] == sub.url + "/sub"
    assert h["ce-knativeerrorcode"] == "500"
    assert base64.b64decode(h["ce-knativeerrordata"]) == b"boom"
    assert "ce-knativearrivaltime" in h
    assert json.loads(got.body) == {"n": "42"}


def test_subscriber_timeout_is_retried(knlite: Knlite, tmp_path: Path, sink: Callable[..., Sink]) -> None:
    slow = sink(lambda path, n: (200, {}, b"", 2.0 if n == 1 else 0.0))  # first attempt too slow
    apply(knlite, tmp_path, broker("slow"),
          trigger("slow", "slow", slow.url + "/slow", {"retry": 2, "timeout": "PT0.5S"}))
    ready(knlite, "broker/slow", "trigger/slow")
    post(knlite, "/default/slow", event("x"))
    attempts = slow.wait("/slow", 2)
    assert attempts[1].at - attempts[0].at == pytest.approx(0.5, abs=0.25)


def test_reply_is_reingested_and_ttl_stops_loops(knlite: Knlite, tmp_path: Path, sink: Callable[..., Sink]) -> None:
    def behave(path: str, n: int) -> tuple[int, dict[str, str], bytes, float]:
        if path == "/ping":  # reply with a pong event
            return 200, {"ce-specversion": "1.0", "ce-id": f"pong-{n}", "ce-source": "replier", "ce-type": "pong",
                         "content-type": "application/json"}, b'{"reply": true}', 0.0
        if path == "/loop":  # reply with the same type: a loop only the TTL stops
            return 200, {"ce-specversion": "1.0", "ce-id": f"loop-{n}", "ce-source": "looper", "ce-type": "loop"}, b"", 0.0
        return 200, {}, b"", 0.0

    s = sink(behave)
    apply(knlite, tmp_path, broker("replies"),
          trigger("ping", "replies", s.url + "/ping", filter={"attributes": {"type": "ping"}}),
          trigger("pong", "replies", s.url + "/pong", filter={"attributes": {"type": "pong"}}),
          trigger("loop", "replies", s.url + "/loop", filter={"attributes": {"type": "loop"}}))
    ready(knlite, "broker/replies", "trigger/ping", "trigger/pong", "trigger/loop")
    post(knlite, "/default/replies", event("ping"))
    pong = s.wait("/pong", 1)[0]
    assert pong.headers["ce-type"] == "pong" and pong.headers["ce-source"] == "replier"
    assert "ce-knativearrivaltime" in pong.headers and "ce-knativebrokerttl" not in pong.headers
    post(knlite, "/default/replies", event("loop"))
    s.wait("/loop", 255, timeout=60)
    time.sleep(1.0)
    assert len(s.on("/loop")) == 255  # TTL 255 … 1, then the ingress drops it


def test_filter_dialects(knlite: Knlite, tmp_path: Path, sink: Callable[..., Sink]) -> None:
    s = sink()
    apply(knlite, tmp_path, broker("filters"),
          trigger("exact", "filters", s.url + "/exact", filters=[{"exact": {"type": "com.example.a"}}]),
          trigger("prefix", "filters", s.url + "/prefix", filters=[{"prefix": {"type": "com.example."}}]),
          trigger("suffix", "filters", s.url + "/suffix", filters=[{"suffix": {"source": "/b"}}]),
          trigger("all", "filters", s.url + "/all",
                  filters=[{"all": [{"exact": {"type": "com.example.a"}}, {"exact": {"source": "src/a"}}]}]),
          trigger("any", "filters", s.url + "/any",
                  filters=[{"any": [{"exact": {"type": "com.example.b"}}, {"exact": {"type": "other"}}]}]),
          trigger("not", "filters", s.url + "/not", filters=[{"not": {"prefix": {"type": "com.example."}}}]),
          trigger("cesql", "filters", s.url + "/cesql",
                  filters=[{"cesql": "type LIKE 'com.%' AND EXISTS myext AND myext = 'yes'"}]),
          trigger("legacy", "filters", s.url + "/legacy",
                  filter={"attributes": {"type": "com.example.a", "myext": ""}}))
    ready(knlite, "broker/filters", *(f"trigger/{n}" for n in
                                      ("exact", "prefix", "suffix", "all", "any", "not", "cesql", "legacy")))
    post(knlite, "/default/filters", {**event("com.example.a", "a"), "source": "src/a", "myext": "yes"})
    post(knlite, "/default/filters", {**event("com.example.b", "b"), "source": "src/b"})
    post(knlite, "/default/filters", {**event("other", "o"), "source": "x/b"})
    time.sleep(2.0)
    ids = {path: sorted(r.headers["ce-id"] for r in s.on(path)) for path in
           ("/exact", "/prefix", "/suffix", "/all", "/any", "/not", "/cesql", "/legacy")}
    assert ids == {"/exact": ["a"], "/prefix": ["a", "b"], "/suffix": ["b", "o"], "/all": ["a"],
                   "/any": ["b", "o"], "/not": ["o"], "/cesql": ["a"], "/legacy": ["a"]}


def test_missing_broker_channel_and_bad_events(knlite: Knlite, tmp_path: Path) -> None:
    apply(knlite, tmp_path, broker("strict"))
    ready(knlite, "broker/strict")
    code, body = post(knlite, "/default/nope", event("x"))
    assert code == 404 and "nope" in body
    code, body = post(knlite, "", event("x"), url="http://nope-kn-channel.default.svc.cluster.local")
    assert code == 404 and "nope-kn-channel.default.svc.cluster.local" in body
    bad = [
        ({"specversion": "1.0", "source": "s", "type": "t"}, "id"),
        ({"specversion": "2.0", "id": "1", "source": "s", "type": "t"}, "specversion"),
        ({"specversion": "1.0", "id": "1", "source": "s", "type": "t", "my_ext": "v"}, "my_ext"),
    ]
    for doc, word in bad:
        code, body = post(knlite, "/default/strict", doc)
        assert code == 400 and word in body, (code, body)
    code, body = post(knlite, "/default/strict", raw='{"specversion": "1.0", "id": ')
    assert code == 400
    code, body = post(knlite, "/default/strict", headers=("Ce-Specversion: 1.0", "Ce-Type: t", "Ce-Source: s"),
                      raw="{}")
    assert code == 400 and "id" in body
    big = tmp_path / "big.json"
    big.write_text(json.dumps(event("x")) + " " * (4 << 20))
    code, _ = post(knlite, "/default/strict", raw=f"@{big}")
    assert code == 413
    p = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-x",
                        f"http://127.0.0.1:{knlite.internal_port}", INGRESS + "/default/strict"],
                       capture_output=True, text=True)
    assert p.stdout == "405"
    assert post(knlite, "/default/strict", event("fine"))[0] == 202  # and the broker still works


def test_default_broker_by_injection_and_eventtype_auto_creation(knlite: Knlite) -> None:
    knlite.kubectl("create", "ns", "sugar").check()
    knlite.kubectl("label", "ns", "sugar", "eventing.knative.dev/injection=enabled").check()
    deadline = time.monotonic() + 20
    while knlite.kubectl("get", "broker", "default", "-n", "sugar").returncode != 0:
        assert time.monotonic() < deadline, "no default broker injected"
        time.sleep(0.2)
    knlite.kubectl("wait", "--for=condition=Ready", "broker/default", "-n", "sugar", "--timeout=30s").check()
    labels = knlite.kubectl("get", "broker", "default", "-n", "sugar", "-o", "jsonpath={.metadata.labels}").out
    assert json.loads(labels) == {"eventing.knative.dev/injected": "true"}
    knlite.kubectl("patch", "cm", "config-features", "-n", "knative-eventing", "--type", "merge",
                   "-p", '{"data":{"eventtype-auto-create":"enabled"}}').check()
    time.sleep(0.5)
    assert post(knlite, "/sugar/default", event("com.example.registered"))[0] == 202
    deadline = time.monotonic() + 10
    out = ""
    while time.monotonic() < deadline:
        out = knlite.kubectl("get", "eventtypes", "-n", "sugar").out
        if "com.example.registered" in out:
            break
        time.sleep(0.2)
    rows = out.splitlines()
    assert rows[0].split()[:3] == ["NAME", "TYPE", "SOURCE"], out
    assert rows[1].split()[1:3] == ["com.example.registered", "test"], out
