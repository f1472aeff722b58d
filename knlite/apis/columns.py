"""Builders for Table columns, the way CRDs declare ``additionalPrinterColumns``.

A column has the JSONPath that a CRD would carry (published in discovery-facing documents) and
a getter that computes the cell; the getters cover the few JSONPath shapes Knative's CRDs use:
a plain field path, a label lookup and a condition lookup by type.
"""

from __future__ import annotations

from typing import Any

from knlite.apis.registry import Column, Obj


def field_path(obj: Obj, path: str) -> Any:
    cur: Any = obj
    for part in path.strip(".").split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def path(name: str, json_path: str, type_: str = "string", priority: int = 0, description: str = "") -> Column:
    return Column(name, type_, json_path, lambda o: field_path(o, json_path), description, priority)


def label(name: str, key: str, priority: int = 0) -> Column:
    escaped = key.replace(".", "\\.")
    return Column(name, "string", f".metadata.labels['{escaped}']",
                  lambda o: (o.get("metadata", {}).get("labels") or {}).get(key), "", priority)


def condition(name: str, ctype: str, attr: str, priority: int = 0) -> Column:
    def get(o: Obj) -> Any:
        for c in (o.get("status") or {}).get("conditions") or []:
            if c.get("type") == ctype:
                return c.get(attr)
        return None

    return Column(name, "string", f".status.conditions[?(@.type=='{ctype}')].{attr}", get, "", priority)


def ready_reason() -> tuple[Column, Column]:
    """The ``Ready`` and ``Reason`` columns that almost every Knative CRD ends with."""
    return condition("Ready", "Ready", "status"), condition("Reason", "Ready", "reason")


def age() -> Column:
    return path("Age", ".metadata.creationTimestamp", "date")
