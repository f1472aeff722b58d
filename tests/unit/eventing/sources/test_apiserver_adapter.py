"""The ApiServerSource adapter over store events: selection (namespaces, label selectors, owner)
and the events it sends in each mode, with a recording transport."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import pytest

from knlite.apis.catalog import build_registry
from knlite.apis.selectors import from_label_selector
from knlite.eventing import cloudevents as ce
from knlite.eventing.delivery import Response
from knlite.eventing.sources.apiserver import Adapter, ApiServerAdapters, Watched
from knlite.store.store import Event

Obj = dict[str, Any]


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any], bytes | None]] = []

    async def send(self, url: str, headers: Mapping[str, str], body: bytes, timeout: float | None) -> Response:
        attrs, data = ce.decode(headers, body)
        self.sent.append((url, dict(attrs), data))
        return Response(202, {})


def pod(name: str, ns: str = "default", labels: Obj | None = None, owner: Obj | None = None) -> Obj:
    meta: Obj = {"name": name, "namespace": ns, "resourceVersion": "7", "labels": labels or {}}
    if owner:
        meta["ownerReferences"] = [owner]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": {"containers": [{"name": "c"}]}}


def ev(kind: str, gk: str, obj: Obj, old: Obj | None = None) -> Event:
    return Event(kind, gk, obj, 1, old)


DEPLOY_OWNER = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "d", "uid": "u", "controller": True}


def adapter(**kw: Any) -> Adapter:
    base: dict[str, Any] = dict(namespace="default", name="src", sink="http://sink.default.svc.cluster.local",
                                mode_ref=True, resources=(Watched("Pod", "v1", None),),
                                namespaces=frozenset({"default"}), owner=None, overrides={},
                                source="https://127.0.0.1:8001")
    base.update(kw)
    return Adapter(**base)


async def run(a: Adapter, events: list[Event]) -> list[tuple[str, dict[str, Any], bytes | None]]:
    rec = Recorder()
    adapters = ApiServerAdapters(rec, build_registry())
    adapters.apply(a)
    for ev in events:
        adapters.on_event(ev)
    for _ in range(50):
        await asyncio.sleep(0.01)
        if a.queue.empty():
            break
    await asyncio.sleep(0.02)
    await adapters.stop()
    return rec.sent


@pytest.mark.parametrize(("kw", "events", "names"), [
    # the source's namespace only
    ({}, [ev("ADDED", "Pod", pod("a")), ev("ADDED", "Pod", pod("b", ns="other"))], ["a"]),
    # all namespaces
    ({"namespaces": None}, [ev("ADDED", "Pod", pod("a")), ev("ADDED", "Pod", pod("b", ns="other"))],
     ["a", "b"]),
    # a label selector on the resource
    ({"resources": (Watched("Pod", "v1", from_label_selector({"matchLabels": {"app": "x"}})),)},
     [ev("ADDED", "Pod", pod("a", labels={"app": "x"})), ev("ADDED", "Pod", pod("b", labels={"app": "y"}))],
     ["a"]),
    # the owner filter: a controller of that kind only
    ({"owner": ("apps/v1", "Deployment")},
     [ev("ADDED", "Pod", pod("a", owner=DEPLOY_OWNER)), ev("ADDED", "Pod", pod("b"))], ["a"]),
    ({"owner": ("", "ReplicaSet")}, [ev("ADDED", "Pod", pod("a", owner=DEPLOY_OWNER))], []),
    # other kinds are not watched
    ({}, [ev("ADDED", "ConfigMap", {"apiVersion": "v1", "kind": "ConfigMap",
                                       "metadata": {"name": "c", "namespace": "default"}})], []),
])
async def test_selection(kw: dict[str, Any], events: list[Event], names: list[str]) -> None:
    sent = await run(adapter(**kw), events)
    assert [attrs["name"] for _, attrs, _ in sent] == names


async def test_reference_mode_events_in_order() -> None:
    p = pod("a")
    sent = await run(adapter(overrides={"origin": "test"}),
                     [ev("ADDED", "Pod", p), ev("MODIFIED", "Pod", p, old=p), ev("DELETED", "Pod", p)])
    assert [a["type"] for _, a, _ in sent] == ["dev.knative.apiserver.ref.add", "dev.knative.apiserver.ref.update",
                                                "dev.knative.apiserver.ref.delete"]
    url, attrs, data = sent[0]
    assert url == "http://sink.default.svc.cluster.local"
    assert {k: attrs[k] for k in ("source", "subject", "datacontenttype", "kind", "apiversion", "name", "namespace",
                                  "origin")} == {
        "source": "https://127.0.0.1:8001", "subject": "/apis/v1/namespaces/default/pods/a",
        "datacontenttype": "application/json", "kind": "Pod", "apiversion": "v1", "name": "a",
        "namespace": "default", "origin": "test"}
    assert data == b'{"kind":"Pod","namespace":"default","name":"a","apiVersion":"v1"}'
    assert len({a["id"] for _, a, _ in sent}) == 3


async def test_resource_mode_sends_the_object_with_sorted_keys() -> None:
    sent = await run(adapter(mode_ref=False), [ev("ADDED", "Pod", pod("a"))])
    _, attrs, data = sent[0]
    assert attrs["type"] == "dev.knative.apiserver.resource.add"
    assert data is not None and json.loads(data) == pod("a")
    assert data.startswith(b'{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{},"name":"a"')
