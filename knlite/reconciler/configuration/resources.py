"""Builder: the Revision a Configuration's current template asks for
(``pkg/reconciler/configuration/resources/revision.go``)."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from knlite.apis import kmeta
from knlite.apis.conditions import rfc3339
from knlite.apis.serving import keys

Obj = dict[str, Any]


def revision_name(config: Obj) -> str:
    template_name = ((config["spec"].get("template") or {}).get("metadata") or {}).get("name")
    if template_name:
        return str(template_name)
    return kmeta.child_name(config["metadata"]["name"], f"-{config['metadata'].get('generation', 1):05d}")


def make_revision(config: Obj, now: datetime) -> Obj:
    meta = config["metadata"]
    template = copy.deepcopy(config["spec"].get("template") or {})
    tmeta = template.get("metadata") or {}
    labels = dict(tmeta.get("labels") or {})
    annotations = dict(tmeta.get("annotations") or {})
    config_labels = meta.get("labels") or {}
    config_annotations = meta.get("annotations") or {}
    labels[keys.CONFIGURATION_LABEL] = meta["name"]
    labels[keys.CONFIGURATION_GENERATION_LABEL] = str(meta.get("generation", 1))
    labels[keys.CONFIGURATION_UID_LABEL] = meta["uid"]
    for key in (keys.SERVICE_LABEL, keys.SERVICE_UID_LABEL):
        if config_labels.get(key):
            labels[key] = config_labels[key]
    routes = config_annotations.get(keys.ROUTES_ANNOTATION)
    labels[keys.ROUTING_STATE_LABEL] = keys.ROUTING_STATE_ACTIVE if routes else keys.ROUTING_STATE_PENDING
    annotations[keys.ROUTING_STATE_MODIFIED_ANNOTATION] = rfc3339(now)
    if config_annotations.get(keys.UPDATER_ANNOTATION):
        annotations[keys.CREATOR_ANNOTATION] = config_annotations[keys.UPDATER_ANNOTATION]
    if routes:
        annotations[keys.ROUTES_ANNOTATION] = routes
    return {
        "apiVersion": "serving.knative.dev/v1",
        "kind": "Revision",
        "metadata": {
            "name": revision_name(config),
            "namespace": meta["namespace"],
            "labels": labels,
            "annotations": annotations,
            "ownerReferences": [kmeta.owner_reference(config)],
        },
        "spec": template.get("spec") or {},
    }
