"""Server-side printing: ``meta.k8s.io/v1`` Table responses.

``kubectl get`` asks the server for a Table and prints its columns as they come, so the
columns users see — ``NAME URL LATESTCREATED LATESTREADY READY REASON`` for ksvc — are decided
here, from each kind's declared columns (Knative's CRD ``additionalPrinterColumns``, or the
built-in printers for core kinds). Like the CRD table convertor, ``date`` columns are rendered
as ages with the apiserver's ``HumanDuration`` and a kind without columns gets NAME and AGE.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from knlite.apis.registry import Column, ResourceType

Obj = dict[str, Any]

_NAME_COLUMN = {
    "name": "Name",
    "type": "string",
    "format": "name",
    "description": "Name must be unique within a namespace. Is required when creating resources, although some "
    "resources may allow a client to request the generation of an appropriate name automatically. Name is "
    "primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names",
    "priority": 0,
}


def human_duration(seconds: float) -> str:
    """``k8s.io/apimachinery/pkg/util/duration.HumanDuration``."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        rest = s % 60
        return f"{minutes}m" if rest == 0 else f"{minutes}m{rest}s"
    if minutes < 180:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def age(timestamp: str | None, now: datetime | None = None) -> str:
    if not timestamp:
        return "<unknown>"
    try:
        t = datetime.strptime(timestamp[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return "<unknown>"
    return human_duration(((now or datetime.now(UTC)) - t).total_seconds())


_AGE = Column("Age", "date", ".metadata.creationTimestamp", lambda o: o["metadata"].get("creationTimestamp"))


def columns_of(rt: ResourceType) -> tuple[Column, ...]:
    return rt.columns if rt.columns is not None else (_AGE,)


def column_definitions(rt: ResourceType) -> list[dict[str, Any]]:
    defs = [dict(_NAME_COLUMN)]
    for c in columns_of(rt):
        defs.append({"name": c.name, "type": "string" if c.type == "date" else c.type, "format": c.format,
                     "description": c.description, "priority": c.priority})
    return defs


def _cell(col: Column, obj: Obj, now: datetime) -> Any:
    value = col.getter(obj)
    if col.type == "date":
        return age(value, now) if value else "<unknown>"
    if value is None:
        return None
    if col.type == "integer":
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    if col.type in ("string",) and not isinstance(value, str):
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list | dict):
            import json

            return json.dumps(value, separators=(",", ":"))
        return str(value)
    return value


def _partial(obj: Obj) -> Obj:
    return {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": obj["metadata"]}


def row(rt: ResourceType, obj: Obj, include_object: str, now: datetime) -> dict[str, Any]:
    cells = [obj["metadata"]["name"]] + [_cell(c, obj, now) for c in columns_of(rt)]
    r: dict[str, Any] = {"cells": cells}
    if include_object == "Object":
        r["object"] = obj
    elif include_object != "None":
        r["object"] = _partial(obj)
    return r


def table(rt: ResourceType, objs: list[Obj], resource_version: str, include_object: str = "Metadata",
          headers: bool = True) -> dict[str, Any]:
    now = datetime.now(UTC)
    t: dict[str, Any] = {
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {"resourceVersion": resource_version},
        "columnDefinitions": column_definitions(rt) if headers else [],
        "rows": [row(rt, o, include_object, now) for o in objs],
    }
    return t
