"""Structural OpenAPI v3 schemas for every kind, and the checks the API server runs with them.

A Kubernetes API server knows each kind's schema (compiled Go types for built-in kinds, the
CRD's ``openAPIV3Schema`` for Knative's kinds) and uses it three ways, which knlite mirrors:

* field validation: fields the schema does not know are an error under
  ``fieldValidation=Strict`` (kubectl's default), a ``Warning`` header under ``Warn`` and
  silently pruned under ``Ignore``;
* type validation: a string where an integer belongs is ``Invalid`` (422) with the path;
* publishing: the same schemas feed ``/openapi/v2`` and ``/openapi/v3`` for ``kubectl explain``
  and client-side apply.

Schemas are plain dicts in OpenAPI v3 form built with the small helpers below, so a kind's
schema reads like its CRD. ``x-kubernetes-preserve-unknown-fields`` marks open sub-trees and
``x-kubernetes-patch-merge-key`` / ``x-kubernetes-patch-strategy`` drive strategic merge patch.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Schema = dict[str, Any]

PRESERVE = "x-kubernetes-preserve-unknown-fields"
INT_OR_STRING = "x-kubernetes-int-or-string"
MERGE_KEY = "x-kubernetes-patch-merge-key"
PATCH_STRATEGY = "x-kubernetes-patch-strategy"
LIST_TYPE = "x-kubernetes-list-type"
LIST_MAP_KEYS = "x-kubernetes-list-map-keys"


# -- builders ----------------------------------------------------------------------------------


def _desc(s: Schema, description: str) -> Schema:
    if description:
        s["description"] = description
    return s


def string(description: str = "", enum: Iterable[str] | None = None, fmt: str = "") -> Schema:
    s: Schema = {"type": "string"}
    if enum is not None:
        s["enum"] = list(enum)
    if fmt:
        s["format"] = fmt
    return _desc(s, description)


def integer(description: str = "", fmt: str = "int64") -> Schema:
    return _desc({"type": "integer", "format": fmt}, description)


def int32(description: str = "") -> Schema:
    return integer(description, "int32")


def number(description: str = "") -> Schema:
    return _desc({"type": "number"}, description)


def boolean(description: str = "") -> Schema:
    return _desc({"type": "boolean"}, description)


def int_or_string(description: str = "") -> Schema:
    return _desc({INT_OR_STRING: True, "anyOf": [{"type": "integer"}, {"type": "string"}]}, description)


def quantity(description: str = "") -> Schema:
    s = int_or_string(description)
    s["pattern"] = r"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$"
    return s


def string_map(description: str = "") -> Schema:
    return _desc({"type": "object", "additionalProperties": {"type": "string"}}, description)


def free_object(description: str = "") -> Schema:
    """An object whose content is not checked (``x-kubernetes-preserve-unknown-fields``)."""
    return _desc({"type": "object", PRESERVE: True}, description)


def anything(description: str = "") -> Schema:
    """Any JSON value."""
    return _desc({PRESERVE: True}, description)


def obj(
    properties: dict[str, Schema] | None = None,
    description: str = "",
    required: Iterable[str] = (),
    preserve_unknown: bool = False,
    additional: Schema | None = None,
) -> Schema:
    s: Schema = {"type": "object"}
    if properties is not None:
        s["properties"] = properties
    req = list(required)
    if req:
        s["required"] = req
    if preserve_unknown:
        s[PRESERVE] = True
    if additional is not None:
        s["additionalProperties"] = additional
    return _desc(s, description)


def array(items: Schema, description: str = "", merge_key: str = "", strategy: str = "",
          list_type: str = "", map_keys: Iterable[str] = ()) -> Schema:
    s: Schema = {"type": "array", "items": items}
    if merge_key:
        s[MERGE_KEY] = merge_key
        s[PATCH_STRATEGY] = strategy or "merge"
    elif strategy:
        s[PATCH_STRATEGY] = strategy
    if list_type:
        s[LIST_TYPE] = list_type
    keys = list(map_keys)
    if keys:
        s[LIST_MAP_KEYS] = keys
    return _desc(s, description)


# -- common pieces -----------------------------------------------------------------------------

OWNER_REFERENCE = obj(
    {
        "apiVersion": string("API version of the referent."),
        "kind": string("Kind of the referent."),
        "name": string("Name of the referent."),
        "uid": string("UID of the referent."),
        "controller": boolean("If true, this reference points to the managing controller."),
        "blockOwnerDeletion": boolean("If true, the owner cannot be deleted before this object."),
    },
    "OwnerReference contains enough information to let you identify an owning object.",
    required=["apiVersion", "kind", "name", "uid"],
)

MANAGED_FIELDS_ENTRY = obj(
    {
        "apiVersion": string(),
        "fieldsType": string(),
        "fieldsV1": free_object(),
        "manager": string(),
        "operation": string(),
        "subresource": string(),
        "time": string(fmt="date-time"),
    }
)

OBJECT_META = obj(
    {
        "name": string("Name must be unique within a namespace."),
        "generateName": string("Optional prefix used by the server to generate a unique name."),
        "namespace": string("Namespace defines the space within which each name must be unique."),
        "uid": string("UID is the unique in time and space value for this object."),
        "resourceVersion": string("An opaque value that represents the internal version of this object."),
        "generation": integer("A sequence number representing a specific generation of the desired state."),
        "creationTimestamp": string("Time the object was created.", fmt="date-time"),
        "deletionTimestamp": string("Time at which this resource will be deleted.", fmt="date-time"),
        "deletionGracePeriodSeconds": integer(),
        "labels": string_map("Map of string keys and values used to organize and categorize objects."),
        "annotations": string_map("Unstructured key value map stored with a resource."),
        "ownerReferences": array(OWNER_REFERENCE, "Objects depended on by this object.", merge_key="uid"),
        "finalizers": array(string(), "Must be empty before the object is deleted from the registry.",
                            strategy="merge"),
        "managedFields": array(MANAGED_FIELDS_ENTRY),
        "selfLink": string(),
    },
    "Standard object's metadata.",
)

CONDITION = obj(
    {
        "type": string("Type of condition."),
        "status": string("Status of the condition, one of True, False, Unknown."),
        "severity": string("Severity with which to treat failures of this type of condition."),
        "lastTransitionTime": string("Last time the condition transitioned from one status to another."),
        "reason": string("The reason for the condition's last transition."),
        "message": string("A human readable message indicating details about the transition."),
    },
    "Condition defines a readiness condition for a Knative resource.",
    required=["type", "status"],
)


def duck_status(extra: dict[str, Schema] | None = None, description: str = "") -> Schema:
    """Knative's duck Status with the kind's own fields."""
    props: dict[str, Schema] = {
        "observedGeneration": integer("The 'Generation' of the resource that was last processed by the controller."),
        "conditions": array(CONDITION, "Conditions the latest available observations of a resource's current state."),
        "annotations": string_map("Annotations is additional Status fields for the Resource to save some additional State."),
    }
    props.update(extra or {})
    return obj(props, description)


def kind_schema(spec: Schema | None, status: Schema | None, description: str = "",
                extra: dict[str, Schema] | None = None) -> Schema:
    """The top-level schema of a kind: apiVersion, kind, metadata, spec and status."""
    props: dict[str, Schema] = {
        "apiVersion": string("APIVersion defines the versioned schema of this representation of an object."),
        "kind": string("Kind is a string value representing the REST resource this object represents."),
        "metadata": OBJECT_META,
    }
    if spec is not None:
        props["spec"] = spec
    if status is not None:
        props["status"] = status
    props.update(extra or {})
    return obj(props, description)


# -- checks ------------------------------------------------------------------------------------


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class SchemaIssue:
    """A problem found while walking an object against its schema."""

    __slots__ = ("detail", "kind", "path", "value")

    def __init__(self, kind: str, path: str, detail: str = "", value: Any = None) -> None:
        self.kind = kind  # "unknown" | "type" | "enum" | "required"
        self.path = path
        self.detail = detail
        self.value = value

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"SchemaIssue({self.kind}, {self.path}, {self.detail})"


_TYPE_NAMES = {"string": str, "boolean": bool, "object": dict, "array": list}


def _type_ok(value: Any, typ: str) -> bool:
    if typ == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if typ == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    expected = _TYPE_NAMES.get(typ)
    return expected is None or isinstance(value, expected)


def check(value: Any, schema: Schema, path: str = "") -> list[SchemaIssue]:
    """Walk ``value`` against ``schema``; return unknown fields and type errors (nothing is changed)."""
    issues: list[SchemaIssue] = []
    _check(value, schema, path, issues)
    return issues


def _check(value: Any, schema: Schema, path: str, issues: list[SchemaIssue]) -> None:
    if value is None:
        return  # null is accepted and dropped, as the API server's decoder does for optional fields
    if schema.get(INT_OR_STRING):
        if not (isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))):
            issues.append(SchemaIssue("type", path, "must be of type integer or string", value))
        return
    typ = schema.get("type")
    if typ and not _type_ok(value, typ):
        issues.append(SchemaIssue("type", path, f"must be of type {typ}", value))
        return
    if "enum" in schema and value not in schema["enum"]:
        allowed = ", ".join(f'"{v}"' for v in schema["enum"])
        issues.append(SchemaIssue("enum", path, f"supported values: {allowed}", value))
    if isinstance(value, dict):
        props = schema.get("properties")
        additional = schema.get("additionalProperties")
        for req in schema.get("required", ()):
            if req not in value:
                issues.append(SchemaIssue("required", _join(path, req), "Required value"))
        for key, sub in value.items():
            if props is not None and key in props:
                _check(sub, props[key], _join(path, key), issues)
            elif isinstance(additional, dict):
                _check(sub, additional, _join(path, key), issues)
            elif schema.get(PRESERVE) or (props is None and additional is None):
                continue
            else:
                issues.append(SchemaIssue("unknown", _join(path, key)))
    elif isinstance(value, list):
        items = schema.get("items")
        if items:
            for i, item in enumerate(value):
                _check(item, items, f"{path}[{i}]", issues)


def prune(value: Any, schema: Schema) -> Any:
    """Drop fields unknown to the schema (``fieldValidation=Ignore``, CRD pruning) and nulls."""
    if schema.get(INT_OR_STRING):
        return value
    if isinstance(value, dict):
        props = schema.get("properties")
        additional = schema.get("additionalProperties")
        out = {}
        for key, sub in value.items():
            if sub is None and key != "data":
                continue
            if props is not None and key in props:
                out[key] = prune(sub, props[key])
            elif isinstance(additional, dict):
                out[key] = prune(sub, additional)
            elif schema.get(PRESERVE) or (props is None and additional is None):
                out[key] = sub
        return out
    if isinstance(value, list):
        items = schema.get("items")
        return [prune(v, items) for v in value] if items else value
    return value


def strip_nulls(value: Any) -> Any:
    """Remove null map values recursively (the API server never stores explicit nulls)."""
    if isinstance(value, dict):
        return {k: strip_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_nulls(v) for v in value]
    return value


def subschema(schema: Schema, path: list[str]) -> Schema | None:
    """The schema at a field path (array items are stepped through transparently)."""
    cur: Schema | None = schema
    for part in path:
        if cur is None:
            return None
        while cur.get("type") == "array" and "items" in cur:
            cur = cur["items"]
        props = cur.get("properties") or {}
        if part in props:
            cur = props[part]
        elif isinstance(cur.get("additionalProperties"), dict):
            cur = cur["additionalProperties"]
        else:
            return None
    return cur

