"""Pure builders of the sources: SinkBinding's Do/Undo, ContainerSource's children, DeepDerivative,
the ApiServerSource adapter's self links and references, a Deployment's workload."""

from __future__ import annotations

from typing import Any

import pytest

from knlite.eventing.sources.apiserver import guess_plural, reference, self_link
from knlite.reconciler.deployment.resources import make_workload, replica_set_name
from knlite.reconciler.eventing.containersource import deep_derivative, make_deployment, make_sinkbinding
from knlite.reconciler.eventing.sinkbinding import binding_env, do, undo

Obj = dict[str, Any]


def podspecable(*containers: Obj, init: tuple[Obj, ...] = ()) -> Obj:
    spec: Obj = {"containers": [dict(c) for c in containers]}
    if init:
        spec["initContainers"] = [dict(c) for c in init]
    return {"metadata": {"name": "x", "namespace": "default"}, "spec": {"template": {"spec": spec}}}


def env_of(obj: Obj, key: str = "containers") -> list[list[Obj]]:
    return [c.get("env", []) for c in obj["spec"]["template"]["spec"].get(key, [])]


ENV = binding_env("http://sink.default.svc.cluster.local", None)


@pytest.mark.parametrize(("containers", "env", "want"), [
    # appended after the user's variables, to every container
    (({"name": "a", "env": [{"name": "X", "value": "1"}]}, {"name": "b"}), ENV,
     [[{"name": "X", "value": "1"}, {"name": "K_SINK", "value": "http://sink.default.svc.cluster.local"},
       {"name": "K_CE_OVERRIDES", "value": ""}],
      [{"name": "K_SINK", "value": "http://sink.default.svc.cluster.local"},
       {"name": "K_CE_OVERRIDES", "value": ""}]]),
    # earlier values are replaced, not duplicated
    (({"name": "a", "env": [{"name": "K_SINK", "value": "http://old"}, {"name": "K_CE_OVERRIDES", "value": "{}"},
                            {"name": "K_CA_CERTS", "value": "pem"}, {"name": "Y", "value": "2"}]},), ENV,
     [[{"name": "Y", "value": "2"}, {"name": "K_SINK", "value": "http://sink.default.svc.cluster.local"},
       {"name": "K_CE_OVERRIDES", "value": ""}]]),
    # an unresolved sink: Undo only
    (({"name": "a", "env": [{"name": "K_SINK", "value": "http://old"}]},), None, [[]]),
])
def test_do(containers: tuple[Obj, ...], env: Any, want: list[list[Obj]]) -> None:
    obj = podspecable(*containers)
    do(obj, env)
    assert env_of(obj) == want


def test_do_init_containers_and_overrides() -> None:
    obj = podspecable({"name": "a"}, init=({"name": "i"},))
    do(obj, binding_env("http://s", {"extensions": {"foo": "bar"}}))
    want = [{"name": "K_SINK", "value": "http://s"}, {"name": "K_CE_OVERRIDES", "value": '{"extensions":{"foo":"bar"}}'}]
    assert env_of(obj) == [want] and env_of(obj, "initContainers") == [want]
    undo(obj)
    assert "env" not in obj["spec"]["template"]["spec"]["containers"][0]


@pytest.mark.parametrize(("want", "have", "ok"), [
    ({"a": 1}, {"a": 1, "b": 2}, True),
    ({"a": 1}, {"a": 2}, False),
    ({"l": [{"name": "X"}]}, {"l": [{"name": "X"}, {"name": "K_SINK"}]}, True),  # have may be longer
    ({"l": [{"name": "X"}, {"name": "Y"}]}, {"l": [{"name": "X"}]}, False),
    ({"a": "", "b": None, "c": []}, {}, True),  # unset in want matches anything
    ({"a": {"b": "c"}}, {"a": None}, False),
])
def test_deep_derivative(want: Any, have: Any, ok: bool) -> None:
    assert deep_derivative(want, have) is ok


SOURCE = {"apiVersion": "sources.knative.dev/v1", "kind": "ContainerSource",
          "metadata": {"name": "hb", "namespace": "default", "uid": "u1"},
          "spec": {"template": {"spec": {"containers": [{"name": "heartbeats", "image": "img"}]}},
                   "sink": {"ref": {"apiVersion": "v1", "kind": "Service", "name": "sink"}},
                   "ceOverrides": {"extensions": {"a": "b"}}}}


def test_containersource_children() -> None:
    d = make_deployment(SOURCE)
    labels = {"sources.knative.dev/source": "container-source-controller", "sources.knative.dev/containerSource": "hb"}
    assert d["metadata"]["name"] == "hb-deployment"
    assert d["metadata"]["labels"] == labels
    assert d["spec"]["selector"] == {"matchLabels": labels}
    assert d["spec"]["template"]["metadata"]["labels"] == labels
    assert d["metadata"]["ownerReferences"][0]["uid"] == "u1"
    sb = make_sinkbinding(SOURCE)
    assert sb["metadata"]["name"] == "hb-sinkbinding"
    assert sb["spec"] == {"subject": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "default",
                                      "name": "hb-deployment"},
                          "sink": SOURCE["spec"]["sink"], "ceOverrides": {"extensions": {"a": "b"}}}
    assert "labels" not in SOURCE["spec"]["template"].get("metadata", {})  # the source is not changed


@pytest.mark.parametrize(("kind", "plural"), [("Pod", "pods"), ("Ingress", "ingresses"), ("Policy", "policies"),
                                              ("Service", "services"), ("", "")])
def test_guess_plural(kind: str, plural: str) -> None:
    assert guess_plural(kind) == plural


@pytest.mark.parametrize(("api_version", "link"), [
    ("v1", "/apis/v1/namespaces/ns/pods/p"),
    ("apps/v1", "/apis/apps/v1/namespaces/ns/pods/p"),
    ("example.com", "/apis/example.com/versionUnknown/namespaces/ns/pods/p"),
])
def test_self_link(api_version: str, link: str) -> None:
    assert self_link(api_version, "Pod", "ns", "p") == link


def test_reference_keeps_go_field_order_and_omits_empty() -> None:
    ref = reference({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n"}})
    assert list(ref.items()) == [("kind", "Namespace"), ("name", "n"), ("apiVersion", "v1")]


def test_deployment_workload() -> None:
    deploy = {"apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "web", "namespace": "default", "uid": "u"},
              "spec": {"replicas": 2, "template": {
                  "metadata": {"labels": {"app": "web"}},
                  "spec": {"containers": [
                      {"name": "side", "image": "a"},
                      {"name": "main", "image": "b", "ports": [{"containerPort": 8080}],
                       "env": [{"name": "N", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]}]}}}}
    w = make_workload(deploy, lambda *_: None)
    side, main = w.containers
    # the container that declares a port serves; the kubelet's readiness rule (no default probe)
    assert (side.serving, main.serving, main.port) == (False, True, 8080)
    assert not main.probe_by_default and main.readiness is None
    assert main.env_field_refs == (("N", "metadata.name"),)
    assert w.labels == {"app": "web", "pod-template-hash": replica_set_name(deploy).rsplit("-", 1)[1]}
    assert w.pod_name_prefix == replica_set_name(deploy)
    assert w.owner_references[0]["kind"] == "Deployment"
    # a template change is a new ReplicaSet name
    deploy["spec"]["template"]["spec"]["containers"][1]["image"] = "c"
    assert make_workload(deploy, lambda *_: None).pod_name_prefix != w.pod_name_prefix
