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

from knlite.apis.goduration import human_duration
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
