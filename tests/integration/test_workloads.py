"""apps/v1 Deployments and core/v1 Services through the real kubectl and curl.

Deployments run their pod template from the local image store; Services with a selector
answer at their cluster-local names on the internal gateway and reach the selected pods.
"""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.harness import Knlite

pytestmark = pytest.mark.integration


def curl_internal(k: Knlite, host: str, path: str = "/") -> tuple[int, str]:
    p = subprocess.run(["curl", "-s", "-x", f"http://127.0.0.1:{k.internal_port}", "-w", "\n%{http_code}",
                        f"http://{host}{path}"], capture_output=True, text=True, timeout=60)
    body, _, code = p.stdout.rpartition("\n")
    return int(code), body


def pods(k: Knlite, selector: str) -> list[str]:
    return k.kubectl("get", "pods", "-l", selector, "-o", "name").check().out.split()


def wait_for(pred, what: str, timeout: float = 30):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_deployment_scale_rollout_and_service(knlite: Knlite) -> None:
    k = knlite
    k.kubectl("create", "deployment", "web", "--image=ikubernetes/helloworld-go").check()
    k.kubectl("expose", "deployment", "web", "--port=80", "--target-port=8080").check()
    k.kubectl("rollout", "status", "deployment/web", "--timeout=60s", timeout=70).check()
    code, body = curl_internal(k, "web.default.svc.cluster.local")
    assert (code, body) == (200, "Hello World!\n")
    assert curl_internal(k, "web.default")[0] == 200  # the short names resolve too

    # kubectl scale goes through the /scale subresource
    out = k.kubectl("scale", "deployment", "web", "--replicas=3").check().out
    assert out.strip() == "deployment.apps/web scaled"
    k.kubectl("rollout", "status", "deployment/web", "--timeout=60s", timeout=70).check()
    assert len(pods(k, "app=web")) == 3
    table = k.kubectl("get", "deployment", "web").check().out.splitlines()
    assert table[0].split() == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    assert table[1].split()[:4] == ["web", "3/3", "3", "3"]
    scale = k.kubectl("get", "--raw", "/apis/apps/v1/namespaces/default/deployments/web/scale").check().out
    assert '"spec":{"replicas":3}' in scale and '"selector":"app=web"' in scale

    # a template change rolls the pods: new names, new env, the Service follows
    before = set(pods(k, "app=web"))
    k.kubectl("set", "env", "deployment/web", "TARGET=Rolled").check()
    k.kubectl("rollout", "status", "deployment/web", "--timeout=60s", timeout=70).check()
    after = wait_for(lambda: (lambda p: p if len(p) == 3 and not (set(p) & before) else None)(pods(k, "app=web")),
                     "three new pods")
    assert len(after) == 3
    assert wait_for(lambda: curl_internal(k, "web.default.svc.cluster.local")[1] == "Hello Rolled!\n",
                    "the rolled pods to answer")

    # scaled to zero, the Service has no endpoints
    k.kubectl("scale", "deployment", "web", "--replicas=0").check()
    wait_for(lambda: not pods(k, "app=web"), "the pods to stop")
    code, body = curl_internal(k, "web.default.svc.cluster.local")
    assert (code, body.strip()) == (503, 'no endpoints available for service "web"')

    k.kubectl("delete", "deployment", "web").check()
    k.kubectl("delete", "service", "web").check()
    assert curl_internal(k, "web.default.svc.cluster.local")[0] == 404


def test_deployment_with_a_missing_image(knlite: Knlite) -> None:
    k = knlite
    k.kubectl("create", "deployment", "nothing", "--image=example.com/no/such:image").check()
    reason = wait_for(lambda: k.kubectl("get", "pods", "-l", "app=nothing", "-o",
                                        "jsonpath={.items[0].status.containerStatuses[0].state.waiting.reason}").out
                      in ("ErrImagePull", "ImagePullBackOff"), "the pull error")
    assert reason
    cond = k.kubectl("get", "deployment", "nothing", "-o",
                     'jsonpath={.status.conditions[?(@.type=="Available")].reason}').check().out
    assert cond == "MinimumReplicasUnavailable"
    k.kubectl("delete", "deployment", "nothing").check()


def test_plain_service_and_knative_service_of_one_name(knlite: Knlite) -> None:
    """As on Knative, a Route does not take over a Kubernetes Service it does not own (seed
    note 34: E75's Service must go before E78's ksvc of the same name)."""
    from tests import seed

    k = knlite
    k.kubectl("apply", "-f", str(seed.path("e75-deployment-service-event-display"))).check()
    k.kubectl("rollout", "status", "deployment/event-display", "--timeout=60s", timeout=70).check()
    k.kubectl("apply", "-f", str(seed.path("e78-ksvc-event-display"))).check()
    msg = wait_for(lambda: (lambda m: m if "placeholder" in m else None)(k.kubectl(
        "get", "route", "event-display", "-o",
        'jsonpath={.status.conditions[?(@.type=="IngressReady")].message}').out), "NotOwned")
    assert msg == 'There is an existing placeholder Service "event-display" that we do not own.'
    ready = k.kubectl("get", "ksvc", "event-display", "-o",
                      'jsonpath={.status.conditions[?(@.type=="Ready")].reason}').check().out
    assert ready == "NotOwned"
    # the cluster-local name stays the plain Service's: the Deployment's pod answers
    p = subprocess.run(["curl", "-s", "-x", f"http://127.0.0.1:{k.internal_port}", "-w", "\n%{http_code}",
                        "http://event-display.default.svc.cluster.local", "-H", "Ce-Id: 1", "-H", "Ce-Source: t",
                        "-H", "Ce-Type: t", "-H", "Ce-Specversion: 1.0", "-d", "{}"],
                       capture_output=True, text=True, timeout=30)
    assert p.stdout.endswith("\n200")
    deploy_pods = pods(k, "app=event-display")
    assert wait_for(lambda: "id: 1\n" in "".join(k.kubectl("logs", p_).out for p_ in deploy_pods), "the event")
    # the plain Service goes: the Knative Service becomes ready and takes the name
    k.kubectl("delete", "-f", str(seed.path("e75-deployment-service-event-display"))).check()
    k.kubectl("wait", "--for=condition=Ready", "ksvc/event-display", "--timeout=30s", timeout=40).check()
    k.kubectl("delete", "ksvc", "event-display").check()
