"""SinkBinding → ``K_SINK``/``K_CE_OVERRIDES`` in its subjects' pod templates (``webhook/psbinding``).

Knative implements a binding twice over, and so does knlite:

* a **mutating webhook** (:meth:`SinkBindings.mutate`, installed on the API core) that injects
  the environment into every PodSpecable object created or updated while a binding selects
  it — so a Deployment or Knative Service applied after its binding starts with ``K_SINK``
  already set (a Knative Service's first Revision has it);
* a **reconciler** that resolves the sink into the binding's status and patches the subjects
  that exist already (``ReconcileSubject`` with ``Do``) — again whenever a subject or the
  sink changes — and, behind a finalizer, takes the variables out when the binding goes
  (``Undo``).

``Do`` first removes earlier ``K_SINK``, ``K_CE_OVERRIDES`` and ``K_CA_CERTS`` values, then
appends the new ones to every container and init container; a sink that does not resolve
leaves the subjects without them. Objects labelled ``bindings.knative.dev/exclude=true`` are
skipped (the default ``exclusion`` selection mode). The PodSpecable kinds knlite serves are
apps/v1 Deployments and Knative Services and Configurations.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from typing import Any

from knlite.apis.duck import OIDC_IDENTITY_CREATED, READY, SINK_PROVIDED
from knlite.apis.registry import ResourceType
from knlite.apis.selectors import SelectorError, from_label_selector, matches
from knlite.apis.sources import sinkbinding as sb_api
from knlite.reconciler.base import Key, Reconciler, Watch
from knlite.reconciler.client import Client
from knlite.reconciler.eventing.resolver import ResolveError, Resolver
from knlite.reconciler.eventing.source_duck import sink_watches

Obj = dict[str, Any]
FINALIZER = "sinkbindings.sources.knative.dev"
INJECTED = (sb_api.ENV_SINK, sb_api.ENV_CE_OVERRIDES, sb_api.ENV_CA_CERTS)
# (group, kind) of the PodSpecable kinds: objects with a pod template at spec.template
PODSPECABLE = (
    ("apps", "Deployment"),
    ("serving.knative.dev", "Service"),
    ("serving.knative.dev", "Configuration"),
)


def _selects(sb: Obj, group: str, kind: str, obj: Obj) -> bool:
    """Whether a SinkBinding's subject names or selects ``obj`` (of ``group``/``kind``)."""
    subject = (sb.get("spec") or {}).get("subject") or {}
    if (str(subject.get("apiVersion", "")).rpartition("/")[0], subject.get("kind")) != (group, kind):
        return False
    if subject.get("name"):
        return bool(obj["metadata"].get("name") == subject["name"])
    try:
        return matches(
            from_label_selector(subject.get("selector") or {}), obj["metadata"].get("labels") or {}
        )
    except SelectorError:
        return False


def binding_env(sink_uri: str, ce_overrides: Obj | None) -> tuple[tuple[str, str], ...]:
    """The variables ``Do`` appends: ``K_SINK`` and ``K_CE_OVERRIDES`` (empty without overrides)."""
    overrides = json.dumps(ce_overrides, separators=(",", ":")) if ce_overrides is not None else ""
    return (sb_api.ENV_SINK, sink_uri), (sb_api.ENV_CE_OVERRIDES, overrides)


def _containers(obj: Obj) -> Iterable[Obj]:
    pod = (((obj.get("spec") or {}).get("template") or {}).get("spec")) or {}
    for key in ("initContainers", "containers"):
        for c in pod.get(key) or []:
            if isinstance(c, dict):
                yield c


def undo(obj: Obj) -> None:
    """Take the injected variables out of every container."""
    for c in _containers(obj):
        if c.get("env"):
            c["env"] = [e for e in c["env"] if not (isinstance(e, dict) and e.get("name") in INJECTED)]
            if not c["env"]:
                del c["env"]


def do(obj: Obj, env: tuple[tuple[str, str], ...] | None) -> None:
    """``Undo``, then append ``env`` to every container (nothing when the sink is unresolved)."""
    undo(obj)
    if env is None:
        return
    for c in _containers(obj):
        c.setdefault("env", []).extend({"name": k, "value": v} for k, v in env)


def excluded(obj: Obj) -> bool:
    return (obj["metadata"].get("labels") or {}).get(sb_api.EXCLUDE_LABEL) == "true"


class SinkBindings:
    """The webhook: binds PodSpecable objects as they are written, as Knative's psbinding
    webhook does — it reads the bindings and resolves their sinks itself, so it does not
    depend on the reconciler having run first."""

    def __init__(self, client: Client, resolver: Resolver) -> None:
        self.client = client
        self.resolver = resolver
        self.sinkbindings = client.rt(sb_api.GROUP, sb_api.KIND)

    def selecting(self, group: str, kind: str, obj: Obj) -> list[Obj]:
        ns = obj["metadata"].get("namespace") or ""
        return [
            b
            for b in self.client.list(self.sinkbindings, ns)
            if not b["metadata"].get("deletionTimestamp") and _selects(b, group, kind, obj)
        ]

    def env(self, sb: Obj) -> tuple[tuple[str, str], ...] | None:
        spec = sb.get("spec") or {}
        try:
            uri = self.resolver.resolve(spec.get("sink"), sb["metadata"]["namespace"])
        except ResolveError:
            return None
        return binding_env(uri, spec.get("ceOverrides"))

    def mutate(self, rt: ResourceType, obj: Obj, old: Obj | None) -> None:
        if (rt.group, rt.kind) not in PODSPECABLE or excluded(obj) or not obj["metadata"].get("namespace"):
            return
        for sb in self.selecting(rt.group, rt.kind, obj):
            do(obj, self.env(sb))


class SinkBindingReconciler(Reconciler):
    name = "sinkbinding"

    def __init__(self, client: Client, resolver: Resolver) -> None:
        super().__init__()
        self.client = client
        self.resolver = resolver
        self.webhook = SinkBindings(client, resolver)
        self.sinkbindings = client.rt(sb_api.GROUP, sb_api.KIND)
        self.gk = self.sinkbindings.group_kind
        self.watches = []
        for group, kind in PODSPECABLE:
            rt = client.core.registry.by_kind(group, kind)
            if rt is not None:
                self.watches.append(Watch(rt.group_kind, self._subject_mapper(group, kind)))
        self.watches += sink_watches(client, self.sinkbindings)

    def _subject_mapper(self, group: str, kind: str) -> Any:
        def mapper(obj: Obj) -> list[Key]:
            ns = obj["metadata"].get("namespace") or ""
            return [Key(ns, b["metadata"]["name"]) for b in self.webhook.selecting(group, kind, obj)]

        return mapper


    def all_keys(self) -> list[Key]:
        return [
            Key(o["metadata"]["namespace"], o["metadata"]["name"])
            for o in self.client.list(self.sinkbindings)
        ]

    def _subject_type(self, subject: Obj) -> ResourceType | None:
        group = str(subject.get("apiVersion", "")).rpartition("/")[0]
        return self.client.core.registry.by_kind(group, str(subject.get("kind", "")))

    def _referents(self, rt: ResourceType, key: Key, subject: Obj) -> list[Obj]:
        ns = subject.get("namespace") or key.namespace
        if subject.get("name"):
            obj = self.client.peek(rt, ns, subject["name"])
            return [obj] if obj is not None else []
        selector = from_label_selector(subject.get("selector") or {})
        return [o for o in self.client.list(rt, ns) if matches(selector, o["metadata"].get("labels") or {})]

    def _apply(
        self, rt: ResourceType, objs: list[Obj], env: tuple[tuple[str, str], ...] | None, bind: bool
    ) -> None:
        for obj in objs:
            if excluded(obj) or obj["metadata"].get("deletionTimestamp"):
                continue
            new = copy.deepcopy(obj)
            if bind:
                do(new, env)
            else:
                undo(new)
            if new != obj:
                self.client.update(rt, new)

    def reconcile(self, key: Key) -> float | None:
        sb = self.client.peek(self.sinkbindings, key.namespace, key.name)
        if sb is None:
            return None
        spec = sb.get("spec") or {}
        subject = spec.get("subject") or {}
        rt = self._subject_type(subject)
        if sb["metadata"].get("deletionTimestamp"):
            if rt is not None:
                self._apply(rt, self._referents(rt, key, subject), None, bind=False)
            self._drop_finalizer(sb)
            return None
        if FINALIZER not in (sb["metadata"].get("finalizers") or []):
            new = copy.deepcopy(sb)
            new["metadata"].setdefault("finalizers", []).append(FINALIZER)
            sb = self.client.update(self.sinkbindings, new)
        status = copy.deepcopy(sb.get("status") or {})
        m = sb_api.CONDITIONS.manage(status)
        m.initialize()
        sink_error = ""
        env = None
        try:
            uri = self.resolver.resolve(spec.get("sink"), key.namespace)
            env = binding_env(uri, spec.get("ceOverrides"))
        except ResolveError as e:
            uri, sink_error = "", str(e)
        group = str(subject.get("apiVersion", "")).rpartition("/")[0]
        failure = self._bind_subjects(rt, key, subject, group, env)
        status["observedGeneration"] = sb["metadata"].get("generation", 1)
        if failure is not None:  # ReconcileSubject failed: the sink is not looked at (Knative's order)
            m.mark_false(READY, *failure)
            self.client.update_status(self.sinkbindings, sb, status)
            return 10.0
        m.mark_true(READY)
        requeue: float | None = None
        if sink_error:
            status.pop("sinkUri", None)
            m.mark_false(
                SINK_PROVIDED,
                "NoAddressable",
                f"Addressable could not be extracted from destination: {sink_error}",
            )
            requeue = requeue or 10.0
        else:
            status["sinkUri"] = uri
            m.mark_true(SINK_PROVIDED)
        m.mark_true(OIDC_IDENTITY_CREATED, "authentication.oidc feature disabled", "")
        self.client.update_status(self.sinkbindings, sb, status)
        return requeue

    def _bind_subjects(
        self,
        rt: ResourceType | None,
        key: Key,
        subject: Obj,
        group: str,
        env: tuple[tuple[str, str], ...] | None,
    ) -> tuple[str, str] | None:
        """``ReconcileSubject(Do)``: the reason and message of a failure, or None."""
        if rt is None or (rt.group, rt.kind) not in PODSPECABLE:
            plural = f"{str(subject.get('kind', '')).lower()}s"
            return (
                "SubjectUnavailable",
                f"the server could not find the requested resource ({plural}{'.' + group if group else ''})",
            )
        referents = self._referents(rt, key, subject)
        if subject.get("name") and not referents:
            return "SubjectMissing", f'{rt.group_resource} "{subject["name"]}" not found'
        self._apply(rt, referents, env, bind=True)
        return None

    def _drop_finalizer(self, sb: Obj) -> None:
        if FINALIZER not in (sb["metadata"].get("finalizers") or []):
            return
        new = copy.deepcopy(sb)
        new["metadata"]["finalizers"] = [f for f in new["metadata"]["finalizers"] if f != FINALIZER]
        self.client.update(self.sinkbindings, new)
