"""Route builders: traffic resolution, hosts and URLs, gradual rollout — table-driven, no daemon."""

from __future__ import annotations

from dataclasses import replace

import pytest

from knlite.config.types import ConfigView, DomainConfig, NetworkConfig
from knlite.reconciler.route import domains, rollout, traffic
from knlite.reconciler.route.traffic import Target


def _ready(obj: dict, ready: str = "True") -> dict:
    obj.setdefault("metadata", {}).setdefault("generation", 1)
    obj["status"] = {**obj.get("status", {}), "observedGeneration": 1,
                     "conditions": [{"type": "Ready", "status": ready}]}
    return obj


def _rev(name: str, config: str = "hello", ready: str = "True") -> dict:
    return _ready({"metadata": {"name": name, "namespace": "default",
                                "labels": {"serving.knative.dev/configuration": config}}}, ready)


def _config(name: str = "hello", latest: str | None = "hello-00002", ready: str = "True") -> dict:
    c = _ready({"metadata": {"name": name, "namespace": "default"}}, ready)
    if latest:
        c["status"]["latestReadyRevisionName"] = latest
    return c


WORLD = {
    "revisions": {r["metadata"]["name"]: r for r in (_rev("hello-00001"), _rev("hello-00002"),
                                                     _rev("hello-00003", ready="Unknown"),
                                                     _rev("hello-00004", ready="False"))},
    "configurations": {"hello": _config(), "pending": _config("pending", None, "Unknown"),
                       "broken": _config("broken", None, "False")},
}


def _resolve(spec_traffic: list[dict]) -> traffic.TrafficConfig:
    route = {"metadata": {"name": "hello", "namespace": "default"}, "spec": {"traffic": spec_traffic}}
    return traffic.resolve(route, lambda ns, n: WORLD["configurations"].get(n),
                           lambda ns, n: WORLD["revisions"].get(n))


@pytest.mark.parametrize(
    "spec_traffic, error",
    [
        ([{"revisionName": "nope", "percent": 100}], ("missing", "Revision", "nope", True)),
        ([{"configurationName": "nope", "percent": 100}], ("missing", "Configuration", "nope", True)),
        ([{"configurationName": "pending", "percent": 100}], ("not-ready", "Configuration", "pending", False)),
        ([{"configurationName": "broken", "percent": 100}], ("failed", "Configuration", "broken", True)),
        ([{"revisionName": "hello-00003", "percent": 100}], ("not-ready", "Revision", "hello-00003", False)),
        ([{"revisionName": "hello-00004", "percent": 100}], ("failed", "Revision", "hello-00004", True)),
        # a missing target wins over a not-ready one, whatever the order; 0 % targets count too
        ([{"revisionName": "hello-00003", "percent": 100}, {"revisionName": "gone", "percent": 0, "tag": "x"}],
         ("missing", "Revision", "gone", True)),
    ],
)
def test_traffic_errors(spec_traffic: list[dict], error: tuple) -> None:
    err = _resolve(spec_traffic).error
    assert err is not None
    assert (err.kind, err.target_kind, err.name, err.is_failure) == error


def test_traffic_groups_and_status() -> None:
    tc = _resolve([
        {"configurationName": "hello", "latestRevision": True, "percent": 10},
        {"revisionName": "hello-00002", "latestRevision": False, "percent": 70},
        {"revisionName": "hello-00001", "latestRevision": False, "percent": 20, "tag": "old"},
        {"revisionName": "hello-00001", "latestRevision": False, "percent": 0, "tag": "staging"},
    ])
    assert tc.error is None
    # the default group merges the same revision/latest pairs; tags get 100 %
    assert [(t.revision, t.percent, t.latest) for t in tc.groups[""]] == [
        ("hello-00002", 10, True), ("hello-00002", 70, False), ("hello-00001", 20, False)]
    assert [(t.revision, t.percent) for t in tc.groups["old"]] == [("hello-00001", 100)]
    assert [(t.revision, t.percent) for t in tc.groups["staging"]] == [("hello-00001", 100)]
    status = traffic.status_traffic(tc.targets, lambda tag: f"http://{tag}-hello.default.example.com")
    assert status == [
        {"revisionName": "hello-00002", "latestRevision": True, "percent": 10},
        {"revisionName": "hello-00002", "latestRevision": False, "percent": 70},
        {"tag": "old", "revisionName": "hello-00001", "latestRevision": False, "percent": 20,
         "url": "http://old-hello.default.example.com"},
        {"tag": "staging", "revisionName": "hello-00001", "latestRevision": False, "percent": 0,
         "url": "http://staging-hello.default.example.com"},
    ]


def _cfg(domains_: dict, **net: object) -> ConfigView:
    return ConfigView(domain=DomainConfig(domains_), network=replace(NetworkConfig(), **net))


def _route(labels: dict | None = None) -> dict:
    return {"metadata": {"name": "hello", "namespace": "default", "labels": labels or {}}}


@pytest.mark.parametrize(
    "config, labels, url, external, tag_url",
    [
        (_cfg({"example.com": {}}), {}, "http://hello.default.example.com", ("hello.default.example.com",),
         "http://staging-hello.default.example.com"),
        (_cfg({"svc.cluster.local": {}}), {}, "http://hello.default.svc.cluster.local", (),
         "http://staging-hello.default.svc.cluster.local"),
        (_cfg({"example.com": {}}), {"networking.knative.dev/visibility": "cluster-local"},
         "http://hello.default.svc.cluster.local", (), "http://staging-hello.default.svc.cluster.local"),
        (_cfg({"example.com": {}, "prod.com": {"app": "prod"}}), {"app": "prod"}, "http://hello.default.prod.com",
         ("hello.default.prod.com",), "http://staging-hello.default.prod.com"),
        (_cfg({"b.com": {}, "a.com": {}}), {}, "http://hello.default.a.com", ("hello.default.a.com",),
         "http://staging-hello.default.a.com"),
        (_cfg({"example.com": {}}, domain_template="{{.Name}}-{{.Namespace}}.{{.Domain}}",
              tag_template="{{.Name}}-{{.Tag}}"), {}, "http://hello-default.example.com",
         ("hello-default.example.com",), "http://hello-staging-default.example.com"),
    ],
)
def test_route_hosts(config: ConfigView, labels: dict, url: str, external: tuple, tag_url: str) -> None:
    hosts = domains.route_hosts(_route(labels), ["staging"], config)
    assert hosts.default.url == url
    assert hosts.default.external == external
    assert hosts.tags["staging"].url == tag_url
    assert hosts.address_url == "http://hello.default.svc.cluster.local"
    assert hosts.default.internal[:3] == ("hello.default.svc.cluster.local", "hello.default.svc", "hello.default")


# -- rollout (spec §3.8, Knative's TestObserveReady) ----------------------------------------------

S = rollout.NS


def _state(percent: int, revs: list[tuple[str, int]], **params: int) -> dict:
    cc: dict = {"configurationName": "hello", "tag": "", "percent": percent,
                "revisions": [{"revisionName": r, "percent": p} for r, p in revs]}
    if params:
        cc["stepParams"] = dict(params)
    return {"configurations": [cc]}


def test_rollout_starts_with_one_percent_and_plans_steps() -> None:
    prev = _state(100, [("hello-00001", 100)])
    desired = rollout.desired_state([Target("", "hello-00002", 100, True, "hello")])
    state = rollout.step(prev, desired, now_ns=1000 * S, duration_s=120)
    assert rollout.split_for(state, "", "hello") == [("hello-00001", 99), ("hello-00002", 1)]
    assert state["configurations"][0]["stepParams"] == {"starttime": 1000 * S}
    planned = rollout.observe_ready(state, now_ns=1000 * S + int(2.4 * S), duration_s=120)
    sp = planned["configurations"][0]["stepParams"]
    assert (sp["stepSize"], sp["stepDuration"]) == (3, 3 * S)  # minStep 3, d 117, 39 steps
    assert sp["nextStepTime"] == 1000 * S + int(2.4 * S) + 3 * S


@pytest.mark.parametrize(
    "percent, elapsed, duration, size, step_duration",
    [
        (100, 2.4, 120, 3, 3 * S),
        (13, 2.4, 2, 12, 1 * S),
        (100, 0.5, 120, 1, 119 * S // 99),
    ],
)
def test_observe_ready_table(percent: int, elapsed: float, duration: int, size: int, step_duration: int) -> None:
    state = _state(percent, [("a", percent - 1), ("b", 1)], starttime=0)
    sp = rollout.observe_ready(state, int(elapsed * S), duration)["configurations"][0]["stepParams"]
    assert (sp["stepSize"], sp["stepDuration"]) == (size, step_duration)


def test_rollout_advances_and_finishes() -> None:
    state = _state(10, [("a", 9), ("b", 1)], starttime=0, stepSize=4, stepDuration=S, nextStepTime=S)
    state, nxt = rollout.advance(state, S)
    assert rollout.split_for(state, "", "hello") == [("a", 5), ("b", 5)] and nxt == 2 * S
    state, nxt = rollout.advance(state, 3 * S)  # two steps due: 5 → 1 → 0
    assert rollout.split_for(state, "", "hello") == [("b", 10)] and nxt is None
    assert "stepParams" not in state["configurations"][0] and not rollout.in_progress(state)


def test_no_rollout_without_duration_or_for_new_configs() -> None:
    desired = rollout.desired_state([Target("", "b", 100, True, "hello")])
    assert rollout.step(_state(100, [("a", 100)]), desired, 0, 0) == desired
    assert rollout.step(None, desired, 0, 60) == desired
    one = rollout.desired_state([Target("", "b", 1, True, "hello")])
    assert rollout.step(_state(1, [("a", 1)]), one, 0, 60) == one
