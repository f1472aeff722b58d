"""The registry of kinds: what the API serves and how each kind is defaulted and validated.

Every kind knlite serves is one :class:`ResourceType`, declared in its own module under
``knlite/apis/<group>/`` next to its schema, defaulting and validation, and registered here.
The API layer derives everything from it: discovery documents (group, versions, plural, short
names, categories, verbs), URL routing, Table columns, OpenAPI documents, field validation and
the admission chain (defaulting, then validation, as Knative's webhooks run on a cluster).

A kind can be served in several versions (PingSource v1 and v1beta2); objects are stored once,
in the first (storage) version, and converted by :attr:`ResourceType.convert` when read or
written in another version. Most kinds have identical shapes across versions, so the default
conversion only rewrites ``apiVersion``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from knlite.apis.fielderrors import FieldError
from knlite.apis.schema import Schema

if TYPE_CHECKING:
    from knlite.config.types import ConfigView

Obj = dict[str, Any]


class AdmissionContext(Protocol):
    """What a defaulter or validator may look at besides the object itself."""

    operation: str  # "CREATE" | "UPDATE" | "DELETE"
    user: str  # the requesting user (``system:admin`` for the token holder, controller names inside)
    dry_run: bool

    @property
    def config(self) -> ConfigView: ...

    def get(self, api_version: str, kind: str, namespace: str, name: str) -> Obj | None: ...


Defaulter = Callable[[Obj, "Obj | None", AdmissionContext], None]
Validator = Callable[[Obj, "Obj | None", AdmissionContext], FieldError | None]
Converter = Callable[[Obj, str], Obj]
CellsFn = Callable[[Obj], list[Any]]


@dataclass(frozen=True)
class Column:
    """A Table column (a CRD ``additionalPrinterColumn`` or a built-in printer column)."""

    name: str
    type: str  # string | integer | number | boolean | date
    json_path: str
    getter: Callable[[Obj], Any]
    description: str = ""
    priority: int = 0
    format: str = ""


@dataclass
class ResourceType:
    group: str
    versions: tuple[str, ...]
    kind: str
    plural: str
    namespaced: bool = True
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    status_subresource: bool = True
    schema: Schema = field(default_factory=dict)
    columns: tuple[Column, ...] | None = None  # None → NAME, AGE
    defaulter: Defaulter | None = None
    validator: Validator | None = None
    webhook: str = ""  # e.g. "validation.webhook.serving.knative.dev"; "" → built-in API validation
    creatable: bool = True  # Pods are created by the runtime only
    crd: bool = True  # a CustomResourceDefinition on a real cluster (affects patch types and tables)
    subresources: tuple[str, ...] = ()  # extra subresources besides status (e.g. "log")
    singular: str = ""
    convert: Converter | None = None
    description: str = ""
    # how metadata.name is checked by the API server itself: "subdomain" (DNS-1123 subdomain, the
    # default), "label" (DNS-1123 label, e.g. Namespace), "dns1035" (core Service), "path" (RBAC)
    name_validation: str = "subdomain"
    tracks_generation: bool = True  # metadata.generation counts spec changes (false for ConfigMap…)

    def __post_init__(self) -> None:
        if not self.singular:
            self.singular = self.kind.lower()

    @property
    def storage_version(self) -> str:
        return self.versions[0]

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.storage_version}" if self.group else self.storage_version

    def api_version_of(self, version: str) -> str:
        return f"{self.group}/{version}" if self.group else version

    @property
    def group_kind(self) -> str:
        """The store key: ``Service.serving.knative.dev`` (``ConfigMap`` for core)."""
        return f"{self.kind}.{self.group}" if self.group else self.kind

    @property
    def group_resource(self) -> str:
        return f"{self.plural}.{self.group}" if self.group else self.plural

    def to_version(self, obj: Obj, version: str) -> Obj:
        if self.convert is not None:
            return self.convert(obj, version)
        out = dict(obj)
        out["apiVersion"] = self.api_version_of(version)
        return out


class Registry:
    def __init__(self) -> None:
        self._by_gk: dict[str, ResourceType] = {}
        self._by_resource: dict[tuple[str, str], ResourceType] = {}  # (group, plural)
        self._by_kind: dict[tuple[str, str], ResourceType] = {}  # (group, kind)

    def register(self, rt: ResourceType) -> ResourceType:
        if rt.group_kind in self._by_gk:
            raise ValueError(f"kind {rt.group_kind} registered twice")
        self._by_gk[rt.group_kind] = rt
        self._by_resource[(rt.group, rt.plural)] = rt
        self._by_kind[(rt.group, rt.kind)] = rt
        return rt

    def __iter__(self) -> Iterator[ResourceType]:
        return iter(self._by_gk.values())

    def by_resource(self, group: str, plural: str) -> ResourceType | None:
        return self._by_resource.get((group, plural))

    def by_kind(self, group: str, kind: str) -> ResourceType | None:
        return self._by_kind.get((group, kind))

    def by_api_version(self, api_version: str, kind: str) -> ResourceType | None:
        group, _, version = api_version.rpartition("/")
        rt = self._by_kind.get((group, kind))
        if rt is None or version not in rt.versions:
            return None
        return rt

    def by_group_kind(self, gk: str) -> ResourceType | None:
        return self._by_gk.get(gk)

    def groups(self) -> dict[str, list[ResourceType]]:
        out: dict[str, list[ResourceType]] = {}
        for rt in self._by_gk.values():
            out.setdefault(rt.group, []).append(rt)
        return out


def split_api_version(api_version: str) -> tuple[str, str]:
    group, _, version = api_version.rpartition("/")
    return group, version
