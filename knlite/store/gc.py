"""Garbage collection: owner references, foreground deletion and namespace termination.

Kubernetes' garbage collector deletes an object once every owner named in its
``ownerReferences`` is gone; that is how deleting a Knative Service takes its Configuration,
Route, Revisions, PodAutoscalers and Pods with it. knlite runs the same rule as an in-process
controller fed by the store's change events:

* **background** (default): the owner goes at once; its dependents are deleted right after;
* **foreground**: the owner keeps a ``foregroundDeletion`` finalizer until its dependents are gone;
* **orphan**: handled by the API, which strips the owner reference from dependents;
* **namespaces**: a Namespace being deleted empties itself, then drops its ``kubernetes`` finalizer.

The collector also sweeps once at start, so a cascade interrupted by a crash finishes after
restart. Deletions go through :class:`~knlite.api.core.ApiCore`, so finalizers on dependents
(a Subscription removing itself from its channel, say) are honoured.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
from typing import TYPE_CHECKING, Any

from knlite.store.store import ADDED, DELETED, Event, Key

if TYPE_CHECKING:
    from knlite.api.core import ApiCore

log = logging.getLogger(__name__)

Obj = dict[str, Any]
SYSTEM = "system:serviceaccount:kube-system:generic-garbage-collector"


class GarbageCollector:
    def __init__(self, core: ApiCore) -> None:
        self.core = core
        self.store = core.store
        self._uids: dict[str, Key] = {}
        self._dependents: dict[str, set[Key]] = {}
        self._pending: set[str] = set()  # owner uids whose dependents need a look
        self._namespaces: set[str] = set()  # namespaces being terminated
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # -- indexing ----------------------------------------------------------------------------
    def _index(self, gk: str, obj: Obj) -> None:
        meta = obj["metadata"]
        key = (gk, meta.get("namespace") or "", meta["name"])
        self._uids[meta["uid"]] = key
        for ref in meta.get("ownerReferences") or []:
            self._dependents.setdefault(ref.get("uid", ""), set()).add(key)

    def _unindex(self, gk: str, obj: Obj) -> None:
        meta = obj["metadata"]
        key = (gk, meta.get("namespace") or "", meta["name"])
        if self._uids.get(meta.get("uid", "")) == key:
            del self._uids[meta["uid"]]
        for ref in meta.get("ownerReferences") or []:
            deps = self._dependents.get(ref.get("uid", ""))
            if deps is not None:
                deps.discard(key)
                if not deps:
                    del self._dependents[ref.get("uid", "")]

    def on_event(self, ev: Event) -> None:
        if ev.type == DELETED:
            self._unindex(ev.gk, ev.obj)
            uid = ev.obj["metadata"].get("uid", "")
            if uid in self._dependents:
                self._pending.add(uid)
            for ref in ev.obj["metadata"].get("ownerReferences") or []:
                self._pending.add(ref.get("uid", ""))  # a foreground owner may now be free to go
        else:
            if ev.type != ADDED and ev.old is not None:
                self._unindex(ev.gk, ev.old)
            self._index(ev.gk, ev.obj)
            meta = ev.obj["metadata"]
            if meta.get("deletionTimestamp"):
                if "foregroundDeletion" in (meta.get("finalizers") or []):
                    self._pending.add(meta["uid"])
                if ev.gk == "Namespace":
                    self._namespaces.add(meta["name"])
            for ref in meta.get("ownerReferences") or []:
                if ref.get("uid") not in self._uids:
                    self._pending.add(ref.get("uid", ""))
        if self._pending or self._namespaces:
            self._wake.set()

    # -- running -----------------------------------------------------------------------------
    def start(self) -> None:
        for gk in self.store.kinds():
            for obj in self.store.iter(gk):
                self._index(gk, obj)
                meta = obj["metadata"]
                if gk == "Namespace" and meta.get("deletionTimestamp"):
                    self._namespaces.add(meta["name"])
        self._pending.update(self._dependents.keys())  # sweep: owners that vanished in a crash
        self.store.add_listener(self.on_event)
        self._task = asyncio.get_running_loop().create_task(self._run(), name="garbage-collector")
        self._wake.set()

    async def stop(self) -> None:
        self.store.remove_listener(self.on_event)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                self.collect()
            except Exception:
                log.exception("garbage collection pass failed")
            await asyncio.sleep(0)

    def collect(self) -> None:
        """One pass: delete dependents whose owners are all gone, finish foreground and namespace deletions."""
        while self._pending:
            uid = self._pending.pop()
            owner_key = self._uids.get(uid)
            if owner_key is not None:
                owner = self.store.peek(*owner_key)
                if owner is not None and owner["metadata"].get("deletionTimestamp") and \
                        "foregroundDeletion" in (owner["metadata"].get("finalizers") or []):
                    self._foreground(owner_key, owner)
                continue
            for key in list(self._dependents.get(uid, ())):
                self._collect_dependent(key)
        for ns in list(self._namespaces):
            self._terminate_namespace(ns)

    def _owners_alive(self, obj: Obj) -> bool:
        return any(ref.get("uid") in self._uids for ref in obj["metadata"].get("ownerReferences") or [])

    def _delete(self, key: Key, propagation: str = "Background") -> None:
        from knlite.api.core import Caller
        from knlite.api.errors import ApiError

        rt = self.core.registry.by_group_kind(key[0])
        if rt is None:
            self.store.delete(*key)
            return
        try:
            self.core.delete(rt, key[1], key[2], Caller(user=SYSTEM), propagation)
        except ApiError as e:
            if e.code != 404:
                log.warning("garbage collector could not delete %s: %s", key, e.message)

    def _collect_dependent(self, key: Key) -> None:
        obj = self.store.peek(*key)
        if obj is None or self._owners_alive(obj):
            return
        if obj["metadata"].get("deletionTimestamp"):
            return  # already going, waiting for its finalizers
        log.debug("garbage collecting %s/%s/%s", *key)
        self._delete(key)

    def _foreground(self, key: Key, owner: Obj) -> None:
        uid = owner["metadata"]["uid"]
        deps = [d for d in self._dependents.get(uid, set()) if self.store.peek(*d) is not None]
        for d in deps:
            dep = self.store.peek(*d)
            if dep is not None and not dep["metadata"].get("deletionTimestamp"):
                self._delete(d, "Foreground")
        if not deps:
            self._drop_finalizer(key, owner, "foregroundDeletion")

    def _drop_finalizer(self, key: Key, obj: Obj, finalizer: str) -> None:
        new = copy.deepcopy(obj)
        new["metadata"]["finalizers"] = [f for f in new["metadata"].get("finalizers") or [] if f != finalizer]
        if new["metadata"]["finalizers"]:
            self.store.update(key[0], new)
        else:
            self.store.delete(*key)

    def _terminate_namespace(self, ns: str) -> None:
        nso = self.store.peek("Namespace", "", ns)
        if nso is None or not nso["metadata"].get("deletionTimestamp"):
            self._namespaces.discard(ns)
            return
        remaining = 0
        for gk in self.store.kinds():
            rt = self.core.registry.by_group_kind(gk)
            if rt is not None and not rt.namespaced:
                continue
            for obj in list(self.store.iter(gk, ns)):
                remaining += 1
                if not obj["metadata"].get("deletionTimestamp"):
                    self._delete((gk, ns, obj["metadata"]["name"]))
        if remaining == 0:
            self._namespaces.discard(ns)
            self._drop_finalizer(("Namespace", "", ns), nso, "kubernetes")
