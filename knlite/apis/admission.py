"""Admission: the context defaulters and validators run in, and the error they raise.

On a cluster, Knative's defaulting and validating webhooks see the object, the old object on
update, the operation, the requesting user and the live ConfigMaps. knlite runs the same hooks
in-process (``ResourceType.defaulter`` / ``.validator``) with an :class:`AdmissionContext`;
:class:`StaticContext` is the plain implementation used by unit tests and dry runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from knlite.config.types import ConfigView

Obj = dict[str, Any]

CREATE, UPDATE, DELETE = "CREATE", "UPDATE", "DELETE"
ADMIN_USER = "system:admin"


@dataclass
class StaticContext:
    operation: str = CREATE
    user: str = ADMIN_USER
    dry_run: bool = False
    config: ConfigView = field(default_factory=ConfigView)
    objects: dict[tuple[str, str, str, str], Obj] = field(default_factory=dict)

    def get(self, api_version: str, kind: str, namespace: str, name: str) -> Obj | None:
        group = api_version.rpartition("/")[0]
        return self.objects.get((group, kind, namespace, name))

    def add(self, obj: Obj) -> None:
        group = obj.get("apiVersion", "").rpartition("/")[0]
        meta = obj.get("metadata", {})
        self.objects[(group, obj["kind"], meta.get("namespace", ""), meta["name"])] = obj


class Denied(Exception):
    """Raised by a hook that rejects an object outright (e.g. Knative's ConfigMap webhook).

    The API renders it as ``admission webhook "{webhook}" denied the request: {message}``.
    """

    def __init__(self, webhook: str, message: str, causes: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.webhook = webhook
        self.message = message
        self.causes = causes or []
