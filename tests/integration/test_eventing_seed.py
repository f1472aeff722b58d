"""Sections 4.3.4, 4.5.1.1 and 4.5.2.4 of the seed, through the real kubectl and curl.

The seed's in-cluster client pod becomes curl on this machine with the internal gateway as
its HTTP proxy (``-x``), so the seed's URLs (``http://event-display.default.svc.cluster.local``,
``http://imc01-kn-channel.default.svc.cluster.local``,
``http://broker-ingress.knative-eventing.svc.cluster.local/default/default``) are used as
written. Where the seed uses kn (the CLI issue), the equivalent manifest stands in.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
import yaml

from tests import seed
from tests.harness import Knlite

pytestmark = pytest.mark.integration


def kubectl_logs(k: Knlite, service: str) -> str:
    pods = k.kubectl("get", "pods", "-l", f"serving.knative.dev/service={service}", "-o", "name").check().out.split()
    assert pods, f"no pod for {service}"
    return "".join(k.kubectl("logs", p).out for p in pods)


def wait_logs(k: Knlite, service: str, needle: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    out = ""
    while time.monotonic() < deadline:
        out = kubectl_logs(k, service)
        if needle in out:
            return out
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} never appeared in {service}'s log:\n{out}")


def curl(k: Knlite, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["curl", "-s", "-x", f"http://127.0.0.1:{k.internal_port}", "-w", "\n%{http_code}", *args],
                          capture_output=True, text=True, timeout=60)


def event_display_service(name: str, ns: str = "default") -> dict:
    """kn service create NAME --image ikubernetes/event_display --port 8080 --scale-min 1"""
    return {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": name, "namespace": ns},
            "spec": {"template": {"metadata": {"annotations": {"autoscaling.knative.dev/min-scale": "1"}},
                                  "spec": {"containers": [{"image": "ikubernetes/event_display",
                                                           "ports": [{"containerPort": 8080}]}]}}}}


def wait_ready(k: Knlite, *what: str, timeout: int = 60) -> None:
    k.kubectl("wait", "--for=condition=Ready", *what, f"--timeout={timeout}s", timeout=timeout + 10).check()


def test_e71_e73_e74_binary_event_to_event_display(knlite: Knlite, tmp_path: Path) -> None:
    (tmp_path / "ed.yaml").write_text(yaml.safe_dump(event_display_service("event-display")))
    knlite.kubectl("apply", "-f", str(tmp_path / "ed.yaml")).check()
    wait_ready(knlite, "ksvc/event-display")
    p = curl(knlite, "-v", "http://event-display.default.svc.cluster.local", "-X", "POST",
             "-H", "Ce-Id: say-hello", "-H", "Ce-Specversion: 1.0", "-H", "Ce-Type: com.icloud2native.sayhievent",
             "-H", "Ce-Time: 2023-12-01T11:35:56.7181741Z", "-H", "Ce-Source: sendoff",
             "-H", "Content-Type: application/json", "-d", '{"msg":"Hello littlyboy Knative!"}')
    assert p.stdout.rsplit("\n", 1)[1] == "200"
    log = wait_logs(knlite, "event-display", "say-hello")
    assert ("☁️  cloudevents.Event\n"
            "Context Attributes,\n"
            "  specversion: 1.0\n"
            "  type: com.icloud2native.sayhievent\n"
            "  source: sendoff\n"
            "  id: say-hello\n"
            "  time: 2023-12-01T11:35:56.7181741Z\n"
            "  datacontenttype: application/json\n"
            "Data,\n"
            "  {\n"
            '    "msg": "Hello littlyboy Knative!"\n'
            "  }\n") in log


def test_e89_e92_e94_e96_e97_e98_channel_fan_out(knlite: Knlite) -> None:
    for name in ("e89-channel-imc01", "e92-ksvc-event-display01-02", "e94-subscriptions-imc01"):
        knlite.kubectl("apply", "-f", str(seed.path(name))).check()
    wait_ready(knlite, "channel/imc01", "ksvc/event-display01", "ksvc/event-display02")
    wait_ready(knlite, "subscription/subscription1", "subscription/subscription2")
    rows = knlite.kubectl("get", "channels").check().out.splitlines()  # "channel" is also a category
    assert rows[1].split()[:2] == ["imc01", "http://imc01-kn-channel.default.svc.cluster.local"]
    p = curl(knlite, "-v", "http://imc01-kn-channel.default.svc.cluster.local", "-X", "POST",
             "-H", "Content-Type: application/cloudevents+json",
             "-d", '{"id": "say-hello", "specversion": "1.0", "type": "com.icloud2native.sayhi", "source": "sendoff", '
                   '"data": {"msg":"Hello Knative imc01 Channel"}}')
    assert p.stdout.rsplit("\n", 1)[1] == "202"
    for service in ("event-display01", "event-display02"):
        log = wait_logs(knlite, service, "com.icloud2native.sayhi")
        assert "  id: say-hello\n" in log and "  source: sendoff\n" in log
        assert '"msg":"Hello Knative imc01 Channel"' in log.replace(" ", "").replace("\n", "") or \
            "Hello Knative imc01 Channel" in log


def test_e101_e103_e105_e108_broker_and_triggers(knlite: Knlite) -> None:
    for name in ("e101-ksvc-event-display-hi-bye", "e103-broker-default", "e105-triggers"):
        knlite.kubectl("apply", "-f", str(seed.path(name))).check()
    wait_ready(knlite, "broker/default", "trigger/trigger1", "trigger/trigger2")
    broker = knlite.kubectl("get", "broker", "default", "-o", "jsonpath={.status.address.url}").check().out
    assert broker == "http://broker-ingress.knative-eventing.svc.cluster.local/default/default"
    ann = yaml.safe_load(knlite.kubectl("get", "broker", "default", "-o", "jsonpath={.status.annotations}").out)
    assert ann == {"knative.dev/channelAPIVersion": "messaging.knative.dev/v1",
                   "knative.dev/channelAddress": "http://default-kne-trigger-kn-channel.default.svc.cluster.local",
                   "knative.dev/channelKind": "InMemoryChannel", "knative.dev/channelName": "default-kne-trigger"}
    for kind, message in (("sayhi", "Say HI"), ("saybye", "Say BYE")):
        p = curl(knlite, "-v", "http://broker-ingress.knative-eventing.svc.cluster.local/default/default",
                 "-X", "POST", "-H", "Content-Type: application/cloudevents+json",
                 "-d", f'{{"id": "say-{kind[3:]}", "specversion": "1.0", "type": "com.icloud2native.{kind}", '
                       f'"source": "sendoff", "data": {{"msg":"Hello Knative default Broker {message}"}}}}')
        assert p.stdout.rsplit("\n", 1)[1] == "202"
    hi = wait_logs(knlite, "event-display-hi", "say-hi")
    bye = wait_logs(knlite, "event-display-bye", "say-bye")
    time.sleep(1.0)  # give a wrong delivery the chance to show up
    hi, bye = kubectl_logs(knlite, "event-display-hi"), kubectl_logs(knlite, "event-display-bye")
    assert "com.icloud2native.sayhi" in hi and "com.icloud2native.saybye" not in hi
    assert "com.icloud2native.saybye" in bye and "com.icloud2native.sayhi" not in bye
    assert "knativearrivaltime:" in hi and "knativebrokerttl" not in hi
    assert "Hello Knative default Broker Say HI" in hi
