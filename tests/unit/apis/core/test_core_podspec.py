"""PodSpec/Container schemas: merge keys, strictness, and Knative's published RevisionSpec."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.apis import schema
from knlite.apis.core.podspec import CONTAINER, POD_SPEC, POD_TEMPLATE_SPEC, revision_spec_schema
from knlite.apis.schema import MERGE_KEY, subschema


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (["containers"], "name"),
        (["initContainers"], "name"),
        (["volumes"], "name"),
        (["imagePullSecrets"], "name"),
        (["containers", "env"], "name"),
        (["containers", "ports"], "containerPort"),
        (["containers", "volumeMounts"], "mountPath"),
    ],
)
def test_merge_keys(path: list[str], key: str) -> None:
    node = subschema(POD_SPEC, path[:-1]) if len(path) > 1 else POD_SPEC
    assert node is not None
    while node.get("type") == "array":
        node = node["items"]
    assert node["properties"][path[-1]][MERGE_KEY] == key


POD = {
    "containers": [{
        "name": "app", "image": "x/y:1", "command": ["/app"], "args": ["--port", "8080"], "workingDir": "/srv",
        "env": [{"name": "A", "value": "1"},
                {"name": "B", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k"}}},
                {"name": "C", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k", "optional": True}}},
                {"name": "D", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                {"name": "E", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1m"}}}],
        "envFrom": [{"configMapRef": {"name": "cm"}, "prefix": "X_"}, {"secretRef": {"name": "s"}}],
        "ports": [{"containerPort": 8080, "name": "http1", "protocol": "TCP"}],
        "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}, "requests": {"cpu": 1}},
        "readinessProbe": {"httpGet": {"path": "/", "port": 8080, "httpHeaders": [{"name": "X", "value": "y"}]},
                           "periodSeconds": 5},
        "livenessProbe": {"tcpSocket": {"port": "http1"}, "initialDelaySeconds": 3},
        "startupProbe": {"grpc": {"port": 9000}},
        "lifecycle": {"preStop": {"exec": {"command": ["sleep", "5"]}}},
        "volumeMounts": [{"name": "cfg", "mountPath": "/etc/cfg", "readOnly": True}],
        "securityContext": {"runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}},
        "imagePullPolicy": "IfNotPresent", "terminationMessagePolicy": "FallbackToLogsOnError",
    }],
    "volumes": [{"name": "cfg", "configMap": {"name": "cm", "items": [{"key": "a", "path": "a"}]}},
                {"name": "tmp", "emptyDir": {"medium": "Memory", "sizeLimit": "64Mi"}},
                {"name": "proj", "projected": {"sources": [{"serviceAccountToken": {"path": "token"}}]}}],
    "serviceAccountName": "sa", "imagePullSecrets": [{"name": "reg"}], "enableServiceLinks": False,
    "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
        {"matchExpressions": [{"key": "k", "operator": "In", "values": ["v"]}]}]}}},
    "tolerations": [{"key": "k", "operator": "Exists", "effect": "NoSchedule"}],
    "nodeSelector": {"disk": "ssd"}, "terminationGracePeriodSeconds": 30, "restartPolicy": "Always",
}


def test_full_pod_spec_is_known() -> None:
    assert schema.check(POD, POD_SPEC) == []
    assert schema.check({"metadata": {"labels": {"app": "x"}}, "spec": POD}, POD_TEMPLATE_SPEC) == []


@pytest.mark.parametrize(
    ("value", "issue"),
    [
        ({"containers": [{"name": "a", "imagee": "x"}]}, ("unknown", "containers[0].imagee")),
        ({"containers": [{"name": "a", "ports": [{"containerPort": "80"}]}]},
         ("type", "containers[0].ports[0].containerPort")),
        ({"containers": [{"name": "a", "resources": {"limits": {"cpu": True}}}]},
         ("type", "containers[0].resources.limits.cpu")),
        ({"containers": [{"image": "x"}]}, ("required", "containers[0].name")),
    ],
)
def test_pod_spec_checks(value: dict[str, Any], issue: tuple[str, str]) -> None:
    assert [(i.kind, i.path) for i in schema.check(value, POD_SPEC)] == [issue]


def test_revision_spec_is_knatives_cut() -> None:
    rs = revision_spec_schema()
    props = rs["properties"]
    for f in ("containerConcurrency", "timeoutSeconds", "responseStartTimeoutSeconds", "idleTimeoutSeconds"):
        assert props[f]["type"] == "integer"
    for f in ("hostNetwork", "restartPolicy", "terminationGracePeriodSeconds", "nodeName"):
        assert f not in props
    container = props["containers"]["items"]
    assert "required" not in container  # names are defaulted by the webhook
    for f in ("lifecycle", "startupProbe", "stdin", "tty", "volumeDevices"):
        assert f not in container["properties"]
    assert "terminationGracePeriodSeconds" not in container["properties"]["readinessProbe"]["properties"]
    assert "hostPort" not in container["properties"]["ports"]["items"]["properties"]
    assert "hostPath" not in props["volumes"]["items"]["properties"]
    # the full Kubernetes schemas are left untouched
    assert "lifecycle" in CONTAINER["properties"] and "hostNetwork" in POD_SPEC["properties"]


def test_descriptions_for_kubectl_explain() -> None:
    assert CONTAINER["description"].startswith("A single application container")
    assert POD_SPEC["properties"]["containers"]["description"]
    assert revision_spec_schema()["properties"]["containerConcurrency"]["description"].startswith("ContainerConcurrency")
