"""ContainerSource → a Deployment running its pod template, and a SinkBinding to it (``pkg/reconciler/containersource``).

As on Knative, a ContainerSource is only composition: it owns a Deployment
``{source}-deployment`` (the template, labelled ``sources.knative.dev/source`` and
``sources.knative.dev/containerSource``) and a SinkBinding ``{source}-sinkbinding`` whose
subject is that Deployment. The binding injects ``K_SINK`` and ``K_CE_OVERRIDES``; the
Deployment's pods run from the local image store and are restarted when they exit. The
source's status copies the binding's ``sinkUri`` and conditions (``SinkBindingReady``) and
the Deployment's ``Available`` condition (``ReceiveAdapterReady``).

Templates are compared as Knative does (``DeepDerivative``): what the source asks for must
be in the Deployment, which may carry more — the variables the binding appended.
"""

from __future__ import annotations

import copy
from typing import Any

from knlite.apis import kmeta
from knlite.apis.sources import containersource as cs_api
from knlite.apis.sources import sinkbinding as sb_api
from knlite.reconciler.base import Key, Reconciler, Watch, owner_mapper
from knlite.reconciler.client import Client

Obj = dict[str, Any]


def deep_derivative(want: Any, have: Any) -> bool:
    """``equality.Semantic.DeepDerivative``: every field set in ``want`` equals ``have``'s;
    lists in ``have`` may be longer, unset (empty) values in ``want`` match anything."""
    if want is None or want == {} or want == [] or want == "" or want is False or want == 0:
        return True
    if isinstance(want, dict):
        return isinstance(have, dict) and all(deep_derivative(v, have.get(k)) for k, v in want.items())
    if isinstance(want, list):
        return (
            isinstance(have, list)
            and len(want) <= len(have)
            and all(deep_derivative(w, h) for w, h in zip(want, have, strict=False))
        )
    return bool(want == have)


def labels(name: str) -> dict[str, str]:
    return {cs_api.SOURCE_LABEL: cs_api.SOURCE_LABEL_VALUE, cs_api.CONTAINER_SOURCE_LABEL: name}


def deployment_name(source: Obj) -> str:
    return kmeta.child_name(source["metadata"]["name"], "-deployment")


def sinkbinding_name(source: Obj) -> str:
    return kmeta.child_name(source["metadata"]["name"], "-sinkbinding")


def make_deployment(source: Obj) -> Obj:
    """``resources.MakeDeployment``: the template with the source's labels, selected by them."""
    template = copy.deepcopy((source.get("spec") or {}).get("template") or {})
    tmeta = template.setdefault("metadata", {})
    tmeta.setdefault("labels", {}).update(labels(source["metadata"]["name"]))
    meta: Obj = {
        "name": deployment_name(source),
        "namespace": source["metadata"]["namespace"],
        "ownerReferences": [kmeta.owner_reference(source)],
        "labels": dict(tmeta["labels"]),
    }
    if tmeta.get("annotations"):
        meta["annotations"] = dict(tmeta["annotations"])
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": meta,
        "spec": {"selector": {"matchLabels": dict(tmeta["labels"])}, "template": template},
    }


def make_sinkbinding(source: Obj) -> Obj:
    """``resources.MakeSinkBinding``: the source's sink and overrides, bound to its Deployment."""
    spec = source.get("spec") or {}
    ns = source["metadata"]["namespace"]
    sb_spec: Obj = {
        "subject": {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "namespace": ns,
            "name": deployment_name(source),
        }
    }
    for k in ("sink", "ceOverrides"):
        if spec.get(k) is not None:
            sb_spec[k] = copy.deepcopy(spec[k])
    return {
        "apiVersion": f"{sb_api.GROUP}/v1",
        "kind": sb_api.KIND,
        "metadata": {
            "name": sinkbinding_name(source),
            "namespace": ns,
            "ownerReferences": [kmeta.owner_reference(source)],
        },
        "spec": sb_spec,
    }


def _controlled_by(obj: Obj, owner: Obj) -> bool:
    uid = owner["metadata"].get("uid")
    return any(
        r.get("controller") and r.get("uid") == uid for r in obj["metadata"].get("ownerReferences") or []
    )


class ContainerSourceReconciler(Reconciler):
    name = "containersource"

    def __init__(self, client: Client) -> None:
        super().__init__()
        self.client = client
        self.sources = client.rt(cs_api.GROUP, cs_api.KIND)
        self.sinkbindings = client.rt(sb_api.GROUP, sb_api.KIND)
        self.deployments = client.rt("apps", "Deployment")
        self.gk = self.sources.group_kind
        mapper = owner_mapper(cs_api.KIND, cs_api.GROUP)
        self.watches = [
            Watch(self.sinkbindings.group_kind, mapper),
            Watch(self.deployments.group_kind, mapper),
        ]

    def all_keys(self) -> list[Key]:
        return [
            Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.sources)
        ]

    def reconcile(self, key: Key) -> float | None:
        source = self.client.peek(self.sources, key.namespace, key.name)
        if source is None or source["metadata"].get("deletionTimestamp"):
            return None  # the owned Deployment and SinkBinding are collected with it
        status = copy.deepcopy(source.get("status") or {})
        m = cs_api.CONDITIONS.manage(status)
        m.initialize()
        status["observedGeneration"] = source["metadata"].get("generation", 1)

        sb, error = self._sinkbinding(source)
        if sb is None:
            m.mark_false(cs_api.SINK_BINDING_READY, "SinkBindingFailed", error)
            self.client.update_status(self.sources, source, status)
            return 10.0
        # PropagateSinkBindingStatus: the binding's source status, our own conditions
        sb_status = sb.get("status") or {}
        for k in ("sinkUri", "sinkCACerts", "sinkAudience", "ceAttributes"):
            if k in sb_status:
                status[k] = sb_status[k]
            else:
                status.pop(k, None)
        ready = next((c for c in sb_status.get("conditions") or [] if c.get("type") == "Ready"), None)
        if ready is not None and ready.get("status") == "True":
            m.mark_true(cs_api.SINK_BINDING_READY)
        elif ready is not None and ready.get("status") == "False":
            m.mark_false(cs_api.SINK_BINDING_READY, ready.get("reason", ""), ready.get("message", ""))
        else:
            m.mark_unknown(
                cs_api.SINK_BINDING_READY, (ready or {}).get("reason", ""), (ready or {}).get("message", "")
            )

        deploy, error = self._deployment(source)
        if deploy is None:
            m.mark_false(cs_api.RECEIVE_ADAPTER_READY, "DeploymentFailed", error)
        else:
            # PropagateReceiveAdapterStatus: the Deployment's Available condition
            available = next(
                (
                    c
                    for c in (deploy.get("status") or {}).get("conditions") or []
                    if c.get("type") == "Available"
                ),
                None,
            )
            if available is None:
                m.mark_unknown(
                    cs_api.RECEIVE_ADAPTER_READY,
                    "DeploymentUnavailable",
                    f"The Deployment '{deploy['metadata']['name']}' is unavailable.",
                )
            elif available.get("status") == "True":
                m.mark_true(cs_api.RECEIVE_ADAPTER_READY)
            elif available.get("status") == "False":
                m.mark_false(
                    cs_api.RECEIVE_ADAPTER_READY, available.get("reason", ""), available.get("message", "")
                )
            else:
                m.mark_unknown(
                    cs_api.RECEIVE_ADAPTER_READY, available.get("reason", ""), available.get("message", "")
                )
        self.client.update_status(self.sources, source, status)
        return None

    def _sinkbinding(self, source: Obj) -> tuple[Obj | None, str]:
        expected = make_sinkbinding(source)
        ns, name = expected["metadata"]["namespace"], expected["metadata"]["name"]
        sb = self.client.peek(self.sinkbindings, ns, name)
        if sb is None:
            return self.client.create(self.sinkbindings, expected), ""
        if not _controlled_by(sb, source):
            return (
                None,
                f'SinkBinding "{name}" is not owned by ContainerSource "{source["metadata"]["name"]}"',
            )
        if not deep_derivative(expected["spec"], sb.get("spec")):
            new = copy.deepcopy(sb)
            new["spec"] = expected["spec"]
            sb = self.client.update(self.sinkbindings, new)
        return sb, ""

    def _deployment(self, source: Obj) -> tuple[Obj | None, str]:
        expected = make_deployment(source)
        ns, name = expected["metadata"]["namespace"], expected["metadata"]["name"]
        deploy = self.client.peek(self.deployments, ns, name)
        if deploy is None:
            return self.client.create(self.deployments, expected), ""
        if not _controlled_by(deploy, source):
            return None, f'deployment "{name}" is not owned by ContainerSource "{source["metadata"]["name"]}"'
        want = expected["spec"]["template"]
        if not deep_derivative(want, (deploy.get("spec") or {}).get("template")):
            new = copy.deepcopy(deploy)
            new["spec"]["template"] = want
            deploy = self.client.update(self.deployments, new)
        return deploy, ""
