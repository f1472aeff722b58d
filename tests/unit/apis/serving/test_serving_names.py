"""§2.2 names and the metadata rules of every serving kind, with Knative's exact messages."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.fielderrors import Level
from knlite.apis.serving import configuration, revision, route, service

Obj = dict[str, Any]

DNS1035 = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
           "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
           "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")
AUTOSCALING_DETAIL = 'autoscaling annotations must be put under "spec.template.metadata.annotations" to work'


def ksvc(**meta: Any) -> Obj:
    return {
        "apiVersion": "serving.knative.dev/v1", "kind": "Service",
        "metadata": {"name": "hello", "namespace": "default", **meta},
        "spec": {"template": {"spec": {"containers": [{"image": "ikubernetes/helloworld-go"}]}}},
    }


def admit(module: Any, obj: Obj, ctx: StaticContext | None = None) -> str:
    """Default then validate, as the API does on create; only errors (not warnings) rendered."""
    ctx = ctx or StaticContext()
    obj = copy.deepcopy(obj)
    if getattr(module, "default", None):
        module.default(obj, None, ctx)
    return str(module.validate(obj, None, ctx).filter(Level.ERROR))


@pytest.mark.parametrize(
    ("meta", "want"),
    [
        ({}, ""),
        ({"name": "Hello"}, f"not a DNS 1035 label: [{DNS1035}]: metadata.name"),
        ({"name": "1hello"}, f"not a DNS 1035 label: [{DNS1035}]: metadata.name"),
        ({"name": "hello-"}, f"not a DNS 1035 label: [{DNS1035}]: metadata.name"),
        ({"name": "a" * 64}, "not a DNS 1035 label: [must be no more than 63 characters]: metadata.name"),
        ({"name": "A" * 64}, f"not a DNS 1035 label: [must be no more than 63 characters {DNS1035}]: metadata.name"),
        ({"name": "", "generateName": "hello-"}, ""),
        ({"name": "", "generateName": "Hello-"}, f"not a DNS 1035 label prefix: [{DNS1035}]: metadata.generateName"),
        ({"name": ""}, "name or generateName is required: metadata.name"),
    ],
)
def test_service_name(meta: Obj, want: str) -> None:
    assert admit(service, ksvc(**meta)) == want


@pytest.mark.parametrize("module", [configuration, route, revision])
def test_other_kinds_names(module: Any) -> None:
    obj: Obj = {"metadata": {"name": "Bad"}, "spec": {"containers": [{"image": "x/y"}]}}
    if module is route:
        obj["spec"] = {"traffic": [{"revisionName": "a-1", "percent": 100}]}
    elif module is configuration:
        obj["spec"] = {"template": {"spec": obj["spec"]}}
    assert admit(module, obj) == f"not a DNS 1035 label: [{DNS1035}]: metadata.name"


@pytest.mark.parametrize(
    ("annotations", "want"),
    [
        ({"autoscaling.knative.dev/min-scale": "1"},
         f'invalid key name "autoscaling.knative.dev/min-scale": metadata.annotations\n{AUTOSCALING_DETAIL}'),
        ({"autoscaling.knative.dev/class": "hpa.autoscaling.knative.dev", "autoscaling.knative.dev/metric": "cpu"},
         f'invalid key name "autoscaling.knative.dev/class": metadata.annotations\n{AUTOSCALING_DETAIL}\n'
         f'invalid key name "autoscaling.knative.dev/metric": metadata.annotations\n{AUTOSCALING_DETAIL}'),
        ({"serving.knative.dev/rollout-duration": "120s"}, ""),
        ({"serving.knative.dev/rollout-duration": "1.5s"},
         "rollout-duration=1.5s is not at second precision: metadata.annotations.serving.knative.dev/rollout-duration"),
        ({"serving.knative.dev/rollout-duration": "-1s"},
         "rollout-duration=-1s must be positive: metadata.annotations.serving.knative.dev/rollout-duration"),
        ({"serving.knative.dev/rollout-duration": "soon"},
         "invalid value: soon: metadata.annotations.serving.knative.dev/rollout-duration"),
        ({"serving.knative.dev/rolloutDuration": "0.5s"},
         "rollout-duration=0.5s is not at second precision: metadata.annotations.serving.knative.dev/rolloutDuration"),
    ],
)
def test_service_annotations(annotations: dict[str, str], want: str) -> None:
    assert admit(service, ksvc(annotations=annotations)) == want


def test_configuration_rejects_autoscaling_annotations_but_revision_accepts_them() -> None:
    ann = {"autoscaling.knative.dev/min-scale": "1"}
    cfg: Obj = {"metadata": {"name": "c", "annotations": ann},
           "spec": {"template": {"spec": {"containers": [{"image": "x/y"}]}}}}
    assert admit(configuration, cfg) == (
        f'invalid key name "autoscaling.knative.dev/min-scale": metadata.annotations\n{AUTOSCALING_DETAIL}')
    rev: Obj = {"metadata": {"name": "c-00001", "annotations": ann}, "spec": {"containers": [{"image": "x/y"}]}}
    assert admit(revision, rev) == ""
    rev["metadata"]["annotations"] = {"autoscaling.knative.dev/min-scale": "-1"}
    assert admit(revision, rev) == "expected 0 <= -1 <= 2147483647: metadata.annotations.autoscaling.knative.dev/min-scale"


@pytest.mark.parametrize(
    ("template_meta", "parent_meta", "want"),
    [
        ({"name": "hello-world"}, {}, ""),
        ({"name": "foo"}, {}, 'invalid value: "foo" must have prefix "hello-": spec.template.metadata.name'),
        ({"name": "hello"}, {}, 'invalid value: "hello" must have prefix "hello-": spec.template.metadata.name'),
        ({"name": "Hello-x"}, {}, f"invalid value: not a DNS 1035 label: [{DNS1035}]: spec.template.metadata.name"),
        ({"generateName": "Hello-"}, {},
         f"invalid value: not a DNS 1035 label prefix: [{DNS1035}]: spec.template.metadata.generateName"),
        ({"name": "hello-x"}, {"name": "", "generateName": "hello-"},
         "must not set the field(s): spec.template.metadata.name"),
    ],
)
def test_byo_revision_name(template_meta: Obj, parent_meta: Obj, want: str) -> None:
    obj = ksvc(**parent_meta)
    obj["spec"]["template"]["metadata"] = template_meta
    assert admit(service, obj) == want


@pytest.mark.parametrize(
    ("module", "label", "kind"),
    [
        (configuration, "serving.knative.dev/service", "Service"),
        (route, "serving.knative.dev/service", "Service"),
        (revision, "serving.knative.dev/configuration", "Configuration"),
    ],
)
def test_parent_label_needs_owner_reference(module: Any, label: str, kind: str) -> None:
    specs: dict[Any, Obj] = {
        configuration: {"template": {"spec": {"containers": [{"image": "x/y"}]}}},
        route: {"traffic": [{"configurationName": "hello", "percent": 100}]},
        revision: {"containers": [{"image": "x/y"}]},
    }
    spec = specs[module]
    obj: Obj = {"metadata": {"name": "hello-1", "labels": {label: "hello"}}, "spec": spec}
    assert admit(module, obj) == f"missing field(s): metadata.labels.{label}"
    obj["metadata"]["ownerReferences"] = [{"apiVersion": "serving.knative.dev/v1", "kind": kind, "name": "hello",
                                           "uid": "u", "controller": True}]
    assert admit(module, obj) == ""
