"""What every source reconciler shares: the source duck type of ``knative.dev/pkg`` (§7.0).

A source has ``spec.sink`` (a Destination) and ``spec.ceOverrides``, and reports
``status.sinkUri`` and ``status.ceAttributes``. Its reconciler resolves the sink through the
one :class:`~knlite.reconciler.eventing.resolver.Resolver`, and must run again when the
object the sink names appears, changes its address or goes away — Knative's controllers do
that with a tracker on the sink reference; :func:`sink_watches` is the same thing for
knlite's controller runtime: one watch per addressable kind, mapping a changed addressable to
the sources of one kind whose sink names it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from knlite.apis.registry import ResourceType
from knlite.reconciler.base import Key, Watch
from knlite.reconciler.client import Client

Obj = dict[str, Any]

# Kinds a sink ref commonly names; any other addressable still resolves, it is just not watched.
SINK_KINDS = (
    ("serving.knative.dev", "Service"),
    ("", "Service"),
    ("apps", "Deployment"),
    ("eventing.knative.dev", "Broker"),
    ("messaging.knative.dev", "Channel"),
    ("messaging.knative.dev", "InMemoryChannel"),
    ("flows.knative.dev", "Sequence"),
    ("flows.knative.dev", "Parallel"),
)


def sink_ref(source: Obj) -> Obj:
    return ((source.get("spec") or {}).get("sink") or {}).get("ref") or {}


def sink_watches(client: Client, sources: ResourceType) -> list[Watch]:
    """Watches that enqueue the ``sources`` whose ``spec.sink.ref`` names a changed object."""
    out = []
    for group, kind in SINK_KINDS:
        rt = client.core.registry.by_kind(group, kind)
        if rt is None:
            continue

        def mapper(target: Obj, group: str = group, kind: str = kind) -> Iterable[Key]:
            ns, name = target["metadata"].get("namespace", ""), target["metadata"]["name"]
            keys = []
            for s in client.list(sources):
                ref = sink_ref(s)
                sns = s["metadata"].get("namespace", "")
                if (
                    ref.get("name") == name
                    and ref.get("kind") == kind
                    and str(ref.get("apiVersion", "")).rpartition("/")[0] == group
                    and (ref.get("namespace") or sns) == ns
                ):
                    keys.append(Key(sns, s["metadata"]["name"]))
            return keys

        out.append(Watch(rt.group_kind, mapper))
    return out


def ce_attributes(types: Iterable[str], source: str) -> list[Obj]:
    """``status.ceAttributes``: one ``{type, source}`` per event type the source emits."""
    return [{"type": t, "source": source} for t in types]
