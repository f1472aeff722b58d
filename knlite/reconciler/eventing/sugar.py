"""The default broker (``pkg/reconciler/sugar``) and EventType auto-creation.

Sugar: a namespace opted in — labelled ``eventing.knative.dev/injection=enabled``, or
matching config-sugar's ``namespace-selector`` — gets a Broker named ``default`` (labelled
``eventing.knative.dev/injected: "true"``), recreated if deleted. A Trigger opted in the same
way (the injection label or annotation with broker ``default``, or config-sugar's
``trigger-selector``) gets the Broker it names when that Broker does not exist.

EventTypes (feature ``eventtype-auto-create`` in config-features): the broker ingress and the
channel receivers report every event they accept; each new (type, source) per broker or
channel becomes an EventType named ``et-{addressable}-{md5}`` owned by that addressable, created
off the request path.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections.abc import Callable
from typing import Any

from knlite.api.errors import ApiError
from knlite.apis import kmeta
from knlite.apis.messaging import CHANNEL_GROUPS
from knlite.apis.selectors import from_label_selector, matches
from knlite.config.types import ConfigView
from knlite.eventing import cloudevents as ce
from knlite.eventing.dataplane import EventingState
from knlite.reconciler.base import Key, Reconciler, Watch
from knlite.reconciler.client import Client

log = logging.getLogger(__name__)

Obj = dict[str, Any]
EVENTING = "eventing.knative.dev"
INJECTION = "eventing.knative.dev/injection"
INJECTED = "eventing.knative.dev/injected"


def _opted_in(meta: Obj, selector: dict[str, Any] | None) -> bool:
    labels = meta.get("labels") or {}
    if labels.get(INJECTION) == "enabled":
        return True
    return selector is not None and matches(from_label_selector(selector), labels)


class SugarReconciler(Reconciler):
    """Keyed by namespace name: makes sure opted-in namespaces and triggers have their broker."""

    name = "sugar"
    configs = (("knative-eventing", "config-sugar"),)

    def __init__(self, client: Client, config: Callable[[], ConfigView]) -> None:
        super().__init__()
        self.client = client
        self.config = config
        self.namespaces = client.rt("", "Namespace")
        self.brokers = client.rt(EVENTING, "Broker")
        self.triggers = client.rt(EVENTING, "Trigger")
        self.gk = self.namespaces.group_kind
        ns_of = lambda o: [Key("", o["metadata"].get("namespace", ""))]  # noqa: E731
        self.watches = [Watch(self.triggers.group_kind, ns_of), Watch(self.brokers.group_kind, ns_of)]

    def all_keys(self) -> list[Key]:
        return [Key("", o["metadata"]["name"]) for o in self.client.list(self.namespaces)]

    def reconcile(self, key: Key) -> float | None:
        ns = self.client.peek(self.namespaces, "", key.name)
        if ns is None or ns["metadata"].get("deletionTimestamp"):
            return None
        sugar = self.config().sugar
        wanted: set[str] = set()
        if _opted_in(ns["metadata"], sugar.namespace_selector):
            wanted.add("default")
        for t in self.client.list(self.triggers, key.name):
            meta = t["metadata"]
            broker = (t.get("spec") or {}).get("broker", "")
            injection = {**(meta.get("labels") or {}), **(meta.get("annotations") or {})}.get(INJECTION)
            selected = sugar.trigger_selector is not None and matches(
                from_label_selector(sugar.trigger_selector), meta.get("labels") or {})
            if (injection == "enabled" and broker == "default") or selected:
                wanted.add(broker)
        for name in sorted(wanted):
            if self.client.peek(self.brokers, key.name, name) is None:
                try:
                    self.client.create(self.brokers, {
                        "apiVersion": f"{EVENTING}/v1", "kind": "Broker",
                        "metadata": {"name": name, "namespace": key.name, "labels": {INJECTED: "true"}}})
                except ApiError as e:
                    log.warning("could not create broker %s/%s: %s", key.name, name, e.message)
        return None


def _dns1123_subdomain(name: str) -> str:
    name = re.sub(r"[^a-z0-9.-]", "", name.lower())
    return name[:253].strip("-.")


class EventTypeRegistrar:
    """Called by the data plane for every accepted event; creates EventTypes when enabled."""

    def __init__(self, client: Client, state: EventingState, config: Callable[[], ConfigView]) -> None:
        self.client = client
        self.state = state
        self.config = config
        self._seen: set[tuple[str, str]] = set()

    def __call__(self, kind: str, namespace: str, name: str, event: Any) -> None:
        if not self.config().eventing_features.enabled("eventtype-auto-create"):
            return
        etype, source = ce.get_attr(event, "type") or "", ce.get_attr(event, "source") or ""
        digest = hashlib.md5((etype + source + namespace + name).encode()).hexdigest()
        et_name = _dns1123_subdomain(f"et-{name}-{digest}")
        if (namespace, et_name) in self._seen:
            return
        self._seen.add((namespace, et_name))
        schema = ce.get_attr(event, "dataschema")
        asyncio.get_running_loop().call_soon(self._create, kind, namespace, name, et_name, etype, source, schema)

    def _create(self, kind: str, namespace: str, name: str, et_name: str, etype: str, source: str,
                schema: str | None) -> None:
        rt = self.client.rt(EVENTING, "EventType")
        if self.client.peek(rt, namespace, et_name) is not None:
            return
        if kind == "Broker":
            owner = self.client.peek(self.client.rt(EVENTING, "Broker"), namespace, name)
            ref = {"apiVersion": f"{EVENTING}/v1", "kind": "Broker", "name": name, "namespace": namespace}
        else:
            found = (self.client.core.registry.by_kind(g, kind) for g in CHANNEL_GROUPS)
            crt = next((c for c in found if c is not None), None)
            if crt is None:
                return
            owner = self.client.peek(crt, namespace, name)
            ref = {"apiVersion": crt.api_version, "kind": kind, "name": name, "namespace": namespace}
        if owner is None:
            return
        spec: Obj = {"type": etype, "source": source, "reference": ref,
                     "description": "Event Type auto-created by controller"}
        if schema:
            spec["schema"] = schema
            spec["schemaData"] = schema
        try:
            self.client.create(rt, {"apiVersion": f"{EVENTING}/{rt.storage_version}", "kind": "EventType",
                                    "metadata": {"name": et_name, "namespace": namespace,
                                                 "ownerReferences": [kmeta.owner_reference(owner, controller=False,
                                                                                           block_owner_deletion=False)]},
                                    "spec": spec})
        except ApiError as e:
            if e.code != 409:
                log.warning("could not create EventType %s/%s: %s", namespace, et_name, e.message)
