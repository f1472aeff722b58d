"""How reconcilers read and write objects: the store for reads, the API core for writes.

Reads come straight from the in-memory store (the informer cache of a Knative controller).
Writes go through :class:`~knlite.api.core.ApiCore`, so the objects controllers create get
the same defaulting and validation as kubectl's, exactly as Knative's webhooks apply to its
own controllers. Writes that would change nothing are skipped, so a level-triggered loop
settles instead of bumping resourceVersions forever.
"""

from __future__ import annotations

import copy
from typing import Any

from knlite.api.core import ApiCore, Caller
from knlite.api.errors import ApiError
from knlite.apis.registry import ResourceType

Obj = dict[str, Any]


class Client:
    def __init__(self, core: ApiCore, user: str, field_manager: str = "controller") -> None:
        self.core = core
        self.store = core.store
        self.user = user
        self.field_manager = field_manager

    def _caller(self) -> Caller:
        return Caller(user=self.user, field_manager=self.field_manager)

    def rt(self, group: str, kind: str) -> ResourceType:
        rt = self.core.registry.by_kind(group, kind)
        if rt is None:
            raise KeyError(f"unknown kind {kind}.{group}")
        return rt

    # -- reads (shared, read-only objects; copy before changing) -----------------------------
    def peek(self, rt: ResourceType, namespace: str, name: str) -> Obj | None:
        return self.store.peek(rt.group_kind, namespace if rt.namespaced else "", name)

    def get(self, rt: ResourceType, namespace: str, name: str) -> Obj | None:
        obj = self.peek(rt, namespace, name)
        return copy.deepcopy(obj) if obj is not None else None

    def list(self, rt: ResourceType, namespace: str | None = None) -> list[Obj]:
        return list(self.store.iter(rt.group_kind, namespace))

    # -- writes ------------------------------------------------------------------------------
    def create(self, rt: ResourceType, obj: Obj) -> Obj:
        ns = obj["metadata"].get("namespace", "") if rt.namespaced else ""
        return self.core.create(rt, ns, obj, self._caller())

    def update(self, rt: ResourceType, obj: Obj) -> Obj:
        """Replace the object (spec, labels, annotations); a no-op write is skipped by the core."""
        meta = obj["metadata"]
        return self.core.update(rt, meta.get("namespace", ""), meta["name"], obj, self._caller())

    def update_status(self, rt: ResourceType, obj: Obj, status: Obj) -> Obj:
        """Write ``status`` if it differs from what is stored."""
        current = self.peek(rt, obj["metadata"].get("namespace", ""), obj["metadata"]["name"])
        if current is None:
            return obj
        if current.get("status") == status:
            return current
        new = copy.copy(current)
        new["status"] = status
        meta = current["metadata"]
        return self.core.update(rt, meta.get("namespace", ""), meta["name"], new, self._caller(),
                                subresource="status")

    def delete(self, rt: ResourceType, namespace: str, name: str) -> None:
        try:
            self.core.delete(rt, namespace, name, self._caller())
        except ApiError as e:
            if e.code != 404:
                raise
