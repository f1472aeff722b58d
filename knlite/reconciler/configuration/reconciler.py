"""Configuration → Revisions (``pkg/reconciler/configuration/configuration.go``).

Every change of a Configuration's template (each new ``metadata.generation``) stamps out one
immutable Revision, named ``{config}-{generation:05d}`` or by the template's own name.
``latestCreatedRevisionName`` follows the newest Revision; ``latestReadyRevisionName`` only
moves forward, to the newest *ready* Revision at or after the current one, so a failing new
Revision leaves traffic on the last good one.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from knlite.api.errors import ApiError
from knlite.apis import kmeta
from knlite.apis.serving import configuration as config_api
from knlite.apis.serving import keys, lifecycle
from knlite.reconciler.base import Key, Reconciler, Watch, owner_mapper
from knlite.reconciler.client import Client
from knlite.reconciler.configuration import resources

Obj = dict[str, Any]


def _generation(rev: Obj) -> int:
    try:
        return int((rev["metadata"].get("labels") or {}).get(keys.CONFIGURATION_GENERATION_LABEL, "0"))
    except ValueError:
        return 0


class ConfigurationReconciler(Reconciler):
    name = "configuration"

    def __init__(self, client: Client, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.client = client
        self.clock = clock or (lambda: datetime.now(UTC))
        self.configurations = client.rt(keys.GROUP, "Configuration")
        self.revisions = client.rt(keys.GROUP, "Revision")
        self.gk = self.configurations.group_kind
        self.watches = [Watch(self.revisions.group_kind, owner_mapper("Configuration", keys.GROUP))]

    def all_keys(self) -> list[Key]:
        return [Key(o["metadata"]["namespace"], o["metadata"]["name"]) for o in self.client.list(self.configurations)]

    def _revisions_of(self, config: Obj) -> list[Obj]:
        name = config["metadata"]["name"]
        return [r for r in self.client.list(self.revisions, config["metadata"]["namespace"])
                if (r["metadata"].get("labels") or {}).get(keys.CONFIGURATION_LABEL) == name]

    def _latest_created(self, config: Obj) -> Obj | None:
        """The revision for the current generation; raises ApiError(409) when a BYO name is taken."""
        ns = config["metadata"]["namespace"]
        byo = ((config["spec"].get("template") or {}).get("metadata") or {}).get("name")
        if byo:
            rev = self.client.peek(self.revisions, ns, byo)
            if rev is not None:
                if not kmeta.is_controlled_by(rev, config):
                    raise ApiError(409, "AlreadyExists", f'revisions.serving.knative.dev "{byo}" already exists')
                if _generation(rev) == config["metadata"].get("generation") or \
                        rev.get("spec") == (config["spec"].get("template") or {}).get("spec"):
                    return rev
                raise ApiError(409, "AlreadyExists", f'revisions.serving.knative.dev "{byo}" already exists')
            return None
        generation = config["metadata"].get("generation", 1)
        for rev in self._revisions_of(config):
            if _generation(rev) == generation:
                return rev
        return None

    def reconcile(self, key: Key) -> float | None:
        config = self.client.peek(self.configurations, key.namespace, key.name)
        if config is None or config["metadata"].get("deletionTimestamp"):
            return None
        status = copy.deepcopy(config.get("status") or {})
        config_api.initialize_conditions(status)
        status["observedGeneration"] = config["metadata"].get("generation", 1)
        try:
            lcr = self._latest_created(config)
            if lcr is None:
                lcr = self.client.create(self.revisions, resources.make_revision(config, self.clock()))
        except ApiError as e:
            config_api.mark_revision_creation_failed(status, e.message)
            self.client.update_status(self.configurations, config, status)
            return None
        name = lcr["metadata"]["name"]
        config_api.set_latest_created_revision_name(status, name)
        if lifecycle.is_ready(lcr):
            config_api.set_latest_ready_revision_name(status, name)
        elif lifecycle.is_failed(lcr):
            ready = lifecycle.condition(lcr) or {}
            config_api.mark_latest_created_failed(status, name, ready.get("message", ""))
        self._find_latest_ready(config, status)
        self.client.update_status(self.configurations, config, status)
        return None

    def _find_latest_ready(self, config: Obj, status: Obj) -> None:
        ns = config["metadata"]["namespace"]
        current = status.get("latestReadyRevisionName")
        start = 0
        if current:
            rev = self.client.peek(self.revisions, ns, current)
            if rev is None:
                config_api.mark_latest_ready_deleted(status)
                status.pop("latestReadyRevisionName", None)
            else:
                start = _generation(rev)
        generation = config["metadata"].get("generation", 1)
        candidates = [r for r in self._revisions_of(config) if start <= _generation(r) <= generation]
        byo = ((config["spec"].get("template") or {}).get("metadata") or {}).get("name")
        if byo:
            rev = self.client.peek(self.revisions, ns, byo)
            if rev is not None and rev not in candidates and kmeta.is_controlled_by(rev, config):
                candidates.append(rev)
        candidates.sort(key=_generation, reverse=True)
        for rev in candidates:
            if lifecycle.is_ready(rev):
                config_api.set_latest_ready_revision_name(status, rev["metadata"]["name"])
                return
