"""Sections 4.4.1 and 4.4.2 of the seed: PingSource to a Kubernetes Service and to a Knative Service.

The manifests are applied verbatim. 4.4.1's sink is a plain Deployment + Service pair (its
pod runs ``ikubernetes/event_display`` from the local image store); 4.4.2's is a Knative
Service. Both sinks are called ``event-display``, so 4.4.2 runs in its own namespace
(``kubectl apply -n``) and the two sections share one wait for the next minute's tick of
``"* * * * *"``.
"""

from __future__ import annotations

import time

import pytest

from tests import seed
from tests.harness import Knlite
from tests.integration.test_eventing_seed import wait_ready

pytestmark = pytest.mark.integration

NS2 = "ping-ksvc"


def logs_of(k: Knlite, selector: str, ns: str = "default") -> str:
    pods = k.kubectl("get", "pods", "-n", ns, "-l", selector, "-o", "name").check().out.split()
    return "".join(k.kubectl("logs", "-n", ns, p).out for p in pods)


def test_e75_e80_pingsource_to_kubernetes_and_knative_services(knlite: Knlite) -> None:
    k = knlite
    # 4.4.1: Deployment + Service (YAML anchors and all), then the PingSource
    k.kubectl("apply", "-f", str(seed.path("e75-deployment-service-event-display"))).check()
    k.kubectl("rollout", "status", "deployment/event-display", "--timeout=60s", timeout=70).check()
    k.kubectl("apply", "-f", str(seed.path("e76-pingsource-ping-00001"))).check()
    # 4.4.2 in its own namespace: the Knative Service sink and its PingSource
    k.kubectl("create", "namespace", NS2).check()
    k.kubectl("apply", "-n", NS2, "-f", str(seed.path("e78-ksvc-event-display"))).check()
    wait_ready(k, "ksvc/event-display", "-n", NS2)
    k.kubectl("apply", "-n", NS2, "-f", str(seed.path("e79-pingsource-pingsource-00001"))).check()
    wait_ready(k, "pingsource/ping-00001")
    wait_ready(k, "pingsource/pingsource-00001", "-n", NS2)
    sink = k.kubectl("get", "pingsource", "ping-00001", "-o", "jsonpath={.status.sinkUri}").check().out
    assert sink == "http://event-display.default.svc.cluster.local"

    # one tick a minute: wait for the next one (at most ~61 s)
    deadline = time.monotonic() + 75
    want = {"default": ("app=event-display", "/apis/v1/namespaces/default/pingsources/ping-00001"),
            NS2: ("serving.knative.dev/service=event-display",
                  f"/apis/v1/namespaces/{NS2}/pingsources/pingsource-00001")}
    logs: dict[str, str] = {}
    while time.monotonic() < deadline and len(logs) < 2:
        for ns, (selector, source) in want.items():
            out = logs_of(k, selector, ns)
            if f"source: {source}\n" in out:
                logs[ns] = out
        time.sleep(0.5)
    assert len(logs) == 2, f"no tick reached both displays: {sorted(logs)}"
    for ns, (_selector, source) in want.items():
        assert ("Context Attributes,\n"
                "  specversion: 1.0\n"
                "  type: dev.knative.sources.ping\n"
                f"  source: {source}\n") in logs[ns]
        assert ("  datacontenttype: application/json\n"
                "Data,\n"
                "  {\n"
                '    "message": "Hello Eventing!"\n'
                "  }\n") in logs[ns]
    # the seed's `kubectl logs -f <pod>` works on the Deployment's pod by name
    pod = k.kubectl("get", "pods", "-l", "app=event-display", "-o", "jsonpath={.items[0].metadata.name}").check().out
    assert pod.startswith("event-display-")
    assert "dev.knative.sources.ping" in k.kubectl("logs", pod).check().out
