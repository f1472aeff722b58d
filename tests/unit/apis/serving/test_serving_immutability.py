"""§1.15 immutability on UPDATE: Revision spec, creator/lastModifier, BYO template names."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.fielderrors import Level
from knlite.apis.serving import configuration, domainmapping, revision, route, service

Obj = dict[str, Any]
IMG = "ikubernetes/helloworld-go"
CREATOR = "serving.knative.dev/creator"
MODIFIER = "serving.knative.dev/lastModifier"


def created(module: Any, obj: Obj, user: str = "alice") -> Obj:
    obj = copy.deepcopy(obj)
    module.default(obj, None, StaticContext(user=user))
    return obj


def update(module: Any, old: Obj, new: Obj, user: str = "bob") -> str:
    ctx = StaticContext(operation="UPDATE", user=user)
    module.default(new, old, ctx)
    return str(module.validate(new, old, ctx).filter(Level.ERROR))


REV = {"metadata": {"name": "hello-00001", "namespace": "default"}, "spec": {"containers": [{"image": "a/b:1"}]}}


def test_revision_spec_is_immutable() -> None:
    old = created(revision, REV)
    new = copy.deepcopy(old)
    new["spec"]["containers"][0]["image"] = "a/b:2"
    new["spec"]["timeoutSeconds"] = 30
    assert update(revision, old, new) == (
        "Immutable fields changed (-old +new): spec\n"
        '{v1.RevisionSpec}.PodSpec.Containers[0].Image:\n\t-: "a/b:1"\n\t+: "a/b:2"\n'
        '{v1.RevisionSpec}.TimeoutSeconds:\n\t-: "300"\n\t+: "30"\n')


def test_revision_metadata_may_change() -> None:
    old = created(revision, REV)
    new = copy.deepcopy(old)
    new["metadata"]["labels"] = {"serving.knative.dev/routingState": "active"}
    assert update(revision, old, new) == ""


@pytest.mark.parametrize(
    ("module", "obj"),
    [
        (service, {"metadata": {"name": "hello"}, "spec": {"template": {"spec": {"containers": [{"image": IMG}]}}}}),
        (configuration, {"metadata": {"name": "hello"},
                         "spec": {"template": {"spec": {"containers": [{"image": IMG}]}}}}),
        (route, {"metadata": {"name": "hello"}, "spec": {"traffic": [{"configurationName": "hello", "percent": 100}]}}),
        (domainmapping, {"metadata": {"name": "hello.example.org", "namespace": "default"},
                         "spec": {"ref": {"name": "hello", "kind": "Service", "apiVersion": "serving.knative.dev/v1"}}}),
    ],
)
def test_creator_and_modifier(module: Any, obj: Obj) -> None:
    old = created(module, obj)
    new = copy.deepcopy(old)
    new["metadata"]["annotations"][CREATOR] = "mallory"
    assert update(module, old, new) == "annotation value is immutable: metadata.annotations.serving.knative.dev/creator"
    new = copy.deepcopy(old)
    new["metadata"]["annotations"][MODIFIER] = "mallory"
    assert update(module, old, new, user="") == (
        "invalid value: mallory: metadata.annotations.serving.knative.dev/lastModifier")
    new = copy.deepcopy(old)
    assert update(module, old, new) == ""


def test_owned_configuration_skips_creator_check() -> None:
    obj = {"metadata": {"name": "hello", "ownerReferences": [{"kind": "Service", "name": "hello", "uid": "u"}],
                        "annotations": {CREATOR: "alice"}},
           "spec": {"template": {"spec": {"containers": [{"image": IMG}]}}}}
    old = created(configuration, obj)
    new = copy.deepcopy(old)
    new["metadata"]["annotations"][CREATOR] = "controller"
    assert update(configuration, old, new) == ""


def _byo(name: str, image: str) -> Obj:
    return {"metadata": {"name": "hello"},
            "spec": {"template": {"metadata": {"name": name}, "spec": {"containers": [{"image": image}]}}}}


@pytest.mark.parametrize("module", [service, configuration])
def test_byo_name_must_change_with_template(module: Any) -> None:
    old = created(module, _byo("hello-a", "a/b:1"))
    new = copy.deepcopy(old)
    new["spec"]["template"]["spec"]["containers"][0]["image"] = "a/b:2"
    assert update(module, old, new) == (
        "Saw the following changes without a name change (-old +new): spec.template.metadata.name\n"
        '{*v1.RevisionTemplateSpec}.Spec.PodSpec.Containers[0].Image:\n\t-: "a/b:1"\n\t+: "a/b:2"\n')
    new["spec"]["template"]["metadata"]["name"] = "hello-b"
    assert update(module, old, new) == ""


def test_byo_name_template_annotations_count_as_changes() -> None:
    old = created(service, _byo("hello-a", IMG))
    new = copy.deepcopy(old)
    new["spec"]["template"]["metadata"]["annotations"] = {"autoscaling.knative.dev/min-scale": "1"}
    assert update(service, old, new) == (
        "Saw the following changes without a name change (-old +new): spec.template.metadata.name\n"
        '{*v1.RevisionTemplateSpec}.ObjectMeta.Annotations:\n'
        '\t-: "map[]"\n\t+: "map[autoscaling.knative.dev/min-scale:1]"\n')


def test_traffic_change_with_same_byo_name_is_fine() -> None:
    old = created(service, _byo("hello-a", IMG))
    new = copy.deepcopy(old)
    new["spec"]["traffic"] = [{"revisionName": "hello-a", "percent": 100}]
    assert update(service, old, new) == ""
