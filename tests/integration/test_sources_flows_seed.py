"""Sections 4.4.3, 4.4.4, 4.6.2 and 4.6.3 of the seed, through the real kubectl and curl.

ContainerSource heartbeats, ApiServerSource with its RBAC objects, the three-appender
Sequence and the image/text Parallel, each applied from the seed's manifests verbatim; the
seed's in-cluster client pod becomes curl with the internal gateway as its HTTP proxy.
Outcomes are read from event-display's log through ``kubectl logs``, as the seed does.
Where the seed offers a kn command or a manifest, the manifest is used (kn is tested on its
own).
"""

from __future__ import annotations

import json
import re
import time

import pytest

from tests import seed
from tests.harness import Knlite
from tests.integration.test_eventing_seed import curl, kubectl_logs, wait_logs, wait_ready

pytestmark = pytest.mark.integration


def apply_seed(k: Knlite, name: str) -> None:
    k.kubectl("apply", "-f", str(seed.path(name))).check()


def condition(k: Knlite, what: str, ctype: str) -> dict[str, str]:
    out = k.kubectl("get", what, "-o", f"jsonpath={{.status.conditions[?(@.type==\"{ctype}\")]}}").check().out
    return json.loads(out) if out.strip() else {}


def wait_condition(k: Knlite, what: str, ctype: str, status: str, timeout: float = 30) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    c: dict[str, str] = {}
    while time.monotonic() < deadline:
        c = condition(k, what, ctype)
        if c.get("status") == status:
            return c
        time.sleep(0.2)
    raise AssertionError(f"{what} {ctype} never became {status}: {c}")


@pytest.fixture(scope="module")
def event_display(knlite: Knlite) -> Knlite:
    """E81/E84/E112: the same event-display Knative Service, shared by every section here."""
    apply_seed(knlite, "e81-ksvc-event-display")
    wait_ready(knlite, "ksvc/event-display")
    return knlite


def test_e81_e83_containersource_heartbeats(event_display: Knlite) -> None:
    k = event_display
    apply_seed(k, "e82-containersource-heartbeat")
    wait_ready(k, "containersource/containersource-heartbeat")
    # the source's Deployment runs the heartbeats image, with K_SINK injected by its SinkBinding
    env = k.kubectl("get", "deployment", "containersource-heartbeat-deployment", "-o",
                    "jsonpath={.spec.template.spec.containers[0].env[*].name}").check().out.split()
    assert env == ["POD_NAME", "POD_NAMESPACE", "K_SINK", "K_CE_OVERRIDES"]
    sink = k.kubectl("get", "sinkbinding", "containersource-heartbeat-sinkbinding", "-o",
                     "jsonpath={.status.sinkUri}").check().out
    assert sink == "http://event-display.default.svc.cluster.local"
    pods = k.kubectl("get", "pods", "-l", "sources.knative.dev/containerSource=containersource-heartbeat",
                     "-o", "name").check().out.split()
    assert len(pods) == 1 and pods[0].startswith("pod/containersource-heartbeat-deployment-")
    pod = pods[0].removeprefix("pod/")
    log = wait_logs(k, "event-display", "type: dev.knative.eventing.samples.heartbeat", timeout=30)
    assert f"source: https://knative.dev/eventing-contrib/cmd/heartbeats/#default/{pod}\n" in log
    assert "Extensions,\n  beats: true\n  heart: yes\n  the: 42\n" in log
    assert re.search(r'Data,\n  \{\n    "id": \d+,\n    "label": ""\n  \}', log)
    # the heartbeat keeps beating: a second one arrives a period later
    wait_logs(k, "event-display", '"id": 2,', timeout=15)
    k.kubectl("delete", "containersource", "containersource-heartbeat").check()
    deadline = time.monotonic() + 20
    while k.kubectl("get", "pods", "-l", "sources.knative.dev/containerSource=containersource-heartbeat",
                    "-o", "name").out.strip():
        assert time.monotonic() < deadline, "the heartbeats pod outlived its source"
        time.sleep(0.2)
    assert k.kubectl("get", "sinkbinding", "containersource-heartbeat-sinkbinding").returncode != 0


def test_e84_e87_apiserversource_with_rbac(event_display: Knlite) -> None:
    k = event_display
    # without the seed's RBAC objects the source may not watch pods, and sends nothing
    apply_seed(k, "e86-apiserversource-pods-event")
    c = wait_condition(k, "apiserversource/pods-event", "SufficientPermissions", "False")
    assert c["message"] == ('User system:serviceaccount:default:pod-watcher cannot get, list, watch resource '
                            '"pods" in API group "" in Namespace "default"')
    assert condition(k, "apiserversource/pods-event", "Ready")["status"] == "False"
    # E85: the ServiceAccount, Role and RoleBinding grant it
    apply_seed(k, "e85-rbac-pod-watcher")
    wait_ready(k, "apiserversource/pods-event")
    attrs = k.kubectl("get", "apiserversource", "pods-event", "-o", "jsonpath={.status.ceAttributes[*].type}")
    assert attrs.check().out.split() == ["dev.knative.apiserver.ref.add", "dev.knative.apiserver.ref.delete",
                                         "dev.knative.apiserver.ref.update"]
    # a pod comes and goes: an add, then a delete, each a reference to the pod
    k.kubectl("create", "deployment", "watched", "--image=ikubernetes/helloworld-go").check()
    log = wait_logs(k, "event-display", "type: dev.knative.apiserver.ref.add", timeout=20)
    m = re.search(r"subject: /apis/v1/namespaces/default/pods/(watched-[a-z0-9]+-[a-z0-9]+)\n", log)
    assert m, log
    pod = m.group(1)
    assert (f'Data,\n  {{\n    "kind": "Pod",\n    "namespace": "default",\n    "name": "{pod}",\n'
            f'    "apiVersion": "v1"\n  }}') in log
    assert f"Extensions,\n  apiversion: v1\n  kind: Pod\n  name: {pod}\n  namespace: default\n" in log
    k.kubectl("delete", "deployment", "watched").check()
    wait_logs(k, "event-display", "type: dev.knative.apiserver.ref.delete", timeout=20)
    # taking the permission away stops it again
    k.kubectl("delete", "rolebinding", "pod-reader").check()
    wait_condition(k, "apiserversource/pods-event", "SufficientPermissions", "False")
    k.kubectl("delete", "apiserversource", "pods-event").check()


def test_e110_e116_sequence(event_display: Knlite) -> None:
    k = event_display
    apply_seed(k, "e110-ksvc-sq-appenders")
    apply_seed(k, "e112-ksvc-event-display")
    apply_seed(k, "e113-sequence-sq-demo")
    wait_ready(k, "ksvc/sq-appender-01", "ksvc/sq-appender-02", "ksvc/sq-appender-03")
    wait_ready(k, "sequence/sq-demo")
    out = k.kubectl("get", "sequences").check().out
    assert re.search(r"sq-demo\s+http://sq-demo-kn-sequence-0-kn-channel\.default\.svc\.cluster\.local\s+\S+\s+True",
                     out), out
    p = curl(k, "-v", "http://sq-demo-kn-sequence-0-kn-channel.default.svc.cluster.local", "-X", "POST",
             "-H", "Content-Type: application/cloudevents+json",
             "-d", '{"id": "0", "specversion": "1.0", "type": "com.icloud2native.sayhi", "source": "Curl", '
                   '"data": {"message":"Hello Knative Eventing Flow"}}')
    assert p.stdout.rsplit("\n", 1)[1] == "202"
    log = wait_logs(k, "event-display", "Hello Knative Eventing Flow - Handled by SQ-01 - Handled by SQ-02 - "
                    "Handled by SQ-03", timeout=30)
    assert "type: com.icloud2native.sayhi\n" in log
    # each step's channel and subscription, with Knative's names
    subs = k.kubectl("get", "subscriptions", "-o", "name").check().out.split()
    assert {f"subscription.messaging.knative.dev/sq-demo-kn-sequence-{i}" for i in range(3)} <= set(subs)
    # a removed step takes its channel and subscription with it
    k.kubectl("patch", "sequence", "sq-demo", "--type=json", "-p", '[{"op":"remove","path":"/spec/steps/2"}]').check()
    deadline = time.monotonic() + 20
    while k.kubectl("get", "inmemorychannel", "sq-demo-kn-sequence-2").returncode == 0 or \
            k.kubectl("get", "subscription", "sq-demo-kn-sequence-2").returncode == 0:
        assert time.monotonic() < deadline, "step 2's channel and subscription outlived it"
        time.sleep(0.2)
    wait_ready(k, "sequence/sq-demo")
    reply = k.kubectl("get", "subscription", "sq-demo-kn-sequence-1", "-o", "jsonpath={.spec.reply.ref.name}")
    assert reply.check().out == "event-display"


def test_e118_e125_parallel(event_display: Knlite) -> None:
    k = event_display
    apply_seed(k, "e118-ksvc-filters")
    apply_seed(k, "e120-ksvc-para-appenders")
    apply_seed(k, "e122-parallel-filetype-parallel")
    wait_ready(k, "ksvc/image-filter", "ksvc/text-filter", "ksvc/para-appender-image", "ksvc/para-appender-text")
    wait_ready(k, "parallel/filetype-parallel")
    out = k.kubectl("get", "parallels").check().out
    assert "http://filetype-parallel-kn-parallel-kn-channel.default.svc.cluster.local" in out
    for ftype in ("image", "text"):
        p = curl(k, "-v", "http://filetype-parallel-kn-parallel-kn-channel.default.svc.cluster.local", "-X", "POST",
                 "-H", "Ce-Id: 0", "-H", "Ce-Specversion: 1.0", "-H", f"Ce-Type: com.icloud2native.file.{ftype}",
                 "-H", "Ce-Source: Curl", "-H", "Content-Type: application/json",
                 "-d", '{"message": "A uploaded file by a user"}')
        assert p.stdout.rsplit("\n", 1)[1] == "202"
    log = wait_logs(k, "event-display", "A uploaded file by a user - filetype/Text", timeout=30)
    log = wait_logs(k, "event-display", "A uploaded file by a user - filetype/Image", timeout=10)
    events = log.split("☁️  cloudevents.Event")
    image = [e for e in events if "filetype/Image" in e]
    text = [e for e in events if "filetype/Text" in e]
    # each event went down its own branch only: one of each, with its own type
    assert len(image) == 1 and "type: com.icloud2native.file.image\n" in image[0]
    assert len(text) == 1 and "type: com.icloud2native.file.text\n" in text[0]
    assert kubectl_logs(k, "event-display").count("A uploaded file by a user") == 2


def test_containersource_bad_image_and_missing_sink(event_display: Knlite) -> None:
    k = event_display
    manifest = """
apiVersion: sources.knative.dev/v1
kind: ContainerSource
metadata:
  name: broken
spec:
  template:
    spec:
      containers:
        - image: example.com/no-such-image:1
          name: heartbeats
  sink:
    ref:
      apiVersion: serving.knative.dev/v1
      kind: Service
      name: nowhere
"""
    k.kubectl("apply", "-f", "-", input=manifest).check()
    c = wait_condition(k, "containersource/broken", "SinkBindingReady", "False")
    assert c["reason"] == "NoAddressable"
    assert 'services.serving.knative.dev "nowhere" not found' in c["message"]
    c = wait_condition(k, "containersource/broken", "ReceiveAdapterReady", "False")
    assert (c["reason"], c["message"]) == ("MinimumReplicasUnavailable",
                                           "Deployment does not have minimum availability.")
    assert condition(k, "containersource/broken", "Ready")["status"] == "False"
    deadline = time.monotonic() + 20
    reason = ""
    while reason not in ("ErrImagePull", "ImagePullBackOff"):
        assert time.monotonic() < deadline, reason
        reason = k.kubectl("get", "pods", "-l", "sources.knative.dev/containerSource=broken", "-o",
                           "jsonpath={.items[0].status.containerStatuses[0].state.waiting.reason}").out
        time.sleep(0.2)
    # the sink appears: the binding resolves it and the source follows
    k.kubectl("patch", "containersource", "broken", "--type=merge", "-p",
              '{"spec":{"sink":{"ref":{"name":"event-display"}}}}').check()
    wait_condition(k, "containersource/broken", "SinkBindingReady", "True")
    k.kubectl("delete", "containersource", "broken").check()


def test_sinkbinding_subjects_by_name_and_selector(event_display: Knlite) -> None:
    k = event_display
    # a binding that exists before its subject: the Knative Service's first Revision has K_SINK
    k.kubectl("apply", "-f", "-", input="""
apiVersion: sources.knative.dev/v1
kind: SinkBinding
metadata:
  name: bind-ksvc
spec:
  subject:
    apiVersion: serving.knative.dev/v1
    kind: Service
    name: bound
  sink:
    ref:
      apiVersion: serving.knative.dev/v1
      kind: Service
      name: event-display
  ceOverrides:
    extensions:
      origin: knlite
---
apiVersion: sources.knative.dev/v1
kind: SinkBinding
metadata:
  name: bind-deployments
spec:
  subject:
    apiVersion: apps/v1
    kind: Deployment
    selector:
      matchLabels:
        bind: "yes"
  sink:
    uri: http://example.default.svc.cluster.local/events
""").check()
    c = wait_condition(k, "sinkbinding/bind-ksvc", "Ready", "False")
    assert (c["reason"], c["message"]) == ("SubjectMissing", 'services.serving.knative.dev "bound" not found')
    k.kubectl("create", "deployment", "before", "--image=ikubernetes/helloworld-go").check()
    k.kubectl("label", "deployment", "before", "bind=yes").check()
    k.kubectl("apply", "-f", "-", input="""
apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: bound
spec:
  template:
    spec:
      containers:
        - image: ikubernetes/helloworld-go
          env:
            - name: TARGET
              value: bound
""").check()
    wait_ready(k, "ksvc/bound", "sinkbinding/bind-ksvc")
    env = k.kubectl("get", "revision", "bound-00001", "-o", "jsonpath={.spec.containers[0].env}").check().out
    assert json.loads(env) == [{"name": "TARGET", "value": "bound"},
                               {"name": "K_SINK", "value": "http://event-display.default.svc.cluster.local"},
                               {"name": "K_CE_OVERRIDES", "value": '{"extensions":{"origin":"knlite"}}'}]
    # an existing Deployment that comes to match the selector is patched by the reconciler
    deadline = time.monotonic() + 20
    names: list[str] = []
    while "K_SINK" not in names:
        assert time.monotonic() < deadline, names
        names = k.kubectl("get", "deployment", "before", "-o",
                          "jsonpath={.spec.template.spec.containers[0].env[*].name}").out.split()
        time.sleep(0.2)
    # deleting the bindings takes the variables out again
    k.kubectl("delete", "sinkbinding", "bind-ksvc", "bind-deployments").check()
    deadline = time.monotonic() + 20
    while "K_SINK" in k.kubectl("get", "deployment", "before", "-o",
                                "jsonpath={.spec.template.spec.containers[0].env[*].name}").out:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    env = k.kubectl("get", "ksvc", "bound", "-o", "jsonpath={.spec.template.spec.containers[0].env}").check().out
    assert json.loads(env) == [{"name": "TARGET", "value": "bound"}]
    k.kubectl("delete", "deployment", "before").check()
    k.kubectl("delete", "ksvc", "bound").check()
