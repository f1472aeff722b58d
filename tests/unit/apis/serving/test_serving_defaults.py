"""§2.6 defaulting of revision templates and §1.11/§1.15 creator/lastModifier annotations."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.serving import configuration, domainmapping, revision, route, service
from knlite.config.types import ConfigView, DefaultsConfig, FeaturesConfig

Obj = dict[str, Any]
IMG = "ikubernetes/helloworld-go"
TCP_PROBE = {"tcpSocket": {"port": 0}, "successThreshold": 1}


def template_spec(spec: Obj, config: ConfigView | None = None, operation: str = "CREATE") -> Obj:
    obj: Obj = {"metadata": {"name": "hello", "namespace": "default"},
                "spec": {"template": {"spec": copy.deepcopy(spec)}}}
    service.default(obj, None, StaticContext(operation=operation, config=config or ConfigView()))
    result: Obj = obj["spec"]["template"]["spec"]
    return result


def test_single_container_defaults() -> None:
    assert template_spec({"containers": [{"image": IMG}]}) == {
        "containers": [{"image": IMG, "name": "user-container", "resources": {}, "readinessProbe": TCP_PROBE}],
        "timeoutSeconds": 300,
        "containerConcurrency": 0,
        "enableServiceLinks": False,
    }


@pytest.mark.parametrize(
    ("spec", "want"),
    [
        ({"timeoutSeconds": 0}, 300),
        ({"timeoutSeconds": None}, 300),
        ({"timeoutSeconds": 100}, 100),
    ],
)
def test_timeout_seconds(spec: Obj, want: int) -> None:
    assert template_spec({"containers": [{"image": IMG}], **spec})["timeoutSeconds"] == want


@pytest.mark.parametrize(
    ("spec", "config", "want"),
    [
        ({}, ConfigView(), 0),
        ({}, ConfigView(defaults=DefaultsConfig(container_concurrency=10)), 10),
        ({"containerConcurrency": 0}, ConfigView(defaults=DefaultsConfig(container_concurrency=10)), 0),
        ({"containerConcurrency": 5}, ConfigView(), 5),
    ],
)
def test_container_concurrency(spec: Obj, config: ConfigView, want: int) -> None:
    assert template_spec({"containers": [{"image": IMG}], **spec}, config)["containerConcurrency"] == want


@pytest.mark.parametrize(
    ("containers", "inits", "config", "want", "want_inits"),
    [
        ([None], [], ConfigView(), ["user-container"], []),
        ([None, None], [], ConfigView(), ["user-container-0", "user-container-1"], []),
        (["user-container", None], [], ConfigView(), ["user-container", "user-container-0"], []),
        (["user-container-0", None, None], [], ConfigView(),
         ["user-container-0", "user-container-1", "user-container-2"], []),
        (["app"], [None], ConfigView(), ["app"], ["init-container"]),
        ([None], [None, None], ConfigView(), ["user-container"], ["init-container-0", "init-container-1"]),
        ([None], [], ConfigView(defaults=DefaultsConfig(container_name_template="{{.Name}}")), ["hello"], []),
    ],
)
def test_container_names(containers: list[str | None], inits: list[str | None], config: ConfigView,
                         want: list[str], want_inits: list[str]) -> None:
    def c(name: str | None) -> Obj:
        return {"image": IMG, **({"name": name} if name else {})}

    spec: Obj = {"containers": [c(n) for n in containers]}
    if inits:
        spec["initContainers"] = [c(n) for n in inits]
    out = template_spec(spec, config)
    assert [x["name"] for x in out["containers"]] == want
    assert [x["name"] for x in out.get("initContainers", [])] == want_inits


@pytest.mark.parametrize(
    ("probe", "want"),
    [
        (None, TCP_PROBE),
        ({}, TCP_PROBE),
        ({"httpGet": {"path": "/healthz"}}, {"httpGet": {"path": "/healthz"}, "successThreshold": 1}),
        ({"httpGet": {"path": "/"}, "periodSeconds": 5},
         {"httpGet": {"path": "/"}, "periodSeconds": 5, "successThreshold": 1, "failureThreshold": 3,
          "timeoutSeconds": 1}),
        ({"tcpSocket": {}, "periodSeconds": 5, "failureThreshold": 7, "timeoutSeconds": 2, "successThreshold": 2},
         {"tcpSocket": {}, "periodSeconds": 5, "failureThreshold": 7, "timeoutSeconds": 2, "successThreshold": 2}),
        ({"grpc": {"port": 8080}}, {"grpc": {"port": 8080, "service": ""}, "successThreshold": 1}),
    ],
)
def test_readiness_probe(probe: Obj | None, want: Obj) -> None:
    container: Obj = {"image": IMG}
    if probe is not None:
        container["readinessProbe"] = probe
    assert template_spec({"containers": [container]})["containers"][0]["readinessProbe"] == want


def test_multi_container_probe_only_on_serving_container() -> None:
    out = template_spec({"containers": [{"image": IMG}, {"image": IMG, "ports": [{"containerPort": 8080}]}]})
    assert "readinessProbe" not in out["containers"][0]
    assert out["containers"][1]["readinessProbe"] == TCP_PROBE


@pytest.mark.parametrize(
    ("spec", "operation", "config", "want"),
    [
        ({}, "CREATE", ConfigView(), False),
        ({"enableServiceLinks": True}, "CREATE", ConfigView(), True),
        ({}, "CREATE", ConfigView(defaults=DefaultsConfig(enable_service_links=None)), None),
        ({}, "UPDATE", ConfigView(), None),
    ],
)
def test_enable_service_links(spec: Obj, operation: str, config: ConfigView, want: bool | None) -> None:
    out = template_spec({"containers": [{"image": IMG}], **spec}, config, operation)
    assert out.get("enableServiceLinks") == want


def test_volume_mounts_read_only_except_writable_volumes() -> None:
    out = template_spec({
        "containers": [{"image": IMG, "volumeMounts": [
            {"name": "cfg", "mountPath": "/cfg"}, {"name": "scratch", "mountPath": "/scratch"},
            {"name": "data", "mountPath": "/data"}]}],
        "volumes": [{"name": "cfg", "configMap": {"name": "c"}}, {"name": "scratch", "emptyDir": {}},
                    {"name": "data", "persistentVolumeClaim": {"claimName": "d"}}],
    })
    mounts = out["containers"][0]["volumeMounts"]
    assert [m.get("readOnly") for m in mounts] == [True, None, None]


def test_resource_defaults_from_config() -> None:
    config = ConfigView(defaults=DefaultsConfig(revision_cpu_request="400m", revision_memory_limit="200M"))
    out = template_spec({"containers": [{"image": IMG, "resources": {"requests": {"cpu": "1"}}}]}, config)
    assert out["containers"][0]["resources"] == {"requests": {"cpu": "1"}, "limits": {"memory": "200M"}}
    out = template_spec({"containers": [{"image": IMG}]}, config)
    assert out["containers"][0]["resources"] == {"requests": {"cpu": "400m"}, "limits": {"memory": "200M"}}


def test_secure_pod_defaults() -> None:
    config = ConfigView(features=FeaturesConfig({"secure-pod-defaults": "Enabled"}))
    out = template_spec({"containers": [{"image": IMG, "ports": [{"containerPort": 80}]}]}, config)
    assert out["containers"][0]["securityContext"] == {
        "allowPrivilegeEscalation": False, "seccompProfile": {"type": "RuntimeDefault"},
        "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}, "runAsNonRoot": True,
    }


def test_byo_name_unchanged_skips_template_defaulting() -> None:
    old: Obj = {"metadata": {"name": "hello"}, "spec": {"template": {"metadata": {"name": "hello-a"},
                                                                "spec": {"containers": [{"image": IMG}]}}}}
    new = copy.deepcopy(old)
    service.default(new, old, StaticContext(operation="UPDATE"))
    assert new["spec"]["template"]["spec"] == {"containers": [{"image": IMG}]}
    new["spec"]["template"]["metadata"]["name"] = "hello-b"
    service.default(new, old, StaticContext(operation="UPDATE"))
    assert new["spec"]["template"]["spec"]["timeoutSeconds"] == 300


def test_revision_defaults_only_on_create() -> None:
    rev: Obj = {"metadata": {"name": "hello-00001"}, "spec": {"containers": [{"image": IMG}]}}
    updated = copy.deepcopy(rev)
    revision.default(updated, rev, StaticContext(operation="UPDATE"))
    assert updated == rev
    revision.default(rev, None, StaticContext())
    assert rev["spec"]["timeoutSeconds"] == 300 and rev["spec"]["containers"][0]["name"] == "user-container"


# -- creator / lastModifier ----------------------------------------------------------------------

CREATOR = "serving.knative.dev/creator"
MODIFIER = "serving.knative.dev/lastModifier"


def _ksvc(image: str = IMG, annotations: dict[str, str] | None = None) -> Obj:
    return {"metadata": {"name": "hello", **({"annotations": annotations} if annotations else {})},
            "spec": {"template": {"spec": {"containers": [{"image": image}]}}}}


def test_user_info_on_create() -> None:
    obj = _ksvc()
    service.default(obj, None, StaticContext(user="alice"))
    assert obj["metadata"]["annotations"] == {CREATOR: "alice", MODIFIER: "alice"}


@pytest.mark.parametrize(("image", "want_modifier"), [(IMG, "alice"), ("other/image", "bob")])
def test_user_info_on_update(image: str, want_modifier: str) -> None:
    old = _ksvc()
    service.default(old, None, StaticContext(user="alice"))
    new = copy.deepcopy(old)
    new["spec"]["template"]["spec"]["containers"][0]["image"] = image
    service.default(new, old, StaticContext(operation="UPDATE", user="bob"))
    assert new["metadata"]["annotations"] == {CREATOR: "alice", MODIFIER: want_modifier}


@pytest.mark.parametrize("module", [configuration, route])
def test_user_info_skipped_for_owned_children(module: Any) -> None:
    spec = {"template": {"spec": {"containers": [{"image": IMG}]}}} if module is configuration else {
        "traffic": [{"configurationName": "hello", "percent": 100}]}
    owned: Obj = {"metadata": {"name": "hello", "ownerReferences": [{"kind": "Service", "name": "hello", "uid": "u"}]},
             "spec": spec}
    module.default(owned, None, StaticContext(user="alice"))
    assert "annotations" not in owned["metadata"]
    standalone: Obj = {"metadata": {"name": "hello"}, "spec": copy.deepcopy(spec)}
    module.default(standalone, None, StaticContext(user="alice"))
    assert standalone["metadata"]["annotations"] == {CREATOR: "alice", MODIFIER: "alice"}


def test_domain_mapping_defaults() -> None:
    dm: Obj = {"metadata": {"name": "hello.example.org", "namespace": "default"},
          "spec": {"ref": {"name": "hello", "kind": "Service", "apiVersion": "serving.knative.dev/v1"}}}
    domainmapping.default(dm, None, StaticContext(user="alice"))
    assert dm["spec"]["ref"]["namespace"] == "default"
    assert dm["metadata"]["annotations"] == {CREATOR: "alice", MODIFIER: "alice"}
