"""ServerlessService, Certificate, Ingress, ClusterDomainClaim: validation, defaults, lifecycle."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from knlite.apis import schema
from knlite.apis.admission import StaticContext
from knlite.apis.networking import certificate, clusterdomainclaim, ingress, serverlessservice

Obj = dict[str, Any]
REF = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "hello-00001-deployment"}


def sks(**spec: Any) -> Obj:
    return {"metadata": {"name": "hello-00001"}, "spec": {"mode": "Serve", "objectRef": REF, "protocolType": "http1",
                                                          **spec}}


@pytest.mark.parametrize(
    ("obj", "want"),
    [
        (sks(), ""),
        (sks(mode="Proxy", numActivators=3), ""),
        ({"metadata": {"name": "x"}}, "missing field(s): spec"),
        (sks(mode=""), "missing field(s): spec.mode"),
        (sks(mode="Serving"), "invalid value: Serving: spec.mode"),
        (sks(numActivators=-1), "invalid value: -1: spec.numActivators"),
        (sks(protocolType="grpc"), "invalid value: grpc: spec.protocolType"),
        (sks(objectRef={"kind": "Deployment", "name": "x"}), "missing field(s): spec.objectRef.apiVersion"),
        ({**sks(), "metadata": {"name": "x", "annotations": {"networking.knative.dev/foo": "1",
                                                              "networking.knative.dev/ingress.class": "x"}}},
         'invalid key name "networking.knative.dev/foo": annotations'),
    ],
)
def test_sks_validate(obj: Obj, want: str) -> None:
    assert str(serverlessservice.validate(obj, None, StaticContext())) == want


def test_sks_activator_condition_is_info() -> None:
    status: Obj = {}
    serverlessservice.initialize_conditions(status)
    serverlessservice.mark_activator_endpoints_populated(status)
    serverlessservice.mark_endpoints_ready(status)
    got = {c["type"]: (c["status"], c.get("severity", "")) for c in status["conditions"]}
    assert got == {"ActivatorEndpointsPopulated": ("True", "Info"), "EndpointsPopulated": ("True", ""),
                   "Ready": ("True", "")}


@pytest.mark.parametrize(
    ("spec", "want"),
    [
        ({"dnsNames": ["a.example.com"], "secretName": "s", "domain": "example.com"}, ""),
        ({}, "missing field(s): spec.dnsNames, spec.secretName"),
        ({"dnsNames": ["", "a.b"], "secretName": "s"}, "invalid value: : spec.dnsNames[0]"),
        ({"dnsNames": ["a.example.com"], "secretName": "s", "domain": "other.org"},
         "invalid value: domain: spec.domain must be a suffix of, or match exactly, at least one entry in dnsNames"),
    ],
)
def test_certificate_validate(spec: Obj, want: str) -> None:
    assert str(certificate.validate({"metadata": {"name": "c"}, "spec": spec}, None, StaticContext())) == want


def split(**kw: Any) -> Obj:
    return {"serviceName": "hello-00001", "serviceNamespace": "default", "servicePort": 80, **kw}


def king(*paths: Obj, **spec: Any) -> Obj:
    rules = [{"hosts": ["hello.default.example.com"], "http": {"paths": list(paths)}}]
    return {"metadata": {"name": "hello", "namespace": "default"}, "spec": {"rules": rules, **spec}}


@pytest.mark.parametrize(
    ("obj", "want"),
    [
        (king({"splits": [split()]}), ""),
        (king({"splits": [split(percent=90), split(serviceName="hello-00002", percent=10)]}), ""),
        (king({"splits": [split(percent=90), split(percent=20)]}),
         "traffic split percentage must total to 100, but was 110: spec.rules[0].http.paths[0].splits"),
        (king({"splits": [split(percent=101)]}), "invalid value: 101: spec.rules[0].http.paths[0].splits[0].percent"),
        (king({"splits": [split(serviceNamespace="other", percent=100)]}),
         "service namespace must match ingress namespace: spec.rules[0].http.paths[0].splits[0].serviceNamespace"),
        (king({"splits": [split(servicePort=0, percent=100)]}),
         "missing field(s): spec.rules[0].http.paths[0].splits[0].servicePort"),
        (king({"splits": []}), "missing field(s): spec.rules[0].http.paths[0].splits"),
        (king({"splits": [split()]}, httpOption="Sometimes"), "invalid value: Sometimes: spec.httpOption"),
        (king({"splits": [split()]}, tls=[{"hosts": ["x"]}]),
         "missing field(s): spec.tls[0].secretName, spec.tls[0].secretNamespace"),
        ({"metadata": {"name": "x"}, "spec": {"rules": []}}, "missing field(s): spec"),
        ({"metadata": {"name": "x"}, "spec": {"httpOption": "Enabled"}}, "missing field(s): spec.rules"),
    ],
)
def test_ingress_validate(obj: Obj, want: str) -> None:
    obj = copy.deepcopy(obj)
    ingress.default(obj, None, StaticContext())
    assert str(ingress.validate(obj, None, StaticContext())) == want


def test_ingress_defaults() -> None:
    obj = king({"splits": [split()]})
    ingress.default(obj, None, StaticContext())
    rule = obj["spec"]["rules"][0]
    assert rule["visibility"] == "ExternalIP"
    assert rule["http"]["paths"][0]["splits"][0]["percent"] == 100


def test_ingress_lifecycle() -> None:
    status: Obj = {}
    ingress.initialize_conditions(status)
    ingress.mark_network_configured(status)
    ingress.mark_load_balancer_ready(status, [{"domainInternal": "gw.local"}], [])
    assert status["publicLoadBalancer"] == {"ingress": [{"domainInternal": "gw.local"}]}
    assert {c["type"]: c["status"] for c in status["conditions"]}["Ready"] == "True"


def test_cluster_domain_claim_schema() -> None:
    rt = clusterdomainclaim.resource_type()
    assert not rt.namespaced
    issues = schema.check({"metadata": {"name": "hello.example.org"}, "spec": {}}, rt.schema)
    assert [(i.kind, i.path) for i in issues] == [("required", "spec.namespace")]
