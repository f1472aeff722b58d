"""Service, Configuration and Revision builders (pure functions of their parent)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from knlite.reconciler.configuration import resources as config_resources
from knlite.reconciler.revision import resources as rev_resources
from knlite.reconciler.service import resources as svc_resources

SVC = {
    "apiVersion": "serving.knative.dev/v1", "kind": "Service",
    "metadata": {"name": "hello", "namespace": "default", "uid": "svc-uid", "labels": {"team": "a"},
                 "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}",
                                 "serving.knative.dev/rollout-duration": "380s", "note": "x"}},
    "spec": {"template": {"spec": {"containers": [{"image": "img"}]}},
             "traffic": [{"latestRevision": True, "percent": 90}, {"revisionName": "hello-00001", "percent": 10}]},
}


def test_configuration_from_service() -> None:
    c = svc_resources.make_configuration(SVC, "other")
    assert c["metadata"]["labels"] == {"team": "a", "serving.knative.dev/service": "hello",
                                       "serving.knative.dev/serviceUID": "svc-uid"}
    assert c["metadata"]["annotations"] == {"note": "x", "serving.knative.dev/routes": "hello,other"}
    assert c["metadata"]["ownerReferences"][0]["uid"] == "svc-uid"
    assert c["spec"] == {"template": SVC["spec"]["template"]}


def test_route_from_service() -> None:
    r = svc_resources.make_route(SVC)
    assert r["metadata"]["labels"] == {"team": "a", "serving.knative.dev/service": "hello"}
    assert r["metadata"]["annotations"] == {"serving.knative.dev/rollout-duration": "380s", "note": "x"}
    assert r["spec"]["traffic"] == [{"latestRevision": True, "percent": 90, "configurationName": "hello"},
                                    {"revisionName": "hello-00001", "percent": 10}]


def _config(generation: int, template_name: str = "", routes: str = "") -> dict:
    meta: dict = {"name": "hello", "namespace": "default", "uid": "cfg-uid", "generation": generation,
                  "labels": {"serving.knative.dev/service": "hello", "serving.knative.dev/serviceUID": "svc-uid"},
                  "annotations": {"serving.knative.dev/lastModifier": "alice"}}
    if routes:
        meta["annotations"]["serving.knative.dev/routes"] = routes
    tmeta: dict = {"labels": {"x": "y"}}
    if template_name:
        tmeta["name"] = template_name
    return {"apiVersion": "serving.knative.dev/v1", "kind": "Configuration", "metadata": meta, "spec": {"template": {"metadata": tmeta, "spec": {"containers": [{"image": "i"}]}}}}


@pytest.mark.parametrize(
    "generation, template_name, expected",
    [(1, "", "hello-00001"), (12, "", "hello-00012"), (123456, "", "hello-123456"), (3, "hello-world", "hello-world")],
)
def test_revision_names(generation: int, template_name: str, expected: str) -> None:
    assert config_resources.revision_name(_config(generation, template_name)) == expected


@pytest.mark.parametrize("routes, state", [("", "pending"), ("hello", "active")])
def test_revision_from_configuration(routes: str, state: str) -> None:
    now = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    rev = config_resources.make_revision(_config(2, routes=routes), now)
    labels = rev["metadata"]["labels"]
    assert labels == {"x": "y", "serving.knative.dev/configuration": "hello",
                      "serving.knative.dev/configurationGeneration": "2",
                      "serving.knative.dev/configurationUID": "cfg-uid", "serving.knative.dev/service": "hello",
                      "serving.knative.dev/serviceUID": "svc-uid", "serving.knative.dev/routingState": state}
    ann = rev["metadata"]["annotations"]
    assert ann["serving.knative.dev/creator"] == "alice"
    assert ann["serving.knative.dev/routingStateModified"] == "2024-01-02T03:04:05Z"
    assert rev["metadata"]["ownerReferences"][0]["kind"] == "Configuration"


REV = {
    "metadata": {"name": "hello-00001", "namespace": "default", "uid": "rev-uid",
                 "labels": {"serving.knative.dev/configuration": "hello", "serving.knative.dev/service": "hello",
                            "serving.knative.dev/routingState": "active"},
                 "annotations": {"serving.knative.dev/routes": "hello", "autoscaling.knative.dev/min-scale": "1"}},
    "spec": {"containerConcurrency": 10, "timeoutSeconds": 300, "containers": [{
        "name": "user-container", "image": "img", "ports": [{"containerPort": 8080}],
        "env": [{"name": "TARGET", "value": "World"},
                {"name": "FROM_CM", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k"}}},
                {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
        "envFrom": [{"secretRef": {"name": "sec"}, "prefix": "S_"}],
        "readinessProbe": {"successThreshold": 1, "tcpSocket": {"port": 0}},
        "resources": {"limits": {"cpu": "500m", "memory": "128Mi"}}}]},
}
OBJECTS = {("ConfigMap", "cm"): {"data": {"k": "v"}}, ("Secret", "sec"): {"data": {"PASS": "czNjcmV0"}}}


def test_workload_from_revision() -> None:
    w = rev_resources.make_workload(REV, lambda kind, ns, name: OBJECTS.get((kind, name)))
    c = w.containers[0]
    assert dict(c.env) == {"S_PASS": "s3cret", "TARGET": "World", "FROM_CM": "v", "K_REVISION": "hello-00001",
                           "K_CONFIGURATION": "hello", "K_SERVICE": "hello"}
    assert c.env_field_refs == (("POD", "metadata.name"),)
    assert c.port == 8080 and c.serving
    assert c.readiness is not None and c.readiness.kind == "tcp" and c.readiness.period_seconds == 0
    assert (c.cpu_limit_millis, c.memory_limit_bytes) == (500, 128 << 20)
    assert w.pod_name_prefix.startswith("hello-00001-deployment-")
    assert w.labels["serving.knative.dev/revision"] == "hello-00001"
    assert "serving.knative.dev/routingState" not in w.labels
    assert w.virtual_containers == ("queue-proxy",)


def test_missing_env_source_is_an_error() -> None:
    with pytest.raises(rev_resources.EnvError, match='secret "sec" not found'):
        rev_resources.make_workload(REV, lambda kind, ns, name: None)


def test_pa_from_revision() -> None:
    pa = rev_resources.make_pa(REV)
    assert pa["metadata"]["name"] == "hello-00001"
    assert pa["spec"] == {"containerConcurrency": 10, "protocolType": "http1", "reachability": "Reachable",
                          "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment",
                                             "name": "hello-00001-deployment"}}
    assert pa["metadata"]["annotations"] == {"autoscaling.knative.dev/min-scale": "1"}
