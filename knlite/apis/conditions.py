"""Status conditions with Knative's ConditionSet semantics.

Knative (``knative.dev/pkg/apis/condition_set.go``) models readiness as one "happy" condition
(``Ready`` or ``Succeeded``) and a set of dependent conditions. Marking a dependent False makes
the happy condition False with the same reason and message; the happy condition turns True
only when every dependent is True; Unknown propagates unless something is already False.
Non-dependent conditions (such as a Revision's ``Active``, severity ``Info``) are tracked but do
not affect readiness. Conditions are kept sorted by type, and ``lastTransitionTime`` changes
whenever anything in a condition changes. Reconcilers of every kind use this one mechanism.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

TRUE, FALSE, UNKNOWN = "True", "False", "Unknown"
SEVERITY_ERROR = ""
SEVERITY_WARNING = "Warning"
SEVERITY_INFO = "Info"

Clock = Callable[[], datetime]


def rfc3339(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_rfc3339() -> str:
    return rfc3339(datetime.now(UTC))


class ConditionSet:
    def __init__(self, happy: str, *dependents: str) -> None:
        self.happy = happy
        self.dependents = tuple(d for d in dependents if d != happy)

    def manage(self, status: dict[str, Any], clock: Clock | None = None) -> ConditionManager:
        return ConditionManager(self, status, clock or (lambda: datetime.now(UTC)))


class ConditionManager:
    """Operates on ``status["conditions"]`` of one object (a plain dict, changed in place)."""

    def __init__(self, cs: ConditionSet, status: dict[str, Any], clock: Clock) -> None:
        self.cs = cs
        self.status = status
        self.clock = clock

    # -- reading ---------------------------------------------------------------------------
    def conditions(self) -> list[dict[str, Any]]:
        return self.status.setdefault("conditions", [])

    def get(self, ctype: str) -> dict[str, Any] | None:
        for c in self.status.get("conditions") or []:
            if c.get("type") == ctype:
                return c
        return None

    def is_happy(self) -> bool:
        c = self.get(self.cs.happy)
        return c is not None and c.get("status") == TRUE

    def is_true(self, ctype: str) -> bool:
        c = self.get(ctype)
        return c is not None and c.get("status") == TRUE

    def is_false(self, ctype: str) -> bool:
        c = self.get(ctype)
        return c is not None and c.get("status") == FALSE

    # -- writing ---------------------------------------------------------------------------
    def _severity(self, ctype: str) -> str:
        if ctype == self.cs.happy or ctype in self.cs.dependents:
            return SEVERITY_ERROR
        return SEVERITY_INFO

    def set(self, new: dict[str, Any]) -> None:
        conds = self.conditions()
        ctype = new["type"]
        new = {k: v for k, v in new.items() if v not in (None, "")}
        severity = self._severity(ctype)
        if severity:
            new["severity"] = severity
        for i, c in enumerate(conds):
            if c.get("type") == ctype:
                same = all(c.get(k, "") == new.get(k, "") for k in ("status", "reason", "message", "severity"))
                if same:
                    return
                new["lastTransitionTime"] = rfc3339(self.clock())
                conds[i] = new
                break
        else:
            new["lastTransitionTime"] = rfc3339(self.clock())
            conds.append(new)
        conds.sort(key=lambda c: c.get("type", ""))

    def clear(self, ctype: str) -> None:
        conds = self.conditions()
        conds[:] = [c for c in conds if c.get("type") != ctype]

    def initialize(self) -> None:
        happy = self.get(self.cs.happy)
        if happy is None:
            self.set({"type": self.cs.happy, "status": UNKNOWN})
            happy = self.get(self.cs.happy)
        status = TRUE if happy and happy.get("status") == TRUE else UNKNOWN
        for d in self.cs.dependents:
            if self.get(d) is None:
                self.set({"type": d, "status": status})

    def _first_unhappy_dependent(self) -> dict[str, Any] | None:
        # Knative walks conditions sorted by type and prefers False over Unknown.
        deps = [self.get(d) for d in sorted(self.cs.dependents)]
        for c in deps:
            if c is not None and c.get("status") == FALSE:
                return c
        for c in deps:
            if c is None or c.get("status") != TRUE:
                return c if c is not None else {"status": UNKNOWN}
        return None

    def mark_true(self, ctype: str, reason: str = "", message: str = "") -> None:
        self.set({"type": ctype, "status": TRUE, "reason": reason, "message": message})
        if ctype == self.cs.happy:
            return
        if ctype not in self.cs.dependents:
            return
        unhappy = self._first_unhappy_dependent()
        if unhappy is None:
            self.set({"type": self.cs.happy, "status": TRUE})
        else:
            self.set({"type": self.cs.happy, "status": unhappy.get("status", UNKNOWN),
                      "reason": unhappy.get("reason", ""), "message": unhappy.get("message", "")})

    def mark_unknown(self, ctype: str, reason: str, message: str) -> None:
        self.set({"type": ctype, "status": UNKNOWN, "reason": reason, "message": message})
        if ctype == self.cs.happy or ctype not in self.cs.dependents:
            return
        for d in self.cs.dependents:
            c = self.get(d)
            if c is not None and c.get("status") == FALSE:
                happy = self.get(self.cs.happy)
                if happy is None or happy.get("status") != FALSE:
                    self.set({"type": self.cs.happy, "status": FALSE, "reason": reason, "message": message})
                return
        self.set({"type": self.cs.happy, "status": UNKNOWN, "reason": reason, "message": message})

    def mark_false(self, ctype: str, reason: str, message: str) -> None:
        self.set({"type": ctype, "status": FALSE, "reason": reason, "message": message})
        if ctype in self.cs.dependents:
            self.set({"type": self.cs.happy, "status": FALSE, "reason": reason, "message": message})
