"""The object store: durability, resourceVersions, watch history and its 410 horizon."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from knlite.store.store import ADDED, DELETED, MODIFIED, AlreadyExists, Conflict, Expired, NotFound, Store


def cm(name: str, ns: str = "default", **data: str) -> dict:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": ns}, "data": data}


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "store.db", history=5)
    s.open()
    yield s
    s.close()


def test_resource_versions_are_monotonic_across_kinds_and_deletes(store: Store) -> None:
    a = store.create("ConfigMap", cm("a"))
    b = store.create("Secret", cm("b"))
    store.delete("ConfigMap", "default", "a")
    c = store.create("ConfigMap", cm("c"))
    rvs = [int(x["metadata"]["resourceVersion"]) for x in (a, b, c)]
    assert rvs == sorted(rvs) and len(set(rvs)) == 3
    assert store.resource_version == rvs[-1]


def test_reopen_keeps_objects_and_counter(tmp_path: Path) -> None:
    s = Store(tmp_path / "db")
    s.open()
    s.create("ConfigMap", cm("a", x="1"))
    s.delete("ConfigMap", "default", "a")
    s.create("ConfigMap", cm("b", x="2"))
    rv = s.resource_version
    s.close()
    s2 = Store(tmp_path / "db")
    s2.open()
    assert s2.get("ConfigMap", "default", "b")["data"] == {"x": "2"}
    assert s2.get("ConfigMap", "default", "a") is None
    assert s2.resource_version == rv  # a delete's rv is not reused after restart
    created = s2.create("ConfigMap", cm("c"))
    assert int(created["metadata"]["resourceVersion"]) == rv + 1
    s2.close()


@pytest.mark.parametrize(
    "op, error",
    [
        (lambda s: s.create("ConfigMap", cm("a")), AlreadyExists),
        (lambda s: s.update("ConfigMap", cm("zzz")), NotFound),
        (lambda s: s.update("ConfigMap", cm("a"), expect_rv=999), Conflict),
        (lambda s: s.delete("ConfigMap", "default", "zzz"), NotFound),
        (lambda s: s.delete("ConfigMap", "default", "a", expect_rv=999), Conflict),
    ],
)
def test_failed_writes_change_nothing(store: Store, op, error) -> None:
    store.create("ConfigMap", cm("a", v="1"))
    before = (store.resource_version, store.get("ConfigMap", "default", "a"))
    with pytest.raises(error):
        op(store)
    assert (store.resource_version, store.get("ConfigMap", "default", "a")) == before


def test_get_returns_copies(store: Store) -> None:
    store.create("ConfigMap", cm("a", v="1"))
    got = store.get("ConfigMap", "default", "a")
    got["data"]["v"] = "changed"
    assert store.get("ConfigMap", "default", "a")["data"]["v"] == "1"


async def test_watch_replays_history_then_streams(store: Store) -> None:
    store.create("ConfigMap", cm("a"))
    rv = store.resource_version
    store.update("ConfigMap", cm("a", v="2"))
    w = store.watch("ConfigMap", "default", rv)
    ev = await asyncio.wait_for(w.next(), 1)
    assert ev is not None and ev.type == MODIFIED and ev.old is not None
    store.delete("ConfigMap", "default", "a")
    ev = await asyncio.wait_for(w.next(), 1)
    assert ev is not None and ev.type == DELETED
    store.create("ConfigMap", cm("other", ns="elsewhere"))
    store.create("ConfigMap", cm("b"))
    ev = await asyncio.wait_for(w.next(), 1)
    assert ev is not None and ev.type == ADDED and ev.obj["metadata"]["name"] == "b"
    store.stop_watch(w)


def test_watch_older_than_history_is_gone(store: Store) -> None:
    store.create("ConfigMap", cm("a"))
    first = store.resource_version
    for i in range(10):  # history holds 5 events
        store.update("ConfigMap", cm("a", v=str(i)))
    with pytest.raises(Expired):
        store.watch("ConfigMap", None, first)
    store.watch("ConfigMap", None, store.resource_version - 4)  # still inside the ring


def test_watch_after_restart_needs_relist(tmp_path: Path) -> None:
    s = Store(tmp_path / "db")
    s.open()
    s.create("ConfigMap", cm("a"))
    s.create("ConfigMap", cm("b"))
    s.close()
    s = Store(tmp_path / "db")
    s.open()
    with pytest.raises(Expired):
        s.watch(None, None, 1)
    s.watch(None, None, s.resource_version)
    s.close()
