"""Registration (§1.1, §8.1), schemas and the seed manifests of the serving kinds."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from knlite.apis import autoscaling, networking, schema, serving
from knlite.apis.admission import StaticContext
from knlite.apis.fielderrors import Level
from knlite.apis.registry import Registry

DATA = Path(__file__).resolve().parents[3] / "data" / "seed"


@pytest.fixture(scope="module")
def reg() -> Registry:
    r = Registry()
    serving.register(r)
    autoscaling.register(r)
    networking.register(r)
    return r


@pytest.mark.parametrize(
    ("group", "kind", "version", "plural", "short", "categories", "namespaced", "columns"),
    [
        ("serving.knative.dev", "Service", "v1", "services", ("kservice", "ksvc"), ("all", "knative", "serving"), True,
         ["URL", "LatestCreated", "LatestReady", "Ready", "Reason"]),
        ("serving.knative.dev", "Configuration", "v1", "configurations", ("config", "cfg"),
         ("all", "knative", "serving"), True, ["LatestCreated", "LatestReady", "Ready", "Reason"]),
        ("serving.knative.dev", "Revision", "v1", "revisions", ("rev",), ("all", "knative", "serving"), True,
         ["Config Name", "K8s Service Name", "Generation", "Ready", "Reason", "Actual Replicas", "Desired Replicas"]),
        ("serving.knative.dev", "Route", "v1", "routes", ("rt",), ("all", "knative", "serving"), True,
         ["URL", "Ready", "Reason"]),
        ("serving.knative.dev", "DomainMapping", "v1beta1", "domainmappings", ("dm",), ("all", "knative", "serving"),
         True, ["URL", "Ready", "Reason"]),
        ("autoscaling.internal.knative.dev", "PodAutoscaler", "v1alpha1", "podautoscalers", ("kpa", "pa"),
         ("knative-internal", "autoscaling"), True, ["DesiredScale", "ActualScale", "Ready", "Reason"]),
        ("autoscaling.internal.knative.dev", "Metric", "v1alpha1", "metrics", (), ("knative-internal", "autoscaling"),
         True, ["Ready", "Reason"]),
        ("networking.internal.knative.dev", "ServerlessService", "v1alpha1", "serverlessservices", ("sks",),
         ("knative-internal", "networking"), True,
         ["Mode", "Activators", "ServiceName", "PrivateServiceName", "Ready", "Reason"]),
        ("networking.internal.knative.dev", "Certificate", "v1alpha1", "certificates", ("kcert",),
         ("knative-internal", "networking"), True, ["Ready", "Reason"]),
        ("networking.internal.knative.dev", "ClusterDomainClaim", "v1alpha1", "clusterdomainclaims", ("cdc",),
         ("knative-internal", "networking"), False, None),
        ("networking.internal.knative.dev", "Ingress", "v1alpha1", "ingresses", ("kingress", "king"),
         ("knative-internal", "networking"), True, ["Ready", "Reason"]),
    ],
)
def test_registered(reg: Registry, group: str, kind: str, version: str, plural: str, short: tuple[str, ...],
                    categories: tuple[str, ...], namespaced: bool, columns: list[str] | None) -> None:
    rt = reg.by_kind(group, kind)
    assert rt is not None
    assert rt.versions == (version,) and rt.plural == plural and rt.short_names == short
    assert rt.categories == categories and rt.namespaced is namespaced
    assert (None if rt.columns is None else [c.name for c in rt.columns]) == columns
    if group == "serving.knative.dev":
        assert rt.webhook == "validation.webhook.serving.knative.dev"


def test_columns(reg: Registry) -> None:
    rt = reg.by_kind("serving.knative.dev", "Revision")
    assert rt is not None and rt.columns is not None
    rev = {"metadata": {"labels": {"serving.knative.dev/configuration": "hello",
                                   "serving.knative.dev/configurationGeneration": "1"}},
           "status": {"actualReplicas": 1, "conditions": [{"type": "Ready", "status": "True"}]}}
    assert [c.getter(rev) for c in rt.columns] == ["hello", None, "1", "True", None, 1, None]
    assert rt.columns[0].json_path == ".metadata.labels['serving\\.knative\\.dev/configuration']"


def _manifests() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(DATA.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc and doc.get("apiVersion", "").split("/")[0] in (
                    "serving.knative.dev", "networking.internal.knative.dev"):
                out.append((f"{path.stem}:{doc['kind']}", doc))
    return out


@pytest.mark.parametrize(("name", "doc"), _manifests(), ids=[n for n, _ in _manifests()])
def test_seed_manifests_are_admitted(reg: Registry, name: str, doc: dict[str, Any]) -> None:
    rt = reg.by_api_version(doc["apiVersion"], doc["kind"])
    assert rt is not None, name
    obj = copy.deepcopy(doc)
    if rt.namespaced:
        obj.setdefault("metadata", {}).setdefault("namespace", "default")
    ctx = StaticContext()
    if rt.defaulter:
        rt.defaulter(obj, None, ctx)
    errs = rt.validator(obj, None, ctx) if rt.validator else None
    assert not (errs and errs.filter(Level.ERROR)), str(errs)
    assert schema.check(obj, rt.schema) == []


@pytest.mark.parametrize(
    ("path", "value", "unknown"),
    [
        (["spec", "template", "spec", "containers", 0, "lifecycle"], {}, "spec.template.spec.containers[0].lifecycle"),
        (["spec", "template", "spec", "containers", 0, "stdin"], True, "spec.template.spec.containers[0].stdin"),
        (["spec", "template", "spec", "hostNetwork"], True, "spec.template.spec.hostNetwork"),
        (["spec", "template", "spec", "containers", 0, "ports", 0, "hostPort"], 80,
         "spec.template.spec.containers[0].ports[0].hostPort"),
        (["spec", "traffic", 0, "weight"], 1, "spec.traffic[0].weight"),
        (["spec", "template", "metadata", "generateName"], "hello-", None),
        (["spec", "template", "spec", "containers", 0, "readinessProbe", "periodSeconds"], 1, None),
        (["spec", "template", "spec", "containerConcurrency"], 10, None),
        (["spec", "template", "spec", "nodeSelector"], {"a": "b"}, None),
    ],
)
def test_service_schema_is_knatives(path: list[Any], value: Any, unknown: str | None) -> None:
    obj: dict[str, Any] = {
        "apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "hello"},
        "spec": {"template": {"metadata": {}, "spec": {"containers": [{"image": "x", "ports": [{"containerPort": 1}],
                                                                        "readinessProbe": {}}]}},
                 "traffic": [{"percent": 100}]},
    }
    cur: Any = obj
    for part in path[:-1]:
        cur = cur[part]
    cur[path[-1]] = value
    issues = [i.path for i in schema.check(obj, serving.service.SCHEMA) if i.kind == "unknown"]
    assert issues == ([unknown] if unknown else [])
