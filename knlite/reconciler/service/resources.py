"""Builders: the Configuration and Route a Knative Service wants (``pkg/reconciler/service/resources``).

Pure functions from a Service to its desired children, so the mapping rules — labels,
filtered annotations, traffic targets pointing at the Service's Configuration — are tested
without a daemon.
"""

from __future__ import annotations

import copy
from typing import Any

from knlite.apis import kmeta
from knlite.apis.serving import keys

Obj = dict[str, Any]

_ROLLOUT_KEYS = tuple(keys.ROLLOUT_DURATION)


def _meta(service: Obj, labels: dict[str, str], annotations: dict[str, str]) -> Obj:
    meta = service["metadata"]
    return {
        "name": meta["name"],
        "namespace": meta["namespace"],
        "labels": labels,
        "annotations": annotations,
        "ownerReferences": [kmeta.owner_reference(service)],
    }


def make_configuration(service: Obj, existing_routes: str = "") -> Obj:
    meta = service["metadata"]
    labels = dict(meta.get("labels") or {})
    labels[keys.SERVICE_LABEL] = meta["name"]
    labels[keys.SERVICE_UID_LABEL] = meta["uid"]
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items()
                   if k != keys.LAST_APPLIED_ANNOTATION and k not in _ROLLOUT_KEYS}
    routes = {r for r in existing_routes.split(",") if r}
    routes.add(meta["name"])
    annotations[keys.ROUTES_ANNOTATION] = ",".join(sorted(routes))
    return {
        "apiVersion": "serving.knative.dev/v1",
        "kind": "Configuration",
        "metadata": _meta(service, labels, annotations),
        "spec": {"template": copy.deepcopy(service["spec"].get("template") or {})},
    }


def make_route(service: Obj) -> Obj:
    meta = service["metadata"]
    labels = dict(meta.get("labels") or {})
    labels[keys.SERVICE_LABEL] = meta["name"]
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k != keys.LAST_APPLIED_ANNOTATION}
    traffic = []
    for t in copy.deepcopy(service["spec"].get("traffic") or []):
        if not t.get("revisionName"):
            t["configurationName"] = meta["name"]
        traffic.append(t)
    return {
        "apiVersion": "serving.knative.dev/v1",
        "kind": "Route",
        "metadata": _meta(service, labels, annotations),
        "spec": {"traffic": traffic},
    }
