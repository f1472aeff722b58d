"""The ApiServerSource receive adapter: changes in knlite's own store, sent as CloudEvents.

Knative runs one adapter Deployment per ApiServerSource; it opens a reflector per watched
resource and namespace against the API server and turns every Add, Update and Delete into an
event (``pkg/adapter/apiserver``). knlite has the API server in-process, so the adapter is
too: :class:`ApiServerAdapters` listens to the store's committed changes and, for each source
whose resources, label selectors, namespaces and owner filter match, queues an event:

- ``type`` ``dev.knative.apiserver.{ref,resource}.{add,update,delete}`` by mode;
- ``source`` the API server's URL; ``subject`` the object's self link as Knative builds it
  (``/apis/{apiVersion}/namespaces/{ns}/{guessed plural}/{name}``); extensions ``kind``,
  ``apiversion``, ``name``, ``namespace``; ``datacontenttype: application/json``;
- data: the object itself (Resource mode; keys sorted, as Go marshals unstructured maps) or
  ``{"kind","namespace","name","apiVersion"}`` (Reference mode, empty fields omitted).

As Knative's reflectors, an adapter reports changes from the moment it starts; objects that
already exist are not announced. Each source sends in order from its own queue, with the
adapter client's 5 retries from 50 ms; a failure is logged and the next event goes. The
store listener does no I/O: it builds the event and queues it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from knlite.apis.registry import Registry
from knlite.apis.selectors import Selector, matches
from knlite.eventing.delivery import Transport
from knlite.eventing.sources.adapter import ADAPTER_RETRIES, send
from knlite.store.store import Event

log = logging.getLogger(__name__)

Obj = dict[str, Any]
QUEUE_LIMIT = 10000  # events waiting per source; beyond it the oldest are dropped (logged)
_OPERATIONS = {"ADDED": "add", "MODIFIED": "update", "DELETED": "delete"}


def guess_plural(kind: str) -> str:
    """``meta.UnsafeGuessKindToResource``: lower case, then ``-s``, ``-es`` or ``-ies``."""
    singular = kind.lower()
    if not singular:
        return ""
    if singular.endswith("s"):
        return singular + "es"
    if singular.endswith("y"):
        return singular[:-1] + "ies"
    return singular + "s"


def self_link(api_version: str, kind: str, namespace: str, name: str) -> str:
    """``createSelfLink``: a dotted apiVersion without a version gets ``/versionUnknown``."""
    if "." in api_version and "/" not in api_version:
        api_version += "/versionUnknown"
    return f"/apis/{api_version}/namespaces/{namespace}/{guess_plural(kind)}/{name}"


def reference(obj: Obj) -> Obj:
    """``corev1.ObjectReference`` of the object, in Go's field order, empty fields omitted."""
    meta = obj.get("metadata") or {}
    ref = {"kind": obj.get("kind", ""), "namespace": meta.get("namespace", ""), "name": meta.get("name", ""),
           "apiVersion": obj.get("apiVersion", "")}
    return {k: v for k, v in ref.items() if v}


@dataclass(frozen=True)
class Watched:
    """One entry of ``spec.resources``: the kind's store key, the version asked for, a selector."""

    gk: str
    api_version: str
    selector: Selector | None


@dataclass
class Adapter:
    """One ApiServerSource's running adapter."""

    namespace: str
    name: str
    sink: str
    mode_ref: bool
    resources: tuple[Watched, ...]
    namespaces: frozenset[str] | None  # None: all namespaces
    owner: tuple[str, str] | None  # (apiVersion, kind) of the controlling owner, "" = any
    overrides: dict[str, str]
    source: str
    queue: asyncio.Queue[tuple[dict[str, Any], bytes]] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))
    task: asyncio.Task[None] | None = None
    sent: int = 0
    failed: int = 0

    def same_config(self, other: Adapter) -> bool:
        return (self.sink, self.mode_ref, self.resources, self.namespaces, self.owner, self.overrides,
                self.source) == (other.sink, other.mode_ref, other.resources, other.namespaces, other.owner,
                                 other.overrides, other.source)


class ApiServerAdapters:
    """Every ApiServerSource's adapter, fed by the store's changes."""

    def __init__(self, transport: Transport, registry: Registry) -> None:
        self.transport = transport
        self.registry = registry
        self.adapters: dict[tuple[str, str], Adapter] = {}
        self._closed = False

    # -- configuration (from the reconciler) ---------------------------------------------------
    def apply(self, adapter: Adapter) -> None:
        """Start the adapter, or keep the running one if its configuration did not change."""
        key = (adapter.namespace, adapter.name)
        current = self.adapters.get(key)
        if current is not None and current.same_config(adapter):
            return
        if current is not None:
            adapter.queue = current.queue  # changes already queued still go out, in order
            adapter.task = current.task
            adapter.sent, adapter.failed = current.sent, current.failed
        self.adapters[key] = adapter
        if adapter.task is None or adapter.task.done():
            adapter.task = asyncio.get_running_loop().create_task(self._run(key), name=f"apiserversource {key}")

    def remove(self, namespace: str, name: str) -> None:
        adapter = self.adapters.pop((namespace, name), None)
        if adapter is not None and adapter.task is not None:
            adapter.task.cancel()

    def running(self, namespace: str, name: str) -> bool:
        return (namespace, name) in self.adapters

    async def stop(self) -> None:
        self._closed = True
        tasks = [a.task for a in self.adapters.values() if a.task is not None]
        self.adapters.clear()
        for t in tasks:
            t.cancel()
        for t in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t

    # -- the store listener --------------------------------------------------------------------
    def on_event(self, ev: Event) -> None:
        if not self.adapters or ev.type not in _OPERATIONS:
            return
        for adapter in list(self.adapters.values()):
            for w in adapter.resources:
                if w.gk == ev.gk and self._selected(adapter, w, ev.obj):
                    self._enqueue(adapter, w, ev)
                    break

    def _selected(self, adapter: Adapter, w: Watched, obj: Obj) -> bool:
        meta = obj.get("metadata") or {}
        if adapter.namespaces is not None and (meta.get("namespace") or "") not in adapter.namespaces:
            return False
        if w.selector is not None and not matches(w.selector, meta.get("labels") or {}):
            return False
        if adapter.owner is not None:
            controller = next((r for r in meta.get("ownerReferences") or [] if r.get("controller")), None)
            if controller is None:
                return False
            api_version, kind = adapter.owner
            if (api_version and controller.get("apiVersion") != api_version) or \
                    (kind and controller.get("kind") != kind):
                return False
        return True

    def _enqueue(self, adapter: Adapter, w: Watched, ev: Event) -> None:
        rt = self.registry.by_group_kind(w.gk)
        obj = ev.obj
        if rt is not None and obj.get("apiVersion") != w.api_version:
            with contextlib.suppress(Exception):
                obj = rt.to_version(obj, w.api_version.rpartition("/")[2])
        meta = obj.get("metadata") or {}
        api_version, kind = obj.get("apiVersion", ""), obj.get("kind", "")
        namespace, name = meta.get("namespace", ""), meta.get("name", "")
        mode = "ref" if adapter.mode_ref else "resource"
        attrs: dict[str, Any] = {
            "specversion": "1.0",
            "type": f"dev.knative.apiserver.{mode}.{_OPERATIONS[ev.type]}",
            "source": adapter.source,
            "subject": self_link(api_version, kind, namespace, name),
            "datacontenttype": "application/json",
            "kind": kind, "apiversion": api_version, "name": name, "namespace": namespace,
        }
        payload = reference(obj) if adapter.mode_ref else obj
        data = json.dumps(payload, sort_keys=not adapter.mode_ref, separators=(",", ":")).encode()
        if adapter.queue.full():
            with contextlib.suppress(asyncio.QueueEmpty):
                adapter.queue.get_nowait()
            log.warning("apiserversource %s/%s: queue full, dropped the oldest event", adapter.namespace,
                        adapter.name)
        adapter.queue.put_nowait((attrs, data))

    async def _run(self, key: tuple[str, str]) -> None:
        while not self._closed:
            adapter = self.adapters.get(key)
            if adapter is None:
                return
            attrs, data = await adapter.queue.get()
            adapter = self.adapters.get(key) or adapter
            result = await send(self.transport, adapter.sink, attrs, data, overrides=adapter.overrides,
                                retry=ADAPTER_RETRIES)
            if result.ok:
                adapter.sent += 1
            else:
                adapter.failed += 1
                log.warning("apiserversource %s/%s: failed to send cloudevent to %s: %s", key[0], key[1],
                            adapter.sink, result.error)
