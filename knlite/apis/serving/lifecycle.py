"""Status helpers every Knative kind shares (the common half of ``*_lifecycle.go``).

Readiness in Knative is two-level: a parent mirrors a child's ``Ready`` condition into one of
its own dependent conditions (a Service's ``ConfigurationsReady`` from its Configuration, a
Route's ``IngressReady`` from its KIngress...), and an object only counts as ready when its
status describes its current generation. Those two mechanisms are written once here and used
by the per-kind helpers.
"""

from __future__ import annotations

from typing import Any

from knlite.apis.conditions import FALSE, TRUE, UNKNOWN, ConditionSet
from knlite.apis.serving.metadata import go_quote

Obj = dict[str, Any]
READY = "Ready"


def condition(obj_or_status: Obj, ctype: str = READY) -> Obj | None:
    """A condition by type from an object or from its status."""
    status = obj_or_status.get("status", obj_or_status)
    if not isinstance(status, dict):
        return None
    for c in status.get("conditions") or []:
        if c.get("type") == ctype:
            return dict(c)
    return None


def _observed(obj: Obj) -> bool:
    status = obj.get("status") or {}
    return bool(status.get("observedGeneration", 0) == (obj.get("metadata") or {}).get("generation", 0))


def is_ready(obj: Obj) -> bool:
    """Ready is True and the status describes the current generation (``IsReady``)."""
    c = condition(obj)
    return _observed(obj) and c is not None and c.get("status") == TRUE


def is_failed(obj: Obj) -> bool:
    c = condition(obj)
    return _observed(obj) and c is not None and c.get("status") == FALSE


def propagate(cs: ConditionSet, status: Obj, dependent: str, child: Obj | None) -> bool:
    """Mirror a child's condition into ``dependent``; False when the child has none yet."""
    if child is None:
        return False
    m = cs.manage(status)
    state = child.get("status")
    if state == TRUE:
        m.mark_true(dependent)
    elif state == FALSE:
        m.mark_false(dependent, child.get("reason", ""), child.get("message", ""))
    elif state == UNKNOWN:
        m.mark_unknown(dependent, child.get("reason", ""), child.get("message", ""))
    return True


def initialize(cs: ConditionSet, status: Obj) -> None:
    cs.manage(status).initialize()


def resource_not_owned_message(kind: str, name: str) -> str:
    return f"There is an existing {kind} {go_quote(name)} that we do not own."
