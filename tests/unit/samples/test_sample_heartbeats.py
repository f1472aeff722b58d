"""heartbeats as a real process, sending to a real HTTP receiver (KE cmd/heartbeats)."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from knlite.samples import _go, heartbeats

POD = {"POD_NAME": "mypod", "POD_NAMESPACE": "event-test"}


class Receiver:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.statuses: list[int] = []  # answered in order, then 202
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    receiver.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                    status = receiver.statuses.pop(0) if receiver.statuses else 202
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, n: int, timeout: float = 10.0) -> list[tuple[str, dict[str, str], bytes]]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < n and time.monotonic() < deadline:
            time.sleep(0.01)
        return list(self.requests)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()
    r.server.server_close()


def test_heartbeats_one_shot(sample: Any, receiver: Receiver) -> None:
    app = sample("heartbeats", env={**POD, "K_SINK": receiver.url + "/sink", "ONE_SHOT": "true",
                                    "K_CE_OVERRIDES": '{"extensions": {"heart": "maybe", "extra": "x"}}'},
                 args=["-label", "tick", "--msg=hello <world>"], listen=False)
    assert app.proc.wait(10) == 0
    [(path, headers, body)] = receiver.wait(1)
    assert path == "/sink"
    assert headers["ce-specversion"] == "1.0"
    assert headers["ce-type"] == "dev.knative.eventing.samples.heartbeat"
    assert headers["ce-source"] == "https://knative.dev/eventing-contrib/cmd/heartbeats/#event-test/mypod"
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", headers["ce-id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*[1-9])?Z", headers["ce-time"])
    assert headers["ce-the"] == "42" and headers["ce-beats"] == "true"
    assert headers["ce-heart"] == "maybe" and headers["ce-extra"] == "x"  # the overrides win
    assert headers["content-type"] == "application/json"
    assert body == b'{"id":1,"label":"tick","msg":"hello \\u003cworld\\u003e"}'
    err = app.stderr()
    assert "Heartbeats Source: https://knative.dev/eventing-contrib/cmd/heartbeats/#event-test/mypod" in err
    assert f"sending cloudevent to {receiver.url}/sink" in err and "failed" not in err


def test_heartbeats_period_and_proxy(sample: Any, receiver: Receiver) -> None:
    # knlite points HTTP_PROXY at its internal gateway: *.svc.cluster.local sinks go through it
    app = sample("heartbeats", env={**POD, "K_SINK": "http://event-display.default.svc.cluster.local",
                                    "HTTP_PROXY": receiver.url, "NO_PROXY": "localhost"},
                 args=["--period", "200ms", "-eventSource", "my/source", "-label", '"quoted"'], listen=False)
    requests = receiver.wait(3)
    app.proc.terminate()
    assert len(requests) >= 3
    assert [json.loads(body)["id"] for _, _, body in requests[:3]] == [1, 2, 3]
    path, headers, body = requests[0]
    assert path == "http://event-display.default.svc.cluster.local/"  # absolute form, through the proxy
    assert headers["host"] == "event-display.default.svc.cluster.local"
    assert headers["ce-source"] == "my/source"
    assert json.loads(body) == {"id": 1, "label": "quoted"}
    assert len({h["ce-id"] for _, h, _ in requests}) == len(requests)


def test_heartbeats_retries_as_sdk_go(sample: Any, receiver: Receiver) -> None:
    receiver.statuses = [503, 429]
    app = sample("heartbeats", env={**POD, "K_SINK": receiver.url, "ONE_SHOT": "1"}, listen=False)
    assert app.proc.wait(10) == 0
    requests = receiver.wait(3)
    assert len(requests) == 3 and len({h["ce-id"] for _, h, _ in requests}) == 1  # the same event, re-sent
    assert "failed" not in app.stderr()

    receiver.statuses = [400]
    app = sample("heartbeats", env={**POD, "K_SINK": receiver.url, "ONE_SHOT": "true"}, listen=False)
    assert app.proc.wait(10) == 0
    assert len(receiver.wait(4)) == 4  # a 400 is not retried
    assert "failed to send cloudevent: 400: " in app.stderr()


def test_heartbeats_configuration_errors(sample: Any) -> None:
    no_pod = sample("heartbeats", env={"K_SINK": "http://127.0.0.1:9"}, listen=False)
    assert no_pod.proc.wait(10) == 1
    assert "[ERROR] Failed to process env var: required key POD_NAME missing value" in no_pod.stderr()
    bad_period = sample("heartbeats", env=POD, args=["-period", "soon"], listen=False)
    assert bad_period.proc.wait(10) == 1
    assert 'Invalid period interval provided: "soon"' in bad_period.stderr()
    bad_flag = sample("heartbeats", env=POD, args=["-nope"], listen=False)
    assert bad_flag.proc.wait(10) == 2
    assert "flag provided but not defined: -nope" in bad_flag.stderr()
    bad_overrides = sample("heartbeats", env={**POD, "K_CE_OVERRIDES": "{nope"}, listen=False)
    assert bad_overrides.proc.wait(10) == 1
    assert "[ERROR] Unparseable CloudEvents overrides {nope:" in bad_overrides.stderr()


@pytest.mark.parametrize(("value", "seconds"), [
    ("", 5.0), ("5s", 5.0), ("1", 1.0), ("500ms", 0.5), ("1m30s", 90.0), ("1.5h", 5400.0), ("x", None),
    ("1x", None),
])
def test_parse_period(value: str, seconds: float | None) -> None:
    assert heartbeats.parse_period(value) == seconds


def test_flags_and_helpers() -> None:
    flags = heartbeats.parse_flags(["-period=1", "--label", "a", "-msg", "m", "rest", "-sink", "x"])
    assert (flags["period"], flags["label"], flags["msg"], flags["sink"]) == ("1", "a", "m", "")
    assert heartbeats.heartbeat_data(2, "", "") == b'{"id":2,"label":""}'
    assert _go.parse_duration("-1.5s") == -1.5 and _go.parse_duration("1") is None
