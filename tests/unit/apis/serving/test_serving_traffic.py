"""§2.3 traffic validation (Service and Route spec) and §1.9 traffic defaulting."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from knlite.apis.admission import StaticContext
from knlite.apis.fielderrors import Level
from knlite.apis.k8snames import is_qualified_name
from knlite.apis.serving import route, service

Obj = dict[str, Any]

DNS1035 = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
           "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
           "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")


def ksvc(traffic: list[Obj] | None) -> Obj:
    obj: Obj = {"metadata": {"name": "hello", "namespace": "default"},
                "spec": {"template": {"spec": {"containers": [{"image": "ikubernetes/helloworld-go"}]}}}}
    if traffic is not None:
        obj["spec"]["traffic"] = traffic
    return obj


def rt(traffic: list[Obj] | None) -> Obj:
    return {"metadata": {"name": "hello", "namespace": "default"}, "spec": {"traffic": traffic} if traffic else {}}


def admit(module: Any, obj: Obj) -> tuple[Obj, str]:
    ctx = StaticContext()
    obj = copy.deepcopy(obj)
    module.default(obj, None, ctx)
    return obj, str(module.validate(obj, None, ctx).filter(Level.ERROR))


@pytest.mark.parametrize(
    ("traffic", "want"),
    [
        (None, [{"latestRevision": True, "percent": 100}]),
        ([], [{"latestRevision": True, "percent": 100}]),
        ([{"percent": 100}], [{"percent": 100, "latestRevision": True}]),
        ([{"revisionName": "hello-00001", "percent": 50}, {"tag": "x", "percent": 50}],
         [{"revisionName": "hello-00001", "percent": 50, "latestRevision": False},
          {"tag": "x", "percent": 50, "latestRevision": True}]),
        ([{"revisionName": "hello-00001"}, {"percent": 100}],
         [{"revisionName": "hello-00001", "latestRevision": False, "percent": 0},
          {"percent": 100, "latestRevision": True}]),
    ],
)
def test_service_traffic_defaults(traffic: list[Obj] | None, want: list[Obj]) -> None:
    obj, errs = admit(service, ksvc(traffic))
    assert obj["spec"]["traffic"] == want
    assert errs == ""


def test_route_traffic_is_not_defaulted_but_targets_are() -> None:
    obj, errs = admit(route, rt(None))
    assert "traffic" not in obj["spec"]
    assert errs == "Traffic targets sum to 0, want 100: spec.traffic"
    obj, _ = admit(route, rt([{"configurationName": "hello", "percent": 100}]))
    assert obj["spec"]["traffic"] == [{"configurationName": "hello", "percent": 100, "latestRevision": True}]


@pytest.mark.parametrize(
    ("traffic", "want"),
    [
        ([{"revisionName": "hello-00001", "latestRevision": True, "percent": 100}],
         'may not set revisionName "hello-00001" when latestRevision is true: spec.traffic[0].latestRevision'),
        ([{"latestRevision": False, "percent": 100}],
         'may not set revisionName "" when latestRevision is false: spec.traffic[0].latestRevision'),
        ([{"configurationName": "hello", "percent": 100}],
         "must not set the field(s): spec.traffic[0].configurationName"),
        ([{"revisionName": "hello-00001", "percent": 101}, {"percent": -1}],
         "expected 0 <= -1 <= 100: spec.traffic[1].percent\nexpected 0 <= 101 <= 100: spec.traffic[0].percent"),
        ([{"percent": 100, "url": "http://hello.default.example.com"}],
         "must not set the field(s): spec.traffic[0].url"),
        ([{"percent": 100, "tag": "Staging"}],
         f"invalid value: not a DNS 1035 label: [{DNS1035}]: spec.traffic.tag[0]"),
        ([{"percent": 50, "tag": "x"}, {"revisionName": "hello-00001", "percent": 50, "tag": "x"}],
         'Multiple definitions for "x": spec.traffic[0].tag, spec.traffic[1].tag'),
        ([{"revisionName": "hello-00002", "percent": 90}],
         "Traffic targets sum to 90, want 100: spec.traffic"),
        ([{"revisionName": "hello-00002", "percent": 90}, {"revisionName": "hello-00001", "percent": 20}],
         "Traffic targets sum to 110, want 100: spec.traffic"),
        ([{"latestRevision": True, "percent": 0, "tag": "staging"},
          {"revisionName": "hello-00002", "percent": 90}, {"revisionName": "hello-00001", "percent": 10}], ""),
    ],
)
def test_service_traffic(traffic: list[Obj], want: str) -> None:
    assert admit(service, ksvc(traffic))[1] == want


@pytest.mark.parametrize(
    ("traffic", "want"),
    [
        ([{"configurationName": "hello", "percent": 100}], ""),
        ([{"revisionName": "hello-00001", "percent": 100}], ""),
        ([{"configurationName": "hello", "revisionName": "hello-00001", "percent": 100}],
         "expected exactly one, got both: spec.traffic[0].configurationName, spec.traffic[0].revisionName"),
        ([{"percent": 100}],
         "expected exactly one, got neither: spec.traffic[0].configurationName, spec.traffic[0].revisionName"),
        ([{"configurationName": "hello", "percent": 10}], "Traffic targets sum to 10, want 100: spec.traffic"),
    ],
)
def test_route_traffic(traffic: list[Obj], want: str) -> None:
    assert admit(route, rt(traffic))[1] == want


@pytest.mark.parametrize("field", ["revisionName", "configurationName"])
def test_route_target_names_must_be_qualified(field: str) -> None:
    bad = "-bad-"
    details = ", ".join(is_qualified_name(bad))
    want = f'invalid key name "{bad}": spec.traffic[0].{field}\n{details}'
    traffic = [{field: bad, "percent": 100}]
    if field == "revisionName":
        traffic[0]["latestRevision"] = False
    assert admit(route, rt(traffic))[1] == want
